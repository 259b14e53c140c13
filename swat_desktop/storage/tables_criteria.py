"""Tables of Criterios de Evaluación 3 and 4 (seed 004): the imported tipificaciones counts,
each import that brought them, and Atención Online's report per event."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from swat_desktop.storage.tables_base import Base
from swat_desktop.storage.types import UTCDateTime

# The hour of a row that counts for the whole day: a real value, not NULL, so the unique key
# below holds for whole-day rows too (NULLs never collide in a unique index).
WHOLE_DAY = -1


class TipificacionImport(Base):
    """One imported tipificaciones export: who brought it, and what it replaced."""

    __tablename__ = "tipificacion_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    sheet: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    imported_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    row_count: Mapped[int] = mapped_column(Integer)  # counts written
    replaced_count: Mapped[int] = mapped_column(Integer)  # counts of earlier imports replaced
    skipped_count: Mapped[int] = mapped_column(Integer)  # rows of non-regulated trámites


class TipificacionCount(Base):
    """The tipificaciones of one day (and hour), one point or channel and one trámite type.
    A later import of the same day, place and trámite replaces the row (audited), so a
    corrected export never adds to the first one."""

    __tablename__ = "tipificacion_counts"
    __table_args__ = (
        UniqueConstraint("day", "place_kind", "place", "tramite", "hour",
                         name="uq_tipificacion_counts_key"),
        Index("ix_tipificacion_counts_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    hour: Mapped[int] = mapped_column(Integer)  # 0..23, or WHOLE_DAY
    place_kind: Mapped[str] = mapped_column(String(8))  # punto / canal
    place: Mapped[str] = mapped_column(String(40))  # the point's code or the channel
    tramite: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("tipificacion_imports.id", ondelete="RESTRICT"), index=True)


class AtencionOnlineReport(Base):
    """Atención Online's report of one event; a correction overwrites it, the audit keeps
    what it said before."""

    __tablename__ = "atencion_online_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("inoperatividad_records.id", ondelete="RESTRICT"), unique=True)
    public_posts: Mapped[int] = mapped_column(Integer)
    inbox_messages: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
