"""The *Formato Manual de Registro de Inoperatividad* on screen: ``RecordForm`` shows and
collects a RecordInput over the paper's sections (form_sections.py); the workspace validates,
saves and autosaves it.

Keyboard: Tab / Shift+Tab walk every field in reading order (a date-time walks its day, month,
year, hour and minute first), arrows move inside a group of options and through a list, Space
ticks a box or picks the focused option.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from PySide6.QtWidgets import QAbstractSpinBox, QButtonGroup, QWidget

from swat_desktop.domain.clock import Clock
from swat_desktop.domain.inoperatividad import (
    SICAR,
    AttentionPointView,
    Catalogue,
    RecordInput,
    RequestType,
    involves_critical,
)
from swat_desktop.gui.inoperatividad.form_sections import (
    DRAFT_STATE,
    NOT_YET_NUMBERED,
    SECTIONS,
    FormSections,
)
from swat_desktop.gui.inoperatividad.options import tab_stop, uncheck_all
from swat_desktop.gui.inoperatividad.qt_dates import (
    from_qdatetime,
    now_in,
    set_moment,
    to_qdatetime,
)

__all__ = ["DRAFT_STATE", "SECTIONS", "RecordForm"]


class RecordForm(FormSections):
    """The form's widgets; ``value()`` reads them, ``load()`` fills them.

    ``edited`` fires on every change a person makes (never on ``load``); ``touched`` holds the
    fields changed since the last load, so messages can wait until a field was used.
    """

    def __init__(self, catalogue: Catalogue, points: list[AttentionPointView], clock: Clock,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(catalogue, points, clock, read_only, parent)
        self.set_read_only(read_only)

    # -- reacting -------------------------------------------------------------------------
    def _update_dependents(self) -> None:
        """What one field decides about others: channel, SICAR's payment, the consulta, the
        alert's time, the critical notice."""
        point = self.points.get(self.point.currentData())
        self.channel.setText(f"{point.code} · {point.kind_label} · canal "
                             f"{point.channel_label.lower()}" if point else "")
        editable = not self.read_only
        sicar = self.app_checks.get(SICAR)
        self.sicar_payment.setEnabled(editable and sicar is not None and sicar.isChecked())
        consultas = self.request_type() is RequestType.CONSULTAS
        self.consulta.setEnabled(editable and consultas)
        kind = self.request_type()
        option = next((o for o in self.catalogue.request_types
                       if kind is not None and o.code == kind.value), None)
        self.request_hint.setText(option.detail if option else "")
        self.customers.offer_for(kind.value if kind is not None else None)
        scenario = self.scenario()
        detail = next((o.detail for o in self.catalogue.scenarios
                       if scenario is not None and o.code == scenario.value), "")
        self.scenario_hint.setText(detail)
        self.motivo.setEnabled(editable and scenario is not None)
        self.ended_at.setEnabled(self.has_end.isChecked())
        self.alert_at.setEnabled(self.alert_sent.isChecked())
        self.alert_reference.setEnabled(self.alert_sent.isChecked())
        critical = self.has_critical()
        self.critical_notice.setVisible(critical)
        self.no_critical.setVisible(not critical)

    # -- reading --------------------------------------------------------------------------
    def has_critical(self) -> bool:
        return involves_critical(self.value(), self.catalogue)

    def value(self) -> RecordInput:
        sicar = self.app_checks.get(SICAR)
        kind = self.request_type()
        return RecordInput(
            attention_point_id=self.point.currentData(),
            responsible_name=self.responsible_name.text(),
            responsible_role=next((r for r, b in self.role_buttons.items() if b.isChecked()),
                                  None),
            started_at=from_qdatetime(self.started_at.dateTime()),
            ended_at=from_qdatetime(self.ended_at.dateTime()) if self.has_end.isChecked()
            else None,
            applications=tuple(code for code, check in self.app_checks.items()
                               if check.isChecked()),
            sicar_payment=bool(sicar and sicar.isChecked() and self.sicar_payment.isChecked()),
            request_type=kind,
            request_code=(self.consulta.currentData() or "") if kind is RequestType.CONSULTAS
            else "",
            scenario=self.scenario(),
            motivo=self.motivo.currentData() or "",
            detail=self.detail.toPlainText(),
            alert_sent=self.alert_sent.isChecked(),
            alert_at=from_qdatetime(self.alert_at.dateTime()) if self.alert_sent.isChecked()
            else None,
            alert_reference=self.alert_reference.text() if self.alert_sent.isChecked() else "",
            not_intermittent=self.not_intermittent.isChecked(),
            whole_point_down=self.whole_point_down.isChecked(),
            customers=self.customers.values(),
            critical_attention=self.critical_attention.toPlainText(),
        )

    # -- filling --------------------------------------------------------------------------
    def follow_clock(self, moment: datetime) -> None:
        """An untouched start time keeps up with the clock: a form opened at 8:00 and begun at
        11:00 must not propose 8:00. Not a change of the person's, so nothing is autosaved."""
        if self.read_only or "started_at" in self.touched:
            return
        self._loading = True
        try:
            self.started_at.setDateTime(to_qdatetime(moment))
        finally:
            self._loading = False

    def load(self, data: RecordInput) -> None:
        """Show ``data`` exactly; nothing counts as touched afterwards."""
        self._loading = True
        try:
            index = self.point.findData(data.attention_point_id) \
                if data.attention_point_id is not None else 0
            self.point.setCurrentIndex(max(index, 0))
            self.responsible_name.setText(data.responsible_name)
            self.responsible_name.setCursorPosition(0)
            uncheck_all(self.role_group)
            if data.responsible_role is not None:
                self.role_buttons[data.responsible_role].setChecked(True)
            self.started_at.setDateTime(to_qdatetime(data.started_at or now_in(self.clock)))
            self.has_end.setChecked(data.ended_at is not None)
            set_moment(self.ended_at, data.ended_at)
            for code, check in self.app_checks.items():
                check.setChecked(code in data.applications)
            self.sicar_payment.setChecked(data.sicar_payment)
            uncheck_all(self.request_group)
            if data.request_type is not None:
                self.request_buttons[data.request_type].setChecked(True)
            self.consulta.setCurrentIndex(max(self.consulta.findData(data.request_code), 0)
                                          if data.request_code else 0)
            uncheck_all(self.scenario_group)
            if data.scenario is not None:
                self.scenario_buttons[data.scenario].setChecked(True)
            self._fill_motivos(data.scenario, data.motivo)
            self.detail.setPlainText(data.detail)
            self.alert_sent.setChecked(data.alert_sent)
            set_moment(self.alert_at, data.alert_at)
            self.alert_reference.setText(data.alert_reference)
            self.not_intermittent.setChecked(data.not_intermittent)
            self.whole_point_down.setChecked(data.whole_point_down)
            self.customers.load(data.customers)
            self.critical_attention.setPlainText(data.critical_attention)
        finally:
            self._loading = False
        for group in (self.role_group, self.request_group, self.scenario_group):
            tab_stop(group)
        self.touched.clear()
        self._update_dependents()
        self.show_errors({})

    def set_number(self, number: str | None, state: str) -> None:
        """Section 1: the correlativo once saved, and what happened to the record."""
        self.number.setText(number or NOT_YET_NUMBERED)
        self.record_state.setText(state)

    def set_read_only(self, read_only: bool) -> None:
        """A saved record is shown, never edited: annulling is the only change it admits."""
        self.read_only = read_only
        for edit in (self.responsible_name, self.alert_reference):
            edit.setReadOnly(read_only)
        for text in (self.detail, self.critical_attention):
            text.setReadOnly(read_only)
            text.setTabChangesFocus(True)
        for edit in (self.started_at, self.ended_at, self.alert_at):
            edit.setReadOnly(read_only)
            edit.setCalendarPopup(not read_only)
            edit.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons if read_only
                                  else QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        buttons: list[QWidget] = [self.point, self.has_end, self.sicar_payment, self.alert_sent,
                                  self.not_intermittent, self.whole_point_down,
                                  *self.app_checks.values(), *self.role_group.buttons(),
                                  *self.request_group.buttons(),
                                  *self.scenario_group.buttons()]
        for widget in buttons:
            widget.setEnabled(not read_only)
        self.customers.set_read_only(read_only)
        for hint in self.typing_hints:
            hint.setVisible(not read_only)
        self._update_dependents()

    # -- messages -------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; unknown keys are the caller's to show."""
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        for key, widget in (("attention_point", self.point),
                            ("responsible_name", self.responsible_name),
                            ("request_code", self.consulta), ("motivo", self.motivo),
                            ("alert_reference", self.alert_reference)):
            if bool(widget.property("invalid")) != (key in errors):
                widget.setProperty("invalid", key in errors)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def field_widget(self, key: str) -> QWidget | None:
        """Where the keyboard goes to fix ``key``."""
        def chosen(group: QButtonGroup) -> QWidget:
            return group.checkedButton() or group.buttons()[0]

        rows = self.customers.rows
        return {
            "attention_point": self.point, "responsible_name": self.responsible_name,
            "responsible_role": chosen(self.role_group), "started_at": self.started_at,
            "ended_at": self.ended_at if self.has_end.isChecked() else self.has_end,
            "applications": next(iter(self.app_checks.values()), None),
            "request_type": chosen(self.request_group), "request_code": self.consulta,
            "scenario": chosen(self.scenario_group), "motivo": self.motivo,
            "detail": self.detail, "alert_at": self.alert_at,
            "alert_reference": self.alert_reference,
            "not_intermittent": self.not_intermittent,
            "whole_point_down": self.whole_point_down,
            "customers": rows[0].document if rows else self.customers.add_button,
            "critical_attention": self.critical_attention,
        }.get(key)

    def focus_chain(self) -> list[QWidget]:
        """Every field in the order of the paper."""
        return [
            self.point, self.responsible_name, *self.role_group.buttons(), self.started_at,
            self.has_end, self.ended_at, *self.app_checks.values(), self.sicar_payment,
            *self.request_group.buttons(), self.consulta, *self.scenario_group.buttons(),
            self.motivo, self.detail, self.alert_sent, self.alert_at, self.alert_reference,
            self.not_intermittent, self.whole_point_down,
            *self.customers.focus_chain(), self.critical_attention,
        ]

    def fix_tab_order(self, following: list[QWidget]) -> None:
        """Rows added later would otherwise come last, after the buttons."""
        for first, second in pairwise([*self.focus_chain(), *following]):
            QWidget.setTabOrder(first, second)
