"""One object that views listen to for changes, so they never reach into each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class SignalHub(QObject):
    user_changed = Signal(object)  # the new UserProfile
    audit_changed = Signal()
