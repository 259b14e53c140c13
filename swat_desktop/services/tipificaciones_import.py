"""Importing the tipificaciones export (Criterios de Evaluación 3 and 4): the same two steps
as a base (services/base_import.py) so a window can ask for a mapping in between. ``analyze``
reads the file through the same guards (io/tables.py: bombs, huge sheets, renamed and
protected files) and finds the header; ``run_import`` checks every row and writes.

All or nothing: one bad cell (a date that is not one, a count that is text, a channel that is
no point nor channel) refuses the whole file, naming sheet, row and column, and writes nothing.
These counts are compared with each other; a file imported without its bad rows would show a
drop that never happened.

Re-importing never doubles a count: the file's counts *replace* what the store holds for the
same day, channel or point and trámite type (every hour of it), inside one transaction under
the write lock, and the import is audited with how much it replaced. A corrected export
therefore fixes the numbers; the same export twice leaves them as they were.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from swat_desktop.domain.base_format import CellError, cell_text, column_letter
from swat_desktop.domain.clock import local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_count
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.permissions import Action, require
from swat_desktop.domain.tipificaciones import (
    KnownPoint,
    Place,
    TipField,
    TipHeader,
    Tramite,
    apply_mapping,
    detect_header,
    parse_count,
    parse_day,
    parse_hour,
    place_finder,
    tramite_of,
)
from swat_desktop.io.tables import FileFormatError, SheetTable, read_tables
from swat_desktop.services import audit
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import (
    AttentionPoint,
    ImportProfile,
    TipificacionCount,
    TipificacionImport,
)
from swat_desktop.storage.tables_criteria import WHOLE_DAY

__all__ = ["FileFormatError", "TipImportSummary", "TipPlan", "analyze", "remember_mapping",
           "run_import"]

SHOWN_PROBLEMS = 5
CHECK_EVERY = 2_000
Key = tuple[date, int, str, str, str]  # day, hour (or WHOLE_DAY), place kind, place, trámite
ProgressFn = Callable[[str, int, int], None]
CancelFn = Callable[[], bool]


class TipImportCancelled(Exception):
    """The person cancelled; nothing was written."""


@dataclass(frozen=True)
class TipPlan:
    path: Path
    sha256: str
    sheet: str
    rows: Sequence[Sequence[object]]
    header: TipHeader
    from_profile: bool
    earlier_import: str | None
    date1904: bool = False
    points: tuple[KnownPoint, ...] = ()  # the catalogue's points, read with the file

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def needs_mapping(self) -> bool:
        return not self.header.complete

    def with_columns(self, columns: Mapping[TipField, int]) -> TipPlan:
        return replace(self, header=replace(self.header, columns=dict(columns)))


@dataclass(frozen=True)
class TipImportSummary:
    file_name: str
    first_day: date | None
    last_day: date | None
    written: int  # counts stored (day, hour, place, trámite)
    tipificaciones: int  # their total
    replaced: int  # counts of earlier imports this one replaced
    skipped: int  # rows of trámite types that are not regulated
    skipped_types: tuple[str, ...]  # those types, as written

    @property
    def message(self) -> str:
        if not self.written:
            return (f"{self.file_name}: ninguna fila de un trámite regulado; no se importó nada"
                    f" ({format_count(self.skipped)} filas de otros trámites).")
        days = (f"del {self.first_day:%d/%m/%Y}" if self.first_day == self.last_day
                else f"del {self.first_day:%d/%m/%Y} al {self.last_day:%d/%m/%Y}")
        text = (f"{self.file_name}: {format_count(self.tipificaciones)} tipificaciones {days} "
                f"en {format_count(self.written)} cantidades por día, canal y trámite")
        if self.replaced == 1:
            text += "; reemplaza 1 cantidad importada antes"
        elif self.replaced:
            text += f"; reemplazan {format_count(self.replaced)} cantidades importadas antes"
        if self.skipped:
            types = ", ".join(self.skipped_types[:SHOWN_PROBLEMS])
            more = "…" if len(self.skipped_types) > SHOWN_PROBLEMS else ""
            rows = "1 fila" if self.skipped == 1 else f"{format_count(self.skipped)} filas"
            text += f"; sin contar {rows} de trámites no regulados ({types}{more})"
        return text + "."


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def analyze(db: Store, path: Path) -> TipPlan:
    """Read the file and pick the sheet and header row; raises FileFormatError in Spanish."""
    tables = read_tables(path)
    sha = _sha256(path)
    with session_scope(db) as session:
        profiles = {p.signature: p.mapping for p in session.scalars(select(ImportProfile))}
        earlier = session.scalar(select(TipificacionImport)
                                 .where(TipificacionImport.file_sha256 == sha)
                                 .order_by(TipificacionImport.id))
        points = tuple(_points(session))
        said = None if earlier is None else (
            f"Este archivo ya se importó el {earlier.imported_at.astimezone(LIMA):%d/%m/%Y}: "
            "sus cantidades reemplazan a las mismas, no se suman.")
    best: tuple[tuple[bool, bool, int], SheetTable, TipHeader, bool] | None = None
    for table in tables:
        header = detect_header(table.rows)
        if header is None:
            continue
        remembered = profiles.get(header.signature)
        if remembered is not None:
            header = replace(header, columns=apply_mapping(header.headers, remembered))
        score = (header.complete, not table.hidden, len(header.columns))
        if best is None or score > best[0]:
            best = (score, table, header, remembered is not None)
    if best is None:
        raise FileFormatError(
            f"No se encontró una fila de encabezados en {path.name}: revise que sea el reporte "
            "de tipificaciones (día, canal o punto, tipo de trámite, cantidad) y que tenga "
            "títulos de columna.")
    _, table, header, from_profile = best
    if len(table.rows) - header.row_index - 1 <= 0:
        raise FileFormatError(
            f"La hoja «{table.name}» de {path.name} tiene encabezados pero ninguna fila de datos.")
    return TipPlan(path, sha, table.name, table.rows, header, from_profile, said,
                   table.date1904, points)


def remember_mapping(db: Store, actor: UserProfile, plan: TipPlan) -> None:
    """The columns chosen by hand, for the next export with these headers."""
    require(actor, Action.IMPORT_TIPIFICACIONES)
    mapping = {f.value: plan.header.headers[i] for f, i in plan.header.columns.items()}
    with session_scope(db, write=True) as session:
        profile = session.scalar(select(ImportProfile)
                                 .where(ImportProfile.signature == plan.header.signature))
        before = None if profile is None else dict(profile.mapping)
        if profile is None:
            session.add(ImportProfile(signature=plan.header.signature, mapping=mapping,
                                      created_by=actor.login, created_at=db.clock.now()))
        else:
            profile.mapping = mapping
        audit.record(session, actor, "asignacion_tipificaciones", plan.header.signature[:64],
                     "recordar", before, mapping, at=db.clock.now())


@dataclass
class _Checked:
    counts: dict[Key, int]
    problems: list[str]
    problem_rows: int
    skipped: int
    skipped_types: dict[str, None]


def _check(plan: TipPlan, today: date, progress: ProgressFn, cancelled: CancelFn
           ) -> _Checked:
    header = plan.header
    cols = header.columns
    find = place_finder(plan.points)
    latest = today + timedelta(days=1)
    first = header.row_index + 1
    total = len(plan.rows) - first
    checked = _Checked({}, [], 0, 0, {})

    def where(excel_row: int, field: TipField) -> str:
        index = cols[field]
        return (f"hoja «{plan.sheet}», fila {excel_row}, columna {column_letter(index)} "
                f"({header.headers[index]})")

    for offset, row in enumerate(plan.rows[first:]):
        if offset % CHECK_EVERY == 0:
            if cancelled():
                raise TipImportCancelled
            progress("Revisando filas", offset, total)
        if all(c is None or c == "" for c in row):
            continue
        excel_row = first + offset + 1

        def cell(field: TipField, row: Sequence[object] = row) -> object:
            index = cols.get(field)
            return row[index] if index is not None and index < len(row) else ""

        found: list[str] = []
        try:
            day, hour = parse_day(cell(TipField.DIA), plan.date1904)
            if day > latest:
                raise CellError(f"El día {day:%d/%m/%Y} es posterior a hoy: revise el año.")
        except CellError as exc:
            found.append(f"{where(excel_row, TipField.DIA)}: {exc}")
            day, hour = None, None
        if TipField.HORA in cols:
            try:
                hour = parse_hour(cell(TipField.HORA))
            except CellError as exc:
                found.append(f"{where(excel_row, TipField.HORA)}: {exc}")
        place_text = cell_text(cell(TipField.CANAL))
        place: Place | None = find(place_text) if place_text else None
        if place is None:
            found.append(f"{where(excel_row, TipField.CANAL)}: " + (
                f"«{place_text}» no es un punto de atención del catálogo (código o nombre) ni "
                "un canal (Presencial, Telefónico)." if place_text else "Falta el canal o punto."))
        tramite_text = cell_text(cell(TipField.TRAMITE))
        tramite: Tramite | None = tramite_of(tramite_text) if tramite_text else None
        if not tramite_text:
            found.append(f"{where(excel_row, TipField.TRAMITE)}: Falta el tipo de trámite.")
        count = 1
        if TipField.CANTIDAD in cols:
            try:
                count = parse_count(cell(TipField.CANTIDAD))
            except CellError as exc:
                found.append(f"{where(excel_row, TipField.CANTIDAD)}: {exc}")
        if found:
            checked.problem_rows += 1
            checked.problems.extend(found)
            continue
        if tramite is None:
            checked.skipped += 1
            checked.skipped_types.setdefault(tramite_text, None)
            continue
        assert day is not None
        assert place is not None
        key = (day, WHOLE_DAY if hour is None else hour, place.kind.value, place.code,
               tramite.value)
        checked.counts[key] = checked.counts.get(key, 0) + count
    progress("Revisando filas", total, total)
    return checked


def _refusal(plan: TipPlan, checked: _Checked) -> ValidationError:
    shown = "; ".join(checked.problems[:SHOWN_PROBLEMS])
    more = len(checked.problems) - SHOWN_PROBLEMS
    tail = f" … y {format_count(more)} problemas más" if more > 0 else ""
    count = checked.problem_rows
    rows = "1 fila tiene" if count == 1 else f"{format_count(count)} filas tienen"
    return ValidationError({"archivo": (
        f"No se importó {plan.file_name}: {rows} celdas que no se pueden usar "
        f"({shown}{tail}). Corrija el archivo y vuelva a "
        "importarlo; no se guardó ninguna cantidad.")})


def _points(session: Session) -> list[KnownPoint]:
    return [KnownPoint(p.code, p.name, p.channel) for p in session.scalars(select(AttentionPoint))]


def run_import(db: Store, actor: UserProfile, plan: TipPlan,
               progress: ProgressFn | None = None,
               cancelled: CancelFn | None = None) -> TipImportSummary:
    """Check every row (before the write lock is taken, as a base's rows are), then replace
    the counts of the same day, place and trámite and write the file's, in one audited
    transaction. Refuses the whole file on any bad cell."""
    require(actor, Action.IMPORT_TIPIFICACIONES)
    if plan.needs_mapping:
        missing = ", ".join(f.label for f in plan.header.missing)
        raise ValidationError({"mapping": (
            f"Faltan columnas por asignar: {missing} (hoja «{plan.sheet}» de {plan.file_name}, "
            f"encabezados en la fila {plan.header.row_index + 1}).")})
    report = progress or (lambda _stage, _done, _total: None)
    stop = cancelled or (lambda: False)
    checked = _check(plan, local_today(db.clock, LIMA), report, stop)
    if checked.problems:
        raise _refusal(plan, checked)
    counts = checked.counts
    days = sorted({k[0] for k in counts})
    skipped_types = tuple(checked.skipped_types)
    if not counts:
        return TipImportSummary(plan.file_name, None, None, 0, 0, 0, checked.skipped,
                                skipped_types)
    groups = {k[:1] + k[2:] for k in counts}  # day, place kind, place, trámite
    with session_scope(db, write=True) as session:
        stale = [(row.id, row.count) for row in session.scalars(
            select(TipificacionCount).where(TipificacionCount.day.in_(days)))
            if (row.day, row.place_kind, row.place, row.tramite) in groups]
        if stop():
            raise TipImportCancelled
        for start in range(0, len(stale), 500):
            session.execute(delete(TipificacionCount).where(
                TipificacionCount.id.in_([i for i, _ in stale[start:start + 500]])))
        now = db.clock.now()
        done = TipificacionImport(
            uuid=str(uuid.uuid4()), file_name=plan.file_name[:260], file_sha256=plan.sha256,
            sheet=plan.sheet[:100], imported_at=now, imported_by=actor.id,
            row_count=len(counts), replaced_count=len(stale), skipped_count=checked.skipped)
        session.add(done)
        session.flush()
        session.add_all(TipificacionCount(day=d, hour=h, place_kind=kind, place=place,
                                          tramite=tramite, count=n, import_id=done.id)
                        for (d, h, kind, place, tramite), n in counts.items())
        audit.record(session, actor, "tipificaciones", done.uuid, "importar",
                     {"cantidades": len(stale), "tipificaciones": sum(n for _, n in stale)}
                     if stale else None,
                     {"archivo": plan.file_name, "hoja": plan.sheet,
                      "desde": days[0].isoformat(), "hasta": days[-1].isoformat(),
                      "cantidades": len(counts), "tipificaciones": sum(counts.values()),
                      "omitidas": checked.skipped}, at=now)
        if stop():
            raise TipImportCancelled
    return TipImportSummary(plan.file_name, days[0], days[-1], len(counts),
                            sum(counts.values()), len(stale), checked.skipped, skipped_types)
