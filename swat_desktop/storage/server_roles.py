"""The PostgreSQL group roles of the application roles and the grants each one needs.

On a shared server every person connects with a personal login that is a member of one group
role per application role (``swat_backoffice``…). What a group may write is derived here from
``domain.permissions``: each ``Action`` names the tables its use cases write, and a role gets
the writes of every action it is allowed. So a new action or a new role changes the grants the
next time ``servidor preparar`` runs, and the server refuses what the client would refuse.

Everything is converged, not blindly executed: the current ACL is read (``aclexplode``), the
missing privileges are granted and the extra ones revoked, so a second run says «sin cambios».
The group roles live in the cluster, not in the database: one SWAT database per server.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from swat_desktop.domain.identity import Role
from swat_desktop.domain.permissions import Action, roles_for

GROUP_PREFIX = "swat_"
INSERT, UPDATE, DELETE, SELECT, USAGE = "INSERT", "UPDATE", "DELETE", "SELECT", "USAGE"
TABLE_PRIVILEGES = (SELECT, INSERT, UPDATE, DELETE, "TRUNCATE", "REFERENCES", "TRIGGER")


def group_role(role: Role) -> str:
    """The NOLOGIN group of an application role: ``swat_`` and the role's value."""
    return f"{GROUP_PREFIX}{role.value}"


def role_of_group(name: str) -> Role | None:
    """The application role of a group name (None for any other PostgreSQL role)."""
    if not name.startswith(GROUP_PREFIX):
        return None
    try:
        return Role(name.removeprefix(GROUP_PREFIX))
    except ValueError:
        return None


def _writes(**tables: str) -> dict[str, frozenset[str]]:
    return {table: frozenset(privileges.split()) for table, privileges in tables.items()}


# What the use cases behind each action write (services/*.py). ON DELETE CASCADE children
# need no grant: referential actions run as the tables' owner.
ACTION_WRITES: dict[Action, dict[str, frozenset[str]]] = {
    # A verdict: the account, its causales and the base's counters (services/review.py).
    Action.REVIEW_CASES: _writes(
        mal_escalado_cases="UPDATE", mal_escalado_case_causales="INSERT DELETE",
        mal_escalado_causal_counts="INSERT UPDATE", mal_escalado_bases="UPDATE"),
    Action.ASSIGN_BASES: _writes(mal_escalado_cases="UPDATE"),
    Action.ANNUL_BASE: _writes(mal_escalado_bases="DELETE", mal_escalado_cases="DELETE"),
    Action.MANAGE_CAUSALES: _writes(causales="INSERT UPDATE"),
    Action.MANAGE_CLAIMS: _writes(reclamaciones="INSERT UPDATE",
                                  reclamacion_items="INSERT UPDATE DELETE"),
    Action.WRITE_FEEDBACK: _writes(feedback_sessions="INSERT UPDATE",
                                   feedback_commitments="INSERT DELETE",
                                   feedback_causales="INSERT DELETE"),
    # A record takes the next correlativo of its point and replaces its author's draft.
    Action.SAVE_RECORD: _writes(inoperatividad_records="INSERT UPDATE",
                                correlativo_counters="INSERT UPDATE",
                                inoperatividad_drafts="INSERT UPDATE DELETE"),
    Action.ANNUL_RECORD: _writes(inoperatividad_records="UPDATE"),
    Action.RECORD_ERROR_PRUEBAS: _writes(inoperatividad_records="INSERT UPDATE"),
    Action.REGISTER_FALLA_WINDOW: _writes(falla_windows="INSERT UPDATE DELETE"),
    Action.ANSWER_PROCESOS: _writes(inoperatividad_records="UPDATE"),
    Action.APPROVE_EVENT: _writes(inoperatividad_records="UPDATE"),
    Action.MARK_REPORTED: _writes(inoperatividad_records="UPDATE"),
    Action.MANAGE_DAYS_OFF: _writes(non_working_days="INSERT UPDATE DELETE"),
    # A package's records, and its authors kept as inactive profiles (services/exchange.py).
    Action.RECEIVE_PACKAGE: _writes(inoperatividad_records="INSERT UPDATE", users="INSERT"),
    Action.MANAGE_POINT_KEYS: _writes(point_keys="INSERT UPDATE"),
    Action.RESERVE_CORRELATIVOS: _writes(correlativo_reservations="INSERT",
                                         correlativo_counters="INSERT UPDATE"),
    Action.ANNUL_RESERVATION: _writes(correlativo_reservations="UPDATE"),
    Action.TRANSCRIBE_PAPER: _writes(inoperatividad_records="INSERT UPDATE",
                                     correlativo_reservations="UPDATE",
                                     inoperatividad_drafts="INSERT UPDATE DELETE"),
    # A point's push to the central store is a package received as its supervisor
    # (services/sync.py, exchange.receive_push); the point remembers what it sent in settings.
    Action.PUSH_EVENTS: _writes(inoperatividad_records="INSERT UPDATE", users="INSERT",
                                settings="INSERT UPDATE"),
    # Criterios 3 and 4: the tipificaciones (replaced per day, place and trámite) and their
    # remembered columns; the Atención Online report of an event.
    Action.IMPORT_TIPIFICACIONES: _writes(tipificacion_imports="INSERT",
                                          tipificacion_counts="INSERT DELETE",
                                          import_profiles="INSERT UPDATE"),
    Action.RECORD_ATENCION_ONLINE: _writes(atencion_online_reports="INSERT UPDATE"),
    # The management practices: each leader's own sessions and what they were about.
    Action.RECORD_PRACTICE: _writes(practice_sessions="INSERT UPDATE",
                                    practice_links="INSERT DELETE"),
    Action.VIEW_PRACTICES: _writes(),
    Action.VIEW_ALL_PRACTICES: _writes(),
    # Who the cuts are mailed to, kept in the shared settings.
    Action.MANAGE_CUT_RECIPIENTS: _writes(settings="INSERT UPDATE"),
}
# Use cases no Action guards, given to the roles of the action they go with: the célula
# imports the day's base it reviews (services/base_import.py refuses nobody), and whoever
# writes records regularizes and closes them (services/inoperatividad_flow.py).
UNGUARDED_WRITES: dict[Action, dict[str, frozenset[str]]] = {
    Action.REVIEW_CASES: _writes(mal_escalado_bases="INSERT UPDATE", mal_escalado_cases="INSERT",
                                 mal_escalado_sources="INSERT", import_profiles="INSERT UPDATE",
                                 mal_escalado_causal_counts="INSERT UPDATE"),
}
# Every use case that writes also writes its audit row: INSERT only, for everybody.
EVERY_ROLE_WRITES = _writes(audit_log="INSERT")


# Columns of a table whose UPDATE belongs to one action only. A role that updates the table
# for its other actions gets UPDATE on every column but these, so a supervisor who closes
# their own record cannot also answer for Procesos, approve it or mark it reported, and an
# agent who gives verdicts cannot reassign the accounts.
GUARDED_COLUMNS: dict[str, dict[Action, frozenset[str]]] = {
    "inoperatividad_records": {
        Action.ANSWER_PROCESOS: frozenset({"procesos_answer", "procesos_note", "procesos_at"}),
        Action.APPROVE_EVENT: frozenset({"gerente", "gerente_at", "director", "director_at"}),
        Action.MARK_REPORTED: frozenset({"reported_at", "reported_by"}),
    },
    "mal_escalado_cases": {Action.ASSIGN_BASES: frozenset({"assigned_to"})},
}


def kept_columns(role: Role) -> dict[str, frozenset[str]]:
    """Per table the role updates, the guarded columns it may not (none: the whole table)."""
    kept = {}
    for table, owners in GUARDED_COLUMNS.items():
        if UPDATE not in wanted_writes(role).get(table, frozenset()):
            continue
        columns = frozenset().union(*(cols for action, cols in owners.items()
                                      if role not in roles_for(action)))
        if columns:
            kept[table] = columns
    return kept


def wanted_writes(role: Role) -> dict[str, frozenset[str]]:
    """The write privileges of ``role``'s group, table by table."""
    wanted: dict[str, set[str]] = {t: set(p) for t, p in EVERY_ROLE_WRITES.items()}
    for source in (ACTION_WRITES, UNGUARDED_WRITES):
        for action, tables in source.items():
            if role in roles_for(action):
                for table, privileges in tables.items():
                    wanted.setdefault(table, set()).update(privileges)
    return {table: frozenset(privileges) for table, privileges in wanted.items()}


@dataclass(frozen=True)
class Step:
    """One object ``servidor preparar`` looked at, and what it did (in Spanish)."""

    subject: str
    said: str  # «creado», «sin cambios», «actualizados»
    changed: bool
    details: tuple[str, ...] = ()  # «otorgado INSERT en causales, reclamaciones»…

    @property
    def line(self) -> str:
        return f"{self.subject}: {self.said}."

    @property
    def lines(self) -> list[str]:
        """The line, then one indented line per detail: what a person reads."""
        return [self.line, *(f"  · {detail}" for detail in self.details)]


def quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def ensure_group(connection: Connection, role: Role) -> Step:
    """The group role exists, cannot log in, and says what it is for."""
    name = group_role(role)
    row = connection.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n"),
                             {"n": name}).first()
    subject = f"Rol de grupo {name} ({role.label})"
    if row is not None and not row.rolcanlogin:
        return Step(subject, "sin cambios", False)
    if row is None:
        connection.exec_driver_sql(f"CREATE ROLE {quote(connection, name)} NOLOGIN")
        said = "creado"
    else:
        connection.exec_driver_sql(f"ALTER ROLE {quote(connection, name)} NOLOGIN")
        said = "ya existía con LOGIN: ahora NOLOGIN"
    label = f"SWAT Desktop: {role.label}".replace("'", "''")
    connection.exec_driver_sql(f"COMMENT ON ROLE {quote(connection, name)} IS '{label}'")
    return Step(subject, said, True)


def _relations(connection: Connection, schema: str) -> tuple[set[str], dict[str, str]]:
    """The schema's tables, and each sequence with the table that owns it (a serial id)."""
    tables = set(connection.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :s AND c.relkind IN ('r', 'p')"), {"s": schema}).scalars())
    sequences = {sequence: table for sequence, table in connection.execute(text(
        "SELECT s.relname, t.relname FROM pg_class s "
        "JOIN pg_namespace n ON n.oid = s.relnamespace "
        "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
        "AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "WHERE n.nspname = :s AND s.relkind = 'S'"), {"s": schema})}
    return tables, sequences


def _held(connection: Connection, schema: str, grantee: str) -> dict[str, set[str]]:
    held: dict[str, set[str]] = {}
    rows = connection.execute(text(
        "SELECT c.relname, a.privilege_type FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "CROSS JOIN LATERAL aclexplode(c.relacl) a "
        "JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE n.nspname = :s AND r.rolname = :g AND c.relkind IN ('r', 'p', 'S')"),
        {"s": schema, "g": grantee})
    for relation, privilege in rows:
        held.setdefault(relation, set()).add(privilege)
    return held


def _columns(connection: Connection, schema: str, table: str) -> set[str]:
    return set(connection.execute(text(
        "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s "
        "AND c.relname = :t AND a.attnum > 0 AND NOT a.attisdropped"),
        {"s": schema, "t": table}).scalars())


def _held_column_updates(connection: Connection, schema: str, grantee: str
                         ) -> dict[str, set[str]]:
    held: dict[str, set[str]] = {}
    rows = connection.execute(text(
        "SELECT c.relname, a.attname FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "CROSS JOIN LATERAL aclexplode(a.attacl) x JOIN pg_roles r ON r.oid = x.grantee "
        "WHERE n.nspname = :s AND r.rolname = :g AND x.privilege_type = 'UPDATE' "
        "AND a.attnum > 0 AND NOT a.attisdropped"), {"s": schema, "g": grantee})
    for table, column in rows:
        held.setdefault(table, set()).add(column)
    return held


def wanted_privileges(role: Role, tables: Iterable[str], sequences: Mapping[str, str]
                      ) -> dict[str, set[str]]:
    """Every table readable; the role's writes where the table exists; USAGE on the
    sequence of each table it inserts into (a serial id is drawn from it)."""
    tables = set(tables)
    wanted = {table: {SELECT} for table in tables}
    for table, privileges in wanted_writes(role).items():
        if table in tables:
            wanted[table] |= privileges
    for sequence, table in sequences.items():
        if INSERT in wanted.get(table, set()):
            wanted[sequence] = {USAGE}
    for table in kept_columns(role):  # UPDATE on some columns only: _converge_columns
        wanted.get(table, set()).discard(UPDATE)
    return wanted


def _describe(verb: str, by_privilege: dict[str, list[str]]) -> list[str]:
    return [f"{verb} {privilege} en {', '.join(sorted(relations))}"
            for privilege, relations in sorted(by_privilege.items())]


def converge_grants(connection: Connection, schema: str, role: Role) -> Step:
    """Grant what the role's group lacks and revoke what it holds beyond that."""
    name = group_role(role)
    quoted = quote(connection, name)
    tables, sequences = _relations(connection, schema)
    wanted = wanted_privileges(role, tables, sequences)
    held = _held(connection, schema, name)
    granted: dict[str, list[str]] = {}
    revoked: dict[str, list[str]] = {}
    for relation in sorted(set(wanted) | set(held)):
        target = f"{quote(connection, schema)}.{quote(connection, relation)}"
        for privilege in sorted(wanted.get(relation, set()) - held.get(relation, set())):
            connection.exec_driver_sql(f"GRANT {privilege} ON {target} TO {quoted}")
            granted.setdefault(privilege, []).append(relation)
        for privilege in sorted(held.get(relation, set()) - wanted.get(relation, set())):
            connection.exec_driver_sql(f"REVOKE {privilege} ON {target} FROM {quoted}")
            revoked.setdefault(privilege, []).append(relation)
    _converge_columns(connection, schema, role, granted, revoked)
    subject = f"Permisos de {name} en las tablas"
    if not granted and not revoked:
        return Step(subject, f"sin cambios ({len(wanted)} tablas y secuencias)", False)
    if sorted(granted.get(SELECT, [])) == sorted(tables):  # a fresh database: say it short
        granted[SELECT] = [f"todas las tablas ({len(tables)})"]
    return Step(subject, "actualizados", True,
                tuple(_describe("otorgado", granted) + _describe("retirado", revoked)))


def _converge_columns(connection: Connection, schema: str, role: Role,
                      granted: dict[str, list[str]], revoked: dict[str, list[str]]) -> None:
    """UPDATE column by column where the role may not update a guarded column (the table's
    UPDATE was already revoked by converge_grants, which revokes its columns' too)."""
    name = group_role(role)
    held = _held_column_updates(connection, schema, name)
    kept = kept_columns(role)
    for table in sorted(set(kept) | set(held)):
        wanted = (_columns(connection, schema, table) - kept[table]) if table in kept else set()
        target = f"{quote(connection, schema)}.{quote(connection, table)}"
        more = sorted(wanted - held.get(table, set()))
        fewer = sorted(held.get(table, set()) - wanted)
        if more:
            columns = ", ".join(quote(connection, c) for c in more)
            connection.exec_driver_sql(f"GRANT UPDATE ({columns}) ON {target} TO "
                                       f"{quote(connection, name)}")
            said = (f"UPDATE (salvo {', '.join(sorted(kept[table]))})" if not held.get(table)
                    else f"UPDATE ({', '.join(more)})")
            granted.setdefault(said, []).append(table)
        if fewer:
            columns = ", ".join(quote(connection, c) for c in fewer)
            connection.exec_driver_sql(f"REVOKE UPDATE ({columns}) ON {target} FROM "
                                       f"{quote(connection, name)}")
            revoked.setdefault(f"UPDATE ({', '.join(fewer)})", []).append(table)


def converge_access(connection: Connection, schema: str, role: Role) -> Step:
    """CONNECT on the database and USAGE on the schema, whatever PUBLIC holds."""
    name = group_role(role)
    quoted = quote(connection, name)
    database = connection.execute(text("SELECT current_database()")).scalar_one()
    has = connection.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_database d CROSS JOIN LATERAL aclexplode(d.datacl) a "
        "JOIN pg_roles r ON r.oid = a.grantee WHERE d.datname = current_database() "
        "AND r.rolname = :g AND a.privilege_type = 'CONNECT'), "
        "EXISTS (SELECT 1 FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a "
        "JOIN pg_roles r ON r.oid = a.grantee WHERE n.nspname = :s AND r.rolname = :g "
        "AND a.privilege_type = 'USAGE')"), {"g": name, "s": schema}).one()
    done = []
    if not has[0]:
        connection.exec_driver_sql(
            f"GRANT CONNECT ON DATABASE {quote(connection, database)} TO {quoted}")
        done.append(f"otorgado CONNECT en la base {database}")
    if not has[1]:
        connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {quote(connection, schema)} "
                                   f"TO {quoted}")
        done.append(f"otorgado USAGE en el esquema {schema}")
    subject = f"Acceso de {name} a la base"
    return Step(subject, "; ".join(done), True) if done else Step(subject, "sin cambios", False)


def close_public_schema(connection: Connection, schema: str) -> Step:
    """Nobody but the owner creates objects in the application's schema (PostgreSQL before
    15 lets PUBLIC do so in ``public``): a login could otherwise shadow a table."""
    subject = f"Creación de objetos en el esquema {schema}"
    if not connection.execute(text("SELECT has_schema_privilege('public', :s, 'CREATE')"),
                              {"s": schema}).scalar_one():
        return Step(subject, "sin cambios (solo el dueño)", False)
    connection.exec_driver_sql(f"REVOKE CREATE ON SCHEMA {quote(connection, schema)} "
                               "FROM PUBLIC")
    return Step(subject, "retirada a PUBLIC", True)
