"""One feedback session with an advisor (step 7): who attended, what was discussed, the plan,
the commitments with their due dates, and the causales whose repetition will count as a
recurrence once the session is held.

The dialog saves through the service; every refusal comes back as field → message and is shown
under its field, so nothing is written until the whole session is valid.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.feedback import (
    CausalCount,
    FeedbackInput,
    FeedbackState,
    FeedbackSummary,
)
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.mal_escalados import Causal
from swat_desktop.domain.periods import Period
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.mal_escalados.feedback_commitments import DUE_AFTER, CommitmentsEditor
from swat_desktop.gui.qt_dates import date_edit, pydate
from swat_desktop.gui.widgets import (
    close_only,
    error_label,
    notice,
    ok_cancel,
    open_at,
    page_scroll,
)
from swat_desktop.services import catalogue, feedback
from swat_desktop.services.feedback import StaleSessionError
from swat_desktop.services.store import StoreHandle

FOLLOW_UP_AFTER = timedelta(days=30)  # the next monthly cut tells whether it worked
READ_ONLY_NOTE = ("Solo el backoffice registra y modifica las retroalimentaciones; aquí puede "
                  "consultarla.")


class FeedbackDialog(QDialog):
    """New or existing session of one advisor; read-only for every role but the backoffice."""

    def __init__(self, ctx: AppContext, asesor_id: str, asesor_nombre: str,
                 supervisor: str, period: Period, session: FeedbackSummary | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.asesor_id = asesor_id
        self.asesor_nombre = asesor_nombre
        self.session = session
        self.saved: FeedbackSummary | None = None
        self.read_only = not can(self.ctx.user, Action.WRITE_FEEDBACK)
        day = session.session_date if session else local_today(self.ctx.store.clock, BOGOTA)
        if session is not None:
            period = Period(session.period_start, session.period_end)
        counts = feedback.causal_counts(self.ctx.store, asesor_id, period)
        self.setWindowTitle(("Retroalimentación de " if session else
                             "Nueva retroalimentación para ") + asesor_nombre)
        open_at(self, 1080, 720)

        who = QLabel(f"{asesor_nombre} ({asesor_id})")
        who.setObjectName("cardTitle")
        intro = notice(
            "Se da a conocer al asesor, con su supervisor, el total de cuentas mal escaladas, "
            "el motivo de los errores y el procedimiento que aplica, y se acuerda el plan de "
            "mejora. Una sesión realizada es el compromiso contra el que se miden las "
            "recurrencias.")
        if self.read_only:
            intro.setText(READ_ONLY_NOTE)

        self.session_date = date_edit(day)
        self.period_from = date_edit(period.start)
        self.period_to = date_edit(period.end)
        self.supervisor = QLineEdit(session.supervisor if session else supervisor)
        self.supervisor.setPlaceholderText("Nombre del supervisor")
        self.attendees = QLineEdit(session.attendees if session else
                                   ", ".join(n for n in (asesor_nombre, supervisor) if n))
        self.attendees.setPlaceholderText("Quiénes asistieron, separados por coma")
        self.attendees.setCursorPosition(0)
        self.pendiente = QRadioButton(FeedbackState.PENDIENTE.label)
        self.realizada = QRadioButton(FeedbackState.REALIZADA.label)
        self.state_group = QButtonGroup(self)
        for button in (self.pendiente, self.realizada):
            self.state_group.addButton(button)
        state = session.state if session else FeedbackState.PENDIENTE
        (self.realizada if state is FeedbackState.REALIZADA else self.pendiente).setChecked(True)
        self.has_follow_up = QCheckBox("Programar seguimiento el")
        follow_up = session.follow_up if session else None
        self.has_follow_up.setChecked(follow_up is not None)
        self.follow_up = date_edit(follow_up or day + FOLLOW_UP_AFTER)
        self.follow_up.setEnabled(follow_up is not None)
        self.has_follow_up.toggled.connect(self.follow_up.setEnabled)

        self.causal_list = QListWidget()
        self.causal_list.setAccessibleName("Causales tratadas")
        self._fill_causales(counts, session)

        self.discussion = QPlainTextEdit(session.discussion if session else
                                         _discussion_draft(self.ctx.store, asesor_id, period,
                                                           counts))
        self.discussion.setPlaceholderText("Qué se trató: total de cuentas, motivos de los "
                                           "errores, procedimiento que aplica")
        self.plan = QPlainTextEdit(session.plan if session else "")
        self.plan.setPlaceholderText("Plan de mejora acordado con el asesor")
        for text in (self.discussion, self.plan):
            text.setTabChangesFocus(True)
        self.commitments = CommitmentsEditor(day + DUE_AFTER)
        for item in session.commitments if session else ():
            self.commitments.add(item.text, item.due_date, dated=False)
        self.commitments.rows_changed.connect(self._fix_tab_order)
        self.session_date.dateChanged.connect(self._session_date_changed)

        self.errors: dict[str, QLabel] = {
            key: error_label() for key in ("period", "supervisor", "attendees", "follow_up",
                                           "causales", "discussion", "plan", "commitments")}
        self.general_error = error_label()

        left = QGridLayout()
        left.setVerticalSpacing(2)
        left.setHorizontalSpacing(10)
        left.setColumnStretch(1, 1)
        line = 0
        for text, fields, buddy, key in (
                ("&Fecha de la sesión", [self.session_date], self.session_date, ""),
                ("&Periodo revisado", [self.period_from, QLabel("al"), self.period_to],
                 self.period_from, "period"),
                ("&Supervisor", [self.supervisor], self.supervisor, "supervisor"),
                ("As&istentes", [self.attendees], self.attendees, "attendees"),
                ("Estado", [self.pendiente, self.realizada], None, ""),
                ("Seguimiento", [self.has_follow_up, self.follow_up], None, "follow_up")):
            label = QLabel(text)
            if buddy is not None:
                label.setBuddy(buddy)
            left.addWidget(label, line, 0)
            row = QHBoxLayout()
            row.setSpacing(8)
            for field in fields:
                row.addWidget(field, 1 if isinstance(field, QLineEdit) else 0)
            if not any(isinstance(field, QLineEdit) for field in fields):
                row.addStretch(1)
            left.addLayout(row, line, 1)
            if key:
                left.addWidget(self.errors[key], line + 1, 1)
            left.setRowMinimumHeight(line + 2, 8)
            line += 3
        causales_label = QLabel("&Causales tratadas")
        causales_label.setBuddy(self.causal_list)
        causales_note = notice(
            ("Marcadas: las tratadas en la sesión." if session else
             "Marcadas: las del asesor en el periodo.")
            + " Repetir una de ellas después de una sesión realizada cuenta como recurrencia.")
        left_box = QVBoxLayout()
        left_box.addLayout(left)
        left_box.addWidget(causales_label)
        left_box.addWidget(causales_note)
        left_box.addWidget(self.causal_list, 1)
        left_box.addWidget(self.errors["causales"])

        right_box = QVBoxLayout()
        for text, widget, key, stretch in (
                ("&Qué se trató", self.discussion, "discussion", 3),
                ("Plan de &mejora", self.plan, "plan", 2),
                ("Compromisos del asesor", self.commitments, "commitments", 5)):
            label = QLabel(text)
            label.setObjectName("filterLabel")
            label.setBuddy(widget if widget is not self.commitments
                           else self.commitments.add_button)
            right_box.addWidget(label)
            right_box.addWidget(widget, stretch)
            right_box.addWidget(self.errors[key])

        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(20)
        columns.addLayout(left_box, 1)
        columns.addLayout(right_box, 1)

        if self.read_only:
            self.buttons = close_only(self)
        else:
            self.buttons = ok_cancel(self, "Guardar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(who)
        layout.addWidget(intro)
        layout.addSpacing(6)
        # The session's fields are taller than a laptop's screen at 125 %: they scroll, the
        # buttons and the general message stay in sight under them.
        layout.addWidget(page_scroll(body, sideways=False), 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        if self.read_only:
            self._set_read_only()
        self._fix_tab_order()
        self.session_date.setFocus()

    # -- filling ------------------------------------------------------------------------
    def _fill_causales(self, counts: list[CausalCount],
                       session: FeedbackSummary | None) -> None:
        """The advisor's causales of the period first, with how often; then the catalogue."""
        frequency = {c.causal_id: c.count for c in counts}
        chosen = set(session.causal_ids) if session else set(frequency)
        known = catalogue.list_causales(self.ctx.store, include_inactive=True)
        shown: list[Causal] = [c for c in known if c.active or c.id in chosen]
        shown.sort(key=lambda c: (-frequency.get(c.id, 0), c.sort_order, c.code))
        for causal in shown:
            times = frequency.get(causal.id, 0)
            suffix = f"  · {times} en el periodo" if times else ""
            inactive = "" if causal.active else "  (inactiva)"
            item = QListWidgetItem(f"{causal.code} {causal.name}{suffix}{inactive}")
            item.setData(Qt.ItemDataRole.UserRole, causal.id)
            item.setToolTip(causal.procedure or causal.description)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if causal.id in chosen
                               else Qt.CheckState.Unchecked)
            self.causal_list.addItem(item)

    def _session_date_changed(self, value: QDate) -> None:
        self.commitments.default_due = pydate(value) + DUE_AFTER

    def _set_read_only(self) -> None:
        for edit in (self.session_date, self.period_from, self.period_to, self.follow_up):
            edit.setReadOnly(True)
        # A prompt in a field nobody may fill in would read as a request: say it is empty.
        for line in (self.supervisor, self.attendees):
            line.setReadOnly(True)
            line.setPlaceholderText("Sin registrar")
        for text in (self.discussion, self.plan):
            text.setReadOnly(True)
            text.setPlaceholderText("Sin registrar")
        for widget in (self.pendiente, self.realizada, self.has_follow_up):
            widget.setEnabled(False)
        for row in range(self.causal_list.count()):
            self.causal_list.item(row).setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.commitments.set_read_only()

    def _fix_tab_order(self) -> None:
        """Rows added later would otherwise come last, after the buttons."""
        chain: list[QWidget] = [
            self.session_date, self.period_from, self.period_to, self.supervisor,
            self.attendees, self.pendiente, self.realizada, self.has_follow_up, self.follow_up,
            self.causal_list, self.discussion, self.plan, *self.commitments.focus_chain(),
            *self.buttons.buttons()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- for tests and keyboard users ---------------------------------------------------
    def set_state(self, state: FeedbackState) -> None:
        (self.realizada if state is FeedbackState.REALIZADA else self.pendiente).setChecked(True)

    def state(self) -> FeedbackState:
        return FeedbackState.REALIZADA if self.realizada.isChecked() else FeedbackState.PENDIENTE

    def checked_causales(self) -> tuple[int, ...]:
        return tuple(self.causal_list.item(row).data(Qt.ItemDataRole.UserRole)
                     for row in range(self.causal_list.count())
                     if self.causal_list.item(row).checkState() == Qt.CheckState.Checked)

    # -- saving -------------------------------------------------------------------------
    def value(self) -> FeedbackInput:
        return FeedbackInput(
            asesor_id=self.asesor_id, asesor_nombre=self.asesor_nombre,
            period_start=pydate(self.period_from.date()),
            period_end=pydate(self.period_to.date()),
            session_date=pydate(self.session_date.date()),
            supervisor=self.supervisor.text(), attendees=self.attendees.text(),
            discussion=self.discussion.toPlainText(), plan=self.plan.toPlainText(),
            commitments=self.commitments.values(),
            follow_up=pydate(self.follow_up.date()) if self.has_follow_up.isChecked() else None,
            state=self.state(), causal_ids=self.checked_causales(),
        )

    def accept(self) -> None:
        if self.read_only:
            self.reject()
            return
        session_id = self.session.id if self.session else None
        version = self.session.version if self.session else None
        try:
            self.saved = feedback.save_session(self.ctx.store, self.ctx.user, self.value(),
                                               session_id, version)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except StaleSessionError:
            self._stale()
            return
        super().accept()

    def _stale(self) -> None:
        """Keep what this person wrote; a second Guardar replaces the other version knowingly."""
        assert self.session is not None
        try:
            latest = feedback.get_session(self.ctx.store, self.session.id)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.session = latest
        count = len(latest.commitments)
        self.show_errors({"stale": (
            "Otra persona guardó esta retroalimentación mientras usted la editaba (quedó "
            f"{latest.state.label.lower()}, con {count} compromiso{'' if count == 1 else 's'}). "
            "Sus cambios siguen aquí y no se han guardado: Guardar de nuevo reemplaza esa "
            "versión; Cancelar la deja como está.")})

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        for field, key in ((self.supervisor, "supervisor"), (self.attendees, "attendees")):
            field.setProperty("invalid", key in errors)
            field.style().unpolish(field)
            field.style().polish(field)
        rest = [text for key, text in errors.items() if key not in self.errors]
        self.general_error.setText("\n".join(rest))
        self.general_error.setVisible(bool(rest))
        first = next((widget for key, widget in self._fields() if key in errors), None)
        if first is not None:
            first.setFocus()

    def _fields(self) -> list[tuple[str, QWidget]]:
        """Where the keyboard goes for each message, in the order the form is read."""
        rows = self.commitments.rows
        return [("period", self.period_from), ("supervisor", self.supervisor),
                ("attendees", self.attendees), ("follow_up", self.follow_up),
                ("causales", self.causal_list), ("discussion", self.discussion),
                ("plan", self.plan),
                ("commitments", rows[0].text if rows else self.commitments.add_button)]


def _discussion_draft(db: StoreHandle, asesor_id: str, period: Period,
                      counts: list[CausalCount]) -> str:
    """What step 7 says the session covers, ready to be completed by hand."""
    total = len(feedback.advisor_errors(db, asesor_id, period))
    if not total:
        return ""
    motives = "; ".join(f"{c.code} {c.name} ({c.count})" for c in counts)
    accounts = "cuenta mal escalada" if total == 1 else "cuentas mal escaladas"
    return (f"Total del periodo: {total} {accounts}.\nMotivos: {motives}.\n"
            "Se explicó el procedimiento que aplica para cada causal.")
