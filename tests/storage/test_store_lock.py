"""Registrations of running copies on a SQLite file, and the gate a restore holds."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from swat_desktop.storage.store_lock import (
    COPY_SUFFIX,
    StoreInUse,
    StorePresence,
    exclusive_use,
    locks_dir,
    other_copies,
)


def _registrations(store: Path) -> list[Path]:
    return sorted(locks_dir(store).glob(f"*{COPY_SUFFIX}"))


def test_a_registered_copy_is_described_and_blocks_exclusive_use(tmp_path: Path) -> None:
    store = tmp_path / "base.sqlite3"
    first = StorePresence.join(store)
    second = StorePresence.join(store)
    try:
        [holder] = other_copies(store, own=first)
        assert (holder.host, holder.pid) == (socket.gethostname(), os.getpid())
        with pytest.raises(StoreInUse) as refused, exclusive_use(store, own=first):
            pass
        assert len(refused.value.holders) == 1
    finally:
        second.release()
    with exclusive_use(store, own=first):
        assert _registrations(store) == [first.path]
    first.release()
    assert _registrations(store) == []


def test_what_a_dead_copy_left_behind_does_not_count_and_is_cleaned(tmp_path: Path) -> None:
    store = tmp_path / "base.sqlite3"
    locks_dir(store).mkdir()
    stale = locks_dir(store) / f"99999-deadbeef{COPY_SUFFIX}"
    stale.write_text('{"host": "pc", "pid": 99999, "since": "2026-11-22T08:00:00+00:00"}',
                     encoding="utf-8")  # nobody holds its lock
    assert other_copies(store) == []
    assert not stale.exists()


def test_a_copy_that_starts_during_a_restore_waits_for_it(tmp_path: Path) -> None:
    store = tmp_path / "base.sqlite3"
    order: list[str] = []
    joined: list[StorePresence] = []

    def start() -> None:
        joined.append(StorePresence.join(store))
        order.append("joined")

    with exclusive_use(store):
        starter = threading.Thread(target=start)
        starter.start()
        time.sleep(0.3)  # room for the starter to get ahead, were it not held at the gate
        order.append("restored")
    starter.join()
    joined[0].release()
    assert order == ["restored", "joined"]
