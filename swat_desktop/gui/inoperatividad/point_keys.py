"""The keys that sign event packages, on both sides of the exchange.

At a point: the fingerprint of this computer's key for the point, to read out to Control e
Información. At Control e Información: the keys registered per point, and the dialog that
registers the key of a package once the person confirms that the fingerprint it shows is the
one the point read out — trusting a key is a decision, never a side effect of an import.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.inoperatividad.buttons import beside, push_button
from swat_desktop.gui.operations import Done, Operation
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import error_label, notice, ok_cancel, open_at, read_only_table, say
from swat_desktop.services import package_keys
from swat_desktop.services.exchange import PackageError
from swat_desktop.services.package_keys import PackageKeyError, PackageSigner, RegisteredKey

FILTER = "Paquete de eventos (*.swatpkg);;Todos los archivos (*)"


def own_key_text(keys_dir: Path, point_code: str) -> str:
    """The point's side: what to read out to Control e Información."""
    try:
        found = package_keys.local_fingerprint(keys_dir, point_code)
    except PackageKeyError as exc:
        return str(exc)
    if found is None:
        return ("La clave de firma de este punto se crea al exportar el primer paquete; su "
                "huella aparecerá aquí para leérsela a Control e Información.")
    return (f"Huella de la clave de {point_code} en este equipo: {found}. Léasela a Control e "
            "Información cuando registre la clave del punto.")


class RegisterKeyDialog(QDialog):
    """Who signed the package, and the confirmation that the point read out this fingerprint."""

    def __init__(self, signer: PackageSigner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Registrar la clave de un punto")
        self.signer = signer
        title = QLabel(f"Clave que firmó el paquete de {signer.point_code}")
        title.setObjectName("cardTitle")
        self.fingerprint = QLabel(signer.fingerprint)
        self.fingerprint.setObjectName("fingerprintLabel")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 15px;")
        replacing = signer.registered
        explanation = notice(
            "Pida al punto que lea la huella de su clave (Paquetes, en su equipo, o "
            "«swat-desktop paquete huella») y compárela grupo por grupo con esta. Si no es "
            "idéntica, no la registre: el paquete no lo firmó ese punto."
            + (f"\n\nEl punto ya tiene registrada otra clave (huella {replacing.fingerprint}, "
               f"desde el {format_datetime(replacing.registered_at, LIMA)}): registrar esta la "
               "reemplaza, por ejemplo porque el punto cambió de computadora."
               if replacing else ""))
        self.confirmed = QCheckBox("El punto me leyó esta misma huella")
        buttons = ok_cancel(self, "&Reemplazar la clave" if replacing else "&Registrar la clave")
        accept = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert accept is not None
        self.accept_button = accept
        self.accept_button.setEnabled(False)
        self.confirmed.toggled.connect(self.accept_button.setEnabled)
        layout = QVBoxLayout(self)
        for widget in (title, self.fingerprint, explanation, self.confirmed):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        open_at(self, 520)


class PointKeysPanel(QWidget):
    """Control e Información's side: the registered keys and the registration; the table
    reads the keys again whenever the settings change (Change.SETTINGS)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Operation | None = None
        self.dialog: RegisterKeyDialog | None = None
        title = QLabel("Claves de los puntos")
        title.setObjectName("cardTitle")
        self.register_button = push_button("Registrar la &clave de un paquete…", "",
                                           self.choose_package)
        row = beside(notice(
            "Solo se importan los paquetes firmados por la clave registrada de su punto. La "
            "clave se registra una vez, comparando su huella con la que lee el punto."),
            self.register_button)
        self.table = read_only_table(QTableView(), "pointKeysTable")
        self.model: RowsModel[RegisteredKey] = RowsModel([
            Column("Punto", lambda k: k.point_code),
            Column("Huella", lambda k: k.fingerprint),
            Column("Registrada", lambda k: format_datetime(k.registered_at, LIMA)),
            Column("Por", lambda k: k.registered_by)], self.table)
        self.table.setModel(self.model)
        self.table.setMaximumHeight(150)
        self.message = notice()
        self.message.hide()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addWidget(title)
        layout.addLayout(row)
        for widget in (self.table, self.message, self.error):
            layout.addWidget(widget)
        follow(self, ctx.hub, (Change.SETTINGS,), self.reload)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(package_keys.registered_keys(self.ctx.store))

    def ask_package(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Paquete firmado por el punto", "", FILTER)
        return Path(chosen) if chosen else None

    def choose_package(self) -> Operation | None:
        path = self.ask_package()
        return self.read_signer(path) if path is not None else None

    def read_signer(self, path: Path) -> Operation:
        """The package is read and its signature checked off the GUI thread (it may be large
        or on a network folder); the dialog opens when that is done."""
        store = self.ctx.store
        operation = Operation(
            self.ctx.hub, lambda _p, _c: package_keys.package_signer(store, path),
            describe=lambda signer: Done(f"Paquete firmado por la clave de "
                                         f"{signer.point_code}."),
            failure="No se pudo leer el paquete", parent=self)
        operation.ended.connect(self._ended)
        operation.succeeded.connect(lambda signer: self.confirm(path, signer))
        operation.failed.connect(lambda text: self._say(text, error=True))
        self.task = operation
        self.register_button.setEnabled(False)
        return operation.start()

    def confirm(self, path: Path, signer: PackageSigner) -> None:
        if signer.registered is not None and signer.registered.fingerprint == signer.fingerprint:
            self._say(f"La clave de {signer.point_code} ya estaba registrada (huella "
                      f"{signer.fingerprint}).")
            return
        self.dialog = RegisterKeyDialog(signer, self)
        self.dialog.accepted.connect(lambda: self.register(path, signer))
        self.dialog.open()

    def register(self, path: Path, signer: PackageSigner) -> None:
        try:
            key = package_keys.register_key(self.ctx.store, self.ctx.user, path,
                                            signer.fingerprint,
                                            replace=signer.registered is not None)
        except (PackageError, OSError) as exc:
            self._say(str(exc), error=True)
            return
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), error=True)
            return
        self.ctx.hub.announce(Change.SETTINGS)  # the table reads the keys again
        text = f"Clave de {key.point_code} registrada (huella {key.fingerprint})."
        self._say(text)
        self.ctx.hub.say(text)

    def _ended(self) -> None:
        self.task = None
        self.register_button.setEnabled(True)

    def _say(self, text: str, error: bool = False) -> None:
        say(self.message, self.error, text, error)
