"""Pads of numbered paper forms (talonarios) and their transcription: reserving a point's next
N correlativos at once, listing them, annulling an unused one, and typing a paper form in
under its printed number. Each public function is one transaction.

The numbers come from the same per-point counter as a record saved on screen
(inoperatividad.next_correlativos_in), so the register stays gapless and ordered: a pad takes
N consecutive numbers, and a record saved meanwhile takes the next one after every pad.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import InoperatividadRecord, RecordInput, record_to_dict
from swat_desktop.domain.inoperatividad_flow import reason_errors
from swat_desktop.domain.inoperatividad_pads import (
    FORM_VERSION,
    Reservation,
    ReservationState,
    correlativo_code,
    fits_register,
    pad_size_error,
)
from swat_desktop.domain.permissions import Action, Target, require
from swat_desktop.io.atomic import check_target
from swat_desktop.services import audit, inoperatividad
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import AttentionPoint, PointKey, User
from swat_desktop.storage.models import CorrelativoReservation as Slot
from swat_desktop.storage.models import InoperatividadRecordRow as RecordRow

ENTITY = "talonario"


def reserve(db: Store, actor: UserProfile, point_code: str, count: int) -> list[Reservation]:
    """Reserve the point's next ``count`` correlativos, in order, for a pad to print."""
    with session_scope(db, write=True) as session:
        return _reserve(session, db, actor, point_code, count)


def write_pad(db: Store, actor: UserProfile, point_code: str, count: int,
              path: Path) -> tuple[Path, list[Reservation]]:
    """Reserve ``count`` numbers and print them as a pad, one blank form per number. The
    numbers are committed before the PDF is laid out (seconds for a big pad, which must not
    hold the point's counter locked against screen saves); a target that cannot be written
    is refused first, and if writing still fails the numbers stay reserved, listed by
    ``reservations``, to annul: never handed out twice."""
    from swat_desktop.io.formato_manual_pad import write_pad as write

    check_target(path)
    with session_scope(db, write=True) as session:
        taken = _reserve(session, db, actor, point_code, count)
        known = inoperatividad.catalogue_in(session)
    return write(path, known, taken, db.clock.now()), taken


def _reserve(session: Session, db: Store, actor: UserProfile, point_code: str,
             count: int) -> list[Reservation]:
    said = pad_size_error(count)
    if said:
        raise ValidationError({"cantidad": said})
    point = _point(session, point_code)
    require(actor, Action.RESERVE_CORRELATIVOS, Target(point.id, _own_point(session, actor)),
            field="punto")
    if _numbered_elsewhere(session, point):
        raise ValidationError({"punto": (
            f"Los correlativos de {point.name} los asigna el equipo del propio punto: sus "
            "registros llegan aquí en paquetes firmados con sus números. Imprima el talonario "
            "en el punto; uno reservado aquí repetiría números de allá.")})
    last = inoperatividad.next_correlativos_in(session, point.id, count)
    if not fits_register(last - count, count):  # checked after the lock: rolled back whole
        raise ValidationError({"cantidad": "No quedan tantos correlativos de seis cifras en "
                                           "el punto."})
    now = db.clock.now()
    slots = [Slot(attention_point_id=point.id, number=n, form_version=FORM_VERSION,
                  state=ReservationState.RESERVADO.value, reserved_at=now,
                  reserved_by=actor.id, filled_by_name="", annul_reason="")
             for n in range(last - count + 1, last + 1)]
    session.add_all(slots)
    session.flush()
    audit.record(session, actor, ENTITY, point.code, "reservar", None,
                 {"desde": correlativo_code(point.code, slots[0].number),
                  "hasta": correlativo_code(point.code, slots[-1].number),
                  "cantidad": count, "version_formato": FORM_VERSION}, at=now)
    return _views(session, slots)


def reservations(db: Store, point_code: str) -> list[Reservation]:
    """The point's reserved correlativos with their state, in number order."""
    with session_scope(db) as session:
        point = _point(session, point_code)
        return _views(session, list(session.scalars(
            select(Slot).where(Slot.attention_point_id == point.id).order_by(Slot.number))))


def transcription_of(db: Store, record_id: int) -> Reservation | None:
    """The reserved number a record was transcribed from (None: it was typed on screen)."""
    with session_scope(db) as session:
        return transcriptions_in(session, [record_id]).get(record_id)


def transcriptions_in(session: Session, record_ids: Collection[int]) -> dict[int, Reservation]:
    """By record id, the reservations those of ``record_ids`` typed from paper came from, in
    the caller's read (the filled PDF and the regulator's report mark them)."""
    if not record_ids:
        return {}
    slots = list(session.scalars(select(Slot).where(Slot.record_id.in_(set(record_ids)))))
    return {view.record_id: view for view in _views(session, slots)
            if view.record_id is not None}


def to_transcribe(db: Store, actor: UserProfile, point_code: str, number: int) -> Reservation:
    """The reservation a paper form is about to be typed under, refused before anything is
    typed if it cannot be: not reserved, already transcrito or anulado, another point's."""
    with session_scope(db) as session:
        point = _point(session, point_code)
        require(actor, Action.TRANSCRIBE_PAPER, Target(point.id, _own_point(session, actor)),
                field="correlativo")
        slot = _slot(session, point, number)
        if slot.state != ReservationState.RESERVADO.value:
            raise ValidationError({"correlativo": _not_reserved(point.code, number, slot)})
        return _views(session, [slot])[0]


def annul_reservation(db: Store, actor: UserProfile, point_code: str, number: int,
                      reason: str) -> Reservation:
    """An unused number (the paper was lost or spoiled) is annulled with its reason: it stays
    in the register's sequence, never reused and never deleted."""
    reason = reason.strip()
    errors = reason_errors(reason, empty="Escriba por qué se anula el correlativo "
                                         "(perdido, dañado…).")
    if errors:
        raise ValidationError(errors)
    with session_scope(db, write=True) as session:
        point = _point(session, point_code)
        require(actor, Action.ANNUL_RESERVATION,
                Target(point.id, _own_point(session, actor)), field="punto")
        slot = _slot(session, point, number)
        if slot.state != ReservationState.RESERVADO.value:
            raise ValidationError({"correlativo": (
                f"El correlativo {correlativo_code(point.code, number)} ya está "
                f"{slot.state}: solo se anula uno reservado sin usar.")})
        now = db.clock.now()
        slot.state, slot.annul_reason = ReservationState.ANULADO.value, reason
        slot.annulled_at, slot.annulled_by = now, actor.id
        session.flush()
        audit.record(session, actor, ENTITY, correlativo_code(point.code, number), "anular",
                     {"estado": ReservationState.RESERVADO.value},
                     {"estado": slot.state, "motivo": reason}, at=now)
        return _views(session, [slot])[0]


def transcribe(db: Store, actor: UserProfile, point_code: str, number: int,
               data: RecordInput, filled_by: str
               ) -> tuple[InoperatividadRecord, Reservation]:
    """Save the paper form printed with ``number`` as that record: the times written on the
    paper are kept however old (they are when the event happened), ``filled_by`` is who wrote
    the paper and ``actor`` who typed it; the reservation becomes transcrito."""
    filled_by = " ".join(filled_by.split())
    if not filled_by:
        raise ValidationError({"filled_by": "Escriba quién llenó el formato en papel."})
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        point = _point(session, point_code)
        slot = _slot(session, point, number)
        code = correlativo_code(point.code, number)
        if slot.state != ReservationState.RESERVADO.value:
            raise ValidationError({"correlativo": _not_reserved(point.code, number, slot)})
        data = replace(data, attention_point_id=point.id)
        row = inoperatividad.insert_record_in(session, actor, data, now,
                                              Action.TRANSCRIBE_PAPER, correlativo=number)
        slot.state, slot.record_id = ReservationState.TRANSCRITO.value, row.id
        slot.filled_by_name, slot.transcribed_at, slot.transcribed_by = filled_by, now, actor.id
        session.flush()
        record = inoperatividad.view_in(session, row)
        audit.record(session, actor, "inoperatividad", row.uuid, "transcribir", None,
                     {"numero": record.number, "llenado_por": filled_by,
                      **record_to_dict(data)}, at=now)
        audit.record(session, actor, ENTITY, code, "transcribir",
                     {"estado": ReservationState.RESERVADO.value},
                     {"estado": slot.state, "registro": record.number}, at=now)
        return record, _views(session, [slot])[0]


def _point(session: Session, code: str) -> AttentionPoint:
    point = session.scalar(select(AttentionPoint).where(
        AttentionPoint.code == code.strip().upper()))
    if point is None or not point.active:
        raise ValidationError({"punto": f"No existe el punto de atención «{code.strip()}»."})
    return point


def _slot(session: Session, point: AttentionPoint, number: int) -> Slot:
    slot = session.scalar(select(Slot).where(Slot.attention_point_id == point.id,
                                             Slot.number == number))
    if slot is None:
        raise ValidationError({"correlativo": (
            f"El correlativo {correlativo_code(point.code, number)} no está reservado en un "
            "talonario.")})
    return slot


def _numbered_elsewhere(session: Session, point: AttentionPoint) -> bool:
    """Whether the point's register is kept on its own computer and reaches this store in
    packages (Control e Información registered its key, or holds records received from it):
    then only that computer may hand its numbers out, pads included."""
    return session.scalar(select(PointKey.id).where(
        PointKey.attention_point_id == point.id)) is not None or session.scalar(
        select(RecordRow.id).where(RecordRow.attention_point_id == point.id,
                                   RecordRow.source_version.is_not(None)).limit(1)) is not None
def _not_reserved(point_code: str, number: int, slot: Slot) -> str:
    return (f"El correlativo {correlativo_code(point_code, number)} ya está {slot.state}: no "
            "se puede transcribir.")


def _own_point(session: Session, actor: UserProfile) -> int | None:
    user = session.get(User, actor.id)
    return user.attention_point_id if user is not None else None


def _views(session: Session, slots: list[Slot]) -> list[Reservation]:
    """The reservations of ``slots`` (one point's or several), their people read once."""
    if not slots:
        return []
    points = {p.id: p for p in session.scalars(select(AttentionPoint).where(
        AttentionPoint.id.in_({s.attention_point_id for s in slots})))}
    names = inoperatividad.user_names(session, {i for s in slots for i in (
        s.reserved_by, s.transcribed_by, s.annulled_by)})
    return [Reservation(
        id=s.id, point_code=points[s.attention_point_id].code,
        point_name=points[s.attention_point_id].name, number=s.number,
        form_version=s.form_version, state=ReservationState(s.state),
        reserved_at=s.reserved_at, reserved_by=names.get(s.reserved_by, ""),
        record_id=s.record_id, filled_by=s.filled_by_name, transcribed_at=s.transcribed_at,
        transcribed_by=names.get(s.transcribed_by or 0, ""), annul_reason=s.annul_reason,
        annulled_at=s.annulled_at, annulled_by=names.get(s.annulled_by or 0, ""))
        for s in slots]
