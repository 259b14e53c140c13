"""Exchange of inoperatividad events between attention points (each on its own offline store)
and Control e Información, which imports the packages of many points into its store.

Import is one transaction and idempotent by UUID. A record that comes back with a newer
version from its point is updated; the same record with other content and no newer version
is a conflict, reported and left untouched until someone chooses. Fields that only Control e
Información writes (Procesos' answer, approvals, the report mark) never travel.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from swat_desktop.domain.attention_points import AttentionPointKind
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.inoperatividad import RecordStatus
from swat_desktop.domain.inoperatividad_flow import RegularizationState
from swat_desktop.io.exchange_package import PackageError, read_package, write_package
from swat_desktop.services import audit
from swat_desktop.services.package_check import check_records
from swat_desktop.storage.database import Database
from swat_desktop.storage.models import AttentionPoint, InoperatividadRecordRow, User

Row = InoperatividadRecordRow
__all__ = ["Conflict", "ImportResult", "PackageError", "export_events", "import_package",
           "keep_ours", "take_theirs"]

# What the point owns: its form, its closure, its regularization, its annulment.
POINT_FIELDS = (
    "correlativo", "channel", "responsible_name", "responsible_role", "started_at", "ended_at",
    "applications", "sicar_payment", "request_type", "request_code", "scenario", "motivo",
    "detail", "alert_sent", "alert_at", "alert_reference", "not_intermittent",
    "whole_point_down", "customers", "critical_attention", "status", "annul_reason",
    "annulled_at", "regularization", "atc_number", "regularized_at", "closure_motive",
    "closure_sustento", "closed_at",
)
# Who did what at the point: carried as people, stored here as (inactive) profiles.
PEOPLE = ("regularized_by", "closed_by", "annulled_by")
_MOMENTS = {"started_at", "ended_at", "alert_at", "annulled_at", "regularized_at", "closed_at"}
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


def _plain(field: str, value: Any) -> Any:
    return value.isoformat() if field in _MOMENTS and value is not None else value


def _typed(field: str, value: Any) -> Any:
    return datetime.fromisoformat(value) if field in _MOMENTS and value is not None else value


def _fields(row: Row) -> dict[str, Any]:
    return {f: _plain(f, getattr(row, f)) for f in POINT_FIELDS}


def export_events(db: Database, path: Path, point_id: int | None = None) -> Path:
    """Every record (annulled ones too) of a point, or of the whole store."""
    with db.session_scope() as session:
        query = select(Row).order_by(Row.attention_point_id, Row.correlativo)
        if point_id is not None:
            query = query.where(Row.attention_point_id == point_id)
        rows = list(session.scalars(query))
        points = {p.id: p for p in session.scalars(select(AttentionPoint))}
        users = {u.id: u for u in session.scalars(select(User))}

        def person(user_id: int | None) -> dict[str, Any] | None:
            if user_id is None:
                return None
            user = users[user_id]
            own = points.get(user.attention_point_id or 0)
            return {"login": user.login, "full_name": user.full_name, "role": user.role,
                    "point_code": own.code if own else ""}

        payload = []
        for row in rows:
            point = points[row.attention_point_id]
            payload.append({
                "uuid": row.uuid, "version": row.version, "created_at": row.created_at.isoformat(),
                "point": {"code": point.code, "name": point.name, "kind": point.kind},
                "created_by": person(row.created_by),
                "people": {key: person(getattr(row, key)) for key in PEOPLE},
                "fields": _fields(row),
            })
        origin = points[point_id].code if point_id is not None else "todos los puntos"
    return write_package(path, payload, origin, db.clock.now().isoformat())


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
    if field in _MOMENTS:
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


def _require_control(actor: UserProfile) -> None:
    """Packages flow from the points to Control e Información, which consolidates them."""
    if actor.role is not Role.CONTROL_INFORMACION:
        raise ValidationError({"rol": "Solo Control e Información importa paquetes de los "
                                      "puntos de atención."})


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


def _point(session: Session, data: dict[str, Any], now: datetime) -> AttentionPoint:
    point = session.scalar(select(AttentionPoint).where(AttentionPoint.code == data["code"]))
    if point is None:
        kind = AttentionPointKind(data["kind"])
        point = AttentionPoint(code=data["code"], name=data["name"], kind=kind.value,
                               channel=kind.channel.value, active=True, created_at=now)
        session.add(point)
        session.flush()
    return point


def _author(session: Session, data: dict[str, Any], record_point: AttentionPoint,
            now: datetime) -> User:
    """A person of the point (who registered, regularized, closed or annulled), kept as an
    inactive profile here with their own point — the evaluation of an unforeseen event asks
    whether the point's responsible registered it. Packages written before the point was
    carried leave it out: a CAC supervisor's is then the record's point."""
    user = session.scalar(select(User).where(User.login == data["login"]))
    if user is None:
        role = Role(data["role"])
        code = data.get("point_code") or ""
        own = session.scalar(select(AttentionPoint).where(AttentionPoint.code == code)) \
            if code else (record_point if role is Role.SUPERVISOR_CAC else None)
        user = User(login=data["login"], full_name=data["full_name"], role=role,
                    unit=own.name if own else "", active=False,
                    attention_point_id=own.id if own else None, created_at=now,
                    updated_at=now)
        session.add(user)
        session.flush()
    return user


def _digest(fields: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()


def _take(session: Session, row: Row, item: dict[str, Any], point: AttentionPoint,
          now: datetime) -> None:
    """The package's version becomes this store's, remembered as last imported."""
    _apply(row, item["fields"])
    for key in PEOPLE:
        who = (item.get("people") or {}).get(key)
        setattr(row, key, _author(session, who, point, now).id if who else None)
    row.source_version = item["version"]
    row.source_digest = _digest(item["fields"])
    row.kept_digest = None


def _number(point_code: str, correlativo: int) -> str:
    return f"{point_code}-{correlativo:06d}"


def _apply(row: Row, fields: dict[str, Any]) -> None:
    for field in POINT_FIELDS:
        setattr(row, field, _typed(field, fields[field]))


def import_package(db: Database, actor: UserProfile, path: Path) -> ImportResult:
    """All new and updated records in one transaction; conflicts reported, never written."""
    _require_control(actor)
    manifest, records = read_package(path)
    check_records(path.name, records, POINT_FIELDS)
    added = updated = unchanged = 0
    conflicts: list[Conflict] = []
    now = db.clock.now()
    try:
        with db.session_scope(write=True) as session:
            for item in records:
                fields = item["fields"]
                row = session.scalar(select(Row).where(Row.uuid == item["uuid"]))
                if row is None:
                    point = _point(session, item["point"], now)
                    author = _author(session, item["created_by"], point, now)
                    row = Row(uuid=item["uuid"], attention_point_id=point.id,
                              created_by=author.id,
                              created_at=datetime.fromisoformat(item["created_at"]))
                    _take(session, row, item, point, now)
                    session.add(row)
                    added += 1
                    continue
                mine = _fields(row)
                if mine == fields or row.kept_digest == _digest(fields):
                    unchanged += 1  # the same, or a version someone here already declined
                    continue
                # Changed here since the last import? Then a newer version is a conflict too.
                untouched_here = row.source_digest in (None, _digest(mine))
                if (row.source_version is not None and item["version"] > row.source_version
                        and untouched_here):
                    _take(session, row, item, _point(session, item["point"], now), now)
                    row.version += 1
                    updated += 1
                    continue
                conflicts.append(Conflict(
                    item["uuid"], _number(item["point"]["code"], fields["correlativo"]),
                    {k: (mine[k], fields[k]) for k in POINT_FIELDS if mine[k] != fields[k]}))
            session.flush()
            audit.record(session, actor, "paquete", path.name, "importar", None, {
                "origen": manifest.get("origin", ""), "nuevos": added, "actualizados": updated,
                "sin_cambios": unchanged, "conflictos": [c.number for c in conflicts]},
                at=now)
    except IntegrityError:
        raise ValidationError({"paquete": (
            f"{path.name} choca con registros de este equipo (mismo correlativo o número de "
            "ATC en otro registro): no se importó nada.")}) from None
    except (KeyError, TypeError, ValueError):  # a record missing a field or with a bad one
        raise PackageError(f"{path.name} tiene registros incompletos: no se importó "
                           "nada.") from None
    return ImportResult(str(manifest.get("origin", "")), added, updated, unchanged,
                        tuple(conflicts))


def take_theirs(db: Database, actor: UserProfile, path: Path, uuid: str) -> None:
    """Resolve a conflict in favour of the package's version of the record."""
    item = _packaged(actor, path, uuid)
    now = db.clock.now()
    with db.session_scope(write=True) as session:
        row = _local(session, uuid)
        before = _fields(row)
        _take(session, row, item, _point(session, item["point"], now), now)
        row.version += 1
        session.flush()
        audit.record(session, actor, "inoperatividad", uuid, "resolver_conflicto", before,
                     _fields(row), at=now)


def keep_ours(db: Database, actor: UserProfile, path: Path, uuid: str) -> None:
    """Resolve a conflict in favour of this store: nothing changes but the decision is
    audited, so whoever reviews the record later knows the package's version was seen."""
    item = _packaged(actor, path, uuid)
    with db.session_scope(write=True) as session:
        row = _local(session, uuid)
        # Importing this package again does not ask again; a newer version from the point
        # will, since this store differs from what it last received.
        row.kept_digest = _digest(item["fields"])
        audit.record(session, actor, "inoperatividad", uuid, "conservar_conflicto",
                     item["fields"], _fields(row), at=db.clock.now())


def _local(session: Session, uuid: str) -> Row:
    row = session.scalar(select(Row).where(Row.uuid == uuid))
    if row is None:
        raise ValidationError({"paquete": "El registro no existe en este equipo."})
    return row


def _packaged(actor: UserProfile, path: Path, uuid: str) -> dict[str, Any]:
    _require_control(actor)
    _, records = read_package(path)
    check_records(path.name, records, POINT_FIELDS)
    item = next((r for r in records if r["uuid"] == uuid), None)
    if item is None:
        raise ValidationError({"paquete": "El registro ya no está en el paquete."})
    return item
