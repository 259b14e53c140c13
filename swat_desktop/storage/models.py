"""Tables of the core schema. Every change here needs an Alembic revision in migrations/.

No column defaults to "now": the use case that writes a row stamps it from its store's clock
(``Database.clock``), so a forgotten stamp fails loudly (NOT NULL) instead of silently taking
the system's time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from swat_desktop.storage.types import UTCDateTime

# Named constraints keep Alembic's batch migrations on SQLite deterministic.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AttentionPoint(Base):
    __tablename__ = "attention_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(32))
    # The célula, attention point or area as the person named it; for a CAC supervisor the
    # point is also linked so inoperatividad records can be filtered by it.
    unit: Mapped[str] = mapped_column(String(120), default="")
    attention_point_id: Mapped[int | None] = mapped_column(
        ForeignKey("attention_points.id", ondelete="RESTRICT"), nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    attention_point: Mapped[AttentionPoint | None] = relationship()


class AuditLog(Base):
    """Append-only: the migration installs triggers that refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    # Copied from the user so the row reads the same even if the profile is later renamed.
    user_login: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Setting(Base):
    """Application-wide settings shared by everybody on this database."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(40), default="")


# The full-text index of the review's search (SQLite only) and the tables FTS5 keeps behind
# it: made by migration 0007, not by these models, so autogenerate must not see them.
SEARCH_TABLE = "mal_escalado_search"
SEARCH_TERMS = "mal_escalado_search_terms"  # the index's words (fts5vocab)


def in_models(name: str | None, type_: str, _parents: Mapping[str, str | None]) -> bool:
    """Alembic's ``include_name``: every table but the search index's."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE))


class Causal(Base):
    """Catalogue of causales de rechazo (step 5 of the mal escalados procedure)."""

    __tablename__ = "causales"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # What the advisor must do instead: printed on the compromiso de mejoramiento.
    procedure: Mapped[str] = mapped_column(Text, default="")


class MalEscaladoBase(Base):
    """One imported file of the daily Base Mal Escalados."""

    __tablename__ = "mal_escalado_bases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    base_date: Mapped[date] = mapped_column(Date, index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    sheet: Mapped[str] = mapped_column(String(120))
    header_row: Mapped[int] = mapped_column(Integer)  # 1-based, as Excel shows it
    headers: Mapped[list[str]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    imported_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    imported_count: Mapped[int] = mapped_column(Integer)
    duplicate_count: Mapped[int] = mapped_column(Integer)
    rejected_count: Mapped[int] = mapped_column(Integer)
    # Who appears in this base, for the review filters without scanning its accounts.
    advisors: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # id -> name
    supervisors: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Kept by save_verdict, so the review's counts of whole bases (the window opening, the
    # base and status filters) read one row per base instead of counting a year of accounts.
    reviewed_count: Mapped[int] = mapped_column(Integer, default=0)
    procede_count: Mapped[int] = mapped_column(Integer, default=0)
    # The base's accounts are inserted in one transaction under the write lock, so their ids
    # are one unbroken range: a base filter becomes an id range the review can seek to.
    first_case_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_case_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class MalEscaladoCase(Base):
    """One account of a base and its review.

    Every index serves an order or a count of the review table (services/review_pages.py):
    the review reads pages along an index and counts from indexes, so a year in the store
    costs what a day does. Composite ``(column, status)`` indexes answer "how many, and how
    many reviewed" for one supervisor, advisor or agent from the index alone. Each index costs
    import time (bench/bench_import.py), so none is here without an order or count using it.
    The row is kept narrow (the imported cells live compressed in MalEscaladoSource): reading
    a page or walking an index touches fewer pages of a year's table.
    """

    __tablename__ = "mal_escalado_cases"
    __table_args__ = (
        Index("ix_mal_escalado_cases_status_fecha", "status", "fecha_escalamiento"),
        Index("ix_mal_escalado_cases_base_fecha", "base_date", "fecha_escalamiento"),
        Index("ix_mal_escalado_cases_supervisor_status", "supervisor", "status"),
        Index("ix_mal_escalado_cases_asesor_status", "asesor_id", "status"),
        Index("ix_mal_escalado_cases_assigned_status", "assigned_to", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    base_id: Mapped[int] = mapped_column(ForeignKey("mal_escalado_bases.id", ondelete="RESTRICT"))
    base_date: Mapped[date] = mapped_column(Date)  # copied from the base: filtered and sorted on
    source_row: Mapped[int] = mapped_column(Integer)
    # The wall-clock time written in the base; the file carries no zone.
    fecha_escalamiento: Mapped[datetime] = mapped_column(DateTime, index=True)
    cuenta: Mapped[str] = mapped_column(String(40), index=True)
    asesor_id: Mapped[str] = mapped_column(String(60))
    asesor_nombre: Mapped[str] = mapped_column(String(160), index=True)
    supervisor: Mapped[str] = mapped_column(String(160), default="")
    row_key: Mapped[str] = mapped_column(String(200), unique=True)
    # Folded (base_format.fold_text) account, advisor, supervisor and observaciones; on SQLite
    # the full-text index mal_escalado_search follows it through triggers (migration 0007).
    search_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pendiente")
    primary_causal_id: Mapped[int | None] = mapped_column(
        ForeignKey("causales.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    procedencia: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    motivo: Mapped[str | None] = mapped_column(String(32), nullable=True)
    observaciones: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    assigned_to: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)


class MalEscaladoSource(Base):
    """The imported cells of a base's accounts, a block of rows per line, compressed.

    Only the detail panel reads them (one block per account opened), yet as a column of every
    account they were more than half of a year's store and of every backup. A block holds the
    accounts whose sheet row falls in ``[chunk * SOURCE_CHUNK_ROWS, …)`` (io/source_blocks.py).
    """

    __tablename__ = "mal_escalado_sources"

    base_id: Mapped[int] = mapped_column(
        ForeignKey("mal_escalado_bases.id", ondelete="CASCADE"), primary_key=True)
    chunk: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class MalEscaladoCaseCausal(Base):
    """Every causal of a verdict; position 0 is the primary one."""

    __tablename__ = "mal_escalado_case_causales"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("mal_escalado_cases.id", ondelete="CASCADE"), primary_key=True
    )
    causal_id: Mapped[int] = mapped_column(
        ForeignKey("causales.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)


class MalEscaladoCausalCount(Base):
    """How many accounts of a base name each causal in their verdict, kept by save_verdict:
    the review's causal filter counts a year's verdicts from a row per base."""

    __tablename__ = "mal_escalado_causal_counts"

    base_id: Mapped[int] = mapped_column(
        ForeignKey("mal_escalado_bases.id", ondelete="CASCADE"), primary_key=True)
    causal_id: Mapped[int] = mapped_column(
        ForeignKey("causales.id", ondelete="RESTRICT"), primary_key=True)
    accounts: Mapped[int] = mapped_column(Integer)


class ImportProfile(Base):
    """A column mapping chosen by hand, reused when a file with the same headers comes again."""

    __tablename__ = "import_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signature: Mapped[str] = mapped_column(Text, unique=True)
    mapping: Mapped[dict[str, str]] = mapped_column(JSON)  # field -> header text
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Reclamacion(Base):
    """Accounts disputed with Gestión Soporte in one claim (step 4)."""

    __tablename__ = "reclamaciones"
    __table_args__ = (UniqueConstraint("year", "sequence", name="uq_reclamaciones_year_sequence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)  # REC-<year>-<sequence>, gapless per year
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    # A discarded claim keeps its row so its number is never given again.
    discarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ReclamacionItem(Base):
    """One disputed account and Gestión Soporte's answer about it."""

    __tablename__ = "reclamacion_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reclamacion_id: Mapped[int] = mapped_column(
        ForeignKey("reclamaciones.id", ondelete="CASCADE"), index=True
    )
    # An account is disputed once: a second claim about it would count it twice.
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mal_escalado_cases.id", ondelete="RESTRICT"), unique=True
    )
    evidence: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(16), default="pendiente")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )


class FeedbackSession(Base):
    """A retroalimentación with an advisor and the compromiso de mejoramiento it produced."""

    __tablename__ = "feedback_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    asesor_id: Mapped[str] = mapped_column(String(60), index=True)
    asesor_nombre: Mapped[str] = mapped_column(String(160))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    session_date: Mapped[date] = mapped_column(Date)
    supervisor: Mapped[str] = mapped_column(String(300))
    attendees: Mapped[str] = mapped_column(String(300), default="")
    discussion: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[date | None] = mapped_column(Date, nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="pendiente")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, default=1)


class FeedbackCommitment(Base):
    __tablename__ = "feedback_commitments"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class FeedbackCausal(Base):
    """A causal discussed in a session: repeating it afterwards is a recurrence."""

    __tablename__ = "feedback_causales"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    causal_id: Mapped[int] = mapped_column(
        ForeignKey("causales.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class CatalogueItem(Base):
    """Entries of the inoperatividad catalogues (resources/catalogues/inoperatividad.json)."""

    __tablename__ = "catalogue_items"
    __table_args__ = (
        UniqueConstraint("kind", "parent", "code", name="uq_catalogue_items_kind_parent_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # applications, consultas, motivos, …
    parent: Mapped[str] = mapped_column(String(60), default="")  # a motivo's scenario
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")
    group: Mapped[str] = mapped_column(String(32), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CorrelativoCounter(Base):
    """The last correlativo given at an attention point. Incrementing this row first takes the
    write lock, so two saves at once get consecutive numbers and a rollback leaves no gap."""

    __tablename__ = "correlativo_counters"

    attention_point_id: Mapped[int] = mapped_column(
        ForeignKey("attention_points.id", ondelete="RESTRICT"), primary_key=True
    )
    last: Mapped[int] = mapped_column(Integer, default=0)


class InoperatividadRecordRow(Base):
    """A saved Formato Manual de Registro de Inoperatividad."""

    __tablename__ = "inoperatividad_records"
    __table_args__ = (
        UniqueConstraint("attention_point_id", "correlativo",
                         name="uq_inoperatividad_records_point_correlativo"),
        # The seed's rule: one open record per request type per attention point.
        Index("uq_inoperatividad_records_open_type", "attention_point_id", "request_type",
              unique=True, sqlite_where=text("status = 'abierto'"),
              postgresql_where=text("status = 'abierto'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    attention_point_id: Mapped[int] = mapped_column(
        ForeignKey("attention_points.id", ondelete="RESTRICT")
    )
    correlativo: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    responsible_name: Mapped[str] = mapped_column(String(200))
    responsible_role: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    applications: Mapped[list[str]] = mapped_column(JSON)
    sicar_payment: Mapped[bool] = mapped_column(Boolean, default=False)
    request_type: Mapped[str] = mapped_column(String(16))
    request_code: Mapped[str] = mapped_column(String(60), default="")
    scenario: Mapped[str] = mapped_column(String(32))
    motivo: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="")
    alert_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    alert_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    alert_reference: Mapped[str] = mapped_column(String(200), default="")
    not_intermittent: Mapped[bool] = mapped_column(Boolean, default=False)
    whole_point_down: Mapped[bool] = mapped_column(Boolean, default=False)
    customers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    critical_attention: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="abierto")
    annul_reason: Mapped[str] = mapped_column(Text, default="")
    annulled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    annulled_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # After the form: regularization in ATC, closure, Procesos' answer, approvals.
    regularization: Mapped[str] = mapped_column(String(16), default="pendiente",
                                                server_default="pendiente")
    atc_number: Mapped[str | None] = mapped_column(String(40), nullable=True, unique=True)
    regularized_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    regularized_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    closure_motive: Mapped[str] = mapped_column(String(60), default="", server_default="")
    closure_sustento: Mapped[str] = mapped_column(Text, default="", server_default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    procesos_answer: Mapped[str | None] = mapped_column(String(16), nullable=True)
    procesos_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    procesos_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    gerente: Mapped[str] = mapped_column(String(200), default="", server_default="")
    gerente_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    director: Mapped[str] = mapped_column(String(200), default="", server_default="")
    director_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reported_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    # For a record received in a package: the version it had at its point when last imported.
    source_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # ...and a digest of its point-owned fields as imported: a local change since then is
    # never overwritten by a newer package without being shown as a conflict.
    source_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The package version a person declined in a conflict (kept this store's instead).
    kept_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class PointKey(Base):
    """The public key Control e Información registered for an attention point: only packages
    that key signed are imported from that point (services/package_keys.py). One per point;
    a replacement (a point's new computer) is audited with the key it replaced."""

    __tablename__ = "point_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attention_point_id: Mapped[int] = mapped_column(
        ForeignKey("attention_points.id", ondelete="RESTRICT"), unique=True
    )
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, 32 bytes in base64
    fingerprint: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registered_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class FallaWindowRow(Base):
    """A falla masiva announced by the Fallas team (Criterios de Evaluación, 1)."""

    __tablename__ = "falla_windows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application: Mapped[str] = mapped_column(String(60))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reference: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NonWorkingDay(Base):
    """A day off an administrator adds to Peru's national holidays (regional, company)."""

    __tablename__ = "non_working_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    description: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class InoperatividadDraft(Base):
    """What a person is typing in the form, saved as they type: never numbered, never
    reported, offered back after a crash until it is saved or discarded."""

    __tablename__ = "inoperatividad_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"),
                                         index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
