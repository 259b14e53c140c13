"""How dates and times read on screen and in reports: dd/mm/yyyy HH:MM in the user's zone;
and how a typed day is read back (the command line's date options)."""

from __future__ import annotations

import re
from datetime import date, datetime
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


# What a day typed by a person may look like: how Spanish-speaking staff write it, and ISO 8601
# as scripts and other programs write it. Said in every date option's help and refusal.
DAY_FORMS = "dd/mm/aaaa o aaaa-mm-dd"
_DAY_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DAY_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_day(text: str) -> date:
    """A calendar day from «21/11/2026» or «2026-11-21».

    Only these two shapes: ``date.fromisoformat`` alone would also take «20261121» and
    «2026-W47-6», and a day read in a shape nobody meant is worse than a refusal. Raises
    ValueError with the Spanish reason.
    """
    typed = text.strip()
    if match := _DAY_DMY.fullmatch(typed):
        day, month, year = (int(part) for part in match.groups())
    elif match := _DAY_ISO.fullmatch(typed):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(f"fecha no válida «{text}», use {DAY_FORMS}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"fecha no válida «{text}»: ese día no existe en el calendario") from None


def format_count(value: int) -> str:
    """Thousands with a dot, as Spanish readers write them: 12.345."""
    return f"{value:,}".replace(",", ".")
