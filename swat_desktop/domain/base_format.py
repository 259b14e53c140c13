"""How a Base Mal Escalados is laid out and how its cells are read, without any file library.

Real bases come from different hands: headers on row 1 or row 4, names with or without accents,
accounts as numbers or as text with leading zeros, dates as Excel serials or as dd/mm/yyyy text.
Everything here works on plain Python values as the readers hand them over.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from swat_desktop.domain.mal_escalados import BaseField

HEADER_SCAN_ROWS = 30
MAX_PLAIN_SIGNATURE = 1000  # bytes; longer layouts are remembered by digest (see signature)
# Joins the cells of a row as stored: a control character no spreadsheet cell carries.
EXCEL_EPOCH = datetime(1899, 12, 30)
# Workbooks saved with the 1904 date system (old Mac Excel; "Usar sistema de fechas 1904")
# count days from here: the same serial is 1,462 days later.
EXCEL_EPOCH_1904 = datetime(1904, 1, 1)

# Normalized header texts (see normalize_header) that name each field.
SYNONYMS: Mapping[BaseField, frozenset[str]] = {
    BaseField.CUENTA: frozenset({
        "cuenta", "cuentas", "numero de cuenta", "numero cuenta", "no cuenta", "nro cuenta",
        "num cuenta", "n cuenta", "cuenta cliente", "cuenta rr", "cuenta matriz", "account",
        "id cuenta", "codigo cuenta",
    }),
    BaseField.FECHA_ESCALAMIENTO: frozenset({
        "fecha escalamiento", "fecha de escalamiento", "fecha escalado", "fecha de escalado",
        "fecha", "fecha registro", "fecha de registro", "fecha reporte", "fecha del reporte",
        "fecha hora escalamiento", "fecha y hora escalamiento", "fecha creacion",
        "fecha de creacion", "fecha diagnosticador",
    }),
    BaseField.ASESOR_ID: frozenset({
        "id asesor", "identificacion asesor", "identificacion del asesor", "cedula asesor",
        "cedula del asesor", "cc asesor", "documento asesor", "documento del asesor",
        "usuario asesor", "usuario del asesor", "usuario", "login asesor", "login",
        "codigo asesor", "cod asesor", "user asesor", "usuario rr", "usuario red",
    }),
    BaseField.ASESOR_NOMBRE: frozenset({
        "asesor", "nombre asesor", "nombre del asesor", "asesor nombre", "nombre",
        "nombres asesor", "nombre completo asesor", "agente", "nombre agente",
    }),
    BaseField.SUPERVISOR: frozenset({
        "supervisor", "nombre supervisor", "nombre del supervisor", "supervisor asesor",
        "lider", "jefe inmediato", "coordinador", "team leader",
    }),
}


def normalize_header(value: object) -> str:
    """Lower case, no accents, no punctuation, single spaces: "N° de Cuenta " -> "n de cuenta"."""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def fold_text(text: str) -> str:
    """Lower case, no accents, single spaces: how search text is stored and how a search is
    compared with it ("Gómez  PEÑA" -> "gomez pena"). Both sides must fold the same way."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.split())


_WORD = re.compile(r"[^\W_]+")


def search_words(*parts: str) -> str:
    """What an account is found by: the folded words of its fields, one space apart.

    A search matches an account when every word typed begins a word of this text ("gom"
    finds Gómez, "inform" finds "información", "nodo_7" finds "nodo 7"). Punctuation only
    separates words, so SQLite's full-text index (unicode61, letters and digits) and a plain
    ``LIKE '% word%'`` on PostgreSQL split the text the same way and agree on every match.
    """
    return " ".join(_WORD.findall(fold_text(" ".join(parts))))


def case_search_text(cuenta: str, asesor_id: str, asesor: str, supervisor: str,
                     observaciones: str = "") -> str:
    """An account's search text; the account also without its leading zeros, as Excel would
    show it to whoever copies it from the file."""
    return search_words(cuenta, cuenta.lstrip("0"), asesor_id, asesor, supervisor,
                        observaciones)


def has_words(search_text: str, words: list[str]) -> bool:
    """Whether an account's search text matches the words of a search (the same rule as the
    full-text index applies to all of them at once)."""
    own = search_text.split()
    return all(any(word.startswith(w) for word in own) for w in words)


def query_words(text: str) -> list[str]:
    """The words of a search, folded the same way as search_words; duplicates dropped."""
    return list(dict.fromkeys(_WORD.findall(fold_text(text))))


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class HeaderMatch:
    row_index: int  # 0-based index of the header row in the sheet
    headers: tuple[str, ...]  # header texts as written, "" for blank columns
    columns: Mapping[BaseField, int]  # field -> 0-based column index

    @property
    def missing(self) -> tuple[BaseField, ...]:
        return tuple(f for f in BaseField if f.required and f not in self.columns)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def signature(self) -> str:
        """Identifies a layout so a mapping chosen by hand is reused for the next day's file.

        A very wide layout is identified by the digest of its headers instead: the store
        keeps signatures under a unique index, and a PostgreSQL index entry holds about
        2,700 bytes.
        """
        joined = "|".join(normalize_header(h) for h in self.headers)
        if len(joined.encode()) <= MAX_PLAIN_SIGNATURE:
            return joined
        return "sha256:" + hashlib.sha256(joined.encode()).hexdigest()


_ID_WORDS = frozenset({"id", "identificacion", "cedula", "cc", "documento", "doc", "usuario",
                       "user", "login", "codigo", "cod"})
_PERSON_WORDS = frozenset({"asesor", "agente"})


def _by_words(field: BaseField, words: frozenset[str]) -> bool:
    """Looser rules for headers nobody listed: "N° de Cuenta", "Fecha/Hora escalamiento"…"""
    if field is BaseField.CUENTA:
        return bool(words & {"cuenta", "cuentas"}) and not words & _PERSON_WORDS
    if field is BaseField.FECHA_ESCALAMIENTO:
        return "fecha" in words and not words & {"nacimiento", "cierre", "solucion"}
    if field is BaseField.ASESOR_ID:
        return bool(words & _PERSON_WORDS) and bool(words & _ID_WORDS)
    if field is BaseField.ASESOR_NOMBRE:
        return bool(words & _PERSON_WORDS) and not words & _ID_WORDS
    return bool(words & {"supervisor", "lider"})


# Names so common they may mean another thing in a wide base ("Fecha" of the report, "Nombre"
# of the customer): used only when nothing more specific named the field.
GENERIC = frozenset({"fecha", "nombre", "usuario", "login", "asesor", "agente", "cuenta"})


def match_columns(headers: Sequence[object]) -> dict[BaseField, int]:
    """Each field takes, in this order of preference, the first free column named exactly as
    one of its specific synonyms, then one whose words fit the field, then a generic name."""
    found: dict[BaseField, int] = {}
    normalized = [normalize_header(h) for h in headers]

    def take(field: BaseField, fits: Callable[[str], bool]) -> None:
        if field in found:
            return
        for index, text in enumerate(normalized):
            if text and index not in found.values() and fits(text):
                found[field] = index
                return

    for field in BaseField:
        take(field, lambda t, f=field: t in SYNONYMS[f] and t not in GENERIC)
    for field in BaseField:
        take(field, lambda t, f=field: t not in GENERIC and _by_words(f, frozenset(t.split())))
    for field in BaseField:
        take(field, lambda t, f=field: t in SYNONYMS[f])
    return found


def detect_header(rows: Sequence[Sequence[object]]) -> HeaderMatch | None:
    """The row among the first ones that names the most fields; a title row names none.

    Returns the best candidate even when it is incomplete (the mapping dialog starts from it),
    or None when no row looks like a header at all.
    """
    found = best_header_row(rows, match_columns)
    return HeaderMatch(*found) if found is not None else None


Field = TypeVar("Field")


def best_header_row(rows: Sequence[Sequence[object]],
                    match: Callable[[Sequence[object]], dict[Field, int]],
                    title: Callable[[object], str] | None = None,
                    ) -> tuple[int, tuple[str, ...], dict[Field, int]] | None:
    """(index, titles, field -> column) of the row among the first ones whose cells ``match``
    the most fields, ties to the row with more texts; a row with fewer than two texts (a
    title, a blank) is never the header. Shared by every import that finds its own header."""
    shown = title or _header_text
    best: tuple[int, tuple[str, ...], dict[Field, int]] | None = None
    best_score = (0, 0)
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [c for c in row if isinstance(c, str) and c.strip()]
        if len(texts) < 2:
            continue
        columns = match(row)
        score = (len(columns), len(texts))
        if score > best_score:
            best_score = score
            best = (index, unique_titles([shown(c) for c in row]), columns)
    return best


def unique_titles(titles: Sequence[str]) -> tuple[str, ...]:
    """Blank and repeated titles get their column letter, so no column is lost or confused:
    ["Nota", "Nota", ""] -> ("Nota", "Nota (B)", "(columna C)")."""
    seen: set[str] = set()
    result = []
    for index, title in enumerate(titles):
        if not title:
            title = f"(columna {column_letter(index)})"
        elif normalize_header(title) in seen:
            title = f"{title} ({column_letter(index)})"
        seen.add(normalize_header(title))
        result.append(title)
    return tuple(result)


def _header_text(cell: object) -> str:
    """A title as shown and stored: a control character in it (invisible in Excel) becomes a
    space, as a title is a label and not data."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(_CONTROL_IN_TITLE.sub(" ", str(cell)).split())


_CONTROL_IN_TITLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def apply_mapping(headers: Sequence[str], mapping: Mapping[str, str]) -> dict[BaseField, int]:
    """A remembered mapping (field -> header text) applied to this file's headers."""
    by_text = {normalize_header(h): i for i, h in enumerate(headers) if str(h).strip()}
    columns: dict[BaseField, int] = {}
    for field_name, header in mapping.items():
        index = by_text.get(normalize_header(header))
        if index is not None and field_name in BaseField.__members__.values():
            columns[BaseField(field_name)] = index
    return columns


class CellError(ValueError):
    """A cell that cannot be used; the message is Spanish and names the value."""


def cell_text(value: object) -> str:
    """Text as a person reads the cell: 1001.0 -> "1001", dates as dd/mm/yyyy [HH:MM].

    Called for every cell of a 100,000-row base, so it dispatches on the exact type first.
    """
    kind = value.__class__
    if kind is str:
        return " ".join(value.split())  # type: ignore[attr-defined]
    if kind is float:
        number: float = value  # type: ignore[assignment]
        return str(int(number)) if number.is_integer() else repr(number)
    if kind is datetime:
        moment: datetime = value  # type: ignore[assignment]
        if moment.hour or moment.minute or moment.second or moment.microsecond:
            return (f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d} "
                    f"{moment.hour:02d}:{moment.minute:02d}")
        return f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d}"
    if value is None:
        return ""
    if kind is bool:
        return "Sí" if value else "No"
    if kind is date:
        day: date = value  # type: ignore[assignment]
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    if kind is int:
        return str(value)
    return " ".join(str(value).split())


def parse_account(value: object) -> str:
    """Accounts keep their leading zeros when written as text; numbers lose the ".0"."""
    if isinstance(value, float) and not value.is_integer():
        raise CellError(f"La cuenta {value!r} no es un número entero.")
    text = cell_text(value).replace(" ", "")
    if not text:
        raise CellError("Falta la cuenta.")
    if not re.fullmatch(r"[0-9A-Za-z-]{1,40}", text):
        raise CellError(f"La cuenta «{text}» tiene caracteres no válidos.")
    return text


_DATE_TEXT = re.compile(
    r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?)?$",
    re.IGNORECASE,
)
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_datetime(value: object, date1904: bool = False) -> datetime:
    """Excel dates, serial numbers and day-first text (dd/mm/yyyy [HH:MM]) as a naive datetime.

    A serial number is counted in the workbook's own date system: the reader converts the cells
    formatted as dates itself, but a date column formatted as a plain number comes as a serial.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 20_000 < value < 80_000:  # 1954 .. 2119: anything else is not a date serial
            raise CellError(f"El número {cell_text(value)} no es una fecha.")
        # Excel keeps times to the millisecond; a serial's float tail (…08:29:59.999999) is
        # rounding, not a time.
        return ((EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH)
                + timedelta(milliseconds=round(float(value) * 86_400_000)))
    text = cell_text(value)
    if not text:
        raise CellError("Falta la fecha.")
    try:
        if match := _DATE_TEXT.match(text):
            day, month, year, hour, minute, second, meridian = match.groups()
            full_year = int(year) + (2000 if len(year) == 2 else 0)
            hours = int(hour or 0)
            if meridian:
                pm = meridian.lower().startswith("p")
                hours = hours % 12 + (12 if pm else 0)
            return datetime(full_year, int(month), int(day), hours, int(minute or 0),
                            int(second or 0))
        if match := _ISO_TEXT.match(text):
            parts = [int(p) if p else 0 for p in match.groups()]
            return datetime(*parts)  # type: ignore[arg-type]
    except ValueError:
        raise CellError(f"La fecha «{text}» no existe en el calendario.") from None
    raise CellError(f"La fecha «{text}» no tiene el formato dd/mm/aaaa.")


_MONTHS = {
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8,
    "sep": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12,
}


def base_date_from_filename(name: str) -> date | None:
    """The date in "Base Mal Escalados 21-11-2026.xlsx", "base_mal_escalados_20261121.xlsx",
    "Base Mal Escalados 21 nov 2026.xlsx" and similar spellings; None when there is none."""
    stem = normalize_header(re.sub(r"\.[A-Za-z0-9]+$", "", name))
    candidates: list[tuple[int, int, int]] = []
    for d, m, y in re.findall(r"\b(\d{1,2}) (\d{1,2}) (\d{4}|\d{2})\b", stem):
        candidates.append((int(y) + (2000 if len(y) == 2 else 0), int(m), int(d)))
    for y, m, d in re.findall(r"\b(\d{4}) (\d{1,2}) (\d{1,2})\b", stem):
        candidates.append((int(y), int(m), int(d)))
    for digits in re.findall(r"\b(\d{8})\b", stem):
        candidates.append((int(digits[4:]), int(digits[2:4]), int(digits[:2])))  # ddmmyyyy
        candidates.append((int(digits[:4]), int(digits[4:6]), int(digits[6:])))  # yyyymmdd
    for d, month, y in re.findall(r"\b(\d{1,2}) (?:de )?([a-z]{3,10}) (?:de )?(\d{4})\b", stem):
        if month[:3] in _MONTHS:
            candidates.append((int(y), _MONTHS[month[:3]], int(d)))
    for year, month, day in candidates:
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if 2000 <= found.year <= 2100:
            return found
    return None
