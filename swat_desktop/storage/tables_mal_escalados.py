"""The Mal escalados tables: causales, bases and their accounts, verdicts, import profiles,
reclamaciones and feedback sessions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from swat_desktop.storage.tables_base import Base
from swat_desktop.storage.types import UTCDateTime


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
