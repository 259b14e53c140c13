"""A saved record on the right of the workspace: the Formato Manual read-only, what happened
to it after the form (regularization, closure, evaluation) in a second tab, and its actions —
print, the contingency e-mail, annul, close the event.

It shows the store as it is: whenever a record, its flow or the calendar changes (the hub), the
record on screen is read again and shown anew if it differs, keeping the message above it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad import InoperatividadRecord, RecordStatus
from swat_desktop.domain.inoperatividad_flow import FlowRecord, format_duration
from swat_desktop.gui.inoperatividad.buttons import push_button
from swat_desktop.gui.inoperatividad.cards import scrolled
from swat_desktop.gui.inoperatividad.closure_dialog import ClosureDialog
from swat_desktop.gui.inoperatividad.evaluation import EvaluationPanel
from swat_desktop.gui.inoperatividad.form import RecordForm
from swat_desktop.gui.inoperatividad.record_papers import RecordPapers
from swat_desktop.gui.inoperatividad.record_reasons import annul_dialog
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.reason_dialog import ReasonDialog
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import error_label
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services import inoperatividad_pads as pads

CONTINGENCY_TIP = ("Avisar a Fallas de Sistemas y Plataformas, con copia a Control e "
                   "Información y Control y Presupuesto, cuando el registro no se puede hacer "
                   "en ATC")


def _message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ViewerPane(QWidget):
    open_queue = Signal(object)  # the InoperatividadRecord to find in the ATC queue

    def __init__(self, place: Workplace, papers: RecordPapers, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx = place.ctx
        self.place = place
        self.papers = papers
        self.record: InoperatividadRecord | None = None
        self.item: FlowRecord | None = None  # its regularization, closure, evaluation
        self.annul_dialog: ReasonDialog | None = None
        self.closure_dialog: ClosureDialog | None = None
        self.form = RecordForm(place.catalogue, place.points, self.ctx.clock, read_only=True)
        self.message = _message_label("workspaceSubtitle")
        self.warning = _message_label("alertBanner")  # the existing record instead of a new one
        self.error = error_label()
        self.print_button = push_button(
            "&Imprimir…", "Vista previa e impresión del formato lleno; el PDF queda guardado "
            "en la carpeta de exportaciones", self.open_pdf)
        self.email_button = push_button("Correo de &contingencia", CONTINGENCY_TIP,
                                        self.send_email)
        self.eml_button = push_button("Guardar .&eml…", "El mismo correo como archivo, para "
                                      "abrirlo en Outlook o enviarlo desde otro equipo",
                                      self.choose_eml)
        self.annul_button = push_button("An&ular…", "Anular el registro con un motivo; no se "
                                        "borra", self.open_annul)
        self.close_button = push_button("Cerrar even&to…", "Fin, motivo de cierre y sustento, "
                                        "cuando los aplicativos se restablezcan",
                                        self.open_closure)
        bar = QHBoxLayout()
        bar.addWidget(self.annul_button)
        bar.addWidget(self.close_button)
        bar.addStretch(1)
        for button in (self.eml_button, self.email_button, self.print_button):
            bar.addWidget(button)
        self.evaluation = EvaluationPanel(self.ctx, place.catalogue)
        self.evaluation.written.connect(self._flow_written)
        self.evaluation.reloaded.connect(self._flow_reloaded)
        self.evaluation.open_queue.connect(lambda: self.open_queue.emit(self.record))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scrolled(self.form), "Formato manual")
        self.tabs.addTab(scrolled(self.evaluation), "Seguimiento y evaluación")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.warning, self.message, self.error):
            layout.addWidget(widget)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bar)
        follow(self, self.ctx.hub, (Change.RECORDS, Change.FLOW, Change.SETTINGS),
               self._read_again)

    # -- showing ----------------------------------------------------------------------------
    def show_item(self, item: FlowRecord, message: str = "", warning: bool = False) -> None:
        self._display(item)
        self.warning.setText(message if warning else "")
        self.warning.setVisible(bool(message) and warning)
        self.message.setText("" if warning else message)
        self.message.setVisible(bool(message) and not warning)
        self.error.hide()

    def _display(self, item: FlowRecord) -> None:
        record = item.record
        self.item, self.record = item, record
        self.form.load(record.data)
        state = (f"{record.status.label} · registrado por {record.created_by or '—'} el "
                 f"{format_datetime(record.created_at, LIMA)}")
        if record.status is RecordStatus.ANULADO:
            state += f" · anulado: {record.annul_reason}"
        elif item.flow.atc_number:
            state += f" · regularizado en ATC (N.º {item.flow.atc_number})"
        else:
            state += " · por regularizar en ATC"
        paper = pads.transcription_of(self.ctx.store, record.id)
        if paper is not None:  # its times are the paper's: said where the PDF says it
            state += f"\n{paper.transcription_mark}"
        self.form.set_number(record.number, state)
        self.evaluation.set_item(item)
        self.annul_button.setEnabled(record.status is not RecordStatus.ANULADO)
        self._follow_state(record)

    def _follow_state(self, record: InoperatividadRecord) -> None:
        """The contingency e-mail asks Fallas to act on a failure going on now: it is offered
        while the event is open, like «Cerrar evento…», and not once it is closed or annulled."""
        is_open = record.status is RecordStatus.ABIERTO
        for button in (self.email_button, self.eml_button, self.close_button):
            button.setEnabled(is_open)
        why = "" if is_open else f" (el evento está {record.status.label.lower()})"
        self.email_button.setToolTip(CONTINGENCY_TIP + why)

    def _read_again(self) -> None:
        if self.item is None:
            return
        fresh = flow.flow_record(self.ctx.store, self.item.record.id)
        if fresh != self.item:
            self._display(fresh)

    def _flow_written(self, item: FlowRecord, message: str) -> None:
        """A write from the evaluation panel or a dialog, already announced."""
        self.show_item(item, message)
        self.ctx.hub.say(message)

    def _flow_reloaded(self, item: FlowRecord) -> None:
        """Somebody else changed the record: keep the viewer's version in step with it, and
        the other views too (their write is news here)."""
        self.item, self.record = item, item.record
        self.form.load(item.record.data)
        self._follow_state(item.record)
        self.ctx.hub.announce(Change.RECORDS, Change.FLOW)

    def show_failure(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # -- papers -----------------------------------------------------------------------------
    def open_pdf(self) -> Path | None:
        return self.papers.filled_form(self.record) if self.record is not None else None

    def send_email(self) -> str | None:
        return self.papers.email(self.record) if self.record is not None else None

    def choose_eml(self) -> None:
        if self.record is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, "Guardar correo de contingencia",
            str(self.papers.exports_dir / f"Contingencia {self.record.number}.eml"),
            "Correo (*.eml)")
        if target:
            path = Path(target) if target.lower().endswith(".eml") else Path(f"{target}.eml")
            self.papers.exports_dir = path.parent
            self.save_eml(path)

    def save_eml(self, path: Path) -> Path | None:
        return self.papers.eml(self.record, path) if self.record is not None else None

    # -- annul, close -----------------------------------------------------------------------
    def open_annul(self) -> ReasonDialog | None:
        if self.record is None or self.record.status is RecordStatus.ANULADO:
            return None
        dialog = annul_dialog(self.ctx, self.record, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._annulled(dialog.result_value))
        dialog.finished.connect(lambda _r: setattr(self, "annul_dialog", None))
        self.annul_dialog = dialog
        dialog.open()
        return dialog

    def _annulled(self, record: InoperatividadRecord | None) -> None:
        if record is None:
            return
        self.show_item(flow.flow_record(self.ctx.store, record.id),
                       f"Registro {record.number} anulado. Su correlativo no se vuelve a usar.")
        self.ctx.hub.say(f"Registro {record.number} anulado.")

    def open_closure(self) -> ClosureDialog | None:
        item = self.item
        if item is None or item.record.status is not RecordStatus.ABIERTO:
            return None
        dialog = ClosureDialog(self.ctx, item, self.place.catalogue, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._closed(dialog.closed))
        dialog.rejected.connect(lambda: self._refresh_record())
        dialog.finished.connect(lambda _r: setattr(self, "closure_dialog", None))
        self.closure_dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, item: FlowRecord | None) -> None:
        if item is None:
            return
        lasted = item.evaluation.duration
        message = (f"Evento {item.record.number} cerrado"
                   + (f" tras {format_duration(lasted)}" if lasted else "") + "."
                   + (" Duró más de 1 hora: se informa en la evaluación."
                      if item.evaluation.over_one_hour else ""))
        self._flow_written(item, message)
        self.tabs.setCurrentIndex(1)  # what comes next: the evaluation

    def _refresh_record(self) -> None:
        """After a dialog was cancelled, perhaps because somebody else changed the record."""
        if self.record is None:
            return
        fresh = flow.flow_record(self.ctx.store, self.record.id)
        if fresh.record.version != self.record.version:
            self._flow_reloaded(fresh)
            self.evaluation.set_item(fresh)
