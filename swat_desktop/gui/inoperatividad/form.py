"""The *Formato Manual de Registro de Inoperatividad* on screen.

Same numbered sections in the same order as the printed form (SECTIONS; a test checks them
against the PDF writer), so a supervisor who knows the paper knows the screen. The widget only
shows and collects a RecordInput: the workspace validates, saves and autosaves it.

Keyboard: Tab / Shift+Tab walk every field in reading order (a date-time walks its day, month,
year, hour and minute first), arrows move inside a group of options and through a list, Space
ticks a box or picks the focused option.
"""

from __future__ import annotations

from datetime import datetime, time
from itertools import pairwise
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import Clock, local_now
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.inoperatividad import (
    FALLAS_MAILBOX,
    FORM_SECTIONS,
    SICAR,
    AttentionPointView,
    Catalogue,
    CustomerRequest,
    Option,
    RecordInput,
    RequestType,
    ResponsibleRole,
    Scenario,
    involves_critical,
    is_critical,
)
from swat_desktop.gui.widgets import ReservedNotice, error_label, notice

SECTIONS = FORM_SECTIONS  # the printed form's titles, in its order
NOT_YET_NUMBERED = "Se asigna al guardar"
DRAFT_STATE = "Borrador: no tiene correlativo hasta que lo guarde como registro."
DATETIME_FORMAT = "dd/MM/yyyy HH:mm"
LABEL_WIDTH = 170
CRITICAL_NOTICE = ("<b>Trámite crítico: debe atenderse igual.</b> El bloqueo de línea o equipo "
                   "por robo o pérdida y la presentación de reclamos, apelaciones y quejas se "
                   "atienden aunque los sistemas estén caídos (Atención de Transacciones "
                   "Críticas). Escriba abajo cómo se atendió.")
CUSTOMER_WIDTHS = (22, 70, 110, 110)  # number, time, document, line; the request stretches
CUSTOMER_SPACING = 8
_UTC = QTimeZone.utc()


def to_qdatetime(value: datetime, zone: ZoneInfo = LIMA) -> QDateTime:
    """The wall time in ``zone`` held in a UTC QDateTime: the edit shows exactly that time,
    whatever the machine's own zone is (no daylight-saving gaps to trip over)."""
    local = value.astimezone(zone)
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute), _UTC)


def from_qdatetime(value: QDateTime, zone: ZoneInfo = LIMA) -> datetime:
    day, moment = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), moment.hour(), moment.minute(),
                    tzinfo=zone)


def now_in(clock: Clock, zone: ZoneInfo = LIMA) -> datetime:
    """Now by ``clock`` (the store's), to the minute: the form shows no seconds, so a draft
    comes back exactly as shown."""
    return local_now(clock, zone).replace(second=0, microsecond=0)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("filterLabel")
    return label


def datetime_edit(name: str, clock: Clock) -> QDateTimeEdit:
    """A date-and-time field in Lima, starting at ``clock``'s now."""
    edit = QDateTimeEdit()
    edit.setMinimumWidth(150)
    edit.setTimeZone(_UTC)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    edit.setSpecialValueText("—")  # shown at the minimum: no time given
    edit.setDateTime(to_qdatetime(now_in(clock)))
    return edit


def _set_moment(edit: QDateTimeEdit, value: datetime | None) -> None:
    edit.setDateTime(to_qdatetime(value) if value is not None else edit.minimumDateTime())


def _uncheck_all(group: QButtonGroup) -> None:
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)


def _tab_stop(group: QButtonGroup) -> None:
    """Tab enters a group of options on its chosen one, or on the first when none is chosen;
    arrows move inside (Qt otherwise keeps the Tab stop on the last one focused)."""
    buttons = group.buttons()
    target = group.checkedButton() or (buttons[0] if buttons else None)
    for button in buttons:
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is target
                              else Qt.FocusPolicy.ClickFocus)


class CustomerRow(QWidget):
    """One customer who asked for the request during the event; a line of the paper's table."""

    changed = Signal()

    def __init__(self, catalogue: Catalogue, requests: list[str], clock: Clock,
                 value: CustomerRequest | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._auto_critical = False  # ticked because of the request, not by hand
        self.bad_at = ""  # a stored time that is not one, kept until the time is changed
        self.number = QLabel()
        self.number.setObjectName("filterLabel")
        self.number.setFixedWidth(CUSTOMER_WIDTHS[0])
        self.at = QTimeEdit()
        self.at.setDisplayFormat("HH:mm")
        self.at.setAccessibleName("Hora en que pidió el trámite")
        self.at.setFixedWidth(CUSTOMER_WIDTHS[1])
        self.document = QLineEdit()
        self.document.setPlaceholderText("DNI o CE")
        self.document.setAccessibleName("Documento del cliente")
        self.document.setFixedWidth(CUSTOMER_WIDTHS[2])
        self.line = QLineEdit()
        self.line.setPlaceholderText("Número")
        self.line.setAccessibleName("Línea o servicio")
        self.line.setFixedWidth(CUSTOMER_WIDTHS[3])
        self.request = QComboBox()
        self.request.setEditable(True)
        self.request.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.request.addItems(requests)
        self.request.setAccessibleName("Trámite que solicitó")
        self.request.setMinimumWidth(160)
        self.critical = QCheckBox("Crítico")
        self.critical.setToolTip("Bloqueo por robo o pérdida, reclamos, apelaciones o quejas: "
                                 "se atienden igual")
        self.remove_button = QPushButton("Quitar")
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip("Quitar este cliente de la lista")

        self.set_value(value or CustomerRequest(now_in(clock).time(), "", "", "", False))
        self.request.lineEdit().setPlaceholderText("Qué solicitó")
        self.at.timeChanged.connect(self.changed)
        self.document.textChanged.connect(self.changed)
        self.line.textChanged.connect(self.changed)
        self.request.editTextChanged.connect(self._request_changed)
        self.critical.toggled.connect(self._critical_toggled)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(CUSTOMER_SPACING)
        for widget in (self.number, self.at, self.document, self.line):
            layout.addWidget(widget)
        layout.addWidget(self.request, 1)
        layout.addWidget(self.critical)
        layout.addWidget(self.remove_button)

    def set_value(self, value: CustomerRequest) -> None:
        at = value.at or time(0, 0)
        # A stored time that is not one is shown as such, never as a made-up 00:00.
        self.bad_at = value.bad_at
        self.at.setSpecialValueText(value.at_text if value.bad_at else "")
        self.at.setToolTip(f"Guardada como «{value.bad_at}»" if value.bad_at else "")
        self.at.setTime(QTime(at.hour, at.minute))
        self.document.setText(value.document)
        self.line.setText(value.line)
        self.request.setCurrentIndex(-1)
        self.request.setEditText(value.request)
        self.critical.setChecked(value.critical)
        self._auto_critical = False

    def value(self) -> CustomerRequest:
        at = self.at.time()
        kept = self.bad_at if at == self.at.minimumTime() else ""
        return CustomerRequest(None if kept else time(at.hour(), at.minute()),
                               self.document.text(), self.line.text(),
                               self.request.currentText(), self.critical.isChecked(), kept)

    def _request_changed(self, text: str) -> None:
        """A critical request ticks the box by itself; changing it back unticks only a tick
        the form put there, never one the person put by hand."""
        critical = is_critical(self.catalogue, text.strip())
        if critical and not self.critical.isChecked():
            self._auto_critical = True
            self.critical.setChecked(True)
        elif not critical and self._auto_critical:
            self.critical.setChecked(False)
        self.changed.emit()

    def _critical_toggled(self, checked: bool) -> None:
        if not checked:
            self._auto_critical = False
        self.changed.emit()

    def focus_chain(self) -> list[QWidget]:
        return [self.at, self.document, self.line, self.request, self.critical,
                self.remove_button]

    def set_read_only(self, read_only: bool) -> None:
        self.at.setReadOnly(read_only)
        self.at.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons if read_only
                                 else QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.document.setReadOnly(read_only)
        self.line.setReadOnly(read_only)
        self.request.setEnabled(not read_only)
        self.critical.setEnabled(not read_only)
        self.remove_button.setVisible(not read_only)


class RecordForm(QWidget):
    """The form's widgets; ``value()`` reads them, ``load()`` fills them.

    ``edited`` fires on every change a person makes (never on ``load``); ``touched`` holds the
    fields changed since the last load, so messages can wait until a field was used.
    """

    edited = Signal()
    rows_changed = Signal()  # customers added or removed: the focus chain changes

    def __init__(self, catalogue: Catalogue, points: list[AttentionPointView], clock: Clock,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.clock = clock  # the store's: the times a new form, an end or an alert propose
        self.points = {p.id: p for p in points}
        self.touched: set[str] = set()
        self.read_only = read_only
        self.typing_hints: list[QLabel] = []  # help for filling in, not for reading
        self._loading = False
        self.errors: dict[str, QLabel] = {}
        self.customer_rows: list[CustomerRow] = []
        self._requests = [o.label for o in catalogue.critical_requests] + [
            o.label for o in catalogue.consultas]

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.section_titles: list[QLabel] = []
        builders = (self._build_registro, self._build_point, self._build_responsible,
                    self._build_times, self._build_applications, self._build_request,
                    self._build_scenario, self._build_detail, self._build_alert,
                    self._build_checks, self._build_customers, self._build_critical,
                    self._build_signatures)
        for title, build in zip(SECTIONS, builders, strict=True):
            layout.addWidget(self._section(title, build))
        layout.addStretch(1)
        self.set_read_only(read_only)

    # -- building -------------------------------------------------------------------------
    def _section(self, title: str, build: object) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 10, 16, 12)
        box.setSpacing(6)
        heading = QLabel(title)
        heading.setObjectName("cardTitle")
        self.section_titles.append(heading)
        box.addWidget(heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        build(grid)  # type: ignore[operator]
        return card

    def _row(self, grid: QGridLayout, text: str, field: QWidget | QHBoxLayout | QVBoxLayout,
             key: str | None = None, buddy: QWidget | None = None) -> None:
        """A label, its field, and under the field the place for the field's message."""
        line = grid.rowCount()
        # A form that is only read takes no Alt+letter: the page's buttons own them.
        label = QLabel(text.replace("&", "") if self.read_only else text)
        label.setWordWrap(True)
        if buddy is not None and not self.read_only:
            label.setBuddy(buddy)
        grid.addWidget(label, line, 0, Qt.AlignmentFlag.AlignTop)
        if isinstance(field, QWidget):
            grid.addWidget(field, line, 1)
        else:
            grid.addLayout(field, line, 1)
        if key is not None:
            self.errors[key] = error_label()
            grid.addWidget(self.errors[key], line + 1, 1)

    def _typing_hint(self, text: str) -> QLabel:
        """A short grey note beside a field, on one line; hidden on a saved record."""
        label = QLabel(text)
        label.setObjectName("noticeLabel")
        self.typing_hints.append(label)
        return label

    def _build_registro(self, grid: QGridLayout) -> None:
        self.number = QLabel(NOT_YET_NUMBERED)
        self.number.setObjectName("recordNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_state = notice(DRAFT_STATE)
        self._row(grid, "Correlativo", self.number)
        grid.addWidget(self.record_state, grid.rowCount(), 1)

    def _build_point(self, grid: QGridLayout) -> None:
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
        self._row(grid, "&Punto de atención", row, "attention_point", self.point)

    def _build_responsible(self, grid: QGridLayout) -> None:
        self.responsible_name = QLineEdit()
        self.responsible_name.setAccessibleName("Nombre del responsable")
        self.responsible_name.setPlaceholderText("Nombre y apellidos")
        self.responsible_name.textChanged.connect(
            lambda _t: self._changed("responsible_name"))
        self._row(grid, "N&ombres y apellidos", self.responsible_name, "responsible_name",
                  self.responsible_name)
        self.role_group = QButtonGroup(self)
        self.role_buttons: dict[ResponsibleRole, QRadioButton] = {}
        labels = {o.code: o.label for o in self.catalogue.responsible_roles}
        row = QHBoxLayout()
        for role in ResponsibleRole:
            button = QRadioButton(labels.get(role.value, role.value.capitalize()))
            self.role_group.addButton(button)
            self.role_buttons[role] = button
            row.addWidget(button)
        row.addStretch(1)
        self.role_group.buttonToggled.connect(
            lambda _b, checked: checked and self._changed("responsible_role"))
        self._row(grid, "Cargo", row, "responsible_role")

    def _build_times(self, grid: QGridLayout) -> None:
        self.started_at = datetime_edit("Fecha y hora de inicio", self.clock)
        self.started_at.dateTimeChanged.connect(lambda _v: self._changed("started_at"))
        start = QHBoxLayout()
        start.setSpacing(10)
        start.addWidget(self.started_at)
        start.addWidget(self._typing_hint("hora de Lima; por omisión, ahora"))
        start.addStretch(1)
        self._row(grid, "&Inicio del evento", start, "started_at", self.started_at)
        self.has_end = QCheckBox("Ya terminó:")
        self.has_end.setToolTip("Marque si los aplicativos ya se restablecieron")
        self.has_end.toggled.connect(self._end_toggled)
        self.ended_at = datetime_edit("Fecha y hora de fin", self.clock)
        self.ended_at.dateTimeChanged.connect(lambda _v: self._changed("ended_at"))
        end = QHBoxLayout()
        end.setSpacing(10)
        end.addWidget(self.has_end)
        end.addWidget(self.ended_at)
        end.addWidget(self._typing_hint("opcional: cuando los aplicativos vuelvan"))
        end.addStretch(1)
        self._row(grid, "Fin del evento", end, "ended_at")

    def _build_applications(self, grid: QGridLayout) -> None:
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
        grid.addLayout(columns, grid.rowCount(), 0, 1, 2)
        self.errors["applications"] = error_label()
        grid.addWidget(self.errors["applications"], grid.rowCount(), 0, 1, 2)

    def _build_request(self, grid: QGridLayout) -> None:
        self.request_group = QButtonGroup(self)
        self.request_buttons: dict[RequestType, QRadioButton] = {}
        labels = {o.code: o for o in self.catalogue.request_types}
        row = QHBoxLayout()
        row.setSpacing(18)
        for kind in RequestType:
            option = labels.get(kind.value, Option(kind.value, kind.value.capitalize()))
            button = QRadioButton(option.label)
            button.setToolTip(option.detail)
            self.request_group.addButton(button)
            self.request_buttons[kind] = button
            row.addWidget(button)
        row.addStretch(1)
        self.request_group.buttonToggled.connect(self._request_toggled)
        self._row(grid, "Trámite regulado", row, "request_type")
        # Always there, as tall as its longest text: picking Consultas must not move the
        # consulta combo below it down under the pointer.
        self.request_hint = ReservedNotice(o.detail for o in self.catalogue.request_types)
        grid.addWidget(self.request_hint, grid.rowCount(), 1)

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
        self._row(grid, "&Consulta (solo Consultas)", self.consulta, "request_code",
                  self.consulta)

    def _build_scenario(self, grid: QGridLayout) -> None:
        self.scenario_group = QButtonGroup(self)
        self.scenario_buttons: dict[Scenario, QRadioButton] = {}
        options = {o.code: o for o in self.catalogue.scenarios}
        column = QVBoxLayout()
        column.setSpacing(4)
        for number, scenario in enumerate(Scenario, start=1):
            option = options.get(scenario.value, Option(scenario.value, scenario.value))
            button = QRadioButton(f"{number}. {option.label}")
            button.setToolTip(option.detail)
            self.scenario_group.addButton(button)
            self.scenario_buttons[scenario] = button
            column.addWidget(button)
        self.scenario_group.buttonToggled.connect(self._scenario_toggled)
        self._row(grid, "Escenario", column, "scenario")
        self.scenario_hint = ReservedNotice(o.detail for o in self.catalogue.scenarios)
        grid.addWidget(self.scenario_hint, grid.rowCount(), 1)
        self.motivo = QComboBox()
        self.motivo.setAccessibleName("Motivo de ocurrencia")
        self._fill_motivos(None)
        self.motivo.currentIndexChanged.connect(lambda _i: self._changed("motivo"))
        self._row(grid, "&Motivo de ocurrencia", self.motivo, "motivo", self.motivo)

    def _build_detail(self, grid: QGridLayout) -> None:
        self.detail = QPlainTextEdit()
        self.detail.setAccessibleName("Detalle del evento")
        self.detail.setPlaceholderText("Qué pasó, qué aplicativo no responde, qué se intentó "
                                       "(Tab pasa al campo siguiente)")
        self.detail.setTabChangesFocus(True)
        self.detail.setFixedHeight(72)
        self.detail.textChanged.connect(lambda: self._changed("detail"))
        self._row(grid, "&Detalle", self.detail, "detail", self.detail)

    def _build_alert(self, grid: QGridLayout) -> None:
        self.alert_sent = QCheckBox(f"Sí, se alertó a {FALLAS_MAILBOX}")
        self.alert_sent.setToolTip("En una falla masiva, solo este buzón confirma que hay "
                                   "inoperatividad")
        self.alert_sent.toggled.connect(self._alert_toggled)
        self._row(grid, "¿Se alertó al buzón?", self.alert_sent)
        self.alert_at = datetime_edit("Hora de la alerta", self.clock)
        self.alert_at.dateTimeChanged.connect(lambda _v: self._changed("alert_at"))
        at = QHBoxLayout()
        at.addWidget(self.alert_at)
        at.addStretch(1)
        self._row(grid, "Fecha y hora de la alerta", at, "alert_at", self.alert_at)
        self.alert_reference = QLineEdit()
        self.alert_reference.setAccessibleName("Referencia de la alerta")
        self.alert_reference.setPlaceholderText("Asunto del correo o número de ticket")
        self.alert_reference.textChanged.connect(lambda _t: self._changed("alert_reference"))
        self._row(grid, "Re&ferencia", self.alert_reference, "alert_reference",
                  self.alert_reference)

    def _build_checks(self, grid: QGridLayout) -> None:
        grid.addWidget(notice("Confirme las dos: si alguna no se cumple, no es "
                              "inoperatividad y el cliente se atiende."),
                       grid.rowCount(), 0, 1, 2)
        self.not_intermittent = QCheckBox("Los sistemas no están solo lentos o intermitentes")
        self.not_intermittent.toggled.connect(lambda _c: self._changed("not_intermittent"))
        self.whole_point_down = QCheckBox("No se puede registrar en ninguna PC del punto")
        self.whole_point_down.toggled.connect(lambda _c: self._changed("whole_point_down"))
        for check, key, hint in (
                (self.not_intermittent, "not_intermittent",
                 "Si solo está lento o demora en entrar, se atiende al cliente."),
                (self.whole_point_down, "whole_point_down",
                 "Si alguna PC del punto funciona, se registra en ella.")):
            line = grid.rowCount()
            grid.addWidget(check, line, 0, 1, 2)
            explanation = notice(hint)
            explanation.setIndent(24)  # under the box's text, not under the box
            grid.addWidget(explanation, line + 1, 0, 1, 2)
            self.errors[key] = error_label()
            grid.addWidget(self.errors[key], line + 2, 0, 1, 2)

    def _build_customers(self, grid: QGridLayout) -> None:
        grid.addWidget(notice("Opcional: cada cliente que pidió el trámite durante el evento."),
                       grid.rowCount(), 0, 1, 2)
        header = QHBoxLayout()
        header.setSpacing(CUSTOMER_SPACING)
        for text, width in zip(("N.º", "Hora", "Documento", "Línea / servicio"),
                               CUSTOMER_WIDTHS, strict=True):
            label = QLabel(text)
            label.setObjectName("filterLabel")
            label.setFixedWidth(width)
            header.addWidget(label)
        request = QLabel("Solicitud (elija o escriba)")
        request.setObjectName("filterLabel")
        header.addWidget(request, 1)
        self.customers_header = QWidget()
        self.customers_header.setLayout(header)
        header.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.customers_header, grid.rowCount(), 0, 1, 2)
        self.customers_box = QVBoxLayout()
        self.customers_box.setSpacing(6)
        grid.addLayout(self.customers_box, grid.rowCount(), 0, 1, 2)
        self.no_customers = notice("Sin clientes anotados.")
        grid.addWidget(self.no_customers, grid.rowCount(), 0, 1, 2)
        self.add_customer_button = QPushButton("Agregar c&liente")
        self.add_customer_button.setAutoDefault(False)
        self.add_customer_button.clicked.connect(lambda: self.add_customer(focus=True))
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_customer_button)
        bottom.addStretch(1)
        grid.addLayout(bottom, grid.rowCount(), 0, 1, 2)
        self.errors["customers"] = error_label()
        grid.addWidget(self.errors["customers"], grid.rowCount(), 0, 1, 2)

    def _build_critical(self, grid: QGridLayout) -> None:
        self.critical_notice = QLabel(CRITICAL_NOTICE)
        self.critical_notice.setObjectName("alertBanner")
        self.critical_notice.setWordWrap(True)
        grid.addWidget(self.critical_notice, grid.rowCount(), 0, 1, 2)
        self.no_critical = notice("Ningún cliente de la lista pidió un trámite crítico.")
        grid.addWidget(self.no_critical, grid.rowCount(), 0, 1, 2)
        self.critical_attention = QPlainTextEdit()
        self.critical_attention.setAccessibleName("Cómo se atendieron los trámites críticos")
        self.critical_attention.setPlaceholderText("Cómo se atendió: por ejemplo, bloqueo por "
                                                   "el 123, reclamo en formato físico…")
        self.critical_attention.setTabChangesFocus(True)
        self.critical_attention.setFixedHeight(60)
        self.critical_attention.textChanged.connect(lambda: self._changed("critical_attention"))
        self._row(grid, "Cómo se a&tendió", self.critical_attention, "critical_attention",
                  self.critical_attention)

    def _build_signatures(self, grid: QGridLayout) -> None:
        grid.addWidget(notice(
            "Se firman a mano en el formato impreso (Imprimir…): el responsable del punto de "
            "atención, con los datos de la sección 3, y quien regularice el registro en el "
            "Sistema Administrativo ATC, con la fecha y hora de regularización y el N.º de "
            "registro en ATC."), grid.rowCount(), 0, 1, 2)

    # -- customers ------------------------------------------------------------------------
    def add_customer(self, value: CustomerRequest | None = None,
                     focus: bool = False) -> CustomerRow:
        row = CustomerRow(self.catalogue, self._requests, self.clock, value, self)
        row.changed.connect(lambda: self._changed("customers"))
        row.remove_button.clicked.connect(lambda: self.remove_customer(row))
        row.set_read_only(self.read_only)
        self.customers_box.addWidget(row)
        row.show()  # now: it takes the focus right away
        self.customer_rows.append(row)
        self._customers_changed()
        if focus:
            row.document.setFocus()
        return row

    def remove_customer(self, row: CustomerRow) -> None:
        position = self.customer_rows.index(row)
        self.customer_rows.remove(row)
        row.hide()
        row.deleteLater()
        self._customers_changed()
        following = self.customer_rows[min(position, len(self.customer_rows) - 1)] \
            if self.customer_rows else None
        (following.document if following else self.add_customer_button).setFocus()

    def _customers_changed(self) -> None:
        for number, row in enumerate(self.customer_rows, start=1):
            row.number.setText(f"{number}.")
        self.customers_header.setVisible(bool(self.customer_rows))
        self.no_customers.setVisible(not self.customer_rows)
        self.rows_changed.emit()
        # A row just added is not yet a mistake: its message waits for the row to be typed in.
        self._changed("customers", touch=False)

    # -- reacting -------------------------------------------------------------------------
    def _changed(self, key: str, touch: bool = True) -> None:
        self._update_dependents()
        if not self._loading:
            if touch:
                self.touched.add(key)
            self.edited.emit()

    def _end_toggled(self, checked: bool) -> None:
        if not self._loading:
            _set_moment(self.ended_at, now_in(self.clock) if checked else None)
        self._changed("ended_at")

    def _alert_toggled(self, checked: bool) -> None:
        if not self._loading:
            _set_moment(self.alert_at, now_in(self.clock) if checked else None)
        self._changed("alert_at")

    def _request_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._changed("request_type")

    def _scenario_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if not checked:
            return
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
    def request_type(self) -> RequestType | None:
        return next((k for k, b in self.request_buttons.items() if b.isChecked()), None)

    def scenario(self) -> Scenario | None:
        return next((s for s, b in self.scenario_buttons.items() if b.isChecked()), None)

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
            customers=tuple(row.value() for row in self.customer_rows),
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
            _uncheck_all(self.role_group)
            if data.responsible_role is not None:
                self.role_buttons[data.responsible_role].setChecked(True)
            self.started_at.setDateTime(to_qdatetime(data.started_at or now_in(self.clock)))
            self.has_end.setChecked(data.ended_at is not None)
            _set_moment(self.ended_at, data.ended_at)
            for code, check in self.app_checks.items():
                check.setChecked(code in data.applications)
            self.sicar_payment.setChecked(data.sicar_payment)
            _uncheck_all(self.request_group)
            if data.request_type is not None:
                self.request_buttons[data.request_type].setChecked(True)
            self.consulta.setCurrentIndex(max(self.consulta.findData(data.request_code), 0)
                                          if data.request_code else 0)
            _uncheck_all(self.scenario_group)
            if data.scenario is not None:
                self.scenario_buttons[data.scenario].setChecked(True)
            self._fill_motivos(data.scenario, data.motivo)
            self.detail.setPlainText(data.detail)
            self.alert_sent.setChecked(data.alert_sent)
            _set_moment(self.alert_at, data.alert_at)
            self.alert_reference.setText(data.alert_reference)
            self.not_intermittent.setChecked(data.not_intermittent)
            self.whole_point_down.setChecked(data.whole_point_down)
            for row in list(self.customer_rows):
                self.customer_rows.remove(row)
                row.hide()
                row.deleteLater()
            for customer in data.customers:
                self.add_customer(customer)
            self._customers_changed()
            self.critical_attention.setPlainText(data.critical_attention)
        finally:
            self._loading = False
        for group in (self.role_group, self.request_group, self.scenario_group):
            _tab_stop(group)
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
        for row in self.customer_rows:
            row.set_read_only(read_only)
        self.add_customer_button.setVisible(not read_only)
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

        rows = self.customer_rows
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
            "customers": rows[0].document if rows else self.add_customer_button,
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
            *(w for row in self.customer_rows for w in row.focus_chain()),
            self.add_customer_button, self.critical_attention,
        ]


    def fix_tab_order(self, following: list[QWidget]) -> None:
        """Rows added later would otherwise come last, after the buttons."""
        for first, second in pairwise([*self.focus_chain(), *following]):
            QWidget.setTabOrder(first, second)
