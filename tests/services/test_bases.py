"""Annulling an import filed by mistake, so the right one can go in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.mal_escalados import Procedencia, ReviewFilters, ReviewSort, VerdictInput
from swat_desktop.services import audit, base_import, bases, catalogue, identity, review
from swat_desktop.services.store import Database
from tests.fixtures.listing import listed_ids
from tests.fixtures.workbooks import good_rows, write_xlsx


@pytest.fixture
def backoffice(db: Database) -> UserProfile:
    return identity.save_profile(db, ProfileInput("bo1", "Bea Ortiz", Role.BACKOFFICE, "C1"))


def _import(db: Database, user: UserProfile, path: Path, day: date) -> int:
    summary = base_import.run_import(db, user, base_import.analyze(db, path), day)
    assert summary.base_id is not None
    return summary.base_id


def test_a_wrong_day_is_annulled_and_the_file_imported_again(
    db: Database, backoffice: UserProfile, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "base.xlsx", good_rows(3))
    wrong = _import(db, backoffice, path, date(2026, 11, 20))
    [listed] = bases.list_bases(db)
    assert (listed.id, listed.base_date, listed.imported, listed.reviewed, listed.imported_by) == (
        wrong, date(2026, 11, 20), 3, 0, "Bea Ortiz")

    assert bases.annul(db, backoffice, wrong, "Se importó con la fecha del día anterior") == 3
    assert bases.list_bases(db) == []
    assert listed_ids(db, ReviewFilters(), ReviewSort()) == []
    entry = audit.recent_entries(db)[0]
    assert (entry.action, entry.after) == ("anular", {
        "motivo": "Se importó con la fecha del día anterior", "cuentas_eliminadas": 3})
    assert entry.before is not None
    assert entry.before["fecha_base"] == "2026-11-20"

    again = base_import.run_import(db, backoffice, base_import.analyze(db, path),
                                   date(2026, 11, 21))
    assert (again.imported, again.duplicates) == (3, 0)


def test_an_import_with_verdicts_or_without_reason_is_not_annulled(
    db: Database, backoffice: UserProfile, agent: UserProfile, tmp_path: Path
) -> None:
    base_id = _import(db, backoffice, write_xlsx(tmp_path / "b.xlsx", good_rows(2)),
                      date(2026, 11, 21))
    with pytest.raises(ValidationError, match="Solo el backoffice"):
        bases.annul(db, agent, base_id, "motivo suficiente")
    with pytest.raises(ValidationError, match="Escriba por qué"):
        bases.annul(db, backoffice, base_id, "  ")
    case_id = listed_ids(db, ReviewFilters(), ReviewSort())[0]
    causal = catalogue.list_causales(db)[0].id
    review.save_verdict(db, agent, case_id,
                        VerdictInput((causal,), Procedencia.NO_PROCEDE, None, ""), 1)
    with pytest.raises(ValidationError, match=r"esta importación ya tiene veredictos \(1\)"):
        bases.annul(db, backoffice, base_id, "fecha equivocada")
    assert len(listed_ids(db, ReviewFilters(), ReviewSort())) == 2
    assert bases.list_bases(db)[0].reviewed == 1
