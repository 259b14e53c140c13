"""Pads of numbered paper forms (talonarios): the correlativos a point reserves before its
events so a form filled by hand during an outage already carries its place in the register.

The regulator's register is correlative; a paper form typed in later used to get whatever
number was next at typing time, which said nothing about when the paper was filled. A pad's
numbers are taken at once, in order, from the point's counter; each ends transcribed (the
record it became) or annulled with a reason, never reused and never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad_record import MAX_CORRELATIVO

# The printed form's layout: in the QR so a scanned paper says which form it was written on.
FORM_VERSION = "FM-INOP-2"
# What the regulator's report says of where a record came from («Origen»).
SCREEN_ORIGIN, PAPER_ORIGIN = "Pantalla", "Papel transcrito"
# A pad is printed at once and carried to the point: more pages than this is a typo.
MAX_PAD = 200


class ReservationState(StrEnum):
    RESERVADO = "reservado"
    TRANSCRITO = "transcrito"
    ANULADO = "anulado"

    @property
    def label(self) -> str:
        return {"reservado": "Reservado", "transcrito": "Transcrito",
                "anulado": "Anulado"}[self.value]


@dataclass(frozen=True)
class Reservation:
    """One reserved correlativo as the pad, the list and the transcription read it."""

    id: int
    point_code: str
    point_name: str
    number: int
    form_version: str
    state: ReservationState
    reserved_at: datetime
    reserved_by: str
    record_id: int | None = None
    filled_by: str = ""
    transcribed_at: datetime | None = None
    transcribed_by: str = ""
    annul_reason: str = ""
    annulled_at: datetime | None = None
    annulled_by: str = ""

    @property
    def code(self) -> str:
        """CODE-NNNNNN: the same number the record it becomes will show."""
        return correlativo_code(self.point_code, self.number)

    @property
    def qr_payload(self) -> str:
        return qr_payload(self.point_code, self.number, self.form_version)

    @property
    def outcome(self) -> str:
        """What became of the number: the record typed from its paper (the same number, so
        it is said without reading the record), or why it was annulled."""
        if self.record_id is not None:
            return (f"registro {self.code} (llenó {self.filled_by}, transcribió "
                    f"{self.transcribed_by})")
        if self.annul_reason:
            return f"anulado: {self.annul_reason}"
        return "sin usar"

    @property
    def transcription_mark(self) -> str:
        """What the record's PDF and viewer say of a record typed from its paper: the times
        in it are the paper's, not the typing's, and two people answer for it."""
        if self.state is not ReservationState.TRANSCRITO or self.transcribed_at is None:
            return ""
        return (f"Transcrito del formato en papel — llenado por {self.filled_by}, transcrito "
                f"por {self.transcribed_by} el {format_datetime(self.transcribed_at, LIMA)}")


def correlativo_code(point_code: str, number: int) -> str:
    return f"{point_code}-{number:06d}"


def qr_payload(point_code: str, number: int, form_version: str) -> str:
    """What the page's QR holds: plain text a scanner types into the transcription field;
    parse_qr_payload reads it back."""
    return f"SWAT|{form_version}|{point_code}|{number:06d}"


def parse_qr_payload(text: str) -> tuple[str, int, str] | None:
    """(point code, number, form version) from a scanned QR, or None if it is not one."""
    parts = text.strip().split("|")
    if len(parts) != 4 or parts[0] != "SWAT" or not parts[3].isdigit():
        return None
    return parts[2], int(parts[3]), parts[1]


def parse_correlativo(text: str, point_code: str | None) -> tuple[str, int] | None:
    """(point code, number) from what the transcription field holds: the QR text a scanner
    types (SWAT|FM-INOP-2|CODE|NNNNNN), the printed CODE-NNNNNN, or only the digits when the
    point is known (``point_code``). None when it is none of them."""
    text = text.strip()
    scanned = parse_qr_payload(text)
    if scanned is not None:
        code, digits = scanned[0], scanned[1]
    elif text.isdigit():
        code, digits = point_code or "", int(text)
    else:
        code, _, tail = text.rpartition("-")
        digits = int(tail) if tail.isdigit() else 0
    if not code or not 1 <= digits <= MAX_CORRELATIVO:  # a number the register can hold
        return None
    return code.strip().upper(), digits


def pad_size_error(count: int) -> str | None:
    if count < 1:
        return "Indique cuántos formatos tiene el talonario (al menos 1)."
    if count > MAX_PAD:
        return f"Un talonario tiene como máximo {MAX_PAD} formatos."
    return None


def fits_register(last: int, count: int) -> bool:
    """Whether ``count`` more numbers after ``last`` still fit the six digits."""
    return last + count <= MAX_CORRELATIVO
