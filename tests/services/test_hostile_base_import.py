"""Bases that read as valid and are not: control characters, the 1904 date system, month-first
dates, formulas saved without a value. Real files, written and read back through the import;
a refusal leaves every table as it was."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import ImportSummary
from swat_desktop.services import base_import, problems_export, review
from swat_desktop.services.store import Database
from swat_desktop.storage.models import MalEscaladoCase
from tests.backends import snapshot
from tests.fixtures.workbooks import good_rows, write_csv, write_xlsx

DAY = "Base Mal Escalados 21-11-2026"


def _import(db: Database, user: UserProfile, path: Path) -> ImportSummary:
    return base_import.run_import(db, user, base_import.analyze(db, path))


def _stored(db: Database) -> list[tuple[str, str, str, datetime]]:
    with db.session_scope() as session:
        return [(c.cuenta, c.asesor_nombre, c.supervisor, c.fecha_escalamiento)
                for c in session.scalars(select(MalEscaladoCase).order_by(MalEscaladoCase.id))]


def test_a_control_character_rejects_the_row_in_a_stored_field_and_is_cleaned_elsewhere(
        db: Database, agent: UserProfile, tmp_path: Path) -> None:
    rows = [[1001, "21/11/2026 08:00", "e1", "Ana\x1fRuiz", "Lucía", "Bogotá", "ok"],
            [1002, "21/11/2026 08:01", "e2", "Beto", "Lu\x02cía", "Bogotá", "ok"],
            [1003, "21/11/2026 08:02", "e3", "Carla", "Lucía", "Bogotá", "falla\x07 nodo"],
            ["10\x1f04", "21/11/2026 08:03", "e4", "Dora", "Lucía", "Bogotá", "ok"],
            [1005, "21/11/2026 08:04", "e5", "\"Elsa\nMaría\"", "Lucía", "Cali\x7f", "ok"]]
    path = write_csv(tmp_path / f"{DAY}.csv", rows)
    summary = _import(db, agent, path)
    assert [(p.row, p.column) for p in summary.rejected] == [
        (2, "D (Nombre Asesor)"), (3, "E (Supervisor)"), (5, "A (Cuenta)")]
    assert "(U+001F) en la posición 4" in summary.rejected[0].reason
    assert "«Ana?Ruiz»" in summary.rejected[0].reason
    assert [(p.row, p.column) for p in summary.cleaned] == [(4, "G (Notas)"), (6, "F (Ciudad)")]
    assert summary.message.endswith("Se limpiaron caracteres de control invisibles en 2 celdas.")
    stored = _stored(db)
    assert [s[:2] for s in stored] == [("1003", "Carla"), ("1005", "Elsa María")]
    with db.session_scope() as session:
        first = session.scalars(select(MalEscaladoCase.id).order_by(MalEscaladoCase.id)).first()
    assert first is not None
    assert review.detail(db, first).source["Notas"] == "falla  nodo"
    exported = problems_export.export(tmp_path / "no importadas.xlsx", summary)
    kinds = [row[4].value for row in load_workbook(exported).active.iter_rows(min_row=2)]
    assert sorted(kinds) == ["Limpiada", "Limpiada", "Rechazada", "Rechazada", "Rechazada"]


@pytest.mark.parametrize("as_number", [False, True])
def test_a_1904_workbook_keeps_its_dates(db: Database, agent: UserProfile, tmp_path: Path,
                                         as_number: bool) -> None:
    """Dates formatted as dates come converted by the reader; a date column formatted as a
    plain number comes as a serial, which must be counted from 1904 too."""
    moment = datetime(2026, 11, 21, 8, 30)
    serial = (moment - datetime(1904, 1, 1)) / timedelta(days=1)
    rows = [[*row[:1], serial if as_number else moment, *row[2:]] for row in good_rows(2)]
    path = write_xlsx(tmp_path / f"{DAY}.xlsx", rows, date1904=True)
    assert load_workbook(path).epoch.year == 1904
    summary = _import(db, agent, path)
    assert (summary.imported, summary.rejected) == (2, ())
    assert [s[3] for s in _stored(db)] == [moment, moment]


def test_a_month_first_date_column_is_refused_whole(db: Database, agent: UserProfile,
                                                    tmp_path: Path) -> None:
    rows = [[f"{1000 + i}", text, f"e{i}", f"Persona {i}", "", "", ""]
            for i, text in enumerate(["11/03/2026 08:00", "11/05/2026", "11/20/2026 10:15"])]
    path = write_xlsx(tmp_path / f"{DAY}.xlsx", rows)
    before = snapshot(db)
    plan = base_import.analyze(db, path)
    with pytest.raises(ValidationError) as refused:
        base_import.run_import(db, agent, plan)
    message = str(refused.value)
    assert "B (Fecha Escalamiento)" in message
    assert "mes primero" in message
    assert "la fila 4 dice «11/20/2026 10:15»" in message
    assert snapshot(db) == before


def test_a_day_first_column_with_one_impossible_date_rejects_only_that_row(
        db: Database, agent: UserProfile, tmp_path: Path) -> None:
    """Once a first number is over 12 the column is day-first: an "11/25/2026" there is a
    typing error of one row, not the order of the column."""
    rows = [[f"{1000 + i}", text, f"e{i}", f"Persona {i}", "", "", ""]
            for i, text in enumerate(["20/11/2026", "11/25/2026", "05/11/2026"])]
    summary = _import(db, agent, write_xlsx(tmp_path / f"{DAY}.xlsx", rows))
    assert summary.imported == 2
    assert [(p.row, p.reason) for p in summary.rejected] == [
        (3, "La fecha «11/25/2026» no existe en el calendario.")]


def test_a_formula_saved_without_its_value_has_its_own_message(
        db: Database, agent: UserProfile, tmp_path: Path) -> None:
    """openpyxl, like most programs that write workbooks, saves formulas without computing
    them; the reader then gives the cell as empty."""
    rows = good_rows(3)
    rows[1][0] = "=1000+2"
    rows[2][3] = "=CONCATENATE(\"Ana\", \" \", \"Ruiz\")"
    path = write_xlsx(tmp_path / f"{DAY}.xlsx", rows)
    summary = _import(db, agent, path)
    assert summary.imported == 1
    assert [(p.row, p.column) for p in summary.rejected] == [
        (3, "A (Cuenta)"), (4, "D (Nombre Asesor)")]
    assert all("fórmula guardada sin su resultado" in p.reason for p in summary.rejected)


def test_an_empty_cell_that_is_not_a_formula_still_says_what_is_missing(
        db: Database, agent: UserProfile, tmp_path: Path) -> None:
    rows = good_rows(2)
    rows[1][0] = None
    summary = _import(db, agent, write_xlsx(tmp_path / f"{DAY}.xlsx", rows))
    assert [p.reason for p in summary.rejected] == ["Falta la cuenta."]
