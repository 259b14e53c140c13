"""Read a workbook or CSV into plain rows of Python values, whatever produced the file.

Workbooks go through python-calamine (xlsx, xlsm, xls), about five times faster than openpyxl's
read-only mode on a 100,000-row base. The format is taken from the file's first bytes, not its
extension, so a renamed file is still read (see ``workbook_files``). Failures raise
``FileFormatError`` with a Spanish message naming the file; nothing is written anywhere.

A workbook is untrusted: before calamine sees it, everything calamine would allocate for is
bounded from the file's bytes (xlsx_guard for xlsx/xlsm, xls_guard for xls), because calamine
aborts the whole process when an allocation fails. xlsb and ods are refused: calamine reads
them too, but nothing here can bound what it would allocate for them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from swat_desktop.domain.base_cells import without_controls
from swat_desktop.domain.formatting import format_count
from swat_desktop.io import xls_guard, xlsx_guard
from swat_desktop.io.workbook_files import (
    FileFormatError,
    Kind,
    declared_size,
    sniff,
    utf16_without_bom,
)
from swat_desktop.io.xlsx_sheet_scan import Limits
from swat_desktop.io.zip_guard import damaged

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
SUPPORTED = sorted(WORKBOOK_SUFFIXES | CSV_SUFFIXES)
_CSV_ENCODINGS = ("utf-8-sig", "cp1252")
# A day's base is a few thousand rows; the benchmark imports 100,000 in about 6 s. A sheet
# three times that is refused before it is loaded, not left to fill the memory for a minute.
MAX_ROWS = 300_000
# A base has a few dozen columns; the reader holds rows × columns cells, so formatting
# dragged to the sheet's last column must be refused before it is read.
MAX_COLUMNS = 200
# The whole CSV is decoded in memory, then split into cells; csv's own limit for one field
# (128 KB) stops an unclosed quote from making the rest of the file a single cell.
MAX_CSV_BYTES = 256 << 20
_NATIVE = {Kind.ZIP: {".xlsx", ".xlsm", ".xlsb", ".ods"}, Kind.OLE: {".xls"}}


@dataclass(frozen=True)
class SheetTable:
    name: str
    rows: Sequence[Sequence[object]]  # row 0 is the sheet's first row (Excel row 1)
    hidden: bool = False
    date1904: bool = False  # serial numbers count from 1904 (the workbook's date system)
    uncalculated: frozenset[tuple[int, int]] = frozenset()  # formula cells saved without value


def read_tables(path: Path) -> list[SheetTable]:
    if path.is_dir():
        raise FileFormatError(f"{path} es una carpeta, no un archivo: indique el archivo de la "
                              "base (.xlsx, .xls o .csv) que está dentro de ella.")
    if not path.is_file():
        raise FileFormatError(f"No existe el archivo {path}.")
    name, suffix = path.name, path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES | CSV_SUFFIXES:
        raise FileFormatError(
            f"El archivo {name} no es un libro de Excel ni un CSV "
            f"(formatos admitidos: {', '.join(SUPPORTED)})."
        )
    kind = sniff(path)
    if kind is Kind.EMPTY:
        raise FileFormatError(f"El archivo {name} está vacío (0 bytes): está dañado o no es un "
                              "libro de Excel. Descárguelo de nuevo del correo.")
    if kind is Kind.ENCRYPTED:
        raise _password_error(name)
    if kind in _NATIVE:
        return _read_workbook(path, kind)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path)]
    if kind is Kind.MARKUP:
        raise FileFormatError(
            f"{name} no es un libro de Excel sino una página web (HTML o XML) con extensión "
            f"{suffix}: ábralo en Excel y use Guardar como → Libro de Excel (.xlsx).")
    if kind is Kind.TEXT:
        raise FileFormatError(
            f"{name} no es un libro de Excel: es un archivo de texto con extensión {suffix}. "
            "Si es un CSV, cámbiele la extensión a .csv; si no, ábralo en Excel y guárdelo "
            "como Libro de Excel (.xlsx).")
    raise FileFormatError(f"{name} no es un libro de Excel: su contenido no corresponde a "
                          "ningún formato de hoja de cálculo.")


def _password_error(name: str) -> FileFormatError:
    return FileFormatError(
        f"El libro {name} está protegido con contraseña: ábralo en Excel, quite la "
        "contraseña y guárdelo de nuevo."
    )


def _too_long(sheet: str, name: str, rows: int) -> FileFormatError:
    return FileFormatError(
        f"La hoja «{sheet}» de {name} tiene {format_count(rows)} filas; se importan como máximo "
        f"{format_count(MAX_ROWS)} filas por hoja. Divida la base en varios archivos, o borre las "
        "filas vacías con formato que queden al final de la hoja.")


def _too_wide(sheet: str, name: str, columns: int) -> FileFormatError:
    return FileFormatError(
        f"La hoja «{sheet}» de {name} ocupa {format_count(columns)} columnas; una base tiene "
        f"como máximo {MAX_COLUMNS}. Borre las columnas vacías con formato a la derecha de los "
        "datos y guarde el libro de nuevo.")


def _read_workbook(path: Path, kind: Kind) -> list[SheetTable]:
    import python_calamine as calamine

    name = path.name
    limits = Limits(MAX_ROWS, MAX_COLUMNS)
    if kind is Kind.ZIP:
        for sheet, (rows, columns) in declared_size(path).items():
            if rows > MAX_ROWS:
                raise _too_long(sheet, name, rows)
            if columns > MAX_COLUMNS:
                raise _too_wide(sheet, name, columns)
        facts = xlsx_guard.inspect(path, limits)
        date1904, uncalculated = facts.date1904, facts.uncalculated
    else:
        date1904, uncalculated = xls_guard.inspect(path, limits).date1904, {}
    try:
        if path.suffix.lower() in _NATIVE[kind]:
            workbook = calamine.CalamineWorkbook.from_path(str(path))
        else:  # renamed: calamine picks the reader from the content
            with path.open("rb") as handle:
                workbook = calamine.CalamineWorkbook.from_filelike(handle)
    except calamine.PasswordError:
        raise _password_error(name) from None
    except BaseException as exc:  # several unrelated types for a damaged file, and panics
        if not _reader_failure(exc):
            raise
        raise damaged(name, incomplete=isinstance(exc, calamine.ZipError)) from None
    try:
        tables = []
        for meta in workbook.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            height = sheet.end[0] + 1 if sheet.end is not None else 0
            width = sheet.end[1] + 1 if sheet.end is not None else 0
            if height > MAX_ROWS:
                raise _too_long(meta.name, name, height)
            if width > MAX_COLUMNS:
                raise _too_wide(meta.name, name, width)
            rows = sheet.to_python(skip_empty_area=False)
            _fill_merged_down(rows, sheet.merged_cell_ranges or (), meta.name, name)
            hidden = meta.visible != calamine.SheetVisibleEnum.Visible
            tables.append(SheetTable(without_controls(meta.name), rows, hidden, date1904,
                                     uncalculated.get(meta.name, frozenset())))
    except FileFormatError:
        raise
    except BaseException as exc:
        if not _reader_failure(exc):
            raise
        raise FileFormatError(
            f"No se pudo leer {name}: una hoja está dañada."
        ) from None
    finally:
        workbook.close()
    if not tables:
        raise FileFormatError(f"El libro {name} no tiene hojas de cálculo.")
    return tables


def _reader_failure(exc: BaseException) -> bool:
    """An error of the reader on a damaged file: any exception, and the PanicException that
    a panic inside calamine becomes (it derives from BaseException, not Exception)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


Span = tuple[tuple[int, int], tuple[int, int]]


def _fill_merged_down(rows: list[list[object]], merged: Sequence[Span], sheet: str,
                      name: str) -> None:
    """A cell merged over several rows (one advisor beside several accounts) holds its value
    in the first row only; every row it covers gets it, as the person sees it. Spans across
    columns are left alone: a title over the table means nothing to the columns below it.

    Excel's merged ranges never overlap, so together they cover at most every row once per
    column; ranges that add up to more overlap, which only a hostile file does (thousands of
    ranges over the same rows would take hours), and are refused."""
    budget = len(rows) * max((len(r) for r in rows[:1]), default=0) + len(rows)
    for (top, column), (bottom, _) in merged:
        if bottom <= top or top >= len(rows) or column >= len(rows[top]):
            continue
        budget -= min(bottom, len(rows) - 1) - top
        if budget < 0:
            raise FileFormatError(f"La hoja «{sheet}» de {name} tiene celdas combinadas que se "
                                  "superponen: el archivo no lo guardó Excel o está dañado.")
        value = rows[top][column]
        for row in rows[top + 1:bottom + 1]:
            if column < len(row) and row[column] in ("", None):
                row[column] = value


def _read_csv(path: Path) -> SheetTable:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise FileFormatError(
            f"El archivo {path.name} ocupa {size >> 20} MB; un CSV de una base ocupa mucho "
            f"menos (máximo {MAX_CSV_BYTES >> 20} MB). Divida la base en varios archivos.")
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", "replace")
    elif utf16_without_bom(raw):
        text = raw.decode("utf-16-le", "replace")
    else:
        for encoding in _CSV_ENCODINGS:
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # cp1252 leaves five bytes undefined
            text = raw.decode("latin-1")
    if "\x00" in text:
        raise FileFormatError(f"El archivo {path.name} no es un CSV de texto.")
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:  # too few rows to sniff: the separator the first line uses most
        first = sample.splitlines()[0] if sample else ""
        delimiter = max(";,\t|", key=first.count)
        dialect = csv.excel
    table = SheetTable(path.stem[:31] or "CSV", [])
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), dialect, delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise FileFormatError(
                    f"La línea {reader.line_num} de {path.name} tiene {len(row)} columnas; una "
                    f"base tiene como máximo {MAX_COLUMNS}. Revise el separador del archivo.")
            rows.append(row)
            if len(rows) > MAX_ROWS:  # say how many there are, without keeping them
                raise _too_long(table.name, path.name, len(rows) + sum(1 for _ in reader))
    except csv.Error:
        raise FileFormatError(
            f"La línea {reader.line_num} de {path.name} tiene un campo de más de "
            f"{csv.field_size_limit() // 1024} KB: probablemente una comilla (\") sin cerrar. "
            "Corríjala en el archivo y vuelva a importarlo.") from None
    return SheetTable(table.name, rows)
