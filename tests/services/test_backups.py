"""Making backups, what is kept, the checks of the store and the day's upkeep, on real SQLite
files. Restoring is tests/services/test_restore.py."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from swat_desktop.domain.backup_retention import Retention
from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import UserProfile
from swat_desktop.paths import AppPaths
from swat_desktop.services import backups, base_import, identity, store, upkeep
from swat_desktop.services.backups import BackupKind
from swat_desktop.services.store import Database
from swat_desktop.storage.archive import Stopped
from tests.fixtures.backups import opened
from tests.fixtures.damage import break_index_entry, overwrite_middle_pages
from tests.fixtures.workbooks import good_rows, write_xlsx

pytestmark = pytest.mark.sqlite_only("backups and integrity checks are of the file")


def _import_base(db: Database, user: UserProfile, folder: Path, rows: int = 300) -> None:
    path = write_xlsx(folder / "Base Mal Escalados 21-11-2026.xlsx", good_rows(rows))
    base_import.run_import(db, user, base_import.analyze(db, path))


def _fake(folder: Path, name: str, source: Path) -> Path:
    """A backup made on another day: a real copy under the name that day would give it."""
    target = folder / name
    shutil.copyfile(source, target)
    return target


def _hidden(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


# Making one -------------------------------------------------------------------------------


def test_a_backup_is_a_compressed_compact_copy_of_the_store(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    _import_base(db, agent, tmp_path, rows=2000)
    steps: list[tuple[str, int, int]] = []
    made = backups.make_backup(db, paths.backups_dir,
                               report=lambda text, done, total: steps.append((text, done, total)))
    assert made.name.startswith("swat-desktop-20261123-")
    assert made.name.endswith(".sqlite3.zst")
    assert made.stat().st_size < paths.database_file.stat().st_size
    with opened(made) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT count(*) FROM mal_escalado_cases").fetchone() == (2000,)
    said = [text for text, _done, _total in steps]
    assert said[0] == "Comprobando la base de datos"
    assert "Comprimiendo la copia" in said
    assert steps[-1][1] == steps[-1][2] > 0  # the last step reached its end
    assert _hidden(paths.backups_dir) == []
    [listed] = backups.list_backups(paths.backups_dir)
    assert (listed.path, listed.kind, listed.compressed) == (made, BackupKind.MANUAL, True)


def test_the_name_of_a_backup_is_the_stores_clock_in_this_computers_time(
        db: Database, agent: UserProfile, paths: AppPaths, clock: FixedClock) -> None:
    clock.set(datetime(2029, 2, 28, 23, 59, 58).astimezone())
    first = backups.make_backup(db, paths.backups_dir)
    second = backups.make_backup(db, paths.backups_dir)  # within the same second: both kept
    assert first.name == "swat-desktop-20290228-235958.sqlite3.zst"
    assert second.name == "swat-desktop-20290228-235958-2.sqlite3.zst"


def test_a_stopped_backup_leaves_nothing_behind(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    _import_base(db, agent, tmp_path, rows=2000)
    for step in ("Comprobando la base de datos", "Copiando la base de datos",
                 "Comprimiendo la copia"):
        asked = threading.Event()
        with pytest.raises(Stopped):
            backups.make_backup(db, paths.backups_dir, report=lambda text, _d, _t, s=step,
                                a=asked: a.set() if text == s else None, stop=asked.is_set)
        assert list(paths.backups_dir.iterdir()) == [], step


# What is kept ------------------------------------------------------------------------------


def test_the_day_backup_is_made_once_a_day(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    assert upkeep.daily_due(db, paths.backups_dir)
    done = upkeep.run_daily(db, paths.backups_dir, Retention())
    assert done.backup is not None
    assert done.backup.name.startswith("automatico-")
    assert not upkeep.daily_due(db, paths.backups_dir)
    assert upkeep.daily_due(db, paths.backups_dir, today=date(2099, 1, 1))
    with opened(done.backup) as copy:
        assert copy.execute("SELECT login FROM users").fetchall() == [(agent.login,)]


def test_automatic_backups_beyond_the_retention_go_and_no_other_kind_is_deleted(
        db: Database, agent: UserProfile, paths: AppPaths, clock: FixedClock) -> None:
    folder = paths.backups_dir
    manual = backups.make_backup(db, folder)
    # A backup every day from 1 January 2026 to yesterday (22 November 2026).
    day, automatic = datetime(2026, 1, 1, 8), []
    while day.date() < date(2026, 11, 23):
        automatic.append(_fake(folder, f"automatico-{day:%Y%m%d-%H%M%S}.sqlite3.zst", manual))
        day += timedelta(days=1)
    old_plain = _fake(folder, "automatico-20251201-080000.sqlite3", manual)
    others = [_fake(folder, "antes-de-migrar-0004-20261001-080000-123456.sqlite3", manual),
              _fake(folder, "antes-de-restaurar-20261002-080000.sqlite3", manual),
              _fake(folder, "copia de Juan.sqlite3", manual),
              _fake(folder, "swat-desktop-20261003-080000.sqlite3", manual)]

    done = upkeep.run_daily(db, folder, Retention(7, 4, 12))

    remaining = backups.list_backups(folder)
    kept = sorted(b.created.date() for b in remaining if b.kind is BackupKind.AUTOMATIC)
    days = [date(2026, 11, d) for d in range(17, 24)]  # today and the six days before
    # The newest of each of the last four weeks: this Monday's is today's, the three before
    # end on Sundays, one of them already among the days.
    sundays = [date(2026, 11, 8), date(2026, 11, 15)]
    month_ends = [date(2026, m, 28 if m == 2 else 30 if m in (4, 6, 9) else 31)
                  for m in range(1, 11)] + [date(2025, 12, 1)]
    assert kept == sorted(days + sundays + month_ends)
    assert len(kept) == 20 <= Retention().most
    assert old_plain.exists()  # a plain one of an earlier version counts as one of them
    assert len(done.removed) == len(automatic) + 2 - len(kept)
    assert {manual, *others} <= {b.path for b in remaining}
    kinds = {b.path.name: b.kind for b in remaining}
    assert kinds["copia de Juan.sqlite3"] is BackupKind.OTHER
    assert kinds[others[0].name] is BackupKind.BEFORE_MIGRATION
    assert kinds[others[1].name] is BackupKind.BEFORE_RESTORE
    dated = {b.path.name: b.created for b in remaining}
    assert dated[others[0].name] == datetime(2026, 10, 1, 8, 0, 0)


def test_the_retention_is_a_setting_of_this_computer(paths: AppPaths) -> None:
    settings = paths.local_settings_file
    assert backups.retention(settings) == Retention(7, 4, 12)
    identity.remember_login(settings, "mrojas")
    backups.set_retention(settings, Retention(10, 0, 24))
    assert backups.retention(settings) == Retention(10, 0, 24)
    assert identity.remembered_login(settings) == "mrojas"  # the other setting survives


def test_the_count_of_an_earlier_version_still_means_the_newest_days(paths: AppPaths) -> None:
    paths.local_settings_file.write_text('{"automatic_backups_kept": 30}', encoding="utf-8")
    assert backups.retention(paths.local_settings_file) == Retention(30, 0, 0)
    paths.local_settings_file.write_text('{"automatic_backups_retention": [0, -1, "x"]}',
                                         encoding="utf-8")
    assert backups.retention(paths.local_settings_file) == Retention()  # nonsense: default


def test_an_interrupted_copy_is_never_listed_and_is_cleaned_up(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    leftover = paths.backups_dir / ".automatico-20261121-080000.sqlite3.zst.x1.partial"
    leftover.write_bytes(b"SQLite format 3\0 a half-written copy")
    assert backups.list_backups(paths.backups_dir) == []
    old = datetime(2026, 1, 1).timestamp()
    os.utime(leftover, (old, old))
    done = upkeep.run_daily(db, paths.backups_dir, Retention())
    assert leftover in done.removed
    assert not leftover.exists()


# The checks of the store ------------------------------------------------------------------


def _damaged(db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> bytes:
    _import_base(db, agent, tmp_path)
    db.dispose()
    overwrite_middle_pages(paths.database_file, seed=7)
    return paths.database_file.read_bytes()


def test_a_store_with_overwritten_pages_is_refused_by_the_command_line_open(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    damaged = _damaged(db, agent, paths, tmp_path)
    with pytest.raises(store.StoreDamaged) as caught:
        store.open_store(None, paths.database_file, paths.backups_dir)
    message = str(caught.value)  # SQLite may report the damage as a result or as an error
    assert str(paths.database_file) in message
    assert "está dañad" in message
    assert caught.value.path == paths.database_file
    assert caught.value.problems
    assert paths.database_file.read_bytes() == damaged
    assert list(paths.backups_dir.iterdir()) == []  # not migrated, not copied


def test_the_window_opens_a_damaged_store_and_the_background_check_finds_it(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    damaged = _damaged(db, agent, paths, tmp_path)
    reopened, _ = store.open_store(None, paths.database_file, paths.backups_dir,
                                   quick_check=False)
    try:
        with pytest.raises(store.StoreDamaged, match="dañad"):
            upkeep.run(reopened, paths.backups_dir, Retention(), lambda *_: None,
                       lambda: False)
    finally:
        reopened.dispose()
    assert paths.database_file.read_bytes() == damaged
    assert list(paths.backups_dir.iterdir()) == []  # no copy of a damaged store


def test_a_file_whose_header_is_gone_is_refused_even_before_the_window(
        paths: AppPaths) -> None:
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    db.dispose()
    data = bytearray(paths.database_file.read_bytes())
    data[:100] = bytes(100)
    paths.database_file.write_bytes(bytes(data))
    for quick in (True, False):
        with pytest.raises(store.StoreDamaged, match="no es una base de datos SQLite"):
            store.open_store(None, paths.database_file, paths.backups_dir, quick_check=quick)


def test_the_daily_full_check_finds_what_the_quick_check_does_not_and_skips_the_backup(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    yesterday = backups.make_backup(db, paths.backups_dir, BackupKind.AUTOMATIC)
    db.dispose()
    break_index_entry(paths.database_file)
    reopened, _ = store.open_store(None, paths.database_file, paths.backups_dir)  # quick_check
    try:
        with pytest.raises(store.StoreDamaged, match="missing from index ix_audit_log_at"):
            upkeep.run_daily(reopened, paths.backups_dir, Retention())
    finally:
        reopened.dispose()
    assert [b.path for b in backups.list_backups(paths.backups_dir)] == [yesterday]


# The day's upkeep -------------------------------------------------------------------------


def test_the_first_start_of_a_day_backs_up_and_tidies_later_ones_only_check(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path,
        clock: FixedClock) -> None:
    _import_base(db, agent, tmp_path)
    said: list[str] = []
    first = upkeep.run(db, paths.backups_dir, Retention(), lambda t, _d, _n: said.append(t),
                       lambda: False)
    assert first.backup is not None
    assert said[-1] == upkeep.TIDYING
    said.clear()
    again = upkeep.run(db, paths.backups_dir, Retention(), lambda t, _d, _n: said.append(t),
                       lambda: False)
    assert again.backup is None
    assert said == [upkeep.CHECKING]
    clock.advance(timedelta(days=1))
    assert upkeep.run(db, paths.backups_dir, Retention(), lambda *_: None,
                      lambda: False).backup is not None


def test_closing_the_window_stops_the_upkeep_at_any_step_and_the_next_start_resumes(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    _import_base(db, agent, tmp_path, rows=2000)
    for step in ("Comprobando la base de datos", "Copiando la base de datos",
                 "Comprimiendo la copia", upkeep.TIDYING):
        asked = threading.Event()
        with pytest.raises(Stopped):
            upkeep.run(db, paths.backups_dir, Retention(),
                       lambda text, _d, _t, s=step, a=asked: a.set() if text == s else None,
                       asked.is_set)
        if step != upkeep.TIDYING:
            assert list(paths.backups_dir.iterdir()) == [], step
            assert upkeep.daily_due(db, paths.backups_dir)
        for made in paths.backups_dir.iterdir():  # the backup made before the merge stopped
            made.unlink()
    with closing(sqlite3.connect(paths.database_file)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert upkeep.run(db, paths.backups_dir, Retention(), lambda *_: None,
                      lambda: False).backup is not None


def test_postgresql_is_never_backed_up_here(paths: AppPaths) -> None:
    memory = store.Database("sqlite://")  # no file, as with a server
    try:
        assert not upkeep.daily_due(memory, paths.backups_dir)
        assert upkeep.run(memory, paths.backups_dir, Retention(), lambda *_: None,
                          lambda: False) == upkeep.UpkeepDone(None, ())
        with pytest.raises(store.DatabaseError, match="pg_dump y pg_restore en el servidor"):
            upkeep.run_daily(memory, paths.backups_dir, Retention())
    finally:
        memory.dispose()
