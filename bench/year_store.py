"""A célula's store after a month and after ten: what the year benchmarks open.

Each base is a generated workbook (``swat_desktop.io.sample_base``) brought in by the real
import, one a month, so the store holds what the application itself writes. A real célula
reviews every account of every base, so all bases but the newest are reviewed; the newest is
under way (``LATEST_REVIEWED`` of it). Verdicts are written in bulk SQL here (untimed set-up):
900,000 calls of ``save_verdict`` would take the best part of an hour and time nothing the
benchmarks measure. The month store and the year store share their newest base, so the two
differ only by the nine months of history in between.
"""

from __future__ import annotations

import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import base_import, identity, search_index, store

LATEST_BASE = date(2026, 11, 21)
LATEST_REVIEWED = 0.3
PROCEDE_SHARE = 0.6
# Most verdicts name one causal, some two; a few causales are far more common than others.
SECOND_CAUSAL_SHARE = 0.25
LOGIN = "bench"
TEAM_SEED = 7  # the same advisors and supervisors every month


@dataclass(frozen=True)
class YearStore:
    home: Path
    bases: int
    rows: int
    build_s: float


def base_days(bases: int) -> list[date]:
    """The 21st of each month, oldest first, ending at LATEST_BASE."""
    days = []
    year, month = LATEST_BASE.year, LATEST_BASE.month
    for _ in range(bases):
        days.append(date(year, month, LATEST_BASE.day))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days[::-1]


def build(home: Path, workbooks: Path, bases: int, rows_per_base: int) -> YearStore:
    """A data folder with a remembered BACKOFFICE profile and ``bases`` imported bases."""
    started = time.perf_counter()
    paths = resolve_paths(home).ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        user = identity.save_profile(
            db, ProfileInput(LOGIN, "Bench User", Role.BACKOFFICE, "Célula Bench"))
        identity.remember_login(paths.local_settings_file, LOGIN)
        for number, day in enumerate(base_days(bases)):
            # The seed follows the base date, so the newest base is the same in every store.
            workbook = workbooks / f"Base Mal Escalados {day:%d-%m-%Y}.xlsx"
            if not workbook.exists():  # shared by the stores of a run; written aside first
                partial = workbook.with_suffix(".part.xlsx")
                write_sample_base(partial, rows_per_base, seed=day.toordinal(), base_day=day,
                                  team_seed=TEAM_SEED)
                partial.rename(workbook)
            plan = base_import.analyze(db, workbook)
            summary = base_import.run_import(db, user, plan, base_date=day)
            if summary.imported != rows_per_base:
                raise RuntimeError(f"base {number + 1}: imported {summary.imported} of "
                                   f"{rows_per_base} rows: {summary.message}")
        _review(paths, user.id)
        search_index.tidy(db)  # as the daily upkeep leaves the index after a day's verdicts
    finally:
        db.dispose()
    return YearStore(home, bases, bases * rows_per_base, time.perf_counter() - started)


def _review(paths: AppPaths, user_id: int) -> None:
    """Every older base reviewed, the newest one partly, as the célula leaves them."""
    connection = sqlite3.connect(paths.database_file)
    try:
        rng = random.Random(5)
        causales = [row[0] for row in connection.execute(
            "SELECT id FROM causales WHERE active ORDER BY id")]
        weights = [1 / (rank + 1) for rank in range(len(causales))]
        latest = LATEST_BASE.isoformat()
        cases = connection.execute(
            "SELECT id, base_date FROM mal_escalado_cases ORDER BY id").fetchall()
        verdicts: list[tuple[object, ...]] = []
        links: list[tuple[int, int, int]] = []
        for case_id, base_day in cases:
            if base_day == latest and rng.random() >= LATEST_REVIEWED:
                continue
            chosen = rng.choices(causales, weights)[0]
            picked = [chosen]
            if rng.random() < SECOND_CAUSAL_SHARE:
                other = rng.choice(causales)
                if other != chosen:
                    picked.append(other)
            procede = rng.random() < PROCEDE_SHARE
            reviewed = datetime.fromisoformat(base_day) + timedelta(days=1, hours=9)
            verdicts.append((
                chosen, "procede" if procede else "no_procede",
                "procedimiento" if procede else None, user_id,
                f"{reviewed:%Y-%m-%d %H:%M:%S.%f}", case_id))
            links.extend((case_id, causal, position) for position, causal in enumerate(picked))
        with connection:
            connection.executemany(
                "UPDATE mal_escalado_cases SET status = 'revisada', primary_causal_id = ?, "
                "procedencia = ?, motivo = ?, reviewed_by = ?, reviewed_at = ?, "
                "version = version + 1 WHERE id = ?", verdicts)
            connection.executemany(
                "INSERT INTO mal_escalado_case_causales (case_id, causal_id, position) "
                "VALUES (?, ?, ?)", links)
            # What save_verdict keeps as it goes: the bases' counts and counts per causal.
            connection.executemany(
                "UPDATE mal_escalado_bases SET reviewed_count = ?, procede_count = ? "
                "WHERE id = ?", [(r, p, b) for b, r, p in connection.execute(
                    "SELECT base_id, SUM(status = 'revisada'), SUM(procedencia = 'procede') "
                    "FROM mal_escalado_cases GROUP BY base_id")])
            connection.execute(
                "INSERT INTO mal_escalado_causal_counts (base_id, causal_id, accounts) "
                "SELECT c.base_id, cc.causal_id, COUNT(*) FROM mal_escalado_case_causales cc "
                "JOIN mal_escalado_cases c ON c.id = cc.case_id GROUP BY 1, 2")
    finally:
        connection.close()
