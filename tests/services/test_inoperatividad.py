"""Inoperatividad over a real store: every rule of the seed (refused and accepted), the
correlativo, the one-open-record rule, annulment, drafts and the contingency e-mail."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import (
    CustomerRequest,
    RecordInput,
    RecordStatus,
    RequestType,
    Scenario,
    record_from_dict,
    record_to_dict,
)
from swat_desktop.services import audit, identity, inoperatividad, inoperatividad_documents
from swat_desktop.services.inoperatividad import OpenRecordExists, StaleRecordError
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import NOW, cac_supervisor, for_request, good_input


@pytest.fixture
def clock() -> FixedClock:
    """The forms here are saved on the sample's morning, so a start or an alert an hour after
    it is in the future."""
    return FixedClock(NOW)


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


@pytest.fixture
def good(db: Database, supervisor: UserProfile) -> RecordInput:
    return good_input(db, supervisor)


def _refused(db: Database, user: UserProfile, data: RecordInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        inoperatividad.save_record(db, user, data)
    assert inoperatividad.list_records(db) == []  # nothing written
    return refused.value.errors


def test_a_valid_record_gets_the_first_correlativo_of_its_point(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    record = inoperatividad.save_record(db, supervisor, good)
    assert record.number == "CAC-SAN-ISIDRO-000001"
    assert record.point.channel_label == "Presencial"
    assert record.status is RecordStatus.ABIERTO
    assert record.data == good  # read back exactly
    assert [e.action for e in audit.recent_entries(db) if e.entity == "inoperatividad"] == \
        ["crear"]


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"request_code": "PAGO_SERVICIO"}, "request_code", "pagos por la prestación"),
    ({"request_code": "FALLA_TERMINAL"}, "request_code", "equipos terminales"),
    ({"applications": ("SICAR",)}, "applications", "SICAR solo se registra"),
    ({"applications": ("SISACT", "SICAR")}, "applications", "requiere un pago"),
    ({"scenario": Scenario.ERROR_PRUEBAS, "motivo": "ERROR_USUARIO"}, "scenario",
     "áreas autorizadas"),
    ({"motivo": "SIN_FLUIDO_ELECTRICO"}, "motivo", "no corresponde al escenario"),
    ({"not_intermittent": False}, "not_intermittent", "intermitencia no es inoperatividad"),
    ({"whole_point_down": False}, "whole_point_down", "ninguna PC"),
    ({"ended_at": NOW - timedelta(minutes=30)}, "ended_at", "posterior al inicio"),
    ({"started_at": NOW + timedelta(hours=1)}, "started_at", "futuro"),
    ({"applications": ()}, "applications", "al menos un aplicativo"),
    ({"alert_at": None}, "alert_at", "hora en que se alertó"),
    ({"alert_at": NOW + timedelta(hours=2)}, "alert_at", "futuro"),
    ({"ended_at": NOW + timedelta(hours=2)}, "ended_at", "futuro"),
    ({"customers": (CustomerRequest(None, "45871236", "", "Pago de servicios", False),)},
     "customers", "no es una solicitud regulada"),
    ({"customers": (CustomerRequest(None, "45871236", "", "Bloqueo de línea y equipo por robo "
                                    "o pérdida", True),)},
     "critical_attention", "deben atenderse igual"),
    ({"request_type": RequestType.RECLAMOS, "request_code": "", "customers": ()},
     "critical_attention", "Reclamos, apelaciones y quejas son trámites críticos"),
    # A record is of one request type: a customer of another type belongs in that one's.
    ({"request_type": RequestType.RECLAMOS, "request_code": "",
      "critical_attention": "Reclamos en formato físico."},
     "customers", "«Migración de plan, a prepago o a postpago» es un trámite de Consultas y "
                  "este registro es de Reclamos"),
    ({"request_type": RequestType.ALTAS, "request_code": "",
      "customers": (CustomerRequest(None, "1", "", "Presentación de reclamos, apelaciones y "
                                    "quejas", True),), "critical_attention": "En papel."},
     "customers", "es un trámite de Reclamos y este registro es de Altas"),
    ({"customers": (CustomerRequest(None, "1", "", "Duplicado de recibo", False),)},
     "customers", "no está en la lista de consultas reguladas"),
])
def test_each_rule_refuses_with_a_spanish_message_next_to_its_field(
        db: Database, supervisor: UserProfile, good: RecordInput, change: dict[str, object],
        field: str, words: str) -> None:
    errors = _refused(db, supervisor, replace(good, **change))  # type: ignore[arg-type]
    assert words in errors[field]


def test_a_request_of_the_records_type_is_matched_without_case_or_accents(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    """«apelacion» typed without its accent is the catalogue's Apelación, a Reclamos request;
    a Reclamos request no list names (the list gives examples) is taken as typed."""
    claims = replace(for_request(good, RequestType.RECLAMOS), customers=(
        CustomerRequest(None, "1", "", "  apelacion ", False),
        CustomerRequest(None, "2", "", "Reclamo por cobro indebido", False)))
    saved = inoperatividad.save_record(db, supervisor, claims)
    assert [c.request for c in saved.data.customers] == ["  apelacion ",
                                                        "Reclamo por cobro indebido"]


def test_each_rule_accepts_its_good_case(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    with_sicar = replace(for_request(good, RequestType.ALTAS), applications=("SISACT", "SICAR"),
                         sicar_payment=True)
    assert inoperatividad.save_record(db, supervisor, with_sicar).correlativo == 1
    critical = replace(good, customers=(CustomerRequest(
        None, "45871236", "", "Bloqueo de línea y equipo por robo o pérdida", True),),
        critical_attention="Se bloqueó la línea por el 123 con el cliente presente.")
    assert inoperatividad.save_record(db, supervisor, critical).correlativo == 2
    control = identity.save_profile(db, ProfileInput(
        "cinfo", "Carla Info", Role.CONTROL_INFORMACION, "Control e Información"))
    test_record = replace(for_request(good, RequestType.BAJAS), scenario=Scenario.ERROR_PRUEBAS,
                          motivo="ERROR_USUARIO")
    assert inoperatividad.save_record(db, control, test_record).correlativo == 3
    ended = replace(for_request(good, RequestType.RECLAMOS), ended_at=NOW - timedelta(minutes=1),
                    critical_attention="Reclamos en formato físico; cargo al cliente.")
    assert inoperatividad.save_record(db, supervisor, ended).correlativo == 4


def test_a_second_open_record_of_the_same_type_opens_the_first(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    first = inoperatividad.save_record(db, supervisor, good)
    with pytest.raises(OpenRecordExists) as exists:
        inoperatividad.save_record(db, supervisor, replace(good, detail="otro"))
    assert exists.value.record.id == first.id
    assert "CAC-SAN-ISIDRO-000001" in str(exists.value)
    inoperatividad.annul(db, supervisor, first.id, first.version, "Registrado dos veces")
    second = inoperatividad.save_record(db, supervisor, good)
    assert second.correlativo == 2  # the annulled number is never given again


def test_annulment_needs_a_reason_and_keeps_the_record(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    record = inoperatividad.save_record(db, supervisor, good)
    with pytest.raises(ValidationError):
        inoperatividad.annul(db, supervisor, record.id, record.version, "  ")
    with pytest.raises(StaleRecordError):  # read before somebody else changed it
        inoperatividad.annul(db, supervisor, record.id, record.version - 1, "Prueba")
    annulled = inoperatividad.annul(db, supervisor, record.id, record.version, "Prueba")
    with pytest.raises(ValidationError, match="ya está anulado"):
        inoperatividad.annul(db, supervisor, record.id, annulled.version, "Otra vez")
    assert (annulled.status, annulled.annul_reason) == (RecordStatus.ANULADO, "Prueba")
    assert inoperatividad.list_records(db) == [annulled]


def test_concurrent_saves_from_two_sessions_get_consecutive_numbers(
        db_url: str, db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    other = Database(db_url, db.clock)
    kinds = list(RequestType)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def save(database: Database, kind: RequestType) -> None:
        barrier.wait()
        try:
            inoperatividad.save_record(database, supervisor, for_request(good, kind))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(db if i % 2 else other, k))
               for i, k in enumerate(kinds)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    assert sorted(r.correlativo for r in inoperatividad.list_records(db)) == [1, 2, 3, 4]


def test_drafts_round_trip_exactly_and_leave_with_the_save(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    assert record_from_dict(record_to_dict(good)) == good
    half = RecordInput(attention_point_id=good.attention_point_id, responsible_name="Jor",
                       request_type=RequestType.CONSULTAS, request_code="PAGO_SERVICIO")
    assert not inoperatividad.has_drafts(db, supervisor)
    draft_id = inoperatividad.save_draft(db, supervisor, half)
    assert inoperatividad.has_drafts(db, supervisor)
    assert inoperatividad.save_draft(db, supervisor, good, draft_id) == draft_id
    catalogue = inoperatividad.catalogue(db)
    [draft] = inoperatividad.pending_drafts(db, supervisor, catalogue)
    assert draft.data == good
    assert draft.title == "CAC San Isidro · Consultas"
    inoperatividad.save_record(db, supervisor, good, draft_id=draft_id)
    assert inoperatividad.pending_drafts(db, supervisor, catalogue) == []


def test_a_draft_belongs_to_its_author(db: Database, supervisor: UserProfile,
                                       agent: UserProfile, good: RecordInput) -> None:
    inoperatividad.save_draft(db, supervisor, good)
    assert inoperatividad.pending_drafts(db, agent, inoperatividad.catalogue(db)) == []


def test_the_contingency_email(db: Database, supervisor: UserProfile, good: RecordInput,
                               tmp_path: Path) -> None:
    record = inoperatividad.save_record(db, supervisor, good)
    link = inoperatividad_documents.email_link(db, record.id)
    assert link.startswith("mailto:fallasatc@claro.com.pe?cc=analistascontroleinformacion%40")
    path = inoperatividad_documents.write_email(db, record.id, tmp_path / "correo.eml")
    message = message_from_bytes(path.read_bytes(), policy=default)
    assert message["To"] == "fallasatc@claro.com.pe"
    assert message["Cc"] == ("analistascontroleinformacion@claro.com.pe, "
                             "controlypresupuestoatp@claro.com.pe")
    body = message.get_content()  # type: ignore[attr-defined]
    assert "Correlativo: CAC-SAN-ISIDRO-000001" in body
    assert "Inicio: 22/11/2026 10:10 (hora de Lima)" in body
    assert "SIAC ÚNICO, SGA" in body
    assert "Consultas — Migración de plan, a prepago o a postpago" in body


def test_a_long_detail_sends_the_contingency_email_as_a_file_not_a_link(
        db: Database, supervisor: UserProfile, good: RecordInput, tmp_path: Path) -> None:
    """A 600-character detail takes the real message past what a mailto: link carries."""
    detail = ("SIAC ÚNICO devuelve «Error 503» al cargar la ficha; probado en las 6 PC del punto "
              "y con dos usuarios. ") * 6
    assert 550 <= len(detail) <= 650
    record = inoperatividad.save_record(db, supervisor, replace(good, detail=detail))
    assert inoperatividad_documents.email_link(db, record.id) is None
    path = inoperatividad_documents.write_email(db, record.id, tmp_path / "largo.eml")
    message = message_from_bytes(path.read_bytes(), policy=default)
    assert detail.strip() in " ".join(message.get_content().split())  # type: ignore[attr-defined]


def test_a_supervisor_writes_only_for_their_point_and_mal_escalados_roles_not_at_all(
        db: Database, supervisor: UserProfile, good: RecordInput) -> None:
    other_point = next(p for p in inoperatividad.attention_points(db)
                       if p.id != good.attention_point_id)
    errors = _refused(db, supervisor, replace(good, attention_point_id=other_point.id))
    assert errors["attention_point"] == ("Solo puede registrar o anular eventos de su propio "
                                         "punto de atención.")
    agent = identity.save_profile(db, ProfileInput(
        "agente1", "Ana Agente", Role.AGENTE_CELULA, "Célula Norte"))
    assert "responsable del punto" in _refused(db, agent, good)["attention_point"]
    control = identity.save_profile(db, ProfileInput(
        "cinfo", "Carla Info", Role.CONTROL_INFORMACION, "Control e Información"))
    theirs = inoperatividad.save_record(db, control, replace(
        good, attention_point_id=other_point.id))  # on behalf of any point
    with pytest.raises(ValidationError, match="su propio punto"):
        inoperatividad.annul(db, supervisor, theirs.id, theirs.version, "No es mío")
    assert inoperatividad.get_record(db, theirs.id).status is RecordStatus.ABIERTO
    assert [r.id for r in inoperatividad.list_records(db)] == [theirs.id]
