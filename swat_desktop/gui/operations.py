"""One way for a page to run a write or an export off the GUI thread, in the spirit of Anki's
``CollectionOp``: the page says what to run, how to describe its result and what it changed;
the operation runs it in the thread pool (gui/worker.Task), explains a failure in Spanish,
hands the files to the window's notice and announces the change on the hub.

Before it, five pages carried their own copy of that plumbing (a Task, the PermissionError
hint, "Guardado en", the file notice), each wording the same failure a little differently.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from swat_desktop.domain.errors import OutputError, ValidationError, os_reason
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.signals import Change, SignalHub
from swat_desktop.gui.worker import CancelFn, ProgressFn, Task
from swat_desktop.services.store import DatabaseError

Work = Callable[[ProgressFn, CancelFn], Any]
# Why a PermissionError happens to people: the file is open in Excel or the PDF reader.
LOCKED = "el archivo está abierto en otro programa o la carpeta no admite escribir"
BUG = "falló el programa; los detalles quedaron en el registro."


@dataclass(frozen=True)
class Done:
    """What a finished operation says: a line for the status bar and, when it wrote files,
    the notice offering to open them."""

    status: str
    files: WrittenFiles | None = None


def explain(error: Exception, failure: str) -> str:
    """One Spanish text for what went wrong. Errors that already say what to do (a rule, a
    file for people, the store) are shown as they are; the system's own errors get
    ``failure`` ("No se pudo guardar el libro") and the reason with its way out."""
    if isinstance(error, ValidationError):
        return "\n".join(error.errors.values())
    if isinstance(error, OutputError | DatabaseError):
        return str(error)
    if isinstance(error, PermissionError):
        return f"{failure}: {LOCKED}."
    if isinstance(error, OSError):
        return f"{failure}: {os_reason(error)}."
    return f"{failure}: {BUG}"


def is_known(error: Exception) -> bool:
    """A failure of the world (a rule, the disk, the store), as opposed to a bug of ours."""
    return isinstance(error, ValidationError | OutputError | DatabaseError | OSError)


class Operation(QObject):
    """One background operation of a page. Connect to the signals, then ``start()``.

    ``ended`` comes first, either way, so buttons are enabled again before the page reacts to
    ``succeeded`` (with the work's result) or ``failed`` (with the explanation). The hub is
    told before ``succeeded``: the status line, the files, and the ``changes`` of a write.
    """

    progressed = Signal(str, int, int)
    ended = Signal()
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, hub: SignalHub, work: Work, *, describe: Callable[[Any], Done],
                 failure: str, failure_status: str | None = None,
                 changes: Iterable[Change] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.describe = describe
        self.failure = failure
        self.failure_status = failure_status
        self.changes = tuple(changes)
        self.task = Task(work, self)
        self.task.progressed.connect(self.progressed)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)

    @property
    def running(self) -> bool:
        return self.task.running

    def start(self) -> Operation:
        self.task.start()
        return self

    def cancel(self) -> None:
        self.task.cancel()

    def _finished(self, result: object) -> None:
        self.ended.emit()
        if self.changes:
            self.hub.announce(*self.changes)
        done = self.describe(result)
        if done.status:  # a quiet operation (a background sync) leaves the status bar alone
            self.hub.say(done.status)
        if done.files is not None:
            self.hub.file_written.emit(done.files)
        self.succeeded.emit(result)
        self.deleteLater()

    def _failed(self, error: Exception) -> None:
        self.ended.emit()
        if not is_known(error):  # a bug stays a bug: the crash hook logs it and says so
            sys.excepthook(type(error), error, error.__traceback__)
        text = explain(error, self.failure)
        status = text if self.failure_status is None else self.failure_status
        if status:
            self.hub.say(status)
        self.failed.emit(text)
        self.deleteLater()


def is_running(operation: Operation | None) -> bool:
    """Whether a page's last operation is still at work (one at a time per page)."""
    return operation is not None and operation.running
