"""What happened to a saved record after the form: its regularization in ATC, its closure, and
the evaluation of the *Criterios de Evaluación* (seed 004, section 6) that decides whether it
goes into the report to the regulator.

Everybody may read it. Only Control e Información and Procesos register Procesos' answer and
the falla masiva windows, and only Control e Información the approvals; the buttons of the
others stay visible but disabled, with the reason, so the supervisor sees what is missing and
who provides it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import Role, UserProfile
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
from swat_desktop.gui.inoperatividad.closure_dialog import flag_label
from swat_desktop.gui.inoperatividad.qt_dates import datetime_edit, from_qdatetime, to_qdatetime
from swat_desktop.gui.inoperatividad.regularize_panel import UndoRegularizationDialog
from swat_desktop.gui.widgets import error_label, notice, ok_cancel, open_at
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.inoperatividad_flow import StaleFlowError
from swat_desktop.services.store import Database

STALE = ("Otra persona cambió este registro mientras lo veía: se volvió a cargar con sus datos "
         "actuales. Revíselos y vuelva a intentarlo.")
EVALUATORS_ONLY = "Solo Control e Información o Procesos lo registran."
CONTROL_ONLY = "Solo Control e Información registra las aprobaciones."
LEVELS = (("gerente", "Gerente"), ("director", "Director"))


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _when(value: datetime | None) -> str:
    return format_datetime(value, LIMA) if value is not None else ""


class Card(QFrame):
    """A titled white box of label / value lines, like the form's sections."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 10, 16, 12)
        box.setSpacing(6)
        heading = QLabel(title)
        heading.setObjectName("cardTitle")
        box.addWidget(heading)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnMinimumWidth(0, 190)
        self.grid.setColumnStretch(1, 1)
        box.addLayout(self.grid)
        self.box = box

    def line(self, text: str, field: QWidget | QHBoxLayout | QVBoxLayout) -> QLabel:
        row = self.grid.rowCount()
        label = QLabel(text)
        label.setObjectName("filterLabel")
        label.setWordWrap(True)
        self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        if isinstance(field, QWidget):
            self.grid.addWidget(field, row, 1)
        else:
            self.grid.addLayout(field, row, 1)
        return label

    def full(self, widget: QWidget | QHBoxLayout) -> None:
        if isinstance(widget, QWidget):
            self.box.addWidget(widget)
        else:
            self.box.addLayout(widget)


def _button(text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setToolTip(tip)
    button.clicked.connect(lambda: slot())
    return button


def _row(*widgets: QWidget, stretch_first: bool = False) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(10)
    for number, widget in enumerate(widgets):
        row.addWidget(widget, 1 if stretch_first and number == 0 else 0)
    if not stretch_first:
        row.addStretch(1)
    return row


class WindowDialog(QDialog):
    """A falla masiva as the Fallas team's communication announced it: which application was
    down from when to when, and the communication's reference."""

    def __init__(self, db: Database, user: UserProfile, catalogue: Catalogue,
                 item: FlowRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user
        self.added: FallaWindow | None = None
        self.setWindowTitle("Registrar una falla masiva comunicada")
        self.application = QComboBox()
        self.application.setAccessibleName("Aplicativo de la falla masiva")
        self.application.addItem("Elija el aplicativo…", "")
        for option in catalogue.applications:
            self.application.addItem(option.label, option.code)
        self.starts_at = datetime_edit("Inicio de la falla masiva", db.clock)
        self.ends_at = datetime_edit("Fin de la falla masiva", db.clock)
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Referencia del comunicado")
        self.reference.setPlaceholderText("Asunto o número del comunicado de Fallas")
        data = item.record.data if item is not None else None
        if data is not None and data.applications:
            # The event's own application and times as a start: the communication corrects them.
            self.application.setCurrentIndex(max(self.application.findData(
                data.applications[0]), 0))
        if data is not None and data.started_at is not None:
            self.starts_at.setDateTime(to_qdatetime(data.started_at))
            self.ends_at.setDateTime(to_qdatetime(data.ended_at or data.started_at))
        self.errors = {key: error_label() for key in ("application", "starts_at", "ends_at",
                                                      "reference")}
        self.error = error_label()
        self.buttons = ok_cancel(self, "Registrar falla masiva")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for text, key, widget in (("&Aplicativo", "application", self.application),
                                  ("&Inicio", "starts_at", self.starts_at),
                                  ("&Fin", "ends_at", self.ends_at),
                                  ("&Referencia del comunicado", "reference", self.reference)):
            label = QLabel(text)
            label.setBuddy(widget)
            row = grid.rowCount()
            grid.addWidget(label, row, 0)
            if widget in (self.starts_at, self.ends_at):
                times = QHBoxLayout()
                times.addWidget(widget)
                times.addWidget(notice("hora de Lima"))
                times.addStretch(1)
                grid.addLayout(times, row, 1)
            else:
                grid.addWidget(widget, row, 1)
            grid.addWidget(self.errors[key], row + 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(notice("Copie los datos del comunicado del buzón Fallas de Sistemas y "
                                "Plataforma. Cada evento se evalúa como dentro o fuera de las "
                                "fallas masivas registradas de sus aplicativos."))
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.application.setFocus()
        open_at(self, 520)

    def accept(self) -> None:
        try:
            self.added = flow.add_window(
                self.db, self.user, self.application.currentData() or "",
                from_qdatetime(self.starts_at.dateTime()),
                from_qdatetime(self.ends_at.dateTime()), self.reference.text())
        except ValidationError as exc:
            for key, label in self.errors.items():
                label.setText(exc.errors.get(key, ""))
                label.setVisible(key in exc.errors)
            rest = [m for k, m in exc.errors.items() if k not in self.errors]
            self.error.setText("\n".join(rest))
            self.error.setVisible(bool(rest))
            return
        super().accept()


class EvaluationPanel(QWidget):
    """The record's regularization, closure and evaluation, with the actions the user's role
    allows. Writes go through the service; the workspace hears about them by ``written``."""

    written = Signal(object, str)  # the FlowRecord after a write, what to tell the user
    reloaded = Signal(object)  # somebody else changed it: the fresh FlowRecord
    open_queue = Signal()

    def __init__(self, db: Database, user: UserProfile, catalogue: Catalogue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user
        self.catalogue = catalogue
        self.item: FlowRecord | None = None
        self.dialog: QDialog | None = None  # the one open now (tests reach it here)

        self.role_notice = notice()
        self._build_regularization()
        self._build_closure()
        self._build_criteria()
        self._build_procesos()
        self._build_approvals()
        self._build_report()
        self.not_closed = notice("La evaluación, la respuesta de Procesos, las aprobaciones y "
                                 "el plazo del reporte empiezan cuando el evento se cierra "
                                 "(«Cerrar evento…»).")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.role_notice)
        for widget in (self.regularization_card, self.closure_card, self.not_closed,
                       self.criteria_card, self.procesos_card, self.approvals_card,
                       self.report_card):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.set_user(user)

    # -- building ---------------------------------------------------------------------------
    def _build_regularization(self) -> None:
        card = self.regularization_card = Card("Regularización en el Sistema Administrativo ATC")
        self.regularization_state = _value()
        self.atc_number = _value()
        self.regularized_by = _value()
        card.line("Estado", self.regularization_state)
        card.line("N.º de registro en ATC", self.atc_number)
        card.line("Regularizado por", self.regularized_by)
        self.undo_button = _button("&Deshacer regularización…",
                                   "Devolver el registro a la cola, con un motivo",
                                   self.open_undo)
        self.queue_button = _button("Ir a la cola por regularizar",
                                    "Copiar los datos en ATC y anotar el número",
                                    self.open_queue.emit)
        self.regularization_error = error_label()
        card.full(_row(self.undo_button, self.queue_button))
        card.full(self.regularization_error)

    def _build_closure(self) -> None:
        card = self.closure_card = Card("Cierre del evento")
        self.closure_state = _value()
        self.duration = _value()
        self.closure_motive = _value()
        self.sustento = _value()
        self.closed_by = _value()
        card.line("Estado", self.closure_state)
        self.closure_lines = [
            card.line("Duración", self.duration),
            card.line("Motivo de cierre", self.closure_motive),
            card.line("Sustento", self.sustento),
            card.line("Cerrado por", self.closed_by),
        ]
        self.closure_values = [self.duration, self.closure_motive, self.sustento,
                               self.closed_by]

    def _build_criteria(self) -> None:
        card = self.criteria_card = Card("Criterios de evaluación")
        self.window_result = _value()
        self.window_result.setObjectName("cardTitle")
        self.windows_list = notice()
        self.window_button = _button("Registrar &falla masiva…",
                                     "Una falla masiva que comunicó el equipo de Fallas: "
                                     "aplicativo, inicio, fin y referencia", self.open_window)
        self.range_value = _value()
        self.range_flag = flag_label()
        self.problems = _value()
        card.line("1. Horario de falla masiva",
                  _column(self.window_result, self.windows_list,
                          _row(self.window_button)))
        card.line("2. Motivo y tiempo afectado", _column(self.range_value, self.range_flag))
        card.line("Evento no previsto", self.problems)

    def _build_procesos(self) -> None:
        card = self.procesos_card = Card("Respuesta de Procesos (plazo de 24 horas)")
        self.procesos_state = _value()
        self.procesos_due = _value()
        card.line("Respuesta", self.procesos_state)
        card.line("Plazo", self.procesos_due)
        self.answer_group = QButtonGroup(self)
        self.answer_buttons: dict[ProcesosAnswer, QRadioButton] = {}
        for answer in ProcesosAnswer:
            button = QRadioButton(answer.label)
            self.answer_group.addButton(button)
            self.answer_buttons[answer] = button
        self.procesos_note = QLineEdit()
        self.procesos_note.setAccessibleName("Nota de Procesos")
        self.procesos_note.setPlaceholderText("Nota (opcional): por qué procede o no")
        self.procesos_button = _button("Registrar &respuesta",
                                       "Guardar la respuesta de Procesos (queda en la "
                                       "auditoría)", self.answer_procesos)
        self.procesos_error = error_label()
        answers = QHBoxLayout()
        answers.setSpacing(18)
        for button in self.answer_buttons.values():
            answers.addWidget(button)
        answers.addStretch(1)
        self.procesos_form = [*self.answer_buttons.values(), self.procesos_note,
                              self.procesos_button]
        card.line("Registrar", _column(answers, _row(self.procesos_note, self.procesos_button,
                                                     stretch_first=True),
                                       self.procesos_error))

    def _build_approvals(self) -> None:
        card = self.approvals_card = Card("Aprobaciones: primero el Gerente, después el "
                                          "Director")
        self.approval_state: dict[str, QLabel] = {}
        self.approver: dict[str, QLineEdit] = {}
        self.approve_buttons: dict[str, QPushButton] = {}
        for level, title in LEVELS:
            state = _value()
            name = QLineEdit()
            name.setAccessibleName(f"Nombre del {title}")
            name.setPlaceholderText(f"Nombre del {title} que aprobó")
            button = _button(f"Registrar aprobación del {title}",
                             f"La aprobación del {title}, como la comunicó",
                             lambda lv=level: self.approve(lv))
            self.approval_state[level] = state
            self.approver[level] = name
            self.approve_buttons[level] = button
            card.line(title, _column(state, _row(name, button, stretch_first=True)))
        self.approval_error = error_label()
        card.full(self.approval_error)

    def _build_report(self) -> None:
        card = self.report_card = Card("Reporte al regulador")
        self.reportable = _value()
        self.reportable.setObjectName("cardTitle")
        self.report_due = _value()
        card.line("¿Se reporta?", self.reportable)
        card.line("Fecha límite", self.report_due)

    # -- showing ----------------------------------------------------------------------------
    def set_user(self, user: UserProfile) -> None:
        self.user = user
        evaluator = user.role in flow.EVALUATORS
        self.role_notice.setText(
            "" if evaluator else
            f"Usted ({user.role.label}) puede consultar la evaluación. La respuesta de Procesos "
            "y las fallas masivas las registran Control e Información o Procesos; las "
            "aprobaciones, Control e Información.")
        self.role_notice.setVisible(not evaluator)
        self.set_item(self.item)

    def set_item(self, item: FlowRecord | None) -> None:
        self.item = item
        for label in (self.regularization_error, self.procesos_error, self.approval_error):
            label.hide()
        if item is None:
            return
        self._show_regularization(item)
        closed = item.record.status is RecordStatus.CERRADO
        self._show_closure(item, closed)
        self.not_closed.setVisible(not closed and item.record.status is RecordStatus.ABIERTO)
        for card in (self.criteria_card, self.procesos_card, self.approvals_card,
                     self.report_card):
            card.setVisible(closed)
        if closed:
            self._show_criteria(item)
            self._show_procesos(item)
            self._show_approvals(item)
            self._show_report(item)

    def _show_regularization(self, item: FlowRecord) -> None:
        state = item.flow
        done = state.regularization is RegularizationState.REGULARIZADO
        annulled = item.record.status is RecordStatus.ANULADO
        self.regularization_state.setText(
            "Regularizado en ATC" if done else
            "Anulado: no se regulariza" if annulled else
            "Pendiente: espera en la cola «Por regularizar en ATC»")
        self.atc_number.setText(state.atc_number or "—")
        self.regularized_by.setText(f"{state.regularized_by}, {_when(state.regularized_at)}"
                                    if done else "—")
        self.undo_button.setVisible(done)
        self.queue_button.setVisible(not done and not annulled)

    def _show_closure(self, item: FlowRecord, closed: bool) -> None:
        record, state, evaluation = item.record, item.flow, item.evaluation
        ended = record.data.ended_at
        if closed:
            self.closure_state.setText(f"Cerrado · fin {_when(ended)}")
        elif record.status is RecordStatus.ANULADO:
            self.closure_state.setText("Anulado: no se cierra")
        else:
            self.closure_state.setText(f"Abierto desde {_when(record.data.started_at)}. "
                                       "Ciérrelo con «Cerrar evento…» cuando se restablezcan "
                                       "los aplicativos.")
        for widget in (*self.closure_lines, *self.closure_values):
            widget.setVisible(closed)
        if not closed:
            return
        self.duration.setText(format_duration(evaluation.duration)
                              + (" (más de 1 hora)" if evaluation.over_one_hour else ""))
        self.closure_motive.setText(self.catalogue.label(self.catalogue.closure_motives,
                                                         state.closure_motive))
        self.sustento.setText(state.closure_sustento)
        self.closed_by.setText(f"{state.closed_by}, {_when(state.closed_at)}")

    def _show_criteria(self, item: FlowRecord) -> None:
        evaluation, data = item.evaluation, item.record.data
        self.window_result.setText(evaluation.window.label)
        apps = set(data.applications)
        start, end = data.started_at, data.ended_at
        matching = [w for w in flow.windows(self.db) if w.application in apps
                    and start is not None and end is not None
                    and w.starts_at < end and start < w.ends_at]
        self.windows_list.setText(
            "\n".join(f"{self.catalogue.label(self.catalogue.applications, w.application)}: "
                      f"{_when(w.starts_at)} – {_when(w.ends_at)} · {w.reference}"
                      for w in matching) if matching else
            "Ninguna falla masiva registrada de sus aplicativos cruza el rango del evento.")
        if evaluation.window is WindowResult.FUERA and matching:
            self.windows_list.setText(self.windows_list.text() + "\nEl evento no queda "
                                      "entero dentro de ninguna.")
        evaluator = self.user.role in flow.EVALUATORS
        self.window_button.setEnabled(evaluator)
        self.window_button.setToolTip("Una falla masiva que comunicó el equipo de Fallas" if
                                      evaluator else EVALUATORS_ONLY)
        motive = self.catalogue.label(self.catalogue.closure_motives, item.flow.closure_motive)
        self.range_value.setText(f"{motive} · {_when(start)} a {_when(end)} · "
                                 f"{format_duration(evaluation.duration)}")
        self.range_flag.setText("Mayor a 1 hora: se informa." if evaluation.over_one_hour
                                else "")
        self.range_flag.setVisible(evaluation.over_one_hour)
        if data.scenario is not Scenario.EVENTO_NO_PREVISTO:
            scenario = self.catalogue.label(self.catalogue.scenarios, data.scenario.value) \
                if data.scenario else "sin escenario"
            self.problems.setText(f"No aplica: el escenario es «{scenario}».")
            self.problems.setProperty("role", "")
        elif evaluation.problems:
            self.problems.setText("\n".join(f"• {p}" for p in evaluation.problems))
            self.problems.setProperty("role", "fieldError")
        else:
            self.problems.setText("Cumple: lo registró el responsable del punto y el motivo "
                                  "de cierre corresponde al escenario.")
            self.problems.setProperty("role", "")
        self.problems.style().unpolish(self.problems)
        self.problems.style().polish(self.problems)

    def _show_procesos(self, item: FlowRecord) -> None:
        state, due = item.flow, item.evaluation.procesos_due
        if state.procesos_answer is None:
            self.procesos_state.setText("Sin respuesta todavía.")
        else:
            note = f" · {state.procesos_note}" if state.procesos_note else ""
            self.procesos_state.setText(f"{state.procesos_answer.label}, "
                                        f"{_when(state.procesos_at)}{note}")
        if due is None:
            self.procesos_due.setText("—")
        elif state.procesos_at is not None:
            self.procesos_due.setText(f"Hasta el {_when(due)} · respondió "
                                      + ("a tiempo" if state.procesos_at <= due
                                         else "fuera de plazo"))
        else:
            late = self.db.clock.now() > due
            self.procesos_due.setText(f"Hasta el {_when(due)}" + (" · VENCIDO" if late else ""))
        evaluator = self.user.role in flow.EVALUATORS
        for widget in self.procesos_form:
            widget.setEnabled(evaluator)
            widget.setToolTip("" if evaluator else EVALUATORS_ONLY)
        self.answer_group.setExclusive(False)
        for answer, button in self.answer_buttons.items():
            button.setChecked(answer is state.procesos_answer)
        self.answer_group.setExclusive(True)
        self.procesos_note.setText(state.procesos_note)
        self.procesos_button.setText("Cambiar &respuesta" if state.procesos_answer
                                     else "Registrar &respuesta")

    def _show_approvals(self, item: FlowRecord) -> None:
        state = item.flow
        control = self.user.role is Role.CONTROL_INFORMACION
        procede = state.procesos_answer is ProcesosAnswer.PROCEDE
        done = {"gerente": (state.gerente, state.gerente_at),
                "director": (state.director, state.director_at)}
        for level, title in LEVELS:
            name, at = done[level]
            if at is not None:
                text = f"Aprobado por {name}, {_when(at)}."
            elif not procede:
                text = "Se aprueba cuando Procesos indica que procede reportar."
            elif level == "director" and state.gerente_at is None:
                text = "Después del Gerente."
            else:
                text = "Pendiente."
            self.approval_state[level].setText(text)
            ready = procede and at is None and (level == "gerente"
                                                or state.gerente_at is not None)
            self.approver[level].setVisible(at is None)
            self.approve_buttons[level].setVisible(at is None)
            self.approver[level].setEnabled(control and ready)
            self.approve_buttons[level].setEnabled(control and ready)
            self.approve_buttons[level].setToolTip(
                CONTROL_ONLY if not control else
                f"La aprobación del {title}, como la comunicó")
            if at is not None:
                self.approver[level].clear()

    def _show_report(self, item: FlowRecord) -> None:
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
            self.report_due.setText("—")
            return
        deadline = report_deadline_state(due, local_today(self.db.clock, LIMA))
        tail = "" if deadline is ReportDeadline.EN_PLAZO else f" · {deadline.label.upper()}"
        self.report_due.setText(f"{due:%d/%m/%Y}{tail} ({REPORT_BUSINESS_DAYS} días hábiles "
                                "en Perú después del fin del evento)")

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
            fresh = flow.flow_record(self.db, item.record.id)
            self.set_item(fresh)
            error.setText(STALE)
            error.show()
            self.reloaded.emit(fresh)
            return None
        self.set_item(done)
        self.written.emit(done, message)
        return done

    def answer_procesos(self) -> FlowRecord | None:
        answer = next((a for a, b in self.answer_buttons.items() if b.isChecked()), None)
        if answer is None:
            self.procesos_error.setText("Elija si procede o no procede reportar.")
            self.procesos_error.show()
            return None
        note = self.procesos_note.text()
        return self._write(lambda i: flow.answer_procesos(
            self.db, self.user, i.record.id, i.record.version, answer, note),
            self.procesos_error, f"Respuesta de Procesos registrada: {answer.label}.")

    def approve(self, level: str) -> FlowRecord | None:
        name = self.approver[level].text()
        title = dict(LEVELS)[level]
        return self._write(lambda i: flow.approve(
            self.db, self.user, i.record.id, i.record.version, level, name),
            self.approval_error, f"Aprobación del {title} registrada.")

    def _open(self, dialog: QDialog, done: Callable[[], None]) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(done)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_undo(self) -> UndoRegularizationDialog | None:
        if self.item is None or \
                self.item.flow.regularization is not RegularizationState.REGULARIZADO:
            return None
        dialog = UndoRegularizationDialog(self.db, self.user, self.item, self)
        dialog.rejected.connect(lambda: self._after_dialog())

        def undone() -> None:
            if dialog.undone is not None:
                self.set_item(dialog.undone)
                self.written.emit(dialog.undone, "Regularización deshecha: el registro volvió "
                                                 "a la cola «Por regularizar en ATC».")
        self._open(dialog, undone)
        return dialog

    def _after_dialog(self) -> None:
        """A dialog closed after a refusal from a stale record: show what is stored now."""
        if self.item is None:
            return
        fresh = flow.flow_record(self.db, self.item.record.id)
        if fresh.record.version != self.item.record.version:
            self.set_item(fresh)
            self.reloaded.emit(fresh)

    def open_window(self) -> WindowDialog:
        dialog = WindowDialog(self.db, self.user, self.catalogue, self.item, self)

        def added() -> None:
            window = dialog.added
            if window is None or self.item is None:
                return
            fresh = flow.flow_record(self.db, self.item.record.id)
            self.set_item(fresh)
            app = self.catalogue.label(self.catalogue.applications, window.application)
            self.written.emit(fresh, f"Falla masiva de {app} registrada: el evento queda "
                                     f"«{fresh.evaluation.window.label.lower()}».")
        self._open(dialog, added)
        return dialog


def _column(*parts: QWidget | QHBoxLayout) -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(4)
    column.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QWidget):
            column.addWidget(part)
        else:
            column.addLayout(part)
    return column
