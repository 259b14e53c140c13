"""The thirteen numbered sections of the *Formato Manual* as widgets, in the paper's order
(SECTIONS; a test checks them against the PDF writer), and what a change in one field does to
the others while the person types. ``RecordForm`` (form.py) reads, fills and checks them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import Clock
from swat_desktop.domain.inoperatividad import (
    FALLAS_MAILBOX,
    FORM_SECTIONS,
    SICAR,
    AttentionPointView,
    Catalogue,
    Option,
    RequestType,
    ResponsibleRole,
    Scenario,
)
from swat_desktop.gui.inoperatividad.cards import Card, Part
from swat_desktop.gui.inoperatividad.customers import CustomersBox
from swat_desktop.gui.inoperatividad.options import option_buttons
from swat_desktop.gui.inoperatividad.qt_dates import datetime_edit, now_in, set_moment
from swat_desktop.gui.widgets import ReservedNotice, error_label, notice

SECTIONS = FORM_SECTIONS  # the printed form's titles, in its order
NOT_YET_NUMBERED = "Se asigna al guardar"
DRAFT_STATE = "Borrador: no tiene correlativo hasta que lo guarde como registro."
START_HINT = "hora de Lima; por omisión, ahora"  # a transcription says the paper's instead
LABEL_WIDTH = 170
CRITICAL_NOTICE = ("<b>Trámite crítico: debe atenderse igual.</b> El bloqueo de línea o equipo "
                   "por robo o pérdida y la presentación de reclamos, apelaciones y quejas se "
                   "atienden aunque los sistemas estén caídos (Atención de Transacciones "
                   "Críticas). Escriba abajo cómo se atendió.")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("filterLabel")
    return label


class FormSections(QWidget):
    """The widgets, built once. ``edited`` fires on every change a person makes (never while
    ``_loading``); ``touched`` holds the fields changed since the last load."""

    edited = Signal()
    rows_changed = Signal()  # customers added or removed: the focus chain changes

    def __init__(self, catalogue: Catalogue, points: list[AttentionPointView], clock: Clock,
                 read_only: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.clock = clock  # the store's: the times a new form, an end or an alert propose
        self.points = {p.id: p for p in points}
        self.touched: set[str] = set()
        self.read_only = read_only
        self.typing_hints: list[QLabel] = []  # help for filling in, not for reading
        self._loading = False
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.section_titles: list[QLabel] = []
        builders: tuple[Callable[[Card], None], ...] = (
            self._build_registro, self._build_point, self._build_responsible,
            self._build_times, self._build_applications, self._build_request,
            self._build_scenario, self._build_detail, self._build_alert, self._build_checks,
            self._build_customers, self._build_critical, self._build_signatures)
        for title, build in zip(SECTIONS, builders, strict=True):
            card = Card(title, LABEL_WIDTH)
            self.section_titles.append(card.heading)
            build(card)
            layout.addWidget(card)
        layout.addStretch(1)

    # -- building -------------------------------------------------------------------------
    def _row(self, card: Card, text: str, field: Part, key: str | None = None,
             buddy: QWidget | None = None) -> None:
        """A label, its field, and under the field the place for the field's message."""
        # A form that is only read takes no Alt+letter: the page's buttons own them.
        card.line(text.replace("&", "") if self.read_only else text, field,
                  None if self.read_only else buddy)
        if key is not None:
            self.errors[key] = error_label()
            card.under(self.errors[key])

    def _spanning_error(self, card: Card, key: str) -> None:
        self.errors[key] = error_label()
        card.span(self.errors[key])

    def _options(self, card: Card, text: str, group: QButtonGroup, key: str,
                 spacing: int | None = None) -> None:
        """A group of options side by side; choosing one is a change of ``key``."""
        row = QHBoxLayout()
        if spacing is not None:
            row.setSpacing(spacing)
        for button in group.buttons():
            row.addWidget(button)
        row.addStretch(1)
        group.buttonToggled.connect(lambda _b, checked: checked and self._changed(key))
        self._row(card, text, row, key)

    def _typing_hint(self, text: str) -> QLabel:
        """A short grey note beside a field, on one line; hidden on a saved record."""
        label = QLabel(text)
        label.setObjectName("noticeLabel")
        self.typing_hints.append(label)
        return label

    def _moment(self, edit: QDateTimeEdit, hint: str | None = None,
                before: QWidget | None = None) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        for widget in (before, edit, self._typing_hint(hint) if hint else None):
            if widget is not None:
                row.addWidget(widget)
        row.addStretch(1)
        return row

    def _build_registro(self, card: Card) -> None:
        self.number = QLabel(NOT_YET_NUMBERED)
        self.number.setObjectName("recordNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_state = notice(DRAFT_STATE)
        self._row(card, "Correlativo", self.number)
        card.under(self.record_state)

    def _build_point(self, card: Card) -> None:
        self.point = QComboBox()
        self.point.setAccessibleName("Punto de atención")
        self.point.addItem("Elija el punto de atención…", None)
        for point in self.points.values():
            self.point.addItem(point.name, point.id)
        self.point.currentIndexChanged.connect(lambda _i: self._changed("attention_point"))
        self.channel = QLabel()
        self.channel.setObjectName("noticeLabel")
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.point, 1)
        row.addWidget(self.channel, 1)
        self._row(card, "&Punto de atención", row, "attention_point", self.point)

    def _build_responsible(self, card: Card) -> None:
        self.responsible_name = QLineEdit()
        self.responsible_name.setAccessibleName("Nombre del responsable")
        self.responsible_name.setPlaceholderText("Nombre y apellidos")
        self.responsible_name.textChanged.connect(
            lambda _t: self._changed("responsible_name"))
        self._row(card, "N&ombres y apellidos", self.responsible_name, "responsible_name",
                  self.responsible_name)
        labels = {o.code: o.label for o in self.catalogue.responsible_roles}
        self.role_group, self.role_buttons = option_buttons(
            ((role, labels.get(role.value, role.value.capitalize()), "")
             for role in ResponsibleRole), self)
        self._options(card, "Cargo", self.role_group, "responsible_role")

    def _build_times(self, card: Card) -> None:
        self.started_at = datetime_edit("Fecha y hora de inicio", self.clock)
        self.started_at.dateTimeChanged.connect(lambda _v: self._changed("started_at"))
        self._row(card, "&Inicio del evento",
                  self._moment(self.started_at, START_HINT),
                  "started_at", self.started_at)
        self.has_end = QCheckBox("Ya terminó:")
        self.has_end.setToolTip("Marque si los aplicativos ya se restablecieron")
        self.ended_at = datetime_edit("Fecha y hora de fin", self.clock)
        self.has_end.toggled.connect(lambda on: self._moment_toggled(self.ended_at, "ended_at",
                                                                     on))
        self.ended_at.dateTimeChanged.connect(lambda _v: self._changed("ended_at"))
        self._row(card, "Fin del evento", self._moment(
            self.ended_at, "opcional: cuando los aplicativos vuelvan", self.has_end),
            "ended_at")

    def _build_applications(self, card: Card) -> None:
        """Venta, postventa and SICAR's condition side by side, as on the paper."""
        self.app_checks: dict[str, QCheckBox] = {}
        columns = QHBoxLayout()
        columns.setSpacing(32)
        for group, title in (("venta", "Sistemas de venta"),
                             ("postventa", "Sistemas de postventa")):
            column = QVBoxLayout()
            column.setSpacing(4)
            column.addWidget(_heading(title))
            for option in (o for o in self.catalogue.applications if o.group == group):
                check = QCheckBox(option.label + ("*" if option.detail else ""))
                check.setToolTip(option.detail)
                check.toggled.connect(lambda _c: self._changed("applications"))
                self.app_checks[option.code] = check
                column.addWidget(check)
            column.addStretch(1)
            columns.addLayout(column)
        sicar = next((o for o in self.catalogue.applications if o.code == SICAR), None)
        self.sicar_payment = QCheckBox("Requiere pago para finalizar")
        self.sicar_payment.setToolTip("Se habilita al marcar SICAR")
        self.sicar_payment.toggled.connect(lambda _c: self._changed("applications"))
        column = QVBoxLayout()
        column.setSpacing(4)
        column.addWidget(_heading("SICAR"))
        column.addWidget(self.sicar_payment)
        column.addWidget(notice(f"* {sicar.detail}" if sicar is not None else ""))
        column.addStretch(1)
        columns.addLayout(column, 1)
        card.span(columns)
        self._spanning_error(card, "applications")

    def _build_request(self, card: Card) -> None:
        labels = {o.code: o for o in self.catalogue.request_types}
        options = [labels.get(kind.value, Option(kind.value, kind.value.capitalize()))
                   for kind in RequestType]
        self.request_group, self.request_buttons = option_buttons(
            ((kind, o.label, o.detail) for kind, o in zip(RequestType, options, strict=True)),
            self)
        self._options(card, "Trámite regulado", self.request_group, "request_type", 18)
        # Always there, as tall as its longest text: picking Consultas must not move the
        # consulta combo below it down under the pointer.
        self.request_hint = ReservedNotice(o.detail for o in self.catalogue.request_types)
        card.under(self.request_hint)

        self.consulta = QComboBox()
        self.consulta.setAccessibleName("Consulta regulada")
        self.consulta.addItem("Elija la consulta…", "")
        for option in self.catalogue.consultas:
            self.consulta.addItem(option.label, option.code)
        if self.catalogue.non_regulated:
            self.consulta.insertSeparator(self.consulta.count())
            self.consulta.addItem("No reguladas (no corresponde registrar inoperatividad):", "")
            model = self.consulta.model()
            assert isinstance(model, QStandardItemModel)
            model.item(self.consulta.count() - 1).setEnabled(False)  # a heading, not a choice
            for option in self.catalogue.non_regulated:
                self.consulta.addItem(f"   {option.label}", option.code)
                self.consulta.setItemData(self.consulta.count() - 1, option.detail,
                                          Qt.ItemDataRole.ToolTipRole)
        self.consulta.setMaxVisibleItems(self.consulta.count())
        self.consulta.currentIndexChanged.connect(lambda _i: self._changed("request_code"))
        self._row(card, "&Consulta (solo Consultas)", self.consulta, "request_code",
                  self.consulta)

    def _build_scenario(self, card: Card) -> None:
        options = {o.code: o for o in self.catalogue.scenarios}
        chosen = [options.get(s.value, Option(s.value, s.value)) for s in Scenario]
        self.scenario_group, self.scenario_buttons = option_buttons(
            ((s, f"{number}. {o.label}", o.detail)
             for number, (s, o) in enumerate(zip(Scenario, chosen, strict=True), start=1)),
            self)
        column = QVBoxLayout()
        column.setSpacing(4)
        for button in self.scenario_buttons.values():
            column.addWidget(button)
        self.scenario_group.buttonToggled.connect(
            lambda _b, checked: checked and self._scenario_chosen())
        self._row(card, "Escenario", column, "scenario")
        self.scenario_hint = ReservedNotice(o.detail for o in self.catalogue.scenarios)
        card.under(self.scenario_hint)
        self.motivo = QComboBox()
        self.motivo.setAccessibleName("Motivo de ocurrencia")
        self._fill_motivos(None)
        self.motivo.currentIndexChanged.connect(lambda _i: self._changed("motivo"))
        self._row(card, "&Motivo de ocurrencia", self.motivo, "motivo", self.motivo)

    def _text(self, name: str, placeholder: str, height: int, key: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        edit.textChanged.connect(lambda: self._changed(key))
        return edit

    def _build_detail(self, card: Card) -> None:
        self.detail = self._text("Detalle del evento", "Qué pasó, qué aplicativo no responde, "
                                 "qué se intentó (Tab pasa al campo siguiente)", 72, "detail")
        self._row(card, "&Detalle", self.detail, "detail", self.detail)

    def _build_alert(self, card: Card) -> None:
        self.alert_sent = QCheckBox(f"Sí, se alertó a {FALLAS_MAILBOX}")
        self.alert_sent.setToolTip("En una falla masiva, solo este buzón confirma que hay "
                                   "inoperatividad")
        self._row(card, "¿Se alertó al buzón?", self.alert_sent)
        self.alert_at = datetime_edit("Hora de la alerta", self.clock)
        self.alert_sent.toggled.connect(lambda on: self._moment_toggled(self.alert_at,
                                                                        "alert_at", on))
        self.alert_at.dateTimeChanged.connect(lambda _v: self._changed("alert_at"))
        at = QHBoxLayout()
        at.addWidget(self.alert_at)
        at.addStretch(1)
        self._row(card, "Fecha y hora de la alerta", at, "alert_at", self.alert_at)
        self.alert_reference = QLineEdit()
        self.alert_reference.setAccessibleName("Referencia de la alerta")
        self.alert_reference.setPlaceholderText("Asunto del correo o número de ticket")
        self.alert_reference.textChanged.connect(lambda _t: self._changed("alert_reference"))
        self._row(card, "Re&ferencia", self.alert_reference, "alert_reference",
                  self.alert_reference)

    def _build_checks(self, card: Card) -> None:
        card.span(notice("Confirme las dos: si alguna no se cumple, no es inoperatividad y el "
                         "cliente se atiende."))
        self.not_intermittent = QCheckBox("Los sistemas no están solo lentos o intermitentes")
        self.whole_point_down = QCheckBox("No se puede registrar en ninguna PC del punto")
        for check, key, hint in (
                (self.not_intermittent, "not_intermittent",
                 "Si solo está lento o demora en entrar, se atiende al cliente."),
                (self.whole_point_down, "whole_point_down",
                 "Si alguna PC del punto funciona, se registra en ella.")):
            check.toggled.connect(lambda _c, k=key: self._changed(k))
            card.span(check)
            explanation = notice(hint)
            explanation.setIndent(24)  # under the box's text, not under the box
            card.span(explanation)
            self._spanning_error(card, key)

    def _build_customers(self, card: Card) -> None:
        card.span(notice("Opcional: cada cliente que pidió el trámite durante el evento."))
        self.customers = CustomersBox(self.catalogue, self.clock)
        self.customers.edited.connect(lambda: self._changed("customers"))
        self.customers.rows_changed.connect(self.rows_changed)
        # A row just added is not yet a mistake: its message waits for the row to be typed in.
        self.customers.rows_changed.connect(lambda: self._changed("customers", touch=False))
        card.span(self.customers)
        self._spanning_error(card, "customers")

    def _build_critical(self, card: Card) -> None:
        self.critical_notice = QLabel(CRITICAL_NOTICE)
        self.critical_notice.setObjectName("alertBanner")
        self.critical_notice.setWordWrap(True)
        card.span(self.critical_notice)
        self.no_critical = notice("Ningún cliente de la lista pidió un trámite crítico.")
        card.span(self.no_critical)
        self.critical_attention = self._text(
            "Cómo se atendieron los trámites críticos", "Cómo se atendió: por ejemplo, "
            "bloqueo por el 123, reclamo en formato físico…", 60, "critical_attention")
        self._row(card, "Cómo se a&tendió", self.critical_attention, "critical_attention",
                  self.critical_attention)

    def _build_signatures(self, card: Card) -> None:
        card.span(notice(
            "Se firman a mano en el formato impreso (Imprimir…): el responsable del punto de "
            "atención, con los datos de la sección 3, y quien regularice el registro en el "
            "Sistema Administrativo ATC, con la fecha y hora de regularización y el N.º de "
            "registro en ATC."))

    # -- reacting -------------------------------------------------------------------------
    def _changed(self, key: str, touch: bool = True) -> None:
        self._update_dependents()
        if not self._loading:
            if touch:
                self.touched.add(key)
            self.edited.emit()

    def _update_dependents(self) -> None:
        """What one field decides about others (RecordForm says which)."""
        raise NotImplementedError

    def _moment_toggled(self, edit: QDateTimeEdit, key: str, checked: bool) -> None:
        """Ticking «Ya terminó» or «se alertó» proposes now; unticking clears the time."""
        if not self._loading:
            set_moment(edit, now_in(self.clock) if checked else None)
        self._changed(key)

    def _scenario_chosen(self) -> None:
        self._fill_motivos(self.scenario())
        self._changed("scenario")

    def _fill_motivos(self, scenario: Scenario | None, chosen: str = "") -> None:
        """The motivo list follows the scenario; a scenario with one motivo picks it."""
        motivos = self.catalogue.motivos.get(scenario.value, ()) if scenario else ()
        self.motivo.blockSignals(True)
        self.motivo.clear()
        self.motivo.addItem("Elija el motivo…" if scenario else "Elija primero el escenario",
                            "")
        for option in motivos:
            self.motivo.addItem(option.label, option.code)
        index = self.motivo.findData(chosen) if chosen else -1
        if index < 0:
            index = 1 if len(motivos) == 1 and not chosen else 0
        self.motivo.setCurrentIndex(index)
        self.motivo.blockSignals(False)

    def request_type(self) -> RequestType | None:
        return next((k for k, b in self.request_buttons.items() if b.isChecked()), None)

    def scenario(self) -> Scenario | None:
        return next((s for s, b in self.scenario_buttons.items() if b.isChecked()), None)
