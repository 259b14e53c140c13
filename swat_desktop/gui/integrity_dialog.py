"""What start-up shows when the SQLite file fails its integrity check: the problem in plain
Spanish and the two ways out, restoring a backup or quitting. The damaged file is never
deleted; a restore sets it aside in the backups folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from swat_desktop import APP_NAME
from swat_desktop.domain.clock import Clock
from swat_desktop.gui.backup_dialogs import BackupTable, busy_bar, failure_text
from swat_desktop.gui.widgets import column_layout, error_label, notice, open_at, selectable
from swat_desktop.gui.worker import Task
from swat_desktop.services import backups, restoring
from swat_desktop.services.backups import Restored


class IntegrityDialog(QDialog):
    """Accepted once a backup was restored (``restored``); rejected means quit."""

    def __init__(self, message: str, store_file: Path, backups_dir: Path, clock: Clock,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.store_file = store_file
        self.backups_dir = backups_dir
        self.restored: Restored | None = None
        self.task: Task | None = None
        self.setWindowTitle(f"{APP_NAME}: base de datos dañada")

        title = QLabel("La base de datos está dañada")
        title.setObjectName("titleLabel")
        problem = selectable(message)
        self.table = BackupTable()
        found = backups.list_backups(backups_dir)
        self.table.show_backups(found)
        if found:
            advice = notice(
                "Para no empeorar el daño, la aplicación no trabajará sobre este archivo. "
                "Puede volver a un respaldo (está elegido el más reciente hecho de una base "
                "sana): la base dañada no se borra, queda guardada en la carpeta de respaldos "
                "como «Antes de restaurar», y lo registrado después del respaldo elegido no "
                "estará. También puede salir y pedir ayuda a soporte.")
        else:
            advice = notice(
                f"No hay respaldos en {backups_dir}. Salga y pida ayuda a soporte: la base "
                f"dañada sigue sin cambios en {store_file}.")
            self.table.hide()
        self.busy = busy_bar()
        self.error = error_label()
        self.restore_button = QPushButton("Restaurar el seleccionado")
        self.restore_button.clicked.connect(self.restore_chosen)
        self.restore_button.setVisible(bool(found))
        self.quit_button = QPushButton("Salir")
        self.quit_button.clicked.connect(self.reject)
        (self.restore_button if found else self.quit_button).setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.quit_button)

        column_layout(self, title, problem, advice, (self.table, 1), self.busy, self.error,
                      buttons, margins=(24, 20, 24, 16), spacing=12)
        if found:
            open_at(self, 760, 500)
        else:
            open_at(self, 560)

    def restore_chosen(self) -> None:
        item = self.table.chosen()
        if item is None:
            return
        self.error.hide()
        self.busy.show()
        self.restore_button.setEnabled(False)
        self.quit_button.setEnabled(False)
        store_file, folder, clock = self.store_file, self.backups_dir, self.clock
        task = Task(lambda _p, _c: restoring.restore(store_file, item.path, folder, clock),
                    self)
        task.finished.connect(self._restored)
        task.failed.connect(lambda exc: self._failed(failure_text(exc)))
        self.task = task
        task.start()

    def _restored(self, result: Restored) -> None:
        self.restored = result
        self.accept()

    def _failed(self, message: str) -> None:
        self.busy.hide()
        self.restore_button.setEnabled(True)
        self.quit_button.setEnabled(True)
        self.error.setText(message)
        self.error.show()
