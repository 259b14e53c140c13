"""Qt side of ``bench_year``: the real review page over a month's store and over a year's.

Each change is what the screen does when a person makes it: the filter bar's values, then the
page's own handler (the list read again, the first account opened in the verdict panel), then
one turn of the event loop, which paints the rows on screen. Only ``bench_year.run`` imports
this module, so PySide6's import hook slows no other benchmark.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bench.common import timed
from bench.review_tables import application
from bench.year_store import LOGIN
from swat_desktop.domain.mal_escalados import CaseStatus, ReviewFilters
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.mal_escalados.case_model import COLUMNS
from swat_desktop.gui.mal_escalados.review_page import ReviewPage
from swat_desktop.gui.signals import SignalHub
from swat_desktop.paths import resolve_paths
from swat_desktop.services import catalogue, identity, review, store

# The review page as an office laptop shows it (1366×768 less the task bar and the window's
# frame and tabs): the rows painted are the rows a person sees.
SIZE = (1366, 600)


@dataclass
class Screen:
    page: ReviewPage

    @property
    def app(self) -> QApplication:
        return application()


@contextmanager
def opened(home: Path) -> Iterator[Screen]:
    paths = resolve_paths(home)
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        user = identity.find_user(db, LOGIN)
        assert user is not None
        application()
        page = ReviewPage(AppContext(db, SignalHub(user)))
        page.resize(*SIZE)
        page.show()
        QApplication.processEvents()
        yield Screen(page)
        page.close()
        page.deleteLater()
        QApplication.processEvents()
    finally:
        db.dispose()


def filter_cases(screen: Screen) -> dict[str, ReviewFilters]:
    """The filters of the screen, one at a time from the whole list, with values both stores
    hold: the supervisor and the advisor with most accounts, the newest base, the commonest
    causal, a surname found in about one account in thirteen."""
    db = screen.page.db
    supervisor = review.supervisors(db)[0]
    advisor = review.advisors(db)[0][0]
    newest = review.base_dates(db)[0]
    causal = catalogue.list_causales(db)[0].id
    return {
        "estado_pendiente": ReviewFilters(status=CaseStatus.PENDIENTE),
        "supervisor": ReviewFilters(supervisor=supervisor),
        "asesor": ReviewFilters(asesor=advisor),
        "fecha_base": ReviewFilters(base_dates=(newest,)),
        "causal": ReviewFilters(causal_id=causal),
        "texto_apellido": ReviewFilters(text="gomez"),
        "texto_cuenta": ReviewFilters(text=_an_account(screen)),
    }


def _an_account(screen: Screen) -> str:
    item = screen.page.model.case_at(0)
    assert item is not None
    return item.cuenta


def _settle(action: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        action()
        QApplication.processEvents()
    return run


def _filters(page: ReviewPage, filters: ReviewFilters) -> None:
    page.filter_bar.show_filters(filters)
    page._filters_changed(filters)


def filter_change(screen: Screen, filters: ReviewFilters) -> float:
    """From the whole list to ``filters``; the reset is untimed."""
    page = screen.page
    _filters(page, ReviewFilters())
    QApplication.processEvents()
    gc.collect()
    seconds, _ = timed(_settle(lambda: _filters(page, filters)))
    if page.model.counts.total and page.editor.detail is None:
        raise RuntimeError(f"{filters}: no account opened after the change")
    return seconds


SORTS = {f"{column.key.value}_{'desc' if down else 'asc'}": (number, down)
         for number, column in enumerate(COLUMNS) for down in (False, True)}


def sort_change(screen: Screen, column: int, descending: bool) -> float:
    """From the screen's default order (escalation time) to ``column``, on the whole list."""
    page = screen.page
    _filters(page, ReviewFilters())
    page._sort_changed(2, Qt.SortOrder.AscendingOrder)
    QApplication.processEvents()
    gc.collect()
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    seconds, _ = timed(_settle(lambda: page._sort_changed(column, order)))
    return seconds


def next_pending(screen: Screen, rows_per_base: int) -> float:
    """After a verdict is saved: from an account half way through the newest base (the last
    rows in the default order) to the next pending one, opened in the verdict panel."""
    page = screen.page
    _filters(page, ReviewFilters())
    page._sort_changed(2, Qt.SortOrder.AscendingOrder)
    start = page.model.rowCount() - rows_per_base // 2
    page.select_row(start)
    QApplication.processEvents()
    gc.collect()

    def move() -> None:
        row = page.model.next_pending(page.current_row)
        if row is None or row <= start:
            raise RuntimeError(f"no pending account after row {start}: {row}")
        page.select_row(row)

    seconds, _ = timed(_settle(move))
    return seconds
