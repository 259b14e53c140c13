"""Start-up of the window: crash hook → check and migrate the store → QApplication → identity →
main window → the day's check and backup in the background; and reopening both after a
restore."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import (
    QLibraryInfo,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from swat_desktop import APP_NAME, __version__
from swat_desktop.domain.clock import SystemClock
from swat_desktop.gui.backup_dialogs import failure_text
from swat_desktop.gui.crash import install_excepthook
from swat_desktop.gui.daily_upkeep import START_DELAY_MS, DailyUpkeep
from swat_desktop.gui.integrity_dialog import IntegrityDialog
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.gui.worker import Task
from swat_desktop.paths import AppPaths, resource
from swat_desktop.services import backups, identity, restoring, shared_login, store
from swat_desktop.services.store import MigrationResult, StoreHandle

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
    _speak_spanish(app)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource("icons", "app.svg"))))
    app.setStyle("Fusion")
    app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))


def _speak_spanish(app: QApplication) -> None:
    """Qt's own texts in Spanish: file dialogs («Ver en:», «Guardar», «Cancelar»), the
    right-click menu of every text field, the buttons of message boxes. PySide6 ships the
    translation; a bundle without it keeps English and says so in the log."""
    translator = QTranslator(app)  # parented: it lives as long as the application
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_es", folder):
        app.installTranslator(translator)
    else:
        log.warning("Qt's Spanish translation (qtbase_es.qm) is not in %s", folder)


def _application() -> QApplication:
    """The one QApplication, styled once, whether a dialog or the window needs it first."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        configure_application(app)
    assert isinstance(app, QApplication)
    return app


def _fail(message: str, paths: AppPaths) -> int:
    """Start-up could not finish: say so in a dialog that waits, even with no window yet."""
    _application()
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
    box.setInformativeText(f"Los detalles quedaron en el archivo de registro:\n{paths.log_file}")
    box.exec()
    return 1


class GuiSession(QObject):
    """The open store and the window on it. A restore from the menu replaces both without
    quitting: the window closes, the store is restored, and both open again."""

    def __init__(self, database_url: str | None, paths: AppPaths) -> None:
        super().__init__()
        self.database_url = database_url
        self.paths = paths
        self.db: StoreHandle | None = None
        self.window: MainWindow | None = None
        self.upkeep: DailyUpkeep | None = None
        self.upkeep_delay_ms = START_DELAY_MS  # the tests start it at once
        self.clock = SystemClock()
        self._notes: list[str] = []  # said on the next window: what start-up did on its own

    def start(self) -> int | None:
        """Open and check the store, identify the user and show the window.

        None once the window is up; otherwise the exit status (start-up could not finish, or
        the person chose to quit).
        """
        opened = self._open_store()
        if isinstance(opened, int):
            return opened
        db, migration = opened
        self.db = db
        if migration.changed:
            log.info("Schema upgraded from %s to %s", migration.before, migration.after)
        if migration.backup is not None:
            self._notes.append(f"Base de datos actualizada; copia previa en {migration.backup}")
        _application()
        try:
            user = identity.current_user(db, self.paths.local_settings_file)
            if user is None:
                from swat_desktop.gui.identity_dialog import IdentityDialog  # first run only

                log.info("Asking who is using the application")
                dialog = IdentityDialog(db)
                if dialog.exec() != QDialog.DialogCode.Accepted or dialog.profile is None:
                    return 0
                user = dialog.profile
                identity.remember_login(self.paths.local_settings_file, user.login)
            window = MainWindow(db, user, self.paths.local_settings_file, self.paths.log_file,
                                exports_dir=self.paths.exports_dir,
                                backups_dir=self.paths.backups_dir,
                                keys_dir=self.paths.package_keys_dir)
            window.restore_requested.connect(self.restore)
            window.show()
            self.window = window
            log.info("Main window shown for %s", user.login)
            if self._notes:
                window.statusBar().showMessage(" · ".join(self._notes), 15000)
                self._notes.clear()
            self.start_upkeep()
            return None
        except Exception:
            log.exception("Start-up failed")
            return _fail("SWAT Desktop no pudo iniciar por un error inesperado.", self.paths)

    def _open_store(self) -> tuple[StoreHandle, MigrationResult] | int:
        """The store, or the exit status; a damaged SQLite file goes through the integrity
        dialog, and after a restore the store is opened (and checked) again."""
        while True:
            try:
                if not self._log_in():
                    return 0
                return store.open_store(self.database_url, self.paths.database_file,
                                        self.paths.backups_dir, self.clock, quick_check=False)
            except store.StoreDamaged as exc:
                log.error("%s", exc)
                if not self._offer_restore(exc):
                    log.info("Quitting instead of working on a damaged store")
                    return 1
            except store.DatabaseError as exc:
                log.error("%s", exc)
                return _fail(str(exc), self.paths)
            except Exception:
                log.exception("Start-up failed while opening the store")
                return _fail("No se pudo abrir la base de datos por un error inesperado.",
                             self.paths)

    def _log_in(self) -> bool:
        """Shared mode: when the server asks for a password the URL lacks, the person's
        login and password (False: they gave up); the URL then opens the store as them."""
        wanted = shared_login.login_wanted(self.database_url, self.paths.database_file)
        if wanted is None:
            return True
        from swat_desktop.gui.server_login_dialog import ServerLoginDialog  # shared mode only

        _application()
        dialog = ServerLoginDialog(self.database_url, self.paths.database_file, wanted.login,
                                   wanted.store_name)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.url is None:
            log.info("Quitting at the server's login")
            return False
        self.database_url = dialog.url
        return True

    def _offer_restore(self, damage: store.StoreDamaged) -> bool:
        _application()
        dialog = IntegrityDialog(str(damage), damage.path, self.paths.backups_dir, self.clock)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.restored is None:
            return False
        self._restored(dialog.restored)
        return True

    def _restored(self, done: backups.Restored) -> None:
        log.info("Restored %s; the replaced store was set aside as %s", done.backup,
                 done.set_aside)
        aside = f"; la base anterior quedó en {done.set_aside}" if done.set_aside else ""
        self._notes.append(f"Respaldo {done.backup.name} restaurado{aside}")

    # The day's check and backup -------------------------------------------------------

    def start_upkeep(self) -> DailyUpkeep | None:
        """The whole-file check (and the day's backup when due) off the GUI thread, once the
        window is up: start-up waits for neither."""
        if self.db is None or self.window is None or self.db.sqlite_path is None:
            return None
        self.upkeep = DailyUpkeep(self.db, self.paths.backups_dir,
                                  self.paths.local_settings_file, self.window)
        self.upkeep.start(self.upkeep_delay_ms)
        return self.upkeep

    def stop_upkeep(self) -> None:
        if self.upkeep is not None and not self.upkeep.stop():
            log.warning("The day's check did not stop within a second; closing anyway")
        self.upkeep = None

    # Restoring from the menu ----------------------------------------------------------

    def restore(self, backup: Path) -> None:
        """Close the window (saving what it holds), restore, then open everything again."""
        window, app = self.window, _application()
        assert window is not None
        assert self.db is not None
        app.setQuitOnLastWindowClosed(False)
        if not window.close():  # an incomplete verdict keeps the window; it says why
            app.setQuitOnLastWindowClosed(True)
            return
        self.stop_upkeep()  # it reads the file the restore replaces
        store_file = self.db.sqlite_path
        assert store_file is not None
        self.window = None
        # Only once the window is gone: none of its widgets may touch the store again.
        window.destroyed.connect(
            lambda: QTimer.singleShot(0, lambda: self._restore_now(store_file, backup)))
        window.deleteLater()

    def _restore_now(self, store_file: Path, backup: Path) -> None:
        assert self.db is not None
        QThreadPool.globalInstance().waitForDone()  # background exports may still read it
        self.db.dispose()
        self.db = None
        log.info("Restoring %s over %s", backup, store_file)
        progress = QProgressDialog(f"Restaurando el respaldo {backup.name}…\n"
                                   "La ventana se abrirá de nuevo al terminar.", "", 0, 0)
        progress.setWindowTitle(APP_NAME)
        progress.setMinimumWidth(420)
        progress.setCancelButton(None)  # type: ignore[arg-type]
        progress.setMinimumDuration(0)
        progress.show()
        folder, clock = self.paths.backups_dir, self.clock
        task = Task(lambda _p, _c: restoring.restore(store_file, backup, folder, clock), self)
        task.finished.connect(lambda done: self._reopen(progress, done, None))
        task.failed.connect(lambda exc: self._reopen(progress, None, exc))
        task.start()

    def _reopen(self, progress: QProgressDialog, done: backups.Restored | None,
                error: Exception | None) -> None:
        progress.close()
        progress.deleteLater()
        app = _application()
        if done is not None:
            self._restored(done)
        else:
            log.warning("Restore failed: %s", error)
        code = self.start()
        app.setQuitOnLastWindowClosed(True)
        if code is not None:
            app.exit(code)
            return
        if error is not None and self.window is not None:
            box = QMessageBox(QMessageBox.Icon.Warning, "Restaurar respaldo",
                              f"No se restauró el respaldo: {failure_text(error)}",
                              parent=self.window)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def close(self) -> None:
        """Stop the day's check (it resumes at the next start), wait for the exports the
        person asked for, and close the store."""
        self.stop_upkeep()
        QThreadPool.globalInstance().waitForDone()
        if self.db is not None:
            self.db.dispose()
            self.db = None


def run_gui(database_url: str | None, paths: AppPaths) -> int:
    install_excepthook(paths.log_file)
    qInstallMessageHandler(_qt_message)
    log.info("Starting %s %s", APP_NAME, __version__)
    session = GuiSession(database_url, paths)
    try:
        code = session.start()
        return code if code is not None else _application().exec()
    finally:
        session.close()
