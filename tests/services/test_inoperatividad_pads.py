"""Pads of numbered paper forms end to end, on SQLite and PostgreSQL: reserving keeps the
register gapless with screen saves in between, an unused number is annulled and never given
again, a transcription keeps the paper's times and says who wrote and who typed it, and two
sessions reserving at once never share a number."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.errors import OutputError, ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import RecordInput, RequestType
from swat_desktop.domain.inoperatividad_pads import (
    FORM_VERSION,
    ReservationState,
    parse_qr_payload,
)
from swat_desktop.services import audit, identity, inoperatividad
from swat_desktop.services import inoperatividad_pads as pads
from swat_desktop.services.store import Database
from tests.backends import snapshot
from tests.fixtures.inoperatividad import NOW, cac_supervisor, for_request, good_input
from tests.fixtures.packages import export_point, trust

POINT = "CAC-SAN-ISIDRO"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


@pytest.fixture
def good(db: Database, supervisor: UserProfile) -> RecordInput:
    return good_input(db, supervisor)


def _numbers(db: Database) -> list[int]:
    return sorted(r.correlativo for r in inoperatividad.list_records(db))


def test_pads_and_screen_saves_interleave_without_gaps(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    first = inoperatividad.save_record(db, supervisor, good)
    pad = pads.reserve(db, supervisor, POINT, 3)
    second = inoperatividad.save_record(db, supervisor, for_request(good, RequestType.ALTAS))
    other_pad = pads.reserve(db, supervisor, POINT, 2)  # continues after the first pad
    third = inoperatividad.save_record(db, supervisor, for_request(good, RequestType.BAJAS))
    assert first.correlativo == 1
    assert [r.number for r in pad] == [2, 3, 4]
    assert second.correlativo == 5
    assert [r.number for r in other_pad] == [6, 7]
    assert third.correlativo == 8
    listed = pads.reservations(db, POINT)
    assert [(r.code, r.state) for r in listed] == [
        (f"{POINT}-{n:06d}", ReservationState.RESERVADO) for n in (2, 3, 4, 6, 7)]
    assert {(r.reserved_at, r.reserved_by, r.form_version) for r in listed} == {
        (NOW, supervisor.full_name, FORM_VERSION)}
    # Every number of the register is a record or a reservation, each once.
    assert sorted(_numbers(db) + [r.number for r in listed]) == list(range(1, 9))
    assert parse_qr_payload(pad[0].qr_payload) == (POINT, 2, FORM_VERSION)
    reserved = [e for e in audit.recent_entries(db) if e.entity == pads.ENTITY]
    assert [e.action for e in reserved] == ["reservar", "reservar"]


def test_an_unused_number_is_annulled_with_a_reason_and_never_given_again(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    pads.reserve(db, supervisor, POINT, 2)
    with pytest.raises(ValidationError, match="Escriba por qué"):
        pads.annul_reservation(db, supervisor, POINT, 1, "  ")
    annulled = pads.annul_reservation(db, supervisor, POINT, 1, "Hoja mojada en la inundación")
    assert (annulled.state, annulled.annul_reason, annulled.annulled_by, annulled.annulled_at) \
        == (ReservationState.ANULADO, "Hoja mojada en la inundación", supervisor.full_name, NOW)
    with pytest.raises(ValidationError, match="ya está anulado"):
        pads.annul_reservation(db, supervisor, POINT, 1, "Otra vez")
    with pytest.raises(ValidationError, match="no se puede transcribir"):
        pads.transcribe(db, supervisor, POINT, 1, good, "Jorge Quispe")
    with pytest.raises(ValidationError, match="no está reservado"):
        pads.annul_reservation(db, supervisor, POINT, 9, "Perdido")
    assert inoperatividad.save_record(db, supervisor, good).correlativo == 3
    assert [(r.number, r.state) for r in pads.reservations(db, POINT)] == [
        (1, ReservationState.ANULADO), (2, ReservationState.RESERVADO)]
    assert "anular" in [e.action for e in audit.recent_entries(db) if e.entity == pads.ENTITY]


def test_a_transcription_keeps_the_paper_times_and_marks_record_and_reservation(
        db: Database, clock: FixedClock, supervisor: UserProfile, good: RecordInput) -> None:
    pads.reserve(db, supervisor, POINT, 2)
    clock.advance(timedelta(hours=9))  # the power came back in the evening
    typist = identity.save_profile(db, ProfileInput(
        "cinfo", "Carla Info", Role.CONTROL_INFORMACION, "Control e Información"))
    paper = replace(good, ended_at=NOW + timedelta(minutes=40))
    record, reservation = pads.transcribe(db, typist, POINT, 2, paper, " María  Rojas ")
    assert record.number == f"{POINT}-000002"
    assert (record.data.started_at, record.data.alert_at, record.data.ended_at) == \
        (good.started_at, good.alert_at, NOW + timedelta(minutes=40))
    assert record.created_at == NOW + timedelta(hours=9)
    assert (reservation.state, reservation.record_id, reservation.filled_by,
            reservation.transcribed_by, reservation.transcribed_at) == (
        ReservationState.TRANSCRITO, record.id, "María Rojas", "Carla Info",
        NOW + timedelta(hours=9))
    assert pads.transcription_of(db, record.id) == reservation
    screen = inoperatividad.save_record(db, supervisor, for_request(good, RequestType.ALTAS))
    assert pads.transcription_of(db, screen.id) is None
    assert screen.correlativo == 3  # after the pad, not into its unused number 1
    with pytest.raises(ValidationError, match="ya está transcrito"):
        pads.transcribe(db, typist, POINT, 2, for_request(good, RequestType.BAJAS), "M. Rojas")
    with pytest.raises(ValidationError, match="quién llenó"):
        pads.transcribe(db, typist, POINT, 1, for_request(good, RequestType.BAJAS), " ")
    actions = [(e.entity, e.action) for e in audit.recent_entries(db)]
    assert ("inoperatividad", "transcribir") in actions
    assert (pads.ENTITY, "transcribir") in actions


def test_who_may_reserve(db: Database, supervisor: UserProfile) -> None:
    procesos = identity.save_profile(db, ProfileInput("proc", "Pía Procesos", Role.PROCESOS,
                                                      "Procesos"))
    with pytest.raises(ValidationError, match="supervisor del CAC"):
        pads.reserve(db, procesos, POINT, 1)
    with pytest.raises(ValidationError, match="su propio punto"):
        pads.reserve(db, supervisor, "CAC-PLAZA-NORTE", 1)
    with pytest.raises(ValidationError, match="al menos 1"):
        pads.reserve(db, supervisor, POINT, 0)
    with pytest.raises(ValidationError, match="No existe el punto"):
        pads.reserve(db, supervisor, "NO-EXISTE", 1)
    assert pads.reservations(db, POINT) == []


def test_a_point_numbered_on_its_own_computer_gets_no_pad_at_the_centre(
        db: Database, central: Database, analyst: UserProfile, tmp_path: Path) -> None:
    """Once Control e Información receives a point's signed packages, the point's computer
    owns its numbers: a pad reserved at the centre would repeat them."""
    assert [r.code for r in pads.reserve(central, analyst, POINT, 2)] == [
        f"{POINT}-000001", f"{POINT}-000002"]  # not yet a point with its own computer
    package = export_point(db, tmp_path / "punto.swatpkg", tmp_path / "claves")
    trust(central, analyst, package)
    before = snapshot(central)
    with pytest.raises(ValidationError, match="los asigna el equipo del propio punto"):
        pads.reserve(central, analyst, POINT, 1)
    assert snapshot(central) == before  # nothing reserved, nothing audited
    assert pads.reserve(central, analyst, "CAC-PLAZA-NORTE", 1)[0].number == 1


def test_two_sessions_reserving_at_once_never_share_a_number(
        db_url: str, db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    other = Database(db_url, db.clock)
    barrier = threading.Barrier(4)
    taken: list[list[int]] = []
    errors: list[BaseException] = []

    def work(database: Database, index: int) -> None:
        barrier.wait()
        try:
            if index == 3:  # and a record saved on screen meanwhile
                taken.append([inoperatividad.save_record(database, supervisor,
                                                         good).correlativo])
            else:
                taken.append([r.number for r in pads.reserve(database, supervisor, POINT, 5)])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(db if i % 2 else other, i))
               for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    assert sorted(n for numbers in taken for n in numbers) == list(range(1, 17))
    for numbers in taken:  # each pad's numbers are consecutive
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_the_pad_prints_each_reserved_number(
        db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    written, taken = pads.write_pad(db, supervisor, POINT, 2, tmp_path / "talonario.pdf")
    assert [r.number for r in taken] == [1, 2]
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(written).pages]
    assert len(pages) == 8  # two forms of four sheets
    for number, form in ((1, pages[:4]), (2, pages[4:])):
        code = f"{POINT}-{number:06d}"
        assert all(f"Formato reservado {code}" in page for page in form)
        assert f"Correlativo reservado: {code}" in form[0]
        assert "Reservado el 22/11/2026 10:30 por Jorge Quispe Huamán" in form[0]


def test_a_pad_that_cannot_be_written_reserves_nothing(
        db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="no existe la carpeta"):
        pads.write_pad(db, supervisor, POINT, 2, tmp_path / "no-hay" / "t.pdf")
    assert pads.reservations(db, POINT) == []
    assert [r.number for r in pads.reserve(db, supervisor, POINT, 1)] == [1]


def test_a_number_is_checked_before_its_paper_is_typed(
        db: Database, clock: FixedClock, supervisor: UserProfile, good: RecordInput) -> None:
    pads.reserve(db, supervisor, POINT, 3)
    ready = pads.to_transcribe(db, supervisor, POINT, 2)
    assert (ready.code, ready.state) == (f"{POINT}-000002", ReservationState.RESERVADO)
    pads.annul_reservation(db, supervisor, POINT, 1, "Perdida")
    pads.transcribe(db, supervisor, POINT, 3, good, "María Rojas")
    for number, said in ((1, "ya está anulado"), (3, "ya está transcrito"),
                         (4, "no está reservado")):
        with pytest.raises(ValidationError, match=said):
            pads.to_transcribe(db, supervisor, POINT, number)
    with pytest.raises(ValidationError, match="su propio punto"):
        pads.to_transcribe(db, supervisor, "CAC-PLAZA-NORTE", 1)
    procesos = identity.save_profile(db, ProfileInput("proc", "Pía Procesos", Role.PROCESOS,
                                                      "Procesos"))
    assert pads.to_transcribe(db, procesos, POINT, 2).number == 2  # Procesos types records in


def test_the_transcribed_record_is_marked_in_its_pdf_and_the_report(
        db: Database, clock: FixedClock, supervisor: UserProfile, good: RecordInput,
        tmp_path: Path) -> None:
    from swat_desktop.domain.inoperatividad_flow import ClosureInput, ProcesosAnswer
    from swat_desktop.services import inoperatividad_documents as documents
    from swat_desktop.services import inoperatividad_flow as flow
    from swat_desktop.services import inoperatividad_report as report
    from tests.fixtures.inoperatividad import control_informacion

    pads.reserve(db, supervisor, POINT, 1)
    clock.advance(timedelta(hours=5))
    paper, _ = pads.transcribe(db, supervisor, POINT, 1, good, "María Rojas")
    screen = inoperatividad.save_record(db, supervisor, for_request(good, RequestType.ALTAS))
    path = documents.write_filled_forms(db, [screen.id, paper.id], tmp_path / "dos.pdf")
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]
    mark = ("Transcrito del formato en papel — llenado por María Rojas, transcrito por Jorge "
            "Quispe Huamán el 22/11/2026 15:30")
    assert [mark in page for page in pages] == [False, False, True, False]  # paper's sheet 1
    typed = pads.transcription_of(db, paper.id)
    assert typed is not None
    assert typed.transcription_mark == mark
    control = control_informacion(db)
    for record in (paper, screen):
        assert record.data.started_at is not None
        flow.close(db, control, record.id, record.version, ClosureInput(
            record.data.started_at + timedelta(minutes=30), "CONECTIVIDAD", "Restablecido"))
        step = flow.answer_procesos(db, control, record.id, record.version + 1,
                                    ProcesosAnswer.PROCEDE, "")
        step = flow.approve(db, control, record.id, step.flow.version, "gerente", "G. Ruiz")
        flow.approve(db, control, record.id, step.flow.version, "director", "D. Soto")
    day = NOW.date()
    assert {(r["correlativo"], r["origen"]) for r in report.report_rows(db, day, day)} == {
        (paper.number, "Papel transcrito"), (screen.number, "Pantalla")}
