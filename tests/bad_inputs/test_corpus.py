"""Every file of the bad-input corpus through the service that would receive it.

The corpus (tests/fixtures/bad_inputs, written by scripts/make_bad_inputs.py) and its
MANIFEST.json say what each file is and what the application must answer. A refused file must
get a Spanish message that names what is wrong and where, and leave the store byte for byte as
it was (compared as a full SQL dump); a file that must import does so with the accounts,
sheet and rejected rows the manifest lists.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.io import tables, workbook_files
from swat_desktop.services import base_import, exchange, inoperatividad_report
from swat_desktop.services.base_import import FileFormatError
from swat_desktop.services.exchange import PackageError
from swat_desktop.services.store import Database
from tests.bad_inputs.corpus import Seeded, generator, open_copy, seed
from tests.fixtures.workbooks import dump

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs"
MANIFEST = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
ENTRIES = {entry["file"]: entry for entry in MANIFEST["files"]}
REFUSALS = (FileFormatError, ValidationError, PackageError)
# Words of Python's and the readers' own (English) error texts, and exception names: none of
# them may reach the person at the screen.
ENGLISH = re.compile(r"\b(Error|Exception|Expecting|invalid|Invalid|line \d|column \d|char \d|"
                     r"codec|decode|the|not|could|File|Zip|Cfb|EOCD|password)\b")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    return seed(tmp_path_factory.mktemp("seeded"))


@pytest.fixture
def store_db(seeded: Seeded, tmp_path: Path) -> Iterator[Database]:
    """A copy of the seeded store: SQLite on purpose, its file is dumped before and after."""
    db = open_copy(seeded, tmp_path / "store")
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def lazy_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files too big to commit, written once per run."""
    folder = tmp_path_factory.mktemp("lazy")
    generator().write_lazy(folder)
    return folder


def _path(entry: dict[str, Any], request: pytest.FixtureRequest) -> Path:
    """Committed files from the corpus, the lazy ones written when first asked for."""
    folder = request.getfixturevalue("lazy_files") if entry.get("lazy") else CORPUS
    return folder / entry["file"]


def _feed(db: Database, seeded: Seeded, entry: dict[str, Any], path: Path) -> Any:
    """The file through the service the application hands it to."""
    if entry["target"] == "base":
        plan = base_import.analyze(db, path)
        return plan, base_import.run_import(db, seeded.agent, plan)
    if entry["target"] == "paquete":
        return exchange.import_package(db, seeded.control, path)
    assert entry["target"] == "columnas_reporte"
    return inoperatividad_report.report_columns(path)


def _cases(database: Path, base_id: int) -> list[tuple[str, str, str, str]]:
    with closing(sqlite3.connect(database)) as conn:
        return list(conn.execute(
            "SELECT cuenta, asesor_id, asesor_nombre, supervisor FROM mal_escalado_cases "
            "WHERE base_id = ? ORDER BY source_row", (base_id,)))


def _dates(database: Path, base_id: int) -> list[str]:
    """The escalation times stored, to the minute, as SQLite keeps them."""
    with closing(sqlite3.connect(database)) as conn:
        return [str(value)[:16] for value, in conn.execute(
            "SELECT fecha_escalamiento FROM mal_escalado_cases WHERE base_id = ? "
            "ORDER BY source_row", (base_id,))]


def _located(problems: Any) -> list[tuple[str, int, str, str]]:
    return [(p.sheet, p.row, p.column, p.reason) for p in problems]


def _assert_rows(found: list[tuple[str, int, str, str]], expected: list[list[Any]]) -> None:
    assert [f[:3] for f in found] == [tuple(e[:3]) for e in expected]
    for (*_, reason), (*_, piece) in zip(found, expected, strict=True):
        assert piece in reason


def _check_import(db: Database, entry: dict[str, Any], result: Any) -> None:
    expected = entry["expected"]
    if entry["target"] == "paquete":
        assert (result.added, result.conflicts) == (expected["added"], ())
        return
    if entry["target"] == "columnas_reporte":
        assert len(result) == expected["columns"]
        return
    plan, summary = result
    assert (plan.sheet, plan.header.row_index + 1) == (expected["sheet"], expected["header_row"])
    assert summary.imported == expected["imported"]
    _assert_rows(_located(summary.rejected), expected["rejected"])
    _assert_rows(_located(summary.duplicate_rows), expected["duplicates"])
    _assert_rows(_located(summary.cleaned), expected.get("cleaned", []))
    assert db.sqlite_path is not None
    if "stored" in expected:
        assert _cases(db.sqlite_path, summary.base_id) == [tuple(s) for s in expected["stored"]]
    if "dates" in expected:
        assert _dates(db.sqlite_path, summary.base_id) == expected["dates"]


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_bad_input_is_answered_as_the_manifest_says(
        name: str, store_db: Database, seeded: Seeded, request: pytest.FixtureRequest) -> None:
    entry = ENTRIES[name]
    expected = entry["expected"]
    path = _path(entry, request)
    assert store_db.sqlite_path is not None
    before = dump(store_db.sqlite_path)
    if expected["outcome"] == "importado":
        _check_import(store_db, entry, _feed(store_db, seeded, entry, path))
        return
    assert expected["outcome"] == "rechazado"
    with pytest.raises(REFUSALS) as refused:
        _feed(store_db, seeded, entry, path)
    message = str(refused.value)
    for piece in expected["message_contains"]:
        assert piece in message, message
    assert not ENGLISH.search(message), message
    assert dump(store_db.sqlite_path) == before


def test_the_committed_corpus_is_what_the_script_writes(tmp_path: Path) -> None:
    make = generator()
    make.generate(tmp_path)
    assert make.differences(CORPUS, tmp_path) == [], "ejecute python scripts/make_bad_inputs.py"


def test_the_corpus_covers_every_input_path_and_is_stamped() -> None:
    assert MANIFEST["generado"] == "generado por scripts/make_bad_inputs.py — no editar"
    targets = [entry["target"] for entry in MANIFEST["files"]]
    assert len(targets) >= 25
    assert set(targets) == {"base", "paquete", "columnas_reporte"}
    outcomes = {entry["expected"]["outcome"] for entry in MANIFEST["files"]}
    assert outcomes == {"rechazado", "importado"}
    committed = {p.name for p in CORPUS.iterdir()} - {"MANIFEST.json"}
    assert committed == {e["file"] for e in MANIFEST["files"] if not e.get("lazy")}


def test_a_million_rows_are_refused_from_the_size_the_sheet_declares(lazy_files: Path) -> None:
    """The size is read from the first bytes of the sheet's XML, before the reader loads the
    million rows (about a gigabyte of cells in memory for a real base)."""
    path = lazy_files / generator().MILLION_FILE
    assert workbook_files.declared_size(path)["Base"][0] == 1_000_001


@pytest.mark.parametrize(("suffix", "message"), [
    (".xlsx", "celda A11 \\(fila 11\\); se importan como máximo 10 filas"),
    (".csv", "tiene 13 filas; se importan como máximo 10"),
])
def test_a_sheet_too_long_is_refused_even_when_it_declares_no_size(
        suffix: str, message: str, store_db: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Producers other than Excel may leave out the size a sheet declares, and a CSV declares
    none: the limit then applies to the cells themselves (the first one beyond it is named,
    found in the sheet's XML before the reader loads it) or to the rows read."""
    make = generator()
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    path = tmp_path / f"base_20261121{suffix}"
    if suffix == ".csv":
        path.write_text(make.csv_text(make.text_rows(12)), encoding="utf-8")
    else:
        path.write_bytes(make.xlsx(make.Sheet("Base", [list(make.HEADERS), *make.good_rows(12)],
                                              declares_size=False)))
    assert store_db.sqlite_path is not None
    before = dump(store_db.sqlite_path)
    with pytest.raises(FileFormatError, match=message):
        base_import.analyze(store_db, path)
    assert dump(store_db.sqlite_path) == before
