"""A typed day, as the command line's date options read it: dd/mm/aaaa and ISO 8601, nothing
that could be read some other way."""

from __future__ import annotations

import re
from datetime import date

import pytest

from swat_desktop.domain.formatting import DAY_FORMS, parse_day


@pytest.mark.parametrize("typed", ["01/11/2026", "1/11/2026", "2026-11-01", " 2026-11-01 "])
def test_both_forms_read_the_same_day(typed: str) -> None:
    assert parse_day(typed) == date(2026, 11, 1)


def test_the_day_comes_first_in_the_spanish_form() -> None:
    # 02/11 is the 2nd of November, never the 11th of February.
    assert parse_day("02/11/2026") == date(2026, 11, 2)
    assert parse_day("2026-02-11") == date(2026, 2, 11)


@pytest.mark.parametrize("typed", [
    "20261101",  # ISO's basic form: date.fromisoformat takes it, a person never types it
    "2026-W45-1",  # an ISO week date, also taken by date.fromisoformat
    "2026-11-01T08:00", "01-11-2026", "2026/11/01", "01/11/26", "1 nov 2026", "", "mañana",
])
def test_anything_else_is_refused_naming_both_forms(typed: str) -> None:
    assert DAY_FORMS == "dd/mm/aaaa o aaaa-mm-dd"
    refusal = f"fecha no válida «{typed}», use dd/mm/aaaa o aaaa-mm-dd"
    with pytest.raises(ValueError, match=f"^{re.escape(refusal)}$"):
        parse_day(typed)


@pytest.mark.parametrize("typed", ["31/02/2026", "2026-02-29", "00/11/2026", "2026-13-01"])
def test_a_day_that_does_not_exist_is_said_so(typed: str) -> None:
    with pytest.raises(ValueError, match=f"^fecha no válida «{re.escape(typed)}»: ese día no "
                                         "existe en el calendario$"):
        parse_day(typed)


def test_a_leap_day_exists_in_a_leap_year() -> None:
    assert parse_day("29/02/2028") == parse_day("2028-02-29") == date(2028, 2, 29)
