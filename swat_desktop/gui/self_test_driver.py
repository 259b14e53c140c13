"""The window half of ``swat-desktop --self-test``: the real main window, driven by its own
methods on the offscreen platform.

A bundle that lacks a Qt plugin, a compiled form, the stylesheet or the icon starts as a
command-line tool just fine and fails only when a window is built; so the self-test builds the
real ones and goes through the same slots a click or a key would reach. Checks of what was
written are made by the caller, through the services.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QLibraryInfo,
    QMessageLogContext,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QLabel

from swat_desktop.domain.identity import ProfileInput, UserProfile
from swat_desktop.domain.inoperatividad import InoperatividadRecord, RecordInput
from swat_desktop.domain.mal_escalados import ImportSummary, ProcedeMotivo, Procedencia
from swat_desktop.gui.app import configure_application
from swat_desktop.gui.identity_dialog import IdentityDialog
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.paths import AppPaths
from swat_desktop.services.store import StoreHandle

WAIT_S = 60.0
# The platform plugin a person's session loads (not the offscreen one the self-test uses).
NATIVE_PLATFORM = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
# Said by the offscreen platform on every show(); it is the test's choice, not a fault.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


class SelfTestError(Exception):
    """A check did not hold; the message says what, in Spanish."""


def wait_until(condition: Callable[[], object], what: str, timeout_s: float = WAIT_S) -> None:
    """Run the event loop until ``condition`` holds: imports and exposure are asynchronous."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestError(f"pasaron {timeout_s:.0f} s sin {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


@contextmanager
def offscreen_messages() -> Iterator[None]:
    """Qt's messages reach stderr (or whoever listened before) except the offscreen noise, so
    a real warning, such as a plugin that fails to load, stands out."""

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if OFFSCREEN_NOISE in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def start_application() -> tuple[QApplication, str]:
    """The application object, styled as at start-up; offscreen so nothing appears on screen,
    unless ``QT_QPA_PLATFORM`` asks for a real one (``xcb``, ``windows``) to try it too.

    Returns it and what it checked: the platform, the icon rendered through the SVG plugins,
    the stylesheet and the presence of the native platform plugin.
    """
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    if app.windowIcon().pixmap(32, 32).isNull():
        raise SelfTestError("el icono de la aplicación no se pudo dibujar (¿falta el "
                            "complemento SVG de Qt?)")
    if not app.styleSheet():
        raise SelfTestError("la hoja de estilo está vacía")
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)),
               *(Path(p) for p in QCoreApplication.libraryPaths())]
    natives = [f for folder in folders for f in (folder / "platforms").glob(f"*{NATIVE_PLATFORM}*")]
    if not natives:
        raise SelfTestError(f"no está el complemento de pantalla {NATIVE_PLATFORM} de Qt "
                            f"(buscado en {', '.join(str(f) for f in folders)})")
    return app, (f"Qt en plataforma {app.platformName()}; icono, hoja de estilo y complemento "
                 f"{natives[0].name} presentes")


def create_profile(db: StoreHandle, data: ProfileInput) -> UserProfile:
    """Through the first-run dialog, whose layout is a compiled Qt Designer form."""
    dialog = IdentityDialog(db)
    try:
        dialog.full_name_edit.setText(data.full_name)
        dialog.login_edit.setText(data.login)
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(data.role.value))
        dialog.unit_combo.setCurrentText(data.unit)
        dialog.accept()
        if dialog.profile is None:
            shown = [label.text() for label in dialog.findChildren(QLabel)
                     if label.property("role") == "fieldError" and label.text()]
            raise SelfTestError(f"el diálogo de identificación no aceptó el perfil: {shown}")
        return dialog.profile
    finally:
        dialog.deleteLater()


class WindowDriver:
    """The main window on a temporary home, and the few user actions the self-test needs."""

    def __init__(self, db: StoreHandle, user: UserProfile, paths: AppPaths) -> None:
        self.window = MainWindow(db, user, paths.local_settings_file, paths.log_file,
                                 exports_dir=paths.exports_dir,
                                 keys_dir=paths.package_keys_dir)
        self.opened: list[Path] = []
        self.window.show()
        wait_until(self._exposed, "mostrar la ventana principal")

    def _exposed(self) -> bool:
        handle = self.window.windowHandle()
        return self.window.isVisible() and handle is not None and handle.isExposed()

    def import_base(self, path: Path) -> ImportSummary:
        """As «Importar base…» after choosing the file: the dialog and its background task."""
        dialog = self.window.review.start_import(path)
        try:
            wait_until(lambda: dialog.pages.currentIndex() == 2, "terminar la importación")
            if dialog.summary is None:
                raise SelfTestError(f"la importación falló: {dialog.result_text.text()}")
            wait_until(lambda: self.window.review.model.rowCount() > 0,
                       "ver las cuentas importadas en la tabla")
            return dialog.summary
        finally:
            dialog.close()
            dialog.deleteLater()

    def review_first_account(self, observaciones: str) -> int:
        """The first account of the table: first causal of the list, procede, procedure error,
        saved as «Guardar y siguiente pendiente» does. Returns the account's id."""
        page = self.window.review
        page.select_row(0)
        detail = page.editor.detail
        if detail is None:
            raise SelfTestError("la primera cuenta no se abrió en el editor de veredictos")
        page.editor.toggle_causal(0)
        page.editor.set_procedencia(Procedencia.PROCEDE)
        page.editor.set_motivo(ProcedeMotivo.PROCEDIMIENTO)
        page.editor.observaciones.setPlainText(observaciones)
        page.save_and_next()
        if page.editor.dirty or page.editor.errors.isVisible():
            raise SelfTestError(f"el veredicto no se guardó: {page.editor.errors.text()}")
        return detail.row.id

    def switch_user(self, user: UserProfile) -> None:
        """What «Cambiar de usuario» does once the dialog is accepted."""
        self.window.hub.switch_user(user)

    def save_inoperatividad(self, data: RecordInput) -> InoperatividadRecord:
        """The Formato Manual filled with ``data`` and saved with «Guardar»."""
        self.window.tabs.setCurrentWidget(self.window.inoperatividad_tab)
        workspace = self.window.inoperatividad
        workspace.print_file = self.opened.append  # type: ignore[method-assign]
        workspace.form.load(data)
        record = workspace.save()
        if record is None:
            raise SelfTestError(f"el formulario no se guardó: {workspace.save_error.text()}")
        return record

    def write_record_pdf(self) -> Path:
        """«Imprimir…» of the record on screen; the print preview is not opened."""
        path = self.window.inoperatividad.open_pdf()
        if path is None or self.opened[-1:] != [path]:
            raise SelfTestError("no se generó el PDF del formato lleno")
        return path

    def print_to_file(self, pdf: Path, target: Path) -> int:
        """What the preview's «Imprimir» sends to a printer, sent to a PDF file instead: the
        bundle's PDFium and Qt's print support at work. Returns the pages printed."""
        from PySide6.QtPrintSupport import QPrinter

        from swat_desktop.gui.printing import print_pdf

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return print_pdf(pdf, printer)

    def close(self) -> None:
        self.window.close()
        if self.window.isVisible():
            raise SelfTestError("la ventana principal no se dejó cerrar")
        self.window.deleteLater()
        QCoreApplication.processEvents()

