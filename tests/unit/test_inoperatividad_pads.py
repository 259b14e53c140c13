"""What the transcription field accepts as a paper's number, and the line a transcribed record
carries: the rules the window, the command line and the PDF share."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from swat_desktop.domain.inoperatividad_pads import (
    Reservation,
    ReservationState,
    parse_correlativo,
)

POINT = "CAC-SAN-ISIDRO"


@pytest.mark.parametrize(("typed", "point", "found"), [
    ("SWAT|FM-INOP-2|CAC-SAN-ISIDRO|000002", None, (POINT, 2)),  # the scanner's text
    (" SWAT|FM-INOP-2|CAC-PLAZA-NORTE|000017\n", POINT, ("CAC-PLAZA-NORTE", 17)),
    ("CAC-SAN-ISIDRO-000002", None, (POINT, 2)),  # the printed number
    ("cac-san-isidro-2", None, (POINT, 2)),
    ("2", POINT, (POINT, 2)),  # only the digits: the point chosen
    ("000002", POINT, (POINT, 2)),
    ("2", None, None),  # digits without a point say nothing
    ("0", POINT, None),
    ("1000000", POINT, None),  # more than the six digits of the register
    ("CAC-SAN-ISIDRO", POINT, None),
    ("SWAT|FM-INOP-2|CAC-SAN-ISIDRO|dos", POINT, None),
    ("", POINT, None),
    ("hola", POINT, None),
])
def test_what_the_transcription_field_accepts(typed: str, point: str | None,
                                              found: tuple[str, int] | None) -> None:
    assert parse_correlativo(typed, point) == found


def _reservation(**changes: object) -> Reservation:
    base: dict[str, object] = {
        "id": 1, "point_code": POINT, "point_name": "CAC San Isidro", "number": 2,
        "form_version": "FM-INOP-2", "state": ReservationState.RESERVADO,
        "reserved_at": datetime(2026, 11, 20, 13, 0, tzinfo=UTC), "reserved_by": "Jorge"}
    return Reservation(**{**base, **changes})  # type: ignore[arg-type]


def test_only_a_transcribed_reservation_carries_the_mark_in_lima_time() -> None:
    assert _reservation().transcription_mark == ""
    assert _reservation().outcome == "sin usar"
    done = _reservation(state=ReservationState.TRANSCRITO, record_id=9,
                        filled_by="María Rojas", transcribed_by="Carla Info",
                        transcribed_at=datetime(2026, 11, 23, 2, 5, tzinfo=UTC))
    assert done.transcription_mark == (
        "Transcrito del formato en papel — llenado por María Rojas, transcrito por Carla Info "
        "el 22/11/2026 21:05")
    assert done.outcome == (f"registro {POINT}-000002 (llenó María Rojas, transcribió "
                            "Carla Info)")
    annulled = _reservation(state=ReservationState.ANULADO, annul_reason="Perdida")
    assert (annulled.transcription_mark, annulled.outcome) == ("", "anulado: Perdida")
