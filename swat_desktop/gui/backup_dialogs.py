"""Backups from the window: the list, a manual backup, the retention setting and choosing a
backup to restore. The restore itself needs the window closed; the application does it
(gui/app.py) once this dialog hands over the confirmed choice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from swat_desktop.domain.backup_retention import MAX_PER_RULE, Retention
from swat_desktop.domain.formatting import format_size
from swat_desktop.gui.file_notice import FileNotice, WrittenFiles, cannot_open_text, open_in_system
from swat_desktop.gui.rows_model import RIGHT, Column, RowsModel
from swat_desktop.gui.widgets import column_layout, error_label, notice, open_at, row_list
from swat_desktop.gui.worker import Task
from swat_desktop.services import backups, restoring, store
from swat_desktop.services.backups import BackupFile, BackupKind
from swat_desktop.services.store import StoreHandle

# What to offer first after a failed check: a copy made of a sound store, never the copy of a
# damaged one that an earlier restore set aside.
GOOD_KINDS = (BackupKind.AUTOMATIC, BackupKind.MANUAL, BackupKind.BEFORE_MIGRATION)
POSTGRES_NOTE = ("La base de datos está en un servidor PostgreSQL: se respalda con pg_dump y se "
                 "restaura con pg_restore en el servidor, no desde esta aplicación.")


def describe(item: BackupFile) -> str:
    return f"del {item.created:%d/%m/%Y %H:%M} ({item.kind.label}, {format_size(item.size_bytes)})"


def _path(item: BackupFile, _text: str) -> str:
    return str(item.path)


BACKUP_COLUMNS: list[Column[BackupFile]] = [
    Column("Fecha", lambda b: f"{b.created:%d/%m/%Y %H:%M}", tooltip=_path),
    Column("Tipo", lambda b: b.kind.label, tooltip=_path),
    Column("Tamaño", lambda b: format_size(b.size_bytes), tooltip=_path, align=RIGHT),
    Column("Archivo", lambda b: b.path.name, tooltip=_path),
]


class BackupTable(QTableView):
    """The backups of the folder, the newest first, one selectable row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups: RowsModel[BackupFile] = RowsModel(BACKUP_COLUMNS, self)
        row_list(self, row_height=None)
        self.setModel(self.backups)
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    @property
    def items(self) -> list[BackupFile]:
        return self.backups.rows

    def show_backups(self, items: list[BackupFile]) -> None:
        self.backups.set_rows(items)
        self.resizeColumnsToContents()
        first_good = next((n for n, i in enumerate(items) if i.kind in GOOD_KINDS), 0)
        if items:
            self.selectRow(first_good)

    def chosen(self) -> BackupFile | None:
        row = self.currentIndex().row()
        return self.items[row] if 0 <= row < len(self.items) else None


def failure_text(exc: BaseException) -> str:
    """The Spanish message of a store error; anything else was logged by the worker."""
    if isinstance(exc, store.DatabaseError):
        return str(exc)
    return "No se pudo terminar por un error inesperado; los detalles quedaron en el registro."


def busy_bar() -> QProgressBar:
    """An indeterminate bar: a copy or a check is one SQLite call with no steps to count."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.hide()
    return bar


class BackupsDialog(QDialog):
    """Archivo → Respaldos y restauración…"""

    restore_confirmed = Signal(object)  # the Path of the backup, checked and confirmed

    def __init__(self, db: StoreHandle, backups_dir: Path, settings_file: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.backups_dir = backups_dir
        self.settings_file = settings_file
        self.task: Task | None = None
        self.confirmation: QMessageBox | None = None
        self.setWindowTitle("Respaldos de la base de datos")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_at(self, 780, 480)

        where = notice(f"Base de datos: {db.display_name}<br>"
                       f"Carpeta de respaldos: {backups_dir}")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rules = notice(
            "Cada día, después de abrir la ventana y mientras usted trabaja, se comprueba la base "
            "completa y se hace un respaldo automático comprimido. Los respaldos manuales y "
            "las copias que la aplicación guarda antes de migrar o de restaurar no se borran "
            "nunca solos.")
        self.table = BackupTable()
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        rule = backups.retention(settings_file)
        self.daily = self._count_box(rule.daily, 1, "días")
        self.weekly = self._count_box(rule.weekly, 0, "semanas")
        self.monthly = self._count_box(rule.monthly, 0, "meses")
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("Conservar el último respaldo automático de los"))
        for box, unit in ((self.daily, "días,"), (self.weekly, "semanas y"),
                          (self.monthly, "meses más recientes")):
            keep_row.addWidget(box)
            keep_row.addWidget(QLabel(unit))
        keep_row.addStretch(1)

        self.busy = busy_bar()
        self.status = notice()
        self.error = error_label()
        self.file_notice = FileNotice()  # the window's is behind this dialog
        self.create_button = QPushButton("Crear respaldo ahora")
        self.create_button.clicked.connect(self.create_backup)
        self.folder_button = QPushButton("Abrir carpeta")
        self.folder_button.clicked.connect(self.open_folder)
        self.restore_button = QPushButton("Restaurar el seleccionado…")
        self.restore_button.clicked.connect(self.check_chosen)
        self.close_button = QPushButton("Cerrar")
        self.close_button.clicked.connect(self.reject)
        self.close_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)

        column_layout(self, where, rules, (self.table, 1), keep_row, self.busy, self.status,
                      self.error, self.file_notice, buttons, margins=(20, 16, 20, 16),
                      spacing=10)
        self.reload()

    def reload(self) -> None:
        self.table.show_backups(backups.list_backups(self.backups_dir))
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self.task is None or not self.task.running
        self.create_button.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.table.chosen() is not None)

    def _count_box(self, value: int, least: int, unit: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(least, MAX_PER_RULE)
        box.setValue(value)
        box.setAccessibleName(f"Respaldos automáticos: {unit}")
        box.setToolTip("Los respaldos automáticos que ya no entran se borran al hacer el "
                       "siguiente respaldo automático.")
        box.valueChanged.connect(self._keep_changed)
        return box

    def _keep_changed(self, _value: int) -> None:
        rule = Retention(self.daily.value(), self.weekly.value(), self.monthly.value())
        try:  # the spin boxes keep every count in range
            backups.set_retention(self.settings_file, rule)
        except OSError as exc:
            self._fail(f"No se pudo guardar la preferencia en {self.settings_file}: "
                       f"{exc.strerror or exc}.")

    def open_folder(self) -> None:
        self.backups_dir.mkdir(parents=True, exist_ok=True)
        if not open_in_system(self.backups_dir):
            self._fail(cannot_open_text(self.backups_dir))

    def create_backup(self) -> None:
        db, folder = self.db, self.backups_dir
        self._run("Creando el respaldo…",
                  lambda _p, stop: backups.make_backup(db, folder, stop=stop), self._created)

    def _created(self, path: Path) -> None:
        self.reload()
        self.status.setText(f"Respaldo creado: {path.name}")
        self.file_notice.show_files(WrittenFiles("Respaldo creado.", (path,)))

    def check_chosen(self) -> None:
        """Refuse early when other copies hold the store, check the backup off the GUI thread,
        then ask for confirmation."""
        item = self.table.chosen()
        if item is None:
            return
        try:
            holders = restoring.copies_in_use(self.db)
        except store.DatabaseError as exc:
            self._fail(str(exc))
            return
        if holders:
            self._fail(restoring.in_use_message(holders))
            return
        self._run("Comprobando el respaldo…",
                  lambda _p, _c: restoring.check_backup(item.path),
                  lambda _revision: self._confirm(item))

    def _confirm(self, item: BackupFile) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Restaurar respaldo",
                          f"¿Restaurar el respaldo {describe(item)}?", parent=self)
        box.setInformativeText(
            "La base de datos actual se reemplazará por ese respaldo: lo registrado después "
            "de esa fecha no estará en la base restaurada.\n\n"
            "La base actual no se pierde: queda guardada en la carpeta de respaldos como "
            "«Antes de restaurar».\n\n"
            "La ventana se cerrará y volverá a abrirse sobre la base restaurada.")
        restore = box.addButton("Restaurar", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.finished.connect(lambda _r: self._confirmed(item) if box.clickedButton() is restore
                             else None)
        self.confirmation = box
        box.open()

    def _confirmed(self, item: BackupFile) -> None:
        self.accept()
        self.restore_confirmed.emit(item.path)

    def _run(self, what: str, work, done) -> None:  # type: ignore[no-untyped-def]
        self.error.hide()
        self.status.setText(what)
        self.busy.show()
        task = Task(work, self)
        task.finished.connect(lambda result: (self._idle(), done(result)))
        task.failed.connect(lambda exc: (self._idle(), self._fail(failure_text(exc))))
        self.task = task
        task.start()
        self._update_buttons()

    def _idle(self) -> None:
        self.busy.hide()
        self.status.clear()
        self._update_buttons()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
