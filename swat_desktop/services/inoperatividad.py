"""Inoperatividad records: the catalogues in the store, saving a record with its correlativo,
the one-open-record rule, annulment, and the drafts the form autosaves."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from swat_desktop.domain.attention_points import AttentionPointKind, Channel
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import (
    AttentionPointView,
    Catalogue,
    InoperatividadRecord,
    Option,
    RecordInput,
    RecordStatus,
    RequestType,
    record_from_dict,
    record_to_dict,
    validate_record,
)
from swat_desktop.domain.inoperatividad_flow import reason_errors
from swat_desktop.domain.permissions import Action, Target, refusal, require
from swat_desktop.io.inoperatividad_catalogue import read_catalogue
from swat_desktop.paths import resource
from swat_desktop.services import audit, versioning
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.inoperatividad_drafts import (
    Draft,
    discard_draft,
    has_drafts,
    pending_drafts,
    save_draft,
)
from swat_desktop.services.lookup import get_or_refuse
from swat_desktop.storage.models import (
    AttentionPoint,
    CatalogueItem,
    CorrelativoCounter,
    InoperatividadDraft,
    InoperatividadRecordRow,
    User,
)

Row = InoperatividadRecordRow
# The drafts live in inoperatividad_drafts; the form reaches them here, with the records.
__all__ = ["Draft", "OpenRecordExists", "StaleRecordError", "annul", "attention_points",
           "catalogue", "catalogue_in", "discard_draft", "ensure_seeded", "find_by_number",
           "form_refusal", "get_record", "has_drafts", "insert_record_in", "list_records",
           "next_correlativos_in", "open_record", "pending_drafts", "record_in", "records_in",
           "save_draft", "save_record", "user_names", "user_point", "view_in"]
_KINDS = ("applications", "request_types", "consultas", "non_regulated", "critical_requests",
          "scenarios", "closure_motives", "responsible_roles")

class OpenRecordExists(Exception):
    """The point already has an open record of this request type: open that one instead."""

    def __init__(self, record: InoperatividadRecord) -> None:
        super().__init__(f"Ya hay un registro abierto de este tipo de trámite en "
                         f"{record.point.name}: el {record.number}. Se abre ese registro.")
        self.record = record


class StaleRecordError(Exception):
    """Somebody else changed the record first."""


# Catalogues -------------------------------------------------------------------------------


def ensure_seeded(db: Store) -> int:
    """Add the shipped catalogue entries and attention points whose code is missing; entries
    already stored (perhaps renamed by an administrator) are left alone."""
    shipped = read_catalogue(resource("catalogues", "inoperatividad.json"))
    wanted: list[tuple[str, str, Option, int]] = []
    for kind in _KINDS:
        wanted += [(kind, "", o, i) for i, o in enumerate(getattr(shipped, kind))]
    for scenario, motivos in shipped.motivos.items():
        wanted += [("motivos", scenario, o, i) for i, o in enumerate(motivos)]
    for request_type, requests in shipped.requests.items():
        wanted += [("requests", request_type, o, i) for i, o in enumerate(requests)]
    points = _shipped_points(db.clock.now())
    with session_scope(db, write=True) as session:  # every desktop of a célula seeds at start-up
        present = {(kind, parent, code) for kind, parent, code in session.execute(
            select(CatalogueItem.kind, CatalogueItem.parent, CatalogueItem.code))}
        missing = [w for w in wanted if (w[0], w[1], w[2].code) not in present]
        session.add_all(CatalogueItem(kind=kind, parent=parent, code=o.code, label=o.label,
                                      detail=o.detail, group=o.group, sort_order=order)
                        for kind, parent, o, order in missing)
        codes = set(session.scalars(select(AttentionPoint.code)))
        new_points = [p for p in points if p.code not in codes]
        session.add_all(new_points)
        return len(missing) + len(new_points)


def _shipped_points(now: datetime) -> list[AttentionPoint]:
    with resource("catalogues", "attention_points.csv").open(encoding="utf-8",
                                                            newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return [AttentionPoint(code=r["code"], name=r["name"], kind=r["kind"],
                           channel=AttentionPointKind(r["kind"]).channel.value, active=True,
                           created_at=now)
            for r in rows]


def catalogue(db: Store) -> Catalogue:
    """The catalogues as stored (active entries, in their order)."""
    with session_scope(db) as session:
        return _catalogue(session)


def catalogue_in(session: Session) -> Catalogue:
    """The catalogues inside a use case's own transaction (an import checks against them)."""
    return _catalogue(session)


def _catalogue(session: Session) -> Catalogue:
    items = list(session.scalars(
        select(CatalogueItem).where(CatalogueItem.active.is_(True))
        .order_by(CatalogueItem.kind, CatalogueItem.parent, CatalogueItem.sort_order)))

    def of(kind: str, parent: str = "") -> tuple[Option, ...]:
        return tuple(Option(i.code, i.label, i.detail, i.group) for i in items
                     if i.kind == kind and i.parent == parent)

    scenarios, request_types = of("scenarios"), of("request_types")
    return Catalogue(
        applications=of("applications"), request_types=request_types,
        consultas=of("consultas"), non_regulated=of("non_regulated"),
        critical_requests=of("critical_requests"), scenarios=scenarios,
        motivos={s.code: of("motivos", s.code) for s in scenarios},
        closure_motives=of("closure_motives"), responsible_roles=of("responsible_roles"),
        requests={t.code: of("requests", t.code) for t in request_types},
    )


def _point_view(point: AttentionPoint) -> AttentionPointView:
    kind = AttentionPointKind(point.kind)
    return AttentionPointView(point.id, point.code, point.name, point.kind, kind.label,
                              point.channel, Channel(point.channel).label)


def attention_points(db: Store) -> list[AttentionPointView]:
    with session_scope(db) as session:
        return [_point_view(p) for p in session.scalars(
            select(AttentionPoint).where(AttentionPoint.active.is_(True))
            .order_by(AttentionPoint.name))]


def user_point(db: Store, user: UserProfile) -> AttentionPointView | None:
    """The point a CAC supervisor declared when identifying: the form's default."""
    with session_scope(db) as session:
        point = session.scalar(select(AttentionPoint).join(
            User, User.attention_point_id == AttentionPoint.id).where(User.id == user.id))
        return _point_view(point) if point is not None else None


# Records ----------------------------------------------------------------------------------


def form_refusal(user: UserProfile) -> str | None:
    """Why ``user`` is never offered a blank Formato Manual (None when they are): the rule
    save_record applies, asked before the form is shown instead of after it is filled."""
    return refusal(user, Action.SAVE_RECORD)


def _view(session: Session, row: Row) -> InoperatividadRecord:
    point = session.get(AttentionPoint, row.attention_point_id)
    assert point is not None
    names = user_names(session, {row.created_by, row.annulled_by})
    return _record(row, point, names)


def _record(row: Row, point: AttentionPoint, names: dict[int, str]) -> InoperatividadRecord:
    """``names``: the full names of the people the row names, by user id."""
    data = record_from_dict({c.key: getattr(row, c.key) for c in Row.__table__.columns
                             if c.key in _DATA_COLUMNS} | {
        "attention_point_id": row.attention_point_id,
        "started_at": row.started_at.isoformat(),
        "ended_at": row.ended_at.isoformat() if row.ended_at else None,
        "alert_at": row.alert_at.isoformat() if row.alert_at else None,
    })
    return InoperatividadRecord(
        id=row.id, uuid=row.uuid, correlativo=row.correlativo, point=_point_view(point),
        data=data, status=RecordStatus(row.status), created_by=names.get(row.created_by, ""),
        created_at=row.created_at, annul_reason=row.annul_reason, version=row.version,
        annulled_at=row.annulled_at, annulled_by=names.get(row.annulled_by or 0, ""),
    )


# Columns copied one to one from the form; the point, the times and the numbering are set
# by the save itself.
_DATA_COLUMNS = frozenset(record_to_dict(RecordInput())) - {"attention_point_id", "started_at",
                                                             "ended_at", "alert_at"}


def _columns(data: RecordInput) -> dict[str, Any]:
    values = {k: v for k, v in record_to_dict(data).items() if k in _DATA_COLUMNS}
    values.update(started_at=data.started_at, ended_at=data.ended_at, alert_at=data.alert_at)
    return values


def get_record(db: Store, record_id: int) -> InoperatividadRecord:
    with session_scope(db) as session:
        return record_in(session, record_id)


def record_in(session: Session, record_id: int) -> InoperatividadRecord:
    """``get_record`` inside the caller's transaction."""
    return _view(session, get_or_refuse(session, Row, record_id, "registro",
                                        f"No existe el registro {record_id}."))


def find_by_number(db: Store, number: str) -> InoperatividadRecord:
    """A record by the number people see on the form and in the reports (CAC-…-000042)."""
    code, _, digits = number.strip().upper().rpartition("-")
    if not code or not digits.isdigit():
        raise ValidationError({"registro": f"«{number}» no es un número de registro: se "
                                           "escribe como CAC-SAN-ISIDRO-000042."})
    with session_scope(db) as session:
        row = session.scalar(select(Row).join(
            AttentionPoint, AttentionPoint.id == Row.attention_point_id).where(
            AttentionPoint.code == code, Row.correlativo == int(digits)))
        if row is None:
            raise ValidationError({"registro": f"No existe el registro {number.strip()}."})
        return _view(session, row)


def list_records(db: Store, point_id: int | None = None,
                 status: RecordStatus | None = None) -> list[InoperatividadRecord]:
    """Newest first."""
    query = select(Row).order_by(Row.started_at.desc(), Row.id.desc())
    if point_id is not None:
        query = query.where(Row.attention_point_id == point_id)
    if status is not None:
        query = query.where(Row.status == status.value)
    with session_scope(db) as session:
        return records_in(session, list(session.scalars(query)))


def records_in(session: Session, rows: Sequence[Row]) -> list[InoperatividadRecord]:
    """The records of ``rows``, in their order. Their points and authors are read once, not
    per row (Control e Información lists thousands), and only those the rows name."""
    point_ids = {r.attention_point_id for r in rows}
    points = {p.id: p for p in session.scalars(
        select(AttentionPoint).where(AttentionPoint.id.in_(point_ids)))} if rows else {}
    names = user_names(session, {r.created_by for r in rows} | {r.annulled_by for r in rows})
    return [_record(r, points[r.attention_point_id], names) for r in rows]


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """The full names of the users ``ids`` names (None and unknown ids left out)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {i: name for i, name in session.execute(
        select(User.id, User.full_name).where(User.id.in_(wanted)))}


def open_record(db: Store, point_id: int, request_type: RequestType
                ) -> InoperatividadRecord | None:
    with session_scope(db) as session:
        row = _open_row(session, point_id, request_type)
        return _view(session, row) if row is not None else None


def _open_row(session: Session, point_id: int, request_type: RequestType) -> Row | None:
    return session.scalar(select(Row).where(
        Row.attention_point_id == point_id, Row.request_type == request_type.value,
        Row.status == RecordStatus.ABIERTO.value))


def next_correlativos_in(session: Session, point_id: int, count: int = 1) -> int:
    """Take the point's next ``count`` numbers at once and return the last one. Increment
    first: the UPDATE takes the write lock, so a concurrent save or pad waits for this
    transaction and then reads the numbers after ours (a pad's numbers stay together)."""
    for _attempt in range(2):
        bumped = session.execute(update(CorrelativoCounter)
                                 .where(CorrelativoCounter.attention_point_id == point_id)
                                 .values(last=CorrelativoCounter.last + count))
        if bumped.rowcount:  # type: ignore[attr-defined]
            return int(session.scalar(select(CorrelativoCounter.last).where(
                CorrelativoCounter.attention_point_id == point_id)) or 0)
        try:  # the point's first number; another session may be creating the counter too
            with session.begin_nested():
                session.add(CorrelativoCounter(attention_point_id=point_id, last=count))
            return count
        except IntegrityError:
            continue  # it did: increment the row it created
    raise RuntimeError("the correlativo counter could not be created")


def save_record(db: Store, actor: UserProfile, data: RecordInput,
                draft_id: int | None = None) -> InoperatividadRecord:
    """Validate, number and store a new record; its draft goes away in the same transaction.

    Raises ValidationError (field → message) or OpenRecordExists.
    """
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        row = insert_record_in(session, actor, data, now, Action.SAVE_RECORD)
        if draft_id is not None:
            draft = session.get(InoperatividadDraft, draft_id)
            if draft is not None and draft.user_id == actor.id:
                session.delete(draft)
        record = _view(session, row)
        audit.record(session, actor, "inoperatividad", row.uuid, "crear", None,
                     {"numero": record.number, **record_to_dict(data)}, at=now)
        return record


def insert_record_in(session: Session, actor: UserProfile, data: RecordInput, now: datetime,
                     action: Action, correlativo: int | None = None) -> Row:
    """The checked, numbered row inside the caller's transaction. ``correlativo`` is a number
    reserved on a pad (the transcription of its paper); None takes the point's next one."""
    errors = validate_record(data, _catalogue(session), actor.role, now)
    if errors:
        raise ValidationError(errors)
    assert data.attention_point_id is not None
    assert data.request_type is not None
    point = session.get(AttentionPoint, data.attention_point_id)
    if point is None or not point.active:
        raise ValidationError({"attention_point": "El punto de atención ya no existe."})
    require(actor, action, Target(point.id, _own_point(session, actor)),
            field="attention_point")
    existing = _open_row(session, point.id, data.request_type)
    if existing is not None:
        raise OpenRecordExists(_view(session, existing))
    number = correlativo if correlativo is not None else next_correlativos_in(session, point.id)
    row = Row(uuid=str(uuid.uuid4()), attention_point_id=point.id, correlativo=number,
              channel=point.channel, created_by=actor.id, created_at=now,
              status=RecordStatus.ABIERTO.value, **_columns(data))
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # another session opened the same type a moment ago
        raise ValidationError({"request_type": (
            "Otra persona acaba de abrir un registro de este tipo de trámite en el punto; "
            "vuelva a intentar para abrirlo.")}) from None
    return row


def view_in(session: Session, row: Row) -> InoperatividadRecord:
    """The record of ``row`` inside the caller's transaction."""
    return _view(session, row)


def _own_point(session: Session, actor: UserProfile) -> int | None:
    user = session.get(User, actor.id)
    return user.attention_point_id if user is not None else None


def annul(db: Store, actor: UserProfile, record_id: int, version: int,
          reason: str) -> InoperatividadRecord:
    """A record is never deleted: annulled with a reason, its correlativo stays used."""
    reason = reason.strip()
    errors = reason_errors(reason, empty="Escriba el motivo de la anulación.")
    if errors:
        raise ValidationError(errors)
    with session_scope(db, write=True) as session:
        row = get_or_refuse(session, Row, record_id, "registro", "El registro ya no existe.")
        if row.status == RecordStatus.ANULADO.value:
            raise ValidationError({"registro": "El registro ya está anulado."})
        require(actor, Action.ANNUL_RECORD,
                Target(row.attention_point_id, _own_point(session, actor)), field="registro")
        if not versioning.bump(session, Row, record_id, version):
            raise StaleRecordError("Otra persona cambió este registro; vuelva a abrirlo.")
        before = {"estado": row.status}
        row.status, row.annul_reason = RecordStatus.ANULADO.value, reason
        row.annulled_at, row.annulled_by = db.clock.now(), actor.id
        session.flush()
        audit.record(session, actor, "inoperatividad", row.uuid, "anular", before,
                     {"estado": row.status, "motivo": reason}, at=row.annulled_at)
        return _view(session, row)
