"""The regulator's report over a real store: which events go in it, the 3-business-day
deadlines across a Peruvian holiday, and marking events as reported."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import RequestType, Scenario
from swat_desktop.domain.inoperatividad_flow import ClosureInput, ProcesosAnswer, ReportDeadline
from swat_desktop.io.inoperatividad_report import HEADER_ROW
from swat_desktop.io.report_columns import KEYS
from swat_desktop.services import audit, inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services import inoperatividad_report as report
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import (
    NOW,
    cac_supervisor,
    control_informacion,
    for_request,
    good_input,
)

DAY = NOW.astimezone(LIMA).date()  # 22/11/2026


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


@pytest.fixture
def control(db: Database) -> UserProfile:
    return control_informacion(db)


def _version(db: Database, record_id: int) -> int:
    return inoperatividad.get_record(db, record_id).version


def _event(db: Database, clock: FixedClock, supervisor: UserProfile, started: datetime, *,
           minutes: int = 30, motive: str = "CONECTIVIDAD",
           request: RequestType = RequestType.CONSULTAS,
           scenario: Scenario = Scenario.FALLA_MASIVA, motivo: str = "CONECTIVIDAD",
           by: UserProfile | None = None) -> int:
    """A record of the supervisor's point, registered 5 minutes after ``started`` (by the
    supervisor unless ``by`` says otherwise) and closed ``minutes`` after it started, three
    hours later. Leaves the clock there."""
    author = by or supervisor
    data = replace(for_request(good_input(db, supervisor), request), started_at=started,
                   alert_at=started, scenario=scenario, motivo=motivo)
    clock.set(started + timedelta(minutes=5))
    record = inoperatividad.save_record(db, author, data)
    clock.set(started + timedelta(hours=3))
    flow.close(db, author, record.id, record.version, ClosureInput(
        started + timedelta(minutes=minutes), motive, "Restablecido por Tecnología"))
    return record.id


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=LIMA)


def _approve(db: Database, control: UserProfile, record_id: int,
             answer: ProcesosAnswer = ProcesosAnswer.PROCEDE) -> None:
    flow.answer_procesos(db, control, record_id, _version(db, record_id), answer,
                         "Fuera del horario comunicado")
    if answer is ProcesosAnswer.PROCEDE:
        flow.approve(db, control, record_id, _version(db, record_id), "gerente",
                     "Gabriela Ruiz")
        flow.approve(db, control, record_id, _version(db, record_id), "director",
                     "Daniel Soto")


def test_rows_hold_only_approved_events_and_never_error_ones(
        db: Database, clock: FixedClock, supervisor: UserProfile, control: UserProfile
        ) -> None:
    start = NOW - timedelta(hours=2)  # 08:30 in Lima
    reported = _event(db, clock, supervisor, start, minutes=65, request=RequestType.RECLAMOS)
    _approve(db, control, reported)
    _event(db, clock, supervisor, start, request=RequestType.ALTAS)  # closed, never approved
    error_closure = _event(db, clock, supervisor, start, request=RequestType.BAJAS,
                           motive="ERROR_USUARIO")
    _approve(db, control, error_closure)
    error_record = _event(db, clock, supervisor, start, scenario=Scenario.ERROR_PRUEBAS,
                          motivo="ERROR_USUARIO", motive="ERROR_USUARIO", by=control)
    _approve(db, control, error_record)
    no_procede = _event(db, clock, supervisor, start, request=RequestType.CONSULTAS)
    _approve(db, control, no_procede, ProcesosAnswer.NO_PROCEDE)

    rows = report.report_rows(db, DAY, DAY)
    assert [r["correlativo"] for r in rows] == [
        inoperatividad.get_record(db, reported).number]
    row = rows[0]
    assert set(row) == set(KEYS)  # a value for every key the column file may name
    assert row["inicio"] == datetime(2026, 11, 22, 8, 30)  # naive, Lima wall-clock time
    assert row["fin"] == datetime(2026, 11, 22, 9, 35)
    assert (row["duracion"], row["mayor_una_hora"]) == ("1 h 05 min", "Sí")
    assert (row["punto"], row["canal"], row["tipo_tramite"]) == (
        "CAC San Isidro", "Presencial", "Reclamos")
    assert row["aplicativos"] == "SIAC ÚNICO, SGA"
    assert row["motivo_cierre"] == "Inconveniente de conectividad"
    assert row["ventana_falla_masiva"] == "Fuera"
    assert row["observaciones_evaluacion"] == "Procesos: Fuera del horario comunicado"
    assert row["aprobado_por"] == "Gerente: Gabriela Ruiz; Director: Daniel Soto"
    assert row["respuesta_procesos"] == "Procede reportar"


def test_the_period_is_read_on_the_lima_calendar(
        db: Database, clock: FixedClock, supervisor: UserProfile, control: UserProfile
        ) -> None:
    # 23:30 in Lima on Saturday 21/11 is already Sunday 22/11 in UTC.
    late = datetime(2026, 11, 21, 23, 30, tzinfo=LIMA)
    record_id = _event(db, clock, supervisor, late)
    _approve(db, control, record_id)
    assert len(report.report_rows(db, date(2026, 11, 21), date(2026, 11, 21))) == 1
    assert report.report_rows(db, DAY, date(2026, 11, 30)) == []
    with pytest.raises(ValidationError, match="anterior a su inicio"):
        report.report_rows(db, DAY, date(2026, 11, 21))


def test_export_writes_the_workbook_and_the_pdf(
        db: Database, clock: FixedClock, supervisor: UserProfile, control: UserProfile,
        tmp_path: Path) -> None:
    record_id = _event(db, clock, supervisor, NOW - timedelta(hours=2))
    _approve(db, control, record_id)
    number = inoperatividad.get_record(db, record_id).number
    xlsx, pdf = report.export_report(db, control, date(2026, 11, 1), date(2026, 11, 30),
                                     tmp_path / "salida")
    stem = "Reporte de Eventos de Inoperatividad 2026-11-01_2026-11-30"
    assert (xlsx.name, pdf.name) == (f"{stem}.xlsx", f"{stem}.pdf")
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert sheet.cell(HEADER_ROW + 2, 1).value == number
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert number in text
    assert "Carla Info" in text


def test_a_broken_column_file_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "columnas.json"
    path.write_text('[{"key": "otra", "title": "Otra", "width": 10}]', encoding="utf-8")
    with pytest.raises(ValidationError, match="clave desconocida «otra»"):
        report.report_columns(path)


def test_deadlines_count_business_days_across_the_december_holidays(
        db: Database, clock: FixedClock, supervisor: UserProfile, control: UserProfile
        ) -> None:
    # Ends Friday 4/12: Mon 7, (Tue 8 and Wed 9 are holidays) Thu 10, Fri 11.
    friday = _event(db, clock, supervisor, datetime(2026, 12, 4, 16, 0, tzinfo=LIMA),
                    request=RequestType.RECLAMOS)
    # Ends Tuesday 1/12: Wed 2, Thu 3, Fri 4: due first.
    tuesday = _event(db, clock, supervisor, datetime(2026, 12, 1, 9, 0, tzinfo=LIMA),
                     request=RequestType.ALTAS)
    _event(db, clock, supervisor, datetime(2026, 12, 1, 9, 0, tzinfo=LIMA),
           request=RequestType.BAJAS, motive="ERROR_USUARIO")  # never reported: nothing due
    said_no = _event(db, clock, supervisor, datetime(2026, 12, 2, 9, 0, tzinfo=LIMA))
    _approve(db, control, said_no, ProcesosAnswer.NO_PROCEDE)

    def states(today: date) -> list[tuple[int, date, ReportDeadline]]:
        clock.set(_noon(today))
        return [(item.record.id, due, state) for item, due, state in report.deadlines(db)]

    assert states(date(2026, 12, 3)) == [
        (tuesday, date(2026, 12, 4), ReportDeadline.POR_VENCER),
        (friday, date(2026, 12, 11), ReportDeadline.EN_PLAZO)]
    assert states(date(2026, 12, 10)) == [
        (tuesday, date(2026, 12, 4), ReportDeadline.VENCIDO),
        (friday, date(2026, 12, 11), ReportDeadline.POR_VENCER)]
    assert states(date(2026, 12, 14))[1] == (friday, date(2026, 12, 11),
                                             ReportDeadline.VENCIDO)


def test_marking_as_reported_removes_from_deadlines_and_is_audited(
        db: Database, clock: FixedClock, supervisor: UserProfile, control: UserProfile
        ) -> None:
    done = _event(db, clock, supervisor, NOW - timedelta(hours=2), request=RequestType.RECLAMOS)
    _approve(db, control, done)
    pending = _event(db, clock, supervisor, NOW - timedelta(hours=2), request=RequestType.ALTAS)
    clock.set(_noon(date(2026, 11, 23)))
    assert [item.record.id for item, _, _ in report.deadlines(db)] == [done, pending]

    with pytest.raises(ValidationError, match="Solo Control e Información"):
        report.mark_reported(db, supervisor, [done])
    with pytest.raises(ValidationError, match="Solo se marcan como reportados"):
        report.mark_reported(db, control, [done, pending])  # all or none
    with pytest.raises(ValidationError, match="No existe el registro 999"):
        report.mark_reported(db, control, [999])
    assert [item.record.id for item, _, _ in report.deadlines(db)] == [done, pending]

    assert report.mark_reported(db, control, [done]) == 1
    assert [item.record.id for item, _, _ in report.deadlines(db)] == [pending]
    with pytest.raises(ValidationError, match="Ya figuran como reportados"):
        report.mark_reported(db, control, [done])
    entry = next(e for e in audit.recent_entries(db) if e.action == "reportar")
    assert entry.entity_id == inoperatividad.get_record(db, done).uuid
    assert entry.user_login == "cinfo"
    # Still in the report of its period: the report says what happened, not what was sent.
    assert len(report.report_rows(db, DAY, DAY)) == 1
