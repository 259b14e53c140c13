"""The point's records, newest first, on the left of the workspace: a few hundred a year, read
in one query, and read again whenever a record or its flow changes (the hub) or the user does.

Choosing a row asks the workspace to show that record; reading the list again keeps the row
that was chosen, without showing it again.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import Catalogue, InoperatividadRecord, RecordStatus
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import notice, read_only_table
from swat_desktop.services import inoperatividad

ANNULLED = QColor("#9aa5b1")


def request_label(catalogue: Catalogue, record: InoperatividadRecord) -> str:
    kind = record.data.request_type
    return catalogue.label(catalogue.request_types, kind.value) if kind else ""


def started_text(record: InoperatividadRecord) -> str:
    started = record.data.started_at
    return format_datetime(started, LIMA) if started else ""


def _tip(record: InoperatividadRecord, _text: str) -> str:
    return record.number + (f" · anulado: {record.annul_reason}"
                            if record.status is RecordStatus.ANULADO else "")


def _ink(record: InoperatividadRecord) -> QColor | None:
    return ANNULLED if record.status is RecordStatus.ANULADO else None


class RecordList(QWidget):
    chosen = Signal(object)  # the InoperatividadRecord of the row the person picked

    def __init__(self, place: Workplace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        # One point's list: the correlativo alone names a record (the full number, with the
        # point's code, is on the form beside it).
        self.one_point = True
        catalogue = place.catalogue
        self.model: RowsModel[InoperatividadRecord] = RowsModel([
            Column("N.º", lambda r: f"{r.correlativo:06d}" if self.one_point else r.number,
                   _tip, ink=_ink),
            Column("Trámite", lambda r: request_label(catalogue, r), _tip, ink=_ink),
            Column("Inicio", started_text, _tip, ink=_ink),
            Column("Estado", lambda r: r.status.label, _tip, ink=_ink),
        ], self)
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
        return self.model.rows[row].id if 0 <= row < len(self.model.rows) else None

    def reload(self, select: int | None = None) -> None:
        """Read the list again with ``select`` chosen, quietly."""
        point_id = self.place.point_id
        self.one_point = point_id is not None
        self.model.set_rows(inoperatividad.list_records(self.place.ctx.store, point_id))
        self.table.setVisible(bool(self.model.rows))
        self.empty.setVisible(not self.model.rows)
        self.mark(select)

    def mark(self, record_id: int | None) -> None:
        """Choose the record's row quietly (None: no row), for a record shown already."""
        row = self.row_of(record_id) if record_id is not None else None
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
            self.chosen.emit(self.model.row(current))

    def select(self, record_id: int) -> None:
        """Choose the record's row as the person would: the workspace shows it."""
        row = self.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)

    def row_of(self, record_id: int) -> int | None:
        return next((n for n, r in enumerate(self.model.rows) if r.id == record_id), None)
