"""The one object views listen to, so that no view reaches into another and no parent relays
to its children (the habit of Anki's operations: every write announces what it changed, and
each view decides whether that concerns what it shows).

- ``changed`` carries a frozenset of ``Change``: what a write touched. Every write also
  writes audit rows, so ``announce`` always adds ``Change.AUDIT``.
- ``user_changed`` carries the new ``UserProfile``; ``hub.user`` is always the current one,
  so a view built late reads it instead of being handed it by a parent.
- ``status_message`` and ``file_written`` go to the window's status bar and file notice.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from swat_desktop.domain.identity import UserProfile


class Change(StrEnum):
    """What a write touched: the families of data views show."""

    BASES = "bases"            # imported bases, their annulment, causales
    CASES = "cases"            # verdicts and assignments of accounts
    CLAIMS = "claims"          # reclamaciones and their items
    FEEDBACK = "feedback"      # retroalimentación sessions and compromisos
    PRACTICES = "practices"    # management practices held by the leaders
    RECORDS = "records"        # Formato Manual records and drafts
    FLOW = "flow"              # closure, evaluation, regularization, regulator's report
    SETTINGS = "settings"      # catalogues, non-working days, point keys, parameters
    AUDIT = "audit"            # audit rows (every write)
    USER = "user"              # who is working


class SignalHub(QObject):
    changed = Signal(object)  # frozenset[Change]
    user_changed = Signal(object)  # the new UserProfile
    status_message = Signal(str)
    file_written = Signal(object)  # a gui.file_notice.WrittenFiles

    def __init__(self, user: UserProfile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.user = user

    def announce(self, *changes: Change) -> None:
        """Say, after a write has committed, what it changed."""
        self.changed.emit(frozenset({*changes, Change.AUDIT}))

    def switch_user(self, user: UserProfile) -> None:
        self.user = user
        self.user_changed.emit(user)
        self.announce(Change.USER)

    def say(self, text: str) -> None:
        self.status_message.emit(text)
