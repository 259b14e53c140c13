"""Every record of an event package checked before anything is written.

A package is JSON another computer wrote; signed, but a point's computer can still be wrong or
forged. Without this check a text where a number goes, an unknown status or a time without
its zone would be stored as is (SQLite keeps any value in any column) or fail half way with a
driver's message. First the JSON types, here; then the form's and the flow's own rules
(domain/inoperatividad_package.py); then the package as a whole (one open record per request
type, no correlativo twice). The package is refused naming the record and the field, in
Spanish, and the store is not touched.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from swat_desktop.domain.attention_points import AttentionPointKind, Channel
from swat_desktop.domain.identity import Role
from swat_desktop.domain.inoperatividad import (
    Catalogue,
    RecordStatus,
    RequestType,
    ResponsibleRole,
    Scenario,
)
from swat_desktop.domain.inoperatividad_flow import RegularizationState
from swat_desktop.domain.inoperatividad_package import (
    Outcome,
    clash,
    moment_problem,
    person_problem,
    record_number,
    record_problem,
)
from swat_desktop.domain.inoperatividad_texts import text_errors
from swat_desktop.io.exchange_package import Package, PackageError

# Who did what at the point besides creating the record (services/exchange.py carries them).
PEOPLE = ("regularized_by", "closed_by", "annulled_by")
# A check returns None when the value fits, else what the value should have been.
Check = Callable[[Any], str | None]


def _text(longest: int | None = None, required: bool = False) -> Check:
    what = "un texto" + (f" de hasta {longest} caracteres" if longest else "")

    def check(value: Any) -> str | None:
        fits = isinstance(value, str) and (longest is None or len(value) <= longest)
        return None if fits and (value.strip() or not required) else what
    return check


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _choice(kind: type[StrEnum]) -> Check:
    values = [member.value for member in kind]
    return lambda value: None if value in values else f"uno de: {', '.join(values)}"


def _moment(value: Any) -> str | None:
    what = "una fecha y hora ISO con zona horaria (2026-11-22T15:10:00+00:00)"
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return what
        moment.astimezone(UTC)  # year 1 east of Greenwich, or 9999 west, has no UTC time
    except (TypeError, ValueError):
        return what
    except OverflowError:
        return "una fecha entre los años 2000 y hoy"
    return None


def _positive(value: Any) -> str | None:
    fits = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if fits else "un número entero positivo"


def _version(value: Any) -> str | None:
    """A version counts a record's changes: it fits the column on every engine."""
    fits = _positive(value) is None and value < 2**31
    return None if fits else "un número entero positivo (la versión del registro)"


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "verdadero o falso (true / false)"


def _list_of(kind: type, what: str) -> Check:
    return lambda value: (None if isinstance(value, list)
                          and all(isinstance(v, kind) for v in value) else what)


def _uuid(value: Any) -> str | None:
    try:  # as the export writes it: 36 characters, lower case, the column's width
        return None if str(uuid.UUID(value)) == value else "un identificador UUID"
    except (TypeError, ValueError, AttributeError):
        return "un identificador UUID"


# The columns' limits (storage/models.py): PostgreSQL enforces them, SQLite would not. The
# free texts' lengths are the form's (domain.inoperatividad_texts), measured by ``_texts``.
FIELD_CHECKS: dict[str, Check] = {
    "correlativo": _positive, "channel": _choice(Channel),
    "responsible_name": _text(required=True),
    "responsible_role": _choice(ResponsibleRole), "started_at": _moment,
    "ended_at": _optional(_moment), "applications": _list_of(str, "una lista de textos"),
    "sicar_payment": _flag, "request_type": _choice(RequestType), "request_code": _text(60),
    "scenario": _choice(Scenario), "motivo": _text(60), "detail": _text(),
    "alert_sent": _flag, "alert_at": _optional(_moment), "alert_reference": _text(),
    "not_intermittent": _flag, "whole_point_down": _flag,
    "customers": _list_of(dict, "una lista de clientes"), "critical_attention": _text(),
    "status": _choice(RecordStatus), "annul_reason": _text(), "annulled_at": _optional(_moment),
    "regularization": _choice(RegularizationState), "atc_number": _optional(_text(40)),
    "regularized_at": _optional(_moment), "closure_motive": _text(60),
    "closure_sustento": _text(), "closed_at": _optional(_moment),
}
_ENVELOPE: dict[str, Check] = {"uuid": _uuid, "version": _version, "created_at": _moment}
_POINT: dict[str, Check] = {"code": _text(40, required=True),
                            "name": _text(120, required=True),
                            "kind": _choice(AttentionPointKind)}
_AUTHOR: dict[str, Check] = {"login": _text(40, required=True),
                             "full_name": _text(120, required=True), "role": _choice(Role),
                             "point_code": _text(40)}


@dataclass(frozen=True)
class PointSeen:
    """The package's point as this store has it (the one its registered key is for)."""

    id: int
    code: str
    name: str


def check_records(package: Package, point: PointSeen, catalogue: Catalogue, now: datetime,
                  fields: Sequence[str]) -> None:
    """Raise PackageError for the first record that is not as the point's export writes it, or
    that the package holds twice. ``now`` is when the point made the package."""
    first_with: dict[str, int] = {}
    for number, item in enumerate(package.records, start=1):
        problem = _problem(item, fields) or _belongs(item, point) or _rules(item, point,
                                                                           catalogue, now)
        if problem is None and item["uuid"] in first_with:
            problem = f"repite el uuid del registro {first_with[item['uuid']]}"
        if problem is not None:
            raise PackageError(f"{record_label(package.name, number, item, point.code)} {problem}. "
                               "No se importó nada.")
        first_with[item["uuid"]] = number
    own = [Outcome(record_number(point.code, i["fields"]["correlativo"]), i["uuid"], point.code,
                   i["fields"]["correlativo"], i["fields"]["request_type"],
                   i["fields"]["status"], i["fields"]["atc_number"], True)
           for i in package.records]
    found = clash(own, point.name)
    if found is not None:
        outcome, text = found
        number = own.index(outcome) + 1
        item = package.records[number - 1]
        raise PackageError(f"{record_label(package.name, number, item, point.code)} {text}. "
                           "No se importó nada.")


def record_label(name: str, number: int, item: Any, point_code: str) -> str:
    text = f"El registro {number} de {name}"
    fields = item.get("fields") if isinstance(item, dict) else None
    number = record_number(point_code, fields.get("correlativo")) \
        if isinstance(fields, dict) else ""
    if number and not number.endswith("-?"):
        return f"{text} ({number})"
    if isinstance(item, dict) and isinstance(item.get("uuid"), str):
        return f"{text} ({item['uuid'][:40]})"
    return text


def _belongs(item: dict[str, Any], point: PointSeen) -> str | None:
    """Every record and every person of the package is of the point that signed it."""
    if item["point"]["code"] != point.code:
        return (f"es del punto «{item['point']['code'][:40]}» y el paquete lo firmó "
                f"{point.code}: un punto solo envía sus propios registros")
    people = [("created_by", item["created_by"])] + [
        (f"people.{key}", person) for key, person in (item.get("people") or {}).items()
        if person is not None]
    for where, person in people:
        problem = person_problem(person, point.code)
        if problem:
            return f"nombra en «{where}» a «{person['login']}», que {problem}"
    return None


def _rules(item: dict[str, Any], point: PointSeen, catalogue: Catalogue,
           now: datetime) -> str | None:
    created = moment_problem(datetime.fromisoformat(item["created_at"]), now)
    if created:
        return f"tiene un problema en «created_at»: {created.rstrip('.')}"
    found = record_problem(item["fields"], point.id, catalogue, now)
    if found is None:
        return None
    field, message = found
    return f"tiene un problema en «{field}»: {message.rstrip('.')}"


def _problem(item: Any, fields: Sequence[str]) -> str | None:
    if not isinstance(item, dict):
        return "no es un objeto JSON con los campos de un evento"
    return (_section(item, _ENVELOPE, "")
            or _nested(item, "point", _POINT) or _nested(item, "created_by", _AUTHOR)
            or _people(item)
            or _nested(item, "fields", {f: FIELD_CHECKS[f] for f in fields}, prefix="")
            or _texts(item["fields"]))


def _texts(fields: dict[str, Any]) -> str | None:
    """The form's limits on every free text, the customers' too (inoperatividad_texts): a
    package must not store what the form would have refused."""
    for field, message in text_errors(fields).items():
        return (f"tiene en «{field}» un texto más largo de lo que admite el formato "
                f"({message.rstrip('.')})")
    return None


def _people(item: dict[str, Any]) -> str | None:
    """Who regularized, closed or annulled at the point: absent in packages of earlier
    versions; when present, each is nobody (null) or a person like ``created_by``."""
    people = item.get("people", {})
    if not isinstance(people, dict):
        return "tiene en «people» algo que no es un objeto"
    for key, person in people.items():
        if key not in PEOPLE:
            return f"tiene en «people» a «{str(key)[:40]}», que un paquete no lleva"
        if person is None:
            continue
        if not isinstance(person, dict):
            return f"tiene en «people.{key}» algo que no es una persona"
        problem = _section(person, _AUTHOR, f"people.{key}.")
        if problem:
            return problem
    return None


def _nested(item: dict[str, Any], key: str, checks: dict[str, Check],
            prefix: str | None = None) -> str | None:
    if not isinstance(item.get(key), dict):
        return f"no tiene el campo «{key}» (un objeto)"
    return _section(item[key], checks, f"{key}." if prefix is None else prefix)


def _section(data: dict[str, Any], checks: dict[str, Check], prefix: str) -> str | None:
    for key, check in checks.items():
        if key not in data:
            return f"no tiene el campo «{prefix}{key}»"
        expected = check(data[key])
        if expected is not None:
            return (f"tiene en «{prefix}{key}» el valor {_shown(data[key])}, que no es "
                    f"{expected}")
    return None


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"«{text[:60]}{'…' if len(text) > 60 else ''}»"
