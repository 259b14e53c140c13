"""What an import would do to each record of a package, decided and checked against the store
before the first write.

Each record is new, newer from its point, the same, or in conflict. Before anything is written
the plan is held against this store: a record that exists here under another point is never
touched by this point's package; the point's records as they will stand hold no correlativo, no
ATC number and no open record of one request type twice (the database would refuse half way,
with a driver's message about a constraint); and a person the package names is never one of
this office's own profiles.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from swat_desktop.domain.identity import Role
from swat_desktop.domain.inoperatividad_package import POINT_ROLE, Outcome, clash, record_number
from swat_desktop.io.exchange_package import Package, PackageError
from swat_desktop.services.package_check import PEOPLE, PointSeen, record_label
from swat_desktop.storage.models import AttentionPoint, InoperatividadRecordRow, User

Row = InoperatividadRecordRow
# What the point owns: its form, its closure, its regularization, its annulment.
POINT_FIELDS = (
    "correlativo", "channel", "responsible_name", "responsible_role", "started_at", "ended_at",
    "applications", "sicar_payment", "request_type", "request_code", "scenario", "motivo",
    "detail", "alert_sent", "alert_at", "alert_reference", "not_intermittent",
    "whole_point_down", "customers", "critical_attention", "status", "annul_reason",
    "annulled_at", "regularization", "atc_number", "regularized_at", "closure_motive",
    "closure_sustento", "closed_at",
)
MOMENTS = frozenset({"started_at", "ended_at", "alert_at", "annulled_at", "regularized_at",
                     "closed_at"})
_CHUNK = 500  # uuids per query: far below every engine's limit on parameters


class Action(StrEnum):
    ADD = "nuevo"
    UPDATE = "actualizado"
    SAME = "sin cambios"
    CONFLICT = "conflicto"


@dataclass
class Step:
    number: int  # the record's place in the package, from 1
    item: dict[str, Any]
    row: Row | None
    action: Action

    @property
    def fields(self) -> dict[str, Any]:
        return carried(self.item)


def plain(field: str, value: Any) -> Any:
    return value.isoformat() if field in MOMENTS and value is not None else value


def typed(field: str, value: Any) -> Any:
    return datetime.fromisoformat(value) if field in MOMENTS and value is not None else value


def row_fields(row: Row) -> dict[str, Any]:
    return {f: plain(f, getattr(row, f)) for f in POINT_FIELDS}


def carried(item: dict[str, Any]) -> dict[str, Any]:
    """The point-owned fields of a packaged record, and nothing else it may carry."""
    return {f: item["fields"][f] for f in POINT_FIELDS}


def digest(fields: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()


def plan_import(session: Session, package: Package, point: PointSeen,
                take: str | None = None) -> list[Step]:
    """Every record's step, checked against the store; ``take`` is the uuid of a conflict
    resolved in the package's favour (its step becomes an update)."""
    rows = dict(_rows_by_uuid(session, [i["uuid"] for i in package.records]))
    steps = []
    for number, item in enumerate(package.records, start=1):
        row = rows.get(item["uuid"])
        if row is not None and row.attention_point_id != point.id:
            owner = session.get(AttentionPoint, row.attention_point_id)
            raise PackageError(
                f"{record_label(package.name, number, item, point.code)} es, en este equipo, "
                f"el registro {record_number(owner.code if owner else '?', row.correlativo)} de "
                f"otro punto: {point.code} solo cambia sus propios registros. No se importó "
                "nada.")
        steps.append(Step(number, item, row, _action(row, item, take)))
    _check_clashes(session, package, point, steps)
    _check_people(session, package, point, steps)
    return steps


def _rows_by_uuid(session: Session, uuids: list[str]) -> Iterator[tuple[str, Row]]:
    for start in range(0, len(uuids), _CHUNK):
        for row in session.scalars(select(Row).where(Row.uuid.in_(uuids[start:start + _CHUNK]))):
            yield row.uuid, row


def _action(row: Row | None, item: dict[str, Any], take: str | None) -> Action:
    if row is None:
        return Action.ADD
    if item["uuid"] == take:
        return Action.UPDATE
    mine, theirs = row_fields(row), carried(item)
    if mine == theirs or row.kept_digest == digest(theirs):
        return Action.SAME  # the same, or a version someone here already declined
    # Changed here since the last import? Then a newer version is a conflict too.
    untouched_here = row.source_digest in (None, digest(mine))
    if row.source_version is not None and item["version"] > row.source_version \
            and untouched_here:
        return Action.UPDATE
    return Action.CONFLICT


def _check_clashes(session: Session, package: Package, point: PointSeen,
                   steps: list[Step]) -> None:
    """The point's records as they will stand, and every record here with one of the
    package's ATC numbers: nothing the store's unique rules would refuse."""
    written = {s.item["uuid"]: s for s in steps if s.action in (Action.ADD, Action.UPDATE)}
    atc = {s.fields["atc_number"] for s in written.values() if s.fields["atc_number"]}
    stored = session.execute(select(
        Row.uuid, Row.correlativo, Row.request_type, Row.status, Row.atc_number,
        AttentionPoint.code).join(AttentionPoint, AttentionPoint.id == Row.attention_point_id)
        .where((Row.attention_point_id == point.id) | Row.atc_number.in_(sorted(atc) or [""])))
    outcomes = [Outcome(record_number(code, correlativo), uuid, code, correlativo, kind,
                        status, number, False)
                for uuid, correlativo, kind, status, number, code in stored
                if uuid not in written]
    outcomes += [_outcome(s, point) for s in written.values()]
    found = clash(outcomes, point.name)
    if found is not None:
        outcome, text = found
        step = written[outcome.uuid]
        raise PackageError(f"{record_label(package.name, step.number, step.item, point.code)} "
                           f"{text}. No se importó nada.")


def _outcome(step: Step, point: PointSeen) -> Outcome:
    fields = step.fields
    return Outcome(record_number(point.code, fields["correlativo"]), step.item["uuid"],
                   point.code, fields["correlativo"], fields["request_type"], fields["status"],
                   fields["atc_number"], True)


def people_of(step: Step) -> Iterable[tuple[str, dict[str, Any]]]:
    """Whom a written step names: the author of a new record, and who regularized, closed or
    annulled it."""
    if step.action is Action.ADD:
        yield "created_by", step.item["created_by"]
    for key in PEOPLE:
        person = (step.item.get("people") or {}).get(key)
        if person is not None and step.action in (Action.ADD, Action.UPDATE):
            yield f"people.{key}", person


def _check_people(session: Session, package: Package, point: PointSeen,
                  steps: list[Step]) -> None:
    """A login the package names may be a profile here only if it is that point's own
    supervisor (one an earlier package brought): never a user of this office."""
    named = {(s.number, where, p["login"]): s for s in steps for where, p in people_of(s)}
    logins = {login for _, _, login in named}
    users = {u.login: u for u in session.scalars(select(User).where(User.login.in_(logins)))} \
        if logins else {}
    for (_number, where, login), step in named.items():
        user = users.get(login)
        if user is None or (user.role == POINT_ROLE.value
                            and user.attention_point_id == point.id):
            continue
        role = next((r.label for r in Role if r.value == user.role), user.role)
        raise PackageError(
            f"{record_label(package.name, step.number, step.item, point.code)} nombra en "
            f"«{where}» a «{login}», que en este equipo es un usuario de {role} y no del "
            f"personal de {point.code}: un paquete no firma con los usuarios de este equipo. "
            "No se importó nada.")
