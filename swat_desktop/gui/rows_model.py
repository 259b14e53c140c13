"""One table model over a list of plain rows (the domain's frozen dataclasses), described by
its columns: what each shows, its tooltip, alignment, colours, font and sort key.

Six hand-written ``QAbstractTableModel``s repeated the same ``rowCount``/``data``/
``headerData`` dance and a dozen read-only ``QTableWidget``s were filled cell by cell; a page
now says *what* its columns are and this model says it to Qt. Display texts are computed once
per ``set_rows``, not on every paint: a list of thousands scrolls without formatting dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTableView

from swat_desktop.gui.widgets import row_list

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object itself, for selections and filters
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@cache
def _bold() -> QFont:
    """Made when first painted: a QFont needs the application to exist."""
    font = QFont()
    font.setBold(True)
    return font


def _same_text(_row: Any, text: str) -> str | None:
    return text or None


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column. ``value`` gives the text; ``tooltip(row, text)`` defaults to the text itself
    (a cut cell is read whole by hovering it); ``sort`` defaults to the text."""

    header: str
    value: Callable[[Row], str]
    tooltip: Callable[[Row, str], str | None] = _same_text
    align: Qt.AlignmentFlag | None = None
    sort: Callable[[Row], Any] | None = None
    ink: Callable[[Row], QColor | None] | None = None
    background: Callable[[Row], QColor | None] | None = None
    bold: Callable[[Row], bool] | None = None


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over ``rows``; ``row(index)`` gives the row behind a cell (of this
    model; a proxy maps to it first). ``align_headers``: a header takes its column's alignment
    (numbers' headers over their numbers) instead of the style's."""

    def __init__(self, columns: Sequence[Column[Row]], parent: QObject | None = None,
                 align_headers: bool = False) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.align_headers = align_headers
        self.rows: list[Row] = []
        self._texts: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [tuple(c.value(r) for c in self.columns) for r in self.rows]
        self.endResetModel()

    def recompute(self) -> None:
        """Texts again over the same rows (a plazo that moves with the clock), keeping the
        selection a reset would lose."""
        self._texts = [tuple(c.value(r) for c in self.columns) for r in self.rows]
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    def row(self, index: Index) -> Row:
        return self.rows[index.row()]

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        text = self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row, text)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort is not None else text
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align)
        if role == Qt.ItemDataRole.ForegroundRole and column.ink is not None:
            return column.ink(row)
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            return column.background(row)
        if role == Qt.ItemDataRole.FontRole and column.bold is not None and column.bold(row):
            return _bold()
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        align = self.columns[section].align
        if role == Qt.ItemDataRole.TextAlignmentRole and self.align_headers and align is not None:
            return int(align)
        return None


def rows_view(model: RowsModel[Any], name: str, widths: Sequence[int] = ()) -> QTableView:
    """A compact read-only list of whole rows, columns the person can widen."""
    table = row_list(QTableView(), name)
    table.setModel(model)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table
