"""Migration 0009 (the points' registered keys) goes down to 0008 and up again on a store
with a registered key, on SQLite and PostgreSQL: the table goes and comes back empty, the rest
of the store untouched."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import inspect

from swat_desktop.io.exchange_package import write_package
from swat_desktop.paths import AppPaths
from swat_desktop.services import package_keys
from swat_desktop.services.store import Database
from swat_desktop.storage import migrate
from tests.backends import snapshot
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import control_informacion


def test_the_registered_keys_table_goes_down_and_up_again(
        db: Database, paths: AppPaths, tmp_path: Path) -> None:
    analyst = control_informacion(db)
    package = write_package(tmp_path / "p.swatpkg", [], "CAC-SAN-ISIDRO",
                            TEST_NOW.isoformat(), Ed25519PrivateKey.generate())
    package_keys.register_key(db, analyst, package,
                              package_keys.package_signer(db, package).fingerprint)
    before = snapshot(db)
    migrate.downgrade(db, "0008")
    with db.engine.connect() as conn:
        assert "point_keys" not in inspect(conn).get_table_names()
    migrate.upgrade(db, paths.backups_dir)
    after = snapshot(db)
    assert after["point_keys"] == []
    assert {t: r for t, r in after.items() if t not in ("point_keys", "alembic_version")} == \
        {t: r for t, r in before.items() if t not in ("point_keys", "alembic_version")}
