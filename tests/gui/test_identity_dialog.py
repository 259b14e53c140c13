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
    button = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    assert button.text() == "Continuar"
    button.click()


def test_first_run_creates_the_profile(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    assert not dialog.ui.profileCombo.isVisible()  # nobody to choose yet
    # QTest types ASCII only; the accented letter goes in as an input method would put it.
    qtbot.keyClicks(dialog.ui.fullNameEdit, "Jos")
    dialog.ui.fullNameEdit.insert("é")
    qtbot.keyClicks(dialog.ui.fullNameEdit, " Quispe")
    qtbot.keyClicks(dialog.ui.loginEdit, "JQuispe")
    dialog.ui.roleCombo.setCurrentIndex(dialog.ui.roleCombo.findData(Role.SUPERVISOR_CAC.value))
    assert dialog.ui.unitLabel.text() == "&Punto de atención"
    qtbot.keyClicks(dialog.ui.unitCombo, "CAC Chiclayo Centro")  # not a shipped point
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
    qtbot.keyClicks(dialog.ui.loginEdit, "con espacio")
    _ok(dialog)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.ui.fullNameError.text() == "Escriba su nombre completo."
    assert dialog.ui.loginError.text().startswith("El usuario debe tener de 3 a 40 caracteres")
    assert dialog.ui.roleError.text() == "Elija su rol."
    assert dialog.ui.fullNameError.isVisible()
    assert dialog.ui.fullNameEdit.property("invalid") is True
    assert dialog.focusWidget() is dialog.ui.fullNameEdit  # the first wrong field
    assert identity.list_users(db) == []
    assert audit.recent_entries(db) == []

    qtbot.keyClicks(dialog.ui.fullNameEdit, "Ana Torres")
    dialog.ui.loginEdit.clear()
    qtbot.keyClicks(dialog.ui.loginEdit, "atorres")
    dialog.ui.roleCombo.setCurrentIndex(dialog.ui.roleCombo.findData(Role.PROCESOS.value))
    assert dialog.ui.unitLabel.text() == "Ár&ea (opcional)"
    _ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.ui.fullNameError.isVisible()


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
    ui = dialog.ui
    chain = _tab_chain(ui.fullNameEdit, ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok))
    unit_edit = ui.unitCombo.lineEdit()
    assert chain in (
        [ui.loginEdit, ui.roleCombo, ui.unitCombo],
        [ui.loginEdit, ui.roleCombo, unit_edit],
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
    assert dialog.ui.loginEdit.text() == "mrojas"
    assert dialog.ui.loginEdit.isReadOnly()

    dialog.ui.profileCombo.setCurrentIndex(dialog.ui.profileCombo.findData(other.id))
    assert dialog.ui.fullNameEdit.text() == "José Quispe"
    assert dialog.selected_role() is Role.SUPERVISOR_CAC
    assert dialog.ui.unitCombo.currentText() == "CAC San Isidro"
    _ok(dialog)
    assert dialog.profile == other
    assert len(audit.recent_entries(db)) == 2  # two profiles, the point ships; choosing: none

    new = _dialog(qtbot, db, current=agent)
    new.ui.profileCombo.setCurrentIndex(0)
    assert new.ui.loginEdit.text() == ""
    assert not new.ui.loginEdit.isReadOnly()
    qtbot.keyClicks(new.ui.fullNameEdit, "Otra Persona")
    qtbot.keyClicks(new.ui.loginEdit, "mrojas")  # somebody else's login
    new.ui.roleCombo.setCurrentIndex(new.ui.roleCombo.findData(Role.PROCESOS.value))
    _ok(new)
    assert new.result() != QDialog.DialogCode.Accepted
    assert new.ui.loginError.text().startswith("Ya existe un perfil con el usuario «mrojas»")
    assert identity.find_user(db, "mrojas") == agent
