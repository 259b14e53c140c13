"""Which running copies of SWAT Desktop have a SQLite store open, so that a restore can wait
for none.

Two copies on one store are safe for ordinary work: WAL, ``busy_timeout``, ``BEGIN IMMEDIATE``
and row versions take care of that. Replacing the file under a running copy is not: on Linux
that copy would go on writing into the replaced file and its work would be lost; on Windows
the replacement would fail half way. So every copy that opens the store registers itself with
a small file that it keeps locked until it closes, and a restore holds the folder's gate while
it finds no registration still locked by somebody else. The operating system drops the lock of
a copy that crashed or was killed, so a stale registration never blocks anyone; whoever next
finds it unlocked deletes it.

The locks are advisory and local: they work between copies on one computer (the supported way
of sharing a SQLite store), not across a network share.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

LOCKS_SUFFIX = ".locks"
GATE_NAME = "gate"
RESTORE_NAME = "restore"  # held while a restore stages its copy beside the store
COPY_SUFFIX = ".copy"
# Joining waits while a restore replaces the file (seconds for a big store); a restore only
# waits for a copy that is registering (milliseconds).
JOIN_WAIT_S = 60.0
EXCLUSIVE_WAIT_S = 5.0
_POLL_S = 0.05
# Windows locks byte ranges, and a locked range cannot be read by anybody else: lock one byte
# far beyond the JSON so that other copies can still read who holds the store.
_WINDOWS_LOCK_OFFSET = 1 << 30


class StoreBusy(Exception):
    """Another copy is restoring the store (or registering) and did not finish in time."""


class StoreInUse(Exception):
    """Other running copies hold the store: a restore must not replace it under them."""

    def __init__(self, holders: list[Holder]) -> None:
        super().__init__(f"{len(holders)} other copies have the store open")
        self.holders = holders


@dataclass(frozen=True)
class Holder:
    """A running copy, as it described itself when it opened the store."""

    host: str
    pid: int
    since: datetime  # UTC


def locks_dir(store: Path) -> Path:
    return store.with_name(store.name + LOCKS_SUFFIX)


class _LockedFile:
    """One open file with an exclusive, non-blocking lock that dies with the process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file: BinaryIO = open(path, "a+b")  # noqa: SIM115 - held for the copy's lifetime
        self.locked = False

    def try_lock(self) -> bool:
        try:
            if os.name == "nt":
                import msvcrt

                self.file.seek(_WINDOWS_LOCK_OFFSET)
                msvcrt.locking(self.file.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                # flock, not lockf: two opens in one process conflict too, and closing an
                # unrelated descriptor of the same file does not drop the lock.
                fcntl.flock(self.file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        self.locked = True
        return True

    def close(self) -> None:
        """Release the lock and the file (POSIX drops the lock with the descriptor; Windows
        asks for an explicit unlock first)."""
        if self.locked and os.name == "nt":
            import msvcrt

            self.file.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(self.file.fileno(), msvcrt.LK_UNLCK, 1)
        self.locked = False
        self.file.close()


def _wait_for_lock(path: Path, seconds: float) -> _LockedFile:
    locked = _LockedFile(path)
    deadline = time.monotonic() + seconds
    while not locked.try_lock():
        if time.monotonic() >= deadline:
            locked.close()
            raise StoreBusy(f"{path} stayed locked for {seconds:.0f} s")
        time.sleep(_POLL_S)
    return locked


@contextmanager
def _gate(store: Path, seconds: float) -> Iterator[None]:
    folder = locks_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    gate = _wait_for_lock(folder / GATE_NAME, seconds)
    try:
        yield
    finally:
        gate.close()


def _live_holders(store: Path, own: StorePresence | None) -> list[Holder]:
    """Registrations still locked by a running copy; stale ones are deleted on the way.

    Called with the gate held, so nobody registers meanwhile.
    """
    holders = []
    for path in sorted(locks_dir(store).glob(f"*{COPY_SUFFIX}")):
        if own is not None and path == own.path:
            continue
        try:
            probe = _LockedFile(path)
        except OSError:  # deleted by its owner just now
            continue
        try:
            stale = probe.try_lock()
        finally:
            probe.close()
        if stale:
            path.unlink(missing_ok=True)
        else:
            holders.append(_describe(path))
    return holders


def _describe(path: Path) -> Holder:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(str(data["host"]), int(data["pid"]), datetime.fromisoformat(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):  # a copy still writing its description
        return Holder("?", 0, datetime.fromtimestamp(path.stat().st_mtime, UTC))


class StorePresence:
    """This copy's registration on a store, held until ``release()``."""

    def __init__(self, store: Path, path: Path, locked: _LockedFile) -> None:
        self.store = store
        self.path = path
        self._locked: _LockedFile | None = locked

    @classmethod
    def join(cls, store: Path) -> StorePresence:
        """Register this copy; waits while another copy restores a backup over the store."""
        with _gate(store, JOIN_WAIT_S):
            _live_holders(store, None)  # clears what crashed copies left behind
            path = locks_dir(store) / f"{os.getpid()}-{uuid.uuid4().hex[:12]}{COPY_SUFFIX}"
            locked = _LockedFile(path)
            if not locked.try_lock():  # a fresh, unique name: nobody else can hold it
                locked.close()
                raise StoreBusy(f"could not lock {path}")
            description = {"host": socket.gethostname(), "pid": os.getpid(),
                           "since": datetime.now(UTC).isoformat()}
            locked.file.truncate(0)
            locked.file.write(json.dumps(description).encode("utf-8"))
            locked.file.flush()
        return cls(store, path, locked)

    def release(self) -> None:
        if self._locked is None:
            return
        self._locked.close()
        self._locked = None
        # Windows refuses while another copy probes the file; that copy then deletes it.
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def other_copies(store: Path, own: StorePresence | None = None) -> list[Holder]:
    """The other running copies that have ``store`` open right now."""
    if not locks_dir(store).is_dir():
        return []
    with _gate(store, EXCLUSIVE_WAIT_S):
        return _live_holders(store, own)


@contextmanager
def exclusive_use(store: Path, own: StorePresence | None = None) -> Iterator[None]:
    """Hold the store against every other copy: none may have it open, none may open it until
    the block ends. Raises StoreInUse (who holds it) or StoreBusy."""
    with _gate(store, EXCLUSIVE_WAIT_S):
        holders = _live_holders(store, own)
        if holders:
            raise StoreInUse(holders)
        yield


@contextmanager
def restoring(store: Path) -> Iterator[None]:
    """Held for the whole of a restore, so that the clean-up at another copy's start-up
    leaves the copy being staged beside the store alone (``restore_running``). Raises
    StoreBusy when another copy is restoring this store already."""
    folder = locks_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    locked = _LockedFile(folder / RESTORE_NAME)
    if not locked.try_lock():
        locked.close()
        raise StoreBusy(f"{folder / RESTORE_NAME} is locked: another copy is restoring")
    try:
        yield
    finally:
        locked.close()


def restore_running(store: Path) -> bool:
    """Whether a running copy is restoring a backup over ``store`` right now."""
    path = locks_dir(store) / RESTORE_NAME
    if not path.is_file():
        return False
    try:
        probe = _LockedFile(path)
    except OSError:
        return True  # cannot tell: leave its files alone
    try:
        return not probe.try_lock()
    finally:
        probe.close()
