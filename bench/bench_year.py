"""A year in the store: the review screen, opening the window and memory on ten months of
bases, each against the same figure on one month, measured in the same run.

A célula keeps every base it imports, about 100,000 accounts a month. What a person does all
day (change a filter, sort a column, move to the next pending account, open the window) must
cost what is on screen, not what is stored: each figure here is the year's (1,000,000 rows)
over the month's (100,000 rows), and the target is at most 1.5× and at most 100 ms per change
(1 s to open the window, 300 MB of memory). The stores are built once per run with the real
import of generated bases (bench/year_store.py), then every change is timed on the real
review page of both stores in turn, so drift of the machine falls on both sides.
``SWAT_BENCH_ROWS`` sets the rows of each monthly base for a quick run; ``SWAT_BENCH_YEAR_DIR``
keeps the stores in that folder and reuses them on the next run (while tuning a query; the
figures of record are taken on stores built by the run itself).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.bench_review import APP_CHILD, APP_RSS_CHILD, MB, _expect, _run_child
from bench.common import MEGABYTES, Result, base_rows
from bench.year_store import YearStore, build

MONTHS = 10
TARGET_RATIO = 1.5
TARGET_CHANGE_S = 0.100
TARGET_START_S = 1.0
TARGET_RSS_MB = 300.0


KEEP_ENV = "SWAT_BENCH_YEAR_DIR"


def _stores(folder: Path, rows: int) -> tuple[YearStore, YearStore]:
    kept = os.environ.get(KEEP_ENV)
    if kept:
        folder = Path(kept) / f"{rows}"
    bases = folder / "bases"
    month = _built(folder / "month", bases, 1, rows)
    year = _built(folder / "year", bases, MONTHS, rows)
    print(f"  stores built in {month.build_s + year.build_s:.0f} s (month {month.build_s:.0f} s, "
          f"year {year.build_s:.0f} s; {year.rows:,} rows, "
          f"{_size(year.home) / MB:.0f} MB against {_size(month.home) / MB:.0f} MB)", flush=True)
    return month, year


def _built(home: Path, bases: Path, count: int, rows: int) -> YearStore:
    """A store kept from an earlier run, or a new one (built aside and renamed at the end, so
    an interrupted build is never taken for a whole one)."""
    if home.is_dir():
        return YearStore(home, count, count * rows, 0.0)
    partial = home.with_name(home.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    built = build(partial, bases, count, rows)
    partial.rename(home)
    return YearStore(home, count, built.rows, built.build_s)


def _size(home: Path) -> int:
    return sum(p.stat().st_size for p in (home / "data").glob("*.sqlite3*"))


def _screen_samples(month: YearStore, year: YearStore, rows: int, repeats: int
                    ) -> dict[str, tuple[list[float], list[float]]]:
    """name -> (month seconds, year seconds); round 0 warms caches and is dropped."""
    from bench import year_screen as screen

    samples: dict[str, tuple[list[float], list[float]]] = {}
    with screen.opened(month.home) as small, screen.opened(year.home) as large:
        cases: dict[str, tuple[Callable[[screen.Screen], float], Callable[[screen.Screen],
                                                                          float]]] = {}
        filters_small, filters_large = screen.filter_cases(small), screen.filter_cases(large)
        for name in filters_small:
            cases[f"filter_{name}"] = (
                lambda s, f=filters_small[name]: screen.filter_change(s, f),
                lambda s, f=filters_large[name]: screen.filter_change(s, f))
        for name, (column, down) in screen.SORTS.items():
            def change(s: screen.Screen, c: int = column, d: bool = down) -> float:
                return screen.sort_change(s, c, d)
            cases[f"sort_{name}"] = (change, change)
        cases["next_pending"] = (lambda s: screen.next_pending(s, rows),) * 2
        for round_number in range(repeats + 1):
            for name, (on_small, on_large) in cases.items():
                small_s, large_s = on_small(small), on_large(large)
                if round_number:
                    kept = samples.setdefault(name, ([], []))
                    kept[0].append(small_s)
                    kept[1].append(large_s)
    return samples


def _child_samples(month: YearStore, year: YearStore, repeats: int
                   ) -> dict[str, tuple[list[float], list[float]]]:
    """Opening the window and its memory, in fresh processes on each store, interleaved."""
    samples: dict[str, tuple[list[float], list[float]]] = {"start": ([], []), "rss": ([], [])}
    for round_number in range(repeats + 1):
        for side, built in enumerate((month, year)):
            start_s, fields = _run_child(APP_CHILD, built.home)
            _expect(fields, "rows", str(built.rows), "start-up")
            _, fields = _run_child(APP_RSS_CHILD, built.home)
            _expect(fields, "rows", str(built.rows), "memory")
            if round_number:
                samples["start"][side].append(start_s)
                samples["rss"][side].append(int(fields["rss"]) / MB)
    return samples


def _verdict(name: str, month: list[float], year: list[float], limit: float, unit: str,
             scale: float) -> str:
    ratio = statistics.median(year) / statistics.median(month)
    met = ratio <= TARGET_RATIO and statistics.median(year) <= limit
    return (f"year/month {ratio:.2f}× (target ≤ {TARGET_RATIO}×), year "
            f"{statistics.median(year) * scale:.0f} {unit} (target ≤ {limit * scale:g} {unit}): "
            + ("met" if met else "MISSED"))


def run(repeats: int) -> list[Result]:
    rows = base_rows()
    with tempfile.TemporaryDirectory(prefix="swat-bench-year-") as tmp:
        print(f"  building a month ({rows:,} rows) and a year ({MONTHS} × {rows:,}) of bases "
              "with the real import (untimed)…", flush=True)
        started = time.perf_counter()
        month, year = _stores(Path(tmp), rows)
        print("  review screen on both stores…", flush=True)
        screen = _screen_samples(month, year, rows, repeats)
        print("  start-up and memory children…", flush=True)
        children = _child_samples(month, year, repeats)
        print(f"  whole run {time.perf_counter() - started:.0f} s", flush=True)

    results = [
        Result.from_samples(
            f"year_{name}", large, f"month_{name}", small,
            "the real ReviewPage at 1366×600, change then one event-loop turn (painted); "
            + _verdict(name, small, large, TARGET_CHANGE_S, "ms", 1000))
        for name, (small, large) in screen.items()
    ]
    small, large = children["start"]
    results.append(Result.from_samples(
        "year_start", large, "month_start", small,
        "fresh process to main window shown (cli.main → run_gui), remembered BACKOFFICE "
        "profile; " + _verdict("start", small, large, TARGET_START_S, "s", 1)))
    small, large = children["rss"]
    results.append(Result.from_samples(
        "year_rss", large, "month_rss", small,
        "psutil RSS of the child, window shown and scrolled to the last row; "
        + _verdict("rss", small, large, TARGET_RSS_MB, "MB", 1), unit=MEGABYTES))
    return results
