"""How a view follows the hub: it reads again when a write announced a kind of data it shows,
at once if it is on screen, else the next time it is shown.

A hidden page (a section behind another tab) does not recompute a month of indicators for
every verdict saved in the review; it only remembers that what it shows is stale. With
``every_show`` it also reads again each time it comes back on screen, for what other people
wrote in a shared store meanwhile (nobody announces their writes on this computer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from swat_desktop.gui.signals import Change, SignalHub


class ChangeFollower(QObject):
    def __init__(self, view: QWidget, hub: SignalHub, kinds: Iterable[Change],
                 refresh: Callable[[], object], every_show: bool = False) -> None:
        super().__init__(view)
        self.view = view
        self.kinds = frozenset(kinds)
        self.refresh = refresh
        self.every_show = every_show
        self.stale = False
        self._shown_before = False
        hub.changed.connect(self._announced)
        view.installEventFilter(self)

    def _announced(self, changes: frozenset[Change]) -> None:
        if not self.kinds & changes:
            return
        if self.view.isVisible():
            self.stale = False
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show \
                and not event.spontaneous():
            again = self.every_show and self._shown_before
            self._shown_before = True
            if self.stale or again:
                self.stale = False
                self.refresh()
        return False


def follow(view: QWidget, hub: SignalHub, kinds: Iterable[Change],
           refresh: Callable[[], object], every_show: bool = False) -> ChangeFollower:
    """Make ``view`` call ``refresh`` for the announced ``kinds`` (see the module's note)."""
    return ChangeFollower(view, hub, kinds, refresh, every_show)
