"""Groups of radio options (the responsible's cargo, the request type, the scenario, Procesos'
answer): built alike, cleared alike, and entered by Tab on the chosen one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QButtonGroup, QRadioButton

K = TypeVar("K")


def option_buttons(options: Iterable[tuple[K, str, str]], parent: QObject
                   ) -> tuple[QButtonGroup, dict[K, QRadioButton]]:
    """One exclusive group of (key, label, tooltip) options, and its buttons by key."""
    group = QButtonGroup(parent)
    buttons: dict[K, QRadioButton] = {}
    for key, label, tip in options:
        button = QRadioButton(label)
        button.setToolTip(tip)
        group.addButton(button)
        buttons[key] = button
    return group, buttons


def uncheck_all(group: QButtonGroup) -> None:
    """An exclusive group admits no empty choice unless told so for a moment."""
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)


def tab_stop(group: QButtonGroup) -> None:
    """Tab enters a group of options on its chosen one, or on the first when none is chosen;
    arrows move inside (Qt otherwise keeps the Tab stop on the last one focused)."""
    buttons = group.buttons()
    target = group.checkedButton() or (buttons[0] if buttons else None)
    for button in buttons:
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is target
                              else Qt.FocusPolicy.ClickFocus)
