"""The cards of a record's «Seguimiento y evaluación» that only show: its regularization in
ATC, its closure, the *Criterios de Evaluación* (seed 004, section 6) and whether and by when
it goes into the report to the regulator. Each card shows one FlowRecord; the buttons it holds
are wired by the EvaluationPanel, which writes."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import Catalogue, RecordStatus, Scenario
from swat_desktop.domain.inoperatividad_flow import (
    REPORT_BUSINESS_DAYS,
    FallaWindow,
    FlowRecord,
    ProcesosAnswer,
    RegularizationState,
    ReportDeadline,
    WindowResult,
    format_duration,
    never_reported,
    report_deadline_state,
)
from swat_desktop.domain.permissions import Action, refusal
from swat_desktop.gui.inoperatividad.buttons import push_button
from swat_desktop.gui.inoperatividad.cards import Card, column
from swat_desktop.gui.inoperatividad.closure_dialog import flag_label
from swat_desktop.gui.widgets import error_label, notice

LABEL_WIDTH = 190


def value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def when(value: datetime | None) -> str:
    return format_datetime(value, LIMA) if value is not None else ""


def row(*widgets: QWidget, stretch_first: bool = False) -> QHBoxLayout:
    line = QHBoxLayout()
    line.setSpacing(10)
    for number, widget in enumerate(widgets):
        line.addWidget(widget, 1 if stretch_first and number == 0 else 0)
    if not stretch_first:
        line.addStretch(1)
    return line


def allow(widget: QWidget, user: UserProfile, action: Action, allowed_tip: str = "") -> bool:
    """Enable ``widget`` when ``user`` may take ``action``; otherwise say why (the service's
    own refusal)."""
    why = refusal(user, action)
    widget.setEnabled(why is None)
    widget.setToolTip(allowed_tip if why is None else why)
    return why is None


class RegularizationCard(Card):
    def __init__(self) -> None:
        super().__init__("Regularización en el Sistema Administrativo ATC", LABEL_WIDTH,
                         "filterLabel")
        self.state = value_label()
        self.atc_number = value_label()
        self.regularized_by = value_label()
        self.line("Estado", self.state)
        self.line("N.º de registro en ATC", self.atc_number)
        self.line("Regularizado por", self.regularized_by)
        self.undo_button = push_button("&Deshacer regularización…",
                                  "Devolver el registro a la cola, con un motivo")
        self.queue_button = push_button("Ir a la cola por regularizar",
                                   "Copiar los datos en ATC y anotar el número")
        self.error = error_label()
        self.full(row(self.undo_button, self.queue_button))
        self.full(self.error)

    def show_item(self, item: FlowRecord) -> None:
        state = item.flow
        done = state.regularization is RegularizationState.REGULARIZADO
        annulled = item.record.status is RecordStatus.ANULADO
        self.state.setText(
            "Regularizado en ATC" if done else
            "Anulado: no se regulariza" if annulled else
            "Pendiente: espera en la cola «Por regularizar en ATC»")
        self.atc_number.setText(state.atc_number or "—")
        self.regularized_by.setText(f"{state.regularized_by}, {when(state.regularized_at)}"
                                    if done else "—")
        self.undo_button.setVisible(done)
        self.queue_button.setVisible(not done and not annulled)


class ClosureCard(Card):
    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__("Cierre del evento", LABEL_WIDTH, "filterLabel")
        self.catalogue = catalogue
        self.state = value_label()
        self.duration = value_label()
        self.motive = value_label()
        self.sustento = value_label()
        self.closed_by = value_label()
        self.line("Estado", self.state)
        self.lines = [self.line("Duración", self.duration),
                      self.line("Motivo de cierre", self.motive),
                      self.line("Sustento", self.sustento),
                      self.line("Cerrado por", self.closed_by)]
        self.values = [self.duration, self.motive, self.sustento, self.closed_by]

    def show_item(self, item: FlowRecord, closed: bool) -> None:
        record, state, evaluation = item.record, item.flow, item.evaluation
        if closed:
            self.state.setText(f"Cerrado · fin {when(record.data.ended_at)}")
        elif record.status is RecordStatus.ANULADO:
            self.state.setText("Anulado: no se cierra")
        else:
            self.state.setText(f"Abierto desde {when(record.data.started_at)}. Ciérrelo con "
                               "«Cerrar evento…» cuando se restablezcan los aplicativos.")
        for widget in (*self.lines, *self.values):
            widget.setVisible(closed)
        if not closed:
            return
        self.duration.setText(format_duration(evaluation.duration)
                              + (" (más de 1 hora)" if evaluation.over_one_hour else ""))
        self.motive.setText(self.catalogue.label(self.catalogue.closure_motives,
                                                 state.closure_motive))
        self.sustento.setText(state.closure_sustento)
        self.closed_by.setText(f"{state.closed_by}, {when(state.closed_at)}")


class CriteriaCard(Card):
    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__("Criterios de evaluación", LABEL_WIDTH, "filterLabel")
        self.catalogue = catalogue
        self.window_result = value_label()
        self.window_result.setObjectName("cardTitle")
        self.windows_list = notice()
        self.window_button = push_button("Registrar &falla masiva…", "")
        self.range_value = value_label()
        self.range_flag = flag_label()
        self.problems = value_label()
        self.line("1. Horario de falla masiva",
                  column(self.window_result, self.windows_list, row(self.window_button)))
        self.line("2. Motivo y tiempo afectado", column(self.range_value, self.range_flag))
        self.line("Evento no previsto", self.problems)

    def show_item(self, item: FlowRecord, crossing: list[FallaWindow],
                  user: UserProfile) -> None:
        """``crossing``: the windows of its applications that overlap the event (domain)."""
        evaluation, data = item.evaluation, item.record.data
        label = self.catalogue.label
        self.window_result.setText(evaluation.window.label)
        self.windows_list.setText(
            "\n".join(f"{label(self.catalogue.applications, w.application)}: "
                      f"{when(w.starts_at)} – {when(w.ends_at)} · {w.reference}"
                      for w in crossing) if crossing else
            "Ninguna falla masiva registrada de sus aplicativos cruza el rango del evento.")
        if evaluation.window is WindowResult.FUERA and crossing:
            self.windows_list.setText(self.windows_list.text() + "\nEl evento no queda "
                                      "entero dentro de ninguna.")
        allow(self.window_button, user, Action.REGISTER_FALLA_WINDOW,
              "Una falla masiva que comunicó el equipo de Fallas")
        motive = label(self.catalogue.closure_motives, item.flow.closure_motive)
        self.range_value.setText(f"{motive} · {when(data.started_at)} a {when(data.ended_at)}"
                                 f" · {format_duration(evaluation.duration)}")
        self.range_flag.setText("Mayor a 1 hora: se informa." if evaluation.over_one_hour
                                else "")
        self.range_flag.setVisible(evaluation.over_one_hour)
        failing = data.scenario is Scenario.EVENTO_NO_PREVISTO and bool(evaluation.problems)
        if data.scenario is not Scenario.EVENTO_NO_PREVISTO:
            scenario = label(self.catalogue.scenarios, data.scenario.value) \
                if data.scenario else "sin escenario"
            self.problems.setText(f"No aplica: el escenario es «{scenario}».")
        elif failing:
            self.problems.setText("\n".join(f"• {p}" for p in evaluation.problems))
        else:
            self.problems.setText("Cumple: lo registró el responsable del punto y el motivo "
                                  "de cierre corresponde al escenario.")
        self.problems.setProperty("role", "fieldError" if failing else "")
        self.problems.style().unpolish(self.problems)
        self.problems.style().polish(self.problems)


class ReportCard(Card):
    def __init__(self) -> None:
        super().__init__("Reporte al regulador", LABEL_WIDTH, "filterLabel")
        self.reportable = value_label()
        self.reportable.setObjectName("cardTitle")
        self.due = value_label()
        self.line("¿Se reporta?", self.reportable)
        self.line("Fecha límite", self.due)

    def show_item(self, item: FlowRecord, today: date) -> None:
        state, evaluation = item.flow, item.evaluation
        if never_reported(item.record.data.scenario, state.closure_motive):
            self.reportable.setText("No: los eventos por error o pruebas y los cerrados como "
                                    "error de usuario se conservan, pero no se reportan.")
        elif evaluation.reportable:
            self.reportable.setText("Sí: entra en el reporte de eventos de inoperatividad.")
        elif state.procesos_answer is None:
            self.reportable.setText("Todavía no: falta la respuesta de Procesos.")
        elif state.procesos_answer is ProcesosAnswer.NO_PROCEDE:
            self.reportable.setText("No: Procesos indicó que no procede reportar.")
        elif state.gerente_at is None:
            self.reportable.setText("Todavía no: falta la aprobación del Gerente.")
        else:
            self.reportable.setText("Todavía no: falta la aprobación del Director.")
        due = evaluation.report_due
        if due is None:
            self.due.setText("—")
            return
        deadline = report_deadline_state(due, today)
        tail = "" if deadline is ReportDeadline.EN_PLAZO else f" · {deadline.label.upper()}"
        self.due.setText(f"{due:%d/%m/%Y}{tail} ({REPORT_BUSINESS_DAYS} días hábiles en Perú "
                         "después del fin del evento)")
