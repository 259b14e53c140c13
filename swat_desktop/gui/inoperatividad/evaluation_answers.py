"""The cards of the evaluation where the evaluating areas answer: Procesos' answer within 24
hours of the closure, then the Gerente's and the Director's approvals, in that order.

Everybody sees them; whoever may not answer sees the inputs disabled with the service's own
reason, so a supervisor knows what is missing and who provides it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad_flow import FlowRecord, ProcesosAnswer
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.inoperatividad.buttons import push_button
from swat_desktop.gui.inoperatividad.cards import Card, column
from swat_desktop.gui.inoperatividad.evaluation_cards import (
    LABEL_WIDTH,
    allow,
    row,
    value_label,
    when,
)
from swat_desktop.gui.inoperatividad.options import option_buttons
from swat_desktop.gui.widgets import error_label

LEVELS = (("gerente", "Gerente"), ("director", "Director"))


class ProcesosCard(Card):
    def __init__(self) -> None:
        super().__init__("Respuesta de Procesos (plazo de 24 horas)", LABEL_WIDTH,
                         "filterLabel")
        self.state = value_label()
        self.due = value_label()
        self.line("Respuesta", self.state)
        self.line("Plazo", self.due)
        self.answer_group, self.answer_buttons = option_buttons(
            ((answer, answer.label, "") for answer in ProcesosAnswer), self)
        self.note = QLineEdit()
        self.note.setAccessibleName("Nota de Procesos")
        self.note.setPlaceholderText("Nota (opcional): por qué procede o no")
        self.button = push_button("Registrar &respuesta",
                             "Guardar la respuesta de Procesos (queda en la auditoría)")
        self.error = error_label()
        answers = QHBoxLayout()
        answers.setSpacing(18)
        for choice in self.answer_buttons.values():
            answers.addWidget(choice)
        answers.addStretch(1)
        self.inputs = [*self.answer_buttons.values(), self.note, self.button]
        self.line("Registrar", column(answers, row(self.note, self.button, stretch_first=True),
                                      self.error))

    def chosen(self) -> ProcesosAnswer | None:
        return next((a for a, b in self.answer_buttons.items() if b.isChecked()), None)

    def show_item(self, item: FlowRecord, now: datetime, user: UserProfile) -> None:
        state, due = item.flow, item.evaluation.procesos_due
        if state.procesos_answer is None:
            self.state.setText("Sin respuesta todavía.")
        else:
            note = f" · {state.procesos_note}" if state.procesos_note else ""
            self.state.setText(f"{state.procesos_answer.label}, {when(state.procesos_at)}"
                               f"{note}")
        if due is None:
            self.due.setText("—")
        elif state.procesos_at is not None:
            self.due.setText(f"Hasta el {when(due)} · respondió "
                             + ("a tiempo" if state.procesos_at <= due else "fuera de plazo"))
        else:
            self.due.setText(f"Hasta el {when(due)}" + (" · VENCIDO" if now > due else ""))
        for widget in self.inputs:
            allow(widget, user, Action.ANSWER_PROCESOS)
        self.answer_group.setExclusive(False)
        for answer, choice in self.answer_buttons.items():
            choice.setChecked(answer is state.procesos_answer)
        self.answer_group.setExclusive(True)
        self.note.setText(state.procesos_note)
        self.button.setText("Cambiar &respuesta" if state.procesos_answer
                            else "Registrar &respuesta")


class ApprovalsCard(Card):
    def __init__(self) -> None:
        super().__init__("Aprobaciones: primero el Gerente, después el Director", LABEL_WIDTH,
                         "filterLabel")
        self.state: dict[str, QLabel] = {}
        self.approver: dict[str, QLineEdit] = {}
        self.buttons: dict[str, QPushButton] = {}
        for level, title in LEVELS:
            state = value_label()
            name = QLineEdit()
            name.setAccessibleName(f"Nombre del {title}")
            name.setPlaceholderText(f"Nombre del {title} que aprobó")
            approve = push_button(f"Registrar aprobación del {title}",
                             f"La aprobación del {title}, como la comunicó")
            self.state[level] = state
            self.approver[level] = name
            self.buttons[level] = approve
            self.line(title, column(state, row(name, approve, stretch_first=True)))
        self.error = error_label()
        self.full(self.error)

    def show_item(self, item: FlowRecord, user: UserProfile) -> None:
        state = item.flow
        procede = state.procesos_answer is ProcesosAnswer.PROCEDE
        done = {"gerente": (state.gerente, state.gerente_at),
                "director": (state.director, state.director_at)}
        for level, title in LEVELS:
            name, at = done[level]
            if at is not None:
                text = f"Aprobado por {name}, {when(at)}."
            elif not procede:
                text = "Se aprueba cuando Procesos indica que procede reportar."
            elif level == "director" and state.gerente_at is None:
                text = "Después del Gerente."
            else:
                text = "Pendiente."
            self.state[level].setText(text)
            ready = procede and at is None and (level == "gerente"
                                                or state.gerente_at is not None)
            self.approver[level].setVisible(at is None)
            self.buttons[level].setVisible(at is None)
            allow(self.buttons[level], user, Action.APPROVE_EVENT,
                  f"La aprobación del {title}, como la comunicó")
            allowed = can(user, Action.APPROVE_EVENT)
            self.approver[level].setEnabled(allowed and ready)
            self.buttons[level].setEnabled(allowed and ready)
            if at is not None:
                self.approver[level].clear()
