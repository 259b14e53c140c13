"""The main window: workspaces, status bar, menus, switching user and the audit view."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from swat_desktop import __version__
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.gui.audit_view import AuditDialog, audit_columns
from swat_desktop.gui.identity_dialog import IdentityDialog
from swat_desktop.gui.main_window import AboutDialog, MainWindow
from swat_desktop.gui.rows_model import RowsModel
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity
from swat_desktop.services.store import Database
from tests.gui.conftest import show_active


@pytest.fixture
def window(qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths) -> MainWindow:
    main = MainWindow(db, agent, paths.local_settings_file, paths.log_file)
    show_active(qtbot, main)
    return main


def _open_dialog(qtbot: QtBot, kind: type) -> object:
    found: list[object] = []

    def shown() -> None:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                    and w.isVisible()]
        assert found

    qtbot.waitUntil(shown)
    return found[-1]


def test_status_bar_shows_the_database_user_and_role(window: MainWindow, db: Database) -> None:
    assert window.database_label.text() == f"Base de datos: {db.sqlite_path}"
    assert window.user_label.text() == (
        "Usuario: María Fernanda Rojas (mrojas) · Agente de célula · Célula Soporte Bogotá"
    )
    assert window.database_label.isVisible()
    assert window.user_label.isVisible()


def test_both_workspaces_are_reachable_from_tabs_and_the_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Mal escalados", "Inoperatividad"]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget().objectName() == "workspace_inoperatividad"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget().objectName() == "workspace_mal_escalados"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Archivo", "&Ver", "A&yuda"]


def test_switching_user_updates_the_status_bar_and_is_remembered(
    qtbot: QtBot, window: MainWindow, db: Database, paths: AppPaths
) -> None:
    other = identity.save_profile(
        db, ProfileInput("jquispe", "José Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro")
    )
    window.switch_user_action.trigger()
    dialog = _open_dialog(qtbot, IdentityDialog)
    assert isinstance(dialog, IdentityDialog)
    dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData(other.id))
    dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).click()

    assert window.user == other
    assert window.user_label.text() == (
        "Usuario: José Quispe (jquispe) · Supervisor CAC · CAC San Isidro")
    saved = json.loads(paths.local_settings_file.read_text(encoding="utf-8"))
    assert saved == {"current_login": "jquispe"}
    assert identity.current_user(db, paths.local_settings_file) == other


def test_about_shows_the_version(qtbot: QtBot, window: MainWindow) -> None:
    window.about_action.trigger()
    about = _open_dialog(qtbot, AboutDialog)
    assert isinstance(about, AboutDialog)
    assert about.windowTitle() == "Acerca de SWAT Desktop"
    texts = " ".join(label.text() for label in about.findChildren(type(window.user_label)))
    assert f"SWAT Desktop {__version__}" in texts
    about.close()


def test_the_audit_view_lists_changes_most_recent_first(
    qtbot: QtBot, window: MainWindow, db: Database, agent: UserProfile
) -> None:
    identity.save_profile(db, ProfileInput(agent.login, agent.full_name, Role.BACKOFFICE,
                                           agent.unit), new=False)
    window.audit_action.trigger()
    dialog = _open_dialog(qtbot, AuditDialog)
    assert isinstance(dialog, AuditDialog)
    model = dialog.model
    assert model.rowCount() == 2
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1:] == ["María Fernanda Rojas (mrojas)", "Usuario", str(agent.id), "Modificación",
                       "Rol: Agente de célula → Backoffice"]
    assert row[0].count("/") == 2  # dd/mm/yyyy HH:MM
    assert dialog.summary.text().startswith("Últimos 2 cambios")
    dialog.close()


def test_model_data_does_not_leak_references_to_none(db: Database, agent: UserProfile) -> None:
    """PySide6 6.12.0 dropped a reference to None per None returned to Qt (none_dealloc)."""
    from swat_desktop.services import audit

    model = RowsModel(audit_columns(agent.role.zone))
    model.set_rows(audit.recent_entries(db))
    index = model.index(0, 0)
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is None
    invalid = QModelIndex()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)  # None through Qt
        model.headerData(0, Qt.Orientation.Vertical)
        model.data(invalid)
    assert sys.getrefcount(None) >= before


def test_the_window_renders(window: MainWindow) -> None:
    image = window.grab().toImage()
    assert image.width() >= 820
    assert image.height() >= 560
    assert len({image.pixel(x, 40) for x in range(0, image.width(), 7)}) > 3  # not blank
