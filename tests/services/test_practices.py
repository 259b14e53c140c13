"""Management practices over a real store: the hand-computed week of tests/fixtures/practices,
who may record and see what, edits and deletions with their audit rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import select

from swat_desktop.domain.audit import describe_change, entity_label
from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.indicators import format_percent
from swat_desktop.domain.practice_compliance import LineState
from swat_desktop.domain.practices import LinkKind, PracticeLink
from swat_desktop.services import practices
from swat_desktop.services.practices import StalePracticeError
from swat_desktop.services.store import Database
from swat_desktop.storage.models import AuditLog, PracticeSession
from tests.fixtures.month import backoffice_user
from tests.fixtures.month import build as build_month
from tests.fixtures.practices import MONDAY, SUNDAY, Week, build_week, held, leader
from tests.services.test_one_session_per_use_case import once


@pytest.fixture
def week(db: Database, clock: FixedClock) -> Week:
    return build_week(db, clock)


def _lines(db: Database, actor: UserProfile, leader_id: int) -> dict[str, tuple]:
    [shown] = practices.week_view(db, actor, MONDAY, leader_id)
    return {line.practice.code: (line.target, line.held, round(line.percent, 2), line.state)
            for line in shown.lines}


def test_the_hand_computed_week_of_two_leaders(db: Database, week: Week) -> None:
    office = backoffice_user(db)
    ana, carlos = practices.week_view(db, office, SUNDAY)  # ordered by name
    assert (ana.leader.name, carlos.leader.name) == ("Ana Torres", "Carlos Méndez")
    C, N, E = LineState.CUMPLIDA, LineState.INCUMPLIDA, LineState.EN_CURSO
    assert _lines(db, office, week.supervisor.id) == {
        "DD": (5, 4, 80.0, N), "CP": (5, 6, 100.0, C), "AL": (1, 1, 100.0, C),
        "RP": (1, 0, 0.0, N), "MC": (1, 1, 100.0, C), "RB": (1, 0, 0.0, E)}
    assert (ana.met, ana.target, format_percent(ana.percent)) == (11, 13, "84,62 %")
    assert _lines(db, office, week.coordinador.id) == {
        "DS": (1, 1, 100.0, C), "CF": (3, 2, 66.67, N), "AL": (1, 1, 100.0, C),
        "RP": (1, 1, 100.0, C), "MC": (1, 0, 0.0, N), "CMC": (1, 1, 100.0, C),
        "RB": (1, 1, 100.0, C)}
    assert (carlos.met, carlos.target, format_percent(carlos.percent)) == (6, 8, "75,00 %")


def test_the_first_week_of_a_fortnight_leaves_its_goal_out_of_the_total(
        db: Database, week: Week) -> None:
    [previous] = practices.week_view(db, week.supervisor, date(2026, 11, 18))
    mejora = next(line for line in previous.lines if line.practice.code == "MC")
    assert (mejora.held, mejora.closes, mejora.state) == (1, False, LineState.CUMPLIDA)
    # Week 47: nothing else held; DD, CP (5 each), AL, RP → 0 of 12.
    assert (previous.met, previous.target) == (0, 12)


def test_the_series_runs_over_the_last_weeks_oldest_first(db: Database, week: Week) -> None:
    series = practices.weeks_series(db, week.supervisor, week.supervisor.id, SUNDAY, count=3)
    assert [w.week.start for w in series] == [date(2026, 11, 9), date(2026, 11, 16), MONDAY]
    assert [round(w.percent, 2) for w in series] == [0.0, 0.0, 84.62]


def test_a_leader_sees_only_their_own_and_the_gerente_everybody(
        db: Database, week: Week) -> None:
    assert [w.leader.id for w in practices.week_view(db, week.supervisor, SUNDAY)] == [
        week.supervisor.id]
    with pytest.raises(ValidationError) as refused:
        practices.week_view(db, week.supervisor, SUNDAY, week.coordinador.id)
    assert refused.value.errors["lider"] == "Ese líder no está entre los que usted puede ver."
    boss = leader(db, "gperez", "Gloria Pérez", Role.GERENTE)
    assert {w.leader.login for w in practices.week_view(db, boss, SUNDAY)} == {
        "atorres", "cmendez", "gperez"}


def test_who_may_record_and_what(db: Database, week: Week, agent: UserProfile) -> None:
    with pytest.raises(ValidationError) as refused:
        practices.record_practice(db, agent, held("DD", MONDAY))
    assert refused.value.errors["rol"].startswith("Las prácticas de gestión las registran")
    with pytest.raises(ValidationError) as refused:
        practices.week_view(db, agent, MONDAY)
    assert refused.value.errors["rol"] == (
        "Las prácticas de gestión las ven los líderes y el backoffice.")
    with pytest.raises(ValidationError) as refused:
        practices.record_practice(db, week.coordinador, held("DD", MONDAY))
    assert refused.value.errors["practica"] == (
        "«Diálogo diario» no es una práctica del rol coordinador (Supervisor de célula).")
    with pytest.raises(ValidationError) as refused:
        practices.record_practice(db, week.supervisor, replace(
            held("DD", date(2026, 11, 30)), participants="  "))
    assert set(refused.value.errors) == {"fecha", "participantes"}
    before = db_count(db)
    with pytest.raises(ValidationError) as refused:
        practices.record_practice(db, week.supervisor, held(
            "DD", MONDAY, links=(PracticeLink(LinkKind.CUENTA, "1001"),)))
    assert refused.value.errors["vinculos"] == (
        "«Diálogo diario» no se vincula a cuentas ni asesores.")
    assert db_count(db) == before  # a refusal writes nothing


def db_count(db: Database) -> int:
    with db.session_scope() as session:
        return len(session.scalars(select(PracticeSession.id)).all())


def test_a_confirmacion_de_proceso_links_to_accounts_and_advisors_of_the_bases(
        db: Database, clock: FixedClock, agent: UserProfile, tmp_path: Path) -> None:
    build_month(db, agent, tmp_path)
    week = build_week(db, clock, with_links=True)
    records = practices.registry(db, week.supervisor, practices.week_of(MONDAY))
    linked = next(r for r in records if r.links)
    assert [link.display for link in linked.links] == ["1001", "Ana Ruiz (ecm1)"]
    with pytest.raises(ValidationError) as refused:
        practices.record_practice(db, week.supervisor, held(
            "CP", MONDAY, links=(PracticeLink(LinkKind.CUENTA, "9999"),
                                 PracticeLink(LinkKind.ASESOR, "nadie"))))
    assert refused.value.errors["vinculos"] == (
        "No están en las bases de mal escalados: 9999, nadie. Revise la cuenta o el id del "
        "asesor.")


def test_edit_and_delete_are_the_leaders_own_audited_and_versioned(
        db: Database, week: Week) -> None:
    [first, *_] = practices.registry(db, week.supervisor, practices.week_of(MONDAY))
    with pytest.raises(ValidationError) as refused:
        practices.edit_practice(db, week.coordinador, first.id, first.version, first.as_input())
    assert refused.value.errors["practica"] == (
        "Solo quien dirigió la práctica la modifica o la elimina.")
    changed = practices.edit_practice(db, week.supervisor, first.id, first.version, replace(
        first.as_input(), start_time=time(8, 30), notes="Se revisó el indicador"))
    assert (changed.start_time, changed.notes, changed.version) == (
        time(8, 30), "Se revisó el indicador", first.version + 1)
    with pytest.raises(StalePracticeError):
        practices.edit_practice(db, week.supervisor, first.id, first.version, first.as_input())
    with pytest.raises(ValidationError) as refused:
        practices.delete_practice(db, week.supervisor, first.id, changed.version, "no")
    assert refused.value.errors["motivo"] == "Escriba por qué se elimina la práctica."
    with pytest.raises(ValidationError):
        practices.delete_practice(db, week.coordinador, first.id, changed.version,
                                  "No es mía pero la borro")
    with db.session_scope() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.entity == "practica")
                               .order_by(AuditLog.id)).all()
        deleted = [r for r in rows if r.action == "eliminar"]
        assert [r.entity_id for r in deleted] == [str(week.deleted_id)]
        assert deleted[0].after == {"motivo": "Registrada dos veces por error"}
        assert deleted[0].before["practica"] == "RP"
        modified = [r for r in rows if r.action == "modificar"]
        assert modified[0].before["hora"] == "07:00"
        assert modified[0].after["hora"] == "08:30"
        assert describe_change(modified[0].before, modified[0].after) == (
            "Hora: 07:00 → 08:30 · Notas: (vacío) → Se revisó el indicador")
        assert entity_label(modified[0].entity) == "Práctica de gestión"
        assert sum(r.action == "crear" for r in rows) == 20
        gone = session.get(PracticeSession, week.deleted_id)
        assert gone.deleted_by == week.supervisor.id
        assert gone.catalogue_version == 1


def test_each_use_case_is_one_transaction(db: Database, week: Week) -> None:
    office = backoffice_user(db)
    once(db, lambda: practices.record_practice(db, week.supervisor, held("DD", MONDAY)))
    assert len(once(db, lambda: practices.week_view(db, office, MONDAY))) == 2
    assert len(once(db, lambda: practices.weeks_series(
        db, office, week.coordinador.id, MONDAY))) == 8
    once(db, lambda: practices.registry(db, office, practices.week_of(MONDAY)))
    assert once(db, lambda: practices.week_report(db, office, MONDAY)).records
