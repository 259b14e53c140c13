"""Logging to a rotating file in the logs folder, so a support person can read what happened.

A logs folder that cannot be written (read-only, full, a file where the folder should be) must
not stop the application: every command, ``db info`` included, used to die there with an
English traceback. Logging then goes to the standard error stream, said once in Spanish, and
``where_logged`` tells the messages that point to "the details" where they really are.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
STDERR = "la salida de errores (stderr)"


def configure_logging(log_file: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``log_file``; returns it, or None when its folder cannot be written and the log
    goes to stderr instead. Idempotent: calling it again (tests, a second start in one
    process) adds no handler."""
    root = logging.getLogger()
    root.setLevel(level)
    for old in list(root.handlers):
        if getattr(old, "swat_desktop", False):
            root.removeHandler(old)
            old.close()
    handler: logging.Handler
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        written: Path | None = log_file
    except OSError as exc:
        handler = _stderr_handler()
        written = None
        _warn(f"Aviso: no se puede escribir el registro en {log_file} "
              f"({exc.strerror or exc}); los mensajes del registro van a {STDERR}.")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.swat_desktop = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return written


def where_logged() -> str:
    """Where the details of a failure can be read: the log file, or stderr."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "swat_desktop", False) and isinstance(handler, logging.FileHandler):
            return handler.baseFilename
    return STDERR


def _stderr_handler() -> logging.Handler:
    # A windowed bundle has no stderr at all: then there is nowhere to log.
    if sys.stderr is None:
        return logging.NullHandler()
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)  # a command's own output must stay readable
    return handler


def _warn(message: str) -> None:
    if sys.stderr is not None:
        print(message, file=sys.stderr)
