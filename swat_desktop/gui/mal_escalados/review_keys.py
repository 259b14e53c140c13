"""The review's keyboard: number and letter keys pick causales, P/N the procedencia, E/F the
motivo, Enter saves and moves to the next pending account, Alt+↑/↓ move, Esc discards.

Text fields keep their keys: while one has the keyboard, a letter is typed, Enter and Esc hand
the keyboard back to the list. Out of the page, which then holds only what the keys do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from swat_desktop.domain.mal_escalados import ProcedeMotivo, Procedencia
from swat_desktop.gui.mal_escalados.verdict_editor import CAUSAL_KEYS, VerdictEditor


def typing() -> bool:
    """True while the keyboard belongs to a text field, a list or a spin box."""
    focus = QApplication.focusWidget()
    return isinstance(focus, QLineEdit | QComboBox | QAbstractSpinBox | QPlainTextEdit)


def _unless_typing(action: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        if not typing():
            action()
    return run


class ReviewKeys:
    """Installs the shortcuts on ``page``; ``save_and_next``, ``move`` and ``discard`` are the
    page's own actions."""

    def __init__(self, page: QWidget, editor: VerdictEditor, table: QTableView,
                 save_and_next: Callable[[], object], move: Callable[[int], object],
                 discard: Callable[[], object]) -> None:
        self.page = page
        self.table = table
        self.save_and_next = save_and_next
        self.discard = discard
        for position, key in enumerate(CAUSAL_KEYS):
            self._key(key, _unless_typing(lambda p=position: editor.toggle_causal(p)))
        for key, action in (
            ("P", lambda: editor.set_procedencia(Procedencia.PROCEDE)),
            ("N", lambda: editor.set_procedencia(Procedencia.NO_PROCEDE)),
            ("E", lambda: editor.set_motivo(ProcedeMotivo.PROCEDIMIENTO)),
            ("F", lambda: editor.set_motivo(ProcedeMotivo.FALTA_INFORMACION)),
            ("O", editor.observaciones.setFocus),
        ):
            self._key(key, _unless_typing(action))
        self._key(["Return", "Enter"], self._enter)
        self._key(["Ctrl+Return", "Ctrl+Enter"], save_and_next)
        self._key("Alt+Down", lambda: move(1))
        self._key("Alt+Up", lambda: move(-1))
        self._key("Escape", self._escape)

    def _key(self, keys: str | list[str], slot: Callable[[], object]) -> QAction:
        action = QAction(self.page)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str)
                                                       else keys)])
        # Window-wide: a hidden tab's actions never fire, and text fields keep their keys.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.page.addAction(action)
        return action

    def _enter(self) -> None:
        """Enter saves from the table and the verdict; in a filter it hands over to the table."""
        if typing():
            self.table.setFocus()
            return
        self.save_and_next()

    def _escape(self) -> None:
        """Esc leaves a text field first; only from outside one does it discard the edits."""
        if typing():
            self.table.setFocus()
            return
        self.discard()
