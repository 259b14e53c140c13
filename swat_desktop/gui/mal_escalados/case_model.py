"""The review table: ids come sorted and filtered from SQL, rows are fetched a page at a time.

A QSortFilterProxyModel over 100,000 Python rows takes seconds to sort; asking SQL for the
ordered ids takes tens of milliseconds, and only the pages on screen are ever read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from swat_desktop.domain.mal_escalados import (
    CaseRow,
    CaseStatus,
    ReviewCounts,
    ReviewFilters,
    ReviewSort,
    SortKey,
)
from swat_desktop.services import review
from swat_desktop.services.store import Database

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    key: SortKey
    text: Callable[[CaseRow], str]
    width: int  # starting width in pixels; the person can drag it


COLUMNS = (
    Column("Fecha base", SortKey.BASE_DATE, lambda r: f"{r.base_date:%d/%m/%Y}", 90),
    Column("Cuenta", SortKey.CUENTA, lambda r: r.cuenta, 110),
    Column("Escalamiento", SortKey.FECHA,
           lambda r: f"{r.fecha_escalamiento:%d/%m/%Y %H:%M}", 135),
    Column("Asesor", SortKey.ASESOR, lambda r: r.asesor_nombre, 210),
    Column("Id asesor", SortKey.ASESOR_ID, lambda r: r.asesor_id, 95),
    Column("Supervisor", SortKey.SUPERVISOR, lambda r: r.supervisor, 190),
    Column("Estado", SortKey.STATUS, lambda r: r.status.label, 85),
    Column("Causal principal", SortKey.CAUSAL, lambda r: r.primary_causal, 200),
    Column("Procedencia", SortKey.PROCEDENCIA,
           lambda r: r.procedencia.label if r.procedencia else "", 95),
    Column("Asignada a", SortKey.ASSIGNED, lambda r: r.assigned_to, 160),
)
STATUS_COLUMN = 6
PENDING_COLOR = QColor("#8a4b00")
REVIEWED_COLOR = QColor("#1d6b35")


class CaseTableModel(QAbstractTableModel):
    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filters = ReviewFilters()
        self.sort_order = ReviewSort()
        self.ids: list[int] = []
        self.counts = ReviewCounts(0, 0)
        self._pages: dict[int, list[CaseRow]] = {}

    # -- what to show -------------------------------------------------------------------
    def set_filters(self, filters: ReviewFilters) -> None:
        self.filters = filters
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_order = ReviewSort(COLUMNS[column].key,
                                     order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        result = review.query(self.db, self.filters, self.sort_order)
        self.ids = result.ids
        self.counts = result.counts
        self._pages.clear()
        self.endResetModel()

    def note_reviewed(self, case_id: int, was_pending: bool) -> None:
        """Keep the count right after a save without asking the database again."""
        if was_pending and self.row_of(case_id) is not None:
            self.counts = ReviewCounts(self.counts.total, self.counts.reviewed + 1)

    def refresh(self, case_id: int) -> None:
        """Re-read the page holding this account after its verdict changed."""
        row = self.row_of(case_id)
        if row is None:
            return
        self._pages.pop(row // PAGE, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- lookups ------------------------------------------------------------------------
    def row_of(self, case_id: int) -> int | None:
        try:
            return self.ids.index(case_id)
        except ValueError:
            return None

    def case_at(self, row: int) -> CaseRow | None:
        if not 0 <= row < len(self.ids):
            return None
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            rows = review.fetch_rows(self.db, self.ids[page * PAGE:(page + 1) * PAGE])
            self._pages[page] = rows
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def next_pending(self, after: int) -> int | None:
        """The next pending row below ``after``, starting again from the top at the end."""
        count = len(self.ids)
        for offset in range(1, count):
            row = (after + offset) % count
            item = self.case_at(row)
            if item is not None and item.status is CaseStatus.PENDIENTE:
                return row
        return None

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            item = self.case_at(index.row())
            return COLUMNS[index.column()].text(item) if item else None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == STATUS_COLUMN:
            item = self.case_at(index.row())
            if item is not None:
                return PENDING_COLOR if item.status is CaseStatus.PENDIENTE else REVIEWED_COLOR
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None
