"""Inoperatividad (seed 004): the *Formato Manual de Registro de Inoperatividad*, its catalogues
and the rules a record must meet before it is saved.

The catalogue labels live in resources/catalogues/inoperatividad.json; the codes the rules
depend on (SICAR, the scenarios, the request types) are named here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar
from urllib.parse import quote, urlencode

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import Role
from swat_desktop.domain.inoperatividad_texts import MAX_DETAIL as MAX_DETAIL  # re-exported
from swat_desktop.domain.inoperatividad_texts import MAX_LINE as MAX_LINE
from swat_desktop.domain.inoperatividad_texts import text_errors
from swat_desktop.domain.permissions import Action, refusal

SICAR = "SICAR"
SISACT_FAMILY = frozenset({"SISACT", "SISACT_PREPAGO"})
FUTURE_TOLERANCE = timedelta(minutes=5)
# No event of this procedure is older than the application; a year-1 or year-3000 date is a
# typing or forging mistake, and far dates overflow the zone arithmetic of the listings.
EARLIEST_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
# The number people read is the point's code and six digits: CAC-SAN-ISIDRO-000042.
MAX_CORRELATIVO = 999_999
INVALID_TIME = "hora inválida"

# The sections of the Formato Manual, in the paper's order: the printed form and the screen
# both follow it, so whoever knows the paper knows the screen.
FORM_SECTIONS = (
    "1. Registro",
    "2. Punto de atención",
    "3. Responsable",
    "4. Inicio y fin",
    "5. Aplicativos afectados",
    "6. Tipo de trámite",
    "7. Escenario y motivo de ocurrencia",
    "8. Detalle del evento",
    "9. Alerta al buzón Fallas de Sistemas",
    "10. Verificaciones (no es inoperatividad)",
    "11. Clientes que solicitaron el trámite",
    "12. Trámites críticos",
    "13. Firmas",
)

FALLAS_MAILBOX = "fallasatc@claro.com.pe"
CONTINGENCY_COPIES = ("analistascontroleinformacion@claro.com.pe",
                      "controlypresupuestoatp@claro.com.pe")


class RequestType(StrEnum):
    RECLAMOS = "reclamos"
    ALTAS = "altas"
    BAJAS = "bajas"
    CONSULTAS = "consultas"


class Scenario(StrEnum):
    FALLA_MASIVA = "falla_masiva"
    EVENTO_NO_PREVISTO = "evento_no_previsto"
    ERROR_PRUEBAS = "error_pruebas"


class ResponsibleRole(StrEnum):
    JEFE = "jefe"
    SUPERVISOR = "supervisor"
    COORDINADOR = "coordinador"


class RecordStatus(StrEnum):
    ABIERTO = "abierto"
    CERRADO = "cerrado"
    ANULADO = "anulado"

    @property
    def label(self) -> str:
        return {RecordStatus.ABIERTO: "Abierto", RecordStatus.CERRADO: "Cerrado",
                RecordStatus.ANULADO: "Anulado"}[self]


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    detail: str = ""  # a description, a note, or the reason a request is refused
    group: str = ""  # applications: venta / postventa


@dataclass(frozen=True)
class Catalogue:
    applications: tuple[Option, ...]
    request_types: tuple[Option, ...]
    consultas: tuple[Option, ...]
    non_regulated: tuple[Option, ...]
    critical_requests: tuple[Option, ...]
    scenarios: tuple[Option, ...]
    motivos: dict[str, tuple[Option, ...]]  # scenario code -> its motivos de ocurrencia
    closure_motives: tuple[Option, ...]
    responsible_roles: tuple[Option, ...]

    def label(self, options: tuple[Option, ...], code: str) -> str:
        return next((o.label for o in options if o.code == code), code)

    def motivo_label(self, scenario: str, code: str) -> str:
        return self.label(self.motivos.get(scenario, ()), code)


@dataclass(frozen=True)
class CustomerRequest:
    """A customer who asked for the request while the systems were down."""

    at: time | None
    document: str
    line: str  # line or service
    request: str  # what they asked for, as a label of the catalogue or typed
    critical: bool
    # A stored time that is not one (an import of an earlier version let "99:99" in): kept as
    # found and shown as «hora inválida», so listings never fail on it.
    bad_at: str = ""

    @property
    def at_text(self) -> str:
        """The time as the form, the PDF and the listings show it."""
        if self.bad_at:
            return INVALID_TIME
        return self.at.strftime("%H:%M") if self.at is not None else ""


@dataclass(frozen=True)
class RecordInput:
    """Everything typed in the form; also what a draft keeps, valid or not."""

    attention_point_id: int | None = None
    responsible_name: str = ""
    responsible_role: ResponsibleRole | None = None
    started_at: datetime | None = None  # aware
    ended_at: datetime | None = None
    applications: tuple[str, ...] = ()
    sicar_payment: bool = False  # the SISACT transaction needs a payment in SICAR to finish
    request_type: RequestType | None = None
    request_code: str = ""  # for Consultas: which one
    scenario: Scenario | None = None
    motivo: str = ""
    detail: str = ""
    alert_sent: bool = False
    alert_at: datetime | None = None
    alert_reference: str = ""
    not_intermittent: bool = False  # confirmed: the systems are down, not just slow
    whole_point_down: bool = False  # confirmed: no PC of the point can register it
    customers: tuple[CustomerRequest, ...] = field(default_factory=tuple)
    critical_attention: str = ""  # how the critical requests were attended anyway


def is_critical(catalogue: Catalogue, request: str) -> bool:
    return request in {o.label for o in catalogue.critical_requests} | {
        o.code for o in catalogue.critical_requests}


def validate_record(data: RecordInput, catalogue: Catalogue, role: Role,
                    now: datetime) -> dict[str, str]:
    """Field → Spanish message for every rule of the seed the record breaks."""
    errors: dict[str, str] = {}
    if data.attention_point_id is None:
        errors["attention_point"] = "Elija el punto de atención."
    if not data.responsible_name.strip():
        errors["responsible_name"] = "Escriba el nombre del responsable del punto."
    if data.responsible_role is None:
        errors["responsible_role"] = "Indique si es jefe, supervisor o coordinador."
    _check_times(data, now, errors)
    _check_applications(data, catalogue, errors)
    _check_request(data, catalogue, errors)
    _check_scenario(data, catalogue, role, errors)
    if not data.not_intermittent:
        errors["not_intermittent"] = ("Confirme que los sistemas no están solo lentos o "
                                      "intermitentes: la intermitencia no es inoperatividad.")
    if not data.whole_point_down:
        errors["whole_point_down"] = ("Confirme que no se puede registrar en ninguna PC del "
                                      "punto: si alguna funciona, se atiende en ella.")
    if data.alert_sent and data.alert_at is None:
        errors["alert_at"] = "Indique la hora en que se alertó al buzón Fallas de Sistemas."
    _check_customers(data, catalogue, errors)
    for key, message in text_errors(record_to_dict(data)).items():  # every free text
        errors.setdefault(key, message)
    if ("critical_attention" not in errors and data.request_type is RequestType.RECLAMOS
            and not data.critical_attention.strip()):
        errors["critical_attention"] = ("Reclamos, apelaciones y quejas son trámites críticos: "
                                        "deben atenderse igual. Escriba cómo se atendieron.")
    return errors


def involves_critical(data: RecordInput, catalogue: Catalogue) -> bool:
    """Whether the form must say how critical transactions were still attended: a customer
    asked for one, or the record itself is about Reclamos (claims, appeals and complaints are
    a critical transaction)."""
    return data.request_type is RequestType.RECLAMOS or _critical_customer(data, catalogue)


def _critical_customer(data: RecordInput, catalogue: Catalogue) -> bool:
    return any(c.critical or is_critical(catalogue, c.request) for c in data.customers)


def _check_times(data: RecordInput, now: datetime, errors: dict[str, str]) -> None:
    if data.started_at is None:
        errors["started_at"] = "Indique la fecha y hora de inicio."
        return
    for key, moment in (("started_at", data.started_at), ("ended_at", data.ended_at),
                        ("alert_at", data.alert_at)):
        if moment is not None and moment < EARLIEST_MOMENT:
            errors[key] = f"El año {moment.year} es anterior a 2000: revise la fecha."
    if "started_at" in errors:
        return
    if data.started_at > now + FUTURE_TOLERANCE:
        errors["started_at"] = "El inicio no puede estar en el futuro."
    if "ended_at" in errors:
        pass
    elif data.ended_at is not None and data.ended_at <= data.started_at:
        errors["ended_at"] = "El fin debe ser posterior al inicio."
    elif data.ended_at is not None and data.ended_at > now + FUTURE_TOLERANCE:
        errors["ended_at"] = "El fin no puede estar en el futuro."
    if "alert_at" not in errors and data.alert_at is not None and \
            data.alert_at > now + FUTURE_TOLERANCE:
        errors["alert_at"] = "La hora de la alerta no puede estar en el futuro."


def _check_applications(data: RecordInput, catalogue: Catalogue,
                        errors: dict[str, str]) -> None:
    known = {o.code for o in catalogue.applications}
    chosen = set(data.applications)
    if not chosen:
        errors["applications"] = "Marque al menos un aplicativo afectado."
    elif chosen - known:
        errors["applications"] = "Uno de los aplicativos no está en el catálogo."
    elif SICAR in chosen and (not chosen & SISACT_FAMILY or not data.sicar_payment):
        errors["applications"] = ("SICAR solo se registra junto con SISACT o SISACT Prepago, "
                                  "cuando la transacción requiere un pago para finalizar.")


def _check_request(data: RecordInput, catalogue: Catalogue, errors: dict[str, str]) -> None:
    if data.request_type is None:
        errors["request_type"] = "Elija el tipo de trámite regulado."
        return
    refused = next((o for o in catalogue.non_regulated if o.code == data.request_code), None)
    if refused is not None:
        errors["request_code"] = (f"No corresponde registrar inoperatividad: {refused.detail}")
    elif data.request_type is RequestType.CONSULTAS:
        if not data.request_code:
            errors["request_code"] = "Elija qué consulta regulada pidió el cliente."
        elif data.request_code not in {o.code for o in catalogue.consultas}:
            errors["request_code"] = "La consulta no está en la lista de consultas reguladas."


def _check_scenario(data: RecordInput, catalogue: Catalogue, role: Role,
                    errors: dict[str, str]) -> None:
    if data.scenario is None:
        errors["scenario"] = "Elija el escenario."
        return
    if data.scenario is Scenario.ERROR_PRUEBAS:
        said = refusal(role, Action.RECORD_ERROR_PRUEBAS)
        if said:
            errors["scenario"] = said
    motivos = {o.code for o in catalogue.motivos.get(data.scenario.value, ())}
    if not data.motivo:
        errors["motivo"] = "Elija el motivo de ocurrencia."
    elif data.motivo not in motivos:
        errors["motivo"] = "El motivo de ocurrencia no corresponde al escenario elegido."


def _check_customers(data: RecordInput, catalogue: Catalogue,
                     errors: dict[str, str]) -> None:
    for number, customer in enumerate(data.customers, start=1):
        if not (customer.document.strip() or customer.line.strip()):
            errors["customers"] = f"Cliente {number}: escriba el documento o la línea."
            return
        if not customer.request.strip():
            errors["customers"] = f"Cliente {number}: indique qué solicitó."
            return
        refused = next((o for o in catalogue.non_regulated
                        if customer.request.strip() in (o.code, o.label)), None)
        if refused is not None:
            errors["customers"] = (f"Cliente {number}: «{refused.label}» no es una solicitud "
                                   f"regulada. {refused.detail}")
            return
    if _critical_customer(data, catalogue) and not data.critical_attention.strip():
        errors["critical_attention"] = ("Hay trámites críticos: deben atenderse igual. "
                                        "Escriba cómo se atendieron.")


@dataclass(frozen=True)
class AttentionPointView:
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    channel: str
    channel_label: str


@dataclass(frozen=True)
class InoperatividadRecord:
    """A saved record, as screens, the printed form and the e-mail show it."""

    id: int
    uuid: str
    correlativo: int
    point: AttentionPointView
    data: RecordInput
    status: RecordStatus
    created_by: str
    created_at: datetime
    annul_reason: str
    version: int

    @property
    def number(self) -> str:
        """What people quote on the phone: "CAC-SAN-ISIDRO-000042"."""
        return f"{self.point.code}-{self.correlativo:06d}"


@dataclass(frozen=True)
class EmailDraft:
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    body: str


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_moment(value: object) -> datetime | None:
    """A stored moment, or None for one that is not (a draft is opened, never refused)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _customer(raw: dict[object, object]) -> CustomerRequest:
    """A stored customer; a time that does not parse is kept as text, never raised."""
    at = raw.get("at")
    parsed: time | None = None
    bad = ""
    if isinstance(at, str) and at:
        try:
            parsed = time.fromisoformat(at)
        except ValueError:
            bad = at[:40]
    elif at is not None:
        bad = str(at)[:40]
    return CustomerRequest(at=parsed, document=str(raw.get("document", "")),
                           line=str(raw.get("line", "")), request=str(raw.get("request", "")),
                           critical=bool(raw.get("critical")), bad_at=bad)


def record_to_dict(data: RecordInput) -> dict[str, object]:
    """Plain JSON values: how a draft is stored, so it comes back exactly as typed."""
    return {
        "attention_point_id": data.attention_point_id,
        "responsible_name": data.responsible_name,
        "responsible_role": data.responsible_role.value if data.responsible_role else None,
        "started_at": _moment(data.started_at), "ended_at": _moment(data.ended_at),
        "applications": list(data.applications), "sicar_payment": data.sicar_payment,
        "request_type": data.request_type.value if data.request_type else None,
        "request_code": data.request_code,
        "scenario": data.scenario.value if data.scenario else None, "motivo": data.motivo,
        "detail": data.detail, "alert_sent": data.alert_sent, "alert_at": _moment(data.alert_at),
        "alert_reference": data.alert_reference, "not_intermittent": data.not_intermittent,
        "whole_point_down": data.whole_point_down,
        "customers": [{"at": c.bad_at or (c.at.strftime("%H:%M") if c.at else None),
                       "document": c.document, "line": c.line, "request": c.request,
                       "critical": c.critical} for c in data.customers],
        "critical_attention": data.critical_attention,
    }


E = TypeVar("E", bound=StrEnum)


def _enum(kind: type[E], value: object) -> E | None:
    return next((member for member in kind if member.value == value), None)


def record_from_dict(raw: dict[str, object]) -> RecordInput:
    """The inverse of ``record_to_dict``; unknown or missing keys fall back to empty values, so
    a draft written by an older version still opens."""
    def text(key: str) -> str:
        value = raw.get(key)
        return value if isinstance(value, str) else ""

    customers = raw.get("customers")
    point = raw.get("attention_point_id")
    apps = raw.get("applications")
    return RecordInput(
        attention_point_id=point if isinstance(point, int) else None,
        responsible_name=text("responsible_name"),
        responsible_role=_enum(ResponsibleRole, raw.get("responsible_role")),
        started_at=_parse_moment(raw.get("started_at")),
        ended_at=_parse_moment(raw.get("ended_at")),
        applications=tuple(a for a in apps if isinstance(a, str)) if isinstance(apps, list)
        else (),
        sicar_payment=bool(raw.get("sicar_payment")),
        request_type=_enum(RequestType, raw.get("request_type")), request_code=text("request_code"),
        scenario=_enum(Scenario, raw.get("scenario")), motivo=text("motivo"), detail=text("detail"),
        alert_sent=bool(raw.get("alert_sent")), alert_at=_parse_moment(raw.get("alert_at")),
        alert_reference=text("alert_reference"),
        not_intermittent=bool(raw.get("not_intermittent")),
        whole_point_down=bool(raw.get("whole_point_down")),
        customers=tuple(_customer(c) for c in customers if isinstance(c, dict))
        if isinstance(customers, list) else (),
        critical_attention=text("critical_attention"),
    )


def draft_title(data: RecordInput, catalogue: Catalogue, point_name: str) -> str:
    """How a draft is named when it is offered back: what, where and since when."""
    parts = [point_name or "Punto sin elegir"]
    if data.request_type is not None:
        parts.append(catalogue.label(catalogue.request_types, data.request_type.value))
    return " · ".join(parts)


def contingency_email(record: InoperatividadRecord, catalogue: Catalogue) -> EmailDraft:
    """The message the seed asks for when the registration cannot be made in ATC."""
    data = record.data
    apps = ", ".join(catalogue.label(catalogue.applications, a) for a in data.applications)
    request = catalogue.label(catalogue.request_types, data.request_type.value) \
        if data.request_type else ""
    if data.request_code:
        request += f" — {catalogue.label(catalogue.consultas, data.request_code)}"
    scenario = catalogue.label(catalogue.scenarios, data.scenario.value) if data.scenario else ""
    motivo = catalogue.motivo_label(data.scenario.value, data.motivo) if data.scenario else ""
    started = format_datetime(data.started_at, LIMA) if data.started_at else ""
    lines = [
        "Estimados:",
        "",
        "No es posible registrar el evento de inoperatividad en el Sistema Administrativo ATC. "
        "Se registró en el Formato Manual con estos datos y se regularizará en ATC cuando el "
        "sistema se restablezca:",
        "",
        f"Correlativo: {record.number}",
        f"Punto de atención: {record.point.name} ({record.point.kind_label}, "
        f"{record.point.channel_label})",
        f"Responsable: {data.responsible_name}"
        + (f" ({data.responsible_role.value})" if data.responsible_role else ""),
        f"Inicio: {started} (hora de Lima)",
        f"Aplicativos afectados: {apps}",
        f"Tipo de trámite: {request}",
        f"Escenario: {scenario}",
        f"Motivo de ocurrencia: {motivo}",
        f"Clientes que solicitaron el trámite: {len(data.customers)}",
    ]
    if data.alert_sent and data.alert_at is not None:
        lines.append(f"Alerta al buzón Fallas de Sistemas: {format_datetime(data.alert_at, LIMA)}"
                     + (f", referencia {data.alert_reference}" if data.alert_reference else ""))
    if data.detail:
        lines += ["", f"Detalle: {data.detail}"]
    lines += ["", "Saludos,", data.responsible_name]
    return EmailDraft(
        to=(FALLAS_MAILBOX,), cc=CONTINGENCY_COPIES,
        subject=f"Inoperatividad sin registro en ATC — {record.point.name} — {record.number}",
        body="\n".join(lines),
    )


def mailto_url(draft: EmailDraft) -> str:
    """The same message as a mailto: link for the system's mail client."""
    query = urlencode({"cc": ",".join(draft.cc), "subject": draft.subject, "body": draft.body},
                      quote_via=quote)
    return f"mailto:{','.join(draft.to)}?{query}"
