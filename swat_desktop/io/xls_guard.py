"""An .xls (Excel 97-2003) checked record by record before python-calamine reads it.

The old binary format says where each cell is in two 16-bit numbers, so one record can put a
value in column 65,536; the reader then builds the rectangle up to it (billions of cells). It
also reserves memory from what a sheet's DIMENSIONS record and the shared-string table's header
claim, before reading a single cell. Each of those numbers is checked here, in the same records
the reader will use, after the container itself (ole_guard); the workbook's date system (the
DATEMODE record) is read on the way.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from swat_desktop.domain.base_format import column_letter
from swat_desktop.domain.formatting import format_count
from swat_desktop.io.ole_guard import workbook_stream
from swat_desktop.io.workbook_files import FileFormatError
from swat_desktop.io.xlsx_guard import (
    MAX_CELLS,
    MAX_EXPANDED_TEXT,
    MAX_MERGES,
    MAX_SHARED_STRINGS,
)
from swat_desktop.io.xlsx_sheet_scan import Limits
from swat_desktop.io.zip_guard import damaged, megabytes

_BOF, _EOF, _CONTINUE = 0x0809, 0x000A, 0x003C
_DATEMODE, _BOUNDSHEET, _SST = 0x0022, 0x0085, 0x00FC
_DIMENSIONS, _MERGECELLS, _MULRK, _LABELSST = 0x0200, 0x00E5, 0x00BD, 0x00FD
# Records whose first four bytes are the row and column of one cell, as the reader takes them.
_CELLS = frozenset({0x0006, 0x0203, 0x0204, 0x0205, 0x027E, _LABELSST})


@dataclass(frozen=True)
class XlsFacts:
    date1904: bool


def _records(stream: bytes, start: int, name: str) -> Iterator[tuple[int, bytes]]:
    """(type, data) from ``start`` to the end of the substream, as the reader walks them."""
    offset = start
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        data = stream[offset + 4:offset + 4 + length]
        if len(data) != length:
            raise damaged(name)
        yield kind, data
        if kind == _EOF:
            return
        offset += 4 + length


def inspect(path: Path, limits: Limits) -> XlsFacts:
    """Check an .xls before it is read; raises FileFormatError, in Spanish."""
    name = path.name
    stream = workbook_stream(path)
    date1904 = False
    biff8 = True
    sheets: list[tuple[int, str]] = []
    sizes: list[int] = []
    records = list(_records(stream, 0, name))
    for index, (kind, data) in enumerate(records):
        if kind == _BOF and len(data) >= 2:
            biff8 = struct.unpack_from("<H", data)[0] in (0x0600, 0)
        elif kind == _DATEMODE and len(data) >= 2:
            date1904 = struct.unpack_from("<H", data)[0] == 1
        elif kind == _BOUNDSHEET and len(data) >= 7:
            sheets.append((struct.unpack_from("<I", data)[0], _sheet_name(data, biff8)))
        elif kind == _SST:
            pieces = [data]
            for more, extra in records[index + 1:]:
                if more != _CONTINUE:
                    break
                pieces.append(extra)
            sizes = _string_sizes(pieces, name)
    cells = merges = expanded = values = scanned = 0
    for start, sheet in sheets:
        if start >= len(stream):
            raise damaged(name)
        last_row = last_column = 0
        for kind, data in _records(stream, start, name):
            scanned += len(data) + 4
            if scanned > 4 * len(stream):  # sheets that overlap, read again and again
                raise damaged(name)
            if kind == _DIMENSIONS:
                _check_dimensions(data, sheet, name)
            elif kind in _CELLS or kind == _MULRK:
                if len(data) < 6:
                    raise damaged(name)
                row, column = struct.unpack_from("<HH", data)
                if kind == _MULRK:
                    column = struct.unpack_from("<H", data, len(data) - 2)[0]
                    values += max(0, (len(data) - 6) // 6)
                else:
                    values += 1
                if column + 1 > limits.columns or row + 1 > limits.rows:
                    raise _beyond(sheet, name, row, column, limits)
                last_row, last_column = max(last_row, row + 1), max(last_column, column + 1)
                if kind == _LABELSST and len(data) >= 10:
                    found = struct.unpack_from("<I", data, 6)[0]
                    expanded += sizes[found] if found < len(sizes) else 0
            elif kind == _MERGECELLS and len(data) >= 2:
                merges += struct.unpack_from("<H", data)[0]
        cells += last_row * last_column
    if cells > MAX_CELLS or values > MAX_CELLS:
        raise FileFormatError(
            f"Las hojas de {name} ocupan {format_count(max(cells, values))} celdas; se importan "
            f"como máximo {format_count(MAX_CELLS)}. Deje en el libro solo la hoja de la base.")
    if merges > MAX_MERGES:
        raise FileFormatError(f"{name} tiene más de {format_count(MAX_MERGES)} grupos de celdas "
                              "combinadas; una base tiene unos pocos.")
    if expanded > MAX_EXPANDED_TEXT:
        raise FileFormatError(
            f"{name} repite textos compartidos hasta sumar más de "
            f"{megabytes(MAX_EXPANDED_TEXT)} de texto, que habría que copiar en cada celda: "
            "el archivo parece armado para llenar la memoria. Pida la base de nuevo.")
    return XlsFacts(date1904)


def _sheet_name(data: bytes, biff8: bool) -> str:
    length = data[6]
    if biff8 and len(data) > 7:
        wide = data[7] & 1
        raw = data[8:8 + length * (2 if wide else 1)]
        return raw.decode("utf-16-le" if wide else "latin-1", "replace")
    return data[7:7 + length].decode("cp1252", "replace")


def _beyond(sheet: str, name: str, row: int, column: int, limits: Limits) -> FileFormatError:
    cell = f"{column_letter(column)}{row + 1}"
    if column + 1 > limits.columns:
        return FileFormatError(
            f"La hoja «{sheet}» de {name} tiene un dato en la celda {cell} (columna "
            f"{format_count(column + 1)}); una base tiene como máximo {limits.columns} columnas. "
            "Borre lo que haya a la derecha de los datos y guarde el libro de nuevo.")
    return FileFormatError(
        f"La hoja «{sheet}» de {name} tiene un dato en la celda {cell} (fila "
        f"{format_count(row + 1)}); se importan como máximo {format_count(limits.rows)} filas "
        "por hoja.")


def _check_dimensions(data: bytes, sheet: str, name: str) -> None:
    """The reader reserves rows × columns cells from this record before reading any."""
    if len(data) == 14:
        first_row, end_row, first_column, end_column = struct.unpack_from("<IIHH", data)
    elif len(data) == 10:
        first_row, end_row, first_column, end_column = struct.unpack_from("<HHHH", data)
    else:
        raise damaged(name)
    if end_row < 1 or end_column < 1:
        return
    if first_row > end_row - 1 or first_column > end_column - 1:
        raise damaged(name)
    area = (end_row - first_row) * (end_column - first_column)
    if area > MAX_CELLS:
        raise FileFormatError(
            f"La hoja «{sheet}» de {name} declara {format_count(end_row - first_row)} filas por "
            f"{format_count(end_column - first_column)} columnas ({format_count(area)} celdas); se "
            f"importan como máximo {format_count(MAX_CELLS)}. Ábralo en Excel, borre las filas y "
            "columnas vacías con formato y guárdelo de nuevo.")


class _Pieces:
    """The SST record and its CONTINUE records, read as the reader reads them: a string's
    characters that go on in the next record are preceded there by one byte of flags."""

    def __init__(self, pieces: list[bytes], name: str) -> None:
        self.pieces, self.name = pieces, name
        self.index, self.at = 0, 8  # after the two counts

    def _next(self) -> None:
        self.index += 1
        self.at = 0
        if self.index >= len(self.pieces):
            raise damaged(self.name)

    def take(self, count: int) -> bytes:
        """Bytes from the current record only (the reader reads headers in place)."""
        piece = self.pieces[self.index]
        if self.at == len(piece):
            self._next()
            piece = self.pieces[self.index]
        data = piece[self.at:self.at + count]
        if len(data) != count:
            raise damaged(self.name)
        self.at += count
        return data

    def skip(self, count: int) -> None:
        while count:
            available = len(self.pieces[self.index]) - self.at
            if available == 0:
                self._next()
                continue
            step = min(count, available)
            self.at += step
            count -= step

    def characters(self, count: int, wide: bool) -> None:
        while True:
            available = (len(self.pieces[self.index]) - self.at) // (2 if wide else 1)
            step = min(count, available)
            self.at += step * (2 if wide else 1)
            count -= step
            if not count:
                return
            self._next()
            wide = bool(self.take(1)[0] & 1)


def _string_sizes(pieces: list[bytes], name: str) -> list[int]:
    """An upper bound of each shared string's size once decoded (3 bytes a character), after
    checking the count the reader reserves room for against what the records can hold."""
    if len(pieces[0]) < 8:
        raise damaged(name)
    unique = struct.unpack_from("<i", pieces[0], 4)[0]
    if unique < 0 or unique > MAX_SHARED_STRINGS or unique > sum(map(len, pieces)) // 3:
        raise damaged(name)
    cursor = _Pieces(pieces, name)
    sizes = []
    for _ in range(unique):
        length, flags = struct.unpack("<HB", cursor.take(3))
        runs = struct.unpack("<H", cursor.take(2))[0] if flags & 0x8 else 0
        extra = struct.unpack("<i", cursor.take(4))[0] if flags & 0x4 else 0
        if extra < 0:
            raise damaged(name)
        cursor.characters(length, bool(flags & 1))
        cursor.skip(4 * runs + extra)
        sizes.append(3 * length)
    return sizes
