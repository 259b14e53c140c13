"""A new Formato Manual being filled, on the right of the workspace.

What is typed is never lost: every change is saved as a draft half a second after the last key
(a tiny transaction, on the GUI thread), and an unsaved form is offered back by a banner that
says exactly what it is. Saving numbers the record and removes its draft in one transaction.

A store that refuses the draft for a known reason (busy behind a long import, full, read-only,
gone) keeps the change on screen, says so, and tries again later and less often; anything else
is a bug and goes to the crash hook like any other.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import (
    InoperatividadRecord,
    RecordInput,
    ResponsibleRole,
    validate_record,
)
from swat_desktop.domain.permissions import POINT_BOUND
from swat_desktop.gui.inoperatividad.buttons import push_button
from swat_desktop.gui.inoperatividad.cards import scrolled
from swat_desktop.gui.inoperatividad.form import DRAFT_STATE, RecordForm
from swat_desktop.gui.inoperatividad.qt_dates import now_in
from swat_desktop.gui.inoperatividad.recovery import RecoveryBanner, confirm_discard
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import error_label, notice
from swat_desktop.services import inoperatividad
from swat_desktop.services.inoperatividad import Draft, OpenRecordExists
from swat_desktop.services.store import StoreUnavailable

# After the first unsaved change (the timer is not restarted by the next keystrokes), so
# steady typing reaches the store every half second: well inside the one second.
AUTOSAVE_MS = 500
START_CLOCK_MS = 30_000
RETRY_MS = 3000  # a busy store (an import holding the write lock) gets a moment...
MAX_RETRY_MS = 60_000  # ...and a store that stays out of reach is not hammered
log = logging.getLogger(__name__)
# Where the keyboard goes first when a save is refused: the order of the paper.
FIELD_ORDER = ("attention_point", "responsible_name", "responsible_role", "started_at",
               "ended_at", "applications", "request_type", "request_code", "scenario", "motivo",
               "detail", "alert_at", "alert_reference", "not_intermittent", "whole_point_down",
               "customers", "critical_attention")
DRAFT_NOTE = ("Se guarda solo mientras escribe: si se corta la luz o se cierra la ventana, se "
              "le ofrecerá recuperarlo.")


class EditorPane(QWidget):
    saved = Signal(object)  # the InoperatividadRecord just numbered (already announced)
    existing = Signal(object)  # the open record of that type and point, shown instead
    recovered = Signal()  # a draft came back into the form: the editor must be on screen
    begun_changed = Signal()  # whether the form on screen has been written in

    def __init__(self, place: Workplace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.ctx = place.ctx
        self.author = self.ctx.user  # whose draft the form on screen is
        self.draft_id: int | None = None
        self.pending = False  # changes on screen not yet in the draft
        self.attempted = False  # a save was tried: every message shows, not only touched ones
        self.retry_ms = RETRY_MS
        self.confirm: QMessageBox | None = None
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.flush_draft)
        self.start_clock = QTimer(self)  # a new form's proposed start follows the time
        self.start_clock.setInterval(START_CLOCK_MS)
        self.start_clock.timeout.connect(self.follow_clock)
        self.start_clock.start()
        self.banner = RecoveryBanner(LIMA)  # placed by the workspace, above its sections
        self.banner.recover_requested.connect(self.recover)
        self.banner.discard_confirmed.connect(self._discard_offered)

        self.form = RecordForm(place.catalogue, place.points, self.ctx.clock)
        self.form.edited.connect(self._edited)
        title = QLabel("Nuevo registro de inoperatividad")
        title.setObjectName("cardTitle")
        self.draft_state = notice(DRAFT_NOTE)
        self.discard_button = push_button("Descartar formulario…",
                                          "Borrar lo escrito y empezar de nuevo",
                                          self.ask_discard)
        self.save_error = error_label()
        self.save_button = push_button("&Guardar registro", "Validar el formulario, asignar el "
                                       "correlativo y guardarlo", self.save)
        self.save_button.setDefault(True)
        bar = QHBoxLayout()
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_error, 10)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.draft_state)
        self.scroll = scrolled(self.form)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)
        self.form.rows_changed.connect(self._fix_tab_order)
        self._fix_tab_order()
        self.ctx.hub.user_changed.connect(self._user_changed)
        self._show_point()
        self.reset()
        self.refresh_offers()

    def _fix_tab_order(self) -> None:
        self.form.fix_tab_order([self.discard_button, self.save_button])

    def _show_point(self) -> None:
        # A CAC supervisor answers for their own point only (the service refuses others too).
        own = self.author.role in POINT_BOUND and self.place.point is not None
        self.form.point.setEnabled(not own)
        self.form.point.setToolTip("Su punto de atención" if own else "")

    def _user_changed(self, user: UserProfile) -> None:
        """What is on screen was typed by the previous user: it stays as their draft."""
        if user == self.author:
            return
        self.flush_draft()
        self.author = user
        self.draft_id = None
        self._show_point()
        self.reset()
        self.refresh_offers()

    def defaults(self) -> RecordInput:
        """A new form: this person, their point, now; whoever answers for one point is its
        supervisor."""
        return RecordInput(
            attention_point_id=self.place.point_id,
            responsible_name=self.author.full_name,
            responsible_role=ResponsibleRole.SUPERVISOR
            if self.author.role in POINT_BOUND else None,
            started_at=now_in(self.ctx.clock, LIMA),
        )

    # -- the form on screen -----------------------------------------------------------------
    def reset(self) -> None:
        self.autosave.stop()
        self.pending = False
        self.form.load(self.defaults())
        self.form.set_number(None, DRAFT_STATE)
        self.attempted = False
        self.save_error.hide()
        self.draft_state.setText("Formulario nuevo. " + DRAFT_NOTE)
        self.begun_changed.emit()

    def follow_clock(self) -> None:
        """While nothing has been written in the new form, its start time is now."""
        if not self.begun():
            self.form.follow_clock(now_in(self.ctx.clock, LIMA))

    def begun(self) -> bool:
        """The new form on screen has been written in."""
        return self.draft_id is not None or self.pending

    def set_aside(self) -> None:
        """A blank form in place of a begun one, which stays a draft the banner offers back."""
        self.flush_draft()
        self.draft_id = None
        self.reset()
        self.refresh_offers()
        self.ctx.hub.say("El formulario anterior quedó sin guardar: el aviso de arriba permite "
                         "recuperarlo.")

    def _edited(self) -> None:
        self.pending = True
        if not self.autosave.isActive():  # not restarted: steady typing is saved too
            self.autosave.start()
        self.validate()
        self.begun_changed.emit()

    def validate(self) -> dict[str, str]:
        """Live messages: a field speaks once touched, every field after a save attempt."""
        errors = validate_record(self.form.value(), self.place.catalogue, self.author.role,
                                 self.ctx.clock.now())
        shown = errors if self.attempted else {k: v for k, v in errors.items()
                                              if k in self.form.touched}
        self.form.show_errors(shown)
        self._summary(errors if self.attempted else {})
        return errors

    def _summary(self, errors: dict[str, str]) -> None:
        count = len(errors)
        self.save_error.setText(
            "" if not count else
            f"Falta completar o corregir {count} dato{'s' if count > 1 else ''}: vea los "
            "mensajes en rojo junto a cada campo.")
        self.save_error.setVisible(bool(count))

    def flush_draft(self) -> None:
        """Write the pending change now (the timer's work, or before anything that moves on)."""
        self.autosave.stop()
        if not self.pending:
            return  # nothing typed since the last write
        try:
            self.draft_id = inoperatividad.save_draft(self.ctx.store, self.author,
                                                      self.form.value(), self.draft_id)
        except StoreUnavailable as exc:  # keep the change, say why, try again later
            log.warning("Draft autosave refused (%s); retrying in %d ms", exc.kind,
                        self.retry_ms)
            self.draft_state.setText(f"No se pudo guardar el borrador: {exc} Se vuelve a "
                                     f"intentar en {self.retry_ms // 1000} s.")
            self.autosave.start(self.retry_ms)
            self.retry_ms = min(self.retry_ms * 2, MAX_RETRY_MS)
            return
        self.pending = False
        self.retry_ms = RETRY_MS
        self.autosave.setInterval(AUTOSAVE_MS)
        self.draft_state.setText(f"Borrador guardado a las {now_in(self.ctx.clock, LIMA):%H:%M}"
                                 ". " + DRAFT_NOTE)
        self.begun_changed.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        """Showing a saved record, changing tab or closing the window writes the last
        keystrokes right away."""
        self.flush_draft()
        super().hideEvent(event)

    def save(self) -> InoperatividadRecord | None:
        self.attempted = True
        data = self.form.value()
        errors = self.validate()
        if errors:
            self.flush_draft()
            self._focus_first(errors)
            self.ctx.hub.say("No se guardó: revise los mensajes en rojo.")
            return None
        try:
            record = inoperatividad.save_record(self.ctx.store, self.author, data,
                                                self.draft_id)
        except ValidationError as exc:
            self.flush_draft()
            self.form.show_errors(exc.errors)
            self._summary(exc.errors)
            self._focus_first(exc.errors)
            return None
        except OpenRecordExists as exc:
            self.flush_draft()
            self.existing.emit(exc.record)
            return None
        self.draft_id = None
        self.reset()
        self.ctx.hub.announce(Change.RECORDS)
        self.saved.emit(record)
        self.ctx.hub.say(f"Registro {record.number} guardado.")
        return record

    def _focus_first(self, errors: dict[str, str]) -> None:
        key = next((k for k in FIELD_ORDER if k in errors), None)
        widget = self.form.field_widget(key) if key else None
        if widget is not None:
            widget.setFocus()
            self.scroll.ensureWidgetVisible(widget, 50, 80)

    def ask_discard(self) -> QMessageBox:
        box = confirm_discard(self, "Descartar formulario", "¿Borrar lo escrito en este "
                              "formulario y empezar uno nuevo?\n\nNo se podrá recuperar.",
                              self.discard_form)
        box.finished.connect(lambda _r: setattr(self, "confirm", None))
        self.confirm = box
        return box

    def discard_form(self) -> None:
        if self.draft_id is not None:
            inoperatividad.discard_draft(self.ctx.store, self.author, self.draft_id)
        self.draft_id = None
        self.reset()
        self.ctx.hub.say("Formulario descartado.")

    # -- drafts left from before ------------------------------------------------------------
    def offers(self) -> list[Draft]:
        """Unsaved forms of this person, except the one on screen."""
        return [d for d in inoperatividad.pending_drafts(self.ctx.store, self.author,
                                                         self.place.catalogue)
                if d.id != self.draft_id]

    def refresh_offers(self) -> None:
        self.banner.offer(self.offers())

    @property
    def recovery_pending(self) -> bool:
        return self.banner.draft is not None

    def recover(self, draft: Draft) -> None:
        """The form comes back exactly as it was; the one on screen, if begun, stays a draft."""
        self.flush_draft()
        self.draft_id = draft.id
        self.form.load(draft.data)
        self.form.set_number(None, DRAFT_STATE)
        self.attempted = False
        self.save_error.hide()
        self.draft_state.setText(f"Recuperado: {draft.title}. " + DRAFT_NOTE)
        self.recovered.emit()
        self.refresh_offers()
        self.ctx.hub.say(f"Formulario recuperado: {draft.title}.")

    def _discard_offered(self, draft: Draft) -> None:
        inoperatividad.discard_draft(self.ctx.store, self.author, draft.id)
        self.refresh_offers()
        self.ctx.hub.say(f"Formulario sin guardar descartado: {draft.title}.")
