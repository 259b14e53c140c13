"""The records waiting to be regularized in the Sistema Administrativo ATC, the oldest first,
with the panel that regularizes the chosen one and the export for someone who keys them in
elsewhere.

The page only reads the queue and hands the chosen record to the panel; every transition is
the service's (``services.inoperatividad_flow``), so an automatic submitter could later do the
same without this page.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import Clock, local_today
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import Catalogue
from swat_desktop.domain.inoperatividad_flow import FlowRecord
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.inoperatividad.record_list import request_label, started_text
from swat_desktop.gui.inoperatividad.regularize_panel import STALE, RegularizePanel
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.operations import Done, Operation
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import error_label, notice, read_only_table
from swat_desktop.services import inoperatividad_flow as flow

AGE_COLUMN = 4
OLD = timedelta(days=1)  # a record waiting this long stands out
OLD_COLOUR = QColor("#b3261e")
AGE_REFRESH_MS = 60_000


def format_age(age: timedelta) -> str:
    """How long a record has waited, as people say it: "hace 2 h 15 min", "hace 3 días"."""
    minutes = max(int(age.total_seconds() // 60), 0)
    if minutes < 1:
        return "hace menos de 1 min"
    if minutes < 60:
        return f"hace {minutes} min"
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return f"hace {hours} h {rest} min" if rest else f"hace {hours} h"
    days = minutes // (24 * 60)
    return f"hace {days} día{'s' if days > 1 else ''}"


def pending_text(count: int) -> str:
    if count == 0:
        return "Nada por regularizar en ATC"
    return f"{count} registro{'s' if count > 1 else ''} por regularizar en ATC"


class QueueModel(RowsModel[FlowRecord]):
    """The queue as the service returns it (a few dozen rows at most); the ages count up to
    the store's clock and are computed again every minute (``recompute``)."""

    def __init__(self, catalogue: Catalogue, clock: Clock, parent: QObject | None = None
                 ) -> None:
        self.clock = clock

        def tip(item: FlowRecord, _text: str) -> str:
            return (f"{item.record.number} · regularización en ATC: "
                    f"{item.flow.regularization.label.lower()} · evento "
                    f"{item.record.status.label.lower()}")

        def old(item: FlowRecord) -> bool:
            return self.age(item) >= OLD

        super().__init__([
            Column("Correlativo", lambda i: f"{i.record.correlativo:06d}", tip),
            Column("Punto", lambda i: i.record.point.name, tip),
            Column("Trámite", lambda i: request_label(catalogue, i.record), tip),
            Column("Inicio", lambda i: started_text(i.record), tip),
            Column("Antigüedad", lambda i: format_age(self.age(i)), tip,
                   ink=lambda i: OLD_COLOUR if old(i) else None, bold=old),
            Column("Estado", lambda i: f"{i.flow.regularization.label} · "
                                       f"{i.record.status.label.lower()}", tip),
        ], parent)

    def age(self, item: FlowRecord) -> timedelta:
        return self.clock.now() - item.record.created_at

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation is Qt.Orientation.Horizontal and section == AGE_COLUMN
                and role == Qt.ItemDataRole.ToolTipRole):
            return "Tiempo desde que se guardó el registro en esta aplicación"
        return super().headerData(section, orientation, role)

    def row_of(self, record_id: int) -> int | None:
        return next((r for r, f in enumerate(self.rows) if f.record.id == record_id), None)


class QueuePage(QWidget):
    """«Por regularizar en ATC»: the list on the left, the chosen record's panel on the right.
    It reads the queue again when a record or its flow changed (the hub), and for the new
    user's point when the user changes."""

    def __init__(self, place: Workplace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.ctx = ctx = place.ctx
        self.exports_dir = ctx.exports_dir or Path.home()
        self.export_task: Operation | None = None

        self.count_label = QLabel()
        self.count_label.setObjectName("cardTitle")
        self.how = notice("el más antiguo primero. Elija uno, copie sus datos en ATC y anote "
                          "el número que ATC le dio.")
        self.export_button = QPushButton("E&xportar cola…")
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip("Guardar la cola en un libro de Excel, para quien los "
                                      "registre en ATC desde otro equipo")
        self.export_button.clicked.connect(self.choose_export)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.count_label)
        top.addWidget(self.how, 1)
        top.addWidget(self.export_button)
        self.message = notice()  # what happened last: an export, a record that left
        self.message.hide()
        self.error = error_label()

        self.model = QueueModel(place.catalogue, ctx.clock, self)
        self.table = read_only_table(QTableView(), "queueTable")
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.empty = notice("No hay registros por regularizar en ATC. Los registros que se "
                            "guarden aquí mientras ATC no esté disponible esperarán en esta "
                            "lista, el más antiguo primero.")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)

        self.panel = RegularizePanel(ctx, place.catalogue)
        self.panel.regularized.connect(self._regularized)
        self.panel.stale.connect(self._stale)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([720, 680])  # every column of the list without scrolling
        splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(360)
        self.panel.setMinimumWidth(460)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(AGE_REFRESH_MS)
        self.timer.timeout.connect(self.model.recompute)
        self.timer.start()
        # Read again after a write here, and each time the section comes back on screen (for
        # what other computers wrote meanwhile).
        follow(self, ctx.hub, (Change.RECORDS, Change.FLOW), self.refresh, every_show=True)
        ctx.hub.user_changed.connect(self._user_changed)
        self.refresh()

    # -- reading ----------------------------------------------------------------------------
    def refresh(self, select: int | None = None, keep_number: bool = False) -> None:
        """Read the queue again; the chosen record stays chosen while it is still waiting,
        otherwise the one now in its place (the next to key in) is."""
        current = self.panel.item.record.id if self.panel.item else None
        position = self.model.row_of(current) if current is not None else None
        self.model.set_rows(flow.queue(self.ctx.store, self.place.point_id))
        items = self.model.rows
        # An empty queue says so once, in the list's place: not the title's "Nada por
        # regularizar" running into "el más antiguo primero…", nor the panel's "Elija uno".
        self.count_label.setText(pending_text(len(items)) + ",")
        for widget in (self.count_label, self.how, self.table):
            widget.setVisible(bool(items))
        self.empty.setVisible(not items)
        self.export_button.setEnabled(bool(items) and self.export_task is None)
        wanted = select if select is not None else current
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None and items and position is not None:
            row = min(position, len(items) - 1)
        if row is None and items:
            row = 0
        if row is None:
            self.panel.set_item(None, waiting=bool(items))
            return
        same = items[row].record.id == current
        self.table.selectionModel().blockSignals(True)
        self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))
        self.panel.set_item(items[row], keep_number=same and keep_number)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.panel.set_item(self.model.row(current))

    def select_record(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def _user_changed(self, _user: UserProfile) -> None:
        self._say("")
        self.refresh()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.error.hide()

    # -- writing ----------------------------------------------------------------------------
    def _regularized(self, done: FlowRecord) -> None:
        record = done.record
        text = (f"{record.number} regularizado en ATC con el N.º {done.flow.atc_number}; "
                "salió de la cola.")  # the hub's announcement has already read the queue
        self._say(text)
        self.ctx.hub.say(text)
        if self.panel.item is not None:
            self.panel.atc_number.setFocus()

    def _stale(self, record_id: int, typed: str) -> None:
        """Somebody else changed the record: read everything again and say what happened."""
        self.refresh(select=record_id, keep_number=True)
        item = self.panel.item
        if item is not None and item.record.id == record_id:
            self.panel.atc_number.setText(typed)
            self.panel.show_error(STALE)
            return
        self._say("")
        self.error.setText("Otra persona regularizó o anuló ese registro mientras lo veía: ya "
                           "no está en la cola. La lista se volvió a cargar.")
        self.error.show()

    # -- export -----------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        today = local_today(self.ctx.clock, LIMA)
        return self.exports_dir / f"Por regularizar en ATC {today:%Y-%m-%d}.xlsx"

    def ask_export_path(self, default: Path) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Exportar la cola por regularizar",
                                                str(default), "Libro de Excel (*.xlsx)")
        return Path(chosen).with_suffix(".xlsx") if chosen else None

    def choose_export(self) -> Operation | None:
        path = self.ask_export_path(self.default_export_path())
        return self.export_to(path) if path is not None else None

    def export_to(self, path: Path) -> Operation:
        """Off the GUI thread: the exports folder may be on the network."""
        point_id, store = self.place.point_id, self.ctx.store

        def work(_progress: object, _cancelled: object) -> Path:
            path.parent.mkdir(parents=True, exist_ok=True)
            return flow.export_queue(store, path, point_id)

        operation = Operation(self.ctx.hub, work, describe=lambda saved: Done(
            f"Cola guardada en {saved}", WrittenFiles("Cola por regularizar guardada.",
                                                      (saved,))),
            failure="No se pudo guardar la cola", parent=self)
        operation.ended.connect(self._export_ended)
        operation.succeeded.connect(lambda saved: self._say(f"Cola guardada en {saved}"))
        operation.failed.connect(self._export_failed)
        self.export_task = operation
        self.export_button.setEnabled(False)
        return operation.start()

    def _export_ended(self) -> None:
        self.export_task = None
        self.export_button.setEnabled(bool(self.model.rows))

    def _export_failed(self, message: str) -> None:
        self._say("")
        self.error.setText(message)
        self.error.show()
