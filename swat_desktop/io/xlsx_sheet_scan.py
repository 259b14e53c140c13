"""Where the cells of an xlsx sheet really are, read from its XML before the reader sees it.

python-calamine builds every sheet as a dense rectangle from A1 to its last cell: one cell at
XFD1048576 in a 2 kB file asks for 512 GB, and the process aborts (calamine#693), taking the
window with it. The sheet's own <dimension> cannot be trusted (it may be absent or lie), so the
XML is scanned here, in slices, for the cell references themselves, as the reader positions
them (``r`` attribute, or the next column of the row when it is missing).

Three ways, from fast to exact, for the same answer:
- a sheet whose every cell is written ``<c r="…"`` (what Excel, openpyxl, xlsxwriter and
  LibreOffice write) and which declares its size is checked with one regex search per slice:
  no cell outside the declared size, no cell beyond the limits;
- a sheet of that form that declares nothing, or declares less than it holds, gets its last
  row and column from every reference (findall);
- anything else (cells without ``r``, attributes in another order or quoting, namespaces the
  counts cannot tell apart) is tokenized tag by tag with the reader's own rules.
Every slice is also checked for a run without markup (gigabytes of spaces, a giant text) and for
bytes no UTF-8 XML has. Only the slices here are ever in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from swat_desktop.domain.base_format import column_letter
from swat_desktop.domain.formatting import format_count
from swat_desktop.io.workbook_files import FileFormatError

# Excel keeps at most 32,767 characters in a cell (at most about 200 KB of XML even with every
# character escaped); a run of more than this without a "<" is not a cell Excel wrote.
MAX_TEXT_RUN = 256 * 1024
MAX_NOTED_FORMULAS = 50_000
_CARRY_LIMIT = 16 << 20
_OVERLAP = 64 * 1024  # a formula cell cut by a slice boundary is looked for again
_PREFIX = rb"(?:[^\s<>/:!?=\"']+:)?"
_TAG = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_DIMENSION = re.compile(
    rb"<(?:[^\s<>/:!?]+:)?dimension\s+ref=\"(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3}[0-9]{1,7})\"")
_TAG_START = re.compile(rb"<" + _PREFIX + rb"(?:row|c)(?=[\s/>])")
_R_ATTRIBUTE = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(rb"([A-Z]{1,3})([1-9][0-9]{0,6})")
# Any cell reference of the standard form; a non-cell "…c r=" only makes the bound larger.
_ALL_REFERENCES = re.compile(rb"c r=\"([A-Z]{1,3})([1-9][0-9]{0,6})\"")
_EMPTY_VALUE = (rb"(?:<" + _PREFIX + rb"v\s*/>\s*|<" + _PREFIX + rb"v(?:\s[^>]*)?>\s*</"
                + _PREFIX + rb"v\s*>\s*)?")
_CELL_END = rb"</" + _PREFIX + rb"c\s*>"
_FORMULA_END = re.compile(rb"f\s*>\s*" + _EMPTY_VALUE + _CELL_END)
_SELF_CLOSED_END = re.compile(rb"/>\s*" + _EMPTY_VALUE + _CELL_END)
_FORMULA_START = re.compile(_PREFIX + rb"f[\s/>]")
_CELL_START = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")


@dataclass(frozen=True)
class Limits:
    """How large a sheet may be: rows and columns as the importer allows them."""

    rows: int
    columns: int


@dataclass
class SheetFacts:
    last_row: int = 0  # 1-based; 0 when the sheet has no cell
    last_column: int = 0
    values: int = 0  # an upper bound of the cells holding a value (the cell tags)
    merges: int = 0  # an upper bound of the merged ranges
    uncalculated: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 0-based

    @property
    def area(self) -> int:
        return self.last_row * self.last_column


class RestartTokenized(Exception):
    """The sheet is not in the form the counts can vouch for: scan it again tag by tag."""


def _at_most(top: str, first: str, rest: str) -> bytes:
    """A regex for the strings that compare <= ``top`` as the reader counts them: every
    shorter string, then same-length ones lexicographically not above it."""
    shorter = f"[{first}][{rest}]{{0,{len(top) - 2}}}|" if len(top) > 1 else ""
    equal = []
    for i, char in enumerate(top):
        chars = first if i == 0 else rest
        smaller = chars[:chars.index(char)]
        if smaller:
            tail = f"[{rest}]{{{len(top) - i - 1}}}" if i < len(top) - 1 else ""
            equal.append(f"{top[:i]}[{smaller}]{tail}")
    equal.append(top)
    return f"(?:{shorter}{'|'.join(equal)})".encode()


@lru_cache(maxsize=16)
def unusual(rows: int, columns: int) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """The cell tags that are not ``<c r="…"`` with a plain reference within ``rows`` ×
    ``columns`` (and the same after a namespace prefix). Searching for them is one pass
    anchored on a literal, which is what makes the common case fast; each match is then
    told apart by ``_first_unusual``: another form of tag, or a cell beyond the bound."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    allowed = (_at_most(column_letter(max(columns, 1) - 1), letters, letters)
               + _at_most(str(max(rows, 1)), "123456789", "0123456789"))
    tail = rb"c(?:[\t\n\r>/]| (?!r=\"" + allowed + rb"\"))"
    return re.compile(rb"<" + tail), re.compile(rb":" + tail)


def _first_unusual(part: bytes, patterns: tuple[re.Pattern[bytes], re.Pattern[bytes]]
                   ) -> tuple[int, bytes | None] | None:
    """The first unusual cell tag of ``part``: (offset, its reference) for a standard tag
    whose reference is out of bounds, (offset, None) for a tag of another form."""
    found = [m.start() for m in (patterns[0].search(part), patterns[1].search(part)) if m]
    if not found:
        return None
    at = min(found)
    if part[at + 2:at + 6] != b' r="':
        return at, None
    end = part.find(b'"', at + 6, at + 47)
    return at, part[at + 6:end if end >= 0 else at + 46]


def position(reference: bytes) -> tuple[int, int] | None:
    """(row, column), 1-based, of a plain A1 reference; None for anything else."""
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        return None
    number = 0
    for letter in match.group(1):
        number = number * 26 + letter - 64
    return int(match.group(2)), number


def out_of_bounds(sheet: str, name: str, reference: bytes, limits: Limits) -> FileFormatError:
    """The refusal for a cell beyond the limits, naming it."""
    text = reference.decode("ascii", "replace")
    where = position(reference)
    if where is None:
        return FileFormatError(
            f"La hoja «{sheet}» de {name} tiene una celda con una referencia que no es válida "
            f"(«{text}»): el archivo no lo guardó Excel o está dañado. Ábralo en Excel y "
            "guárdelo de nuevo.")
    row, column = where
    if column > limits.columns:
        return FileFormatError(
            f"La hoja «{sheet}» de {name} tiene un dato en la celda {text} (columna "
            f"{format_count(column)}); una base tiene como máximo {limits.columns} columnas. Borre "
            "lo que haya a la derecha de los datos y guarde el libro de nuevo.")
    return FileFormatError(
        f"La hoja «{sheet}» de {name} tiene un dato en la celda {text} (fila {format_count(row)}); "
        f"se importan como máximo {format_count(limits.rows)} filas por hoja. Divida la base en "
        "varios archivos, o borre las filas vacías con formato que queden al final de la hoja.")


def check_raw(piece: bytes, carried: int, where: str, name: str) -> int:
    """Refuse bytes no UTF-8 XML from Excel has (a NUL: UTF-16 or binary) and any run of
    more than ``MAX_TEXT_RUN`` bytes without a "<" (a whitespace or text bomb: the reader
    would buffer it whole). ``carried`` is the run left open by the previous slice; returns
    the one this slice leaves open."""
    if b"\0" in piece:
        raise FileFormatError(f"{where} de {name} no es XML en UTF-8 (tiene bytes nulos): el "
                              "archivo no lo guardó Excel o está dañado.")
    first = piece.find(b"<")
    if first < 0:
        if carried + len(piece) > MAX_TEXT_RUN:
            raise _long_run(where, name, piece, 0)
        return carried + len(piece)
    if carried + first > MAX_TEXT_RUN:
        raise _long_run(where, name, piece, 0)
    step = MAX_TEXT_RUN // 2  # a longer run covers at least one whole window of this size
    for start in range(first, len(piece), step):
        if piece.find(b"<", start, start + step) >= 0:
            continue
        before = piece.rfind(b"<", 0, start)
        after = piece.find(b"<", start + step)
        end = len(piece) if after < 0 else after
        if end - before - 1 > MAX_TEXT_RUN:
            raise _long_run(where, name, piece, before)
    return len(piece) - piece.rfind(b"<") - 1


def _long_run(where: str, name: str, piece: bytes, at: int) -> FileFormatError:
    cell = re.findall(rb"\sr=\"([A-Z]{1,3}[0-9]{1,7})\"", piece[max(0, at - 4096):at + 1])
    after = f" (después de la celda {cell[-1].decode()})" if cell else ""
    return FileFormatError(
        f"{where} de {name} tiene más de {MAX_TEXT_RUN // 1024} KB seguidos de texto o de "
        f"espacios en blanco{after}: Excel no guarda celdas de ese tamaño y leerlo llenaría la "
        "memoria. Pida la base de nuevo o guárdela otra vez desde Excel.")


class SheetScan:
    """One sheet's slices, fed in order; ``facts`` holds what was found."""

    def __init__(self, sheet: str, name: str, limits: Limits,
                 declared: tuple[int, int] | None, tokenize: bool) -> None:
        self.sheet, self.name, self.limits = sheet, name, limits
        self.facts = SheetFacts()
        self.tokenize = tokenize
        self.exact = declared is None
        if declared is not None:
            self.facts.last_row, self.facts.last_column = declared
        self._declared = unusual(*declared) if declared is not None else None
        self._limit = unusual(limits.rows, limits.columns)
        self._row = self._column = 0  # the reader's counters, for cells without "r"
        self._tail = b""  # a tag cut by the end of the previous slice, when tokenizing
        self._overlap = b""

    def feed(self, part: bytes) -> None:
        """A slice that ends just before a "<" (or at the end of the sheet)."""
        self.facts.merges += part.count(b"mergeCell")
        self._note_uncalculated(self._overlap + part)
        self._overlap = part[-_OVERLAP:]
        if self.tokenize:
            self._tokenized(part)
            return
        self.facts.values += part.count(b'c r="')
        if not self.exact:
            assert self._declared is not None
            odd = _first_unusual(part, self._declared)
            if odd is None:
                return
            if odd[1] is None:
                raise RestartTokenized
            self.exact = True  # the sheet holds more than it declared: find its real end
        odd = _first_unusual(part, self._limit)
        if odd is not None:
            if odd[1] is None:
                raise RestartTokenized
            raise out_of_bounds(self.sheet, self.name, odd[1], self.limits)
        found = _ALL_REFERENCES.findall(part)
        if found:
            letters = max({f[0] for f in found}, key=lambda s: (len(s), s))
            column = position(letters + b"1")
            assert column is not None
            self.facts.last_column = max(self.facts.last_column, column[1])
            self.facts.last_row = max(self.facts.last_row, max(map(int, {f[1] for f in found})))

    def _tokenized(self, part: bytes) -> None:
        """The reader's rules: a row's ``r`` sets the row, its end moves to the next one; a
        cell's ``r`` sets its place (the last one written, as the reader keeps it), a cell
        without one goes after the previous cell of the row."""
        facts = self.facts
        part = self._tail + part
        done = 0
        for match in _TAG.finditer(part):
            done = match.end()
            closing, tag, attributes = match.groups()
            if tag == b"row":
                if closing:
                    self._row, self._column = self._row + 1, 0
                    continue
                values = [a or b for a, b in _R_ATTRIBUTE.findall(attributes)]
                if values:
                    where = position(b"A" + values[0])
                    if where is None or where[0] > self.limits.rows:
                        raise out_of_bounds(self.sheet, self.name, b"A" + values[0],
                                            self.limits)
                    self._row = where[0] - 1
                if attributes.rstrip().endswith(b"/"):
                    self._row, self._column = self._row + 1, 0
                continue
            if closing:
                continue
            values = [a or b for a, b in _R_ATTRIBUTE.findall(attributes)]
            for value in values:
                where = position(value)
                if where is None or where[0] > self.limits.rows or \
                        where[1] > self.limits.columns:
                    raise out_of_bounds(self.sheet, self.name, value, self.limits)
            if values:
                row, column = position(values[-1])  # type: ignore[misc]
                self._column = column - 1
            else:
                row, column = self._row + 1, self._column + 1
                if column > self.limits.columns or row > self.limits.rows:
                    raise out_of_bounds(self.sheet, self.name,
                                        f"{column_letter(column - 1)}{row}".encode(), self.limits)
            self._column += 1
            facts.values += 1
            facts.last_row = max(facts.last_row, row)
            facts.last_column = max(facts.last_column, column)
        unfinished = _TAG_START.search(part, done)
        self._tail = part[unfinished.start():] if unfinished else b""
        if len(self._tail) > _CARRY_LIMIT:
            raise FileFormatError(f"La hoja «{self.sheet}» de {self.name} tiene una etiqueta "
                                  "que no termina: el archivo está dañado.")

    def _note_uncalculated(self, part: bytes) -> None:
        """Formula cells saved without the value Excel computes (files written by a program
        that never opened them in Excel): the reader gives them as empty."""
        noted = self.facts.uncalculated
        if len(noted) >= MAX_NOTED_FORMULAS:
            return
        ends = [m.start() for m in _FORMULA_END.finditer(part)]
        for match in _SELF_CLOSED_END.finditer(part):
            opening = part.rfind(b"<", 0, match.start())
            if opening >= 0 and _FORMULA_START.match(part, opening + 1):
                ends.append(opening)
        for end in ends:
            start = max(part.rfind(b"<c", 0, end), part.rfind(b":c", 0, end))
            cell = _CELL_START.match(part, part.rfind(b"<", 0, start + 1)) if start >= 0 else None
            values = _R_ATTRIBUTE.findall(part, cell.end() - 1, end) if cell else []
            where = position(values[0][0] or values[0][1]) if values else None
            if where is not None:
                noted.add((where[0] - 1, where[1] - 1))


def parts(pieces: Iterator[bytes], where: str, name: str) -> Iterator[bytes]:
    """The raw slices of a part, checked (``check_raw``) and cut right before a "<": no tag
    starts in one slice and ends in the next (tokenizing keeps a tag that does, see
    ``SheetScan._tokenized``)."""
    carried = 0
    pending = b""
    first = True
    for piece in pieces:
        if first and piece.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise FileFormatError(f"{where} de {name} no es XML en UTF-8: el archivo no lo "
                                  "guardó Excel o está dañado.")
        first = False
        carried = check_raw(piece, carried, where, name)
        buffer = pending + piece if pending else piece
        cut = buffer.rfind(b"<")  # what follows is under MAX_TEXT_RUN (check_raw)
        if cut <= 0:
            pending = buffer
            continue
        yield buffer[:cut]
        pending = buffer[cut:]
    if pending:
        yield pending


def scan(open_pieces: Callable[[], Iterator[bytes]], sheet: str, name: str,
         limits: Limits) -> SheetFacts:
    """What a sheet holds, from its uncompressed bytes (``open_pieces`` gives them from the
    start each time it is called: the sheet is read again, tag by tag, when its form is not
    the one the fast checks can vouch for)."""
    pieces = open_pieces()
    first = next(pieces, b"")
    try:
        scanner = SheetScan(sheet, name, limits, _declared(first[:65536], limits), False)
        for part in parts(chain([first], pieces), f"La hoja «{sheet}»", name):
            scanner.feed(part)
    except RestartTokenized:
        scanner = SheetScan(sheet, name, limits, None, True)
        for part in parts(open_pieces(), f"La hoja «{sheet}»", name):
            scanner.feed(part)
    return scanner.facts


def _declared(head: bytes, limits: Limits) -> tuple[int, int] | None:
    """The last cell the sheet declares, when it is within the limits: the fast check then
    only has to prove that no cell lies outside it."""
    match = _DIMENSION.search(head)
    where = position(match.group(1)) if match else None
    if where is None or where[0] > limits.rows or where[1] > limits.columns:
        return None
    return where
