"""How dates and times read on screen and in reports: dd/mm/yyyy HH:MM in the user's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")
LIMA = ZoneInfo("America/Lima")


def format_datetime(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def format_size(size_bytes: int) -> str:
    """A file size as people read it in Spanish: «845 kB», «12,3 MB» (decimal comma)."""
    value = float(size_bytes)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            break
        value /= 1000
    if unit in ("bytes", "kB") or value >= 100:
        return f"{value:.0f} {unit}"
    return f"{value:.1f} {unit}".replace(".", ",")
