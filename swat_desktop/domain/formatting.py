"""How dates and times read on screen and in reports: dd/mm/yyyy HH:MM in the user's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")
LIMA = ZoneInfo("America/Lima")


def format_datetime(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M")
