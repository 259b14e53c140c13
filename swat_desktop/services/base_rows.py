"""The rows of a base checked one by one, before anything is written.

``validate`` runs once per import over every row of the chosen sheet (100,000 on a full day),
so its loop is written for speed; it only reads the plan and returns what to insert and what to
report, and the import (services/base_import.py) writes it in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from swat_desktop.domain.base_cells import control_character, month_first, without_controls
from swat_desktop.domain.base_format import (
    CellError,
    HeaderMatch,
    case_search_text,
    cell_text,
    column_letter,
    parse_account,
    parse_datetime,
)
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.mal_escalados import BaseField, RowProblem

CHECK_EVERY = 2_000
FUTURE_SLACK_DAYS = 31

ProgressFn = Callable[[str, int, int], None]
CancelFn = Callable[[], bool]


class ImportCancelled(Exception):
    """The person cancelled; nothing was written."""


@dataclass(frozen=True)
class ImportPlan:
    path: Path
    sha256: str
    sheet: str
    rows: Sequence[Sequence[object]]
    header: HeaderMatch
    base_date: date | None
    from_profile: bool
    skipped_sheets: tuple[str, ...]
    earlier_import: str | None  # when this very file was already imported: when and by whom
    date1904: bool = False  # the workbook counts date serials from 1904
    uncalculated: frozenset[tuple[int, int]] = frozenset()  # (row, column) of formulas saved
    # without their value, 0-based as in ``rows``

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def needs_mapping(self) -> bool:
        return not self.header.complete

    @property
    def data_rows(self) -> int:
        return len(self.rows) - self.header.row_index - 1

    def with_columns(self, columns: Mapping[BaseField, int]) -> ImportPlan:
        return replace(self, header=replace(self.header, columns=dict(columns)))


@dataclass
class Checked:
    key_column: str
    good: list[tuple[object, ...]]  # in the order of GOOD_COLUMNS, then the row's cells
    rejected: list[RowProblem]
    duplicates: list[RowProblem]
    rejected_rows: int
    cleaned: list[RowProblem]  # cells of imported rows whose control characters were removed


GOOD_COLUMNS = ("source_row", "fecha_escalamiento", "cuenta", "asesor_id", "asesor_nombre",
                "supervisor", "row_key", "search_text")
ROW, FECHA, CUENTA, ASESOR_ID, ASESOR, SUPERVISOR, KEY, SEARCH, CELLS = range(9)


def _required(message: str, longest: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = value.strip() if value.__class__ is str else cell_text(value)  # type: ignore[attr-defined]
        if not text.isprintable():  # a line break or tab inside a name: one line, spaces
            text = " ".join(text.split())
        if not text:
            raise CellError(message)
        if len(text) > longest:
            raise CellError(f"El texto tiene {len(text)} caracteres; el máximo es {longest}.")
        return text
    return parse


def _escalated(base_date: date, date1904: bool) -> Callable[[object], datetime]:
    """The escalation time, which cannot come after the base that lists it. A month of slack
    leaves room for a base dated by hand; a mistyped year (2099) or a day and month swapped
    across months are caught, instead of sitting in every future cut."""
    latest = datetime.combine(base_date + timedelta(days=FUTURE_SLACK_DAYS), time.max)

    def parse(value: object) -> datetime:
        moment = parse_datetime(value, date1904)
        if moment > latest:
            raise CellError(
                f"La fecha {moment.day:02d}/{moment.month:02d}/{moment.year:04d} es más de un "
                f"mes posterior a la fecha de la base ({base_date:%d/%m/%Y}): revise el año o "
                "el orden de día y mes.")
        return moment
    return parse


UNCALCULATED = ("La celda tiene una fórmula guardada sin su resultado (el archivo lo escribió "
                "un programa, no Excel): ábralo en Excel, deje que calcule y guárdelo antes de "
                "importarlo.")


def _refuse_month_first(plan: ImportPlan, column: int, name: str) -> None:
    """A text date column written mm/dd/yyyy would import its days 1 to 12 with day and
    month swapped and reject the rest: the whole import is refused, never swapped."""
    first = plan.header.row_index + 1
    found = month_first(row[column] if column < len(row) else None for row in plan.rows[first:])
    if found is not None:
        raise ValidationError({"fecha_escalamiento": (
            f"La columna {name} de la hoja «{plan.sheet}» tiene las fechas con el mes primero "
            f"(mm/dd/aaaa): la fila {first + found.example_index + 1} dice «{found.example}» y "
            "ninguna fecha de la columna tiene un número mayor que 12 en el primer lugar. La "
            "aplicación lee dd/mm/aaaa y no cambia el orden por su cuenta: guarde la columna "
            "como fecha de Excel o como dd/mm/aaaa y vuelva a importar el archivo.")})


def validate(plan: ImportPlan, base_date: date, progress: ProgressFn,
             cancelled: CancelFn) -> Checked:
    """Check every row; this loop runs 100,000 times per base, hence its plain style.

    A control character in a field the account is stored by (account, date, advisor,
    supervisor) rejects the row, naming the cell: those texts become sheet names, search
    words and the advisor's name everywhere, and a silently edited name would no longer match
    the advisor's next base. In the other cells, kept only to be shown, it is replaced by a
    space and the change is listed (``cleaned``) with the row imported."""
    header = plan.header
    cols = header.columns
    names = {f: f"{column_letter(i)} ({header.headers[i] or f.label})" for f, i in cols.items()}
    _refuse_month_first(plan, cols[BaseField.FECHA_ESCALAMIENTO],
                        names[BaseField.FECHA_ESCALAMIENTO])
    width = len(header.headers)
    first = header.row_index + 1
    total = len(plan.rows) - first
    checked = Checked(names[BaseField.CUENTA], [], [], [], 0, [])
    seen: dict[str, int] = {}
    sheet = plan.sheet
    uncalculated = plan.uncalculated
    parsers = (
        (BaseField.CUENTA, parse_account),
        (BaseField.FECHA_ESCALAMIENTO, _escalated(base_date, plan.date1904)),
        (BaseField.ASESOR_ID, _required("Falta la identificación del asesor.", 60)),
        (BaseField.ASESOR_NOMBRE, _required("Falta el nombre del asesor.", 160)),
        (BaseField.SUPERVISOR, lambda value: cell_text(value)[:160]),
    )
    plan_fields = [(cols[f], names[f], parse) for f, parse in parsers if f in cols]
    padding = [""] * width
    good = checked.good
    for offset, row in enumerate(plan.rows[first:]):
        if offset % CHECK_EVERY == 0:
            if cancelled():
                raise ImportCancelled
            progress("Validando filas", offset, total)
        excel_row = first + offset + 1
        length = len(row)
        values: list[object] = []
        problems: list[RowProblem] = []
        for index, column, parse in plan_fields:
            value = row[index] if index < length else ""
            try:
                if value.__class__ is str and not value.isprintable():  # type: ignore[attr-defined]
                    bad = control_character(value)  # type: ignore[arg-type]
                    if bad is not None:
                        raise CellError(bad.describe(value))  # type: ignore[arg-type]
                values.append(parse(value))
            except CellError as exc:
                reason = (UNCALCULATED if value in ("", None)
                          and (first + offset, index) in uncalculated else str(exc))
                problems.append(RowProblem(sheet, excel_row, column, reason))
                values.append(None)
        if problems:
            if all(c is None or c == "" for c in row):
                continue  # a blank line, not a bad row
            checked.rejected.extend(problems)
            checked.rejected_rows += 1
            continue
        cuenta, fecha, asesor_id, asesor = values[:4]
        supervisor = values[4] if len(values) > 4 else ""
        # The same account written as 123 or "00123" is one account; times keep their seconds.
        key = f"{str(cuenta).lstrip('0')}|{fecha:%Y-%m-%dT%H:%M:%S}|{str(asesor_id).lower()}"
        if key in seen:
            checked.duplicates.append(RowProblem(
                sheet, excel_row, checked.key_column,
                f"Repite la fila {seen[key]} de este archivo."))
            continue
        seen[key] = excel_row
        cells = [c if c.__class__ is str else cell_text(c) for c in row[:width]]
        if length < width:
            cells += padding[length:]
        if not all(map(str.isprintable, cells)):
            _clean(cells, header.headers, sheet, excel_row, checked.cleaned)
        good.append((excel_row, fecha, cuenta, asesor_id, asesor, supervisor, key,
                     case_search_text(cuenta, asesor_id, asesor, supervisor), cells))
    progress("Validando filas", total, total)
    return checked


def _clean(cells: list[str], headers: Sequence[str], sheet: str, excel_row: int,
           notes: list[RowProblem]) -> None:
    for index, text in enumerate(cells):
        bad = control_character(text)
        if bad is None:
            continue
        cells[index] = without_controls(text)
        notes.append(RowProblem(
            sheet, excel_row, f"{column_letter(index)} ({headers[index]})",
            f"Tenía un carácter de control invisible ({bad.code}) en la posición "
            f"{bad.position}: se cambió por un espacio y la cuenta se importó."))
