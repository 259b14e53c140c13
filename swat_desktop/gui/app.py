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


def run_gui(database_url: str | None, paths: AppPaths) -> int:
    install_excepthook(paths.log_file)
    qInstallMessageHandler(_qt_message)
    log.info("Starting %s %s", APP_NAME, __version__)
    try:
        db, migration = store.open_store(database_url, paths.database_file, paths.backups_dir)
    except store.DatabaseError as exc:
        log.error("%s", exc)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        QMessageBox.critical(None, APP_NAME, f"No se pudo abrir la base de datos.\n\n{exc}")
        return 1
    if migration.changed:
        log.info("Schema upgraded from %s to %s", migration.before, migration.after)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    try:
        user = identity.current_user(db, paths.local_settings_file)
        if user is None:
            from swat_desktop.gui.identity_dialog import IdentityDialog  # first run only

            dialog = IdentityDialog(db)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.profile is None:
                return 0
            user = dialog.profile
            identity.remember_login(paths.local_settings_file, user.login)
        window = MainWindow(db, user, paths.local_settings_file, paths.log_file)
        window.show()
        if migration.backup is not None:
            window.statusBar().showMessage(
                f"Base de datos actualizada; copia previa en {migration.backup}", 15000
            )
        return app.exec()
    finally:
        db.dispose()
