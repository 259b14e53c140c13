"""Review over a real store: SQL filters and sorts, verdicts, audit, concurrency."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.mal_escalados import (
    CaseStatus,
    ProcedeMotivo,
    Procedencia,
    ReviewFilters,
    ReviewSort,
    SortKey,
    VerdictInput,
)
from swat_desktop.services import (
    assignment,
    audit,
    base_import,
    catalogue,
    identity,
    review,
    review_pages,
)
from swat_desktop.services.review import ConcurrencyError
from swat_desktop.services.store import Database
from tests.fixtures.listing import listed_ids, rows_of
from tests.fixtures.workbooks import write_xlsx

ROWS = [
    ["0001", datetime(2026, 11, 21, 9), "ecm1", "Ana Ruiz", "Lucía Peña", "Bogotá", "módem"],
    ["0002", datetime(2026, 11, 21, 8), "ecm2", "Beto Díaz", "Lucía Peña", "Cali", "tv"],
    ["0003", datetime(2026, 11, 21, 10), "ecm1", "Ana Ruiz", "Óscar Gil", "Cali", "internet"],
]


@pytest.fixture
def loaded(db: Database, agent: UserProfile, tmp_path: Path) -> list[int]:
    path = write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", ROWS)
    base_import.run_import(db, agent, base_import.analyze(db, path))
    other = write_xlsx(
        tmp_path / "Base Mal Escalados 22-11-2026.xlsx",
        [["0004", datetime(2026, 11, 22, 7), "ecm3", "Ñusta Ramos", "", "", ""]],
    )
    base_import.run_import(db, agent, base_import.analyze(db, other))
    return listed_ids(db, ReviewFilters(), ReviewSort(SortKey.CUENTA))


def _verdict(
    db: Database,
    *codes: str,
    procedencia: Procedencia = Procedencia.PROCEDE,
    motivo: ProcedeMotivo | None = ProcedeMotivo.PROCEDIMIENTO,
    notes: str = "",
) -> VerdictInput:
    by_code = {c.code: c.id for c in catalogue.list_causales(db, include_inactive=True)}
    return VerdictInput(tuple(by_code[c] for c in codes), procedencia, motivo, notes)


def _cuentas(db: Database, ids: list[int]) -> list[str]:
    return [r.cuenta for r in rows_of(db, ids)]


def test_sorting_on_any_column_both_ways(db: Database, loaded: list[int]) -> None:
    assert _cuentas(db, loaded) == ["0001", "0002", "0003", "0004"]
    by_date = listed_ids(db, ReviewFilters(), ReviewSort(SortKey.FECHA, descending=True))
    assert _cuentas(db, by_date) == ["0004", "0003", "0001", "0002"]
    by_name = listed_ids(db, ReviewFilters(), ReviewSort(SortKey.ASESOR))
    assert _cuentas(db, by_name) == ["0001", "0003", "0002", "0004"]
    for key in SortKey:
        assert sorted(listed_ids(db, ReviewFilters(), ReviewSort(key))) == sorted(loaded)


def test_filters_combine(db: Database, loaded: list[int]) -> None:
    def cuentas(**kwargs: object) -> list[str]:
        ids = listed_ids(db, ReviewFilters(**kwargs), ReviewSort(SortKey.CUENTA))  # type: ignore[arg-type]
        return _cuentas(db, ids)

    assert cuentas(base_dates=(date(2026, 11, 22),)) == ["0004"]
    assert cuentas(asesor="ecm1") == ["0001", "0003"]
    assert cuentas(supervisor="Lucía Peña") == ["0001", "0002"]
    assert cuentas(asesor="ecm1", supervisor="Óscar Gil") == ["0003"]
    assert cuentas(text="beto diaz") == ["0002"]  # no accents, any case
    assert cuentas(text="ÑUSTA") == ["0004"]
    assert cuentas(text="000") == ["0001", "0002", "0003", "0004"]
    assert cuentas(status=CaseStatus.REVISADA) == []
    assert review_pages.counts(db, ReviewFilters()).text == "Revisadas 0 de 4"


def test_a_verdict_is_saved_audited_and_counted(
    db: Database, agent: UserProfile, loaded: list[int]
) -> None:
    first = review.detail(db, loaded[0])
    assert first.source["Notas"] == "módem"
    assert (first.sheet, first.source_row) == ("Base", 2)
    saved = review.save_verdict(
        db, agent, loaded[0], _verdict(db, "C04", "C13", notes=" ok "), first.version
    )
    assert saved.row.status is CaseStatus.REVISADA
    assert saved.row.primary_causal == "Opción errada"
    assert saved.row.procedencia is Procedencia.PROCEDE
    assert saved.motivo is ProcedeMotivo.PROCEDIMIENTO
    assert saved.observaciones == "ok"
    assert saved.reviewed_by == agent.full_name
    assert saved.version == first.version + 1
    assert review_pages.counts(db, ReviewFilters()).text == "Revisadas 1 de 4"
    causal = catalogue.list_causales(db)[12]
    assert listed_ids(db, ReviewFilters(causal_id=causal.id), ReviewSort()) == [loaded[0]]
    entry = audit.recent_entries(db)[0]
    assert (entry.entity, entry.entity_id, entry.action) == (
        "mal_escalado",
        str(loaded[0]),
        "veredicto",
    )
    assert entry.before is None
    assert entry.after == {
        "cuenta": "0001",
        "causales": ["C04", "C13"],
        "procedencia": "procede",
        "motivo": "procedimiento",
        "observaciones": "ok",
    }

    changed = review.save_verdict(
        db,
        agent,
        loaded[0],
        _verdict(db, "C13", procedencia=Procedencia.NO_PROCEDE, motivo=ProcedeMotivo.PROCEDIMIENTO),
        saved.version,
    )
    assert changed.motivo is None  # a motivo only belongs to "procede"
    latest = audit.recent_entries(db)[0]
    assert latest.action == "cambiar_veredicto"
    assert latest.before == entry.after
    assert listed_ids(
        db, ReviewFilters(procedencia=Procedencia.NO_PROCEDE), ReviewSort()
    ) == [loaded[0]]


def test_an_incomplete_verdict_is_refused_and_nothing_changes(
    db: Database, agent: UserProfile, loaded: list[int]
) -> None:
    version = review.detail(db, loaded[1]).version
    with pytest.raises(ValidationError) as caught:
        review.save_verdict(
            db, agent, loaded[1], VerdictInput((), Procedencia.PROCEDE, None, ""), version
        )
    assert caught.value.errors == {
        "causales": "Elija al menos una causal.",
        "motivo": "Indique si fue error de procedimiento o falta de información.",
    }
    assert review.detail(db, loaded[1]).row.status is CaseStatus.PENDIENTE
    assert [e.entity for e in audit.recent_entries(db)].count("mal_escalado") == 0


def test_a_stale_version_is_refused(db: Database, agent: UserProfile, loaded: list[int]) -> None:
    version = review.detail(db, loaded[2]).version
    review.save_verdict(db, agent, loaded[2], _verdict(db, "C01"), version)
    with pytest.raises(ConcurrencyError, match="Otra persona guardó la cuenta 0003"):
        review.save_verdict(db, agent, loaded[2], _verdict(db, "C02"), version)
    assert review.detail(db, loaded[2]).causal_ids == (_verdict(db, "C01").causal_ids[0],)


def test_two_agents_on_two_desktops_reviewing_the_same_account_lose_nothing(
    db: Database, db_url: str, agent: UserProfile, loaded: list[int]
) -> None:
    """Two desktops with their own connection to the shared store open the same account; the
    first save wins, the second is refused with the way out, and the first verdict stays."""
    desktop = Database(db_url, db.clock)
    try:
        colleague = identity.save_profile(
            desktop, ProfileInput("lpardo", "Luis Pardo", Role.AGENTE_CELULA, "C1"))
        mine, theirs = review.detail(db, loaded[0]), review.detail(desktop, loaded[0])
        assert mine.version == theirs.version
        saved = review.save_verdict(desktop, colleague, loaded[0],
                                    _verdict(desktop, "C04", notes="de Luis"), theirs.version)
        with pytest.raises(ConcurrencyError, match="vuelva a abrirla"):
            review.save_verdict(db, agent, loaded[0], _verdict(
                db, "C13", procedencia=Procedencia.NO_PROCEDE, motivo=None), mine.version)
        kept = review.detail(db, loaded[0])
        assert (kept.version, kept.causal_ids, kept.observaciones, kept.reviewed_by) == (
            saved.version, saved.causal_ids, "de Luis", "Luis Pardo")
        verdicts = [e for e in audit.recent_entries(db) if e.entity == "mal_escalado"]
        assert [(e.user_login, e.action) for e in verdicts] == [("lpardo", "veredicto")]
    finally:
        desktop.dispose()


def test_two_desktops_saving_the_same_account_at_the_same_moment_do_not_both_win(
    db: Database, db_url: str, agent: UserProfile, loaded: list[int]
) -> None:
    desktop = Database(db_url, db.clock)
    version = review.detail(db, loaded[1]).version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(database: Database, code: str) -> None:
        barrier.wait()
        try:
            review.save_verdict(database, agent, loaded[1], _verdict(database, code), version)
            outcomes[code] = "guardado"
        except ConcurrencyError:
            outcomes[code] = "rechazado"

    threads = [threading.Thread(target=save, args=(database, code))
               for database, code in ((db, "C01"), (desktop, "C02"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    desktop.dispose()
    assert sorted(outcomes.values()) == ["guardado", "rechazado"]
    [winner] = [code for code, outcome in outcomes.items() if outcome == "guardado"]
    kept = review.detail(db, loaded[1])
    assert kept.causal_ids == _verdict(db, winner).causal_ids
    assert kept.version == version + 1


def test_a_deactivated_causal_stays_on_old_verdicts_but_not_on_new_ones(
    db: Database, agent: UserProfile, loaded: list[int]
) -> None:
    bo = identity.save_profile(db, ProfileInput("bo1", "Back Office", Role.BACKOFFICE, "C1"))
    old = review.save_verdict(db, agent, loaded[0], _verdict(db, "C05"), 1)
    c05 = next(c for c in catalogue.list_causales(db) if c.code == "C05")
    catalogue.set_active(db, bo, c05.id, False)
    assert c05.id not in [c.id for c in catalogue.list_causales(db)]
    assert review.detail(db, loaded[0]).row.primary_causal == c05.name
    # keeping it on the same account is allowed, putting it on another is not
    review.save_verdict(db, agent, loaded[0], _verdict(db, "C05", notes="x"), old.version)
    with pytest.raises(ValidationError, match="no está activa"):
        review.save_verdict(db, agent, loaded[1], _verdict(db, "C05"), 1)


def test_the_backoffice_adds_causales(db: Database, agent: UserProfile) -> None:
    bo = identity.save_profile(db, ProfileInput("bo1", "Back Office", Role.BACKOFFICE, "C1"))
    added = catalogue.add_causal(db, bo, "c14", "Nueva causal", "Descripción")
    assert (added.code, added.sort_order, added.active) == ("C14", 14, True)
    with pytest.raises(ValidationError, match="Ya existe una causal con el código C14"):
        catalogue.add_causal(db, bo, "C14", "Otra", "")
    assert catalogue.ensure_seeded(db) == 0  # seeding never touches what is there


def test_only_the_backoffice_changes_the_causales(db: Database, agent: UserProfile) -> None:
    """The catalogue button is the backoffice's; the service says no to anybody else too."""
    c05 = next(c for c in catalogue.list_causales(db) if c.code == "C05")
    with pytest.raises(ValidationError, match="Solo el backoffice administra"):
        catalogue.add_causal(db, agent, "C15", "Otra causal", "")
    with pytest.raises(ValidationError, match="Solo el backoffice administra"):
        catalogue.set_active(db, agent, c05.id, False)
    assert c05.id in [c.id for c in catalogue.list_causales(db)]


def test_assignment_evenly_and_by_count(
    db: Database, agent: UserProfile, loaded: list[int]
) -> None:
    bo = identity.save_profile(db, ProfileInput("bo1", "Back Office", Role.BACKOFFICE, "C1"))
    other = identity.save_profile(
        db, ProfileInput("lpardo", "Luis Pardo", Role.AGENTE_CELULA, "C1")
    )
    assert assignment.split_evenly(7, 3) == [3, 2, 2]
    with pytest.raises(ValidationError, match="Solo el backoffice"):
        assignment.assign(db, agent, date(2026, 11, 21), [agent.id])
    given = assignment.assign(db, bo, date(2026, 11, 21), [agent.id, other.id])
    assert given == {agent.id: 2, other.id: 1}
    mine = listed_ids(db, ReviewFilters(assigned_to=agent.id), ReviewSort(SortKey.FECHA))
    assert _cuentas(db, mine) == ["0002", "0001"]
    assert rows_of(db, mine)[0].assigned_to == agent.full_name
    with pytest.raises(ValidationError, match="no tiene cuentas pendientes sin asignar"):
        assignment.assign(db, bo, date(2026, 11, 21), [agent.id])
    by_count = assignment.assign(
        db, bo, date(2026, 11, 21), [other.id], {other.id: 1}, only_unassigned=False
    )
    assert by_count == {other.id: 1}
    assert listed_ids(db, ReviewFilters(assigned_to=0), ReviewSort()) == [loaded[3]]
    entry = audit.recent_entries(db)[0]
    assert (entry.action, entry.after) == (
        "asignar",
        {"asignadas": {"lpardo": 1}, "sin_asignar": 2},
    )
    assert entry.before == {"asignadas": {agent.login: 1}}  # the account moved from mrojas
