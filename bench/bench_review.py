"""The review screen on a full day's base: filter and sort changes, start-up and memory.

The review table is where people spend the day, on a store holding at least one 100,000-row
base. Every filter or sort change must feel immediate (≤ 100 ms) and opening the application
on such a store must not become slow (≤ 0.8 s) or heavy (≤ 300 MB). The table asks SQL for the
ordered ids and reads rows a page at a time; the baseline is the design that was rejected for
it, a QSortFilterProxyModel over every row held as Python strings, so the ratio shows what
paging buys and the targets say whether it is enough.

The base is generated and imported once per run, untimed, into a data folder with a remembered
BACKOFFICE profile (an agent sees only "Mis cuentas", an empty list on a fresh base). The
filter and sort changes run in this process on the real CaseTableModel; the start-up and memory
figures come from fresh child processes opening that same folder, which start-up only reads.
``SWAT_BENCH_ROWS`` changes the size for a quick run.
"""

from __future__ import annotations

import gc
import re
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from bench.bench_import import BASE_DATE, FILE_NAME
from bench.bench_startup import BASELINE_CHILD
from bench.bench_startup import BASELINE_NAME as BARE_WINDOW
from bench.common import MEGABYTES, Result, base_rows, run_child, timed
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.domain.mal_escalados import CaseStatus, ReviewFilters
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import resolve_paths
from swat_desktop.services import base_import, identity, review, review_pages, store
from swat_desktop.services.store import Database

TARGET_CHANGE_S = 0.100
TARGET_START_S = 0.8
TARGET_RSS_MB = 300.0
MB = 1024 * 1024


@dataclass(frozen=True)
class FilterCase:
    """One filter as the screen sets it, and the same rows picked by a proxy's key column."""

    name: str
    filters: ReviewFilters
    column: int  # the proxy's key column; -1 searches every column
    pattern: str  # regular expression for the proxy
    ignore_case: bool = False


@dataclass(frozen=True)
class SortCase:
    name: str
    column: int  # column of the review table, as the header click gives it
    descending: bool


def _filter_cases(supervisor: str) -> list[FilterCase]:
    """What people pick most: pending accounts, one supervisor's team, a name, the day's base.
    The proxy's text search folds accents by pattern, as the store's search text is folded."""
    return [
        FilterCase("pendiente", ReviewFilters(status=CaseStatus.PENDIENTE), 6,
                   f"^{CaseStatus.PENDIENTE.label}$"),
        FilterCase("supervisor", ReviewFilters(supervisor=supervisor), 5,
                   f"^{re.escape(supervisor)}$"),
        FilterCase("texto", ReviewFilters(text="gomez"), -1, "g[oó]mez", ignore_case=True),
        FilterCase("fecha_base", ReviewFilters(base_dates=(BASE_DATE,)), 0,
                   f"^{BASE_DATE:%d/%m/%Y}$"),
    ]


SORT_CASES = (
    SortCase("cuenta_asc", 1, False),
    SortCase("asesor_desc", 3, True),
    SortCase("supervisor_asc", 5, False),
    SortCase("causal_desc", 7, True),
    SortCase("escalamiento_desc", 2, True),
)

# -- the base, imported once ------------------------------------------------------------------


def _provision(home: Path, workbook: Path, rows: int) -> Database:
    """A data folder as a backoffice person leaves it: profile remembered, the base imported."""
    paths = resolve_paths(home).ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    user = identity.save_profile(
        db, ProfileInput("bench", "Bench User", Role.BACKOFFICE, "Célula Bench"))
    identity.remember_login(paths.local_settings_file, "bench")
    plan = base_import.analyze(db, workbook)
    summary = base_import.run_import(db, user, plan, base_date=BASE_DATE)
    if summary.imported != rows:
        db.dispose()
        raise RuntimeError(f"imported {summary.imported} of {rows} rows: {summary.message}")
    return db


# -- filter and sort changes in this process --------------------------------------------------


def _sample(action: Callable[[], Any]) -> tuple[float, Any]:
    """Garbage of the previous sample collected first, so no sample pays for another."""
    gc.collect()
    return timed(action)


def _filter_samples(db: Database, rows: list[list[str]], cases: Sequence[FilterCase],
                    repeats: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Seconds per case of (screen, proxy). Round 0 is untimed: it warms SQLite's page cache
    and the mappers, and checks that both sides show the same rows for every filter."""
    from bench import review_tables as tables

    model = tables.CaseTableModel(db)
    proxy = tables.baseline_proxy(rows)
    app: dict[str, list[float]] = {case.name: [] for case in cases}
    base: dict[str, list[float]] = {case.name: [] for case in cases}
    for round_number in range(repeats + 1):
        for case in cases:
            seconds, (shown, total, page) = _sample(
                partial(tables.screen_filter, model, case.filters))
            tables.clear_filter(proxy, case.column)
            base_seconds, (base_shown, base_page) = _sample(
                partial(tables.proxy_filter, proxy, case.pattern, case.ignore_case))
            if round_number == 0:
                if model.counts != review_pages.counts(db, case.filters):
                    raise RuntimeError(f"filter {case.name}: the label would say "
                                       f"{model.counts.text}, the database "
                                       f"{review_pages.counts(db, case.filters).text}")
                # The proxy is unsorted over rows read in the screen's default order (date of
                # escalation, then id), so both sides must show the very same page.
                if not shown == total == base_shown or page != base_page:
                    raise RuntimeError(
                        f"filter {case.name}: screen {shown} rows (counts {total}), proxy "
                        f"{base_shown}; first pages {'differ' if page != base_page else 'agree'}")
                continue
            app[case.name].append(seconds)
            base[case.name].append(base_seconds)
    return app, base


def _sort_samples(db: Database, rows: list[list[str]], cases: Sequence[SortCase],
                  repeats: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """As _filter_samples, on the whole base unfiltered. Ties are ordered differently (SQL by
    id, the proxy's stable sort by source row), so the check compares the sorted column only."""
    from bench import review_tables as tables

    model = tables.CaseTableModel(db)
    proxy = tables.baseline_proxy(rows)
    app: dict[str, list[float]] = {case.name: [] for case in cases}
    base: dict[str, list[float]] = {case.name: [] for case in cases}
    for round_number in range(repeats + 1):
        for case in cases:
            seconds, page = _sample(
                partial(tables.screen_sort, model, case.column, case.descending))
            base_seconds, base_page = _sample(
                partial(tables.proxy_sort, proxy, case.column, case.descending))
            if round_number == 0:
                keys = [r[case.column] for r in page]
                if len(page) != min(len(rows), len(base_page)) or keys != [
                        r[case.column] for r in base_page]:
                    raise RuntimeError(f"sort {case.name}: screen and proxy disagree on the "
                                       f"first page: {keys[:5]} …")
                continue
            app[case.name].append(seconds)
            base[case.name].append(base_seconds)
    return app, base


def _slowest_per_round(samples: dict[str, list[float]]) -> list[float]:
    """The target holds for every change, so a round counts as its slowest case: a median over
    all changes would let one slow filter hide behind three fast ones."""
    return [max(times) for times in zip(*samples.values(), strict=True)]


def _per_case(app: dict[str, list[float]], base: dict[str, list[float]]) -> str:
    return ", ".join(
        f"{name} {statistics.median(app[name]) * 1000:.0f}/"
        f"{statistics.median(base[name]) * 1000:.0f} ms" for name in app
    )


# -- start-up and memory in child processes ---------------------------------------------------

# The CLI before PySide6, as the real entry point and bench_startup do (PySide6's import hook
# slows every module imported after it). The single-shot fires on the first turn of app.exec(),
# which run_gui reaches only after MainWindow.show(); the child then proves it opened the base.
_APP_PROLOGUE = """
import sys
from swat_desktop.cli import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])

def _main_window():
    for widget in app.topLevelWidgets():
        if type(widget).__name__ == "MainWindow" and widget.isVisible():
            return widget
    shown = sorted(type(w).__name__ for w in app.topLevelWidgets() if w.isVisible())
    print("shown:" + ",".join(shown), flush=True)
    app.exit(3)
    return None
"""

APP_CHILD = _APP_PROLOGUE + """
def _quit():
    window = _main_window()
    if window is not None:
        print(f"rows:{window.review.model.rowCount()}", flush=True)
        print("shown:MainWindow", flush=True)
        app.quit()

QTimer.singleShot(0, _quit)
sys.exit(main(["--home", sys.argv[1]]))
"""

# psutil first in both memory children, so its own few megabytes are on both sides. Scrolling
# to the end makes the view paint, and so fetch, the last page of the table.
_RSS = """
import psutil

def _rss():
    return psutil.Process().memory_info().rss
"""

APP_RSS_CHILD = _RSS + _APP_PROLOGUE + """
def _quit():
    window = _main_window()
    if window is None:
        return
    shown = _rss()
    table = window.review.table
    table.scrollToBottom()
    app.processEvents()
    print(f"rows:{table.model().rowCount()}", flush=True)
    print(f"top_row:{table.rowAt(0)}", flush=True)
    print(f"rss:{max(shown, _rss())}", flush=True)
    app.quit()

QTimer.singleShot(0, _quit)
sys.exit(main(["--home", sys.argv[1]]))
"""

BASELINE_RSS_CHILD = _RSS + """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])

def _quit():
    print(f"rss:{_rss()}", flush=True)
    app.quit()

window = QMainWindow()
window.show()
QTimer.singleShot(0, _quit)
sys.exit(app.exec())
"""


def _run_child(code: str, home: Path) -> tuple[float, dict[str, str]]:
    """Wall time from start to exit, and the child's ``key:value`` lines."""
    seconds, output = run_child(code, home)
    fields: dict[str, str] = {}
    for line in output.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            fields[key] = value
    return seconds, fields


def _expect(fields: dict[str, str], key: str, wanted: str, what: str) -> None:
    if fields.get(key) != wanted:
        raise RuntimeError(f"{what}: expected {key}:{wanted}, the child printed {fields}")


def _start_samples(home: Path, rows: int, repeats: int) -> dict[str, list[float]]:
    """Seconds of both start-ups and megabytes of both memory children, interleaved by round to
    spread drift; round 0 (byte-code compilation, cold disk cache) is dropped."""
    samples: dict[str, list[float]] = {"start": [], "start_bare": [], "rss": [], "rss_bare": []}
    for round_number in range(repeats + 1):
        bare_s, fields = _run_child(BASELINE_CHILD, home)
        _expect(fields, "shown", "QMainWindow", "bare window")
        start_s, fields = _run_child(APP_CHILD, home)
        _expect(fields, "shown", "MainWindow", "start-up")
        _expect(fields, "rows", str(rows), "start-up with the base")
        _, bare_fields = _run_child(BASELINE_RSS_CHILD, home)
        _, fields = _run_child(APP_RSS_CHILD, home)
        _expect(fields, "rows", str(rows), "memory with the base")
        # A page of the table holds a few dozen rows: the top row must be near the end.
        if int(fields.get("top_row", "-1")) < max(0, rows - 100):
            raise RuntimeError(f"scrolling did not reach the end of the table: {fields}")
        if round_number == 0:
            continue
        samples["start_bare"].append(bare_s)
        samples["start"].append(start_s)
        samples["rss_bare"].append(int(bare_fields["rss"]) / MB)
        samples["rss"].append(int(fields["rss"]) / MB)
    return samples


# -- the run ----------------------------------------------------------------------------------


def run(repeats: int) -> list[Result]:
    rows = base_rows()
    with tempfile.TemporaryDirectory(prefix="swat-bench-review-") as tmp:
        print(f"  generating and importing a {rows:,}-row base (untimed)…", flush=True)
        home = Path(tmp) / "home"
        db = _provision(home, write_sample_base(Path(tmp) / FILE_NAME, rows), rows)
        try:
            from bench.review_tables import all_rows_as_text, application

            application()
            supervisor = review.supervisors(db)[0]
            text_rows = all_rows_as_text(db)
            filter_cases = _filter_cases(supervisor)
            print("  filter changes…", flush=True)
            filter_app, filter_base = _filter_samples(db, text_rows, filter_cases, repeats)
            print("  sort changes (the proxy takes seconds per sort)…", flush=True)
            sort_app, sort_base = _sort_samples(db, text_rows, SORT_CASES, repeats)
            del text_rows
        finally:
            db.dispose()
        print("  start-up and memory children…", flush=True)
        start = _start_samples(home, rows, repeats)

    change = ("figure = slowest case of each round (median over rounds); baseline: "
              "QSortFilterProxyModel over a Python QAbstractTableModel holding all "
              f"{rows:,} rows × 10 columns as strings")
    filter_s = _slowest_per_round(filter_app)
    sort_s = _slowest_per_round(sort_app)
    return [
        Result.from_samples(
            "review_filter", filter_s, "proxy_filter", _slowest_per_round(filter_base),
            "CaseTableModel.set_filters (ids and reviewed count) + first 40 rows × 10 columns "
            f"via index().data(); {change} (regex on the key column, every column for texto, "
            "applied "
            "from the unfiltered state with the column switch untimed, no count); median ms "
            f"screen/proxy: {_per_case(filter_app, filter_base)}; "
            + _verdict(filter_s, TARGET_CHANGE_S, "per change", 1000, "ms")),
        Result.from_samples(
            "review_sort", sort_s, "proxy_sort", _slowest_per_round(sort_base),
            "CaseTableModel.sort(column, order) on the unfiltered base + first 40 rows; "
            f"{change}; median ms screen/proxy: {_per_case(sort_app, sort_base)}; "
            + _verdict(sort_s, TARGET_CHANGE_S, "per change", 1000, "ms")),
        Result.from_samples(
            "start_with_base", start["start"], BARE_WINDOW, start["start_bare"],
            "as startup, on a store holding the imported base with a remembered BACKOFFICE "
            "profile; the child checks the review table has every row; "
            + _verdict(start["start"], TARGET_START_S, "", 1, "s")),
        Result.from_samples(
            "rss_with_base", start["rss"], BARE_WINDOW, start["rss_bare"],
            "psutil RSS of the child, the larger of main window shown and after "
            "scrollToBottom + processEvents (last page fetched); baseline the bare window "
            "shown; " + _verdict(start["rss"], TARGET_RSS_MB, "", 1, "MB"),
            unit=MEGABYTES),
    ]


def _verdict(samples: Sequence[float], target: float, per: str, scale: float, unit: str) -> str:
    """Said in the note, so nobody has to remember the target to read the figure."""
    met = statistics.median(samples) <= target
    return f"target ≤ {target * scale:g} {unit}{' ' + per if per else ''}: " + (
        "met" if met else "MISSED")
