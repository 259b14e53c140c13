"""Dates and times between Python and Qt's edits, always as wall time in Lima.

Every date-time field of the folder goes through here, so the form, the closure and the falla
masiva window agree on what 09:14 means whatever zone the machine itself is set to.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout

from swat_desktop.domain.clock import Clock, local_now
from swat_desktop.domain.formatting import LIMA
from swat_desktop.gui.widgets import notice

DATETIME_FORMAT = "dd/MM/yyyy HH:mm"
_UTC = QTimeZone.utc()


def to_qdatetime(value: datetime, zone: ZoneInfo = LIMA) -> QDateTime:
    """The wall time in ``zone`` held in a UTC QDateTime: the edit shows exactly that time,
    whatever the machine's own zone is (no daylight-saving gaps to trip over)."""
    local = value.astimezone(zone)
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute), _UTC)


def from_qdatetime(value: QDateTime, zone: ZoneInfo = LIMA) -> datetime:
    day, moment = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), moment.hour(), moment.minute(),
                    tzinfo=zone)


def now_in(clock: Clock, zone: ZoneInfo = LIMA) -> datetime:
    """Now by ``clock`` (the store's), to the minute: the form shows no seconds, so a draft
    comes back exactly as shown."""
    return local_now(clock, zone).replace(second=0, microsecond=0)


def datetime_edit(name: str, clock: Clock) -> QDateTimeEdit:
    """A date-and-time field in Lima, starting at ``clock``'s now."""
    edit = QDateTimeEdit()
    edit.setMinimumWidth(150)
    edit.setTimeZone(_UTC)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    edit.setSpecialValueText("—")  # shown at the minimum: no time given
    edit.setDateTime(to_qdatetime(now_in(clock)))
    return edit


def set_moment(edit: QDateTimeEdit, value: datetime | None) -> None:
    """``value`` in the edit, or its special «—» when there is none."""
    edit.setDateTime(to_qdatetime(value) if value is not None else edit.minimumDateTime())


def in_lima(edit: QDateTimeEdit) -> QHBoxLayout:
    """The edit with the zone it is in said beside it: a dialog has no room for more."""
    row = QHBoxLayout()
    row.addWidget(edit)
    row.addWidget(notice("hora de Lima"))
    row.addStretch(1)
    return row
