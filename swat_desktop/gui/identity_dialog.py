"""First-run and "Cambiar de usuario" dialog: who is working, in which role and unit."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QWidget

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UnitKind, UserProfile
from swat_desktop.gui.forms.ui_identity_dialog import Ui_IdentityDialog
from swat_desktop.gui.widgets import open_at
from swat_desktop.services import identity
from swat_desktop.services.store import Database

NEW_PROFILE = "Nuevo perfil…"
NEW_PROFILE_ID = 0
# Alt+letter for the unit field: an unaccented letter no other label of the dialog uses.
_MNEMONIC_LABELS = {
    UnitKind.CELULA: "Cé&lula",
    UnitKind.ATTENTION_POINT: "&Punto de atención",
    UnitKind.NONE: "Ár&ea",
}


class IdentityDialog(QDialog):
    def __init__(
        self, db: Database, current: UserProfile | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.profile: UserProfile | None = None
        self.ui = Ui_IdentityDialog()
        self.ui.setupUi(self)
        open_at(self, self.width())  # the form's size, within a laptop's screen
        # No mnemonics on the buttons: Enter and Esc are theirs, and Alt+letters go to fields.
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("Continuar")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        self._errors: dict[str, tuple[QLabel, QWidget]] = {
            "full_name": (self.ui.fullNameError, self.ui.fullNameEdit),
            "login": (self.ui.loginError, self.ui.loginEdit),
            "role": (self.ui.roleError, self.ui.roleCombo),
            "unit": (self.ui.unitError, self.ui.unitCombo),
        }
        for label, _field in self._errors.values():
            label.setProperty("role", "fieldError")
            label.hide()

        self.ui.roleCombo.setPlaceholderText("Elija su rol…")
        for role in Role:
            self.ui.roleCombo.addItem(role.label, role.value)
        self.ui.roleCombo.setCurrentIndex(-1)

        # Items carry the profile id: Qt compares Python objects by identity, not equality.
        self.users = {user.id: user for user in identity.list_users(db)}
        self.ui.profileCombo.addItem(NEW_PROFILE, NEW_PROFILE_ID)
        for user in self.users.values():
            self.ui.profileCombo.addItem(f"{user.display} · {user.role.label}", user.id)
        has_profiles = bool(self.users)
        self.ui.profileLabel.setVisible(has_profiles)
        self.ui.profileCombo.setVisible(has_profiles)
        self.ui.introLabel.setText(self.ui.introLabel.text() + (
            " Elija su perfil en la lista o cree uno nuevo." if has_profiles
            else " Complete sus datos para empezar."))

        self.ui.profileCombo.currentIndexChanged.connect(self._profile_chosen)
        self.ui.roleCombo.currentIndexChanged.connect(self._role_chosen)
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._role_chosen()
        if current is not None:
            self.ui.profileCombo.setCurrentIndex(
                max(self.ui.profileCombo.findData(current.id), 0)
            )
            self.setWindowTitle("Cambiar de usuario")
        self.ui.fullNameEdit.setFocus()

    def chosen_profile(self) -> UserProfile | None:
        return self.users.get(self.ui.profileCombo.currentData())

    def selected_role(self) -> Role | None:
        # Qt hands a StrEnum back as its plain string value.
        value = self.ui.roleCombo.currentData()
        return Role(value) if value else None

    def _profile_chosen(self) -> None:
        user = self.chosen_profile()
        self.ui.fullNameEdit.setText(user.full_name if user else "")
        self.ui.loginEdit.setText(user.login if user else "")
        # An existing profile is identified by its login: editing it would create another.
        self.ui.loginEdit.setReadOnly(user is not None)
        role_index = self.ui.roleCombo.findData(user.role.value) if user else -1
        self.ui.roleCombo.setCurrentIndex(role_index)
        self.ui.unitCombo.setCurrentText(user.unit if user else "")
        self._clear_errors()

    def _role_chosen(self) -> None:
        role = self.selected_role()
        kind = role.unit_kind if role else UnitKind.CELULA
        optional = " (opcional)" if kind is UnitKind.NONE else ""
        self.ui.unitLabel.setText(f"{_MNEMONIC_LABELS[kind]}{optional}")
        typed = self.ui.unitCombo.currentText()
        self.ui.unitCombo.clear()
        self.ui.unitCombo.addItems(identity.unit_suggestions(self.db, kind))
        self.ui.unitCombo.setCurrentText(typed)
        placeholder = {
            UnitKind.CELULA: "p. ej. Célula Soporte Bogotá",
            UnitKind.ATTENTION_POINT: "p. ej. CAC San Isidro",
            UnitKind.NONE: "p. ej. Procesos Lima",
        }[kind]
        self.ui.unitCombo.lineEdit().setPlaceholderText(placeholder)

    def _input(self) -> ProfileInput:
        return ProfileInput(
            login=self.ui.loginEdit.text(),
            full_name=self.ui.fullNameEdit.text(),
            role=self.selected_role(),
            unit=self.ui.unitCombo.currentText(),
        )

    def _clear_errors(self) -> None:
        for label, field in self._errors.values():
            label.clear()
            label.hide()
            _set_invalid(field, False)

    def _show_errors(self, errors: dict[str, str]) -> None:
        self._clear_errors()
        first: QWidget | None = None
        for name, (label, field) in self._errors.items():
            if name in errors:
                label.setText(errors[name])
                label.show()
                _set_invalid(field, True)
                if first is None:
                    first = field
        if first is not None:
            first.setFocus()

    def accept(self) -> None:
        try:
            self.profile = identity.save_profile(
                self.db, self._input(), new=self.chosen_profile() is None
            )
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        super().accept()


def _set_invalid(field: QWidget, invalid: bool) -> None:
    field.setProperty("invalid", invalid)
    target = field.lineEdit() if isinstance(field, QComboBox) and field.isEditable() else field
    for widget in {field, target}:
        if widget is not None:
            widget.style().unpolish(widget)
            widget.style().polish(widget)
