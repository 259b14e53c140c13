"""Importing a 100,000-row Base Mal Escalados, against pandas reading the same workbook.

A full day's base is the largest file anyone feeds the application, and the import runs while
the person waits. ``pandas.read_excel`` with openpyxl is what people reach for to load such a
file, so it is the yardstick: the import (reading, header detection, validating every row and
inserting into a fresh SQLite store) should take at most a quarter of it. ``analyze`` (reading
and finding the header) is also reported on its own, to show how the time splits between reading
the file and validating plus writing it.

The workbook is generated once per run (untimed) with ``swat_desktop.io.sample_base``, with a
shared-string table as Excel saves it: inline strings would slow openpyxl, and so flatter the
ratio, by about 1.7 times (see ``write_sample_base``). Every import sample gets a brand-new
data folder and store, so no sample sees rows of the previous one.
``SWAT_BENCH_ROWS`` changes the size for a quick run.

``import_floor`` is the least any import that keeps every cell can cost: calamine reading the
sheet, then the raw cells as text inserted into a table with no index and no check, in one
SQLite transaction. It is there to say how far the target is from what the machine allows.
"""

from __future__ import annotations

import gc
import importlib
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from types import ModuleType

from python_calamine import CalamineWorkbook

from bench.common import Result, base_rows, timed
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import resolve_paths
from swat_desktop.services import base_import, identity, store

BASE_DATE = date(2026, 11, 21)
# The date in the name is what a real base carries; run_import is given it explicitly anyway.
FILE_NAME = "Base Mal Escalados 21-11-2026.xlsx"
WARM_UP_ROWS = 200
TARGET_RATIO = 0.25

BASELINE_NAME = "pandas_read_excel"
NOTES = {
    "import": "base_import.analyze + run_import of an .xlsx into a fresh migrated SQLite store "
    "(profile saved untimed): read with calamine, header detection, sha256, validation, "
    f"one-transaction insert; target ≤ {TARGET_RATIO:.2f}x (import ≥ 4× faster than pandas)",
    "import_floor": "calamine read of the sheet + raw cells as text inserted into an index-free "
    "15-column table of a fresh WAL SQLite file in one transaction: no header detection, no "
    "validation, no duplicates check, no search text",
    "import_analyze": "base_import.analyze alone (read with calamine, header detection, sha256, "
    "earlier-import lookup), same samples as import; run_import is the difference",
}


def _pandas() -> ModuleType:
    """Imported here, untimed: pandas' own import (about a second) is not part of reading."""
    try:
        pandas = importlib.import_module("pandas")
        importlib.import_module("openpyxl")
    except ImportError as exc:
        raise RuntimeError(
            f"The import benchmark needs pandas and openpyxl for its baseline ({exc.name} is "
            "missing): make bench, or pip install -c constraints.txt -e .[bench]"
        ) from None
    return pandas


def _import_sample(path: Path, rows: int) -> tuple[float, float]:
    """Seconds of (analyze, analyze + run_import) into a store of its own, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="swat-bench-import-") as tmp:
        paths = resolve_paths(tmp).ensure()
        db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
        try:
            user = identity.save_profile(
                db, ProfileInput("bench", "Bench User", Role.BACKOFFICE, "Célula Bench"))
            analyze_s, plan = timed(lambda: base_import.analyze(db, path))
            import_s, summary = timed(
                lambda: base_import.run_import(db, user, plan, base_date=BASE_DATE))
            if summary.imported != rows:
                problems = [*summary.rejected[:3], *summary.duplicate_rows[:3]]
                raise RuntimeError(
                    f"imported {summary.imported} of {rows} rows (duplicates "
                    f"{summary.duplicates}, rejected rows {summary.rejected_rows}); first "
                    f"problems: {problems}"
                )
        finally:
            db.dispose()
    return analyze_s, analyze_s + import_s


def _floor_sample(path: Path, rows: int) -> float:
    def read_and_store() -> int:
        cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        width = max(len(row) for row in cells)
        columns = ", ".join(f"c{i} TEXT" for i in range(width))
        marks = ", ".join("?" * width)
        with tempfile.TemporaryDirectory(prefix="swat-bench-floor-") as tmp:
            connection = sqlite3.connect(Path(tmp) / "floor.sqlite3", isolation_level=None)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {columns})")
                connection.execute("BEGIN")
                connection.executemany(f"INSERT INTO t VALUES (NULL, {marks})",
                                       ([str(c) for c in row] for row in cells[1:]))
                connection.execute("COMMIT")
                return connection.execute("SELECT count(*) FROM t").fetchone()[0]
            finally:
                connection.close()

    seconds, stored = timed(read_and_store)
    if stored != rows:
        raise RuntimeError(f"the floor stored {stored} rows, expected {rows}")
    return seconds


def _pandas_sample(pandas: ModuleType, path: Path, rows: int) -> float:
    seconds, frame = timed(lambda: pandas.read_excel(path, engine="openpyxl"))
    if frame.shape[0] != rows:
        raise RuntimeError(f"pandas read {frame.shape[0]} rows, expected {rows}")
    return seconds


def run(repeats: int) -> list[Result]:
    pandas = _pandas()
    rows = base_rows()
    analyze_samples: list[float] = []
    import_samples: list[float] = []
    floor_samples: list[float] = []
    baseline: list[float] = []
    with tempfile.TemporaryDirectory(prefix="swat-bench-base-") as tmp:
        print(f"  generating a {rows:,}-row base (untimed)…", flush=True)
        path = write_sample_base(Path(tmp) / FILE_NAME, rows)
        small = write_sample_base(Path(tmp) / "warm-up" / FILE_NAME, WARM_UP_ROWS)
        # A small untimed round first: lazy imports (calamine, openpyxl's reader), mapper
        # configuration and byte-code compilation would otherwise land on the first sample.
        _import_sample(small, WARM_UP_ROWS)
        _pandas_sample(pandas, small, WARM_UP_ROWS)
        _floor_sample(small, WARM_UP_ROWS)
        for _ in range(repeats):
            # Collected between samples so one sample's garbage is not paid by the next one.
            gc.collect()
            analyze_s, import_s = _import_sample(path, rows)
            analyze_samples.append(analyze_s)
            import_samples.append(import_s)
            gc.collect()
            floor_samples.append(_floor_sample(path, rows))
            gc.collect()
            baseline.append(_pandas_sample(pandas, path, rows))
    return [
        Result.from_samples("import", import_samples, BASELINE_NAME, baseline, NOTES["import"]),
        Result.from_samples("import_floor", floor_samples, BASELINE_NAME, baseline,
                            NOTES["import_floor"]),
        Result.from_samples("import_analyze", analyze_samples, BASELINE_NAME, baseline,
                            NOTES["import_analyze"]),
    ]
