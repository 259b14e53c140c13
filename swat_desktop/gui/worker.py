"""Long work off the GUI thread, with progress and cancel, reporting back through signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, int, int], None]
CancelFn = Callable[[], bool]


class Task(QObject):
    """One background job. Connect to the signals, then call ``start()``.

    ``work(progress, cancelled)`` runs in the thread pool; its return value arrives through
    ``finished``, an exception through ``failed``. Signals cross back to the GUI thread.
    """

    progressed = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[ProgressFn, CancelFn], Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.running = False

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def _run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self._cancel.is_set)
        except BaseException as exc:  # handed to the GUI, which decides what to say
            if not isinstance(exc, Exception):
                raise
            log.info("Background task ended with %s", type(exc).__name__, exc_info=exc)
            self.running = False
            self.failed.emit(exc)
            return
        self.running = False
        self.finished.emit(result)


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run()
