"""Shared mode's start: the person's login and password on a server that asks for them.

In shared mode the identity dialog's role, unit and name are not asked: they come with the
login, from the server (services/identity.server_identity). So this dialog takes the place of
the identity dialog: the user and the password, checked against the server before the
window opens, with the server's refusal said under the fields and the password emptied.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from swat_desktop.gui.widgets import error_label, notice, ok_cancel, open_at
from swat_desktop.services import shared_login


class ServerLoginDialog(QDialog):
    """Asks until the server accepts a login (``url`` then opens the store as the person)
    or the person gives up."""

    def __init__(self, database_url: str | None, default_file: Path, login: str,
                 shown_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database_url = database_url
        self._default_file = default_file
        self.url: str | None = None
        self.setWindowTitle("Iniciar sesión en el servidor")
        self.setModal(True)
        title = QLabel("Inicie sesión")
        title.setObjectName("titleLabel")
        intro = QLabel(f"La base {shown_name} es compartida: entre con su usuario y su clave "
                       "del servidor. Su nombre, su rol y su unidad vienen con su usuario.")
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.login_edit = QLineEdit(login)
        self.login_edit.setMaxLength(40)
        self.login_edit.setPlaceholderText("p. ej. jquispe")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        fields = QFormLayout()
        fields.addRow("&Usuario", self.login_edit)
        fields.addRow("&Clave", self.password_edit)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(fields)
        layout.addWidget(self.error)
        layout.addWidget(notice("Si olvidó su clave, la cambia el administrador de la base."))
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, "Entrar"))
        open_at(self, 480)
        (self.password_edit if login else self.login_edit).setFocus()

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.error.setText(text)
        self.error.show()
        field.setFocus()

    def accept(self) -> None:
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        if not login:
            self._refuse("Escriba su usuario.", self.login_edit)
            return
        if not password:
            self._refuse("Escriba su clave.", self.password_edit)
            return
        url = shared_login.login_url(self._database_url, self._default_file, login, password)
        refused = shared_login.login_refusal(url, self._default_file)
        if refused is not None:
            self.password_edit.clear()
            self._refuse(refused, self.password_edit)
            return
        self.url = url
        super().accept()
