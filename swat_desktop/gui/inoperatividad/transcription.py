"""Typing in a paper Formato Manual filled during an outage, under the correlativo its pad
printed on it: the usual form (form.py) in a transcription mode, on the right of the workspace.

What differs from a new form is what the paper fixes: the number is the one printed (shown,
never assigned), the times are what the paper says however old (nothing proposes "now", and
the start must be typed), and someone else wrote it, whose name is required. Saving calls
inoperatividad_pads.transcribe, which keeps both names. It is not autosaved as a draft: the
paper is the original, and a draft would come back as a new form without its number.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad import InoperatividadRecord, RecordInput, validate_record
from swat_desktop.domain.inoperatividad_pads import Reservation
from swat_desktop.gui.inoperatividad.buttons import push_button
from swat_desktop.gui.inoperatividad.cards import Card, scrolled
from swat_desktop.gui.inoperatividad.editor_pane import FIELD_ORDER
from swat_desktop.gui.inoperatividad.form import RecordForm
from swat_desktop.gui.inoperatividad.form_sections import START_HINT
from swat_desktop.gui.inoperatividad.qt_dates import from_qdatetime, set_moment
from swat_desktop.gui.inoperatividad.recovery import confirm_discard
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import error_label, notice
from swat_desktop.services import inoperatividad_pads as pads
from swat_desktop.services.inoperatividad import OpenRecordExists

PAPER_START_HINT = "hora de Lima: la que dice el papel"
TYPE_THE_START = "Escriba la fecha y hora de inicio que dice el papel."
NO_FILLER = "Escriba quién llenó el formato en papel."
EXPLANATION = ("Copie el papel tal cual, también sus horas de inicio, alerta y fin aunque "
               "sean de horas atrás. No se guarda como borrador: el papel es el original.")


class TranscriptionForm(RecordForm):
    """The Formato Manual for a paper form: who filled the paper is asked in section 1, under
    the printed number (where the PDF says it), and ticking «Ya terminó» or «se alertó»
    proposes the start typed, not the time of typing."""

    def __init__(self, place: Workplace, parent: QWidget | None = None) -> None:
        super().__init__(place.catalogue, place.points, place.ctx.clock, parent=parent)
        for hint in self.typing_hints:
            if hint.text() == START_HINT:
                hint.setText(PAPER_START_HINT)
        self.filled_by = QLineEdit()
        self.filled_by.setAccessibleName("Llenado en papel por")
        self.filled_by.setPlaceholderText("Nombres y apellidos de quien escribió el papel")
        self.filled_by.setMaxLength(120)
        self.filled_by.textEdited.connect(lambda _t: self._changed("filled_by"))
        registro = self.section_titles[0].parentWidget()
        assert isinstance(registro, Card)
        self._row(registro, "Llenado en pap&el por", self.filled_by, "filled_by",
                  self.filled_by)

    def field_widget(self, key: str) -> QWidget | None:
        return self.filled_by if key == "filled_by" else super().field_widget(key)

    def focus_chain(self) -> list[QWidget]:
        return [self.filled_by, *super().focus_chain()]

    def _moment_toggled(self, edit: QDateTimeEdit, key: str, checked: bool) -> None:
        if not self._loading:
            set_moment(edit, from_qdatetime(self.started_at.dateTime()) if checked else None)
        self._changed(key)


class TranscriptionPane(QWidget):
    saved = Signal(object)  # the InoperatividadRecord typed in (already announced)
    left = Signal()  # the transcription was abandoned: back to the new form

    def __init__(self, place: Workplace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.ctx = place.ctx
        self.reservation: Reservation | None = None
        self.attempted = False
        self.confirm: QMessageBox | None = None
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.reserved = notice()
        self.form = TranscriptionForm(place)
        self.form.edited.connect(self._edited)
        self.filled_by = self.form.filled_by
        self.cancel_button = push_button("Cancelar transcripción…", "Dejar de transcribir: "
                                         "el correlativo sigue reservado y el papel, sin "
                                         "transcribir", self.ask_cancel)
        self.save_error = error_label()
        self.save_button = push_button("&Guardar transcripción", "Guardar el formato en papel "
                                       "como registro, con su correlativo impreso", self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.save_error, 10)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.reserved)
        self.scroll = scrolled(self.form)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)
        self.form.rows_changed.connect(self._fix_tab_order)
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        self.form.fix_tab_order([self.cancel_button, self.save_button])

    # -- the paper on screen ----------------------------------------------------------------
    def start(self, reservation: Reservation) -> None:
        """The form for ``reservation``'s paper; the same one begun before comes back as it
        was left (the records list or a tab may have been looked at meanwhile)."""
        if self.reservation == reservation and self.begun():
            return
        self.reservation = reservation
        self.attempted = False
        point = next((p for p in self.place.points if p.code == reservation.point_code), None)
        # The start shown is the pad's printing, the earliest the paper can say; it must be
        # typed anyway (TYPE_THE_START), so no time of typing slips in as the event's.
        self.form.load(RecordInput(attention_point_id=point.id if point else None,
                                   started_at=reservation.reserved_at))
        self.form.point.setEnabled(False)
        self.form.set_number(reservation.code, "Transcripción de un formato en papel: el "
                                               "correlativo es el impreso en el papel.")
        self.filled_by.clear()
        self.scroll.verticalScrollBar().setValue(0)
        self.title.setText(f"Transcribir el formato en papel {reservation.code}")
        self.reserved.setText(
            f"Reservado el {format_datetime(reservation.reserved_at, LIMA)} por "
            f"{reservation.reserved_by}. {EXPLANATION}")
        self._show({})
        self.save_error.hide()
        self.filled_by.setFocus()

    def begun(self) -> bool:
        return bool(self.form.touched) or bool(self.filled_by.text().strip())

    def errors(self) -> dict[str, str]:
        errors = validate_record(self.form.value(), self.place.catalogue, self.ctx.user.role,
                                 self.ctx.clock.now())
        if "started_at" not in self.form.touched:
            errors.setdefault("started_at", TYPE_THE_START)
        if not self.filled_by.text().strip():
            errors["filled_by"] = NO_FILLER
        return errors

    def _edited(self) -> None:
        errors = self.errors()
        self._show(errors if self.attempted
                   else {k: v for k, v in errors.items() if k in self.form.touched})

    def _show(self, errors: dict[str, str]) -> None:
        self.form.show_errors(errors)
        rest = [m for k, m in errors.items() if k not in self.form.errors]
        count = len(errors)
        self.save_error.setText("\n".join(rest) if rest else (
            f"Falta completar o corregir {count} dato{'s' if count > 1 else ''}: vea los "
            "mensajes en rojo junto a cada campo." if count and self.attempted else ""))
        self.save_error.setVisible(bool(self.save_error.text()))

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> InoperatividadRecord | None:
        reservation = self.reservation
        if reservation is None:
            return None
        self.attempted = True
        errors = self.errors()
        if errors:
            self._show(errors)
            self._focus_first(errors)
            self.ctx.hub.say("No se guardó la transcripción: revise los mensajes en rojo.")
            return None
        try:
            record, _ = pads.transcribe(self.ctx.store, self.ctx.user, reservation.point_code,
                                        reservation.number, self.form.value(),
                                        self.filled_by.text())
        except ValidationError as exc:
            self._show(exc.errors)
            self._focus_first(exc.errors)
            return None
        except OpenRecordExists as exc:
            self._show({"registro": (
                f"{exc.record.point.name} tiene abierto el registro {exc.record.number} del "
                "mismo tipo de trámite, y solo se admite uno abierto por tipo. Ciérrelo antes "
                "(Cerrar evento…, con la hora de fin que diga su papel) y vuelva a guardar "
                "esta transcripción: lo escrito sigue aquí.")})
            return None
        self.reservation = None
        self.form.touched.clear()
        self.ctx.hub.announce(Change.RECORDS, Change.FLOW)
        self.saved.emit(record)
        self.ctx.hub.say(f"Formato en papel {record.number} transcrito.")
        return record

    def _focus_first(self, errors: dict[str, str]) -> None:
        key = next((k for k in ("filled_by", *FIELD_ORDER) if k in errors), None)
        widget = self.form.field_widget(key) if key else None
        if widget is not None:
            widget.setFocus()
            self.scroll.ensureWidgetVisible(widget, 50, 80)

    def ask_cancel(self) -> QMessageBox | None:
        """Leaving a begun transcription loses what was typed (the paper keeps it): asked."""
        if not self.begun():
            self.cancel()
            return None
        box = confirm_discard(self, "Cancelar transcripción", "¿Dejar de transcribir este "
                              "formato?\n\nLo escrito aquí se pierde; el correlativo sigue "
                              "reservado y puede transcribirlo después.", self.cancel)
        box.finished.connect(lambda _r: setattr(self, "confirm", None))
        self.confirm = box
        return box

    def cancel(self) -> None:
        self.reservation = None
        self.form.touched.clear()
        self.filled_by.clear()
        self.left.emit()

