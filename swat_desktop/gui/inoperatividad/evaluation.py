"""What happened to a saved record after the form: its regularization in ATC, its closure, and
the evaluation of the *Criterios de Evaluación* (seed 004, section 6) that decides whether it
goes into the report to the regulator.

Everybody may read it. Only Control e Información and Procesos register Procesos' answer and
the falla masiva windows, and only Control e Información the approvals (domain.permissions);
the buttons of the others stay visible but disabled, with the reason, so the supervisor sees
what is missing and who provides it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QVBoxLayout, QWidget

from swat_desktop.domain.clock import local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import Catalogue, RecordStatus
from swat_desktop.domain.inoperatividad_flow import (
    FlowRecord,
    RegularizationState,
    crossing_windows,
)
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.inoperatividad.evaluation_answers import LEVELS, ApprovalsCard, ProcesosCard
from swat_desktop.gui.inoperatividad.evaluation_cards import (
    ClosureCard,
    CriteriaCard,
    RegularizationCard,
    ReportCard,
)
from swat_desktop.gui.inoperatividad.evaluation_criteria import MeasuresCard
from swat_desktop.gui.inoperatividad.evaluation_mapping import TipMappingDialog
from swat_desktop.gui.inoperatividad.record_reasons import undo_regularization_dialog
from swat_desktop.gui.inoperatividad.window_dialog import WindowDialog
from swat_desktop.gui.operations import Done, Operation, is_running
from swat_desktop.gui.reason_dialog import ReasonDialog
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import notice
from swat_desktop.services import inoperatividad_criteria, tipificaciones_import
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.inoperatividad_flow import StaleFlowError

STALE = ("Otra persona cambió este registro mientras lo veía: se volvió a cargar con sus datos "
         "actuales. Revíselos y vuelva a intentarlo.")


class EvaluationPanel(QWidget):
    """The record's regularization, closure and evaluation, with the actions the user's role
    allows. Writes go through the service and are announced on the hub; the viewer shows the
    outcome it hears by ``written``."""

    written = Signal(object, str)  # the FlowRecord after a write, what to tell the user
    reloaded = Signal(object)  # somebody else changed it: the fresh FlowRecord
    open_queue = Signal()

    def __init__(self, ctx: AppContext, catalogue: Catalogue, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.catalogue = catalogue
        self.item: FlowRecord | None = None
        self.dialog: QDialog | None = None  # the one open now (tests reach it here)

        self.role_notice = notice()
        self.regularization = RegularizationCard()
        self.regularization.undo_button.clicked.connect(lambda: self.open_undo())
        self.regularization.queue_button.clicked.connect(self.open_queue)
        self.closure = ClosureCard(catalogue)
        self.criteria = CriteriaCard(catalogue)
        self.criteria.window_button.clicked.connect(lambda: self.open_window())
        self.measures = MeasuresCard()
        self.measures.import_button.clicked.connect(lambda: self.choose_tipificaciones())
        self.measures.online_button.clicked.connect(lambda: self.save_online())
        self.importing: Operation | None = None
        self.procesos = ProcesosCard()
        self.procesos.button.clicked.connect(lambda: self.answer_procesos())
        self.approvals = ApprovalsCard()
        for level, _title in LEVELS:
            self.approvals.buttons[level].clicked.connect(
                lambda _c=False, lv=level: self.approve(lv))
        self.report = ReportCard()
        self.not_closed = notice("La evaluación, la respuesta de Procesos, las aprobaciones y "
                                 "el plazo del reporte empiezan cuando el evento se cierra "
                                 "(«Cerrar evento…»).")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.role_notice)
        for widget in (self.regularization, self.closure, self.not_closed, self.criteria,
                       self.measures, self.procesos, self.approvals, self.report):
            layout.addWidget(widget)
        layout.addStretch(1)
        ctx.hub.user_changed.connect(self._user_changed)
        self._user_changed(ctx.user)

    # -- showing ----------------------------------------------------------------------------
    def _user_changed(self, user: UserProfile) -> None:
        evaluator = can(user, Action.ANSWER_PROCESOS)
        self.role_notice.setText(
            "" if evaluator else
            f"Usted ({user.role.label}) puede consultar la evaluación. La respuesta de Procesos "
            "y las fallas masivas las registran Control e Información o Procesos; las "
            "aprobaciones, Control e Información.")
        self.role_notice.setVisible(not evaluator)
        self.set_item(self.item)

    def set_item(self, item: FlowRecord | None) -> None:
        self.item = item
        for label in (self.regularization.error, self.procesos.error, self.approvals.error,
                      self.measures.online_error):
            label.hide()
        if item is None:
            return
        user = self.ctx.user
        self.regularization.show_item(item)
        closed = item.record.status is RecordStatus.CERRADO
        self.closure.show_item(item, closed)
        self.not_closed.setVisible(not closed and item.record.status is RecordStatus.ABIERTO)
        for card in (self.criteria, self.measures, self.procesos, self.approvals, self.report):
            card.setVisible(closed)
        if closed:
            windows = crossing_windows(item.record, flow.windows(self.ctx.store))
            self.criteria.show_item(item, windows, user)
            self.measures.show_criteria(
                inoperatividad_criteria.record_criteria(self.ctx.store, item.record.id), user)
            self.procesos.show_item(item, self.ctx.clock.now(), user)
            self.approvals.show_item(item, user)
            self.report.show_item(item, local_today(self.ctx.clock, LIMA))

    # -- writing ----------------------------------------------------------------------------
    def _write(self, action: Callable[[FlowRecord], FlowRecord], error: QLabel,
               message: str) -> FlowRecord | None:
        """One write through the service: its messages next to the card, a record changed by
        somebody else read again."""
        item = self.item
        if item is None:
            return None
        try:
            done = action(item)
        except ValidationError as exc:
            error.setText("\n".join(exc.errors.values()))
            error.show()
            return None
        except StaleFlowError:
            fresh = flow.flow_record(self.ctx.store, item.record.id)
            self.set_item(fresh)
            error.setText(STALE)
            error.show()
            self.reloaded.emit(fresh)
            return None
        self._done(done, message)
        return done

    def _done(self, done: FlowRecord, message: str) -> None:
        self.set_item(done)
        self.written.emit(done, message)
        self.ctx.hub.announce(Change.FLOW)

    def answer_procesos(self) -> FlowRecord | None:
        answer = self.procesos.chosen()
        if answer is None:
            self.procesos.error.setText("Elija si procede o no procede reportar.")
            self.procesos.error.show()
            return None
        note = self.procesos.note.text()
        return self._write(lambda i: flow.answer_procesos(
            self.ctx.store, self.ctx.user, i.record.id, i.record.version, answer, note),
            self.procesos.error, f"Respuesta de Procesos registrada: {answer.label}.")

    def approve(self, level: str) -> FlowRecord | None:
        name = self.approvals.approver[level].text()
        title = dict(LEVELS)[level]
        return self._write(lambda i: flow.approve(
            self.ctx.store, self.ctx.user, i.record.id, i.record.version, level, name),
            self.approvals.error, f"Aprobación del {title} registrada.")

    def _open(self, dialog: QDialog, done: Callable[[], None]) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(done)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_undo(self) -> ReasonDialog | None:
        if self.item is None or \
                self.item.flow.regularization is not RegularizationState.REGULARIZADO:
            return None
        dialog = undo_regularization_dialog(self.ctx, self.item, self)
        dialog.rejected.connect(lambda: self._after_dialog())

        def undone() -> None:
            if dialog.result_value is not None:
                self.set_item(dialog.result_value)
                self.written.emit(dialog.result_value, "Regularización deshecha: el registro "
                                  "volvió a la cola «Por regularizar en ATC».")
        self._open(dialog, undone)
        return dialog

    def _after_dialog(self) -> None:
        """A dialog closed after a refusal from a stale record: show what is stored now."""
        if self.item is None:
            return
        fresh = flow.flow_record(self.ctx.store, self.item.record.id)
        if fresh.record.version != self.item.record.version:
            self.set_item(fresh)
            self.reloaded.emit(fresh)

    def open_window(self) -> WindowDialog:
        dialog = WindowDialog(self.ctx, self.catalogue, self.item, self)

        def added() -> None:
            window = dialog.added
            if window is None or self.item is None:
                return
            fresh = flow.flow_record(self.ctx.store, self.item.record.id)
            self.set_item(fresh)
            app = self.catalogue.label(self.catalogue.applications, window.application)
            self.written.emit(fresh, f"Falla masiva de {app} registrada: el evento queda "
                                     f"«{fresh.evaluation.window.label.lower()}».")
        self._open(dialog, added)
        return dialog

    # -- criteria 3 and 4 ---------------------------------------------------------------------
    def save_online(self) -> None:
        """Atención Online's report of the event, typed by an evaluating area."""
        item, card = self.item, self.measures
        if item is None:
            return
        try:
            inoperatividad_criteria.record_atencion_online(
                self.ctx.store, self.ctx.user, item.record.id, card.public.value(),
                card.inbox.value(), card.note.text())
        except ValidationError as exc:
            card.online_error.setText("\n".join(exc.errors.values()))
            card.online_error.show()
            return
        self._done(item, "Informe de Atención Online registrado.")

    def choose_tipificaciones(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Importar tipificaciones", "",
            "Reporte de tipificaciones (*.xlsx *.xlsm *.xls *.csv *.txt)")
        if chosen:
            self.import_tipificaciones(Path(chosen))

    def import_tipificaciones(self, path: Path) -> Operation | None:
        """Read the export off the window's thread; ask for the columns when they are not
        recognized; then import it, also off the thread."""
        if is_running(self.importing):
            return None
        self.measures.say_import(f"Leyendo {path.name}…")
        return self._run_import(
            lambda _p, _c: tipificaciones_import.analyze(self.ctx.store, path),
            lambda plan: Done(f"Leído {plan.file_name}."), self._analyzed, ())

    def _analyzed(self, plan: tipificaciones_import.TipPlan) -> None:
        if not plan.needs_mapping:
            self._import_plan(plan)
            return
        dialog = TipMappingDialog(plan, self)
        dialog.rejected.connect(lambda: self.measures.say_import(
            "Importación cancelada: no se importó nada."))

        def mapped() -> None:
            chosen = plan.with_columns(dialog.columns())
            if dialog.remember.isChecked():
                tipificaciones_import.remember_mapping(self.ctx.store, self.ctx.user, chosen)
            self._import_plan(chosen)
        self._open(dialog, mapped)

    def _import_plan(self, plan: tipificaciones_import.TipPlan) -> None:
        said = f"{plan.earlier_import} " if plan.earlier_import else ""
        self.measures.say_import(f"{said}Importando {plan.file_name}…")
        self._run_import(
            lambda progress, cancelled: tipificaciones_import.run_import(
                self.ctx.store, self.ctx.user, plan, progress, cancelled),
            lambda summary: Done(summary.message), self._imported, (Change.FLOW,))

    def _run_import(self, work: Callable[..., object], describe: Callable[..., Done],
                    then: Callable[..., None], changes: tuple[Change, ...]) -> Operation:
        operation = Operation(self.ctx.hub, work, describe=describe,
                              failure="No se importaron las tipificaciones", changes=changes,
                              parent=self)
        operation.succeeded.connect(then)
        operation.failed.connect(self.measures.say_import)
        self.importing = operation
        return operation.start()

    def _imported(self, summary: tipificaciones_import.TipImportSummary) -> None:
        self.set_item(self.item)
        self.measures.say_import(summary.message)
