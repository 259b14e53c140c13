"""Importing real workbooks: messy layouts, bad rows, duplicates, cancel, mapping profiles."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import BaseField
from swat_desktop.services import audit, base_import, base_rows, review
from swat_desktop.services.base_import import FileFormatError, ImportCancelled
from swat_desktop.services.store import Database
from swat_desktop.storage.models import MalEscaladoBase, MalEscaladoCase
from tests.backends import snapshot
from tests.fixtures.listing import listed_ids
from tests.fixtures.workbooks import HEADERS, good_rows, write_csv, write_xlsx

DAY = "Base Mal Escalados 21-11-2026"


def _cases(db: Database) -> list[MalEscaladoCase]:
    with db.session_scope() as session:
        return list(session.scalars(select(MalEscaladoCase).order_by(MalEscaladoCase.id)))


def _import(db: Database, user: UserProfile, path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return base_import.run_import(db, user, base_import.analyze(db, path), **kwargs)  # type: ignore[arg-type]


def test_a_clean_base_is_imported_whole(db: Database, agent: UserProfile, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / f"{DAY}.xlsx", good_rows(3))
    summary = _import(db, agent, path)
    assert (summary.imported, summary.duplicates, summary.rejected) == (3, 0, ())
    assert summary.base_date == date(2026, 11, 21)
    assert summary.message == "3 cuentas importadas, 0 duplicadas, 0 filas rechazadas."
    first = _cases(db)[0]
    assert (first.cuenta, first.asesor_id, first.asesor_nombre, first.supervisor) == (
        "1001",
        "ecm001",
        "Asesor Nº1",
        "Lucía Peña",
    )
    assert first.fecha_escalamiento == datetime(2026, 11, 21, 8, 1)
    assert list(review.detail(db, first.id).source.values()) == [
        "1001",
        "21/11/2026 08:01",
        "ecm001",
        "Asesor Nº1",
        "Lucía Peña",
        "Bogotá",
        "Cliente reporta falla 1; se escala por Diagnosticador.",
    ]
    assert (first.status, first.source_row, first.base_date) == ("pendiente", 2, date(2026, 11, 21))
    [entry] = [e for e in audit.recent_entries(db) if e.entity == "mal_escalado_base"]
    assert entry.action == "importar"
    assert entry.after is not None
    assert entry.after["importadas"] == 3


def test_a_messy_workbook_is_understood(db: Database, agent: UserProfile, tmp_path: Path) -> None:
    headers = [
        "N° de CUENTA",
        " fecha  de escalamiento ",
        "Cédula del Asesor",
        "ASESOR",
        "Líder",
        "Ciudad",
        "Notas",
    ]
    rows: list[list[object]] = [
        ["000123456", "21/11/2026 14:35", 1001.0, "José Ñúñez", "Lucía Peña", "Cali", "n1"],
        [None, None, None, None, None, None, None],  # blank line in the middle
        [98765.0, 46347.25, "ecm2", "María Gómez", "", "Medellín", "n2"],
        ["00042", "1/12/2026", "ecm3", "Ana Ruiz", "Lucía Peña", "Pasto", "=HIPERVINCULO()"],
    ]
    path = write_xlsx(
        tmp_path / "Base Mal Escalados (21_11_2026).xlsx",
        rows,
        headers=headers,
        title_rows=3,
        sheets_before=("Resumen",),
    )
    plan = base_import.analyze(db, path)
    assert (plan.sheet, plan.header.row_index, plan.skipped_sheets) == ("Base", 3, ("Resumen",))
    assert not plan.needs_mapping
    summary = base_import.run_import(db, agent, plan)
    assert summary.imported == 3
    cases = _cases(db)
    assert [c.cuenta for c in cases] == ["000123456", "98765", "00042"]
    assert [c.asesor_id for c in cases] == ["1001", "ecm2", "ecm3"]
    assert [c.fecha_escalamiento for c in cases] == [
        datetime(2026, 11, 21, 14, 35),
        datetime(2026, 11, 21, 6, 0),
        datetime(2026, 12, 1),
    ]
    assert [c.source_row for c in cases] == [5, 7, 8]
    with db.session_scope() as session:
        base = session.scalars(select(MalEscaladoBase)).one()
        assert base.headers == [
            "N° de CUENTA",
            "fecha de escalamiento",
            "Cédula del Asesor",
            "ASESOR",
            "Líder",
            "Ciudad",
            "Notas",
        ]
        assert base.header_row == 4


def test_bad_rows_are_located_and_the_good_ones_imported(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    rows = [
        *good_rows(2),
        ["", "21/11/2026", "ecm9", "Sin Cuenta", "", "", ""],
        [555.0, "31/02/2026", "", "Fecha Imposible", "", "", ""],
    ]
    summary = _import(db, agent, write_xlsx(tmp_path / f"{DAY}.xlsx", rows))
    assert summary.imported == 2
    assert summary.rejected_rows == 2
    assert [(p.sheet, p.row, p.column, p.reason) for p in summary.rejected] == [
        ("Base", 4, "A (Cuenta)", "Falta la cuenta."),
        ("Base", 5, "B (Fecha Escalamiento)", "La fecha «31/02/2026» no existe en el calendario."),
        ("Base", 5, "C (Usuario Asesor)", "Falta la identificación del asesor."),
    ]
    assert len(_cases(db)) == 2


def test_duplicates_in_the_file_and_across_files_are_never_stored_twice(
    db: Database, clock: FixedClock, agent: UserProfile, tmp_path: Path
) -> None:
    clock.set(datetime(2026, 11, 21, 21, 30, tzinfo=BOGOTA))  # 02:30 on the 22nd in UTC
    rows = good_rows(3)
    first = _import(db, agent, write_xlsx(tmp_path / f"{DAY}.xlsx", [*rows, rows[0]]))
    assert (first.imported, first.duplicates) == (3, 1)
    assert first.duplicate_rows[0].reason == "Repite la fila 2 de este archivo."

    again = base_import.analyze(db, tmp_path / f"{DAY}.xlsx")
    assert again.earlier_import is not None
    assert again.earlier_import.startswith(  # the day in Bogotá, not in UTC
        "Este archivo ya se importó el 21/11/2026 como base del ")
    repeated = base_import.run_import(db, agent, again)
    assert (repeated.imported, repeated.duplicates, repeated.base_id) == (0, 4, None)

    other = write_xlsx(tmp_path / "Base Mal Escalados 22-11-2026.xlsx", rows[1:] + good_rows(1, 50))
    mixed = _import(db, agent, other)
    assert (mixed.imported, mixed.duplicates) == (1, 2)
    assert {p.reason for p in mixed.duplicate_rows} == {"Ya importada en la base del 21/11/2026."}
    assert len(_cases(db)) == 4
    with db.session_scope() as session:
        assert len(session.scalars(select(MalEscaladoBase)).all()) == 2


@pytest.mark.parametrize("stage", ["Validando filas", "Guardando cuentas"])
def test_a_cancelled_import_leaves_the_store_exactly_as_it_was(
    db: Database,
    agent: UserProfile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
) -> None:
    _import(db, agent, write_xlsx(tmp_path / "Base Mal Escalados 20-11-2026.xlsx", good_rows(2)))
    before = snapshot(db)
    monkeypatch.setattr(base_import, "INSERT_CHUNK", 10)
    monkeypatch.setattr(base_rows, "CHECK_EVERY", 10)
    path = write_xlsx(tmp_path / f"{DAY}.xlsx", good_rows(60, start=100))
    seen: list[str] = []

    def progress(current: str, done: int, _total: int) -> None:
        if current == stage and done >= 20:
            seen.append(current)

    with pytest.raises(ImportCancelled):
        _import(db, agent, path, progress=progress, cancelled=lambda: bool(seen))
    assert snapshot(db) == before


def test_unknown_headers_need_a_mapping_that_is_remembered(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    headers = ["Cta", "F. reporte", "Doc.", "Quien escaló", "Notas"]
    rows = [[f"77{i}", "21/11/2026", f"d{i}", f"Persona {i}", "x"] for i in range(3)]
    path = write_xlsx(tmp_path / f"{DAY}.xlsx", rows, headers=headers)
    plan = base_import.analyze(db, path)
    assert plan.needs_mapping
    with pytest.raises(ValidationError, match="Faltan columnas por asignar"):
        base_import.run_import(db, agent, plan)

    chosen = plan.with_columns(
        {
            BaseField.CUENTA: 0,
            BaseField.FECHA_ESCALAMIENTO: 1,
            BaseField.ASESOR_ID: 2,
            BaseField.ASESOR_NOMBRE: 3,
        }
    )
    base_import.remember_mapping(db, agent, chosen)
    assert base_import.run_import(db, agent, chosen).imported == 3

    tomorrow = write_xlsx(
        tmp_path / "Base Mal Escalados 22-11-2026.xlsx",
        [["880", "22/11/2026", "d9", "Otra", ""]],
        headers=headers,
    )
    next_plan = base_import.analyze(db, tomorrow)
    assert next_plan.from_profile
    assert not next_plan.needs_mapping
    assert base_import.run_import(db, agent, next_plan).imported == 1


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ";"), ("cp1252", ","), ("utf-16", "\t")]
)
def test_csv_bases_in_the_encodings_excel_saves(
    db: Database, agent: UserProfile, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    rows = [["000777", "21/11/2026 10:00", "ecm1", "José Núñez", "Peña", "Bogotá", "ñ"]]
    path = write_csv(tmp_path / "base_mal_escalados_20261121.csv", rows, encoding, delimiter)
    summary = _import(db, agent, path)
    assert summary.imported == 1
    case = _cases(db)[0]
    assert (case.cuenta, case.asesor_nombre) == ("000777", "José Núñez")


def test_the_date_is_asked_for_when_the_name_has_none(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    plan = base_import.analyze(db, write_xlsx(tmp_path / "base.xlsx", good_rows(1)))
    assert plan.base_date is None
    with pytest.raises(ValidationError, match="No se encontró la fecha de la base"):
        base_import.run_import(db, agent, plan)
    summary = base_import.run_import(db, agent, plan, base_date=date(2026, 11, 20))
    assert summary.base_date == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("Base.xlsx", b"PK\x03\x04 no es un zip completo", "dañado o no es un libro de Excel"),
        ("Base.xlsx", b"", "dañado o no es un libro de Excel"),
        ("Base.pdf", b"%PDF-1.4", "no es un libro de Excel ni un CSV"),
        ("Base.csv", b"solo una columna\nsin encabezados\n", "No se encontró una fila de encab"),
    ],
)
def test_files_that_are_not_a_base_are_refused_without_touching_the_store(
    db: Database, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    before = snapshot(db)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileFormatError, match=message):
        base_import.analyze(db, path)
    assert snapshot(db) == before


def test_a_header_without_rows_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="ninguna fila de datos"):
        base_import.analyze(db, write_xlsx(tmp_path / f"{DAY}.xlsx", [], headers=HEADERS))


def test_an_old_xls_workbook_is_read_too(db: Database, agent: UserProfile, tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Base")
    for column, text in enumerate(HEADERS):
        sheet.write(0, column, text)
    dated = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    sheet.write(1, 0, "000555")
    sheet.write(1, 1, datetime(2026, 11, 21, 7, 45), dated)
    sheet.write(1, 2, "ecm7")
    sheet.write(1, 3, "Iván Muñoz")
    path = tmp_path / f"{DAY}.xls"
    book.save(str(path))
    summary = _import(db, agent, path)
    assert summary.imported == 1
    case = _cases(db)[0]
    assert (case.cuenta, case.asesor_nombre) == ("000555", "Iván Muñoz")
    assert case.fecha_escalamiento == datetime(2026, 11, 21, 7, 45)


def test_one_account_written_as_number_or_with_zeros_is_one_duplicate(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    moment = datetime(2026, 11, 21, 9, 30, 15)
    rows = [
        [123.0, moment, "ecm1", "Ana", "", "", ""],
        ["00123", moment, "ECM1", "Ana", "", "", ""],
        ["00123", datetime(2026, 11, 21, 9, 30, 40), "ecm1", "Ana", "", "", ""],
    ]
    summary = _import(db, agent, write_xlsx(tmp_path / f"{DAY}.xlsx", rows))
    assert (summary.imported, summary.duplicates) == (2, 1)  # seconds apart: two escalations
    assert summary.duplicate_rows[0].reason == "Repite la fila 2 de este archivo."


def test_texts_longer_than_the_store_keeps_are_rejected_not_crashed_on(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    rows = [
        ["1", "21/11/2026", "x" * 61, "Ana", "", "", ""],
        ["2", "21/11/2026", "ecm2", "N" * 161, "", "", ""],
    ]
    summary = _import(db, agent, write_xlsx(tmp_path / f"{DAY}.xlsx", rows))
    assert summary.imported == 0
    assert [p.reason for p in summary.rejected] == [
        "El texto tiene 61 caracteres; el máximo es 60.",
        "El texto tiene 161 caracteres; el máximo es 160.",
    ]


def test_a_csv_too_short_to_sniff_still_splits_on_its_separator(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    path = tmp_path / "base_20261121.csv"
    path.write_text(
        "Cuenta;Fecha escalamiento;Usuario asesor;Nombre asesor\n777;21/11/2026;ecm1;Ana\n",
        encoding="utf-8",
    )
    assert _import(db, agent, path).imported == 1


def test_repeated_titles_keep_every_column_in_the_detail(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    headers = [
        "Cuenta",
        "Fecha escalamiento",
        "Usuario asesor",
        "Nombre asesor",
        "Nota",
        "Nota",
        "",
    ]
    path = write_xlsx(
        tmp_path / f"{DAY}.xlsx", [["1", "21/11/2026", "e", "Ana", "a", "b", "c"]], headers=headers
    )
    _import(db, agent, path)
    from swat_desktop.domain.mal_escalados import ReviewFilters, ReviewSort
    from swat_desktop.services import review

    [case_id] = listed_ids(db, ReviewFilters(), ReviewSort())
    source = review.detail(db, case_id).source
    assert (source["Nota"], source["Nota (F)"], source["(columna G)"]) == ("a", "b", "c")


def test_the_mapping_of_a_very_wide_layout_is_remembered_too(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    """A hundred extra headers: the layout's text is longer than what a PostgreSQL index
    entry holds (about 2,700 bytes), and is remembered all the same."""
    extra = [f"Dato {n} {uuid.uuid5(uuid.NAMESPACE_OID, str(n)).hex}" for n in range(100)]
    headers = ["Cta", "F. reporte", "Doc.", "Quien escaló", *extra]
    rows = [["771", "21/11/2026", "d1", "Persona 1", *(["x"] * len(extra))]]
    plan = base_import.analyze(db, write_xlsx(tmp_path / f"{DAY}.xlsx", rows, headers=headers))
    assert sum(len(h) for h in plan.header.headers) > 3000
    chosen = plan.with_columns({BaseField.CUENTA: 0, BaseField.FECHA_ESCALAMIENTO: 1,
                                BaseField.ASESOR_ID: 2, BaseField.ASESOR_NOMBRE: 3})
    base_import.remember_mapping(db, agent, chosen)
    again = base_import.analyze(db, write_xlsx(tmp_path / "otra.xlsx", rows, headers=headers))
    assert again.from_profile
    assert not again.needs_mapping
