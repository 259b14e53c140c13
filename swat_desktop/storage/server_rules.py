"""The rules the shared PostgreSQL server enforces itself: who signs an audit row, and which
attention point a point-bound role may write.

Grants (storage/server_roles.py) say which tables a group may write; these objects say which
rows and with whose name:

- ``audit_log``: a BEFORE INSERT trigger sets ``user_id`` and ``user_login`` from the
  server's ``session_user`` (the person's own login), so nobody signs as someone else; a
  login without an active profile cannot write at all. The owner who prepared the server
  (or a superuser) keeps the name the client gave: it is the administrator's own trail.
  TRUNCATE is refused by a trigger too, like UPDATE and DELETE since migration 0001.
- Row-level security on the tables of one point's records: every application role reads
  them all; a point-bound role (``POINT_BOUND``: the supervisor CAC) inserts and updates
  only the rows of the point of its profile; the other roles write any point.

Each object carries a comment with a digest of its definition: the same definition again is
«sin cambios», a changed one is replaced («actualizado»). Only ``servidor preparar`` creates
them, on PostgreSQL: a SQLite store never gets them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from swat_desktop.domain.identity import Role
from swat_desktop.domain.permissions import POINT_BOUND
from swat_desktop.storage.server_roles import Step, group_role, quote

OWN_POINT = "swat_own_point"
AUDIT_WHO = "swat_audit_who"
# The tables whose rows belong to one attention point, with the column that says which.
POINT_TABLES = {
    "inoperatividad_records": "attention_point_id",
    "correlativo_reservations": "attention_point_id",
    "correlativo_counters": "attention_point_id",
}
NO_PROFILE = ("El usuario %% de la base no tiene un perfil activo en SWAT Desktop: pida al "
              "administrador que lo cree con «swat-desktop servidor usuario crear».")


@dataclass(frozen=True)
class ServerObject:
    """A function, trigger or policy: how to find it, create it and drop it."""

    subject: str
    catalog: str  # where its comment lives: pg_proc, pg_trigger, pg_policy
    find: str  # SQL returning its oid, or no row
    create: str
    comment_on: str  # what COMMENT ON names
    drop: str = ""  # a policy is dropped to be replaced; functions and triggers are REPLACEd
    feminine: bool = True  # «función creada», «política creada», «disparador creado»

    @property
    def digest(self) -> str:
        return "swat:" + hashlib.sha256(self.create.encode()).hexdigest()[:16]


def _functions(c: Connection, s: str) -> Iterator[ServerObject]:
    q = quote(c, s)
    yield ServerObject(
        f"Función {OWN_POINT} (el punto del perfil de quien se conecta)", "pg_proc",
        f"SELECT to_regprocedure('{q}.{OWN_POINT}()')::oid",
        f"CREATE OR REPLACE FUNCTION {q}.{OWN_POINT}() RETURNS integer LANGUAGE sql STABLE "
        f"SECURITY DEFINER SET search_path = {q}, pg_temp AS $$ SELECT attention_point_id "
        f"FROM {q}.users WHERE login = session_user AND active $$",
        f"FUNCTION {q}.{OWN_POINT}()")
    yield ServerObject(
        f"Función {AUDIT_WHO} (quién firma cada registro de auditoría)", "pg_proc",
        f"SELECT to_regprocedure('{q}.{AUDIT_WHO}()')::oid",
        f"""CREATE OR REPLACE FUNCTION {q}.{AUDIT_WHO}() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = {q}, pg_temp AS $$
DECLARE
  profile_id integer;
  profile_login text;
BEGIN
  SELECT id, login INTO profile_id, profile_login FROM {q}.users
   WHERE login = session_user AND active;
  IF FOUND THEN
    NEW.user_id := profile_id;
    NEW.user_login := profile_login;
  ELSIF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
        AND session_user <> (SELECT tableowner FROM pg_tables
                              WHERE schemaname = '{s}' AND tablename = 'audit_log') THEN
    RAISE EXCEPTION '{NO_PROFILE}', session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$""",  # exec_driver_sql hands psycopg parameters: %% is one %
        f"FUNCTION {q}.{AUDIT_WHO}()")


def _trigger(c: Connection, s: str, name: str, subject: str, timing: str, function: str
             ) -> ServerObject:
    q = quote(c, s)
    return ServerObject(
        subject, "pg_trigger",
        f"SELECT t.oid FROM pg_trigger t WHERE t.tgname = '{name}' "
        f"AND t.tgrelid = '{q}.audit_log'::regclass",
        f"CREATE OR REPLACE TRIGGER {name} {timing} ON {q}.audit_log {function}",
        f"TRIGGER {name} ON {q}.audit_log", feminine=False)


def _policy(c: Connection, s: str, table: str, name: str, roles: list[Role], rule: str
            ) -> ServerObject:
    q = quote(c, s)
    groups = ", ".join(quote(c, group_role(r)) for r in roles)
    return ServerObject(
        f"Política {name} de {table}", "pg_policy",
        f"SELECT p.oid FROM pg_policy p WHERE p.polname = '{name}' "
        f"AND p.polrelid = '{q}.{table}'::regclass",
        f"CREATE POLICY {name} ON {q}.{table} {rule.replace('TO ROLES', f'TO {groups}')}",
        f"POLICY {name} ON {q}.{table}", f"DROP POLICY {name} ON {q}.{table}")


def server_objects(c: Connection, s: str) -> list[ServerObject]:
    """Every function, trigger and policy, in the order they depend on each other."""
    q = quote(c, s)
    objects = list(_functions(c, s))
    objects.append(_trigger(c, s, AUDIT_WHO, "Disparador que firma la auditoría con el "
                            "usuario de la base", "BEFORE INSERT",
                            f"FOR EACH ROW EXECUTE FUNCTION {q}.{AUDIT_WHO}()"))
    objects.append(_trigger(c, s, "swat_audit_no_truncate", "Disparador que rechaza TRUNCATE "
                            "de la auditoría", "BEFORE TRUNCATE",
                            f"FOR EACH STATEMENT EXECUTE FUNCTION {q}.audit_log_append_only()"))
    everyone = list(Role)
    bound = [r for r in Role if r in POINT_BOUND]
    free = [r for r in Role if r not in POINT_BOUND]
    for table, column in POINT_TABLES.items():
        own = f"{column} = {q}.{OWN_POINT}()"
        objects.append(_policy(c, s, table, "swat_leer", everyone,
                               "FOR SELECT TO ROLES USING (true)"))
        if free:
            objects.append(_policy(c, s, table, "swat_escribir", free,
                                   "FOR ALL TO ROLES USING (true) WITH CHECK (true)"))
        if bound:
            objects.append(_policy(c, s, table, "swat_punto_insertar", bound,
                                   f"FOR INSERT TO ROLES WITH CHECK ({own})"))
            objects.append(_policy(c, s, table, "swat_punto_modificar", bound,
                                   f"FOR UPDATE TO ROLES USING ({own}) WITH CHECK ({own})"))
    return objects


def converge_object(c: Connection, item: ServerObject) -> Step:
    oid = c.execute(text(item.find)).scalar()
    if oid is not None:
        comment = c.execute(text("SELECT obj_description(:o, :k)"),
                            {"o": oid, "k": item.catalog}).scalar()
        if comment == item.digest:
            return Step(item.subject, "sin cambios", False)
        if item.drop:
            c.exec_driver_sql(item.drop)
    c.exec_driver_sql(item.create)
    c.exec_driver_sql(f"COMMENT ON {item.comment_on} IS '{item.digest}'")
    said = "cread" if oid is None else "actualizad"
    return Step(item.subject, said + ("a" if item.feminine else "o"), True)


def enable_row_security(c: Connection, s: str, table: str) -> Step:
    q = quote(c, s)
    subject = f"Seguridad por filas de {table}"
    enabled = c.execute(text(f"SELECT relrowsecurity FROM pg_class WHERE oid = "
                             f"'{q}.{table}'::regclass")).scalar_one()
    if enabled:
        return Step(subject, "sin cambios", False)
    c.exec_driver_sql(f"ALTER TABLE {q}.{table} ENABLE ROW LEVEL SECURITY")
    return Step(subject, "activada", True)
