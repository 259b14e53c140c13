"""The window's side of services.upkeep: run it in the background once the window is up,
show its steps in the status bar, say what came of it, and stop it when the window closes."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox

from swat_desktop.domain.formatting import format_size
from swat_desktop.gui.backup_dialogs import failure_text
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.gui.worker import Task
from swat_desktop.services import backups, store, upkeep
from swat_desktop.services.backups import Stopped
from swat_desktop.services.store import StoreHandle

log = logging.getLogger(__name__)

# Closing waits this long at most for the work to notice it must stop (it checks every few
# milliseconds); a copy half-written is removed by the work itself, or by the next start.
STOP_WAIT_MS = 1000
# The work begins this long after the window is shown: the first screen and the first keys
# of the person are not shared with a check that reads the whole store.
START_DELAY_MS = 1500


class DailyUpkeep(QObject):
    """One run of the day's check (and backup, when due) for one window."""

    def __init__(self, db: StoreHandle, backups_dir: Path, settings_file: Path,
                 window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        rule = backups.retention(settings_file)
        self.task = Task(lambda report, stop: upkeep.run(db, backups_dir, rule, report, stop),
                         self)
        self.task.progressed.connect(window.background.show_step)
        self.task.finished.connect(self._done)
        self.task.failed.connect(self._failed)

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        QTimer.singleShot(delay_ms, self, lambda: None if self.task.cancelled
                          else self.task.start(self.pool))

    def stop(self) -> bool:
        """Ask the work to stop and wait for it, a second at most; True once it has ended."""
        self.task.cancel()
        return self.pool.waitForDone(STOP_WAIT_MS)

    def _done(self, done: upkeep.UpkeepDone) -> None:
        self.window.background.finish()
        if done.backup is None:
            return
        gone = f"; se borraron {len(done.removed)} antiguos" if done.removed else ""
        self.window.statusBar().showMessage(
            f"Respaldo automático del día: {done.backup.name} "
            f"({format_size(done.backup.stat().st_size)}){gone}", 8000)

    def _failed(self, exc: Exception) -> None:
        self.window.background.finish()
        if isinstance(exc, Stopped):
            log.info("The day's check stopped: the window closed; the next start resumes it")
            return
        log.warning("The day's check or backup did not finish: %s", exc)
        if isinstance(exc, store.StoreDamaged):
            box = QMessageBox(QMessageBox.Icon.Warning, "Base de datos dañada", str(exc),
                              parent=self.window)
            box.setInformativeText(
                "No se hizo el respaldo automático de hoy, para no reemplazar un respaldo "
                "bueno por la copia de una base dañada. Vuelva a un respaldo (Archivo → "
                "Respaldos y restauración…) o pida ayuda a soporte.")
            chosen = box.addButton("Respaldos y restauración…",
                                   QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Cerrar", QMessageBox.ButtonRole.RejectRole)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(lambda _r: self.window.show_backups()
                                 if box.clickedButton() is chosen else None)
            box.open()
        else:
            self.window.statusBar().showMessage(
                f"No se pudo hacer la comprobación o el respaldo del día: {failure_text(exc)}",
                15000)
