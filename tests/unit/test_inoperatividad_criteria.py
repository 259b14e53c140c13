"""Criteria 3 and 4 computed by hand-counted cases, and the cells of a tipificaciones export
read the way people write them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from swat_desktop.domain.base_format import CellError
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.inoperatividad_criteria import (
    Comparison,
    Measure,
    TipCount,
    days_needed,
    event_criteria,
    format_change,
    online_errors,
)
from swat_desktop.domain.tipificaciones import (
    KnownPoint,
    Place,
    PlaceKind,
    Tramite,
    detect_header,
    parse_count,
    parse_hour,
    place_finder,
    tramite_of,
)

POINT = Place(PlaceKind.PUNTO, "CAC-TRUJILLO")
CHANNEL = Place(PlaceKind.CANAL, "presencial")
ALTAS = Tramite.ALTAS


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LIMA)


def _criteria(counts: list[TipCount], start: datetime, end: datetime | None):  # type: ignore[no-untyped-def]
    return event_criteria(counts, "CAC-TRUJILLO", "CAC Trujillo", "presencial", "Presencial",
                          ALTAS, start, end)


MONDAY = date(2026, 11, 30)


def test_an_event_across_midnight_counts_its_hours_of_both_days_every_week() -> None:
    # Monday 22:30 to Tuesday 01:00 (exclusive): hours 22 and 23 of Monday, 0 of Tuesday.
    start, end = _at(MONDAY, 22, 30), _at(MONDAY + timedelta(days=1), 1)
    counts = []
    for week in range(5):
        shift = timedelta(weeks=week)
        monday, tuesday = MONDAY - shift, MONDAY + timedelta(days=1) - shift
        counts += [TipCount(monday, 21, POINT, ALTAS, 100),  # before the event: never counted
                   TipCount(monday, 22, POINT, ALTAS, 1 + week),
                   TipCount(monday, 23, POINT, ALTAS, 2),
                   TipCount(tuesday, 0, POINT, ALTAS, 3),
                   TipCount(tuesday, 1, POINT, ALTAS, 100)]  # the end hour: not touched
    found = _criteria(counts, start, end)
    assert found.range_label == "22:00 a 00:59 del 01/12"
    tip = found.tipificaciones
    assert tip is not None
    # Hand count: week k has (1 + k) + 2 + 3.
    assert tip.current.value == 6
    assert [m.value for m in tip.previous] == [7, 8, 9, 10]
    assert tip.average == 8.5
    assert tip.change == pytest.approx((6 - 8.5) / 8.5 * 100)


def test_a_day_with_whole_day_rows_compares_whole_days_and_a_missing_day_of_a_span_is_no_data(
        ) -> None:
    start, end = _at(MONDAY, 10), _at(MONDAY, 11, 15)
    counts = [TipCount(MONDAY, None, POINT, ALTAS, 40),
              TipCount(MONDAY - timedelta(weeks=1), 9, POINT, ALTAS, 5),
              TipCount(MONDAY - timedelta(weeks=1), 15, POINT, ALTAS, 6),
              TipCount(MONDAY - timedelta(weeks=2), None, POINT, Tramite.BAJAS, 3)]
    found = _criteria(counts, start, end)
    assert found.range_label == "todo el día"
    tip = found.tipificaciones
    assert tip is not None
    # Week 2 is covered (a Bajas row) without Altas: a true 0; weeks 3 and 4: sin datos.
    assert [tip.current.value, *(m.value for m in tip.previous)] == [40, 11, 0, None, None]
    assert tip.summary == "40 · promedio 5,5 · +627,3 %"


def test_without_rows_of_the_point_the_channel_counts_and_reclamos_count_everywhere() -> None:
    start = _at(MONDAY, 9)
    counts = [TipCount(MONDAY, 9, CHANNEL, ALTAS, 7),
              TipCount(MONDAY, 9, CHANNEL, Tramite.RECLAMOS, 2),
              TipCount(MONDAY, 9, Place(PlaceKind.PUNTO, "CC-123"), Tramite.RECLAMOS, 3),
              TipCount(MONDAY - timedelta(days=1), None, CHANNEL, Tramite.LDR, 0)]
    found = _criteria(counts, start, None)
    assert found.scope_label == "canal Presencial"
    assert found.tipificaciones is not None
    assert found.tipificaciones.current.value == 7
    assert found.reclamos.current.value == 5
    assert found.reclamos.previous[0].value == 0  # covered by the LDR row
    assert found.reclamos.change is None  # no percentage of an average of 0
    assert found.reclamos.summary == "5 · promedio 0"
    assert found.ldr.summary == "0 · promedio 0"


def test_nothing_imported_is_sin_datos_everywhere_never_zero() -> None:
    found = _criteria([], _at(MONDAY, 9), _at(MONDAY, 10))
    assert not found.has_data
    assert found.tipificaciones is not None
    assert found.tipificaciones.summary == "sin datos"
    assert found.tipificaciones.current.text == "sin datos"


def test_the_days_read_cover_four_weeks_and_seven_days() -> None:
    needed = days_needed(_at(MONDAY, 9), _at(MONDAY, 10))
    assert needed == {MONDAY - timedelta(weeks=k) for k in range(5)} | {
        MONDAY - timedelta(days=k) for k in range(8)}


def test_changes_read_in_spanish() -> None:
    assert format_change(-58.333) == "−58,3 %"
    assert format_change(100) == "+100 %"
    assert format_change(0) == "0 %"
    assert Comparison(Measure(MONDAY, None), (Measure(MONDAY, 4),)).summary == (
        "sin datos · promedio 4")


def test_headers_and_values_of_an_export() -> None:
    rows = [["Reporte de tipificaciones"], [],
            ["Fecha de atención", "Franja horaria", "Punto de atención", "Tipificación", "Total"]]
    header = detect_header(rows)
    assert header is not None
    assert header.row_index == 2
    assert header.complete
    assert [f.value for f in header.columns] == ["dia", "hora", "canal", "tramite", "cantidad"]
    assert header.signature.startswith("tipificaciones:")
    find = place_finder([KnownPoint("CAC-TRUJILLO", "CAC Trujillo", "presencial")])
    assert find("cac trujillo") == POINT
    assert find("CAC-TRUJILLO") == POINT
    assert find("Telefónico") == Place(PlaceKind.CANAL, "telefonico")
    assert find("CAC Marte") is None
    assert tramite_of("Reclamos, apelaciones y quejas") is Tramite.RECLAMOS
    assert tramite_of("Libro de Reclamaciones") is Tramite.LDR
    assert tramite_of("Portabilidad") is Tramite.ALTAS
    assert tramite_of("Pago de recibo") is None
    assert [parse_hour(v) for v in (14, "09:30", "14:00 - 14:59", 0.5, time(7, 5))] == [
        14, 9, 14, 12, 7]
    assert [parse_count(v) for v in (3, 3.0, "1.234", "12")] == [3, 3, 1234, 12]
    for bad in ("12,5", -1, 2.5, True, "", 2_000_000):
        with pytest.raises(CellError):
            parse_count(bad)
    with pytest.raises(CellError):
        parse_hour("25")


def test_an_online_report_is_checked() -> None:
    assert online_errors(0, 3, "") == {}
    assert set(online_errors(-1, 100_001, "x" * 1001)) == {"public_posts", "inbox_messages",
                                                          "note"}
