"""Shared fixtures: every test gets its own home folder and a real SQLite file in it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import identity, store
from swat_desktop.services.store import Database

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "home").ensure()


@pytest.fixture
def db(paths: AppPaths) -> Iterator[Database]:
    database, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    yield database
    database.dispose()


@pytest.fixture
def agent(db: Database) -> UserProfile:
    return identity.save_profile(
        db,
        ProfileInput(
            login="mrojas", full_name="María Fernanda Rojas", role=Role.AGENTE_CELULA,
            unit="Célula Soporte Bogotá",
        ),
    )
