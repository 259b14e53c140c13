"""What the xlsxwriter writers (the CONSOLIDADO and the cuts) share: safe workbook options,
one set of formats, and tables laid out the way people expect.

No text that came from a base, a note or a name can run as a formula in the reader's Excel:
every text goes in through ``write_string``, so it is stored as text whatever it starts with,
and text that starts like a formula (``is_formula_like``: = + - @) also carries Excel's quote
prefix, so editing the cell in Excel keeps it text too. The workbook options turn off
xlsxwriter's guessing (formulas, links, numbers) for the few calls that go through ``write``.

Dates go in as Excel serial numbers under a date format: that is what Excel itself stores, and
converting once here is several times cheaper than xlsxwriter's ``write_datetime``, which matters
when the CONSOLIDADO writes 100,000 rows three times. Percentages are fractions (0.125) under a
``0.00%`` format, so they sort, sum and chart as numbers.
"""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.indicators import (
    ADVISOR_FORMULA,
    CAUSAL_FORMULA,
    COUNTING_RULE,
    DENOMINATOR_NOTE,
    AdvisorFigure,
    CausalFigure,
    Indicators,
)
from swat_desktop.domain.periods import Period
from swat_desktop.domain.reports import ColumnKind
from swat_desktop.io.atomic import atomic_output
from swat_desktop.io.xlsx_export import is_formula_like

# The cuts and the consolidado belong to the Colombian célula: their times read in its zone.
ZONE = BOGOTA
GENERATED_LABEL = "Generado (hora de Bogotá)"

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
PERCENT_FORMAT = "0.00%"
KIND_FORMATS: dict[ColumnKind, str | None] = {
    ColumnKind.TEXT: None,
    ColumnKind.DATE: DATE_FORMAT,
    ColumnKind.DATETIME: DATETIME_FORMAT,
    ColumnKind.INTEGER: None,
}
HEADER_FILL = "#EEF0F3"
# Room for the filter button Excel draws at the right of every header cell.
FILTER_BUTTON = 3
HEADER_LINE_HEIGHT = 15  # points, Calibri 11
HEADER_LINES = 2

SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False}

# Excel's day 0 for every date after 28/02/1900 (its 1900 leap-year bug folded in).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_EXCEL_EPOCH_ORDINAL = _EXCEL_EPOCH.toordinal()
_DAY = timedelta(days=1)

NO_RECORDS = "No hay registros en el periodo"
NOTES = (DENOMINATOR_NOTE, ADVISOR_FORMULA, CAUSAL_FORMULA, COUNTING_RULE)


def excel_date(value: date) -> int:
    return value.toordinal() - _EXCEL_EPOCH_ORDINAL


def excel_datetime(value: datetime) -> float:
    """A naive datetime in the user's zone as Excel's serial number."""
    return (value - _EXCEL_EPOCH) / _DAY


def local_datetime(value: datetime) -> datetime:
    """An aware instant as the naive wall-clock time of ``ZONE``, the only kind Excel holds."""
    return value.astimezone(ZONE).replace(tzinfo=None)


@dataclass(frozen=True)
class Field:
    """A column of a table: Spanish header, width in characters, number format of its cells."""

    title: str
    width: int
    num_format: str | None = None  # None: text and whole numbers, shown as they are

    @cached_property  # a consolidado lays out the same columns on hundreds of sheets
    def shown_width(self) -> int:
        """Wide enough for the values, and for the header in two lines beside the button."""
        width = self.width
        while not _fits(self.title, width - FILTER_BUTTON):
            width += 1
        return width

    @cached_property
    def header_wraps(self) -> bool:
        return len(self.title) > self.shown_width - FILTER_BUTTON


def _fits(title: str, width: int) -> bool:
    lines = textwrap.wrap(title, max(width, 1), break_long_words=False)
    return len(lines) <= HEADER_LINES and all(len(line) <= width for line in lines)


class Styles:
    """The formats of one workbook, created once: xlsxwriter adds a new style per add_format."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._numbers: dict[str, Format] = {}
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.section = workbook.add_format({"bold": True, "font_size": 12})
        self.label = workbook.add_format({"bold": True})
        self.header = workbook.add_format(
            {"bold": True, "bg_color": HEADER_FILL, "bottom": 1, "valign": "top",
             "text_wrap": True})
        self.note = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.guarded = workbook.add_format({"quote_prefix": True})  # text that looks like =…
        self.date = self.number(DATE_FORMAT)
        self.datetime = self.number(DATETIME_FORMAT)

    def number(self, num_format: str) -> Format:
        if num_format not in self._numbers:
            self._numbers[num_format] = self._workbook.add_format({"num_format": num_format})
        return self._numbers[num_format]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Until ``close()`` xlsxwriter keeps a small object per cell, millions of them for a
    month's consolidado, none in a reference cycle. The cyclic garbage collector would walk them
    again and again for nothing (a third more time on the benchmark), so it pauses for the
    write and is back on afterwards, error or not, unless someone else had it off already."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def new_workbook(path: Path) -> Iterator[Workbook]:
    """A workbook that becomes ``path`` when the block ends (closed there unless the block
    closed it): xlsxwriter writes into a hidden file of the folder, renamed only once it is
    whole (io.atomic), so a crash never leaves a broken workbook where the good one was."""
    with atomic_output(path) as out:
        workbook = Workbook(out, SAFE_OPTIONS)
        try:
            yield workbook
        except BaseException:
            workbook.fileclosed = True  # nothing to write: its destructor must not try
            raise
        if not workbook.fileclosed:
            workbook.close()


def start_table(sheet: Worksheet, styles: Styles, fields: Sequence[Field]) -> None:
    """A whole-sheet table's header on row 1 and each column's width and number format. Cells
    written later without a format of their own take the column's, so a row goes in with one
    ``write_row`` call. Long headers wrap onto a second line instead of widening the column."""
    _write_header(sheet, styles, fields, 0)
    for col, field in enumerate(fields):
        column_format = styles.number(field.num_format) if field.num_format else None
        sheet.set_column(col, col, field.shown_width, column_format)


def finish_table(sheet: Worksheet, columns: int, rows: int) -> None:
    """Frozen header and a filter over the header and the ``rows`` data rows below it; printed,
    the header repeats on every page."""
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, rows, columns - 1)
    print_setup(sheet, title_rows=1)


A4 = 9  # Excel's paper size code
MARGIN_SIDE, MARGIN_TOP_BOTTOM = 0.4, 0.6  # inches: room for the header and footer lines
PAGE_FOOTER = "&LSWAT Desktop · &A&RPágina &P de &N"


def print_setup(sheet: Worksheet, title_rows: int) -> None:
    """How every sheet of the cuts and the CONSOLIDADO prints: A4 landscape, all columns on
    one page width (as many pages down as the rows need: fitToHeight 0), the first
    ``title_rows`` rows repeated on each page, and the sheet's name and page in the footer.
    Without it a 14-column table printed a page per handful of columns (issue 17: 81 pages
    for 15 accounts)."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, title_rows - 1)
    sheet.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP_BOTTOM,
                      bottom=MARGIN_TOP_BOTTOM)
    sheet.set_footer(PAGE_FOOTER)


def write_table(sheet: Worksheet, styles: Styles, fields: Sequence[Field],
                rows: Iterable[Sequence[object]]) -> int:
    """A whole sheet as one table: header on row 1, frozen, filtered. Returns the data rows."""
    start_table(sheet, styles, fields)
    count = 0
    for count, cells in enumerate(rows, start=1):
        for col, value in enumerate(cells):
            write_value(sheet, styles, count, col, value)
    finish_table(sheet, len(fields), count)
    return count


def write_block(sheet: Worksheet, styles: Styles, row: int, fields: Sequence[Field],
                rows: Iterable[Sequence[object]]) -> int:
    """A table inside a report sheet, from ``row`` on; returns the next free row. Each cell
    carries its own format, as the sheet's columns serve several tables."""
    _write_header(sheet, styles, fields, row)
    formats = [styles.number(f.num_format) if f.num_format else None for f in fields]
    next_row = row + 1
    for cells in rows:
        for col, (value, cell_format) in enumerate(zip(cells, formats, strict=True)):
            write_value(sheet, styles, next_row, col, value, cell_format)
        next_row += 1
    return next_row


def write_value(sheet: Worksheet, styles: Styles, row: int, col: int, value: object,
                cell_format: Format | None = None) -> None:
    """One cell by its Python type; text always as text, never through ``write``. Dates become
    serial numbers: the format, the cell's or else its column's, makes them read as dates."""
    if isinstance(value, str):
        if value:  # an empty text stays an empty cell, as Excel keeps it
            sheet.write_string(row, col, value, text_format(styles, value, cell_format))
    elif isinstance(value, datetime):
        sheet.write_number(row, col, excel_datetime(value), cell_format)
    elif isinstance(value, date):
        sheet.write_number(row, col, excel_date(value), cell_format)
    elif value is not None:
        sheet.write_number(row, col, value, cell_format)


def text_format(styles: Styles, text: str, cell_format: Format | None = None) -> Format | None:
    return styles.guarded if is_formula_like(text) else cell_format


def _write_header(sheet: Worksheet, styles: Styles, fields: Sequence[Field], row: int) -> None:
    if any(field.header_wraps for field in fields):
        sheet.set_row(row, HEADER_LINES * HEADER_LINE_HEIGHT)
    for col, field in enumerate(fields):
        sheet.write_string(row, col, field.title, styles.header)


LabelRow = tuple[str, object, str | None]  # label, value, number format of the value


def write_label_rows(sheet: Worksheet, styles: Styles, row: int,
                     pairs: Iterable[LabelRow]) -> int:
    """Label in column A, value in B; returns the next free row. Text values go in as text."""
    for label, value, num_format in pairs:
        sheet.write_string(row, 0, label, styles.label)
        write_value(sheet, styles, row, 1, value,
                    styles.number(num_format) if num_format else None)
        row += 1
    return row


def period_span(period: Period) -> str:
    """The dates the period covers; the titles carry its name ("semana 47 de 2026")."""
    if period.start == period.end:
        return f"{period.start:%d/%m/%Y}"
    return f"{period.start:%d/%m/%Y} al {period.end:%d/%m/%Y}"


def key_figures(indicators: Indicators) -> list[LabelRow]:
    """The cut's headline numbers, denominator first, as (label, value, format)."""
    i = indicators
    return [
        ("Registros enviados (denominador)", i.records, None),
        ("Registros válidos (importados)", i.valid, None),
        ("Filas rechazadas al importar", i.rejected, None),
        ("Cuentas revisadas", i.reviewed, None),
        ("Cuentas por revisar", i.pending, None),
        ("Cuentas mal escaladas (contadas)", i.counted, None),
        ("% mal escaladas sobre lo enviado", i.percent / 100, PERCENT_FORMAT),
        ("Procede (error del asesor)", i.procede, None),
        ("No procede (error de Gestión Soporte)", i.no_procede, None),
        ("Reclamaciones aceptadas", i.claims_accepted, None),
        ("Reclamaciones rechazadas", i.claims_rejected, None),
        ("Reclamaciones pendientes", i.claims_pending, None),
        ("Recurrencias tras compromiso", i.recurrences, None),
    ]


ADVISOR_FIELDS = (
    Field("Asesor", 30),
    Field("Id asesor", 12),
    Field("Supervisor", 26),
    Field("Cuentas en la base", 10),
    Field("Revisadas", 10),
    Field("Procede", 9),
    Field("No procede", 9),
    Field("Reclamaciones aceptadas", 12),
    Field("Reclamaciones rechazadas", 12),
    Field("Mal escaladas (contadas)", 12),
    Field("Recurrencias", 10),
    Field("% sobre la base", 10, PERCENT_FORMAT),
)
ADVISOR_NAME_COL = 0
ADVISOR_PERCENT_COL = len(ADVISOR_FIELDS) - 1


def advisor_cells(a: AdvisorFigure) -> tuple[object, ...]:
    return (a.asesor_nombre, a.asesor_id, a.supervisor, a.accounts, a.reviewed, a.procede,
            a.no_procede, a.claims_accepted, a.claims_rejected, a.counted, a.recurrences,
            a.percent / 100)


CAUSAL_FIELDS = (
    Field("Causal", 38),
    Field("Cuentas", 10),
    Field("% sobre la base", 10, PERCENT_FORMAT),
)
CAUSAL_NAME_COL = 0
CAUSAL_PERCENT_COL = 2


def causal_cells(c: CausalFigure) -> tuple[object, ...]:
    return (f"{c.code} {c.name}", c.accounts, c.percent / 100)
