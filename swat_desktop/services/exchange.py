"""Exchange of inoperatividad events between attention points (each on its own offline store)
and Control e Información, which imports the packages of many points into its store.

A package is one point's records, signed with the point's key (io/exchange_package.py).
Import is one transaction and idempotent by UUID; before its first write the package's key must
be the one registered for its point (services/package_keys.py), every record must pass the
form's and the flow's rules (services/package_check.py) and the plan must fit the store
(services/exchange_plan.py). A record that comes back with a newer version from its point is
updated; the same record with other content and no newer version is a conflict, reported and
left untouched until someone chooses. Fields that only Control e Información writes (Procesos'
answer, approvals, the report mark) never travel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from swat_desktop.domain import permissions
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.inoperatividad import RecordStatus
from swat_desktop.domain.inoperatividad_flow import RegularizationState
from swat_desktop.domain.inoperatividad_package import made_at, record_number
from swat_desktop.io import package_keys
from swat_desktop.io.exchange_package import PackageError, read_package, write_package
from swat_desktop.services import audit
from swat_desktop.services.exchange_plan import (
    MOMENTS,
    POINT_FIELDS,
    Action,
    Step,
    carried,
    digest,
    plan_import,
    row_fields,
    typed,
)
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.inoperatividad import catalogue_in
from swat_desktop.services.lookup import get_or_refuse
from swat_desktop.services.package_check import PEOPLE, PointSeen, check_records
from swat_desktop.services.package_keys import trusted_point
from swat_desktop.storage.models import AttentionPoint, InoperatividadRecordRow, User

Row = InoperatividadRecordRow
__all__ = ["POINT_FIELDS", "Conflict", "ImportResult", "PackageError", "export_events",
           "import_package", "keep_ours", "receive_push", "take_theirs"]

# How a difference reads to the person choosing between the two versions.
FIELD_LABELS = {
    "correlativo": "Correlativo", "channel": "Canal", "responsible_name": "Responsable",
    "responsible_role": "Cargo del responsable", "started_at": "Inicio", "ended_at": "Fin",
    "applications": "Aplicativos", "sicar_payment": "Pago SICAR",
    "request_type": "Tipo de trámite", "request_code": "Trámite", "scenario": "Escenario",
    "motivo": "Motivo", "detail": "Detalle", "alert_sent": "Alerta enviada",
    "alert_at": "Hora de la alerta", "alert_reference": "Referencia de la alerta",
    "not_intermittent": "No es intermitencia", "whole_point_down": "Todo el punto caído",
    "customers": "Clientes", "critical_attention": "Cómo se atendió a los críticos",
    "status": "Estado", "annul_reason": "Motivo de anulación", "annulled_at": "Anulado el",
    "regularization": "Regularización en ATC", "atc_number": "N.º de ATC",
    "regularized_at": "Regularizado el", "closure_motive": "Motivo de cierre",
    "closure_sustento": "Sustento del cierre", "closed_at": "Cerrado el",
}


def export_events(db: Store, path: Path, point_id: int, keys_dir: Path) -> Path:
    """Every record (annulled ones too) of a point, signed with the point's key on this
    computer (created on the first export: io/package_keys.py). A package is one point's:
    Control e Información accepts from a point only its own records."""
    with session_scope(db) as session:
        point = get_or_refuse(session, AttentionPoint, point_id, "punto",
                              "El punto de atención ya no existe.")
        rows = list(session.scalars(select(Row).where(Row.attention_point_id == point_id)
                                    .order_by(Row.correlativo)))
        points = {p.id: p.code for p in session.scalars(select(AttentionPoint))}
        users = {u.id: u for u in session.scalars(select(User))}

        def person(user_id: int | None) -> dict[str, Any] | None:
            if user_id is None:
                return None
            user = users[user_id]
            return {"login": user.login, "full_name": user.full_name, "role": user.role,
                    "point_code": points.get(user.attention_point_id or 0, "")}

        payload = [{
            "uuid": row.uuid, "version": row.version, "created_at": row.created_at.isoformat(),
            "point": {"code": point.code, "name": point.name, "kind": point.kind},
            "created_by": person(row.created_by),
            "people": {key: person(getattr(row, key)) for key in PEOPLE},
            "fields": row_fields(row),
        } for row in rows]
        code = point.code
    key = package_keys.point_key(keys_dir, code)
    return write_package(path, payload, code, db.clock.now().isoformat(), key)


@dataclass(frozen=True)
class Conflict:
    uuid: str
    number: str
    differences: dict[str, tuple[Any, Any]]  # field -> (this store, the package)

    def lines(self) -> list[tuple[str, str, str]]:
        """(field, this store, the package) as a person compares them."""
        return [(FIELD_LABELS.get(field, field), _readable(field, mine), _readable(field, theirs))
                for field, (mine, theirs) in self.differences.items()]


def _readable(field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(vacío)"
    if field in MOMENTS:
        return format_datetime(datetime.fromisoformat(value), LIMA)
    if field == "status":
        return RecordStatus(value).label
    if field == "regularization":
        return RegularizationState(value).label
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) if not isinstance(v, dict) else
                         " · ".join(str(x) for x in v.values() if x) for v in value)
    return str(value)


@dataclass(frozen=True)
class ImportResult:
    origin: str
    added: int
    updated: int
    unchanged: int
    conflicts: tuple[Conflict, ...]

    @property
    def message(self) -> str:
        added = ("1 registro nuevo" if self.added == 1
                 else f"{self.added} registros nuevos")
        updated = "1 actualizado" if self.updated == 1 else f"{self.updated} actualizados"
        text = f"Paquete de {self.origin}: {added}, {updated}, {self.unchanged} sin cambios"
        if self.conflicts:
            text += f", {len(self.conflicts)} en conflicto (no se tocaron)"
        return text + "."


def _checked(session: Session, path: Path, now: datetime) -> tuple[Any, PointSeen]:
    """The package, once its key is the one registered for its point and every record passed
    the checks; nothing has been written yet."""
    package = read_package(path)
    point = trusted_point(session, package)
    seen = PointSeen(point.id, point.code, point.name)
    made = made_at(package.created_at, now)
    if made is None:
        raise PackageError(f"{package.name} dice haber sido creado el "
                           f"«{package.created_at[:40]}», que no es una fecha creíble (el reloj "
                           "del equipo del punto está mal): no se importó nada.")
    check_records(package, seen, catalogue_in(session), made, POINT_FIELDS)
    return package, seen


def _author(session: Session, data: dict[str, Any], point: PointSeen, now: datetime) -> User:
    """A person of the point (who registered, regularized, closed or annulled), kept here as
    an inactive profile of that point — the evaluation of an unforeseen event asks whether the
    point's responsible registered it. The plan already refused any login that is a user of
    this office."""
    user = session.scalar(select(User).where(User.login == data["login"]))
    if user is None:
        user = User(login=data["login"], full_name=data["full_name"],
                    role=Role.SUPERVISOR_CAC, unit=point.name, active=False,
                    attention_point_id=point.id, created_at=now, updated_at=now)
        session.add(user)
        session.flush()
    return user


def _take(session: Session, row: Row, item: dict[str, Any], point: PointSeen,
          now: datetime) -> None:
    """The package's version becomes this store's, remembered as last imported."""
    fields = carried(item)
    for field in POINT_FIELDS:
        setattr(row, field, typed(field, fields[field]))
    for key in PEOPLE:
        who = (item.get("people") or {}).get(key)
        setattr(row, key, _author(session, who, point, now).id if who else None)
    row.source_version = item["version"]
    row.source_digest = digest(fields)
    row.kept_digest = None


def _write(session: Session, step: Step, point: PointSeen, now: datetime) -> None:
    item = step.item
    if step.action is Action.ADD:
        author = _author(session, item["created_by"], point, now)
        row = Row(uuid=item["uuid"], attention_point_id=point.id, created_by=author.id,
                  created_at=datetime.fromisoformat(item["created_at"]))
        _take(session, row, item, point, now)
        session.add(row)
    else:
        assert step.row is not None
        _take(session, step.row, item, point, now)
        step.row.version += 1


def _conflict(step: Step, point: PointSeen) -> Conflict:
    assert step.row is not None
    mine, theirs = row_fields(step.row), step.fields
    return Conflict(step.item["uuid"], record_number(point.code, theirs["correlativo"]),
                    {k: (mine[k], theirs[k]) for k in POINT_FIELDS if mine[k] != theirs[k]})


def _raced(name: str) -> ValidationError:
    """The plan fitted the store; another session wrote the same numbers in between."""
    return ValidationError({"paquete": (
        f"{name} choca con registros que otra persona acaba de guardar en este equipo (mismo "
        "correlativo, número de ATC o registro abierto): no se importó nada. Vuelva a "
        "importarlo.")})


def import_package(db: Store, actor: UserProfile, path: Path) -> ImportResult:
    """All new and updated records in one transaction; conflicts reported, never written."""
    permissions.require(actor, permissions.Action.RECEIVE_PACKAGE)
    return _import(db, actor, path, "importar")


def receive_push(db: Store, actor: UserProfile, path: Path) -> ImportResult:
    """A point's own package sent to the central store by its computer (services/sync.py):
    the same checks, plan and single transaction as a package imported by hand, taken by the
    point's supervisor for their own point only."""
    permissions.require(actor, permissions.Action.PUSH_EVENTS)
    return _import(db, actor, path, "sincronizar")


def _import(db: Store, actor: UserProfile, path: Path, verb: str) -> ImportResult:
    now = db.clock.now()
    try:
        with session_scope(db, write=True) as session:
            package, point = _checked(session, path, now)
            if verb == "sincronizar":
                user = session.get(User, actor.id)
                permissions.require(actor, permissions.Action.PUSH_EVENTS, permissions.Target(
                    point.id, user.attention_point_id if user else None), field="paquete")
            steps = plan_import(session, package, point)
            for step in steps:
                if step.action in (Action.ADD, Action.UPDATE):
                    _write(session, step, point, now)
            session.flush()
            count = {action: sum(s.action is action for s in steps) for action in Action}
            conflicts = tuple(_conflict(s, point) for s in steps if s.action is Action.CONFLICT)
            audit.record(session, actor, "paquete", path.name, verb, None, {
                "origen": point.code, "huella": package.fingerprint,
                "nuevos": count[Action.ADD], "actualizados": count[Action.UPDATE],
                "sin_cambios": count[Action.SAME],
                "conflictos": [c.number for c in conflicts]}, at=now)
    except IntegrityError:
        raise _raced(path.name) from None
    return ImportResult(point.code, count[Action.ADD], count[Action.UPDATE], count[Action.SAME],
                        conflicts)


def take_theirs(db: Store, actor: UserProfile, path: Path, uuid: str) -> None:
    """Resolve a conflict in favour of the package's version of the record, with the same
    checks as the import (the package is read, verified and planned again)."""
    permissions.require(actor, permissions.Action.RECEIVE_PACKAGE)
    now = db.clock.now()
    try:
        with session_scope(db, write=True) as session:
            package, point = _checked(session, path, now)
            step = _step(plan_import(session, package, point, take=uuid), uuid)
            before = row_fields(step.row) if step.row is not None else None
            _write(session, step, point, now)
            session.flush()
            assert step.row is not None
            audit.record(session, actor, "inoperatividad", uuid, "resolver_conflicto", before,
                         row_fields(step.row), at=now)
    except IntegrityError:
        raise _raced(path.name) from None


def keep_ours(db: Store, actor: UserProfile, path: Path, uuid: str) -> None:
    """Resolve a conflict in favour of this store: nothing changes but the decision is
    audited, so whoever reviews the record later knows the package's version was seen."""
    permissions.require(actor, permissions.Action.RECEIVE_PACKAGE)
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        package, point = _checked(session, path, now)
        step = _step(plan_import(session, package, point), uuid)
        assert step.row is not None
        # Importing this package again does not ask again; a newer version from the point
        # will, since this store differs from what it last received.
        step.row.kept_digest = digest(step.fields)
        audit.record(session, actor, "inoperatividad", uuid, "conservar_conflicto",
                     step.fields, row_fields(step.row), at=now)


def _step(steps: list[Step], uuid: str) -> Step:
    step = next((s for s in steps if s.item["uuid"] == uuid), None)
    if step is None:
        raise ValidationError({"paquete": "El registro ya no está en el paquete."})
    if step.row is None:
        raise ValidationError({"paquete": "El registro no existe en este equipo."})
    return step
