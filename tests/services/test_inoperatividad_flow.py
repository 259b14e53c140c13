"""After the form, over a real store: the regularization queue's state machine, closure,
evaluation against falla masiva windows, Procesos and approvals, business-day deadlines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import RecordStatus, RequestType, Scenario
from swat_desktop.domain.inoperatividad_flow import (
    ClosureInput,
    ProcesosAnswer,
    RegularizationAction,
    RegularizationState,
    TransitionError,
    WindowResult,
    add_business_days,
    transition,
)
from swat_desktop.services import audit, identity, inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.inoperatividad_flow import StaleFlowError
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import cac_supervisor, for_request, good_input

P, R = RegularizationState.PENDIENTE, RegularizationState.REGULARIZADO
REG, UNDO = RegularizationAction.REGULARIZE, RegularizationAction.UNDO


@pytest.mark.parametrize(("state", "action", "status", "expected"), [
    (P, REG, RecordStatus.ABIERTO, R),
    (P, REG, RecordStatus.CERRADO, R),
    (R, UNDO, RecordStatus.CERRADO, P),
    (R, REG, RecordStatus.ABIERTO, "dos veces"),
    (P, UNDO, RecordStatus.ABIERTO, "nada que deshacer"),
    (P, REG, RecordStatus.ANULADO, "anulado"),
    (R, UNDO, RecordStatus.ANULADO, "anulado"),
])
def test_every_transition_of_the_queue(state: RegularizationState,
                                       action: RegularizationAction, status: RecordStatus,
                                       expected: object) -> None:
    if isinstance(expected, RegularizationState):
        assert transition(state, action, status) is expected
    else:
        with pytest.raises(TransitionError, match=str(expected)):
            transition(state, action, status)


def test_three_business_days_skip_a_weekend_and_a_peruvian_holiday(db: Database) -> None:
    days_off = flow.non_working_days(db, [2026])
    assert date(2026, 12, 8) in days_off  # Inmaculada Concepción
    assert date(2026, 12, 9) in days_off  # Batalla de Ayacucho
    # Friday 4/12 → (weekend) Mon 7, (Tue 8 and Wed 9 holidays) Thu 10, Fri 11.
    assert add_business_days(date(2026, 12, 4), 3, days_off) == date(2026, 12, 11)
    assert add_business_days(date(2026, 12, 4), 3, set()) == date(2026, 12, 9)


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


@pytest.fixture
def control(db: Database) -> UserProfile:
    return identity.save_profile(db, ProfileInput(
        "cinfo", "Carla Info", Role.CONTROL_INFORMACION, "Control e Información"))


@pytest.fixture
def record_id(db: Database, supervisor: UserProfile) -> int:
    return inoperatividad.save_record(db, supervisor, good_input(db, supervisor)).id


def _version(db: Database, record_id: int) -> int:
    return inoperatividad.get_record(db, record_id).version


def test_regularizing_once_with_a_unique_atc_number(
        db: Database, supervisor: UserProfile, record_id: int) -> None:
    assert [f.record.id for f in flow.queue(db)] == [record_id]
    assert flow.pending_count(db) == 1
    done = flow.regularize(db, supervisor, record_id, _version(db, record_id), "ATC-778812")
    assert done.flow.regularization is R
    assert (done.flow.atc_number, done.flow.regularized_by) == ("ATC-778812",
                                                                "Jorge Quispe Huamán")
    assert flow.queue(db) == []
    with pytest.raises(ValidationError) as twice:
        flow.regularize(db, supervisor, record_id, _version(db, record_id), "ATC-1")
    assert "dos veces" in twice.value.errors["regularization"]
    other = inoperatividad.save_record(db, supervisor, for_request(
        good_input(db, supervisor), RequestType.ALTAS))
    with pytest.raises(ValidationError) as taken:
        flow.regularize(db, supervisor, other.id, other.version, "ATC-778812")
    assert "ya corresponde a otro registro" in taken.value.errors["atc_number"]
    with pytest.raises(StaleFlowError):
        flow.regularize(db, supervisor, other.id, other.version - 1, "ATC-9")


def test_undoing_a_regularization_needs_a_reason_and_is_audited(
        db: Database, supervisor: UserProfile, record_id: int) -> None:
    flow.regularize(db, supervisor, record_id, _version(db, record_id), "ATC-1")
    with pytest.raises(ValidationError):
        flow.undo_regularization(db, supervisor, record_id, _version(db, record_id), " ")
    back = flow.undo_regularization(db, supervisor, record_id, _version(db, record_id),
                                    "Número mal copiado")
    assert (back.flow.regularization, back.flow.atc_number) == (P, "")
    actions = [e.action for e in audit.recent_entries(db) if e.entity == "inoperatividad"]
    assert actions[:2] == ["deshacer_regularizacion", "regularizar"]


def test_closing_computes_the_duration_and_flags_over_an_hour(
        db: Database, supervisor: UserProfile, record_id: int) -> None:
    started = inoperatividad.get_record(db, record_id).data.started_at
    assert started is not None
    with pytest.raises(ValidationError) as refused:
        flow.close(db, supervisor, record_id, _version(db, record_id),
                   ClosureInput(started - timedelta(minutes=1), "", ""))
    assert set(refused.value.errors) == {"ended_at", "motive", "sustento"}
    closed = flow.close(db, supervisor, record_id, _version(db, record_id), ClosureInput(
        started + timedelta(hours=1, minutes=5), "FALLA_MASIVA_APLICATIVO",
        "SIAC restablecido por Tecnología"))
    assert closed.record.status is RecordStatus.CERRADO
    assert closed.evaluation.duration == timedelta(hours=1, minutes=5)
    assert closed.evaluation.over_one_hour
    assert closed.evaluation.report_due is not None


def test_inside_and_outside_a_falla_masiva_window(
        db: Database, supervisor: UserProfile, control: UserProfile, record_id: int) -> None:
    record = inoperatividad.get_record(db, record_id)
    started = record.data.started_at
    assert started is not None
    flow.close(db, supervisor, record_id, record.version, ClosureInput(
        started + timedelta(minutes=30), "FALLA_MASIVA_APLICATIVO", "Restablecido"))
    assert flow.flow_records(db)[0].evaluation.window is WindowResult.FUERA
    flow.add_window(db, control, "SGA", started - timedelta(hours=1),
                    started + timedelta(minutes=10), "Comunicado F-1")  # ends too soon
    assert flow.flow_records(db)[0].evaluation.window is WindowResult.FUERA
    flow.add_window(db, control, "SIAC_UNICO", started - timedelta(hours=1),
                    started + timedelta(hours=2), "Comunicado F-2")
    assert flow.flow_records(db)[0].evaluation.window is WindowResult.DENTRO
    with pytest.raises(ValidationError):
        flow.add_window(db, supervisor, "SGA", started, started + timedelta(hours=1), "x")


def test_only_approved_events_that_procesos_reports_are_reportable(
        db: Database, supervisor: UserProfile, control: UserProfile, record_id: int) -> None:
    record = inoperatividad.get_record(db, record_id)
    assert record.data.started_at is not None
    flow.close(db, supervisor, record_id, record.version, ClosureInput(
        record.data.started_at + timedelta(minutes=30), "CONECTIVIDAD", "Enlace caído"))
    done = flow.answer_procesos(db, control, record_id, _version(db, record_id),
                                ProcesosAnswer.PROCEDE, "Fuera de la falla masiva")
    assert not done.evaluation.reportable
    with pytest.raises(ValidationError) as early:
        flow.approve(db, control, record_id, _version(db, record_id), "director", "D. Soto")
    assert "Primero aprueba el Gerente" in early.value.errors["level"]
    flow.approve(db, control, record_id, _version(db, record_id), "gerente", "G. Ruiz")
    done = flow.approve(db, control, record_id, _version(db, record_id), "director", "D. Soto")
    assert done.evaluation.reportable


def test_error_events_are_kept_but_never_reported(
        db: Database, supervisor: UserProfile, control: UserProfile) -> None:
    data = replace(good_input(db, supervisor), scenario=Scenario.ERROR_PRUEBAS,
                   motivo="ERROR_USUARIO")
    record = inoperatividad.save_record(db, control, data)
    assert record.data.started_at is not None
    flow.close(db, control, record.id, record.version, ClosureInput(
        record.data.started_at + timedelta(minutes=5), "ERROR_USUARIO", "Prueba del sistema"))
    flow.answer_procesos(db, control, record.id, _version(db, record.id),
                         ProcesosAnswer.PROCEDE, "")
    flow.approve(db, control, record.id, _version(db, record.id), "gerente", "G")
    done = flow.approve(db, control, record.id, _version(db, record.id), "director", "D")
    assert not done.evaluation.reportable
    assert done.evaluation.report_due is None


def test_an_unforeseen_event_shows_what_fails(
        db: Database, supervisor: UserProfile, control: UserProfile) -> None:
    data = replace(good_input(db, supervisor), scenario=Scenario.EVENTO_NO_PREVISTO,
                   motivo="SIN_FLUIDO_ELECTRICO")
    by_control = inoperatividad.save_record(db, control, data)
    assert data.started_at is not None
    closed = flow.close(db, control, by_control.id, by_control.version, ClosureInput(
        data.started_at + timedelta(minutes=40), "MANTENIMIENTO", "Se restableció la luz"))
    assert closed.evaluation.problems == (
        "No lo registró el responsable del punto de atención.",
        "El motivo de cierre no corresponde a un evento no previsto.")


def test_the_pending_queue_exports_as_a_workbook(
        db: Database, record_id: int, tmp_path: Path) -> None:
    path = flow.export_queue(db, tmp_path / "cola.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Correlativo", "Punto de atención", "Canal")
    assert rows[1][0] == "CAC-SAN-ISIDRO-000001"
    assert rows[1][4] == datetime(2026, 11, 22, 10, 10)  # Lima wall-clock time
    assert rows[1][5] == "SIAC ÚNICO, SGA"


def test_extra_non_working_days_move_the_deadline(
        db: Database, control: UserProfile) -> None:
    flow.add_non_working_day(db, control, date(2026, 12, 7), "Feriado regional")
    days_off = flow.non_working_days(db, [2026])
    # Mon 7 is now off too: Thu 10, Fri 11, (weekend) Mon 14.
    assert add_business_days(date(2026, 12, 4), 3, days_off) == date(2026, 12, 14)
    with pytest.raises(ValidationError):
        flow.add_non_working_day(db, control, date(2026, 12, 7), "otra vez")



def test_one_record_with_its_flow_as_a_screen_reads_it(
        db: Database, supervisor: UserProfile, record_id: int) -> None:
    flow.regularize(db, supervisor, record_id, _version(db, record_id), "ATC-5")
    one = flow.flow_record(db, record_id)
    assert (one.record.id, one.flow.atc_number) == (record_id, "ATC-5")
    assert one.record.version == _version(db, record_id)
    with pytest.raises(ValidationError):
        flow.flow_record(db, record_id + 100)
