"""Every workbook and CSV of the bad-input corpus handed to the tipificaciones import instead
of a base: none is a tipificaciones export, so each must be refused in Spanish (the guards',
the header's or a cell's reason, naming the file), never crash, and leave the store byte for
byte as it was (compared as a full SQL dump)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.services import tipificaciones_import
from swat_desktop.services.store import Database
from tests.bad_inputs.corpus import Seeded, open_copy, seed
from tests.bad_inputs.test_corpus import CORPUS, ENGLISH, MANIFEST
from tests.fixtures.workbooks import dump

WORKBOOKS = [e for e in MANIFEST["files"] if e["target"] == "base"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    return seed(tmp_path_factory.mktemp("seeded"))


@pytest.fixture
def store_db(seeded: Seeded, tmp_path: Path) -> Iterator[Database]:
    db = open_copy(seeded, tmp_path / "store")
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def lazy_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.bad_inputs.corpus import generator

    folder = tmp_path_factory.mktemp("lazy")
    generator().write_lazy(folder)
    return folder


@pytest.mark.parametrize("entry", WORKBOOKS, ids=[e["file"] for e in WORKBOOKS])
def test_a_bad_or_foreign_file_is_refused_and_writes_nothing(
        entry: dict[str, object], store_db: Database, seeded: Seeded,
        request: pytest.FixtureRequest) -> None:
    folder = request.getfixturevalue("lazy_files") if entry.get("lazy") else CORPUS
    path = folder / str(entry["file"])
    before = dump(store_db.sqlite_path)
    def feed() -> None:
        plan = tipificaciones_import.analyze(store_db, path)
        tipificaciones_import.run_import(store_db, seeded.control, plan)

    with pytest.raises((tipificaciones_import.FileFormatError, ValidationError)) as refused:
        feed()
    message = " ".join(refused.value.errors.values()) if isinstance(
        refused.value, ValidationError) else str(refused.value)
    assert path.name in message
    assert not ENGLISH.search(message.replace(path.name, "")), message
    assert dump(store_db.sqlite_path) == before
