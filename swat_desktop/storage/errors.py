"""The one place where what a database driver says becomes what a person reads.

A store fails in a few known ways that are nobody's bug: it is busy (another writer holds it
longer than the busy timeout: a 100,000-row import), its disk is full, it is read-only, it is
gone (the file moved, the server or the network share went away), it is damaged, or the disk
failed. Those are raised as one subclass of ``StoreUnavailable`` per way (``StoreLocked``,
``StoreFull``, ``StoreReadOnly``, ``StoreGone``, ``StoreCorrupt``, ``StoreDiskFailed``) with
its ``kind`` and one Spanish line that says what to do; anything else (a constraint, a
programming error) is left as the driver raised it, a bug for the log, as qutebrowser's
misc/sql.py tells KnownError from BugError. Callers (the crash dialog) tell them by class.

The driver is asked first by its error code (``sqlite_errorname`` of Python's sqlite3,
``sqlstate`` of psycopg); the English text only when there is no code.
"""

from __future__ import annotations

import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from swat_desktop.storage.database import Database


class DatabaseError(Exception):
    """A store that cannot be opened or used; the message is Spanish and shown as is."""


class Trouble(Enum):
    """The ways a store fails that are nobody's bug."""

    BUSY = "busy"
    FULL = "full"
    READ_ONLY = "read_only"
    GONE = "gone"
    DAMAGED = "damaged"
    DISK = "disk"
    REFUSED = "refused"  # a shared server's grants or row-level security said no


class StoreUnavailable(DatabaseError):
    """The store refused a use case for a known reason (``kind``); nothing of it was saved."""

    def __init__(self, message: str, kind: Trouble) -> None:
        super().__init__(message)
        self.kind = kind


class StoreDamaged(DatabaseError):
    """The SQLite file failed its integrity check: the way out is restoring a backup."""

    def __init__(self, message: str, path: Path, problems: list[str]) -> None:
        super().__init__(message)
        self.path = path
        self.problems = problems


class StoreLocked(StoreUnavailable):
    """Busy or locked: another writer held the store longer than the busy timeout."""


class StoreFull(StoreUnavailable):
    """The store's disk (or the server's) is full."""


class StoreReadOnly(StoreUnavailable):
    """The file, its folder or the server accepts no writes."""


class StoreGone(StoreUnavailable):
    """The file moved or went, or the connection to the server or the share was cut."""


class StoreCorrupt(StoreUnavailable):
    """A page read found the file damaged: the way out is a backup."""


class StoreDiskFailed(StoreUnavailable):
    """The disk under the store failed a read or a write."""


class StoreRefused(StoreUnavailable):
    """A shared server prepared by ``servidor preparar`` refused the login this write: its
    role lacks the grant, or the row is another point's (row-level security)."""


_CLASSES: dict[Trouble, type[StoreUnavailable]] = {
    Trouble.BUSY: StoreLocked, Trouble.FULL: StoreFull, Trouble.READ_ONLY: StoreReadOnly,
    Trouble.GONE: StoreGone, Trouble.DAMAGED: StoreCorrupt, Trouble.DISK: StoreDiskFailed,
    Trouble.REFUSED: StoreRefused,
}


# While a use case runs: what happened, and what to do. {name} is the store.
_IN_USE = {
    Trouble.BUSY: "La base de datos {name} está ocupada: otra persona o programa está "
                  "guardando un cambio grande (una importación, por ejemplo). Espere a que "
                  "termine y vuelva a intentar; no se cambió nada.",
    Trouble.FULL: "El disco de la base de datos {name} está lleno: libere espacio en ese disco "
                  "(borre archivos que no necesite, vacíe la papelera) y vuelva a intentar; no "
                  "se cambió nada.",
    Trouble.READ_ONLY: "La base de datos {name} es de solo lectura: revise los permisos del "
                       "archivo y de su carpeta (o si el disco está protegido contra "
                       "escritura) y vuelva a intentar; no se cambió nada.",
    Trouble.GONE: "La base de datos {name} ya no está disponible (se movió o se borró el "
                  "archivo, o se cortó la conexión con el servidor o la unidad de red): revise "
                  "que siga en su lugar y vuelva a abrir SWAT Desktop.",
    Trouble.DAMAGED: "La base de datos {name} está dañada: restaure un respaldo (la base "
                     "dañada queda guardada aparte); no se cambió nada.",
    Trouble.DISK: "Error de lectura o escritura en el disco de la base de datos {name}: "
                  "revise que el disco tenga espacio libre y esté conectado, y vuelva a "
                  "intentar; no se cambió nada.",
    Trouble.REFUSED: "El servidor de la base de datos {name} no permite esta operación a su "
                     "usuario (su rol no la tiene, o el registro es de otro punto de "
                     "atención); no se cambió nada. Si debería poder hacerla, pida al "
                     "administrador que revise su rol o que ejecute «swat-desktop servidor "
                     "preparar».",
}
# When the store cannot even be opened: the reason after "No se puede abrir …:".
_AT_OPEN = {
    Trouble.BUSY: "la base de datos está bloqueada por otro programa (espere a que termine "
                  "y vuelva a intentar)",
    Trouble.FULL: "el disco está lleno (libere espacio y vuelva a intentar)",
    Trouble.READ_ONLY: "la base de datos es de solo lectura (revise los permisos del archivo "
                       "y de su carpeta)",
    Trouble.GONE: "no se puede abrir el archivo (revise carpeta y permisos)",
    Trouble.DAMAGED: "el archivo de la base de datos está dañado",
    Trouble.DISK: "error de lectura o escritura en el disco (revise que tenga espacio libre "
                  "y esté conectado)",
    Trouble.REFUSED: "el servidor no permite a su usuario esta operación (pida al "
                     "administrador que ejecute «swat-desktop servidor preparar»)",
}
_NOT_A_DATABASE = "el archivo no es una base de datos SQLite"

_SQLITE_CODES = {
    "SQLITE_BUSY": Trouble.BUSY, "SQLITE_LOCKED": Trouble.BUSY, "SQLITE_FULL": Trouble.FULL,
    "SQLITE_READONLY_DBMOVED": Trouble.GONE, "SQLITE_READONLY": Trouble.READ_ONLY,
    "SQLITE_CANTOPEN": Trouble.GONE, "SQLITE_CORRUPT": Trouble.DAMAGED,
    "SQLITE_NOTADB": Trouble.DAMAGED, "SQLITE_IOERR": Trouble.DISK,
}
# SQLSTATE classes and codes of PostgreSQL (psycopg's ``sqlstate``).
_POSTGRES_STATES = {
    "55P03": Trouble.BUSY, "40P01": Trouble.BUSY, "40001": Trouble.BUSY,
    "53100": Trouble.FULL, "25006": Trouble.READ_ONLY, "57P01": Trouble.GONE,
    "42501": Trouble.REFUSED,  # insufficient privilege, and row-level security
    "57P02": Trouble.GONE, "57P03": Trouble.GONE, "XX001": Trouble.DAMAGED,
    "XX002": Trouble.DAMAGED, "58030": Trouble.DISK,
}
_TEXTS = (  # drivers without codes: their English words, most specific first
    ("database is locked", Trouble.BUSY), ("database table is locked", Trouble.BUSY),
    ("lock timeout", Trouble.BUSY), ("database or disk is full", Trouble.FULL),
    ("attempt to write a readonly database", Trouble.READ_ONLY),
    ("unable to open database file", Trouble.GONE),
    ("database disk image is malformed", Trouble.DAMAGED),
    ("file is not a database", Trouble.DAMAGED), ("disk I/O error", Trouble.DISK),
    ("server closed the connection", Trouble.GONE), ("Connection refused", Trouble.GONE),
)
# libpq's words when a server cannot be reached or refuses us, whatever its language.
_POSTGRES_REASONS = {
    "Connection refused": "el servidor no acepta conexiones (revise que esté encendido, la "
                          "dirección y el puerto)",
    "timeout expired": "el servidor no respondió a tiempo (revise la red)",
    "could not translate host name": "no se encuentra el servidor (revise su nombre)",
    "password authentication failed": "el usuario o la contraseña no son correctos",
    "no password supplied": "el servidor pide una contraseña y la dirección no la incluye",
    "lock timeout": "otra persona está guardando un cambio grande (una importación, por "
                    "ejemplo); vuelva a intentar en unos segundos",
    "does not exist": "la base de datos o el usuario indicados no existen en el servidor",
}


def trouble_of(exc: BaseException) -> Trouble | None:
    """The known way ``exc`` (a driver's error, or SQLAlchemy's wrapping of one) failed, or
    None for a bug."""
    orig = getattr(exc, "orig", None) or exc
    if getattr(exc, "connection_invalidated", False):
        return Trouble.GONE
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(orig, sqlite3.Error) and isinstance(name, str):
        # Extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT) fall to their family.
        for prefix, trouble in _SQLITE_CODES.items():
            if name == prefix or name.startswith(prefix + "_"):
                return trouble
        return None
    state = getattr(orig, "sqlstate", None)
    if isinstance(state, str) and state:
        return _POSTGRES_STATES.get(state, Trouble.GONE if state.startswith("08") else None)
    raw = str(orig)
    return next((trouble for words, trouble in _TEXTS if words in raw), None)


def known_error(db: Database, exc: BaseException) -> StoreUnavailable | None:
    """``exc`` as the Spanish StoreUnavailable a person reads, or None when it is a bug."""
    trouble = trouble_of(exc)
    if trouble is None:
        return None
    return _CLASSES[trouble](_IN_USE[trouble].format(name=db.display_name), trouble)


def driver_trouble(exc: BaseException) -> Trouble | None:
    """The known way a database error failed, for one that reached a caller without going
    through a use case's session (a driver's error raised as is): asked by class, a
    ``sqlite3.Error``, a SQLAlchemy ``DBAPIError`` or a psycopg error, then by its code. Any
    other exception is None: not a store's trouble."""
    if isinstance(exc, StoreUnavailable):
        return exc.kind
    # psycopg is imported only when a PostgreSQL store is opened; before, none of its errors
    # can exist, and start-up does not pay for importing it.
    psycopg = sys.modules.get("psycopg")
    if isinstance(exc, sqlite3.Error | DBAPIError) or (
            psycopg is not None and isinstance(exc, psycopg.Error)):
        return trouble_of(exc)
    return None


def describe_db_error(db: Database, exc: BaseException) -> str:
    """One Spanish line that says which store could not be opened and why."""
    raw = str(getattr(exc, "orig", None) or exc)
    reason: str | None
    if db.is_sqlite:
        trouble = trouble_of(exc)
        reason = (_NOT_A_DATABASE if "file is not a database" in raw
                  else _AT_OPEN[trouble] if trouble is not None else None)
    else:
        reason = next((es for en, es in _POSTGRES_REASONS.items() if en in raw), None)
    if reason is None:
        reason = raw.strip().splitlines()[0] if raw.strip() else type(exc).__name__
    return f"No se puede abrir la base de datos {db.display_name}: {reason}."
