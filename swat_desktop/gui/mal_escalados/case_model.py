"""The review table over a year's store: the list is never read whole.

The row count comes from the counts; rows are read a page at a time along an index, the page
after or before one already read (keyset), or straight at a position when the scroll bar jumps
(review_pages). A few dozen pages are kept; the rest are read again when scrolled back to.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableView

from swat_desktop.domain.mal_escalados import (
    CaseRow,
    CaseStatus,
    ReviewCounts,
    ReviewFilters,
    ReviewSort,
    SortKey,
)
from swat_desktop.gui.widgets import row_list
from swat_desktop.services import review_pages
from swat_desktop.services.review_pages import Page
from swat_desktop.services.store import StoreHandle

PAGE = review_pages.PAGE_ROWS
KEPT_PAGES = 40  # about 4,000 rows: every screen of a long scroll, not a year of them
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
    def __init__(self, db: StoreHandle, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filters = ReviewFilters()
        self.sort_order = ReviewSort()
        self.listing: review_pages.Listing | None = None
        self.counts = ReviewCounts(0, 0)
        self._pages: OrderedDict[int, Page] = OrderedDict()
        self._rows: dict[int, int] = {}  # case id -> row, for the pages held

    # -- what to show -------------------------------------------------------------------
    def set_filters(self, filters: ReviewFilters, keep: int | None = None) -> int | None:
        """Show ``filters``; the row of the account ``keep`` when it is still listed."""
        self.filters = filters
        return self.reload(keep)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_order = ReviewSort(COLUMNS[column].key,
                                     order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def reload(self, keep: int | None = None) -> int | None:
        """Read the list again from its counts; the account ``keep`` stays where it now sits
        (its page is read around it), or None when the list no longer holds it."""
        self.beginResetModel()
        self.listing = review_pages.open_listing(self.db, self.filters, self.sort_order)
        self.counts = self.listing.counts
        self._pages.clear()
        self._rows.clear()
        row = None
        if keep is not None and self.counts.total:
            found = review_pages.locate(self.db, self.listing, keep)
            if found is not None:
                row = found[0]
                self._read_around(*found)
        self.endResetModel()
        return row

    def note_reviewed(self, case_id: int, was_pending: bool) -> None:
        """Keep the count right after a save without asking the database again."""
        if was_pending and case_id in self._rows:
            self.counts = ReviewCounts(self.counts.total, self.counts.reviewed + 1)

    def refresh(self, case_id: int) -> None:
        """Show an account's new verdict where it is; it moves only when the list is read
        again, so the row under the person's eyes does not jump away after a save."""
        row = self._rows.get(case_id)
        fresh = review_pages.fetch_row(self.db, case_id) if row is not None else None
        if row is None or fresh is None:
            return
        number = row // PAGE
        page = self._pages[number]
        offset = row - number * PAGE
        rows = list(page.rows)
        rows[offset] = fresh
        self._pages[number] = Page(tuple(rows), page.keys)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- lookups ------------------------------------------------------------------------
    def row_of(self, case_id: int) -> int | None:
        """The row of an account among the pages read (the one shown always is)."""
        return self._rows.get(case_id)

    def case_at(self, row: int) -> CaseRow | None:
        page, offset = self._page_of(row)
        return page.rows[offset] if page is not None and offset < len(page) else None

    def _page_of(self, row: int) -> tuple[Page | None, int]:
        if self.listing is None or not 0 <= row < self.counts.total:
            return None, 0
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._store(number, self._fetch(number))
        else:
            self._pages.move_to_end(number)
        return page, row - number * PAGE

    def _fetch(self, number: int) -> Page:
        """Next to a page already read, seek from its edge; else jump to the position."""
        assert self.listing is not None
        above, below = self._pages.get(number - 1), self._pages.get(number + 1)
        if number == 0:
            return review_pages.after(self.db, self.listing, None, PAGE)
        if above is not None and len(above) == PAGE:
            return review_pages.after(self.db, self.listing, above.keys[-1], PAGE)
        if below is not None and len(below):
            return review_pages.before(self.db, self.listing, below.keys[0], PAGE)
        return review_pages.at(self.db, self.listing, number * PAGE, PAGE)

    def _store(self, number: int, page: Page) -> Page:
        self._pages[number] = page
        self._rows.update((r.id, number * PAGE + i) for i, r in enumerate(page.rows))
        while len(self._pages) > KEPT_PAGES:
            _, dropped = self._pages.popitem(last=False)
            for item in dropped.rows:
                self._rows.pop(item.id, None)
        return page

    def _read_around(self, row: int, key: review_pages.Key) -> None:
        """The page holding ``row``, read outward from its key: the rows above it and below."""
        assert self.listing is not None
        number = row // PAGE
        offset = row - number * PAGE
        item = review_pages.fetch_row(self.db, key[-1])
        if item is None:
            return
        above = review_pages.before(self.db, self.listing, key, offset)
        below = review_pages.after(self.db, self.listing, key, PAGE - offset - 1)
        self._store(number, Page((*above.rows, item, *below.rows),
                                 (*above.keys, key, *below.keys)))

    def next_pending(self, after: int | None) -> int | None:
        """The row of the next pending account after ``after`` in the order shown, starting
        again from the top after the last one."""
        if self.listing is None:
            return None
        page, offset = self._page_of(after) if after is not None else (None, 0)
        key = page.keys[offset] if page is not None and offset < len(page) else None
        found = review_pages.next_pending(self.db, self.listing, key,
                                          after if key is not None else -1)
        if found is None:
            return None
        row, found_key = found
        held = self._held(row)
        if held is None or held.id != found_key[-1]:
            self._read_around(row, found_key)
        return row

    def _held(self, row: int) -> CaseRow | None:
        """The row if its page is held, without reading anything."""
        number, offset = divmod(row, PAGE)
        page = self._pages.get(number)
        return page.rows[offset] if page is not None and offset < len(page) else None

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.counts.total

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


def case_table(model: CaseTableModel) -> QTableView:
    """The review's list over ``model``, sorted by the base's third column to start with.

    Not setSortingEnabled: it sorts (a full reload) as soon as it is switched on, before the
    filters are known. The header only shows the order; clicks ask the model (the page
    connects ``sortIndicatorChanged``)."""
    table = row_list(QTableView(), "caseTable")
    table.setModel(model)
    columns_header = table.horizontalHeader()
    columns_header.setSortIndicatorShown(True)
    columns_header.setSectionsClickable(True)
    columns_header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    model.sort_order = ReviewSort(COLUMNS[2].key)
    columns_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns_header.setStretchLastSection(True)
    for number, column in enumerate(COLUMNS):
        table.setColumnWidth(number, column.width)
    return table
