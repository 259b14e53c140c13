"""The management practices held by the leaders (modelo de gestión operativa) and the accounts
and advisors a practice was about."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from swat_desktop.storage.tables_base import Base
from swat_desktop.storage.types import UTCDateTime


class PracticeSession(Base):
    """One practice held. A deleted one stays, with who deleted it and why: the weekly figures
    a leader was shown can always be explained from the table and its audit rows."""

    __tablename__ = "practice_sessions"
    __table_args__ = (Index("ix_practice_sessions_leader_day", "leader_id", "held_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_code: Mapped[str] = mapped_column(String(20))
    # The version of resources/catalogues/practicas.json the practice was recorded under.
    catalogue_version: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    leader_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # The leader's role when they recorded it: the goal it counted for.
    leader_role: Mapped[str] = mapped_column(String(32))
    participants: Mapped[str] = mapped_column(String(300))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    follow_up_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    deleted_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True)
    delete_reason: Mapped[str] = mapped_column(Text, default="")


class PracticeLink(Base):
    """An account (by cuenta) or an advisor (by the id the bases give them) a practice was
    about, as typed and checked against the bases when it was saved."""

    __tablename__ = "practice_links"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(60), index=True)
    label: Mapped[str] = mapped_column(String(160), default="")
