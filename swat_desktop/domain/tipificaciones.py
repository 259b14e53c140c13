"""The tipificaciones export (Criterios de Evaluación 3 and 4 of seed 004): how its columns are
recognized and how each row becomes a count of one day (and hour), one channel or point and one
trámite type, without any file library.

The export comes from the contact-center tool, not from this application, so its headers vary
like the Base Mal Escalados' do: they are found by synonyms among the first rows and a mapping
chosen by hand is remembered by the headers' signature.

Decisions, all from 004:

- **Trámite types.** The record's four regulated types (Reclamos, Altas, Bajas, Consultas) plus
  **LDR** (Libro de Reclamaciones). 004's criterion 4 asks for «Reclamos y LDR … en todos los
  canales»; both are trámite types of the same export ("Cantidad de Tipificaciones de Reclamos"),
  so LDR is read as one more value of the trámite column ("Libro de reclamaciones", "LDR",
  "Hoja de reclamación"). Any other type (pagos, recargas…) is not regulated: the row is
  skipped and counted as such, never refused.
- **Channel or point.** A point of the catalogue (its code or its name) or a channel
  (Presencial, Telefónico). An unknown value refuses the file: a count that lands nowhere would
  silently lower the event's numbers.
- **Count.** The count column when the export has one; without it every row is one
  tipificación (the export listing them one by one).
- **Hour.** From an hour column, or from the time of the day column when it has one; else the
  row counts for the whole day.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from swat_desktop.domain.attention_points import Channel, code_from_name
from swat_desktop.domain.base_format import (
    MAX_PLAIN_SIGNATURE,
    CellError,
    best_header_row,
    cell_text,
    normalize_header,
    parse_datetime,
)

MAX_COUNT = 1_000_000  # one cell of one day: more is a typo or a serial number, not a count
SIGNATURE_PREFIX = "tipificaciones:"  # remembered mappings share import_profiles with bases


class TipField(StrEnum):
    DIA = "dia"
    HORA = "hora"
    CANAL = "canal"
    TRAMITE = "tramite"
    CANTIDAD = "cantidad"

    @property
    def label(self) -> str:
        return {TipField.DIA: "Día", TipField.HORA: "Hora", TipField.CANAL: "Canal o punto",
                TipField.TRAMITE: "Tipo de trámite", TipField.CANTIDAD: "Cantidad"}[self]

    @property
    def required(self) -> bool:
        return self in (TipField.DIA, TipField.CANAL, TipField.TRAMITE)


class Tramite(StrEnum):
    """The record's request types (domain.inoperatividad_record.RequestType) and LDR."""

    RECLAMOS = "reclamos"
    ALTAS = "altas"
    BAJAS = "bajas"
    CONSULTAS = "consultas"
    LDR = "ldr"

    @property
    def label(self) -> str:
        return "LDR (libro de reclamaciones)" if self is Tramite.LDR else self.value.capitalize()


class PlaceKind(StrEnum):
    PUNTO = "punto"
    CANAL = "canal"


SYNONYMS: Mapping[TipField, frozenset[str]] = {
    TipField.DIA: frozenset({
        "fecha", "dia", "fecha tipificacion", "fecha de tipificacion", "fecha registro",
        "fecha de registro", "fecha creacion", "fecha de creacion", "fecha atencion",
        "fecha de atencion", "fecha hora", "fecha y hora", "periodo"}),
    TipField.HORA: frozenset({
        "hora", "hora tipificacion", "hora de tipificacion", "hora registro", "hora de registro",
        "franja", "franja horaria", "intervalo", "rango horario"}),
    TipField.CANAL: frozenset({
        "canal", "punto", "punto de atencion", "canal de atencion", "canal o punto", "oficina",
        "sede", "centro de atencion", "cac", "canal punto", "punto atencion", "tienda"}),
    TipField.TRAMITE: frozenset({
        "tipo de tramite", "tramite", "tipo tramite", "tipificacion", "tipo tipificacion",
        "tipo de tipificacion", "tipo", "motivo", "tipo de atencion", "categoria",
        "tipificacion nivel 1", "nivel 1"}),
    TipField.CANTIDAD: frozenset({
        "cantidad", "total", "conteo", "casos", "numero de tipificaciones", "tipificaciones",
        "cant", "nro tipificaciones", "registros", "cantidad de tipificaciones", "volumen"}),
}

# Normalized trámite texts of the export -> the type they count for.
TRAMITE_WORDS: Mapping[str, Tramite] = {
    **{w: Tramite.RECLAMOS for w in ("reclamo", "reclamos", "apelacion", "apelaciones", "queja",
                                     "quejas", "reclamos apelaciones y quejas",
                                     "reclamos apelaciones quejas")},
    **{w: Tramite.LDR for w in ("ldr", "libro de reclamaciones", "libro reclamaciones",
                                "hoja de reclamacion", "hoja de reclamaciones",
                                "reclamacion ldr", "ldr libro de reclamaciones")},
    **{w: Tramite.ALTAS for w in ("alta", "altas", "portabilidad", "portabilidades",
                                  "altas y portabilidades", "contratacion")},
    **{w: Tramite.BAJAS for w in ("baja", "bajas", "resolucion de contrato", "baja de servicio")},
    **{w: Tramite.CONSULTAS for w in ("consulta", "consultas", "consultas reguladas",
                                      "atencion informativa")},
}
CHANNEL_WORDS: Mapping[str, Channel] = {
    "presencial": Channel.PRESENCIAL, "canal presencial": Channel.PRESENCIAL,
    "telefonico": Channel.TELEFONICO, "canal telefonico": Channel.TELEFONICO,
    "telefonia": Channel.TELEFONICO, "call center": Channel.TELEFONICO,
}


@dataclass(frozen=True)
class Place:
    kind: PlaceKind
    code: str  # a point's code, or a Channel value


@dataclass(frozen=True)
class KnownPoint:
    code: str
    name: str
    channel: str


@dataclass(frozen=True)
class TipHeader:
    row_index: int  # 0-based
    headers: tuple[str, ...]
    columns: Mapping[TipField, int]

    @property
    def missing(self) -> tuple[TipField, ...]:
        return tuple(f for f in TipField if f.required and f not in self.columns)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def signature(self) -> str:
        """The layout's key in import_profiles, apart from the bases' layouts."""
        joined = "|".join(normalize_header(h) for h in self.headers)
        if len(joined.encode()) > MAX_PLAIN_SIGNATURE:
            joined = "sha256:" + hashlib.sha256(joined.encode()).hexdigest()
        return SIGNATURE_PREFIX + joined


def match_columns(headers: Sequence[object]) -> dict[TipField, int]:
    """Exact synonyms first, then looser words ("Fecha de la tipificación", "Canal/Punto")."""
    normalized = [normalize_header(h) for h in headers]
    found: dict[TipField, int] = {}
    loose: dict[TipField, Callable[[set[str]], bool]] = {
        TipField.DIA: lambda w: "fecha" in w or "dia" in w,
        TipField.HORA: lambda w: "hora" in w and "fecha" not in w,
        TipField.CANAL: lambda w: bool(w & {"canal", "punto", "oficina", "sede"}),
        TipField.TRAMITE: lambda w: bool(w & {"tramite", "tipificacion", "tipo"}),
        TipField.CANTIDAD: lambda w: bool(w & {"cantidad", "total", "conteo", "casos"}),
    }
    for rule in (lambda f, t: t in SYNONYMS[f], lambda f, t: loose[f](set(t.split()))):
        for field in TipField:
            if field in found:
                continue
            index = next((i for i, t in enumerate(normalized)
                          if t and i not in found.values() and rule(field, t)), None)
            if index is not None:
                found[field] = index
    return found


def detect_header(rows: Sequence[Sequence[object]]) -> TipHeader | None:
    """The row among the first ones that names the most fields (a title row names none)."""
    found = best_header_row(rows, match_columns, cell_text)
    return TipHeader(*found) if found is not None else None


def apply_mapping(headers: Sequence[str], mapping: Mapping[str, str]) -> dict[TipField, int]:
    """A remembered mapping (field -> header text) applied to this file's headers."""
    by_text = {normalize_header(h): i for i, h in enumerate(headers) if str(h).strip()}
    known = {f.value for f in TipField}
    return {TipField(name): by_text[normalize_header(header)]
            for name, header in mapping.items()
            if name in known and normalize_header(header) in by_text}


def place_finder(points: Iterable[KnownPoint]) -> Callable[[str], Place | None]:
    """What a channel-or-point cell names: a point by code or name, else a channel."""
    by_text: dict[str, Place] = {}
    for point in points:
        place = Place(PlaceKind.PUNTO, point.code)
        for text in (point.code, point.name, code_from_name(point.name)):
            by_text[normalize_header(text)] = place
    for text, channel in CHANNEL_WORDS.items():
        by_text.setdefault(text, Place(PlaceKind.CANAL, channel.value))

    def find(text: str) -> Place | None:
        return by_text.get(normalize_header(text))
    return find


def tramite_of(text: str) -> Tramite | None:
    """The trámite type a cell counts for; None for a type that is not regulated."""
    words = normalize_header(text)
    if words in TRAMITE_WORDS:
        return TRAMITE_WORDS[words]
    return next((TRAMITE_WORDS[w] for w in words.split() if w in TRAMITE_WORDS), None) \
        if words.startswith(("reclamo", "queja", "apelacion", "alta", "baja", "consulta")) \
        else None


def parse_day(value: object, date1904: bool) -> tuple[date, int | None]:
    """The day, and its hour when the cell carries a time (an export of single tipificaciones)."""
    moment = parse_datetime(value, date1904)
    if moment.year < 2000:
        raise CellError(f"El año {moment.year} es anterior a 2000: revise la fecha.")
    hour = moment.hour if moment.time() != time() else None
    return moment.date(), hour


_WHOLE_TEXT = re.compile(r"\d+|\d{1,3}(?:[.,]\d{3})+")  # 1234, 1.234, 1,234
_HOUR_TEXT = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::\d{2})?(?:\s*-.*)?$")


def parse_hour(value: object) -> int | None:
    """0..23 from 14, "14", "14:30", "14:00 - 14:59", a time or a fraction of a day."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.hour
    if isinstance(value, time):
        return value.hour
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if 0 <= number < 1 and not number.is_integer():  # Excel's time as a fraction of a day
            return int(number * 24 + 1e-9)
        if number.is_integer() and 0 <= number <= 23:
            return int(number)
        raise CellError(f"La hora {cell_text(value)} no está entre 0 y 23.")
    text = cell_text(value)
    match = _HOUR_TEXT.match(text)
    if match and int(match.group(1)) <= 23:
        return int(match.group(1))
    raise CellError(f"La hora «{text}» no tiene el formato HH o HH:MM.")


def parse_count(value: object) -> int:
    """A whole number of tipificaciones, 0 or more."""
    if isinstance(value, bool):
        raise CellError("La cantidad no puede ser Sí/No: debe ser un número entero.")
    number: float
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = cell_text(value)
        if not text:
            raise CellError("Falta la cantidad.")
        if not _WHOLE_TEXT.fullmatch(text):
            raise CellError(f"La cantidad «{text}» no es un número entero.")
        number = float(re.sub(r"[.,]", "", text))
    if not number.is_integer() or number < 0:
        raise CellError(f"La cantidad {cell_text(value)} no es un número entero de 0 o más.")
    if number > MAX_COUNT:
        raise CellError(f"La cantidad {int(number)} es mayor que {MAX_COUNT}: revise la celda.")
    return int(number)
