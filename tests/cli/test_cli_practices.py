"""``swat-desktop report practicas`` on a real store: the week's xlsx and PDF, where they went,
and who sees whom."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.domain.clock import FixedClock
from swat_desktop.io.practices_catalogue import read_practices
from swat_desktop.paths import AppPaths
from swat_desktop.services import practices
from swat_desktop.services.store import Database
from tests.fixtures.month import backoffice_user
from tests.fixtures.practices import build_week

STEM = "Prácticas de gestión 2026-S48"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(db: Database, clock: FixedClock, paths: AppPaths) -> str:
    build_week(db, clock)
    backoffice_user(db)
    db.dispose()
    return str(paths.data_dir.parent)


def test_the_backoffice_gets_every_leaders_week(
        home: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "salida"
    code, out, err = _run(capsys, "--home", home, "report", "practicas", "--semana",
                          "25/11/2026", "--salida", str(out_dir), "--usuario", "lgarcia")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Prácticas de gestión, semana 48 de 2026 (23/11 al 29/11/2026):",
        f"  {out_dir / f'{STEM}.xlsx'}", f"  {out_dir / f'{STEM}.pdf'}"]
    leaders = {row[0] for row in load_workbook(out_dir / f"{STEM}.xlsx")["Cumplimiento"]
               .iter_rows(min_row=2, values_only=True)}
    assert leaders == {"Ana Torres", "Carlos Méndez"}
    text = " ".join(page.extract_text() for page in PdfReader(out_dir / f"{STEM}.pdf").pages)
    assert "cumplimiento 84,62 %" in text
    assert "cumplimiento 75,00 %" in text


def test_a_supervisor_gets_her_own_week_only(
        home: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--home", home, "report", "practicas", "--semana",
                        "2026-11-29", "--salida", str(tmp_path), "--usuario", "atorres")
    assert (code, err) == (0, "")
    book = load_workbook(tmp_path / f"{STEM}.xlsx")
    assert {row[0] for row in book["Cumplimiento"].iter_rows(min_row=2, values_only=True)} \
        == {"Ana Torres"}
    assert ("Líderes", "Ana Torres (Supervisor de célula)") in {
        row[:2] for row in book["Resumen"].iter_rows(values_only=True)}


def test_a_leader_created_from_the_command_line_and_an_agent_refused(
        home: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for login, role in (("gperez", "gerente"), ("ag1", "agente_celula")):
        code, out, err = _run(capsys, "--home", home, "usuario", "crear", login, "--nombre",
                              f"Persona {login}", "--rol", role, "--unidad", "Célula Soporte")
        assert (code, err) == (0, ""), out
    code, _, err = _run(capsys, "--home", home, "report", "practicas", "--semana",
                        "25/11/2026", "--salida", str(tmp_path / "no"), "--usuario", "ag1")
    assert code == EXIT_ERROR
    assert err == "Error: Las prácticas de gestión las ven los líderes y el backoffice.\n"
    assert not (tmp_path / "no").exists() or not any((tmp_path / "no").iterdir())
    code, _, err = _run(capsys, "--home", home, "report", "practicas", "--semana",
                        "25/11/2026", "--salida", str(tmp_path), "--usuario", "gperez")
    assert (code, err) == (0, "")


def test_a_broken_catalogue_is_one_spanish_line(
        home: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "practicas.json"
    broken.write_text(json.dumps({"version": 1, "practices": "ninguna"}), encoding="utf-8")
    monkeypatch.setattr(practices, "catalogue", lambda: read_practices(broken))
    code, _, err = _run(capsys, "--home", home, "report", "practicas", "--semana",
                        "25/11/2026", "--salida", str(tmp_path), "--usuario", "lgarcia")
    assert code == EXIT_ERROR
    assert err == ("Error: El catálogo de prácticas de gestión no se puede usar: el archivo: "
                   "«practices» debe ser una lista con al menos una práctica.\n")
    assert not list(tmp_path.glob("*.xlsx"))
