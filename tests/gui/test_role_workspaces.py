"""Issue 14: each role opens on its own workspace, and a role that may not save a Formato
Manual is never handed a blank one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity
from swat_desktop.services.store import Database
from tests.gui.conftest import show_active

UNITS = {Role.AGENTE_CELULA: "Célula Soporte Bogotá", Role.BACKOFFICE: "Célula Soporte Bogotá",
         Role.SUPERVISOR_CAC: "CAC San Isidro", Role.CONTROL_INFORMACION: "",
         Role.PROCESOS: ""}


def _person(db: Database, role: Role) -> UserProfile:
    return identity.save_profile(db, ProfileInput(
        f"u_{role.value}", f"Persona {role.label}", role, UNITS[role]))


def _window(qtbot: QtBot, db: Database, user: UserProfile, paths: AppPaths) -> MainWindow:
    window = MainWindow(db, user, paths.local_settings_file, paths.log_file,
                        exports_dir=paths.exports_dir)
    show_active(qtbot, window)
    return window


@pytest.mark.parametrize(("role", "home"), [
    (Role.AGENTE_CELULA, "Mal escalados"), (Role.BACKOFFICE, "Mal escalados"),
    (Role.SUPERVISOR_CAC, "Inoperatividad"), (Role.CONTROL_INFORMACION, "Inoperatividad"),
    (Role.PROCESOS, "Inoperatividad"),
])
def test_each_role_opens_on_its_own_workspace(
        qtbot: QtBot, db: Database, paths: AppPaths, role: Role, home: str) -> None:
    window = _window(qtbot, db, _person(db, role), paths)
    assert window.tabs.tabText(window.tabs.currentIndex()) == home


def test_a_supervisor_gets_the_form_and_an_agent_a_note_instead(
        qtbot: QtBot, db: Database, paths: AppPaths) -> None:
    supervisor = _window(qtbot, db, _person(db, Role.SUPERVISOR_CAC), paths).inoperatividad
    assert supervisor.pages.currentIndex() == 0  # the Formato Manual, ready to fill
    assert supervisor.new_button.isVisible()

    window = _window(qtbot, db, _person(db, Role.AGENTE_CELULA), paths)
    window.tabs.setCurrentWidget(window.inoperatividad_tab)
    workspace = window.inoperatividad
    qtbot.waitUntil(workspace.isVisible)
    assert workspace.pages.currentIndex() == 2
    assert not workspace.form.isVisible()
    assert workspace.no_form.isVisible()
    assert workspace.no_form.text().startswith(
        "Los registros de inoperatividad los hacen el responsable del punto de atención")
    assert not workspace.new_button.isVisible()
    qtbot.keyClick(workspace, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert workspace.pages.currentIndex() == 2  # Ctrl+N has no form to open either
    assert workspace.blank_button.isVisible()  # the paper form can still be printed


def test_switching_to_a_role_of_the_other_procedure_opens_its_workspace(
        qtbot: QtBot, db: Database, paths: AppPaths) -> None:
    window = _window(qtbot, db, _person(db, Role.AGENTE_CELULA), paths)
    assert window.tabs.currentWidget() is window.mal_escalados
    assert not window.pending_label.isHidden()  # the review's pending, beside the review
    window.hub.switch_user(_person(db, Role.SUPERVISOR_CAC))
    assert window.tabs.currentWidget() is window.inoperatividad_tab
    assert window.inoperatividad.pages.currentIndex() == 0
    assert window.pending_label.isHidden()  # not read as pending events
    window.hub.switch_user(_person(db, Role.BACKOFFICE))
    assert window.tabs.currentWidget() is window.mal_escalados
    assert not window.pending_label.isHidden()
    window.tabs.setCurrentWidget(window.inoperatividad_tab)
    assert window.inoperatividad.pages.currentIndex() == 2  # no form for the backoffice
