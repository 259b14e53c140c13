"""The rules a record received in an event package meets before anything is written: the
form's own (``validate_record``, with its limits), the closure's, the regularization's and the
annulment's, and the few only a package can break — a correlativo out of range, a status its
dates contradict, a person who is not of the point, two open records of one request type.

A package is another computer's word, possibly forged or edited by hand: what the screen would
never let through must not reach the store by this door either, or the listings that read it
later fail (a customer's time «99:99» broke the whole Inoperatividad tab). Pure functions: the
service hands them values whose JSON types it already checked (services/package_check.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from swat_desktop.domain.identity import Role
from swat_desktop.domain.inoperatividad import (
    EARLIEST_MOMENT,
    FUTURE_TOLERANCE,
    MAX_CORRELATIVO,
    Catalogue,
    CustomerRequest,
    RecordInput,
    RecordStatus,
    RequestType,
    ResponsibleRole,
    Scenario,
    validate_record,
)
from swat_desktop.domain.inoperatividad_flow import (
    ClosureInput,
    RegularizationState,
    validate_atc_number,
    validate_closure,
)
from swat_desktop.domain.inoperatividad_texts import MAX_REASON

# The people a package may name: the point's own responsible. A Control e Información or
# Procesos profile in a package would be this office's identity, claimed by another computer.
POINT_ROLE = Role.SUPERVISOR_CAC
CUSTOMER_KEYS = frozenset({"at", "document", "line", "request", "critical"})
_CLOCK = re.compile(r"\d{2}:\d{2}")
# Moments the point's flow sets, besides the form's own.
FLOW_MOMENTS = ("annulled_at", "regularized_at", "closed_at")
Problem = tuple[str, str]  # (field, Spanish message)
# Nothing in a package happened after the package was made (its signed creation time, on the
# point's clock); that clock may run ahead of this one by this much, not more.
CLOCK_SKEW = timedelta(days=1)


def made_at(created_at: Any, now: datetime) -> datetime | None:
    """When the point made the package, or None when that is not a believable moment: the
    reference for "not in the future" of every record it carries."""
    try:
        moment = datetime.fromisoformat(created_at)
        if moment.tzinfo is None:
            return None
        moment.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return moment if EARLIEST_MOMENT <= moment <= now + CLOCK_SKEW else None


def record_number(point_code: str, correlativo: Any) -> str:
    fits = isinstance(correlativo, int) and 0 < correlativo <= MAX_CORRELATIVO
    return f"{point_code}-{correlativo:06d}" if fits else f"{point_code}-?"


def customers(raw: Sequence[dict[str, Any]]) -> tuple[tuple[CustomerRequest, ...], Problem | None]:
    """The customers as the form holds them, or the first one that the form could not hold."""
    found = []
    for number, item in enumerate(raw, start=1):
        where = f"customers[{number}]"
        if set(item) != CUSTOMER_KEYS:
            return (), (where, f"Cliente {number}: trae los datos "
                               f"{', '.join(sorted(map(str, item)))}; se esperan "
                               f"{', '.join(sorted(CUSTOMER_KEYS))}.")
        at = item["at"]
        if at is not None and not (isinstance(at, str) and _CLOCK.fullmatch(at)
                                   and _is_time(at)):
            return (), (f"{where}.at", f"Cliente {number}: la hora {_shown(at)} no es una hora "
                                       "del día (HH:MM, de 00:00 a 23:59).")
        for key in ("document", "line", "request"):
            if not isinstance(item[key], str):
                return (), (f"{where}.{key}", f"Cliente {number}: {_shown(item[key])} no es "
                                              "un texto.")
        if not isinstance(item["critical"], bool):
            return (), (f"{where}.critical", f"Cliente {number}: «critical» debe ser true o "
                                             "false.")
        found.append(CustomerRequest(time.fromisoformat(at) if at else None, item["document"],
                                     item["line"], item["request"], item["critical"]))
    return tuple(found), None


def record_problem(fields: dict[str, Any], point_id: int, catalogue: Catalogue,
                   now: datetime) -> Problem | None:
    """The first rule of the form or of the flow that the record breaks, as (field, message).
    ``fields`` carry the right JSON types and ISO moments with a zone."""
    correlativo = fields["correlativo"]
    if not 0 < correlativo <= MAX_CORRELATIVO:
        return "correlativo", (f"El correlativo {correlativo} está fuera del rango de "
                               f"1 a {MAX_CORRELATIVO}.")
    moments = {key: datetime.fromisoformat(fields[key]) if fields[key] else None
               for key in ("started_at", "ended_at", "alert_at", *FLOW_MOMENTS)}
    for key in FLOW_MOMENTS:
        problem = moment_problem(moments[key], now)
        if problem:
            return key, problem
    parsed, problem = customers(fields["customers"])
    if problem:
        return problem
    data = RecordInput(
        attention_point_id=point_id, responsible_name=fields["responsible_name"],
        responsible_role=ResponsibleRole(fields["responsible_role"]),
        started_at=moments["started_at"], ended_at=moments["ended_at"],
        applications=tuple(fields["applications"]), sicar_payment=fields["sicar_payment"],
        request_type=RequestType(fields["request_type"]), request_code=fields["request_code"],
        scenario=Scenario(fields["scenario"]), motivo=fields["motivo"],
        detail=fields["detail"], alert_sent=fields["alert_sent"], alert_at=moments["alert_at"],
        alert_reference=fields["alert_reference"],
        not_intermittent=fields["not_intermittent"],
        whole_point_down=fields["whole_point_down"], customers=parsed,
        critical_attention=fields["critical_attention"])
    errors = validate_record(data, catalogue, POINT_ROLE, now)
    errors.pop("attention_point", None)
    if errors:
        return next(iter(errors.items()))
    return _flow_problem(fields, moments, catalogue, now)


def moment_problem(moment: datetime | None, now: datetime) -> str | None:
    """A moment of the flow (or the record's creation) must lie in the application's years."""
    if moment is None:
        return None
    if moment < EARLIEST_MOMENT:
        return f"El año {moment.year} es anterior a 2000: revise la fecha."
    if moment > now + FUTURE_TOLERANCE:
        return "La fecha está en el futuro."
    return None


def _flow_problem(fields: dict[str, Any], moments: dict[str, datetime | None],
                  catalogue: Catalogue, now: datetime) -> Problem | None:
    """What the point's own steps (close, regularize, annul) always leave consistent."""
    status = RecordStatus(fields["status"])
    if status is RecordStatus.ABIERTO:
        for key in ("closed_at", "annulled_at"):
            if moments[key] is not None:
                return key, "Un registro abierto no tiene fecha de cierre ni de anulación."
    if status is RecordStatus.CERRADO and moments["closed_at"] is None:
        return "closed_at", "Un registro cerrado tiene fecha de cierre."
    if moments["closed_at"] is None and (fields["closure_motive"] or
                                         fields["closure_sustento"]):
        return "closure_motive", "Un registro sin cierre no tiene motivo ni sustento de cierre."
    if status is not RecordStatus.ANULADO and fields["annul_reason"]:
        return "annul_reason", "Un registro que no está anulado no tiene motivo de anulación."
    if moments["closed_at"] is not None:
        started = moments["started_at"]
        assert started is not None  # validate_record refused a record without one
        errors = validate_closure(
            ClosureInput(moments["ended_at"], fields["closure_motive"],
                         fields["closure_sustento"]),
            started, {o.code for o in catalogue.closure_motives}, now)
        if errors:
            key, message = next(iter(errors.items()))
            return {"motive": "closure_motive", "sustento": "closure_sustento"}.get(key,
                                                                                   key), message
    if status is RecordStatus.ANULADO:
        if moments["annulled_at"] is None:
            return "annulled_at", "Un registro anulado tiene fecha de anulación."
        reason = fields["annul_reason"]
        if not reason.strip() or len(reason) > MAX_REASON:
            return "annul_reason", (f"El motivo de anulación es obligatorio y admite hasta "
                                    f"{MAX_REASON} caracteres.")
    regularized = RegularizationState(fields["regularization"]) is \
        RegularizationState.REGULARIZADO
    if regularized:
        errors = validate_atc_number(fields["atc_number"] or "")
        if errors:
            return next(iter(errors.items()))
        if moments["regularized_at"] is None:
            return "regularized_at", "Un registro regularizado tiene fecha de regularización."
    elif fields["atc_number"] is not None or moments["regularized_at"] is not None:
        return "atc_number", "Un registro pendiente de regularizar no tiene número de ATC."
    return None


def person_problem(person: dict[str, Any], point_code: str) -> str | None:
    """A person named by a package is the point's own responsible, of that very point."""
    if person["role"] != POINT_ROLE.value:
        return (f"es un perfil de {_role_label(person['role'])}: un paquete solo nombra al "
                "personal de su punto (supervisor CAC)")
    if person.get("point_code") != point_code:
        return (f"dice ser del punto {_shown(person.get('point_code'))}, y el paquete es de "
                f"{point_code}")
    return None


@dataclass(frozen=True)
class Outcome:
    """A record as it will stand after the import: the package's values, or this store's."""

    number: str
    uuid: str
    point_code: str
    correlativo: int
    request_type: str
    status: str
    atc_number: str | None
    from_package: bool


def clash(outcomes: Iterable[Outcome], point_name: str) -> tuple[Outcome, str] | None:
    """The first record of the package that the point's records, as they will stand, would
    hold twice: a correlativo, an ATC number, an open record of one request type."""
    seen: dict[tuple[str, object, object], Outcome] = {}
    listed = list(outcomes)
    # This store's first, so that the package's record is the one named.
    ordered = [o for o in listed if not o.from_package] + [o for o in listed if o.from_package]
    for outcome in ordered:
        keys: list[tuple[str, object, object]] = [
            ("correlativo", outcome.point_code, outcome.correlativo)]
        if outcome.atc_number:
            keys.append(("atc", "", outcome.atc_number))
        if outcome.status == RecordStatus.ABIERTO.value:
            keys.append(("abierto", outcome.point_code, outcome.request_type))
        for key in keys:
            other = seen.get(key)
            if other is not None and outcome.from_package:
                return outcome, _clash_text(key, other, point_name)
            seen.setdefault(key, outcome)
    return None


def _clash_text(key: tuple[str, object, object], other: Outcome, point_name: str) -> str:
    where = "otro registro del paquete" if other.from_package else "un registro de este equipo"
    if key[0] == "correlativo":
        return f"repite el correlativo de {where} ({other.number}, uuid {other.uuid})"
    if key[0] == "atc":
        return f"repite el número de ATC «{key[2]}» de {where} ({other.number})"
    label = RequestType(str(key[2])).value.capitalize()
    return (f"sería el segundo registro abierto de «{label}» en {point_name}: ya está abierto "
            f"{other.number} ({where}). Un punto tiene a lo más un registro abierto por tipo "
            "de trámite: que el punto cierre o anule uno y exporte de nuevo")


def _is_time(text: str) -> bool:
    try:
        time.fromisoformat(text)
    except ValueError:
        return False
    return True


def _role_label(value: Any) -> str:
    return next((role.label for role in Role if role.value == value), _shown(value))


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return f"«{text[:40]}{'…' if len(text) > 40 else ''}»"
