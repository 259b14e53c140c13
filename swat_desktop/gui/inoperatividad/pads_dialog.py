"""«Talonarios…»: a point's pads of numbered paper forms in one place — print a new pad, see
what became of every reserved number, annul one never used, and start typing a paper in.

Printing reserves the numbers first and lays the PDF out off the GUI thread (a pad of 200
pages takes seconds); the numbers stay reserved even if the file cannot be written, so they
show here to annul. A CAC supervisor works on their own point only; Control e Información on
any. The paper's number is typed, or read by a scanner from the page's QR code (it types the
QR text and Enter), and checked before the form opens, so a number already used or another
point's is refused next to the field instead of after the whole form was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad_pads import (
    MAX_PAD,
    Reservation,
    ReservationState,
    correlativo_code,
    parse_correlativo,
)
from swat_desktop.domain.inoperatividad_texts import MAX_REASON
from swat_desktop.domain.permissions import POINT_BOUND, Action, can
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.inoperatividad.buttons import push_button
from swat_desktop.gui.inoperatividad.qt_dates import now_in
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.operations import Done, Operation, is_running
from swat_desktop.gui.reason_dialog import ReasonDialog, ReasonRequest
from swat_desktop.gui.rows_model import Column, RowsModel, rows_view
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import close_only, error_label, notice, open_at, say
from swat_desktop.services import inoperatividad_pads as pads

PRINT_TEXT = "&Imprimir talonario…"
DEFAULT_COUNT = 10
ALL_STATES = "Todos los estados"
NOT_A_NUMBER = ("Escriba el correlativo impreso en el papel ({example} o solo {digits}) o lea "
                "con el lector el código QR de la hoja.")
COLUMNS: tuple[Column[Reservation], ...] = (
    Column("Correlativo", lambda r: r.code),
    Column("Estado", lambda r: r.state.label),
    Column("Reservado el", lambda r: format_datetime(r.reserved_at, LIMA),
           sort=lambda r: r.reserved_at),
    Column("Reservado por", lambda r: r.reserved_by),
    Column("Registro o motivo", lambda r: r.outcome),
)


def _pad_text(taken: list[Reservation]) -> str:
    span = taken[0].code if len(taken) == 1 else f"{taken[0].code} a {taken[-1].code}"
    return f"{len(taken)} formato{'s' if len(taken) > 1 else ''}, {span}"


class PadsDialog(QDialog):
    transcribe_requested = Signal(object)  # the Reservation whose paper is to be typed in

    def __init__(self, place: Workplace, print_file: Callable[[Path], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.ctx = place.ctx
        self.print_file = print_file  # the workspace's print preview (tests replace it)
        self.exports_dir = self.ctx.exports_dir or Path.home()
        self.task: Operation | None = None
        self.written: Path | None = None
        self.annul_dialog: ReasonDialog | None = None
        self.listed: list[Reservation] = []  # the point's reservations, before the filter
        self.setWindowTitle("Talonarios de formatos numerados")

        self.point = QComboBox()
        self.point.setAccessibleName("Punto de atención")
        for point in place.points:
            self.point.addItem(f"{point.name} ({point.code})", point.code)
        own = place.point
        if own is not None:
            self.point.setCurrentIndex(max(self.point.findData(own.code), 0))
        bound = self.ctx.user.role in POINT_BOUND and own is not None
        self.point.setEnabled(not bound)  # a supervisor answers for their own point only
        self.point.setToolTip("Su punto de atención" if bound else "")
        self.point.currentIndexChanged.connect(lambda _i: self._point_changed())

        self.count = QSpinBox()
        self.count.setRange(1, MAX_PAD)
        self.count.setValue(DEFAULT_COUNT)
        self.count.setAccessibleName("Cantidad de formatos")
        self.print_button = push_button(PRINT_TEXT, "Reservar los siguientes correlativos del "
                                        "punto y guardar un formato en blanco numerado por "
                                        "cada uno, para imprimir", self.choose_pad)
        self.print_message = notice()
        self.print_message.hide()
        self.print_error = error_label()
        self.preview_button = push_button("Ver e imprimir…", "Vista previa e impresión del "
                                          "talonario guardado", self.preview)
        self.preview_button.hide()

        self.state = QComboBox()
        self.state.setAccessibleName("Filtrar por estado")
        self.state.addItem(ALL_STATES, None)
        for state in ReservationState:
            self.state.addItem(state.label, state.value)  # Qt keeps a plain string
        self.state.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.summary = notice()
        self.model: RowsModel[Reservation] = RowsModel(COLUMNS, self)
        self.table = rows_view(self.model, "padReservations", (178, 88, 132, 150))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.annul_button = push_button("&Anular correlativo…", "Anular con un motivo un "
                                        "correlativo reservado que no se usó (hoja perdida o "
                                        "dañada); no se borra ni se vuelve a usar",
                                        self.open_annul)
        self.list_message = notice()
        self.list_message.hide()
        self.list_error = error_label()

        self.number = QLineEdit()
        self.number.setAccessibleName("Correlativo del formato en papel")
        self.number.setMaxLength(80)
        self.number.returnPressed.connect(self.transcribe)  # a scanner ends with Enter
        self.number.textEdited.connect(lambda _t: self.number_error.hide())
        self.transcribe_button = push_button("&Transcribir formato en papel…", "Abrir el "
                                             "Formato Manual para copiar un formato llenado a "
                                             "mano, con su correlativo impreso",
                                             self.transcribe)
        self.number_error = error_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        layout.addWidget(notice(
            "Un talonario reserva los siguientes correlativos del punto, en orden, y los "
            "imprime: si el sistema cae, el formato llenado a mano ya tiene su lugar en el "
            "registro. Al volver el sistema, se transcribe; la hoja que no se usó se anula."))
        layout.addLayout(self._point_and_pad())
        layout.addWidget(self.print_message)
        layout.addWidget(self.print_error)
        layout.addLayout(self._list_header())
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.list_message)
        layout.addWidget(self.list_error)
        layout.addLayout(self._transcription_row())
        layout.addWidget(self.number_error)
        closing = close_only(self)
        for button in closing.buttons():  # Enter is the scanner's end of a QR, not «Cerrar»
            button.setAutoDefault(False)
        layout.addWidget(closing)
        follow(self, self.ctx.hub, (Change.RECORDS,), self.refresh)
        self._point_changed()
        self.number.setFocus()  # a scanned QR goes straight in
        open_at(self, 820, 620)

    def _point_and_pad(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        point_label, count_label = QLabel("&Punto de atención"), QLabel("&Cantidad")
        point_label.setBuddy(self.point)
        count_label.setBuddy(self.count)
        grid.addWidget(point_label, 0, 0)
        grid.addWidget(self.point, 0, 1, 1, 4)
        grid.addWidget(count_label, 1, 0)
        grid.addWidget(self.count, 1, 1)
        grid.addWidget(QLabel("formatos"), 1, 2)
        grid.addWidget(self.print_button, 1, 3)
        grid.addWidget(self.preview_button, 1, 4, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(4, 1)
        return grid

    def _list_header(self) -> QHBoxLayout:
        title = QLabel("Correlativos reservados")
        title.setObjectName("cardTitle")
        state_label = QLabel("&Estado")
        state_label.setBuddy(self.state)
        row = QHBoxLayout()
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(state_label)
        row.addWidget(self.state)
        row.addWidget(self.annul_button)
        return row

    def _transcription_row(self) -> QHBoxLayout:
        label = QLabel("C&orrelativo del papel")
        label.setBuddy(self.number)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.number, 1)
        row.addWidget(self.transcribe_button)
        return row

    # -- the point and its list ------------------------------------------------------------
    @property
    def point_code(self) -> str:
        return str(self.point.currentData() or "")

    def _point_changed(self) -> None:
        code = self.point_code
        self.number.setPlaceholderText(f"{correlativo_code(code, 2)}, solo 2, o lea el "
                                       "código QR")
        user = self.ctx.user
        self.print_button.setEnabled(can(user, Action.RESERVE_CORRELATIVOS))
        self.transcribe_button.setEnabled(can(user, Action.TRANSCRIBE_PAPER))
        self.number_error.hide()
        self.refresh()

    def refresh(self) -> None:
        """The point's reservations read again (after a write here or elsewhere)."""
        self.listed = pads.reservations(self.ctx.store, self.point_code) \
            if self.point_code else []
        self._show_rows()

    def _show_rows(self) -> None:
        state = self.state.currentData()
        self.model.set_rows([r for r in self.listed if not state or r.state.value == state])
        counts = {s: sum(1 for r in self.listed if r.state is s) for s in ReservationState}
        self.summary.setText(
            f"{len(self.listed)} en total: " + ", ".join(
                f"{counts[s]} {s.label.lower()}{'s' if counts[s] != 1 else ''}"
                for s in ReservationState) if self.listed
            else "El punto aún no tiene correlativos reservados.")
        self._chosen()

    def selected(self) -> Reservation | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def select(self, number: int) -> None:
        for row, reservation in enumerate(self.model.rows):
            if reservation.number == number:
                self.table.selectRow(row)
                return

    def _chosen(self) -> None:
        """A reserved, unused number can be annulled, and is the paper to type in next."""
        chosen = self.selected()
        unused = chosen is not None and chosen.state is ReservationState.RESERVADO
        self.annul_button.setEnabled(unused and can(self.ctx.user, Action.ANNUL_RESERVATION))
        if unused and chosen is not None:
            self.number.setText(chosen.code)
            self.number_error.hide()

    # -- printing a pad --------------------------------------------------------------------
    def choose_pad(self) -> None:
        today = now_in(self.ctx.clock, LIMA)
        # The exports folder is made when first used, as the record's papers do; if it
        # cannot be, the file dialog lets the person choose another.
        with suppress(OSError):
            self.exports_dir.mkdir(parents=True, exist_ok=True)
        target, _ = QFileDialog.getSaveFileName(
            self, "Guardar talonario",
            str(self.exports_dir / f"Talonario {self.point_code} {today:%Y-%m-%d %H%M}.pdf"),
            "PDF (*.pdf)")
        if target:
            path = Path(target) if target.lower().endswith(".pdf") else Path(f"{target}.pdf")
            self.exports_dir = path.parent
            self.print_pad(path)

    def print_pad(self, path: Path) -> Operation | None:
        """Reserve the numbers and write the pad off the GUI thread; its file goes to the
        window's notice and the button here opens its print preview."""
        if is_running(self.task):
            return None
        store, user, code, count = self.ctx.store, self.ctx.user, self.point_code, \
            self.count.value()

        def work(_progress: object, _cancelled: object) -> tuple[Path, list[Reservation]]:
            return pads.write_pad(store, user, code, count, path)

        def describe(result: tuple[Path, list[Reservation]]) -> Done:
            written, taken = result
            return Done(f"Talonario guardado en {written}: {_pad_text(taken)}",
                        WrittenFiles(f"Talonario de {_pad_text(taken)} guardado: imprímalo y "
                                     "guárdelo en el punto.", (written,)))

        operation = Operation(self.ctx.hub, work, describe=describe,
                              failure="No se pudo guardar el talonario",
                              changes=(Change.RECORDS,), parent=self)
        operation.ended.connect(self._print_ended)
        operation.succeeded.connect(self._printed)
        operation.failed.connect(lambda text: say(self.print_message, self.print_error, text,
                                                  True))
        self.task = operation
        self.print_button.setEnabled(False)
        self.print_button.setText("Guardando…")
        return operation.start()

    def _print_ended(self) -> None:
        self.task = None
        self.print_button.setText(PRINT_TEXT)
        self.print_button.setEnabled(can(self.ctx.user, Action.RESERVE_CORRELATIVOS))

    def _printed(self, result: tuple[Path, list[Reservation]]) -> None:
        written, taken = result
        self.written = written
        self.preview_button.show()
        say(self.print_message, self.print_error,
            f"Reservados {_pad_text(taken)}. Talonario guardado en {written}.")
        self.refresh()  # the announce may have come while the list was up to date

    def reject(self) -> None:
        """Not while the pad is being written: its numbers are reserved, and its file and its
        outcome must be seen here (the operation lives with the dialog)."""
        if is_running(self.task):
            say(self.print_message, self.print_error, "Espere: el talonario se está "
                "guardando. La ventana se puede cerrar cuando termine.", True)
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if is_running(self.task):
            event.ignore()
            self.reject()  # says why
            return
        super().closeEvent(event)

    def preview(self) -> object:
        return self.print_file(self.written) if self.written is not None else None

    # -- annulling an unused number --------------------------------------------------------
    def open_annul(self) -> ReasonDialog | None:
        chosen = self.selected()
        if chosen is None or chosen.state is not ReservationState.RESERVADO:
            return None

        def annul(reason: str, _choice: object) -> Reservation:
            annulled = pads.annul_reservation(self.ctx.store, self.ctx.user, chosen.point_code,
                                              chosen.number, reason)
            self.ctx.hub.announce(Change.RECORDS)
            return annulled

        dialog = ReasonDialog(ReasonRequest(
            title=f"Anular el correlativo {chosen.code}",
            explanation="El correlativo no se borra ni se vuelve a usar: queda anulado con "
                        "este motivo en la lista del talonario y en la auditoría, y el "
                        "registro sigue correlativo.",
            ok_text="Anular correlativo", label="&Motivo de la anulación",
            placeholder="Hoja perdida, mojada, rota, mal impresa…", limit=MAX_REASON),
            annul, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._annulled(dialog.result_value))
        dialog.finished.connect(lambda _r: setattr(self, "annul_dialog", None))
        self.annul_dialog = dialog
        dialog.open()
        return dialog

    def _annulled(self, annulled: Reservation | None) -> None:
        if annulled is None:
            return
        self.refresh()
        self.number.clear()
        text = f"Correlativo {annulled.code} anulado: {annulled.annul_reason}"
        say(self.list_message, self.list_error, text)
        self.ctx.hub.say(text)

    # -- typing a paper in -----------------------------------------------------------------
    def transcribe(self) -> Reservation | None:
        """Check the number and hand it to the workspace, which opens the form for it."""
        if is_running(self.task):
            self._refuse("Espere a que termine de guardarse el talonario.")
            return None
        code = self.point_code
        found = parse_correlativo(self.number.text(), code)
        if found is None:
            self._refuse(NOT_A_NUMBER.format(example=correlativo_code(code, 2), digits=2))
            return None
        try:
            reservation = pads.to_transcribe(self.ctx.store, self.ctx.user, *found)
        except ValidationError as exc:  # said with the number read, a scan being unseen
            self._refuse(f"{correlativo_code(*found)}: " + "\n".join(exc.errors.values()))
            return None
        self.number_error.hide()
        self.transcribe_requested.emit(reservation)
        self.accept()
        return reservation

    def _refuse(self, text: str) -> None:
        self.number_error.setText(text)
        self.number_error.show()
        self.number.setFocus()
        self.number.selectAll()  # the next scan replaces it
