"""The calendar of the report's deadline as an administrator keeps it: national holidays from
the ``holidays`` package, added days with who added them, and only Control e Información
changing it."""

from __future__ import annotations

from datetime import date

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.services import audit, identity
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import cac_supervisor


@pytest.fixture
def control(db: Database) -> UserProfile:
    return identity.save_profile(db, ProfileInput(
        "cinfo", "Carla Info", Role.CONTROL_INFORMACION, "Control e Información"))


def test_the_year_lists_national_holidays_in_spanish_and_the_added_days(
        db: Database, control: UserProfile) -> None:
    flow.add_non_working_day(db, control, date(2026, 12, 7), "Feriado regional  ")
    days = flow.days_off(db, 2026)
    by_day = {d.day: d for d in days}
    assert by_day[date(2026, 12, 9)].description == "Batalla de Ayacucho"
    assert by_day[date(2026, 12, 9)].national
    added = by_day[date(2026, 12, 7)]
    assert (added.description, added.added_by, added.national) == (
        "Feriado regional", "Carla Info", False)
    assert [d.day for d in days] == sorted(by_day)
    assert all(d.day.year == 2026 for d in days)
    assert date(2026, 12, 7) not in {d.day for d in flow.days_off(db, 2027)}


@pytest.mark.parametrize("year", [2026, 2027])
def test_7_june_and_23_july_are_peruvian_holidays(db: Database, year: int) -> None:
    """Added to the holidays package in 0.77, the floor pyproject.toml allows."""
    days = flow.non_working_days(db, [year])
    assert {date(year, 6, 7), date(year, 7, 23)} <= days
    names = {d.day: d.description for d in flow.days_off(db, year)}
    assert names[date(year, 6, 7)] == "Batalla de Arica y Día de la Bandera"
    assert names[date(year, 7, 23)] == "Día de la Fuerza Aérea del Perú"


def test_a_national_holiday_or_an_empty_reason_is_refused(
        db: Database, control: UserProfile) -> None:
    with pytest.raises(ValidationError, match="ya es feriado nacional"):
        flow.add_non_working_day(db, control, date(2026, 12, 8), "Inmaculada")
    with pytest.raises(ValidationError, match="por qué"):
        flow.add_non_working_day(db, control, date(2026, 12, 7), "   ")
    assert not [d for d in flow.days_off(db, 2026) if not d.national]


def test_only_control_e_informacion_changes_the_calendar(
        db: Database, control: UserProfile) -> None:
    supervisor = cac_supervisor(db)
    with pytest.raises(ValidationError, match="Solo Control e Información"):
        flow.add_non_working_day(db, supervisor, date(2026, 12, 7), "Feriado regional")
    flow.add_non_working_day(db, control, date(2026, 12, 7), "Feriado regional")
    with pytest.raises(ValidationError, match="Solo Control e Información"):
        flow.remove_non_working_day(db, supervisor, date(2026, 12, 7))
    assert date(2026, 12, 7) in flow.non_working_days(db, [2026])


def test_removing_an_added_day_gives_the_deadline_back_and_is_audited(
        db: Database, control: UserProfile) -> None:
    flow.add_non_working_day(db, control, date(2026, 12, 7), "Feriado regional")
    flow.remove_non_working_day(db, control, date(2026, 12, 7))
    assert date(2026, 12, 7) not in flow.non_working_days(db, [2026])
    with pytest.raises(ValidationError, match="no es un día agregado"):
        flow.remove_non_working_day(db, control, date(2026, 12, 8))  # a national holiday
    actions = [(e.entity, e.entity_id, e.action) for e in audit.recent_entries(db)]
    assert ("dia_no_laborable", "2026-12-07", "crear") in actions
    assert ("dia_no_laborable", "2026-12-07", "eliminar") in actions
