"""Tables written as xlsx the way people expect: frozen header, filters, readable widths.

Cells that start with = + - @ (or a control character Excel reads as such) are written as
text, so a value that came from outside can never run as a formula in the reader's Excel.
The file appears whole or not at all (io.atomic).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from swat_desktop.io.atomic import atomic_output

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
HEADER_FILL = PatternFill("solid", fgColor="EEF0F3")

Cell = str | int | float | date | datetime | None


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def write_table(
    path: Path,
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    widths = [len(h) for h in headers]
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                # A control character pasted into a note cannot go in a cell (openpyxl would
                # refuse the whole export) and means nothing to a reader: it is dropped.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=count + 1, column=column, value=value)
            if is_formula_like(value):
                cell.data_type = TYPE_STRING  # stored as text, never evaluated
                cell.quotePrefix = True  # and still text after someone edits the cell
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            shown = 16 if isinstance(value, date) else len(str(value or ""))
            widths[column - 1] = max(widths[column - 1], shown)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    with atomic_output(path) as out:
        workbook.save(out)
    return path
