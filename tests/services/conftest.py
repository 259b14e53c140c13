"""Every service test that uses a store runs on SQLite and on PostgreSQL; the stores of an
exchange between a point and Control e Información."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from swat_desktop.domain.identity import UserProfile
from swat_desktop.services.store import Database
from tests.backends import parametrize_backends
from tests.fixtures.inoperatividad import control_informacion
from tests.fixtures.packages import export_point, trust


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_backends(metafunc)


# The point's store is ``db``; Control e Información's is ``central``.
@pytest.fixture
def central(new_store: Callable[[str], Database]) -> Database:
    return new_store("control")


@pytest.fixture
def analyst(central: Database) -> UserProfile:
    return control_informacion(central)


@pytest.fixture
def send(db: Database, central: Database, analyst: UserProfile,
         tmp_path: Path) -> Callable[[Path], Path]:
    """The point's package, signed with its key; its key registered at Control e Información
    (once: registering the same key again changes nothing)."""
    def export(path: Path) -> Path:
        package = export_point(db, path, tmp_path / "claves-punto")
        trust(central, analyst, package)
        return package
    return export
