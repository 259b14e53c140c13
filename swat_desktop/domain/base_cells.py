"""Cells of a base that look fine in Excel and are not: control characters, month-first dates.

Both arrive from systems that export to Excel, not from people typing. A control character is
invisible in the sheet, but once stored in a name it breaks what the name is used for later (an
invalid sheet name in the CONSOLIDADO, a separator that shifts columns). A column written
mm/dd/yyyy by a system set to English reads, day-first, as a valid date in every row whose day
is 12 or less — the wrong one — and only the other rows fail; nothing but the whole column says
which order it is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Unicode's control characters (C0, DEL and C1) except tab, line feed and carriage return: a
# line break inside a cell (Alt+Enter) is ordinary text and becomes a space where one line is
# needed. C1 characters appear when a CSV in one code page is read as Latin-1.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DAY_MONTH_TEXT = re.compile(r"\s*(\d{1,2})[/\-.](\d{1,2})[/\-.](?:\d{2}|\d{4})(?:\D|$)")


@dataclass(frozen=True)
class ControlCharacter:
    """The first control character of a text: where it is and which one, as U+XXXX."""

    position: int  # 1-based, as a person counts characters
    code: str

    def describe(self, text: str) -> str:
        shown = _CONTROL.sub("?", text)
        if len(shown) > 60:
            shown = shown[:57] + "…"
        return (f"El texto «{shown}» tiene un carácter de control invisible ({self.code}) en "
                f"la posición {self.position}: bórrelo en el archivo y vuelva a importarlo.")


def control_character(text: str) -> ControlCharacter | None:
    """The first control character in ``text``, or None. ``str.isprintable`` answers first:
    it is a C loop, and almost every cell of a base is printable."""
    if text.isprintable():
        return None
    found = _CONTROL.search(text)
    if found is None:
        return None
    return ControlCharacter(found.start() + 1, f"U+{ord(found.group()):04X}")


def without_controls(text: str) -> str:
    """The text with each control character replaced by a space."""
    return _CONTROL.sub(" ", text)


@dataclass(frozen=True)
class MonthFirst:
    """Evidence that a column of text dates is written month first: a value whose second
    number cannot be a month, in a column where no first number is over 12."""

    example: str
    example_index: int  # position of the example among the values given


def month_first(values: Iterable[object]) -> MonthFirst | None:
    """Whether the text dates among ``values`` are written mm/dd/yyyy.

    Real dates and numbers say nothing (Excel stores them without an order) and are skipped.
    A column where some first number is over 12 is day-first, whatever else it holds: its
    impossible rows are then rejected one by one, as any other bad date.
    """
    example: MonthFirst | None = None
    for index, value in enumerate(values):
        if value.__class__ is not str:
            continue
        match = _DAY_MONTH_TEXT.match(value)  # type: ignore[arg-type]
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12:
            return None
        if second > 12 and example is None:
            example = MonthFirst(str(value).strip(), index)
    return example
