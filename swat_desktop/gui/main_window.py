"""The main window: both workspaces, the menus and a status bar that says where you are."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from swat_desktop import APP_NAME, __version__
from swat_desktop.domain.identity import Procedure, UserProfile
from swat_desktop.gui.audit_view import AuditDialog
from swat_desktop.gui.background_status import BackgroundStatus
from swat_desktop.gui.backup_dialogs import POSTGRES_NOTE, BackupsDialog, failure_text
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import FileNotice, WrittenFiles
from swat_desktop.gui.lazy import LazyPage
from swat_desktop.gui.mal_escalados.workspace import MalEscaladosWorkspace
from swat_desktop.gui.signals import SignalHub
from swat_desktop.gui.widgets import close_only, column_layout, open_at, selectable
from swat_desktop.gui.worker import Task
from swat_desktop.paths import PACKAGE_KEYS_FOLDER
from swat_desktop.services import backups, identity, inoperatividad
from swat_desktop.services.store import StoreHandle

if TYPE_CHECKING:
    from swat_desktop.gui.identity_dialog import IdentityDialog
    from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace


def user_status_text(user: UserProfile) -> str:
    unit = f" · {user.unit}" if user.unit else ""
    return f"Usuario: {user.full_name} ({user.login}) · {user.role.label}{unit}"


SERVER_LOGIN_TIP = ("En el servidor compartido usted trabaja con su propio usuario: para "
                    "cambiar de usuario, cierre SWAT Desktop e inicie sesión con el otro.")


class MainWindow(QMainWindow):
    # A backup chosen and confirmed in Archivo → Respaldos: the application closes this window,
    # restores it and opens a new window on the restored store (gui/app.py).
    restore_requested = Signal(object)

    def __init__(
        self,
        db: StoreHandle,
        user: UserProfile,
        local_settings_file: Path,
        log_file: Path,
        hub: SignalHub | None = None,
        exports_dir: Path | None = None,
        backups_dir: Path | None = None,
        keys_dir: Path | None = None,
    ) -> None:
        super().__init__()
        # The package signing keys live beside the per-machine settings (paths.py).
        self.keys_dir = keys_dir or local_settings_file.parent / PACKAGE_KEYS_FOLDER
        self.backups_dir = backups_dir
        self.db = db
        self.user = user
        self.local_settings_file = local_settings_file
        self.log_file = log_file
        self.hub = hub or SignalHub(user, self)
        self.setWindowTitle(APP_NAME)
        # The smallest size is the layouts' own: every page fits 1280×720 at 125 %
        # (tests/gui/test_laptop_geometry.py).
        open_at(self, 1180, 760)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.ctx = AppContext(db, self.hub, exports_dir, local_settings_file, self.keys_dir)
        self.hub.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        # Every file an action writes is announced here, with its path and ways to open it.
        self.file_notice = FileNotice(self.print_pdf)
        self.hub.file_written.connect(self.file_notice.show_files)
        self.mal_escalados = MalEscaladosWorkspace(self.ctx)
        self.review = self.mal_escalados.review
        self.exports_dir = exports_dir
        # Built when first opened (or when a draft waits in it): the form and its catalogues
        # cost a quarter of a second that a day of reviewing never needs.
        self.inoperatividad_tab = LazyPage(self._build_inoperatividad, scroll=False)
        self.inoperatividad_tab.setObjectName("workspace_inoperatividad")
        self._recovery_offered = False
        self.workspaces: list[tuple[str, QWidget]] = [
            ("Mal escalados", self.mal_escalados),
            ("Inoperatividad", self.inoperatividad_tab),
        ]
        for title, page in self.workspaces:
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(self._tab_opened)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.file_notice)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self.hub.user_changed.connect(self._user_changed)
        self.review.pending_changed.connect(self._show_pending)
        self._show_pending(self.review.pending)
        self.show_home()

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        archivo = self.menuBar().addMenu("&Archivo")
        # Ctrl+I is the menu's: the menu shows it, and it works from either workspace.
        self.import_action = self._action("&Importar Base Mal Escalados…", "Ctrl+I",
                                          self.import_base)
        archivo.addAction(self.import_action)
        archivo.addSeparator()
        if self.backups_dir is not None:
            self.backup_action = self._action("Crear &respaldo ahora", "Ctrl+Shift+B",
                                              self.create_backup)
            self.backups_action = self._action("Respaldos y res&tauración…", None,
                                               self.show_backups)
            archivo.addAction(self.backup_action)
            archivo.addAction(self.backups_action)
            archivo.addSeparator()
        self.switch_user_action = self._action(
            "&Cambiar de usuario…", "Ctrl+Shift+U", self.switch_user
        )
        archivo.addAction(self.switch_user_action)
        if identity.server_identity(self.db) is not None:
            # Shared mode: who works is the server's login, not a declared profile.
            self.switch_user_action.setEnabled(False)
            self.switch_user_action.setStatusTip(SERVER_LOGIN_TIP)
        archivo.addSeparator()
        archivo.addAction(self._action("&Salir", "Ctrl+Q", self.close))

        ver = self.menuBar().addMenu("&Ver")
        for number, (title, page) in enumerate(self.workspaces, start=1):
            ver.addAction(self._action(
                title, f"Ctrl+{number}",
                lambda _checked=False, p=page: self.tabs.setCurrentWidget(p),
            ))
        ver.addSeparator()
        self.audit_action = self._action(
            "Registro de &auditoría…", "Ctrl+Shift+A", self.show_audit
        )
        ver.addAction(self.audit_action)

        ayuda = self.menuBar().addMenu("A&yuda")
        self.help_action = self._action("A&yuda de esta pantalla", "F1", self.show_help)
        ayuda.addAction(self.help_action)
        self.about_action = self._action(f"&Acerca de {APP_NAME}", None, self.show_about)
        ayuda.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.database_label = QLabel(f"Base de datos: {self.db.display_name}")
        self.database_label.setToolTip(self.db.display_name)
        self.database_label.setObjectName("statusDetail")
        # The path is the one text that may be cut (its tooltip has it whole): at its full
        # width it would push the other texts of the bar over each other on a laptop.
        self.database_label.setMinimumWidth(80)
        self.user_label = QLabel()
        self.pending_label = QLabel()
        self.pending_label.setToolTip("Cuentas sin veredicto de la lista de Revisión de Mal "
                                      "escalados, con sus filtros (Asignación incluida)")
        self.background = BackgroundStatus()
        bar.addPermanentWidget(self.background)
        bar.addPermanentWidget(self.pending_label)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.database_label, 1)
        self._user_changed(self.user)

    def _build_inoperatividad(self) -> InoperatividadWorkspace:
        from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace

        return InoperatividadWorkspace(self.ctx)

    def print_pdf(self, path: Path) -> QDialog:
        """The print preview of a PDF the notice shows (imported when first used)."""
        from swat_desktop.gui.printing import preview_pdf

        return preview_pdf(path, self)

    @property
    def inoperatividad(self) -> InoperatividadWorkspace:
        return cast("InoperatividadWorkspace", self.inoperatividad_tab.ensure())

    def _tab_opened(self, index: int) -> None:
        if self.tabs.widget(index) is self.inoperatividad_tab:
            self.inoperatividad_tab.ensure()
        # The review's count is said where the review is: on Inoperatividad it would read as
        # pending events (that workspace's header says those).
        self.pending_label.setVisible(self.tabs.widget(index) is self.mal_escalados)

    def _user_changed(self, user: UserProfile) -> None:
        other_procedure = user.role.procedure is not self.user.role.procedure
        self.user = user
        self.user_label.setText(user_status_text(user))
        if other_procedure:
            self.show_home()
        if self._recovery_offered:
            self._offer_recovery()

    def show_home(self) -> None:
        """Each role opens on the procedure it works in: a CAC supervisor on the Formato
        Manual, a célula on its review."""
        home = (self.inoperatividad_tab if self.user.role.procedure is Procedure.INOPERATIVIDAD
                else self.mal_escalados)
        self.tabs.setCurrentWidget(home)

    def _show_pending(self, pending: int) -> None:
        """The review's own count: what the agent can act on in the list on screen."""
        self.pending_label.setText(f"Pendientes: {pending}")

    def switch_user(self) -> None:
        if not self.review.leave_current():  # the verdict on screen is this user's
            self.statusBar().showMessage(
                "Complete el veredicto o descártelo (Esc) antes de cambiar de usuario.", 8000)
            return
        # Imported here: the compiled form costs ~60 ms of start-up that most starts never use.
        from swat_desktop.gui.identity_dialog import IdentityDialog

        dialog = IdentityDialog(self.db, current=self.user, parent=self)
        dialog.accepted.connect(lambda: self._identity_confirmed(dialog))
        dialog.open()

    def _identity_confirmed(self, dialog: IdentityDialog) -> None:
        if dialog.profile is None:
            return
        identity.remember_login(self.local_settings_file, dialog.profile.login)
        self.hub.switch_user(dialog.profile)
        self.statusBar().showMessage(f"Ahora trabaja como {dialog.profile.full_name}", 5000)

    def import_base(self) -> None:
        """From any workspace: the review is where the imported base is read, so it comes
        first, behind the file dialog."""
        self.tabs.setCurrentWidget(self.mal_escalados)
        self.mal_escalados.sections.setCurrentWidget(self.review)
        self.review.choose_import()

    def show_audit(self) -> None:
        dialog = AuditDialog(self.db, self.user.role.zone, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.hub.changed.connect(dialog.changes_announced)
        dialog.open()

    def create_backup(self) -> None:
        """A manual backup off the GUI thread; the status bar says where it went."""
        if self.db.sqlite_path is None:
            self._postgres_note()
            return
        db, folder = self.db, self.backups_dir
        assert folder is not None
        self.statusBar().showMessage("Creando el respaldo…")
        task = Task(lambda _p, stop: backups.make_backup(db, folder, stop=stop), self)
        task.finished.connect(lambda path: self._backup_created(path))
        task.failed.connect(lambda exc: self.statusBar().showMessage(failure_text(exc), 15000))
        task.start()

    def _backup_created(self, path: Path) -> None:
        self.statusBar().showMessage(f"Respaldo creado: {path}", 10000)
        self.file_notice.show_files(WrittenFiles("Respaldo creado.", (path,)))

    def show_backups(self) -> None:
        if self.db.sqlite_path is None:
            self._postgres_note()
            return
        assert self.backups_dir is not None
        dialog = BackupsDialog(self.db, self.backups_dir, self.local_settings_file, self)
        dialog.restore_confirmed.connect(self.restore_requested)
        self.backups_dialog = dialog
        dialog.open()

    def _postgres_note(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Respaldos", POSTGRES_NOTE, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def help_topic(self) -> tuple[str, str | None]:
        """The workspace and the page in front of the person: what F1 explains."""
        space = self.tabs.currentWidget()
        workspace = self.tabs.tabText(self.tabs.currentIndex())
        page = (self.mal_escalados if space is self.mal_escalados
                else self.inoperatividad_tab.page)
        tabs = cast("QTabWidget | None", getattr(page, "sections", None))
        return workspace, tabs.tabText(tabs.currentIndex()) if tabs is not None else None

    def show_help(self) -> None:
        from swat_desktop.gui.help_dialog import HelpDialog, topic_for
        from swat_desktop.help_text import readme_text

        dialog = HelpDialog(readme_text(), topic_for(*self.help_topic()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.help_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        AboutDialog(self.db.display_name, self.log_file, self).open()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._recovery_offered:
            self._recovery_offered = True
            self._offer_recovery()

    def _offer_recovery(self) -> None:
        """An unsaved inoperatividad form left by a crash or a closed window comes first: the
        workspace's banner says what it is and offers it back."""
        if inoperatividad.has_drafts(self.db, self.user):
            self.tabs.setCurrentWidget(self.inoperatividad_tab)
            self.inoperatividad.refresh_offers()

    def closeEvent(self, event: QCloseEvent) -> None:
        """A complete verdict still on screen is saved; an incomplete one keeps the window."""
        if not self.review.leave_current():
            event.ignore()
            self.statusBar().showMessage(
                "Complete el veredicto o descártelo (Esc) antes de cerrar.", 8000)
            return
        self.statusBar().clearMessage()
        super().closeEvent(event)


class AboutDialog(QDialog):
    def __init__(self, database: str, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Acerca de {APP_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = QLabel(f"{APP_NAME} {__version__}")
        title.setObjectName("titleLabel")
        body = selectable(
            "Gestión de casos mal escalados y de inoperatividad de aplicativos de venta y "
            "postventa, sin conexión.<br><br>"
            f"<b>Base de datos:</b> {database}<br>"
            f"<b>Archivo de registro (log):</b> {log_file}<br>"
            f"<b>Qt para Python:</b> {pyside_version}"
        )
        column_layout(self, title, body, close_only(self), margins=(24, 20, 24, 16),
                      spacing=12)
        open_at(self, 480)
