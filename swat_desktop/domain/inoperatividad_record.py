"""What an Inoperatividad record is (seed 004): the codes the rules depend on, the catalogues,
what the *Formato Manual* form holds, the saved record and its stored form (the dict a draft,
a package and the audit keep).

The catalogue labels live in resources/catalogues/inoperatividad.json; the codes the rules
depend on (SICAR, the scenarios, the request types) are named here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar

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
    # request type code -> the customer requests that belong to it (Consultas also takes
    # every entry of ``consultas``): one record is of one type.
    requests: dict[str, tuple[Option, ...]] = field(default_factory=dict)

    def requests_of(self, request_type: str) -> tuple[Option, ...]:
        """What a customer may ask for in a record of ``request_type``."""
        own = self.requests.get(request_type, ())
        return own + self.consultas if request_type == "consultas" else own

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
    annulled_at: datetime | None = None
    annulled_by: str = ""  # who annulled it, by name

    @property
    def number(self) -> str:
        """What people quote on the phone: "CAC-SAN-ISIDRO-000042"."""
        return f"{self.point.code}-{self.correlativo:06d}"


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
