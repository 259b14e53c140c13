"""Migration 0010 (the pads' reserved correlativos) goes down to 0009 and up again on a store
with a reserved pad, on SQLite and PostgreSQL: the table goes and comes back empty, the rest
of the store (the point's counter included) untouched, and a reservation can be made again."""

from __future__ import annotations

from sqlalchemy import inspect

from swat_desktop.paths import AppPaths
from swat_desktop.services import inoperatividad_pads as pads
from swat_desktop.services.store import Database
from swat_desktop.storage import migrate
from tests.backends import snapshot
from tests.fixtures.inoperatividad import cac_supervisor

TABLE = "correlativo_reservations"


def test_the_reservations_table_goes_down_and_up_again(db: Database, paths: AppPaths) -> None:
    supervisor = cac_supervisor(db)
    pads.reserve(db, supervisor, "CAC-SAN-ISIDRO", 3)
    before = snapshot(db)
    assert len(before[TABLE]) == 3
    migrate.downgrade(db, "0009")
    with db.engine.connect() as conn:
        assert TABLE not in inspect(conn).get_table_names()
    migrate.upgrade(db, paths.backups_dir)
    after = snapshot(db)
    assert after[TABLE] == []
    assert {t: r for t, r in after.items() if t not in (TABLE, "alembic_version")} == \
        {t: r for t, r in before.items() if t not in (TABLE, "alembic_version")}
    # The counter kept its 3: the next pad starts after the numbers it once gave.
    assert [r.number for r in pads.reserve(db, supervisor, "CAC-SAN-ISIDRO", 1)] == [4]
