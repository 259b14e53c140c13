"""The day's backup on a month's store (~100 MB) and on a year's (~1 GB): size and time of the
compressed copy against the plain page copy earlier versions made, restoring it, opening the
store before the window, and how long closing the window waits for the work to stop.

The stores are the ones bench_year builds (the real import of generated bases; reused from
``SWAT_BENCH_YEAR_DIR`` when set). Every figure is taken on both stores in turn, so drift of
the machine falls on both sides. The daily backup runs in the background; what a person feels
is opening the store (bounded checks only: ratio ≈ 1) and closing the window (≤ 1 s).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.bench_year import _stores
from bench.common import MEGABYTES, Result, base_rows
from bench.year_store import YearStore
from swat_desktop.domain.backup_retention import Retention
from swat_desktop.domain.clock import SystemClock
from swat_desktop.paths import resolve_paths
from swat_desktop.services import backups, restoring, store, upkeep
from swat_desktop.storage.archive import Stopped
from swat_desktop.storage.backup import sqlite_online_backup

MB = 1024 * 1024
TARGET_STOP_S = 1.0
# A backup of the year store takes the better part of a minute; two samples are enough.
MOST_BACKUP_SAMPLES = 2
# When closing is asked of the running work: a third into its backup, inside the full check.
STOP_AT = 1 / 3


def _timed(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _backup(built: YearStore, folder: Path) -> tuple[float, float, Path]:
    """Seconds of the daily backup (full check, compact copy, compression) and its MB."""
    paths = resolve_paths(built.home)
    db = store.connect(None, paths.database_file)
    try:
        made: list[Path] = []
        seconds = _timed(lambda: made.append(backups.make_backup(
            db, folder, backups.BackupKind.AUTOMATIC, full_check=True)))
    finally:
        db.dispose()
    return seconds, made[0].stat().st_size / MB, made[0]


def _plain(built: YearStore, folder: Path) -> tuple[float, float]:
    """The copy earlier versions kept: SQLite's page-by-page backup, uncompressed."""
    target = folder / f"plain-{time.monotonic_ns()}.sqlite3"
    seconds = _timed(lambda: sqlite_online_backup(resolve_paths(built.home).database_file,
                                                  target))
    size = target.stat().st_size / MB
    target.unlink()
    return seconds, size


def _restore(built: YearStore, backup: Path, folder: Path) -> float:
    """Restoring the compressed backup over a scratch copy of the store's data folder."""
    scratch = folder / "restore-home"
    shutil.rmtree(scratch, ignore_errors=True)
    paths = resolve_paths(scratch).ensure()
    seconds = _timed(lambda: restoring.restore(paths.database_file, backup, paths.backups_dir,
                                               SystemClock()))
    shutil.rmtree(scratch)
    return seconds


def _open(built: YearStore) -> float:
    """Opening the store as the window does: bounded checks, migrations, seeds."""
    paths = resolve_paths(built.home)
    opened: list[store.Database] = []
    seconds = _timed(lambda: opened.append(store.open_store(
        None, paths.database_file, paths.backups_dir, quick_check=False)[0]))
    opened[0].dispose()
    return seconds


def _stop(built: YearStore, folder: Path, after_s: float) -> float:
    """From asking the day's work to stop (the window closing) to the work having ended."""
    paths = resolve_paths(built.home)
    db = store.connect(None, paths.database_file)
    asked = threading.Event()
    ended = threading.Event()
    outcome: list[BaseException] = []

    def work() -> None:
        try:
            upkeep.run(db, folder, Retention(), lambda *_: None, asked.is_set)
        except BaseException as exc:  # handed to the main thread
            outcome.append(exc)
        ended.set()

    thread = threading.Thread(target=work)
    thread.start()
    time.sleep(after_s)
    started = time.perf_counter()
    asked.set()
    ended.wait()
    seconds = time.perf_counter() - started
    thread.join()
    db.dispose()
    if not outcome or not isinstance(outcome[0], Stopped):
        raise RuntimeError(f"the day's work did not stop when asked: {outcome}")
    if any(folder.iterdir()):
        raise RuntimeError(f"a stopped backup left files in {folder}")
    return seconds


def run(repeats: int) -> list[Result]:
    rows = base_rows()
    with tempfile.TemporaryDirectory(prefix="swat-bench-backup-") as tmp:
        root = Path(tmp)
        print("  the month's and the year's stores (bench_year's, untimed)…", flush=True)
        month, year = _stores(root / "stores", rows)
        sides = (month, year)
        taken: dict[str, tuple[list[float], list[float]]] = {}

        def add(name: str, side: int, value: float) -> None:
            taken.setdefault(name, ([], []))[side].append(value)

        for sample in range(min(repeats, MOST_BACKUP_SAMPLES)):
            for side, built in enumerate(sides):
                folder = root / f"backups-{side}-{sample}"
                seconds, size, made = _backup(built, folder)
                plain_s, plain_mb = _plain(built, folder)
                add("backup_s", side, seconds)
                add("backup_mb", side, size)
                add("plain_s", side, plain_s)
                add("plain_mb", side, plain_mb)
                add("restore_s", side, _restore(built, made, root))
                shutil.rmtree(folder)
                print(f"    {'year' if side else 'month'}: backup {seconds:.1f} s, "
                      f"{size:.0f} MB (plain copy {plain_s:.1f} s, {plain_mb:.0f} MB)",
                      flush=True)
        for _round in range(repeats):
            for side, built in enumerate(sides):
                add("open_s", side, _open(built))
                folder = root / f"stop-{side}"
                folder.mkdir(exist_ok=True)
                after = statistics.median(taken["backup_s"][side]) * STOP_AT
                add("stop_s", side, _stop(built, folder, after))

    def median(name: str, side: int) -> float:
        return statistics.median(taken[name][side])

    stop = median("stop_s", 1)
    return [
        Result.from_samples(
            "backup_year_mb", taken["backup_mb"][1], "store_copy_year_mb",
            taken["plain_mb"][1], "the day's compressed backup against the plain copy of the "
            "year's store that earlier versions kept", unit=MEGABYTES),
        Result.from_samples(
            "backup_month_mb", taken["backup_mb"][0], "store_copy_month_mb",
            taken["plain_mb"][0], "the same on the month's store", unit=MEGABYTES),
        Result.from_samples(
            "backup_year_vs_plain", taken["backup_s"][1], "plain_copy_year",
            taken["plain_s"][1],
            "full integrity_check + VACUUM INTO + zstd, in the background, against the plain "
            "page copy (which checked nothing)"),
        Result.from_samples(
            "backup_year", taken["backup_s"][1], "backup_month", taken["backup_s"][0],
            "the background backup grows with the store; nothing waits for it"),
        Result.from_samples(
            "restore_year", taken["restore_s"][1], "restore_month", taken["restore_s"][0],
            "expand, integrity_check, schema check, swap"),
        Result.from_samples(
            "open_store_year", taken["open_s"][1], "open_store_month", taken["open_s"][0],
            "open_store as the window does (header and schema only; the whole-file check "
            "runs after the window is shown)"),
        Result.from_samples(
            "stop_year", taken["stop_s"][1], "stop_month", taken["stop_s"][0],
            f"closing the window during the day's check: year {stop * 1000:.0f} ms (target "
            f"≤ {TARGET_STOP_S * 1000:.0f} ms): "
            + ("met" if stop <= TARGET_STOP_S else "MISSED")),
    ]
