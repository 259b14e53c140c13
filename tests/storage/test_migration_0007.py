"""Migration 0007 on a store with accounts: down to revision 0006 (the cells back in every
row, the old search text) and up again, the cells, the bases' counts and the search as they
were, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import (
    ProcedeMotivo,
    Procedencia,
    ReviewCounts,
    ReviewFilters,
    VerdictInput,
)
from swat_desktop.paths import AppPaths
from swat_desktop.services import base_import, catalogue, review, review_pages
from swat_desktop.services.store import Database
from swat_desktop.storage import migrate
from tests.fixtures.listing import listed_ids
from tests.fixtures.workbooks import write_xlsx

ROWS = [[f"00{i}", f"21/11/2026 08:{i:02d}", f"ecm{i % 3}", f"Asesora Núñez {i % 3}",
         "Lucía Peña", "Cali", f"nota {i}; módem, nodo"] for i in range(1, 9)]


def test_a_store_with_accounts_goes_down_to_0006_and_up_again_unchanged(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", ROWS)
    base_import.run_import(db, agent, base_import.analyze(db, path))
    ids = listed_ids(db)
    causal = catalogue.list_causales(db)[0].id
    review.save_verdict(db, agent, ids[0], VerdictInput((causal,), Procedencia.PROCEDE,
                                                        ProcedeMotivo.PROCEDIMIENTO,
                                                        "información del nodo"), 1)
    before = [review.detail(db, i).source for i in ids]

    migrate.downgrade(db, "0006")
    with db.engine.connect() as conn:
        sources = conn.execute(text(
            "SELECT source FROM mal_escalado_cases ORDER BY id")).scalars().all()
    assert len(sources) == len(ids)
    assert sources[1].split("\x1f")[:2] == ["002", "21/11/2026 08:02"]

    migrate.upgrade(db, paths.backups_dir)
    assert [review.detail(db, i).source for i in ids] == before
    assert review_pages.counts(db, ReviewFilters()) == ReviewCounts(8, 1)
    assert review_pages.counts(db, ReviewFilters(procedencia=Procedencia.PROCEDE)) == \
        ReviewCounts(1, 1)
    assert listed_ids(db, ReviewFilters(text="inform nodo")) == [ids[0]]
    assert listed_ids(db, ReviewFilters(text="nunez 2")) == [ids[1], ids[4], ids[7]]
    assert listed_ids(db, ReviewFilters(text="2")) == [ids[1], ids[4], ids[7]]  # 002 as 2
