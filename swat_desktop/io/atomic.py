"""Every file people get (workbooks, PDFs, e-mail drafts) appears whole under its name or not
at all.

A writer killed half way (a crash, kill -9, a power cut) used to leave a 0-byte or truncated
file under the final name, after having already wiped the good one of an earlier export. So
each file is written to a hidden temporary name in its target folder (the same file system,
so the rename is atomic), flushed to disk, renamed over the final name, and the folder is
flushed too: at every instant the name holds the old file or the new one.

The temporary file is locked while it is written (flock on POSIX; Windows refuses to delete
an open file anyway), so the clean-up at start-up (``remove_abandoned``) can tell the leftover
of a dead writer from the file another running copy is writing right now, without guessing
by its age. Failures become one Spanish line (domain.errors.OutputError) saying what to do.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from swat_desktop.domain.errors import OutputError, os_reason, output_error
from swat_desktop.durable import flush_folder

PARTIAL_SUFFIX = ".partial"
PARTIAL_PATTERN = f".*{PARTIAL_SUFFIX}"  # what an interrupted export leaves in its folder
_ATTEMPTS = 5  # a temporary name deleted by a clean-up between creating and locking it
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def partial_prefix(path: Path) -> str:
    """Hidden and named after its target, so a person who sees it knows what it was."""
    return f".{path.name}."


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s content into; renamed over ``path`` (replacing the
    old file) only when the block ends without an exception. On any failure the temporary
    file is removed and ``path`` is left as it was; an OSError becomes an OutputError.

    The folder must exist: a mistyped ``-o`` must not create a tree of folders somewhere.
    """
    check_target(path)
    try:
        handle, partial = _open_locked(path)
    except OSError as exc:
        raise output_error(path, exc) from exc
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if os.name == "nt":  # Windows renames no open file
                handle.close()
            os.replace(partial, path)  # POSIX: still locked until the rename is done
        with contextlib.suppress(OSError):  # some network shares cannot sync a folder
            flush_folder(path.parent)
    except OutputError:
        _discard(partial)
        raise
    except OSError as exc:
        _discard(partial)
        raise output_error(path, exc) from exc
    except BaseException:
        _discard(partial)
        raise


def check_target(path: Path) -> None:
    """Refuse, in Spanish, a target whose folder is missing or is a file, or that is a folder:
    said before any work is done, not after a minute of building a report."""
    folder = path.parent
    if not folder.exists():
        raise OutputError(f"No se pudo guardar {path}: no existe la carpeta {folder}. Créela "
                          "o elija otra carpeta.")
    if not folder.is_dir():
        raise OutputError(f"No se pudo guardar {path}: {folder} es un archivo, no una carpeta. "
                          "Elija una carpeta.")
    if path.is_dir():
        raise OutputError(f"No se pudo guardar {path}: ya existe una carpeta con ese nombre. "
                          "Elija otro nombre de archivo.")


def ensure_folder(folder: Path) -> Path:
    """The folder that reports go into, created when missing (the default exports folder is
    made on first use); a path that is a file is refused in Spanish."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"No se pueden guardar los archivos en {folder}: es un archivo, no "
                          "una carpeta. Elija una carpeta.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"No se puede crear la carpeta {folder}: {os_reason(exc)}.",
                          exc.errno) from exc
    return folder


def _open_locked(path: Path) -> tuple[BinaryIO, Path]:
    """A new hidden file beside ``path``, open and locked. Retried if a clean-up of another
    copy deleted it in the instant between its creation and its lock."""
    for _ in range(_ATTEMPTS):
        partial = path.with_name(f"{partial_prefix(path)}{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
        # Not mkstemp: its 0600 would make a report in a shared folder unreadable to the
        # others; 0666 less the umask is what any program's new file gets.
        try:
            fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
        except FileExistsError:
            continue
        handle = os.fdopen(fd, "w+b")
        if os.name == "nt":
            return handle, partial
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            if os.path.samestat(os.stat(partial), os.fstat(handle.fileno())):
                return handle, partial
        except FileNotFoundError:
            pass
        handle.close()
    raise OSError(f"could not keep a temporary file in {path.parent}")


def _discard(partial: Path) -> None:
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)


def matching(folder: Path, patterns: Sequence[str]) -> list[Path]:
    """The regular files of ``folder``'s top level (never below it: the work stays bounded by
    what is in that one folder) whose names match one of ``patterns``."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # missing or unreadable: nothing of ours can be there
        return []
    found = []
    for entry in entries:
        if not any(fnmatch.fnmatchcase(entry.name, p) for p in patterns):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                found.append(Path(entry.path))
    return found


def remove_abandoned(folder: Path, patterns: Sequence[str], *,
                     unless_locked: bool = True) -> list[Path]:
    """Delete the files ``matching`` ``patterns`` in ``folder`` that no running writer holds.
    With ``unless_locked`` false the caller has made sure nobody writes them."""
    return [path for path in matching(folder, patterns) if _remove_if_free(path, unless_locked)]


def _remove_if_free(path: Path, unless_locked: bool) -> bool:
    if os.name == "nt" or not unless_locked:  # Windows: an open file refuses to go
        try:
            path.unlink()
        except OSError:
            return False
        return True
    import fcntl

    try:
        with open(path, "rb") as probe:
            try:
                fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a running copy is writing it
            path.unlink()
    except OSError:
        return False
    return True
