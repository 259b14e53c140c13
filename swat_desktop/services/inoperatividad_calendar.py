"""What the evaluation of an event measures against: the days that do not count for the
report's deadline (Peru's national holidays plus the days an administrator added) and the
falla masiva windows the Fallas team announced.

Each read has a session core (``…_in``) so ``inoperatividad_flow`` evaluates records inside
its own transaction; the public functions open one session each for the screens.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import MAX_LINE
from swat_desktop.domain.inoperatividad_flow import DayOff, FallaWindow
from swat_desktop.domain.permissions import Action, require
from swat_desktop.services import audit, inoperatividad
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import FallaWindowRow, NonWorkingDay, User


def non_working_days(db: Store, years: Iterable[int]) -> set[date]:
    """Peru's national holidays (the maintained ``holidays`` package) plus the days an
    administrator added."""
    with session_scope(db) as session:
        return non_working_days_in(session, years)


def non_working_days_in(session: Session, years: Iterable[int]) -> set[date]:
    days = set(holidays.country_holidays("PE", years=list(years)))
    return days | set(session.scalars(select(NonWorkingDay.day)))


def days_off(db: Store, year: int) -> list[DayOff]:
    """The year's days that do not count, as the administrator reviews them: the national
    holidays (with their Spanish names) and the added days (with who added them)."""
    national = holidays.country_holidays("PE", years=[year], language="es")
    found = {day: DayOff(day, name) for day, name in national.items()}
    with session_scope(db) as session:
        added = session.execute(
            select(NonWorkingDay, User.full_name)
            .outerjoin(User, User.id == NonWorkingDay.created_by)
            .where(NonWorkingDay.day >= date(year, 1, 1), NonWorkingDay.day <= date(year, 12, 31)))
        for row, name in added:
            found[row.day] = DayOff(row.day, row.description, name or "administrador")
    return sorted(found.values(), key=lambda d: d.day)


def add_non_working_day(db: Store, actor: UserProfile, day: date, description: str) -> None:
    require(actor, Action.MANAGE_DAYS_OFF)
    text = description.strip()
    if not text:
        raise ValidationError({"description": "Escriba por qué no se trabaja ese día."})
    if len(text) > 200:
        raise ValidationError({"description": "La descripción admite hasta 200 caracteres."})
    if day in holidays.country_holidays("PE", years=[day.year]):
        raise ValidationError({"day": f"El {day:%d/%m/%Y} ya es feriado nacional."})
    with session_scope(db, write=True) as session:
        if session.get(NonWorkingDay, day) is not None:
            raise ValidationError({"day": f"El {day:%d/%m/%Y} ya figura como no laborable."})
        session.add(NonWorkingDay(day=day, description=text, created_by=actor.id))
        audit.record(session, actor, "dia_no_laborable", day.isoformat(), "crear", None,
                     {"descripcion": text}, at=db.clock.now())


def remove_non_working_day(db: Store, actor: UserProfile, day: date) -> None:
    """An added day that was a mistake; national holidays cannot be removed. Deadlines are
    computed when read, so every event's due date follows at once."""
    require(actor, Action.MANAGE_DAYS_OFF)
    with session_scope(db, write=True) as session:
        row = session.get(NonWorkingDay, day)
        if row is None:
            raise ValidationError({"day": f"El {day:%d/%m/%Y} no es un día agregado por un "
                                          "administrador."})
        audit.record(session, actor, "dia_no_laborable", day.isoformat(), "eliminar",
                     {"descripcion": row.description}, None, at=db.clock.now())
        session.delete(row)


def windows(db: Store) -> list[FallaWindow]:
    with session_scope(db) as session:
        return windows_in(session)


def windows_in(session: Session) -> list[FallaWindow]:
    return [FallaWindow(w.id, w.application, w.starts_at, w.ends_at, w.reference)
            for w in session.scalars(select(FallaWindowRow)
                                     .order_by(FallaWindowRow.starts_at.desc()))]


def add_window(db: Store, actor: UserProfile, application: str, starts_at: datetime,
               ends_at: datetime, reference: str) -> FallaWindow:
    """A falla masiva window as the Fallas team's communication announced it."""
    require(actor, Action.REGISTER_FALLA_WINDOW)
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = "El fin de la falla debe ser posterior a su inicio."
    if not reference.strip():
        errors["reference"] = "Escriba la referencia del comunicado de Fallas."
    elif len(reference.strip()) > MAX_LINE:
        errors["reference"] = f"La referencia admite hasta {MAX_LINE} caracteres."
    with session_scope(db, write=True) as session:
        known = {o.code for o in inoperatividad.catalogue_in(session).applications}
        if application not in known:
            errors = {"application": "Elija el aplicativo de la falla masiva."} | errors
        if errors:
            raise ValidationError(errors)
        row = FallaWindowRow(application=application, starts_at=starts_at, ends_at=ends_at,
                             reference=reference.strip(), created_by=actor.id,
                             created_at=db.clock.now())
        session.add(row)
        session.flush()
        audit.record(session, actor, "falla_masiva", row.id, "crear", None, {
            "aplicativo": application, "inicio": starts_at.isoformat(),
            "fin": ends_at.isoformat(), "referencia": row.reference}, at=row.created_at)
        return FallaWindow(row.id, row.application, row.starts_at, row.ends_at, row.reference)
