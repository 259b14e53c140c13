"""First-run and "Cambiar de usuario" dialog: who is working, in which role and unit."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import MAX_NAME, ProfileInput, Role, UnitKind, UserProfile
from swat_desktop.gui.widgets import open_at
from swat_desktop.services import identity
from swat_desktop.services.store import StoreHandle

INTRO = "Su nombre y rol quedan registrados en cada cambio que haga (auditoría)."
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
        self, db: StoreHandle, current: UserProfile | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.profile: UserProfile | None = None
        self._build()
        open_at(self, 540)  # within a laptop's screen
        # No mnemonics on the buttons: Enter and Esc are theirs, and Alt+letters go to fields.
        self.button_box.button(QDialogButtonBox.StandardButton.Ok).setText("Continuar")
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        self._errors: dict[str, tuple[QLabel, QWidget]] = {
            "full_name": (self.full_name_error, self.full_name_edit),
            "login": (self.login_error, self.login_edit),
            "role": (self.role_error, self.role_combo),
            "unit": (self.unit_error, self.unit_combo),
        }
        for label, _field in self._errors.values():
            label.setProperty("role", "fieldError")
            label.hide()

        self.role_combo.setPlaceholderText("Elija su rol…")
        for role in Role:
            self.role_combo.addItem(role.label, role.value)
        self.role_combo.setCurrentIndex(-1)

        # Items carry the profile id: Qt compares Python objects by identity, not equality.
        self.users = {user.id: user for user in identity.list_users(db)}
        self.profile_combo.addItem(NEW_PROFILE, NEW_PROFILE_ID)
        for user in self.users.values():
            self.profile_combo.addItem(f"{user.display} · {user.role.label}", user.id)
        has_profiles = bool(self.users)
        self.profile_label.setVisible(has_profiles)
        self.profile_combo.setVisible(has_profiles)
        self.intro_label.setText(INTRO + (
            " Elija su perfil en la lista o cree uno nuevo." if has_profiles
            else " Complete sus datos para empezar."))

        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        self.role_combo.currentIndexChanged.connect(self._role_chosen)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self._role_chosen()
        if current is not None:
            self.profile_combo.setCurrentIndex(
                max(self.profile_combo.findData(current.id), 0)
            )
            self.setWindowTitle("Cambiar de usuario")
        self.full_name_edit.setFocus()

    def _build(self) -> None:
        """The form: a profile list over name, login, role and unit, each with the line where
        its refusal is said, and the note that this is not a password."""
        self.setWindowTitle("¿Quién usa SWAT Desktop?")
        self.setModal(True)
        title = QLabel("Identifíquese")
        title.setObjectName("titleLabel")
        self.intro_label = QLabel(INTRO)
        self.intro_label.setWordWrap(True)
        self.profile_combo = QComboBox()
        self.full_name_edit = QLineEdit()
        self.full_name_edit.setMaxLength(MAX_NAME)
        self.full_name_edit.setPlaceholderText("p. ej. María Fernanda Rojas")
        self.login_edit = QLineEdit()
        self.login_edit.setMaxLength(40)
        self.login_edit.setPlaceholderText("p. ej. mrojas")
        self.role_combo = QComboBox()
        self.unit_combo = QComboBox()
        self.unit_combo.setEditable(True)
        self.unit_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.profile_label = QLabel("Perfil")
        self.unit_label = QLabel(_MNEMONIC_LABELS[UnitKind.CELULA])
        self.full_name_error, self.login_error = QLabel(), QLabel()
        self.role_error, self.unit_error = QLabel(), QLabel()
        fields = QGridLayout()
        fields.setHorizontalSpacing(12)
        fields.setVerticalSpacing(4)
        rows: list[tuple[QLabel, QWidget, QLabel | None]] = [
            (self.profile_label, self.profile_combo, None),
            (QLabel("&Nombre completo"), self.full_name_edit, self.full_name_error),
            (QLabel("&Usuario de red"), self.login_edit, self.login_error),
            (QLabel("&Rol"), self.role_combo, self.role_error),
            (self.unit_label, self.unit_combo, self.unit_error),
        ]
        for index, (label, field, error) in enumerate(rows):
            label.setBuddy(field)
            fields.addWidget(label, 2 * index, 0)
            fields.addWidget(field, 2 * index, 1)
            if error is not None:
                error.setWordWrap(True)
                fields.addWidget(error, 2 * index + 1, 1)
        notice = QLabel("Este registro identifica a quien trabaja; no reemplaza una contraseña.")
        notice.setWordWrap(True)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                           | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.setContentsMargins(24, 20, 24, 18)
        for widget in (title, self.intro_label):
            layout.addWidget(widget)
        layout.addLayout(fields)
        layout.addWidget(notice)
        layout.addStretch(1)
        layout.addWidget(self.button_box)
        for first, second in pairwise(rows):
            QWidget.setTabOrder(first[1], second[1])

    def chosen_profile(self) -> UserProfile | None:
        return self.users.get(self.profile_combo.currentData())

    def selected_role(self) -> Role | None:
        # Qt hands a StrEnum back as its plain string value.
        value = self.role_combo.currentData()
        return Role(value) if value else None

    def _profile_chosen(self) -> None:
        user = self.chosen_profile()
        self.full_name_edit.setText(user.full_name if user else "")
        self.login_edit.setText(user.login if user else "")
        # An existing profile is identified by its login: editing it would create another.
        self.login_edit.setReadOnly(user is not None)
        role_index = self.role_combo.findData(user.role.value) if user else -1
        self.role_combo.setCurrentIndex(role_index)
        self.unit_combo.setCurrentText(user.unit if user else "")
        self._clear_errors()

    def _role_chosen(self) -> None:
        role = self.selected_role()
        kind = role.unit_kind if role else UnitKind.CELULA
        optional = " (opcional)" if kind is UnitKind.NONE else ""
        self.unit_label.setText(f"{_MNEMONIC_LABELS[kind]}{optional}")
        typed = self.unit_combo.currentText()
        self.unit_combo.clear()
        self.unit_combo.addItems(identity.unit_suggestions(self.db, kind))
        self.unit_combo.setCurrentText(typed)
        placeholder = {
            UnitKind.CELULA: "p. ej. Célula Soporte Bogotá",
            UnitKind.ATTENTION_POINT: "p. ej. CAC San Isidro",
            UnitKind.NONE: "p. ej. Procesos Lima",
        }[kind]
        self.unit_combo.lineEdit().setPlaceholderText(placeholder)

    def _input(self) -> ProfileInput:
        return ProfileInput(
            login=self.login_edit.text(),
            full_name=self.full_name_edit.text(),
            role=self.selected_role(),
            unit=self.unit_combo.currentText(),
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
