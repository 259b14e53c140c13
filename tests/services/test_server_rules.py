"""The rules a prepared server enforces by itself, proven with each role's own login: with the
application (its real use cases pass under the grants) and with raw SQL through plain psycopg,
as anyone holding the URL and a SQL client could try (the refusals come from the server)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg_errors
from sqlalchemy import text
from sqlalchemy.engine import URL

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad_flow import ClosureInput, ProcesosAnswer
from swat_desktop.domain.mal_escalados import Procedencia, ReviewFilters, ReviewSort, VerdictInput
from swat_desktop.paths import resolve_paths
from swat_desktop.services import (
    assignment,
    base_import,
    bases,
    catalogue,
    inoperatividad,
    review,
    server,
    store,
)
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.handle import database
from swat_desktop.services.store import StoreRefused
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import good_input
from tests.fixtures.listing import listed_ids
from tests.fixtures.workbooks import good_rows, write_xlsx
from tests.postgres import HEAD_TEMPLATE, PostgresServer
from tests.shared_server import admin, connect_as, server_database

PEOPLE = {
    "m.rojas": ProfileInput("m.rojas", "María Rojas", Role.AGENTE_CELULA, "Célula Bogotá"),
    "l.vega": ProfileInput("l.vega", "Luis Vega", Role.BACKOFFICE, "Célula Bogotá"),
    "j.quispe": ProfileInput("j.quispe", "Jorge Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro"),
    "r.flores": ProfileInput("r.flores", "Rosa Flores", Role.SUPERVISOR_CAC, "CAC Miraflores"),
    "c.info": ProfileInput("c.info", "Carla Info", Role.CONTROL_INFORMACION, ""),
    "p.diaz": ProfileInput("p.diaz", "Pedro Díaz", Role.PROCESOS, ""),
}
PASSWORD = "una clave larga de prueba"


@dataclass
class Shared:
    server: PostgresServer
    name: str
    profiles: dict[str, UserProfile]
    tmp_path: Path

    def sql(self, login: str) -> psycopg.Connection:
        return connect_as(self.server, login, self.name)

    def app(self, login: str) -> store.Database:
        """The application opened with the person's own login, as a desktop would."""
        url = URL.create("postgresql+psycopg", username=login, host="127.0.0.1",
                         port=self.server.port, database=self.name).render_as_string()
        home = resolve_paths(self.tmp_path / login).ensure()
        handle, _ = store.open_store(url, home.database_file, home.backups_dir,
                                     FixedClock(TEST_NOW))
        return database(handle)


@pytest.fixture
def shared(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[Shared]:
    with server_database(postgres_server, HEAD_TEMPLATE) as name:
        home = resolve_paths(tmp_path / "owner").ensure()
        handle, _ = store.open_store(postgres_server.url(name), home.database_file,
                                     home.backups_dir, FixedClock(TEST_NOW))
        server.prepare(handle)
        profiles = {login: server.create_account(handle, data, PASSWORD)
                    for login, data in PEOPLE.items()}
        handle.dispose()
        yield Shared(postgres_server, name, profiles, tmp_path)


def test_no_application_role_rewrites_or_empties_the_audit_trail(shared: Shared) -> None:
    for login in PEOPLE:
        with shared.sql(login) as conn:
            for statement in ("UPDATE audit_log SET action = 'nada'", "DELETE FROM audit_log",
                              "TRUNCATE audit_log"):
                with pytest.raises(pg_errors.InsufficientPrivilege,
                                   match="permission denied for table audit_log"):
                    conn.execute(statement)
    with admin(shared.server, shared.name) as owner:  # not even the owner
        for statement in ("UPDATE audit_log SET action = 'nada'", "TRUNCATE audit_log"):
            with pytest.raises(pg_errors.RaiseException, match="solo anexado"):
                owner.execute(statement)


def test_a_write_the_server_refuses_reaches_the_person_as_a_spanish_line(
        shared: Shared) -> None:
    """Through the application's own session (not raw psycopg): the server's «permission
    denied» and a row-level security violation are the known StoreRefused, said in Spanish,
    never a bug's «Error inesperado»."""
    agent = shared.app("m.rojas")
    with pytest.raises(StoreRefused) as refused, agent.session_scope(write=True) as session:
        session.execute(text("DELETE FROM mal_escalado_bases"))
    assert str(refused.value).startswith(
        f"El servidor de la base de datos {agent.display_name} no permite esta operación a "
        "su usuario")
    assert "no se cambió nada" in str(refused.value)
    agent.dispose()


_AUDIT_ROW = ("INSERT INTO audit_log (at, user_id, user_login, entity, entity_id, action) "
              "VALUES (now(), %s, %s, 'prueba', '1', 'probar') RETURNING user_id, user_login")


def test_the_server_signs_every_audit_row_with_the_login_that_wrote_it(shared: Shared) -> None:
    vega = shared.profiles["l.vega"]
    with shared.sql("m.rojas") as conn:  # claiming to be Luis Vega
        signed = conn.execute(_AUDIT_ROW, [vega.id, vega.login]).fetchone()
    assert signed == (shared.profiles["m.rojas"].id, "m.rojas")
    with admin(shared.server) as conn:  # a login in a group, made by hand, without a profile
        conn.execute("CREATE ROLE sinperfil LOGIN IN ROLE swat_backoffice")
    with shared.sql("sinperfil") as conn, pytest.raises(
            pg_errors.InsufficientPrivilege, match="sinperfil de la base no tiene un perfil"):
        conn.execute(_AUDIT_ROW, [vega.id, vega.login])


def _copy_record(record_id: int, point_id: int) -> str:
    """A raw INSERT of a closed copy of a record, for ``point_id``: new keys, same rest."""
    return ("INSERT INTO inoperatividad_records SELECT r.* FROM inoperatividad_records x, "
            "LATERAL jsonb_populate_record(x, jsonb_build_object('id', "
            "nextval('inoperatividad_records_id_seq'), 'uuid', gen_random_uuid()::text, "
            f"'attention_point_id', {point_id}, 'correlativo', 999, 'status', 'cerrado')) r "
            f"WHERE x.id = {record_id}")


def test_a_supervisor_writes_only_the_records_of_their_own_point(shared: Shared) -> None:
    quispe, flores = shared.profiles["j.quispe"], shared.profiles["r.flores"]
    db = shared.app("j.quispe")
    try:  # the application's own save passes: record, correlativo, draft, audit
        record = inoperatividad.save_record(db, quispe, good_input(db, quispe))
        other_point = inoperatividad.user_point(db, flores)
    finally:
        db.dispose()
    assert other_point is not None
    assert other_point.id != record.data.attention_point_id
    with admin(shared.server, shared.name) as owner:
        assert owner.execute("SELECT user_login FROM audit_log ORDER BY id DESC LIMIT 1"
                             ).fetchone() == ("j.quispe",)
    with shared.sql("j.quispe") as conn:
        with pytest.raises(pg_errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(_copy_record(record.id, other_point.id))
        with pytest.raises(pg_errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(  # nor move the own record to another point
                "UPDATE inoperatividad_records SET attention_point_id = %s WHERE id = %s",
                [other_point.id, record.id])
        with pytest.raises(pg_errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO correlativo_reservations (attention_point_id, number, "
                "form_version, state, reserved_at, reserved_by, filled_by_name, annul_reason) "
                "VALUES (%s, 500, 'v1', 'reservado', now(), %s, '', '')",
                [other_point.id, quispe.id])
        conn.execute(_copy_record(record.id, record.data.attention_point_id))  # own point: yes
    with shared.sql("r.flores") as conn:  # reads every point, writes none of Quispe's rows
        assert conn.execute("SELECT count(*) FROM inoperatividad_records").fetchone() == (2,)
        assert conn.execute("UPDATE inoperatividad_records SET detail = 'borrado' WHERE id = %s",
                            [record.id]).rowcount == 0
        assert conn.execute("UPDATE correlativo_counters SET last = 0").rowcount == 0
    with shared.sql("c.info") as conn:  # Control e Información answers for every point
        assert conn.execute("UPDATE inoperatividad_records SET detail = 'revisado' WHERE id = "
                            "%s", [record.id]).rowcount == 1


def test_bases_verdicts_claims_and_calendars_follow_the_permissions_table(
        shared: Shared) -> None:
    rojas, vega = shared.profiles["m.rojas"], shared.profiles["l.vega"]
    agent = shared.app("m.rojas")
    try:  # the célula imports the day's base and gives a verdict with its own login
        path = write_xlsx(shared.tmp_path / "base.xlsx", good_rows(3))
        reviewed = base_import.run_import(agent, rojas, base_import.analyze(agent, path),
                                          date(2026, 11, 20)).base_id
        case_id = listed_ids(agent, ReviewFilters(), ReviewSort())[0]
        causal = catalogue.list_causales(agent)[0].id
        review.save_verdict(agent, rojas, case_id,
                            VerdictInput((causal,), Procedencia.NO_PROCEDE, None, ""), 1)
        spare = base_import.run_import(agent, rojas, base_import.analyze(
            agent, write_xlsx(shared.tmp_path / "otra.xlsx", good_rows(2, start=10))),
            date(2026, 11, 21)).base_id
    finally:
        agent.dispose()
    assert reviewed is not None
    assert spare is not None
    refused = {
        "m.rojas": ["DELETE FROM mal_escalado_bases",  # annulling a base: the office only
                    "INSERT INTO reclamaciones SELECT * FROM reclamaciones WHERE false",
                    "UPDATE causales SET active = false"],
        "j.quispe": ["UPDATE mal_escalado_cases SET procedencia = 'procede'",
                     "DELETE FROM mal_escalado_case_causales"],
        "p.diaz": ["INSERT INTO non_working_days SELECT * FROM non_working_days WHERE false",
                   "UPDATE point_keys SET public_key = ''"],
        "c.info": ["UPDATE mal_escalado_cases SET procedencia = 'procede'",
                   "UPDATE users SET role = 'backoffice'"],
        "l.vega": ["UPDATE users SET attention_point_id = NULL",
                   "INSERT INTO inoperatividad_records SELECT * FROM inoperatividad_records "
                   "WHERE false"],
    }
    for login, statements in refused.items():
        with shared.sql(login) as conn:
            for statement in statements:
                with pytest.raises(pg_errors.InsufficientPrivilege, match="permission denied"):
                    conn.execute(statement)
    with shared.sql("c.info") as conn:
        conn.execute("INSERT INTO non_working_days SELECT * FROM non_working_days WHERE false")
    office = shared.app("l.vega")
    try:  # the office annuls the unreviewed base with its own login
        assert bases.annul(office, vega, spare, "Se importó dos veces") == 2
    finally:
        office.dispose()


def test_each_step_of_a_records_flow_is_taken_by_its_own_role_only(shared: Shared) -> None:
    """Closing is the point's; Procesos' answer, the approvals and the report are not, even
    on the supervisor's own record: UPDATE of those columns is not granted."""
    people = shared.profiles
    supervisor = shared.app("j.quispe")
    try:
        record = inoperatividad.save_record(supervisor, people["j.quispe"],
                                            good_input(supervisor, people["j.quispe"]))
        assert record.data.started_at is not None
        step = flow.close(supervisor, people["j.quispe"], record.id, record.version,
                          ClosureInput(record.data.started_at + timedelta(minutes=30),
                                       "CONECTIVIDAD", "Enlace restablecido"))
    finally:
        supervisor.dispose()
    with shared.sql("j.quispe") as conn:
        for column in ("procesos_answer = 'procede'", "gerente = 'Yo mismo'",
                       "reported_at = now()"):
            with pytest.raises(pg_errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(f"UPDATE inoperatividad_records SET {column} WHERE id = %s",
                             [record.id])
    procesos = shared.app("p.diaz")
    try:
        step = flow.answer_procesos(procesos, people["p.diaz"], record.id, step.flow.version,
                                    ProcesosAnswer.PROCEDE, "")
    finally:
        procesos.dispose()
    with shared.sql("p.diaz") as conn, pytest.raises(pg_errors.InsufficientPrivilege):
        conn.execute("UPDATE inoperatividad_records SET director = 'Yo' WHERE id = %s",
                     [record.id])
    control = shared.app("c.info")
    try:
        step = flow.approve(control, people["c.info"], record.id, step.flow.version, "gerente",
                            "Gabriela Ruiz")
    finally:
        control.dispose()
    assert step.flow.version == record.version + 3
    with admin(shared.server, shared.name) as owner:
        signed = [row for (row,) in owner.execute(
            "SELECT user_login FROM audit_log WHERE entity = 'inoperatividad' ORDER BY id")]
    assert signed == ["j.quispe", "j.quispe", "p.diaz", "c.info"]


def test_only_the_office_assigns_the_accounts_the_celula_reviews(shared: Shared) -> None:
    rojas, vega = shared.profiles["m.rojas"], shared.profiles["l.vega"]
    office = shared.app("l.vega")
    try:
        base_import.run_import(office, vega, base_import.analyze(
            office, write_xlsx(shared.tmp_path / "base.xlsx", good_rows(4))), date(2026, 11, 20))
        given = assignment.assign(office, vega, date(2026, 11, 20), [rojas.id])
    finally:
        office.dispose()
    assert given == {rojas.id: 4}
    with shared.sql("m.rojas") as conn:
        with pytest.raises(pg_errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("UPDATE mal_escalado_cases SET assigned_to = NULL")
        assert conn.execute("UPDATE mal_escalado_cases SET observaciones = observaciones"
                            ).rowcount == 4  # a verdict's columns: yes
