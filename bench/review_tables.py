"""Qt side of ``bench_review``: the application object, the in-memory baseline model, page reads.

Kept apart so that only ``bench_review.run`` imports PySide6: the runner imports every
``bench_*`` module on start, and modules imported after PySide6 go through its import hook,
which would slow the untimed set-up of every other benchmark for nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QApplication

from swat_desktop.domain.mal_escalados import ReviewFilters
from swat_desktop.gui.mal_escalados.case_model import COLUMNS, CaseTableModel
from swat_desktop.services.store import Database

# The first visible page of the review table: what the screen paints after each change.
PAGE_ROWS = 40
Index = QModelIndex | QPersistentModelIndex
Page = list[list[str]]


def application() -> QApplication:
    """The process's QApplication; offscreen, so a benchmark neither needs nor opens a display."""
    existing = QApplication.instance()
    if existing is not None:
        assert isinstance(existing, QApplication)
        return existing
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication([])


class StringTableModel(QAbstractTableModel):
    """Every row as Python strings in memory: the model a QSortFilterProxyModel would sit on,
    the design the review table was built to avoid."""

    def __init__(self, headers: Sequence[str], rows: list[list[str]]) -> None:
        super().__init__()
        self.headers = list(headers)
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


def all_rows_as_text(db: Database) -> list[list[str]]:
    """Every case, shown exactly as the review table shows it (its own column formatters),
    read through a CaseTableModel page by page so the baseline holds the same strings."""
    model = CaseTableModel(db)
    model.reload()
    rows: list[list[str]] = []
    for number in range(model.rowCount()):
        item = model.case_at(number)
        assert item is not None
        rows.append([column.text(item) for column in COLUMNS])
    return rows


def baseline_proxy(rows: list[list[str]]) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(StringTableModel([c.title for c in COLUMNS], rows))
    return proxy


def set_filter(proxy: QSortFilterProxyModel, pattern: str, ignore_case: bool) -> None:
    options = (QRegularExpression.PatternOption.CaseInsensitiveOption if ignore_case
               else QRegularExpression.PatternOption.NoPatternOption)
    proxy.setFilterRegularExpression(QRegularExpression(pattern, options))


def clear_filter(proxy: QSortFilterProxyModel, column: int) -> None:
    """Back to every row, then onto ``column``: untimed, so that the timed change filters once.
    Switching the key column with a pattern set filters all the rows again by itself."""
    proxy.setFilterRegularExpression(QRegularExpression())
    proxy.setFilterKeyColumn(column)


def read_page(model: QAbstractItemModel, rows: int = PAGE_ROWS) -> Page:
    """Every cell of the first ``rows`` rows through ``index().data()``, as the view reads them."""
    shown = min(rows, model.rowCount())
    columns = model.columnCount()
    return [[model.index(r, c).data() for c in range(columns)] for r in range(shown)]


# -- one change each, as timed ------------------------------------------------------------------


def screen_filter(model: CaseTableModel, filters: ReviewFilters) -> tuple[int, int, Page]:
    """What the screen does on a filter change: new ids and the reviewed count (one call,
    ``model.counts`` feeds the label), first page painted."""
    model.set_filters(filters)
    page = read_page(model)
    return model.rowCount(), model.counts.total, page


def proxy_filter(proxy: QSortFilterProxyModel, pattern: str,
                 ignore_case: bool) -> tuple[int, Page]:
    set_filter(proxy, pattern, ignore_case)
    return proxy.rowCount(), read_page(proxy)


def screen_sort(model: CaseTableModel, column: int, descending: bool) -> Page:
    model.sort(column, _order(descending))
    return read_page(model)


def proxy_sort(proxy: QSortFilterProxyModel, column: int, descending: bool) -> Page:
    proxy.sort(column, _order(descending))
    return read_page(proxy)


def _order(descending: bool) -> Qt.SortOrder:
    return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
