"""Everything an xlsx will ask of memory, measured before python-calamine opens it.

The reader cannot be stopped once it starts: when an allocation fails, Rust aborts the whole
process, and the window imports on a thread of its own process. So every quantity the reader
allocates for is bounded here first, from the bytes of the file, by a reader that never holds
more than a slice of it:
- the zip's parts, decompressed in slices and counted (zip_guard: sizes, ratio, CRC);
- each sheet's real last cell, whatever its <dimension> says (xlsx_sheet_scan), and the
  rectangle of all sheets together, which the reader fills cell by cell;
- the shared strings: how many, how long, and how much text the cells that point at them add
  up to, since the reader copies the string into every cell that uses it;
- merged ranges, runs of text or spaces without markup, parts that are not UTF-8 XML.

No child process: with every input bounded the reader's time and memory are bounded too, and a
child would cost a copy of every row back to the window (and, on Windows, a job object to limit
it) for nothing these checks do not already refuse — and it could only say that the reader
died, where these say which sheet and which cell. What the checks do not model (a panic inside
the reader on a damaged file) comes back as an exception and is reported as a damaged file.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from xml.etree import ElementTree

from swat_desktop.domain.formatting import format_count
from swat_desktop.io.workbook_files import FileFormatError
from swat_desktop.io.xlsx_sheet_scan import (
    Limits,
    SheetFacts,
    parts,
    scan,
)
from swat_desktop.io.zip_guard import MIB, Package, damaged, megabytes, open_package, stream

MAX_SHEETS = 200
# Every sheet is held at once as a rectangle of cells, each about 40 bytes in the reader and 8
# in Python's lists: 20 million is under a gigabyte, and a base of 300,000 rows of 60 columns.
MAX_CELLS = 20_000_000
MAX_SHARED_STRINGS = 5_000_000
MAX_STRING_BYTES = MIB
MAX_EXPANDED_TEXT = 512 * MIB
MAX_MERGES = 100_000
MAX_METADATA_BYTES = 16 * MIB


@dataclass(frozen=True)
class WorkbookFacts:
    """What the checks learnt: the workbook's date system, per sheet the formula cells saved
    without a value (which the import needs), and what was found in each sheet."""

    date1904: bool
    uncalculated: Mapping[str, frozenset[tuple[int, int]]]
    sheets: Mapping[str, SheetFacts]


@dataclass(frozen=True)
class _Sheet:
    name: str
    part: str  # the part's name as stored in the zip


def inspect(path: Path, limits: Limits) -> WorkbookFacts:
    """Check an xlsx/xlsm before it is read; raises FileFormatError, in Spanish."""
    package = open_package(path)
    name = package.name
    workbook = package.find("xl/workbook.xml")
    if workbook is None:
        raise _not_a_workbook(package)
    relations = package.find("xl/_rels/workbook.xml.rels")
    if relations is None:
        raise damaged(name)
    root = _small_xml(package, "xl/workbook.xml")
    targets = {r.get("Id"): r.get("Target", "")
               for r in _small_xml(package, "xl/_rels/workbook.xml.rels")}
    sheets = _sheets(package, root, targets)
    sizes = _shared_strings(package)
    styles = package.find("xl/styles.xml")
    if styles is not None:  # read whole by the reader: only the raw checks apply
        for _ in parts(stream(package, styles, "la parte de estilos"), "La parte de estilos",
                       name):
            pass
    found: dict[str, SheetFacts] = {}
    for sheet in sheets:
        if sheet.part not in found:
            found[sheet.part] = _sheet_facts(package, sheet, limits)
    _check_totals(package, sheets, found, sizes)
    return WorkbookFacts(
        date1904=_date1904(root),
        uncalculated={s.name: frozenset(found[s.part].uncalculated) for s in sheets
                      if found[s.part].uncalculated},
        sheets={s.name: found[s.part] for s in sheets})


def _not_a_workbook(package: Package) -> FileFormatError:
    name = package.name
    if package.find("xl/workbook.bin") is not None:
        return FileFormatError(
            f"{name} es un libro binario de Excel (.xlsb), que la aplicación no lee: ábralo en "
            "Excel y use Guardar como → Libro de Excel (.xlsx).")
    if package.find("content.xml") is not None:
        return FileFormatError(
            f"{name} es una hoja de cálculo OpenDocument (.ods), que la aplicación no lee: "
            "ábrala en LibreOffice o en Excel y use Guardar como → Libro de Excel (.xlsx).")
    return FileFormatError(f"{name} no es un libro de Excel: es un archivo comprimido (zip) "
                           "que no contiene un libro.")


def _small_xml(package: Package, part: str) -> ElementTree.Element:
    """A workbook part parsed whole: bounded first, and without a DTD, so no entity can
    expand (Excel never writes one)."""
    entry = package.find(part)
    assert entry is not None
    data = b"".join(stream(package, entry, f"la parte {part}", MAX_METADATA_BYTES))
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise damaged(package.name)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise damaged(package.name) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _date1904(root: ElementTree.Element) -> bool:
    """``<workbookPr date1904="1">``: the workbook counts its dates from 1904 (the reader
    accepts "1" and "true")."""
    return any(_local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true")
               for e in root.iter())


def _sheets(package: Package, root: ElementTree.Element, targets: dict[str | None, str]
            ) -> list[_Sheet]:
    """The sheets as the reader finds them: each target under xl/ ("/xl/…" and "xl/…" as
    they are, anything else inside xl/), the part looked up without regard to case; parts in
    xl/worksheets/ that no sheet names are checked as well."""
    sheets = []
    for element in root.iter():
        if _local(element.tag) != "sheet":
            continue
        relation = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(relation, "")
        part = target[1:] if target.startswith("/xl/") else \
            target if target.startswith("xl/") else f"xl/{target}"
        entry = package.find(part)
        if entry is not None:
            sheets.append(_Sheet(element.get("name", ""), entry.filename))
    if len(sheets) > MAX_SHEETS:
        raise FileFormatError(f"El libro {package.name} tiene {len(sheets)} hojas; se leen "
                              f"como máximo {MAX_SHEETS}.")
    named = {s.part for s in sheets}
    for entry in package.parts.values():
        key = entry.filename.casefold()
        if key.startswith("xl/worksheets/") and key.endswith(".xml") and \
                entry.filename not in named:
            sheets.append(_Sheet(f"{entry.filename} (sin nombre)", entry.filename))
    return sheets


def _shared_strings(package: Package) -> Sequence[int]:
    entry = package.find("xl/sharedStrings.xml")
    if entry is None:
        return ()
    pieces = stream(package, entry, "la tabla de textos compartidos")
    return string_sizes(pieces, package.name, MAX_SHARED_STRINGS, MAX_STRING_BYTES)


def _sheet_facts(package: Package, sheet: _Sheet, limits: Limits) -> SheetFacts:
    entry = package.parts[sheet.part.casefold()]
    return scan(lambda: stream(package, entry, f"la hoja «{sheet.name}»"), sheet.name,
                package.name, limits)


def _check_totals(package: Package, sheets: list[_Sheet], found: dict[str, SheetFacts],
                  sizes: Sequence[int]) -> None:
    name = package.name
    cells = 0
    for sheet in sheets:
        facts = found[sheet.part]
        cells += facts.area
        if facts.area > MAX_CELLS or facts.values > MAX_CELLS:
            raise FileFormatError(
                f"La hoja «{sheet.name}» de {name} ocupa {format_count(facts.last_row)} filas por "
                f"{format_count(facts.last_column)} columnas "
                f"({format_count(max(facts.area, facts.values))} celdas); se importan como máximo "
                f"{format_count(MAX_CELLS)} celdas. Borre las filas y columnas vacías con formato "
                "alrededor de los datos.")
    if cells > MAX_CELLS:
        raise FileFormatError(
            f"Las hojas de {name} ocupan en total {format_count(cells)} celdas; se importan como "
            f"máximo {format_count(MAX_CELLS)}. Deje en el libro solo la hoja de la base.")
    if sum(found[s.part].merges for s in sheets) > MAX_MERGES:
        raise FileFormatError(f"{name} tiene más de {format_count(MAX_MERGES)} grupos de celdas "
                              "combinadas; una base tiene unos pocos.")
    longest = max(sizes, default=0)
    if sum(found[s.part].values for s in sheets) * longest <= MAX_EXPANDED_TEXT:
        return
    expanded: dict[str, int] = {}
    for sheet in sheets:
        if sheet.part not in expanded:
            entry = package.parts[sheet.part.casefold()]
            pieces = stream(package, entry, f"la hoja «{sheet.name}»")
            expanded[sheet.part] = referenced_text(parts(pieces, sheet.name, name), sizes)
        if sum(expanded.get(s.part, 0) for s in sheets) > MAX_EXPANDED_TEXT:
            raise FileFormatError(
                f"La hoja «{sheet.name}» de {name} repite textos compartidos hasta sumar más "
                f"de {megabytes(MAX_EXPANDED_TEXT)} de texto, que habría que copiar en cada "
                "celda: el archivo parece armado para llenar la memoria. Pida la base de nuevo.")


def string_sizes(pieces: Iterator[bytes], name: str, most: int, longest: int) -> array[int]:
    """An upper bound of the size of each shared string (the bytes from its ``<si`` to the
    next one, markup included), refusing more than ``most`` strings or one over ``longest``.
    Split on the literal tag, a C loop; a table written with a namespace prefix is split by
    regex instead."""
    sizes: array[int] = array("Q")
    prefixed = re.compile(rb"[<:]si[\s>/]")
    started = False
    for part in parts(pieces, "La tabla de textos compartidos", name):
        if b":si" in part:
            starts = [m.start() for m in prefixed.finditer(part)]
            lengths = [b - a for a, b in pairwise([*starts, len(part)])]
            head = starts[0] if starts else len(part)
        else:
            split = part.split(b"<si")
            head, lengths = len(split[0]), [len(p) + 3 for p in split[1:]]
        if started:
            sizes[-1] += head  # the string the previous slice ended in goes on here
        started = started or bool(lengths)
        sizes.extend(lengths)
        if len(sizes) > most:
            raise FileFormatError(
                f"La tabla de textos compartidos de {name} tiene más de {format_count(most)} "
                "textos; una base tiene muchos menos. Pida la base de nuevo.")
    for index, size in enumerate(sizes):
        if size > longest:
            raise FileFormatError(
                f"El texto compartido número {format_count(index + 1)} de {name} ocupa "
                f"{format_count(-(-size // 1024))} KB; Excel no guarda celdas de más de 32.767 "
                "caracteres. Pida la base de nuevo.")
    return sizes


def referenced_text(pieces: Iterator[bytes], sizes: Sequence[int]) -> int:
    """An upper bound of the shared text a sheet asks for: the size of the string every
    integer value of the sheet would point at (the reader copies it into each cell)."""
    values = re.compile(rb"v(?:\s[^>]*)?>\s*([0-9]{1,9})")
    total = 0
    count = len(sizes)
    for part in pieces:
        for index in map(int, values.findall(part)):
            if index < count:
                total += sizes[index]
    return total
