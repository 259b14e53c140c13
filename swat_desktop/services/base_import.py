"""Importing a Base Mal Escalados: find the table, check every row, insert the good ones.

Two steps so a window can ask the person in between: ``analyze`` reads the file and finds the
header (or says a mapping is needed), ``run_import`` validates (services/base_rows.py) and
inserts in one transaction. Cancelling or any failure rolls the whole import back.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from swat_desktop.domain.base_format import (
    HeaderMatch,
    apply_mapping,
    base_date_from_filename,
    detect_header,
)
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import ImportSummary, RowProblem
from swat_desktop.io.tables import FileFormatError, SheetTable, read_tables
from swat_desktop.services import audit, search_index
from swat_desktop.services.base_rows import (
    ASESOR,
    ASESOR_ID,
    CELLS,
    FECHA,
    GOOD_COLUMNS,
    KEY,
    ROW,
    SUPERVISOR,
    CancelFn,
    ImportCancelled,
    ImportPlan,
    ProgressFn,
)
from swat_desktop.services.base_rows import validate as _validate
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage import source_blocks
from swat_desktop.storage.models import (
    ImportProfile,
    MalEscaladoBase,
    MalEscaladoCase,
    MalEscaladoSource,
)

__all__ = ["FileFormatError", "ImportCancelled", "ImportPlan", "analyze", "run_import"]

INSERT_CHUNK = 5_000


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _candidate(table: SheetTable, profiles: Mapping[str, Mapping[str, str]]
               ) -> tuple[HeaderMatch, bool] | None:
    header = detect_header(table.rows)
    if header is None:
        return None
    remembered = profiles.get(header.signature)
    if remembered is not None:
        columns = apply_mapping(header.headers, remembered)
        return replace(header, columns=columns), True
    return header, False


def analyze(db: Store, path: Path) -> ImportPlan:
    """Read the file and pick the sheet and header row; raises FileFormatError in Spanish."""
    tables = read_tables(path)
    if not any(c not in (None, "") for t in tables for row in t.rows for c in row):
        raise FileFormatError(f"El libro {path.name} está vacío: ninguna de sus hojas tiene "
                              "datos.")
    sha = _sha256(path)
    with session_scope(db) as session:  # one read for the remembered headers and the file
        profiles = {p.signature: p.mapping for p in session.scalars(select(ImportProfile))}
        earlier = _earlier_import(session, sha)
    best: tuple[tuple[bool, bool, int, int], SheetTable, HeaderMatch, bool] | None = None
    for table in tables:
        found = _candidate(table, profiles)
        if found is None:
            continue
        header, from_profile = found
        score = (header.complete, not table.hidden, len(header.columns),
                 len(table.rows) - header.row_index)
        if best is None or score > best[0]:
            best = (score, table, header, from_profile)
    if best is None:
        raise FileFormatError(
            f"No se encontró una fila de encabezados en {path.name}: revise que el archivo sea la "
            "Base Mal Escalados y que tenga títulos de columna."
        )
    _, table, header, from_profile = best
    if len(table.rows) - header.row_index - 1 <= 0:
        raise FileFormatError(
            f"La hoja «{table.name}» de {path.name} tiene encabezados pero ninguna fila de datos."
        )
    return ImportPlan(
        path=path, sha256=sha, sheet=table.name, rows=table.rows, header=header,
        base_date=base_date_from_filename(path.name), from_profile=from_profile,
        skipped_sheets=tuple(t.name for t in tables if t is not table),
        earlier_import=earlier, date1904=table.date1904,
        uncalculated=table.uncalculated,
    )


def _earlier_import(session: Session, sha: str) -> str | None:
    earlier = session.scalar(
        select(MalEscaladoBase).where(MalEscaladoBase.file_sha256 == sha)
        .order_by(MalEscaladoBase.id)
    )
    if earlier is None:
        return None
    day = earlier.imported_at.astimezone(BOGOTA)  # the célula's calendar, not UTC's
    return (f"Este archivo ya se importó el {day:%d/%m/%Y} como base del "
            f"{earlier.base_date:%d/%m/%Y}.")


def remember_mapping(db: Store, actor: UserProfile, plan: ImportPlan) -> None:
    """Store the columns chosen by hand so the next file with these headers needs no dialog."""
    mapping = {f.value: plan.header.headers[i] for f, i in plan.header.columns.items()}
    with session_scope(db, write=True) as session:
        profile = session.scalar(
            select(ImportProfile).where(ImportProfile.signature == plan.header.signature)
        )
        if profile is None:
            session.add(ImportProfile(signature=plan.header.signature, mapping=mapping,
                                      created_by=actor.login, created_at=db.clock.now()))
        else:
            profile.mapping = mapping


Row = tuple[object, ...]


def _chunks(items: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _existing_keys(session: Session, good: Sequence[tuple[object, ...]]) -> dict[str, date]:
    """Keys already stored, read in one query over the range of escalation times."""
    if not good:
        return {}
    times = [row[FECHA] for row in good]
    return dict(session.execute(
        select(MalEscaladoCase.row_key, MalEscaladoCase.base_date)
        .where(MalEscaladoCase.fecha_escalamiento.between(min(times), max(times)))  # type: ignore[type-var]
    ).all())


def _insert_statement(paramstyle: str) -> str:
    columns = ("base_id", "base_date", *GOOD_COLUMNS, "status", "observaciones", "version")
    marker = "?" if paramstyle == "qmark" else "%s"
    return (f"INSERT INTO {MalEscaladoCase.__tablename__} ({', '.join(columns)}) "
            f"VALUES ({', '.join([marker] * len(columns))})")


def _driver_rows(dialect_name: str, base_id: int, base_date: date,
                 rows: Sequence[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Plain tuples for the driver's executemany: SQLAlchemy's per-row processing costs a
    second per 100,000 rows. For SQLite, dates are written in SQLAlchemy's own text format so
    the ORM reads them back unchanged."""
    if dialect_name == "sqlite":
        day = base_date.isoformat()
        return [(base_id, day, r[0], f"{r[1]:%Y-%m-%d %H:%M:%S.%f}", *r[2:CELLS], "pendiente",
                 "", 1) for r in rows]
    return [(base_id, base_date, *r[:CELLS], "pendiente", "", 1) for r in rows]


_LAST_CASE = select(func.coalesce(func.max(MalEscaladoCase.id), 0))
_INSERT_SOURCE = insert(MalEscaladoSource)


def _insert_sources(session: Session, base_id: int, rows: Sequence[Row]) -> None:
    """The rows' cells, compressed a block at a time (storage/source_blocks.py)."""
    blocks = source_blocks.encode((int(r[ROW]), r[CELLS]) for r in rows)  # type: ignore[call-overload]
    session.execute(_INSERT_SOURCE, [{"base_id": base_id, "chunk": chunk, "data": data}
                                     for chunk, data in blocks])


def run_import(
    db: Store,
    actor: UserProfile,
    plan: ImportPlan,
    base_date: date | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> ImportSummary:
    """Validate every row and insert the good ones, all in one transaction."""
    base_date = base_date or plan.base_date
    if base_date is None:
        raise ValidationError({"base_date": (
            f"No se encontró la fecha de la base en el nombre «{plan.file_name}»: indíquela.")})
    if plan.needs_mapping:
        missing = ", ".join(f.label for f in plan.header.missing)
        raise ValidationError({"mapping": (
            f"Faltan columnas por asignar: {missing} (hoja «{plan.sheet}» de {plan.file_name}, "
            f"encabezados en la fila {plan.header.row_index + 1}).")})
    report = progress or (lambda _stage, _done, _total: None)
    stop = cancelled or (lambda: False)

    checked = _validate(plan, base_date, report, stop)
    # write=True: two people importing the same rows at once must not both find them new.
    with session_scope(db, write=True) as session:
        existing = _existing_keys(session, checked.good)
        fresh = [r for r in checked.good if r[KEY] not in existing]
        duplicates = list(checked.duplicates) + [
            RowProblem(plan.sheet, int(r[ROW]), checked.key_column,  # type: ignore[call-overload]
                       f"Ya importada en la base del {existing[str(r[KEY])]:%d/%m/%Y}.")
            for r in checked.good if r[KEY] in existing
        ]
        base_id = None
        if fresh:
            now = db.clock.now()
            base = MalEscaladoBase(
                uuid=str(uuid.uuid4()), base_date=base_date, file_name=plan.file_name,
                file_sha256=plan.sha256, sheet=plan.sheet, header_row=plan.header.row_index + 1,
                headers=list(plan.header.headers), imported_at=now, imported_by=actor.id,
                imported_count=len(fresh), duplicate_count=len(duplicates),
                rejected_count=checked.rejected_rows,
                advisors={str(r[ASESOR_ID]): str(r[ASESOR]) for r in fresh},
                supervisors=sorted({str(r[SUPERVISOR]) for r in fresh} - {""}),
            )
            session.add(base)
            session.flush()
            base_id = base.id
            connection = session.connection()
            dialect = connection.dialect
            statement = _insert_statement(dialect.paramstyle)
            # Nobody else inserts accounts while this transaction holds the write lock, so the
            # ids after the largest one so far are this base's, one unbroken range.
            before = session.scalar(_LAST_CASE) or 0
            done = 0
            for chunk in _chunks(fresh, INSERT_CHUNK):
                if stop():
                    raise ImportCancelled
                connection.exec_driver_sql(
                    statement, _driver_rows(dialect.name, base.id, base_date, chunk))
                done += len(chunk)
                report("Guardando cuentas", done, len(fresh))
            if stop():
                raise ImportCancelled
            _insert_sources(session, base.id, fresh)
            base.first_case_id, base.last_case_id = before + 1, session.scalar(_LAST_CASE)
            search_index.index_accounts(session, base.first_case_id, base.last_case_id or 0)
            audit.record(session, actor, "mal_escalado_base", base.uuid, "importar", None, {
                "archivo": plan.file_name, "fecha_base": base_date.isoformat(),
                "importadas": len(fresh), "duplicadas": len(duplicates),
                "rechazadas": checked.rejected_rows,
            }, at=now)
        if stop():
            raise ImportCancelled
    return ImportSummary(
        base_id=base_id, base_date=base_date, file_name=plan.file_name, imported=len(fresh),
        duplicates=len(duplicates), rejected=tuple(checked.rejected),
        duplicate_rows=tuple(duplicates), same_file_as=plan.earlier_import,
        rejected_rows=checked.rejected_rows, cleaned=tuple(checked.cleaned),
    )
