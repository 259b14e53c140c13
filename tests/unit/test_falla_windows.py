"""Criterio 1 and the windows listed beside it come from one place (the domain), so the
evaluation on screen and the report never disagree about a falla masiva."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from swat_desktop.domain.inoperatividad import (
    AttentionPointView,
    InoperatividadRecord,
    RecordInput,
    RecordStatus,
)
from swat_desktop.domain.inoperatividad_flow import (
    FallaWindow,
    WindowResult,
    crossing_windows,
    window_result,
)

START = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
POINT = AttentionPointView(1, "CAC-X", "CAC X", "cac", "CAC", "presencial", "Presencial")


def _record(ended: datetime | None, apps: tuple[str, ...] = ("SIAC",)) -> InoperatividadRecord:
    data = RecordInput(attention_point_id=1, started_at=START, ended_at=ended,
                       applications=apps)
    return InoperatividadRecord(1, "u", 1, POINT, data, RecordStatus.CERRADO, "x", START, "", 1)


def _window(number: int, app: str, starts: timedelta, ends: timedelta) -> FallaWindow:
    return FallaWindow(number, app, START + starts, START + ends, f"F-{number}")


def test_a_window_covering_the_whole_event_puts_it_inside() -> None:
    record = _record(START + timedelta(hours=1))
    covering = _window(1, "SIAC", -timedelta(minutes=5), timedelta(hours=2))
    assert window_result(record, [covering]) is WindowResult.DENTRO
    assert crossing_windows(record, [covering]) == [covering]


def test_a_window_covering_part_of_the_event_is_listed_but_leaves_it_outside() -> None:
    record = _record(START + timedelta(hours=1))
    partial = _window(1, "SIAC", timedelta(minutes=30), timedelta(hours=2))
    other_app = _window(2, "SGA", -timedelta(hours=1), timedelta(hours=3))
    before = _window(3, "SIAC", -timedelta(hours=2), -timedelta(hours=1))
    windows = [partial, other_app, before]
    assert window_result(record, windows) is WindowResult.FUERA
    assert crossing_windows(record, windows) == [partial]


def test_an_open_event_is_not_evaluated_and_crosses_nothing() -> None:
    record = _record(None)
    window = _window(1, "SIAC", -timedelta(hours=1), timedelta(hours=1))
    assert window_result(record, [window]) is WindowResult.NO_APLICA
    assert crossing_windows(record, [window]) == []
