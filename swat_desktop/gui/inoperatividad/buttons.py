"""The workspace's buttons: never a dialog's default by accident, and with shortcuts that work
wherever the keyboard is in the workspace (a pane's button is reached from the list too)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def push_button(text: str, tip: str, slot: Callable[[], object] | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setToolTip(tip)
    if slot is not None:
        button.clicked.connect(lambda: slot())
    return button


def add_shortcut(owner: QWidget, button: QPushButton, key: str) -> None:
    """``key`` clicks ``button`` while the keyboard is anywhere in ``owner`` and the button is
    on screen; its tooltip says the key."""
    action = QAction(owner)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda: button.isVisible() and button.click())
    owner.addAction(action)
    native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    button.setToolTip(f"{button.toolTip()} ({native})")


def beside(explanation: QLabel, button: QPushButton) -> QHBoxLayout:
    """An explanation and the button it explains, the button level with its first line."""
    row = QHBoxLayout()
    row.addWidget(explanation, 1)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    return row
