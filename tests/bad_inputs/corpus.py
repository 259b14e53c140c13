"""The corpus generator (scripts/make_bad_inputs.py) loaded as a module, and the store every
corpus test starts from."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.services import base_import, identity, package_keys, store
from swat_desktop.services.store import Database
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import save_sample_record
from tests.fixtures.workbooks import good_rows, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_bad_inputs.py"
DB_FILE = "swat_desktop.sqlite3"


def generator() -> ModuleType:
    """Registered in sys.modules before it runs: its dataclasses look their module up there."""
    name = "make_bad_inputs"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SCRIPT)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@dataclass(frozen=True)
class Seeded:
    """A migrated SQLite store holding a base and an event, so "unchanged" means something."""

    folder: Path
    agent: UserProfile
    control: UserProfile

    def copy_to(self, target: Path) -> Path:
        target.mkdir(parents=True)
        for suffix in ("", "-wal", "-shm"):  # the file and what SQLite keeps beside it
            part = self.folder / f"{DB_FILE}{suffix}"
            if part.is_file():
                shutil.copy2(part, target / part.name)
        return target / DB_FILE


def seed(folder: Path) -> Seeded:
    db, _ = store.open_store(None, folder / DB_FILE, folder / "backups", FixedClock(TEST_NOW))
    try:
        agent = identity.save_profile(db, ProfileInput(
            "mrojas", "María Fernanda Rojas", Role.AGENTE_CELULA, "Célula Soporte Bogotá"))
        control = identity.save_profile(db, ProfileInput(
            "cinfo", "Carla Info", Role.CONTROL_INFORMACION, "Control e Información"))
        earlier = write_xlsx(folder / "Base Mal Escalados 20-11-2026.xlsx", good_rows(3, 500))
        base_import.run_import(db, agent, base_import.analyze(db, earlier))
        save_sample_record(db)
        # The corpus point's key registered, as Control e Información does once per point:
        # the corpus' packages are signed with it (scripts/bad_inputs_packages.py).
        signed = folder / "clave-del-corpus.swatpkg"
        signed.write_bytes(generator().bad_inputs_packages.package())
        package_keys.register_key(db, control, signed,
                                  package_keys.package_signer(db, signed).fingerprint)
    finally:
        db.dispose()
    return Seeded(folder, agent, control)


def open_copy(seeded: Seeded, target: Path) -> Database:
    database_file = seeded.copy_to(target)
    db, _ = store.open_store(None, database_file, target / "backups", FixedClock(TEST_NOW))
    return db
