"""Unhandled exceptions: logged with their traceback and shown in Spanish, never silent."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from swat_desktop.services.store import DatabaseError, StoreDamaged, Trouble, database_trouble

log = logging.getLogger("swat_desktop.crash")

MAX_OPEN_DIALOGS = 3


def is_database_error(exc: BaseException) -> bool:
    """A store that failed in a known way (busy, gone, full, read-only, damaged), told by
    class: storage's own errors, already said in Spanish, or a driver's error that storage
    recognises. A bug (a constraint, a wrong query) is not one: it is an unexpected error."""
    return isinstance(exc, DatabaseError) or database_trouble(exc) is not None


def _damaged(exc: BaseException) -> bool:
    """Whether the store's file is broken, by this error or what it was raised from (the
    window opens before the whole-file check ends, so a page read can find the damage)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, StoreDamaged) or database_trouble(seen) is Trouble.DAMAGED:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class CrashReporter:
    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self.open_dialogs: list[QMessageBox] = []

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("Error no controlado", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.open_dialogs = [d for d in self.open_dialogs if d.isVisible()]
        if len(self.open_dialogs) >= MAX_OPEN_DIALOGS:
            return  # a loop of failures: the log has them all, don't bury the screen
        self.open_dialogs.append(self._show(exc_type, exc, tb))

    def _show(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> QMessageBox:
        box = QMessageBox(QApplication.activeWindow())
        if is_database_error(exc) and _damaged(exc):
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Base de datos dañada")
            box.setText("La base de datos está dañada y la última acción no terminó.")
            box.setInformativeText(
                "Para no empeorar el daño, vuelva a un respaldo (Archivo → Respaldos y "
                "restauración…): la base dañada queda guardada aparte. Si necesita ayuda, "
                f"envíe a soporte el archivo de registro:\n{self.log_file}")
        elif is_database_error(exc):
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Base de datos no disponible")
            box.setText("La base de datos no respondió y la última acción no terminó.")
            # storage.errors knows why (busy, full, read-only, gone) and what to do.
            why = (str(exc) if isinstance(exc, DatabaseError) else
                   "Puede estar ocupada por otra persona (una importación, por ejemplo) o la "
                   "conexión con el servidor se cortó. Lo que ya estaba guardado se conserva: "
                   "vuelva a intentarlo en unos segundos.")
            box.setInformativeText(
                f"{why} Si el problema sigue, envíe a soporte el archivo de registro:\n"
                f"{self.log_file}")
        else:
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle("Error inesperado")
            box.setText("Ocurrió un error inesperado y la última acción no terminó.")
            box.setInformativeText(
                "Lo que ya estaba guardado se conserva. Si el problema se repite, envíe a "
                f"soporte el archivo de registro:\n{self.log_file}")
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setModal(True)
        box.show()  # not exec(): a nested event loop inside an excepthook invites re-entrancy
        return box


def install_excepthook(log_file: Path) -> CrashReporter:
    reporter = CrashReporter(log_file)
    sys.excepthook = reporter

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        # Worker threads may not touch widgets: log only; the GUI hears of it via its worker.
        log.critical(
            "Error no controlado en el hilo %s", getattr(args.thread, "name", "?"),
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )

    threading.excepthook = thread_hook
    return reporter
