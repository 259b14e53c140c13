"""What each section of the paper Formato Manual asks, and where a saved record's values go:
one builder a section, each turning a Sheet (the blank form, or a record with its closure)
into the pieces pdf_pieces and pdf_grid draw. formato_manual_pdf puts them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from swat_desktop.domain.attention_points import AttentionPointKind, Channel
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.inoperatividad import FALLAS_MAILBOX, is_critical
from swat_desktop.domain.inoperatividad_flow import FlowState
from swat_desktop.domain.inoperatividad_record import (
    Catalogue,
    CustomerRequest,
    InoperatividadRecord,
    Option,
    RecordInput,
    RecordStatus,
    RequestType,
)
from swat_desktop.io.pdf_common import FONT_BOLD, STAMP
from swat_desktop.io.pdf_grid import Column, Columns, Grid
from swat_desktop.io.pdf_pen import (
    CAPTION,
    HANDWRITTEN,
    LABEL_BOLD,
    NOTE,
    TITLE,
    TYPED,
    VALUE,
    Font,
    Marks,
)
from swat_desktop.io.pdf_pieces import (
    DateTimeSlot,
    Field,
    Fields,
    InlineTicks,
    Piece,
    Ruled,
    Signature,
    Text,
    Tick,
    Ticks,
    value,
)

NOT_INTERMITTENT = "Los sistemas no están solo lentos o intermitentes"
WHOLE_POINT_DOWN = "No se puede registrar en ninguna PC del punto"
BLANK_CUSTOMER_ROWS = 8
CONTINUATION_ROWS = 24  # the continuation sheet's rows, 9 to 32: one page
# Lines to write on: on the paper form, and on a printed record under what was typed (room
# to add by hand without pushing the record onto a third sheet).
DETAIL_LINES, DETAIL_LINES_PRINTED = 6, 3
ATTENTION_LINES, ATTENTION_LINES_PRINTED = 4, 2
SUSTENTO_LINES, SUSTENTO_LINES_PRINTED = 3, 2
ANNULMENT_LINES = 2

_NOTHING_TYPED = RecordInput()  # the blank form is a filled one with nothing in it


@dataclass(frozen=True)
class Sheet:
    """One form to print: a saved record's values, or none at all for the blank form."""

    catalogue: Catalogue
    record: InoperatividadRecord | None
    flow: FlowState | None = None  # the closure, once the record has one
    transcribed: str = ""  # the mark of a record typed from its paper form (pad)

    @property
    def data(self) -> RecordInput:
        return _NOTHING_TYPED if self.record is None else self.record.data

    @property
    def filled(self) -> bool:
        return self.record is not None

    def lines(self, blank: int, printed: int) -> int:
        return printed if self.filled else blank

    @property
    def marks(self) -> Marks:
        """Squares a pen can write in on the paper form; compact ones on a printed record."""
        return TYPED if self.filled else HANDWRITTEN

    def ticks(self, options: Sequence[Option], chosen: Callable[[Option], bool],
              details: bool = False) -> list[Tick]:
        return [Tick(o.label, self.filled and chosen(o), o.detail if details else "")
                for o in options]


def _registro(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    record = sheet.record
    states = [Tick(s.label, record is not None and record.status is s) for s in RecordStatus]
    pieces: list[Piece] = [Fields([
        Field("Fecha y hora de registro",
              DateTimeSlot(record.created_at if record is not None else None, LIMA, marks=m), 1.1),
        Field("Registrado por", value(record.created_by if record else ""), 1.0),
        Field("Estado", InlineTicks(states, marks=m), 1.8),
    ])]
    if sheet.transcribed:  # its times are the paper's: said where the record is introduced
        pieces.append(Text(sheet.transcribed, TITLE))
    if record is None or record.status is RecordStatus.ANULADO:
        pieces += _anulacion(record, sheet.marks)
    return pieces


def _punto(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    point = sheet.record.point if sheet.record else None
    kinds = [Tick(k.label, point is not None and point.kind == k.value)
             for k in AttentionPointKind]
    channels = [Tick(c.label, point is not None and point.channel == c.value) for c in Channel]
    return [
        Fields([Field("Nombre del punto de atención", value(point.name if point else ""), 3),
                Field("Código", value(point.code if point else ""), 1.2)]),
        Fields([Field("Tipo de punto", InlineTicks(kinds, marks=m), 3),
                Field("Canal", InlineTicks(channels, marks=m), 1.2)]),
    ]


def _responsable(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    data = sheet.data
    roles = sheet.ticks(sheet.catalogue.responsible_roles,
                        lambda o: data.responsible_role is not None
                        and o.code == data.responsible_role.value)
    return [Fields([Field("Nombres y apellidos", value(data.responsible_name), 3),
                    Field("Cargo (responsable del canal)", InlineTicks(roles, marks=m), 1.9)])]


def _inicio_fin(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    data = sheet.data
    return [Fields([
        Field("Inicio del evento (fecha y hora)", DateTimeSlot(data.started_at, LIMA, marks=m)),
        Field("Fin del evento (fecha y hora; si ya terminó)",
              DateTimeSlot(data.ended_at, LIMA, marks=m)),
    ])]


def _aplicativos(sheet: Sheet) -> list[Piece]:
    """One column per group of the catalogue (venta, postventa), then SICAR's condition."""
    m = sheet.marks
    data, apps = sheet.data, sheet.catalogue.applications
    chosen = set(data.applications)

    def group(name: str) -> list[Piece]:
        ticks = [Tick(f"{o.label}*" if o.detail else o.label, sheet.filled and o.code in chosen)
                 for o in apps if o.group == name]
        return [Text(f"Sistemas de {name}", LABEL_BOLD), Ticks(ticks, marks=m)]

    groups = list(dict.fromkeys(o.group for o in apps))
    notes = " ".join(f"* {o.label}: {o.detail}" for o in apps if o.detail)
    payment = Tick("Requiere pago en SICAR para finalizar la transacción de SISACT / SISACT "
                   "Prepago", sheet.filled and data.sicar_payment)
    return [Columns([*(group(name) for name in groups),
                     [Text("SICAR", LABEL_BOLD), Ticks([payment], marks=m), Text(notes, NOTE)]],
                    weights=(*(1.0 for _ in groups), 1.6))]


def _tramite(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    data, catalogue = sheet.data, sheet.catalogue
    is_consulta = data.request_type is RequestType.CONSULTAS
    refused = ", ".join(o.label.lower() for o in catalogue.non_regulated)
    return [
        Ticks(sheet.ticks(catalogue.request_types,
                          lambda o: data.request_type is not None
                          and o.code == data.request_type.value, details=True), columns=2, marks=m),
        Text("Si es Consultas, marque cuál:", LABEL_BOLD),
        Ticks(sheet.ticks(catalogue.consultas,
                          lambda o: is_consulta and o.code == data.request_code),
              columns=3, marks=m),
        Text(f"No corresponde registrar inoperatividad para: {refused}.", NOTE),
    ]


def _escenario(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    data, catalogue = sheet.data, sheet.catalogue
    scenario = data.scenario.value if data.scenario is not None else ""
    stacks = [
        [Ticks([Tick(s.label, sheet.filled and s.code == scenario, bold=True)], marks=m),
         Text(s.detail, NOTE),
         Ticks(sheet.ticks(catalogue.motivos.get(s.code, ()),
                           lambda o, s=s: s.code == scenario and o.code == data.motivo),
               indent=m.box + 4, marks=m)]
        for s in catalogue.scenarios
    ]
    return [Columns(stacks, gap=12)]


def _detalle(sheet: Sheet) -> list[Piece]:
    return [Ruled(sheet.data.detail, min_lines=sheet.lines(DETAIL_LINES, DETAIL_LINES_PRINTED))]


def _alerta(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    data = sheet.data
    answers = [Tick("Sí", sheet.filled and data.alert_sent),
               Tick("No", sheet.filled and not data.alert_sent)]
    return [
        Fields([Field(f"¿Se alertó a {FALLAS_MAILBOX}?", InlineTicks(answers, marks=m), 0.95),
                Field("Fecha y hora de la alerta", DateTimeSlot(data.alert_at, LIMA, m), 1.05),
                Field("Referencia (asunto del correo o ticket)", value(data.alert_reference),
                      1.5)]),
    ]


def _verificaciones(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    data = sheet.data
    return [Ticks([
        Tick(NOT_INTERMITTENT, sheet.filled and data.not_intermittent,
             "Si solo está lento o demora en entrar, se atiende al cliente."),
        Tick(WHOLE_POINT_DOWN, sheet.filled and data.whole_point_down,
             "Si alguna PC del punto funciona, se registra en ella."),
    ], columns=2, marks=m)]


CUSTOMER_COLUMNS = (
    Column("N.º", 0.45, centered=True, printed=True), Column("Hora", 0.75),
    Column("Documento", 1.5), Column("Línea / servicio", 1.9), Column("Solicitud", 3.4),
    Column("Crítico", 0.7, centered=True),
)


def _customer_row(number: int, customer: CustomerRequest,
                  catalogue: Catalogue) -> list[str | bool]:
    return [str(number), customer.at_text, customer.document,
            customer.line, customer.request,
            customer.critical or is_critical(catalogue, customer.request)]


def _clientes(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    customers = sheet.data.customers
    if not sheet.filled:
        rows = [[str(n), "", "", "", "", False] for n in range(1, BLANK_CUSTOMER_ROWS + 1)]
        return [Grid(CUSTOMER_COLUMNS, rows, blank=True, marks=m)]
    if not customers:
        return [Text("No se registraron clientes durante el evento.", VALUE)]
    return [Grid(CUSTOMER_COLUMNS, [_customer_row(n, c, sheet.catalogue)
                                    for n, c in enumerate(customers, start=1)], marks=m)]


def _criticos(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    data = sheet.data
    asked = {c.request for c in data.customers}
    return [
        Ticks(sheet.ticks(sheet.catalogue.critical_requests,
                          lambda o: bool(asked & {o.label, o.code})), columns=2, marks=m),
        Text("Cómo se atendió (se atienden de manera OBLIGATORIA aun con inoperatividad; ver "
             "Atención de Transacciones Críticas):", CAPTION),
        Ruled(data.critical_attention,
              min_lines=sheet.lines(ATTENTION_LINES, ATTENTION_LINES_PRINTED)),
    ]


def _firmas(sheet: Sheet) -> list[Piece]:
    m = sheet.marks
    data = sheet.data
    role = (sheet.catalogue.label(sheet.catalogue.responsible_roles, data.responsible_role.value)
            if data.responsible_role is not None else "")
    return [Columns([
        [Signature("Responsable del punto de atención"),
         Fields([Field("Nombres y apellidos", value(data.responsible_name), 2.2),
                 Field("Cargo", value(role))])],
        [Signature("Regularizó en Sistema Administrativo ATC"),
         Fields([Field("Fecha y hora de regularización", DateTimeSlot(None, LIMA, marks=m), 1.6),
                 Field("N.º de registro en ATC", value(""))])],
    ], gap=28)]


def closure(sheet: Sheet) -> list[Piece]:
    """Who closed the event, when, with which of the closure motives and on what grounds."""
    m = sheet.marks
    flow = sheet.flow
    closed = flow is not None and flow.closed_at is not None
    motives = sheet.ticks(sheet.catalogue.closure_motives,
                          lambda o: closed and flow is not None and o.code == flow.closure_motive)
    return [
        Fields([Field("Fecha y hora de cierre",
                      DateTimeSlot(flow.closed_at if closed and flow else None, LIMA, m), 1.6),
                Field("Cerró (nombres y apellidos)",
                      value(flow.closed_by if closed and flow else ""), 2.25)]),
        Text("Motivo de cierre", LABEL_BOLD),
        Ticks(motives, columns=3, marks=m),
        Text("Sustento del cierre (qué se verificó, con quién, número de ticket):", CAPTION),
        Ruled(flow.closure_sustento if closed and flow else "",
              min_lines=sheet.lines(SUSTENTO_LINES, SUSTENTO_LINES_PRINTED)),
    ]


def _anulacion(record: InoperatividadRecord | None, m: Marks) -> list[Piece]:
    """Why a record was annulled, beside its state: it is never deleted and its correlativo is
    never reused. Blank on the paper form; on a filled one, only if it was annulled."""
    if record is None:
        caption, reason = "Motivo de anulación (solo si se anula)", Text(
            "", VALUE, min_lines=ANNULMENT_LINES)
    else:
        caption = "Motivo de anulación"
        reason = Text(record.annul_reason or "—", Font(FONT_BOLD, 9.5, 12, STAMP))
    return [Fields([
        Field(caption, reason, 2.0),
        Field("Anuló (nombres y apellidos)", value(record.annulled_by if record else ""), 1.2),
        Field("Fecha y hora de anulación",
              DateTimeSlot(record.annulled_at if record else None, LIMA, m), 1.3)])]


def continuation() -> list[Piece]:
    rows = [[str(n), "", "", "", "", False]
            for n in range(BLANK_CUSTOMER_ROWS + 1, BLANK_CUSTOMER_ROWS + CONTINUATION_ROWS + 1)]
    return [Fields([Field("Correlativo del formato que continúa", value(""), 1.4),
                    Field("Punto de atención", value(""), 2.3)]),
            Grid(CUSTOMER_COLUMNS, rows, blank=True)]


# Sections 1 to 13, in the paper's order (formato_manual_pdf.SECTIONS).
BUILDERS: tuple[Callable[[Sheet], list[Piece]], ...] = (
    _registro, _punto, _responsable, _inicio_fin, _aplicativos, _tramite, _escenario, _detalle,
    _alerta, _verificaciones, _clientes, _criticos, _firmas,
)


