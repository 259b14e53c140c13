"""The point's records, newest first, on the left of the workspace: a few hundred a year, read
in one query, and read again whenever a record or its flow changes (the hub) or the user does.

Choosing a row asks the workspace to show that record; reading the list again keeps the row
that was chosen, without showing it again.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import Catalogue, InoperatividadRecord, RecordStatus
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import notice, read_only_table
from swat_desktop.services import inoperatividad

HEADERS = ("N.º", "Trámite", "Inicio", "Estado")
ANNULLED = QColor("#9aa5b1")


class RecordTableModel(QAbstractTableModel):
    """The point's records, newest first; a few hundred a year, read in one query."""

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.records: list[InoperatividadRecord] = []
        self.one_point = True

    def set_records(self, records: list[InoperatividadRecord], one_point: bool) -> None:
        """``one_point``: the list is one point's, so the correlativo alone names a record (the
        full number, with the point's code, is on the form beside it)."""
        self.beginResetModel()
        self.records = records
        self.one_point = one_point
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(record)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and record.status is RecordStatus.ANULADO:
            return ANNULLED
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.number + (f" · anulado: {record.annul_reason}"
                                    if record.status is RecordStatus.ANULADO else "")
        return None

    def cells(self, record: InoperatividadRecord) -> tuple[str, str, str, str]:
        data = record.data
        kind = self.catalogue.label(self.catalogue.request_types, data.request_type.value) \
            if data.request_type else ""
        started = format_datetime(data.started_at, LIMA) if data.started_at else ""
        number = f"{record.correlativo:06d}" if self.one_point else record.number
        return number, kind, started, record.status.label

    def row_of(self, record_id: int) -> int | None:
        return next((row for row, r in enumerate(self.records) if r.id == record_id), None)


class RecordList(QWidget):
    chosen = Signal(object)  # the InoperatividadRecord of the row the person picked

    def __init__(self, place: Workplace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.model = RecordTableModel(place.catalogue, self)
        self.table = read_only_table(QTableView(), "inoperatividadTable")
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.empty = notice("Todavía no hay registros de inoperatividad aquí. Los que guarde "
                            "aparecerán en esta lista con su correlativo.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        place.ctx.hub.changed.connect(self._store_changed)
        place.ctx.hub.user_changed.connect(self._user_changed)
        self._user_changed(place.ctx.user)

    def _store_changed(self, changes: frozenset[Change]) -> None:
        if changes & {Change.RECORDS, Change.FLOW}:
            self.reload(select=self.current_id())

    def _user_changed(self, _user: UserProfile) -> None:
        point = self.place.point
        self.title.setText(f"Registros de {point.name}" if point
                           else "Registros de todos los puntos")
        self.reload()

    def current_id(self) -> int | None:
        row = self.table.selectionModel().currentIndex().row()
        return self.model.records[row].id if 0 <= row < len(self.model.records) else None

    def reload(self, select: int | None = None) -> None:
        """Read the list again with ``select`` chosen, quietly."""
        point_id = self.place.point_id
        self.model.set_records(inoperatividad.list_records(self.place.ctx.store, point_id),
                               one_point=point_id is not None)
        self.table.setVisible(bool(self.model.records))
        self.empty.setVisible(not self.model.records)
        self.mark(select)

    def mark(self, record_id: int | None) -> None:
        """Choose the record's row quietly (None: no row), for a record shown already."""
        row = self.model.row_of(record_id) if record_id is not None else None
        model = self.table.selectionModel()
        model.blockSignals(True)
        if row is None:
            model.clearSelection()
            model.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        else:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        model.blockSignals(False)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.chosen.emit(self.model.records[current.row()])

    def select(self, record_id: int) -> None:
        """Choose the record's row as the person would: the workspace shows it."""
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)
