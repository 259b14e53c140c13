"""GUI tests run on the offscreen platform with the application's own style applied."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import UserProfile
from swat_desktop.gui.app import configure_application
from swat_desktop.services import base_import
from swat_desktop.services.store import Database
from tests.fixtures.workbooks import write_xlsx

# Five accounts of two advisors, for the review tests: small enough to see each one.
ROWS = [
    [f"00{i}", datetime(2026, 11, 21, 8, i), f"ecm{i % 2}", ["Ana Ruiz", "Beto Díaz"][i % 2],
     "Lucía Peña", "Cali", f"nota {i}"]
    for i in range(1, 6)
]


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


@pytest.fixture
def base(db: Database, agent: UserProfile, tmp_path: Path) -> Path:
    """The five ROWS imported by the agent as the base of 21/11/2026."""
    path = write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", ROWS)
    base_import.run_import(db, agent, base_import.analyze(db, path))
    return path
