"""Control characters, month-first date columns and the 1904 date system, on plain values."""

from __future__ import annotations

from datetime import datetime

import pytest

from swat_desktop.domain.base_cells import control_character, month_first, without_controls
from swat_desktop.domain.base_format import parse_datetime


@pytest.mark.parametrize(("text", "found"), [
    ("Ana Ruiz", None),
    ("Ana\tRuiz\r\nGómez", None),  # line breaks and tabs are text
    ("Ana\x1fRuiz", (4, "U+001F")),
    ("\x00", (1, "U+0000")),
    ("fin\x7f", (4, "U+007F")),
    ("Peña\x85", (5, "U+0085")),  # C1, from a CSV read in the wrong code page
    ("a\u200bb", None),  # not printable, but not a control character either
])
def test_control_characters_are_found_with_their_place(
        text: str, found: tuple[int, str] | None) -> None:
    result = control_character(text)
    assert (None if result is None else (result.position, result.code)) == found


def test_the_message_shows_the_text_without_the_invisible_character() -> None:
    found = control_character("Ana\x1fRuiz")
    assert found is not None
    assert found.describe("Ana\x1fRuiz").startswith(
        "El texto «Ana?Ruiz» tiene un carácter de control invisible (U+001F) en la posición 4")
    assert without_controls("a\x01b\x7fc") == "a b c"


@pytest.mark.parametrize(("values", "example"), [
    (["11/05/2026", "11/25/2026 08:00", "12/31/2026"], ("11/25/2026 08:00", 1)),
    (["25/11/2026", "11/25/2026"], None),  # a first number over 12: day-first
    (["01/02/2026", "03/04/2026"], None),  # nothing tells: read as it says, day-first
    ([datetime(2026, 11, 25), 45000.0, None, "11/13/26"], ("11/13/26", 3)),
    (["texto", "2026-11-25"], None),
])
def test_a_month_first_column_is_told_by_the_whole_column(
        values: list[object], example: tuple[str, int] | None) -> None:
    found = month_first(values)
    assert (None if found is None else (found.example, found.example_index)) == example


def test_serials_count_from_the_workbook_date_system() -> None:
    serial_1900 = (datetime(2026, 11, 21, 8, 30) - datetime(1899, 12, 30)).total_seconds() / 86400
    serial_1904 = serial_1900 - 1462
    assert parse_datetime(serial_1900) == datetime(2026, 11, 21, 8, 30)
    assert parse_datetime(serial_1904, date1904=True) == datetime(2026, 11, 21, 8, 30)
    assert parse_datetime(serial_1904) == datetime(2022, 11, 20, 8, 30)  # what it used to be
