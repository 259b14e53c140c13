"""The first-run identity dialog, driven with the keyboard and mouse through qtbot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.gui.identity_dialog import IdentityDialog
from swat_desktop.services import audit, identity
from swat_desktop.services.store import Database


def _dialog(qtbot: QtBot, db: Database, current: UserProfile | None = None) -> IdentityDialog:
    dialog = IdentityDialog(db, current=current)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _ok(dialog: IdentityDialog) -> None:
    button = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert button.text() == "Continuar"
    button.click()


def test_first_run_creates_the_profile(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    assert not dialog.profile_combo.isVisible()  # nobody to choose yet
    # QTest types ASCII only; the accented letter goes in as an input method would put it.
    qtbot.keyClicks(dialog.full_name_edit, "Jos")
    dialog.full_name_edit.insert("é")
    qtbot.keyClicks(dialog.full_name_edit, " Quispe")
    qtbot.keyClicks(dialog.login_edit, "JQuispe")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.SUPERVISOR_CAC.value))
    assert dialog.unit_label.text() == "&Punto de atención"
    qtbot.keyClicks(dialog.unit_combo, "CAC Chiclayo Centro")  # not a shipped point
    _ok(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.profile == identity.find_user(db, "jquispe")
    assert dialog.profile is not None
    assert dialog.profile.unit == "CAC Chiclayo Centro"
    assert dialog.profile.full_name == "José Quispe"
    assert [(e.entity, e.action) for e in audit.recent_entries(db)] == [
        ("attention_point", "crear"), ("user", "crear")]


def test_errors_are_shown_next_to_each_field_and_nothing_is_saved(
    qtbot: QtBot, db: Database
) -> None:
    dialog = _dialog(qtbot, db)
    qtbot.keyClicks(dialog.login_edit, "con espacio")
    _ok(dialog)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.full_name_error.text() == "Escriba su nombre completo."
    assert dialog.login_error.text().startswith("El usuario debe tener de 3 a 40 caracteres")
    assert dialog.role_error.text() == "Elija su rol."
    assert dialog.full_name_error.isVisible()
    assert dialog.full_name_edit.property("invalid") is True
    assert dialog.focusWidget() is dialog.full_name_edit  # the first wrong field
    assert identity.list_users(db) == []
    assert audit.recent_entries(db) == []

    qtbot.keyClicks(dialog.full_name_edit, "Ana Torres")
    dialog.login_edit.clear()
    qtbot.keyClicks(dialog.login_edit, "atorres")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.PROCESOS.value))
    assert dialog.unit_label.text() == "Ár&ea (opcional)"
    _ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.full_name_error.isVisible()


def _tab_chain(start: QWidget, stop: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start``, as Qt's focus chain orders them."""
    chain, widget = [], start.nextInFocusChain()
    while widget is not start and widget is not stop:
        if widget.isVisible() and widget.isEnabled() and (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ) and widget.focusProxy() is None:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def test_tab_walks_the_fields_in_reading_order(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    ok = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    chain = _tab_chain(dialog.full_name_edit, ok)
    unit_edit = dialog.unit_combo.lineEdit()
    assert chain in (
        [dialog.login_edit, dialog.role_combo, dialog.unit_combo],
        [dialog.login_edit, dialog.role_combo, unit_edit],
    )


def test_switching_to_a_known_profile_fills_and_locks_the_login(
    qtbot: QtBot, db: Database, agent: UserProfile
) -> None:
    other = identity.save_profile(
        db, ProfileInput("jquispe", "José Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro")
    )
    dialog = _dialog(qtbot, db, current=agent)
    assert dialog.windowTitle() == "Cambiar de usuario"
    assert dialog.chosen_profile() == agent
    assert dialog.login_edit.text() == "mrojas"
    assert dialog.login_edit.isReadOnly()

    dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData(other.id))
    assert dialog.full_name_edit.text() == "José Quispe"
    assert dialog.selected_role() is Role.SUPERVISOR_CAC
    assert dialog.unit_combo.currentText() == "CAC San Isidro"
    _ok(dialog)
    assert dialog.profile == other
    assert len(audit.recent_entries(db)) == 2  # two profiles, the point ships; choosing: none

    new = _dialog(qtbot, db, current=agent)
    new.profile_combo.setCurrentIndex(0)
    assert new.login_edit.text() == ""
    assert not new.login_edit.isReadOnly()
    qtbot.keyClicks(new.full_name_edit, "Otra Persona")
    qtbot.keyClicks(new.login_edit, "mrojas")  # somebody else's login
    new.role_combo.setCurrentIndex(new.role_combo.findData(Role.PROCESOS.value))
    _ok(new)
    assert new.result() != QDialog.DialogCode.Accepted
    assert new.login_error.text().startswith("Ya existe un perfil con el usuario «mrojas»")
    assert identity.find_user(db, "mrojas") == agent
