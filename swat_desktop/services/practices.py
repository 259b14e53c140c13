"""The management practices: a leader records the ones they held, and everybody allowed reads
the weekly compliance of each leader against the catalogue's goals.

A leader records, edits and deletes only their own practices (who led one is who recorded it:
identity is declared, and the practice's figures are that person's). A deletion keeps the row
with its reason, so the figures a leader was shown last week can still be explained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from swat_desktop.domain.clock import local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.identity import LEADERS, Role, UserProfile
from swat_desktop.domain.periods import Period
from swat_desktop.domain.permissions import Action, can, require
from swat_desktop.domain.practice_compliance import (
    DEFAULT_WEEKS,
    Leader,
    LeaderWeek,
    PracticesReport,
    earliest_start,
    last_weeks,
    leader_week,
    week_of,
)
from swat_desktop.domain.practices import (
    LinkKind,
    PracticeCatalogue,
    PracticeInput,
    PracticeLink,
    PracticeRecord,
    validate_practice,
)
from swat_desktop.io.atomic import ensure_folder
from swat_desktop.io.practices_catalogue import read_practices
from swat_desktop.io.practices_pdf import write_practices_pdf
from swat_desktop.io.practices_xlsx import write_practices_xlsx
from swat_desktop.paths import resource
from swat_desktop.services import audit, versioning
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.lookup import get_or_refuse
from swat_desktop.storage.models import MalEscaladoCase, PracticeSession, User
from swat_desktop.storage.models import PracticeLink as LinkRow

GONE = "La práctica ya no existe."
NOT_YOURS = "Solo quien dirigió la práctica la modifica o la elimina."
MIN_REASON = 5


class StalePracticeError(Exception):
    """Somebody else saved or deleted the practice since it was read."""


@dataclass(frozen=True)
class PracticeFiles:
    xlsx: Path
    pdf: Path


@cache
def _shipped() -> PracticeCatalogue:
    return read_practices(resource("catalogues", "practicas.json"))


def catalogue() -> PracticeCatalogue:
    """The shipped catalogue, read and checked once per run; CatalogueError when broken."""
    return _shipped()


# -- writing --------------------------------------------------------------------------------

def _clean(data: PracticeInput) -> PracticeInput:
    links = tuple(dict.fromkeys(
        PracticeLink(link.kind, link.value.strip()) for link in data.links if link.value.strip()))
    return replace(data, practice_code=data.practice_code.strip().upper(),
                   participants=" ".join(data.participants.split()), notes=data.notes.strip(),
                   follow_up=data.follow_up.strip(), links=links)


def _resolved_links(session: Session, links: Sequence[PracticeLink]) -> tuple[PracticeLink, ...]:
    """Each link checked against the bases; an advisor gets the name the bases give them."""
    cuentas = [link.value for link in links if link.kind is LinkKind.CUENTA]
    asesores = [link.value for link in links if link.kind is LinkKind.ASESOR]
    known_cuentas = set(session.scalars(
        select(MalEscaladoCase.cuenta).where(MalEscaladoCase.cuenta.in_(cuentas)).distinct()))
    names = dict(session.execute(
        select(MalEscaladoCase.asesor_id, MalEscaladoCase.asesor_nombre)
        .where(MalEscaladoCase.asesor_id.in_(asesores))).all())
    missing = [c for c in cuentas if c not in known_cuentas]
    missing += [a for a in asesores if a not in names]
    if missing:
        raise ValidationError({"vinculos": (
            "No están en las bases de mal escalados: " + ", ".join(missing)
            + ". Revise la cuenta o el id del asesor.")})
    return tuple(PracticeLink(link.kind, link.value,
                              names.get(link.value, "") if link.kind is LinkKind.ASESOR else "")
                 for link in links)


def _checked(db: Store, session: Session, actor: UserProfile, data: PracticeInput
             ) -> tuple[PracticeInput, PracticeCatalogue]:
    require(actor, Action.RECORD_PRACTICE)
    data = _clean(data)
    shipped = catalogue()
    errors = validate_practice(data, shipped, actor.role)
    if data.held_on > local_today(db.clock, BOGOTA):  # the célula's today
        errors["fecha"] = "Una práctica se registra cuando ya se hizo: la fecha es posterior a hoy."
    if errors:
        raise ValidationError(errors)
    return replace(data, links=_resolved_links(session, data.links)), shipped


def _snapshot(row: PracticeSession, links: Sequence[PracticeLink]) -> dict[str, object]:
    return {
        "practica": row.practice_code, "version_catalogo": row.catalogue_version,
        "fecha": row.held_on.isoformat(), "hora": row.start_time.strftime("%H:%M"),
        "participantes": row.participants, "duracion": row.duration_minutes,
        "notas": row.notes, "seguimiento": row.follow_up,
        "fecha_seguimiento": row.follow_up_due.isoformat() if row.follow_up_due else None,
        "vinculos": [f"{link.kind.value}: {link.value}" for link in links],
    }


def _write_fields(session: Session, row: PracticeSession, data: PracticeInput,
                  version: int) -> None:
    row.practice_code = data.practice_code
    row.catalogue_version = version
    row.held_on = data.held_on
    row.start_time = data.start_time.replace(second=0, microsecond=0)
    row.participants = data.participants
    row.duration_minutes = data.duration_minutes
    row.notes = data.notes
    row.follow_up = data.follow_up
    row.follow_up_due = data.follow_up_due
    session.flush()
    session.execute(delete(LinkRow).where(LinkRow.session_id == row.id))
    session.add_all(LinkRow(session_id=row.id, position=i, kind=link.kind.value,
                            value=link.value, label=link.label)
                    for i, link in enumerate(data.links))
    session.flush()


def record_practice(db: Store, actor: UserProfile, data: PracticeInput) -> PracticeRecord:
    """A practice the actor held, under the catalogue's current version."""
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        data, shipped = _checked(db, session, actor, data)
        row = PracticeSession(leader_id=actor.id, leader_role=actor.role.value, created_at=now,
                              updated_at=now, version=1, delete_reason="")
        session.add(row)
        _write_fields(session, row, data, shipped.version)
        audit.record(session, actor, "practica", row.id, "crear", None,
                     _snapshot(row, data.links), at=now)
        return _record(session, row)


def _own_live(session: Session, actor: UserProfile, practice_id: int,
              version: int) -> PracticeSession:
    """The actor's own practice, still counted, moved past the ``version`` they read."""
    row = get_or_refuse(session, PracticeSession, practice_id, "practica", GONE)
    if row.deleted_at is not None:
        raise ValidationError({"practica": GONE})
    if row.leader_id != actor.id:
        raise ValidationError({"practica": NOT_YOURS})
    if not versioning.bump(session, PracticeSession, row.id, version):
        raise StalePracticeError("La práctica cambió desde que la abrió; vuelva a abrirla.")
    return row


def edit_practice(db: Store, actor: UserProfile, practice_id: int, version: int,
                  data: PracticeInput) -> PracticeRecord:
    """Correct a practice the actor recorded, over the ``version`` they read."""
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        row = _own_live(session, actor, practice_id, version)  # whose first, then what
        data, shipped = _checked(db, session, actor, data)
        before = _snapshot(row, _links(session, row.id))
        _write_fields(session, row, data, shipped.version)
        row.updated_at = now
        audit.record(session, actor, "practica", row.id, "modificar", before,
                     _snapshot(row, data.links), at=now)
        return _record(session, row)


def delete_practice(db: Store, actor: UserProfile, practice_id: int, version: int,
                    reason: str) -> None:
    """Take a practice out of the figures (recorded by mistake, or twice); the row stays."""
    require(actor, Action.RECORD_PRACTICE)
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise ValidationError({"motivo": "Escriba por qué se elimina la práctica."})
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        row = _own_live(session, actor, practice_id, version)
        before = _snapshot(row, _links(session, row.id))
        row.deleted_at, row.deleted_by, row.delete_reason = now, actor.id, reason
        row.updated_at = now
        audit.record(session, actor, "practica", row.id, "eliminar", before,
                     {"motivo": reason}, at=now)


# -- reading --------------------------------------------------------------------------------

def _links_of(session: Session, practice_ids: Sequence[int]
              ) -> dict[int, tuple[PracticeLink, ...]]:
    """The links of many practices in one query (a week's registry lists hundreds)."""
    found: dict[int, list[PracticeLink]] = {i: [] for i in practice_ids}
    for link in session.scalars(select(LinkRow).where(LinkRow.session_id.in_(practice_ids))
                                .order_by(LinkRow.session_id, LinkRow.position)):
        found[link.session_id].append(PracticeLink(LinkKind(link.kind), link.value, link.label))
    return {i: tuple(links) for i, links in found.items()}


def _links(session: Session, practice_id: int) -> tuple[PracticeLink, ...]:
    return _links_of(session, [practice_id])[practice_id]


def _records(session: Session, rows: Sequence[PracticeSession]) -> list[PracticeRecord]:
    links = _links_of(session, [row.id for row in rows])
    names = dict(session.execute(select(User.id, User.full_name).where(
        User.id.in_({row.leader_id for row in rows}))).all())
    shipped = catalogue()
    records = []
    for row in rows:
        practice = shipped.get(row.practice_code)
        records.append(PracticeRecord(
            id=row.id, practice_code=row.practice_code,
            practice_name=practice.name if practice else row.practice_code,
            catalogue_version=row.catalogue_version, held_on=row.held_on,
            start_time=row.start_time, leader_id=row.leader_id,
            leader_name=names.get(row.leader_id, ""), leader_role=Role(row.leader_role),
            participants=row.participants, duration_minutes=row.duration_minutes,
            notes=row.notes, follow_up=row.follow_up, follow_up_due=row.follow_up_due,
            links=links[row.id], recorded_at=row.created_at, version=row.version))
    return records


def _record(session: Session, row: PracticeSession) -> PracticeRecord:
    return _records(session, [row])[0]


def _visible_leaders(session: Session, actor: UserProfile) -> list[Leader]:
    """Every active leader for whoever sees all; a leader sees themselves."""
    require(actor, Action.VIEW_PRACTICES)
    if not can(actor, Action.VIEW_ALL_PRACTICES):
        return [Leader(actor.id, actor.full_name, actor.login, actor.role)]
    users = session.scalars(select(User).where(
        User.role.in_([role.value for role in LEADERS]), User.active.is_(True))
        .order_by(User.full_name, User.login))
    return [Leader(u.id, u.full_name, u.login, Role(u.role)) for u in users]


def leaders(db: Store, actor: UserProfile) -> list[Leader]:
    with session_scope(db) as session:
        return _visible_leaders(session, actor)


def _chosen(session: Session, actor: UserProfile, leader_id: int | None) -> list[Leader]:
    visible = _visible_leaders(session, actor)
    if leader_id is None:
        return visible
    chosen = [leader for leader in visible if leader.id == leader_id]
    if not chosen:
        raise ValidationError({"lider": "Ese líder no está entre los que usted puede ver."})
    return chosen


def _held(session: Session, leader_ids: Sequence[int], start: date, end: date
          ) -> dict[int, list[tuple[str, date]]]:
    held: dict[int, list[tuple[str, date]]] = {i: [] for i in leader_ids}
    rows = session.execute(
        select(PracticeSession.leader_id, PracticeSession.practice_code,
               PracticeSession.held_on)
        .where(PracticeSession.leader_id.in_(leader_ids), PracticeSession.deleted_at.is_(None),
               PracticeSession.held_on.between(start, end)))
    for leader_id, code, day in rows:
        held[leader_id].append((code, day))
    return held


def _weeks_in(session: Session, chosen: Sequence[Leader], weeks: Sequence[Period]
              ) -> dict[int, list[LeaderWeek]]:
    shipped = catalogue()
    held = _held(session, [leader.id for leader in chosen], earliest_start(shipped, weeks),
                 weeks[-1].end)
    return {leader.id: [leader_week(leader, shipped, week, held[leader.id]) for week in weeks]
            for leader in chosen}


def week_view(db: Store, actor: UserProfile, day: date, leader_id: int | None = None
              ) -> list[LeaderWeek]:
    """The week of ``day`` for each leader the actor sees (or the one asked for)."""
    with session_scope(db) as session:
        chosen = _chosen(session, actor, leader_id)
        if not chosen:
            return []
        weeks = _weeks_in(session, chosen, [week_of(day)])
        return [weeks[leader.id][0] for leader in chosen]


def weeks_series(db: Store, actor: UserProfile, leader_id: int, day: date,
                 count: int = DEFAULT_WEEKS) -> list[LeaderWeek]:
    """The leader's last ``count`` weeks up to the one of ``day``, oldest first."""
    with session_scope(db) as session:
        chosen = _chosen(session, actor, leader_id)
        return _weeks_in(session, chosen, last_weeks(day, count))[leader_id]


def _registry(session: Session, chosen: Sequence[Leader], period: Period
              ) -> list[PracticeRecord]:
    rows = session.scalars(
        select(PracticeSession)
        .where(PracticeSession.leader_id.in_([leader.id for leader in chosen]),
               PracticeSession.deleted_at.is_(None),
               PracticeSession.held_on.between(period.start, period.end))
        .order_by(PracticeSession.held_on, PracticeSession.start_time, PracticeSession.id))
    return _records(session, list(rows))


def registry(db: Store, actor: UserProfile, period: Period, leader_id: int | None = None
             ) -> list[PracticeRecord]:
    """The practices held in ``period`` by the leaders the actor sees, in the order held."""
    with session_scope(db) as session:
        return _registry(session, _chosen(session, actor, leader_id), period)


def week_report(db: Store, actor: UserProfile, day: date) -> PracticesReport:
    """The week's registry and every visible leader's compliance, from one read."""
    with session_scope(db, snapshot=True) as session:
        chosen = _visible_leaders(session, actor)
        week = week_of(day)
        weeks = _weeks_in(session, chosen, [week]) if chosen else {}
        return PracticesReport(
            week=week, catalogue_version=catalogue().version,
            leaders=tuple(weeks[leader.id][0] for leader in chosen),
            records=tuple(_registry(session, chosen, week)) if chosen else (),
            scope=("Todos los líderes" if can(actor, Action.VIEW_ALL_PRACTICES)
                   else f"{actor.full_name} ({actor.role.label})"),
            generated_at=db.clock.now(), generated_by=actor.full_name)


def week_file_stem(week: Period) -> str:
    return f"Prácticas de gestión {week.file_tag}"


def export_week(db: Store, actor: UserProfile, day: date, folder: Path) -> PracticeFiles:
    """The week's registry as a workbook and a PDF, named by the ISO week."""
    ensure_folder(folder)
    report = week_report(db, actor, day)
    stem = week_file_stem(report.week)
    return PracticeFiles(xlsx=write_practices_xlsx(folder / f"{stem}.xlsx", report),
                         pdf=write_practices_pdf(folder / f"{stem}.pdf", report))
