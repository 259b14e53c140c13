"""GUI tests run on the offscreen platform with the application's own style applied."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from swat_desktop.gui.app import configure_application


@pytest.fixture(autouse=True)
def styled_app(qapp: QApplication) -> QApplication:
    configure_application(qapp)
    return qapp
