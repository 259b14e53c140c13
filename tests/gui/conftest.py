"""GUI tests run on the offscreen platform with the application's own style applied."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import UserProfile
from swat_desktop.gui.app import configure_application
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.signals import SignalHub
from swat_desktop.services import base_import
from swat_desktop.services.store import Database
from tests.backends import parametrize_marked_backends
from tests.fixtures.workbooks import write_xlsx

# Five accounts of two advisors, for the review tests: small enough to see each one.
ROWS = [
    [f"00{i}", datetime(2026, 11, 21, 8, i), f"ecm{i % 2}", ["Ana Ruiz", "Beto Díaz"][i % 2],
     "Lucía Peña", "Cali", f"nota {i}"]
    for i in range(1, 6)
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_marked_backends(metafunc)


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


CtxFactory = Callable[..., AppContext]


def context(db: Database, user: UserProfile, exports_dir: Path | None = None,
            folder: Path | None = None) -> AppContext:
    """What the window hands its pages, over the test store: a hub of its own and, with a
    ``folder``, the settings and keys in it."""
    return AppContext(db, SignalHub(user), exports_dir=exports_dir,
                      settings_file=folder / "local.json" if folder else None,
                      keys_dir=folder / "keys" if folder else None)


@pytest.fixture
def make_ctx(db: Database, tmp_path: Path) -> CtxFactory:
    """``make_ctx(user)``: ``context`` over the test store, the folders in the test's own
    temporary folder (``exports_dir=`` to choose another)."""

    def make(user: UserProfile, exports_dir: Path | None = None) -> AppContext:
        return context(db, user, exports_dir or tmp_path / "exports", tmp_path)

    return make


@pytest.fixture
def ctx(make_ctx: CtxFactory, agent: UserProfile) -> AppContext:
    """The context of the agent (tests/conftest.py's ``agent``)."""
    return make_ctx(agent)


def cell(table: QAbstractItemView, row: int, column: int,
         role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    """What a table's cell shows (or its ``role``), whatever fills it: a model or items."""
    return table.model().index(row, column).data(role)
