"""«Reporte a Regulatorio»: the events that still have to go into a report with the last day to
send them (overdue and due soon first and in colour), the report of a period as xlsx and PDF,
the mark that the events were sent, and the calendar the deadlines count with.

Deadlines are computed when read (3 business days in Peru after the event ended), so adding a
non-working day moves every due date at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QDate,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import Catalogue
from swat_desktop.domain.inoperatividad_flow import (
    FlowRecord,
    ReportDeadline,
    missing_for_report,
)
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.inoperatividad.days_off_dialog import WEEKDAYS, DaysOffDialog
from swat_desktop.gui.inoperatividad.record_list import request_label
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.operations import Done, Operation
from swat_desktop.gui.qt_dates import date_edit, pydate
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import error_label, notice, read_only_table, say
from swat_desktop.services import inoperatividad_report as report

COLOURS = {ReportDeadline.VENCIDO: QColor("#b3261e"), ReportDeadline.POR_VENCER: QColor("#a15c00"),
           ReportDeadline.EN_PLAZO: QColor("#1e6b35")}
Due = tuple[FlowRecord, date, ReportDeadline]


def deadline_summary(due: list[Due]) -> str:
    """"2 vencidos · 1 por vencer · 3 en plazo", the worst first; what the tab title says."""
    counts = {state: sum(1 for _, _, s in due if s is state) for state in ReportDeadline}
    words = {ReportDeadline.VENCIDO: ("vencido", "vencidos"),
             ReportDeadline.POR_VENCER: ("por vencer", "por vencer"),
             ReportDeadline.EN_PLAZO: ("en plazo", "en plazo")}
    parts = [f"{n} {words[s][n > 1]}" for s in (ReportDeadline.VENCIDO, ReportDeadline.POR_VENCER,
                                                ReportDeadline.EN_PLAZO) if (n := counts[s])]
    return " · ".join(parts) if parts else "Ningún evento pendiente de reportar"


def _saved_text(written: tuple[Path, Path]) -> str:
    xlsx, pdf = written
    return f"Reporte guardado en {xlsx.parent}: {xlsx.name} y {pdf.name}."


def _missing(item: FlowRecord) -> str:
    if item.evaluation.reportable:
        return "Listo para reportar"
    return "Falta " + ", ".join(missing_for_report(item.flow))


def deadline_columns(catalogue: Catalogue) -> list[Column[Due]]:
    def tip(due: Due, _text: str) -> str | None:
        return "; ".join(due[0].evaluation.problems) or None

    def ended(due: Due) -> str:
        moment = due[0].record.data.ended_at
        return format_datetime(moment, LIMA) if moment else ""

    return [
        Column("Correlativo", lambda d: d[0].record.number, tip),
        Column("Punto", lambda d: d[0].record.point.name, tip),
        Column("Trámite", lambda d: request_label(catalogue, d[0].record), tip),
        Column("Fin del evento", ended, tip),
        Column("Vence", lambda d: f"{WEEKDAYS[d[1].weekday()][:3]} {d[1]:%d/%m/%Y}", tip),
        Column("Plazo", lambda d: d[2].label, tip, ink=lambda d: COLOURS[d[2]],
               bold=lambda d: d[2] is not ReportDeadline.EN_PLAZO),
        Column("Falta", lambda d: _missing(d[0]), tip),
    ]


class ReportPage(QWidget):
    """Deadlines are read again whenever a record, its flow or the calendar changes (the
    hub), so a closure elsewhere in the window or an added holiday shows at once."""

    counted = Signal(object)  # the deadlines just read, for the tab's title

    def __init__(self, place: Workplace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx = place.ctx
        self.exports_dir = ctx.exports_dir or Path.home()
        self.task: Operation | None = None
        self.written: tuple[Path, Path] | None = None
        self.confirm: QMessageBox | None = None
        self.days_dialog: DaysOffDialog | None = None

        title = QLabel("Plazos del reporte a Regulatorio")
        title.setObjectName("cardTitle")
        self.summary = QLabel()
        self.summary.setObjectName("workspaceSubtitle")
        self.days_button = QPushButton("Días no &laborables…")
        self.days_button.setAutoDefault(False)
        self.days_button.setToolTip("Feriados nacionales y días que agrega Control e "
                                    "Información; cuentan para el plazo")
        self.days_button.clicked.connect(self.open_days_off)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(8)
        top.addWidget(self.summary, 1)
        top.addWidget(self.days_button)

        self.model: RowsModel[Due] = RowsModel(deadline_columns(place.catalogue), self)
        self.table = read_only_table(QTableView(), "deadlinesTable", multi=True)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_mark())
        self.empty = notice("No hay eventos cerrados pendientes de reportar. Cuando se cierre "
                            "un evento que se reporta, aparecerá aquí con su fecha límite.")
        self.mark_button = QPushButton("&Marcar como reportados…")
        self.mark_button.setAutoDefault(False)
        self.mark_button.setToolTip("Los eventos elegidos se enviaron a Regulatorio: salen de "
                                    "los plazos (solo Control e Información)")
        self.mark_button.clicked.connect(self.ask_mark)
        self.mark_hint = notice()
        mark_row = QHBoxLayout()
        mark_row.addWidget(self.mark_hint, 1)
        mark_row.addWidget(self.mark_button)

        report_title = QLabel("Reporte de Eventos de Inoperatividad")
        report_title.setObjectName("cardTitle")
        self.start = date_edit(name="Desde")
        self.end = date_edit(name="Hasta")
        self.generate_button = QPushButton("&Generar Excel y PDF")
        self.generate_button.setAutoDefault(False)
        self.generate_button.setToolTip("Los eventos reportables (cerrados, con «procede» de "
                                        "Procesos y aprobados) que empezaron en el periodo")
        self.generate_button.clicked.connect(self.generate)
        self.print_button = QPushButton("&Imprimir…")
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip("Vista previa e impresión del PDF del reporte")
        self.print_button.clicked.connect(lambda: self.written and self.print_file(
            self.written[1]))
        period = QHBoxLayout()
        for text, edit in (("&Desde", self.start), ("&Hasta", self.end)):
            label = QLabel(text)
            label.setBuddy(edit)
            period.addWidget(label)
            period.addWidget(edit)
            period.addSpacing(8)
        period.addWidget(self.generate_button)
        period.addStretch(1)
        period.addWidget(self.print_button)
        self.message = notice()
        self.message.hide()
        self.error = error_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(notice("Cada evento cerrado que se reporta vence 3 días hábiles en "
                                "Perú después de su fin. Los errores de usuario y de pruebas, "
                                "y los que Procesos indica no reportar, no figuran."))
        layout.addWidget(self.table, 3)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(mark_row)
        layout.addSpacing(10)
        layout.addWidget(report_title)
        layout.addLayout(period)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        self._set_period()
        # Read again after a write here, and each time the section comes back on screen (for
        # what other computers wrote meanwhile).
        follow(self, ctx.hub, (Change.RECORDS, Change.FLOW, Change.SETTINGS), self.refresh,
               every_show=True)
        ctx.hub.user_changed.connect(self._user_changed)
        self.refresh()

    def _set_period(self) -> None:
        """The current month so far: what is usually sent."""
        today = local_today(self.ctx.clock, LIMA)  # where the deadlines are counted
        self.start.setDate(QDate(today.year, today.month, 1))
        self.end.setDate(QDate(today.year, today.month, today.day))
        self._show_written(None)

    # -- deadlines --------------------------------------------------------------------------
    def refresh(self) -> list[Due]:
        due = report.deadlines(self.ctx.store)
        self.model.set_rows(due)
        self.summary.setText(deadline_summary(due))
        self.table.setVisible(bool(due))
        self.empty.setVisible(not due)
        self._update_mark()
        self.counted.emit(due)
        return due

    def chosen(self) -> list[Due]:
        return [self.model.row(i) for i in self.table.selectionModel().selectedRows()]

    def _update_mark(self) -> None:
        control = can(self.ctx.user, Action.MARK_REPORTED)
        chosen = self.chosen()
        ready = bool(chosen) and all(item.evaluation.reportable for item, _, _ in chosen)
        self.mark_button.setVisible(control and bool(self.model.rows))
        self.mark_button.setEnabled(ready)
        if not self.model.rows:
            hint = ""
        elif not control:
            hint = "Control e Información marca los eventos cuando los envía a Regulatorio."
        elif chosen and not ready:
            hint = "Solo se marcan los eventos listos para reportar (con «procede» de " \
                   "Procesos y las dos aprobaciones)."
        else:
            hint = "Elija los eventos que envió a Regulatorio (Ctrl o Mayús para varios)."
        self.mark_hint.setText(hint)

    def ask_mark(self) -> QMessageBox | None:
        chosen = self.chosen()
        if not chosen:
            return None
        numbers = ", ".join(item.record.number for item, _, _ in chosen)
        many = len(chosen) > 1
        box = QMessageBox(QMessageBox.Icon.Question, "Marcar como reportados",
                          f"¿Se enviaron a Regulatorio {'los eventos' if many else 'el evento'} "
                          f"{numbers}?\n\nQueda registrado quién y cuándo; "
                          f"{'salen' if many else 'sale'} de la lista de plazos.",
                          QMessageBox.StandardButton.NoButton, self)
        yes = box.addButton("Sí, marcar", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = [item.record.id for item, _, _ in chosen]
        yes.clicked.connect(lambda: self.mark(ids))
        box.finished.connect(lambda _r: setattr(self, "confirm", None))
        self.confirm = box
        box.open()
        return box

    def mark(self, record_ids: list[int]) -> int:
        try:
            marked = report.mark_reported(self.ctx.store, self.ctx.user, record_ids)
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), error=True)
            self.refresh()
            return 0
        text = (f"{marked} evento{'s' if marked > 1 else ''} "
                f"marcado{'s' if marked > 1 else ''} como reportado{'s' if marked > 1 else ''}.")
        self.ctx.hub.announce(Change.FLOW)  # this page reads its deadlines again, too
        self._say(text)
        self.ctx.hub.say(text)
        return marked

    def open_days_off(self) -> DaysOffDialog:
        dialog = DaysOffDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "days_dialog", None))
        self.days_dialog = dialog
        dialog.open()
        return dialog

    # -- the report -------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        start, end = pydate(self.start.date()), pydate(self.end.date())
        assert isinstance(start, date)
        assert isinstance(end, date)
        return start, end

    def generate(self) -> Operation | None:
        """Off the GUI thread: a long period makes a long PDF, and the folder may be on the
        network."""
        start, end = self.period()
        if end < start:
            self._say("El fin del periodo es anterior a su inicio.", error=True)
            return None
        store, user, folder = self.ctx.store, self.ctx.user, self.exports_dir

        def work(_progress: object, _cancelled: object) -> tuple[Path, Path]:
            return report.export_report(store, user, start, end, folder)

        def describe(written: tuple[Path, Path]) -> Done:
            return Done(_saved_text(written), WrittenFiles("Reporte a Regulatorio guardado.",
                                                           written))

        operation = Operation(self.ctx.hub, work, describe=describe,
                              failure="No se pudo guardar el reporte", parent=self)
        operation.ended.connect(self._generate_ended)
        operation.succeeded.connect(self._generated)
        operation.failed.connect(lambda text: self._say(text, error=True))
        self.task = operation
        self.generate_button.setEnabled(False)
        self.generate_button.setText("Generando…")
        return operation.start()

    def _generate_ended(self) -> None:
        self.task = None
        self.generate_button.setEnabled(True)
        self.generate_button.setText("&Generar Excel y PDF")

    def _generated(self, written: tuple[Path, Path]) -> None:
        self._show_written(written)
        self._say(_saved_text(written))

    def _show_written(self, written: tuple[Path, Path] | None) -> None:
        self.written = written
        self.print_button.setVisible(written is not None)

    def _say(self, text: str, error: bool = False) -> None:
        say(self.message, self.error, text, error)

    def _user_changed(self, _user: UserProfile) -> None:
        self._say("")
        self.refresh()

    def print_file(self, path: Path) -> QDialog:
        from swat_desktop.gui.printing import preview_pdf  # the renderer, when first used

        return preview_pdf(path, self)

