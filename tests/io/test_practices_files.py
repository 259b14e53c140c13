"""The week's registry of practices written from a real store: the xlsx read back with
openpyxl, the PDF by its text; and the catalogue file refused, in Spanish, when broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.practices import CatalogueError
from swat_desktop.io.practices_catalogue import read_practices
from swat_desktop.paths import resource
from swat_desktop.services import practices
from swat_desktop.services.store import Database
from tests.fixtures.month import backoffice_user
from tests.fixtures.practices import MONDAY, build_week


@pytest.fixture
def files(db: Database, clock: FixedClock, tmp_path: Path) -> practices.PracticeFiles:
    build_week(db, clock)
    return practices.export_week(db, backoffice_user(db), MONDAY, tmp_path / "salida")


def test_the_workbook_names_every_practice_with_goal_held_and_compliance(
        files: practices.PracticeFiles) -> None:
    assert files.xlsx.name == "Prácticas de gestión 2026-S48.xlsx"
    book = load_workbook(files.xlsx)
    assert book.sheetnames == ["Resumen", "Cumplimiento", "Registro"]
    summary = [row for row in book["Resumen"].iter_rows(values_only=True) if row[0]]
    assert summary[0][0] == (
        "Registro de prácticas de gestión — semana 48 de 2026 (23/11 al 29/11/2026)")
    totals = {row[0]: row[1:5] for row in summary if row[1] in ("Supervisor de célula",
                                                                  "Coordinador")}
    assert totals["Ana Torres"] == ("Supervisor de célula", 13, 11, pytest.approx(11 / 13))
    assert totals["Carlos Méndez"] == ("Coordinador", 8, 6, 0.75)
    lines = list(book["Cumplimiento"].iter_rows(values_only=True))
    assert lines[0][:9] == ("Líder", "Rol", "Práctica", "Meta", "Periodo de la meta",
                            "Meta en el periodo", "Realizadas", "Cumplimiento", "Estado")
    by_practice = {(row[0], row[2]): row[3:10] for row in lines[1:]}
    assert by_practice[("Ana Torres", "Diálogo diario")] == (
        "5 (1 al día × 5 días hábiles)", "23/11/2026 al 29/11/2026", 5, 4, 0.8, "Incumplida",
        "Sí")
    assert by_practice[("Ana Torres", "Reunión barómetro")][3:] == (0, 0, "En curso", "No")
    assert by_practice[("Carlos Méndez", "Confirmación de funciones")][2:5] == (
        3, 2, pytest.approx(2 / 3))
    assert len(lines) == 1 + 6 + 7
    sheet = book["Registro"]
    held = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(held) == 17  # Ana 4 + 6 + 1 (her Registro deleted), Carlos 6
    assert held[0][1:5] == ("07:00", "Ana Torres", "Supervisor de célula", "Agenda del líder")
    assert sheet.freeze_panes == "A2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"


def test_the_pdf_names_each_leaders_practices_and_their_cumplimiento(
        files: practices.PracticeFiles) -> None:
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(files.pdf).pages)
    assert "Registro de prácticas de gestión — semana 48 de 2026" in text
    assert "Ana Torres · Supervisor de célula · cumplimiento 84,62 %" in text
    assert "Carlos Méndez · Coordinador · cumplimiento 75,00 %" in text
    for name in ("Diálogo diario", "Confirmación de proceso", "Mejora continua",
                 "Circuito mejora continua", "Confirmación de funciones", "Reunión barómetro"):
        assert name in text
    assert "Total de la semana 13 11 84,62 %" in text
    assert "Total de la semana 8 6 75,00 %" in text
    assert "Confirmación de funciones 3 a la semana" in text
    assert "66,67 %" in text
    assert "En curso (no suma aún)" in text
    assert "Cumplimiento = prácticas realizadas ÷ meta" in text


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "practicas.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _shipped() -> dict:
    return json.loads(resource("catalogues", "practicas.json").read_text(encoding="utf-8"))


def test_the_shipped_catalogue_holds_the_seeds_practices() -> None:
    shipped = read_practices(resource("catalogues", "practicas.json"))
    assert shipped.version == 1
    assert [p.name for p in shipped.practices] == [
        "Diálogo diario", "Diálogo semanal", "Confirmación de proceso",
        "Confirmación de funciones", "Agenda del líder", "Registro de prácticas de gestión",
        "Mejora continua", "Circuito mejora continua", "Reunión barómetro"]
    functions = shipped.get("CF")
    assert {r.value: g.label for r, g in functions.goals.items()} == {
        "coordinador": "3 a la semana", "gerente": "1 a la semana"}
    assert [p.duration_minutes for p in shipped.practices] == [15, 30, 30, 30, 30, 5, 60, 60, 60]
    assert shipped.find("3") is shipped.get("CP")
    assert shipped.find("conf") is shipped.get("CP")
    assert shipped.find("confirmación de f") is shipped.get("CF")
    assert shipped.find("cmc") is shipped.get("CMC")
    assert shipped.find("zz") is None


def _broken(data: dict, index: int, **changes: object) -> dict:
    data["practices"][index].update(changes)
    return data


@pytest.mark.parametrize(("mutate", "said"), [
    (lambda d: d.pop("version") and d, "el archivo: «version» debe ser un número entero"),
    (lambda d: _broken(d, 1, code="DD"), "práctica n.º 2 (DD): el código está repetido"),
    (lambda d: _broken(d, 0, goals={"agente_celula": {"count": 1, "per": "dia"}}),
     "el rol «agente_celula» no es de un líder"),
    (lambda d: _broken(d, 2, goals={"supervisor": {"count": 1, "per": "mes"}}),
     "la meta de «supervisor» debe contar por dia, semana, quincena, semestre"),
    (lambda d: _broken(d, 3, duration_minutes="30"),
     "práctica n.º 4 (CF): «duration_minutes» debe ser un número entero de 1 a 480"),
    (lambda d: _broken(d, 4, name=""), "práctica n.º 5 (AL): falta el campo «name»"),
    (lambda d: {"version": 2, "practices": []}, "«practices» debe ser una lista"),
])
def test_a_broken_catalogue_is_refused_saying_where(tmp_path: Path, mutate, said: str) -> None:
    with pytest.raises(CatalogueError) as refused:
        read_practices(_write(tmp_path, mutate(_shipped())))
    assert str(refused.value).startswith(
        "El catálogo de prácticas de gestión no se puede usar: ")
    assert said in str(refused.value)


def test_a_catalogue_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "practicas.json"
    path.write_bytes(b'{"version": 1,\n "practices": [}')
    with pytest.raises(CatalogueError) as refused:
        read_practices(path)
    assert str(refused.value) == ("El catálogo de prácticas de gestión (practicas.json) no es "
                                  "un JSON válido en UTF-8 (línea 2, columna 16).")
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(CatalogueError, match="no es un JSON válido en UTF-8"):
        read_practices(path)
