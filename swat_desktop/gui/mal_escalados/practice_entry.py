"""The quick entry of a practice held: a leader types it in a few keys between two meetings.

The practice is chosen by its number, its code or the first letters of its name; the date, the
time and the leader default to now and to whoever is working; the duration follows the
practice's expected one until the person types their own. Enter saves from any field, Tab goes
through the fields in the order they are read, and after a save the form is empty again with
the keyboard back on the practice. The same form corrects a practice chosen in the registry.
"""

from __future__ import annotations

import re
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import local_now
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.practices import (
    MAX_DURATION,
    LinkKind,
    Practice,
    PracticeCatalogue,
    PracticeInput,
    PracticeLink,
    PracticeRecord,
)
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.qt_dates import date_edit, pydate, qdate
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import error_label, notice
from swat_desktop.services import practices
from swat_desktop.services.practices import StalePracticeError

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PRACTICE_FIELD_WIDTH = 150
NOT_FOUND = "Ninguna práctica empieza así: escriba su número (1 a {n}) o sus primeras letras."


def _values(text: str) -> list[str]:
    return [value for value in re.split(r"[\s,;]+", text) if value]


class PracticeEntry(QWidget):
    """Emits ``saved`` with the practice recorded or corrected (after the hub heard of it)."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, catalogue: PracticeCatalogue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practice_entry")
        self.ctx = ctx
        self.catalogue = catalogue
        self.editing: PracticeRecord | None = None
        self._duration_typed = False

        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.practice = QLineEdit()
        self.practice.setPlaceholderText("N.º o letras")
        self.practice.setToolTip("El número de la práctica, su código o sus primeras letras")
        self.practice.setAccessibleName("Práctica")
        self.practice_name = notice()
        self.day = date_edit(name="Fecha")
        self.start = QTimeEdit()
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName("Hora de inicio")
        self.participants = QLineEdit()
        self.participants.setPlaceholderText("El equipo, o los asesores por su nombre")
        self.duration = QSpinBox()
        self.duration.setRange(0, MAX_DURATION)  # 0: not chosen yet, refused on saving
        self.duration.setSpecialValueText("—")
        self.duration.setSuffix(" min")
        self.notes = QLineEdit()
        self.follow_up = QLineEdit()
        self.follow_up.setPlaceholderText("Qué se revisa después (opcional)")
        self.due_check = QCheckBox("&Vence el")
        self.due = date_edit(name="Vence el seguimiento")
        self.due.setEnabled(False)
        self.cuentas = QLineEdit()
        self.cuentas.setPlaceholderText("Separadas por coma")
        self.asesores = QLineEdit()
        self.asesores.setPlaceholderText("Id, separados por coma")
        self.error = error_label()
        self.save_button = QPushButton("&Guardar")
        self.save_button.setToolTip("Guardar la práctica (Enter)")
        self.cancel_button = QPushButton("Ca&ncelar corrección")
        self.cancel_button.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.practice.setMaximumWidth(PRACTICE_FIELD_WIDTH)
        # The name it resolves to, beside it: cut where the column is narrow, whole on hover.
        self.practice_name.setWordWrap(False)
        self.practice_name.setSizePolicy(QSizePolicy.Policy.Ignored,
                                         QSizePolicy.Policy.Preferred)
        which = QHBoxLayout()
        which.addWidget(self.practice)
        which.addWidget(self.practice_name, 1)
        when = QHBoxLayout()
        when.addWidget(self.day)
        when.addWidget(QLabel("a las"))
        when.addWidget(self.start)
        when.addSpacing(8)
        duration_label = QLabel("&Duración")
        duration_label.setBuddy(self.duration)
        when.addWidget(duration_label)
        when.addWidget(self.duration)
        when.addStretch(1)
        due_row = QHBoxLayout()
        due_row.addWidget(self.follow_up, 1)
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due)
        links = QHBoxLayout()
        links.addWidget(self.cuentas, 1)
        advisors_label = QLabel("&Asesores")
        advisors_label.setBuddy(self.asesores)
        links.addWidget(advisors_label)
        links.addWidget(self.asesores, 1)
        rows: list[tuple[str, QWidget, QHBoxLayout | QWidget]] = [
            ("&Práctica", self.practice, which), ("&Fecha", self.day, when),
            ("Con &quién", self.participants, self.participants),
            ("N&otas", self.notes, self.notes), ("&Seguimiento", self.follow_up, due_row),
            ("Cue&ntas", self.cuentas, links)]
        self.labels: dict[QWidget, QLabel] = {self.asesores: advisors_label}
        for text, buddy, field in rows:
            label = QLabel(text)
            label.setBuddy(buddy)
            self.labels[buddy] = label
            form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)

        self.order: tuple[QWidget, ...] = (
            self.practice, self.day, self.start, self.duration, self.participants, self.notes,
            self.follow_up, self.due_check, self.due, self.cuentas, self.asesores,
            self.save_button)
        for first, second in pairwise(self.order):
            QWidget.setTabOrder(first, second)
        for field in self.order[:-1]:
            field.installEventFilter(self)

        self.practice.textChanged.connect(self._practice_typed)
        self.duration.valueChanged.connect(self._duration_changed)
        self.due_check.toggled.connect(self.due.setEnabled)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.new)
        self.new()

    # -- the keyboard -------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter saves from every field, the date and time editors included; Tab always goes
        to the next field (a date editor would take it to its month, then its year)."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.key() in ENTER_KEYS:
            self.save()
            return True
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and watched in self.order:
            step = -1 if (event.key() == Qt.Key.Key_Backtab or event.modifiers()
                          & Qt.KeyboardModifier.ShiftModifier) else 1
            self._focus_from(self.order.index(watched), step)
            return True
        return super().eventFilter(watched, event)

    def _focus_from(self, index: int, step: int) -> None:
        """The next field in reading order that takes the keyboard now (the links only for a
        practice that has them, the due date once it is asked for)."""
        for offset in range(1, len(self.order)):
            field = self.order[(index + step * offset) % len(self.order)]
            if field.isEnabled() and field.isVisible():
                field.setFocus(Qt.FocusReason.TabFocusReason)
                return

    # -- the practice and its duration --------------------------------------------------
    def chosen(self) -> Practice | None:
        return self.catalogue.find(self.practice.text())

    def _practice_typed(self, text: str) -> None:
        practice = self.chosen()
        own = " · ".join(f"{p.number} {p.name}" for p in self._own_practices())
        self.practice_name.setToolTip(f"Sus prácticas: {own}")
        if practice is None:
            self.practice_name.setText(
                NOT_FOUND.format(n=len(self.catalogue.practices)) if text.strip() else own)
        else:
            role_goal = practice.goal_for(self.ctx.user.role)
            goal = f"meta {role_goal.label}" if role_goal else "no es de su rol"
            self.practice_name.setText(
                f"<b>{practice.number} · {practice.name}</b> — {goal}, "
                f"{practice.duration_minutes} min")
            if not self._duration_typed:
                self.duration.blockSignals(True)
                self.duration.setValue(practice.duration_minutes)
                self.duration.blockSignals(False)
        links = practice is not None and practice.links
        for field in (self.cuentas, self.asesores):
            field.setEnabled(links)
            self.labels[field].setEnabled(links)

    def _own_practices(self) -> tuple[Practice, ...]:
        return self.catalogue.for_role(self.ctx.user.role)

    def _duration_changed(self, _value: int) -> None:
        self._duration_typed = True

    # -- new, correct, save --------------------------------------------------------------
    def new(self) -> None:
        """An empty form dated now, for the person working."""
        self.editing = None
        self.title.setText(f"Registrar una práctica dirigida por {self.ctx.user.full_name}")
        self.cancel_button.hide()
        moment = local_now(self.ctx.clock, BOGOTA)
        self.day.setDate(qdate(moment.date()))
        self.start.setTime(QTime(moment.hour, moment.minute))
        self._clear_texts()
        self.practice.setFocus()

    def _clear_texts(self) -> None:
        for field in (self.practice, self.participants, self.notes, self.follow_up,
                      self.cuentas, self.asesores):
            field.clear()
        self.due_check.setChecked(False)
        self.due.setDate(self.day.date())
        self.duration.setValue(0)
        self._duration_typed = False
        self._practice_typed("")
        self.error.hide()

    def correct(self, record: PracticeRecord) -> None:
        """Load a practice of the registry to correct it."""
        self.editing = record
        self.title.setText(f"Corregir la práctica del {record.held_on:%d/%m/%Y} "
                           f"a las {record.start_time:%H:%M}")
        self.cancel_button.show()
        self.practice.setText(record.practice_code)
        self.day.setDate(qdate(record.held_on))
        self.start.setTime(QTime(record.start_time.hour, record.start_time.minute))
        self.duration.setValue(record.duration_minutes)
        self._duration_typed = True
        self.participants.setText(record.participants)
        self.notes.setText(record.notes)
        self.follow_up.setText(record.follow_up)
        self.due_check.setChecked(record.follow_up_due is not None)
        if record.follow_up_due is not None:
            self.due.setDate(qdate(record.follow_up_due))
        self.cuentas.setText(", ".join(link.value for link in record.links
                                       if link.kind is LinkKind.CUENTA))
        self.asesores.setText(", ".join(link.value for link in record.links
                                        if link.kind is LinkKind.ASESOR))
        self.error.hide()
        self.practice.setFocus()

    def typed(self) -> PracticeInput | None:
        practice = self.chosen()
        if practice is None:
            return None
        start = self.start.time()
        links = tuple(PracticeLink(LinkKind.CUENTA, v) for v in _values(self.cuentas.text()))
        links += tuple(PracticeLink(LinkKind.ASESOR, v) for v in _values(self.asesores.text()))
        return PracticeInput(
            practice_code=practice.code, held_on=pydate(self.day.date()),
            start_time=start.toPython(), participants=self.participants.text(),
            duration_minutes=self.duration.value(), notes=self.notes.text(),
            follow_up=self.follow_up.text(),
            follow_up_due=pydate(self.due.date()) if self.due_check.isChecked() else None,
            links=links if practice.links else ())

    def save(self) -> PracticeRecord | None:
        data = self.typed()
        if data is None:
            self._say(NOT_FOUND.format(n=len(self.catalogue.practices))
                      if self.practice.text().strip() else "Elija la práctica que hizo.")
            self.practice.setFocus()
            return None
        store, user = self.ctx.store, self.ctx.user
        try:
            if self.editing is None:
                record = practices.record_practice(store, user, data)
            else:
                record = practices.edit_practice(store, user, self.editing.id,
                                                 self.editing.version, data)
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()))
            return None
        except StalePracticeError as exc:
            self._say(str(exc))
            return None
        said = "corregida" if self.editing is not None else "registrada"
        self.ctx.hub.announce(Change.PRACTICES)
        self.ctx.hub.say(f"{record.practice_name} del {record.held_on:%d/%m/%Y} {said}.")
        day = self.day.date()
        self.new()
        self.day.setDate(day)  # several practices of one day go in one after another
        self.saved.emit(record)
        return record

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
