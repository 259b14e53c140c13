"""The Inoperatividad tables: catalogues, correlativos and their reservations (pads of paper
forms), records, point keys, falla windows, non-working days and drafts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from swat_desktop.storage.tables_base import Base
from swat_desktop.storage.types import UTCDateTime


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


class CorrelativoReservation(Base):
    """A correlativo printed on a pad of paper forms before the event it will number: taken
    from correlativo_counters with the numbers after it, so the register stays gapless. It is
    never deleted: it becomes a record (transcrito) or is annulled with a reason (anulado)."""

    __tablename__ = "correlativo_reservations"
    __table_args__ = (
        UniqueConstraint("attention_point_id", "number",
                         name="uq_correlativo_reservations_point_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attention_point_id: Mapped[int] = mapped_column(
        ForeignKey("attention_points.id", ondelete="RESTRICT")
    )
    number: Mapped[int] = mapped_column(Integer)
    form_version: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="reservado")
    reserved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reserved_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # Transcription: the record it became, who wrote the paper (a name: perhaps nobody with a
    # profile here) and who typed it.
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("inoperatividad_records.id", ondelete="RESTRICT"), nullable=True, unique=True
    )
    filled_by_name: Mapped[str] = mapped_column(String(200), default="")
    transcribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    transcribed_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    annul_reason: Mapped[str] = mapped_column(Text, default="")
    annulled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    annulled_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )


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
