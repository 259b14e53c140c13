"""GUI tests run on the offscreen platform with the application's own style applied."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from swat_desktop.gui.app import configure_application


@pytest.fixture(autouse=True)
def styled_app(qapp: QApplication) -> QApplication:
    configure_application(qapp)
    return qapp


def show_active(qtbot: QtBot, window: QWidget) -> None:
    """Show and activate a window: keyboard shortcuts only reach the active window, and the
    offscreen platform activates nothing by itself."""
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
