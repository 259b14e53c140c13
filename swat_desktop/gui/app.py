"""Start-up of the window: crash hook → migrate → QApplication → identity → main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from swat_desktop import APP_NAME, __version__
from swat_desktop.gui.crash import install_excepthook
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.paths import AppPaths, resource
from swat_desktop.services import identity, store

log = logging.getLogger(__name__)

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(mode: QtMsgType, _context: object, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


def configure_application(app: QApplication) -> None:
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource("icons", "app.svg"))))
    app.setStyle("Fusion")
    app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def _fail(message: str, paths: AppPaths) -> int:
    """Start-up could not finish: say so in a dialog that waits, even with no window yet."""
    _application()
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
    box.setInformativeText(f"Los detalles quedaron en el archivo de registro:\n{paths.log_file}")
    box.exec()
    return 1


def run_gui(database_url: str | None, paths: AppPaths) -> int:
    install_excepthook(paths.log_file)
    qInstallMessageHandler(_qt_message)
    log.info("Starting %s %s", APP_NAME, __version__)
    try:
        db, migration = store.open_store(database_url, paths.database_file, paths.backups_dir)
    except store.DatabaseError as exc:
        log.error("%s", exc)
        return _fail(str(exc), paths)
    except Exception:
        log.exception("Start-up failed while opening the store")
        return _fail("No se pudo abrir la base de datos por un error inesperado.", paths)
    if migration.changed:
        log.info("Schema upgraded from %s to %s", migration.before, migration.after)

    app = _application()
    configure_application(app)
    try:
        user = identity.current_user(db, paths.local_settings_file)
        if user is None:
            from swat_desktop.gui.identity_dialog import IdentityDialog  # first run only

            log.info("Asking who is using the application")
            dialog = IdentityDialog(db)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.profile is None:
                return 0
            user = dialog.profile
            identity.remember_login(paths.local_settings_file, user.login)
        window = MainWindow(db, user, paths.local_settings_file, paths.log_file,
                            exports_dir=paths.exports_dir)
        window.show()
        log.info("Main window shown for %s", user.login)
        if migration.backup is not None:
            window.statusBar().showMessage(
                f"Base de datos actualizada; copia previa en {migration.backup}", 15000
            )
        return app.exec()
    except Exception:
        log.exception("Start-up failed")
        return _fail("SWAT Desktop no pudo iniciar por un error inesperado.", paths)
    finally:
        db.dispose()
