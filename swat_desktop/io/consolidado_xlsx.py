"""The CONSOLIDADO MAL ESCALADO SOPORTE workbook (step 6 of the procedure) as xlsx.

Sheets: "Detalle" (every reviewed account, the sheet the workbook opens on), "Indicadores"
(title, period, the two indicators of section 5 with their denominator and formulas, per
advisor and per causal) right beside it rather than behind hundreds of tabs, then one sheet per
causal principal and one per advisor, for the feedback sessions of step 7. Every table has its
header on row 1, frozen, with a filter; every sheet prints on A4 landscape at the page's width
with its header repeated (xlsx_layout.print_setup).

A month holds 100,000 accounts and each is written three times (detail, its causal, its
advisor): about 4 million cells, which must not take longer than a bare xlsxwriter writing the
same cells (``bench/bench_consolidado.py``). So each row's cells are worked out once for its
three sheets (dates turned into Excel serials, text checked for a formula-like start), go in
with one typed call per cell, and the garbage collector rests while xlsxwriter holds them.
xlsxwriter's constant_memory mode would keep memory flat (it takes about 450 MB more here) but
writes every text inline and was 1.3 to 1.45 times slower than the baseline.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from swat_desktop.domain.reports import (
    COL_ASESOR,
    COL_ASESOR_ID,
    COL_CAUSAL,
    CONSOLIDADO_COLUMNS,
    ColumnKind,
    ConsolidadoData,
    ConsolidadoRow,
)
from swat_desktop.io.xlsx_layout import (
    ADVISOR_FIELDS,
    CAUSAL_FIELDS,
    DATETIME_FORMAT,
    GENERATED_LABEL,
    KIND_FORMATS,
    NO_RECORDS,
    NOTES,
    Field,
    Styles,
    advisor_cells,
    causal_cells,
    collector_paused,
    excel_date,
    excel_datetime,
    finish_table,
    key_figures,
    local_datetime,
    new_workbook,
    period_span,
    print_setup,
    start_table,
    text_format,
    write_block,
    write_label_rows,
)

SUMMARY_SHEET = "Indicadores"
LABEL_WIDTH, VALUE_WIDTH = 40, 16  # "Generado (hora de Bogotá)" … and a date with its time
DETAIL_SHEET = "Detalle"
NO_CAUSAL = "Sin causal"
SHEETS_NOTE = ("Las hojas por causal agrupan cada cuenta por su causal principal; la tabla de "
               "causales la cuenta en cada una de sus causales.")

FIELDS = tuple(Field(c.title, c.width, KIND_FORMATS[c.kind]) for c in CONSOLIDADO_COLUMNS)
_TEXT_COLS = tuple(i for i, c in enumerate(CONSOLIDADO_COLUMNS) if c.kind is ColumnKind.TEXT)
_NUMBER_COLS = tuple((i, c.kind) for i, c in enumerate(CONSOLIDADO_COLUMNS)
                     if c.kind is not ColumnKind.TEXT)

MAX_SHEET_NAME = 31
_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


class SheetNames:
    """Names Excel accepts: at most 31 characters, none of []:*?/\\, no quote at either end,
    unique regardless of case. A name already taken gets " (2)", " (3)"… within the limit."""

    def __init__(self, *taken: str) -> None:
        self._taken = {"history", *(name.casefold() for name in taken)}  # History is reserved

    def claim(self, wanted: str) -> str:
        cleaned = " ".join(wanted.translate(_FORBIDDEN).split())
        base = cleaned[:MAX_SHEET_NAME].strip(" '") or "Hoja"
        name, copy = base, 1
        while name.casefold() in self._taken:
            copy += 1
            suffix = f" ({copy})"
            name = base[:MAX_SHEET_NAME - len(suffix)].rstrip(" '") + suffix
        self._taken.add(name.casefold())
        return name


class _Target:
    """A sheet the rows go into, and the last row written on it."""

    __slots__ = ("row", "sheet")

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 0


def write_consolidado(path: Path, data: ConsolidadoData) -> Path:
    with new_workbook(path) as workbook:
        styles = Styles(workbook)
        names = SheetNames(DETAIL_SHEET, SUMMARY_SHEET)
        detail = _Target(_table_sheet(workbook, styles, DETAIL_SHEET))
        _write_summary(workbook.add_worksheet(SUMMARY_SHEET), styles, data)
        advisors, causales = _groups(data.rows)
        by_causal = {
            causal: _Target(_table_sheet(workbook, styles, names.claim(causal or NO_CAUSAL)))
            for causal in sorted(causales)}
        by_advisor = {
            advisor_id: _Target(_table_sheet(workbook, styles,
                                             names.claim(f"{advisor_id} {name}")))
            for advisor_id, name in sorted(advisors.items(), key=_advisor_order)
        }
        with collector_paused():
            _write_rows(data.rows, styles, detail, by_advisor, by_causal)
            for target in (detail, *by_causal.values(), *by_advisor.values()):
                finish_table(target.sheet, len(FIELDS), target.row)
            workbook.close()  # the long part: xlsxwriter writes everything now
    return path


def _groups(rows: Iterable[ConsolidadoRow]) -> tuple[dict[str, str], set[str]]:
    """Advisors (id → the name on their first row) and causales principales of the rows."""
    advisors: dict[str, str] = {}
    causales: set[str] = set()
    for row in rows:
        advisors.setdefault(row[COL_ASESOR_ID], row[COL_ASESOR])
        causales.add(row[COL_CAUSAL])
    return advisors, causales


def _advisor_order(item: tuple[str, str]) -> tuple[str, str]:
    """Alphabetical as a Spanish reader expects: Álvarez next to Alvarado, not after Zuluaga."""
    advisor_id, name = item
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)), advisor_id


def _table_sheet(workbook: Workbook, styles: Styles, name: str) -> Worksheet:
    sheet = workbook.add_worksheet(name)
    start_table(sheet, styles, FIELDS)
    return sheet


def _write_rows(rows: Iterable[ConsolidadoRow], styles: Styles, detail: _Target,
                by_advisor: dict[str, _Target], by_causal: dict[str, _Target]) -> None:
    """Each row into the detail, its advisor's and its causal's sheets, its cells worked out
    once for the three. One typed call per cell: cheaper than ``write_row``, which works out
    each cell's type again, and the date cells carry their format without a lookup."""
    kinds = {
        ColumnKind.DATE: (excel_date, styles.date),
        ColumnKind.DATETIME: (excel_datetime, styles.datetime),
        ColumnKind.INTEGER: (int, None),
    }
    number_cols = [(col, *kinds[kind]) for col, kind in _NUMBER_COLS]
    for row in rows:
        numbers = [(col, to_excel(value), cell_format)
                   for col, to_excel, cell_format in number_cols
                   if (value := row[col]) is not None]
        texts = [(col, text, text_format(styles, text))
                 for col in _TEXT_COLS
                 if (text := row[col])]  # an empty text stays an empty cell
        for target in (detail, by_advisor[row[COL_ASESOR_ID]], by_causal[row[COL_CAUSAL]]):
            target.row += 1
            at, sheet = target.row, target.sheet
            for col, number, cell_format in numbers:
                sheet.write_number(at, col, number, cell_format)
            for col, text, cell_format in texts:
                sheet.write_string(at, col, text, cell_format)


def _write_summary(sheet: Worksheet, styles: Styles, data: ConsolidadoData) -> None:
    indicators = data.indicators
    for col, width in enumerate(_summary_widths()):
        sheet.set_column(col, col, width)
    print_setup(sheet, title_rows=1)
    sheet.write_string(0, 0, data.title, styles.title)
    row = write_label_rows(sheet, styles, 2, [
        ("Periodo", period_span(data.period), None),
        ("Alcance", indicators.scope, None),
        (GENERATED_LABEL, local_datetime(data.generated_at), DATETIME_FORMAT),
        ("Generado por", data.generated_by, None),
    ])
    row = _write_notes(sheet, styles, row + 1, (*NOTES, SHEETS_NOTE))
    if indicators.is_empty:
        sheet.write_string(row + 1, 0, NO_RECORDS, styles.section)
        return
    sheet.write_string(row + 1, 0, "Cifras clave", styles.section)
    row = write_label_rows(sheet, styles, row + 2, key_figures(indicators))
    sheet.write_string(row + 1, 0, "Cuentas mal escaladas por asesor", styles.section)
    row = write_block(sheet, styles, row + 2, ADVISOR_FIELDS,
                      map(advisor_cells, indicators.advisors))
    sheet.write_string(row + 1, 0, "Recurrencia por tipo de error (causal)", styles.section)
    write_block(sheet, styles, row + 2, CAUSAL_FIELDS, map(causal_cells, indicators.causales))


def _summary_widths() -> list[int]:
    """Each column as wide as the widest of its uses: labels and values, then the tables."""
    widths = [LABEL_WIDTH, VALUE_WIDTH]
    for fields in (ADVISOR_FIELDS, CAUSAL_FIELDS):
        widths += [0] * (len(fields) - len(widths))
        for col, field in enumerate(fields):
            widths[col] = max(widths[col], field.shown_width)
    return widths


def _write_notes(sheet: Worksheet, styles: Styles, row: int, notes: Sequence[str]) -> int:
    """How the figures are counted, one line each, left to overflow across the empty cells."""
    sheet.write_string(row, 0, "Cómo se calcula", styles.section)
    for offset, note in enumerate(notes, start=1):
        sheet.write_string(row + offset, 0, note)
    return row + len(notes) + 1
