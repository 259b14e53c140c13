"""Reclamaciones over a real store: numbering, deadlines, outcomes, rules and the audit."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from swat_desktop.domain.claims import ClaimState, DeadlineState, Outcome
from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import ProcedeMotivo, Procedencia, VerdictInput
from swat_desktop.domain.periods import PeriodKind, period_for
from swat_desktop.services import audit, claims, reports, review
from swat_desktop.services.claims import CandidateFilter, StaleClaimError
from swat_desktop.services.indicators import Scope
from swat_desktop.services.store import Database
from tests.fixtures.month import (
    DAY_2,
    MONTH,
    OBSERVACIONES,
    Month,
    backoffice_user,
    build,
    causal_ids,
    import_bases,
    review_all,
)


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path)


@pytest.fixture
def reviewed(db: Database, agent: UserProfile, tmp_path: Path) -> dict[str, int]:
    ids = import_bases(db, agent, tmp_path)
    review_all(db, agent, ids)
    return ids


def test_only_unclaimed_no_procede_accounts_are_candidates(
        db: Database, reviewed: dict[str, int]) -> None:
    found = claims.candidates(db, CandidateFilter())
    assert [c.cuenta for c in found] == ["1003", "1004", "2002", "2003"]
    assert found[0].causales == "C02 Nodo diferente"
    assert [c.cuenta for c in claims.candidates(db, CandidateFilter(start=DAY_2))] == \
        ["2002", "2003"]


def test_a_claim_is_numbered_sent_and_resolved(
        db: Database, agent: UserProfile, reviewed: dict[str, int]) -> None:
    boss = backoffice_user(db)
    first = claims.create_claim(db, boss, [reviewed["1003"], reviewed["2003"]])
    second = claims.create_claim(db, boss, [reviewed["1004"]])
    assert (first.number, second.number) == ("REC-2026-0001", "REC-2026-0002")
    assert first.state is ClaimState.PREPARADA
    assert first.deadline is None
    assert [c.cuenta for c in claims.candidates(db, CandidateFilter())] == ["2002"]

    sent = claims.mark_sent(db, boss, first.id, first.version)
    assert sent.state is ClaimState.ENVIADA
    assert sent.deadline == sent.sent_at + timedelta(hours=24)  # type: ignore[operator]
    done = claims.record_outcome(db, boss, sent.id, sent.version, [reviewed["1003"]],
                                 Outcome.ACEPTADA)
    done = claims.record_outcome(db, boss, done.id, done.version, [reviewed["2003"]],
                                 Outcome.RECHAZADA, "Aviso PMA vigente")
    assert (done.state, done.accepted, done.rejected, done.pending) == \
        (ClaimState.RESUELTA, 1, 1, 0)
    actions = [e.action for e in audit.recent_entries(db, 50) if e.entity == "reclamacion"]
    assert sorted(actions) == ["crear", "crear", "enviar", "resultado", "resultado"]


def test_deadline_states_follow_the_24_hours(db: Database, month: Month,
                                            clock: FixedClock) -> None:
    claim = claims.get_claim(db, month.claim_id)
    sent = claim.sent_at
    assert sent is not None
    assert claim.deadline_state(sent + timedelta(hours=1)) is DeadlineState.EN_PLAZO
    assert claim.deadline_state(sent + timedelta(hours=21)) is DeadlineState.POR_VENCER
    assert claim.deadline_state(sent + timedelta(hours=25)) is DeadlineState.VENCIDA
    assert claims.attention_needed(db) == {DeadlineState.VENCIDA: 0,
                                           DeadlineState.POR_VENCER: 0}
    clock.set(sent + timedelta(hours=21))
    assert claims.attention_needed(db) == {DeadlineState.VENCIDA: 0,
                                           DeadlineState.POR_VENCER: 1}
    clock.set(sent + timedelta(hours=25))
    assert claims.attention_needed(db) == {DeadlineState.VENCIDA: 1,
                                           DeadlineState.POR_VENCER: 0}


def test_rules_refuse_with_spanish_messages(
        db: Database, agent: UserProfile, month: Month) -> None:
    ids, boss = month.case_ids, month.backoffice
    with pytest.raises(ValidationError) as taken:
        claims.create_claim(db, boss, [ids["1003"]])
    assert "ya está en otra reclamación" in taken.value.errors["cuentas"]
    with pytest.raises(ValidationError) as procede:
        claims.create_claim(db, boss, [ids["1001"]])
    assert "no procede" in procede.value.errors["cuentas"]
    with pytest.raises(ValidationError) as role:
        claims.create_claim(db, agent, [ids["2003"]])
    assert role.value.errors["rol"] == "Solo el backoffice gestiona las reclamaciones."
    claim = claims.get_claim(db, month.claim_id)
    with pytest.raises(ValidationError) as reason:
        claims.record_outcome(db, boss, claim.id, claim.version, [ids["2002"]],
                              Outcome.RECHAZADA)
    assert "motivo" in reason.value.errors["reason"]
    with pytest.raises(StaleClaimError):
        claims.record_outcome(db, boss, claim.id, claim.version - 1, [ids["2002"]],
                              Outcome.ACEPTADA)
    with pytest.raises(ValidationError):
        claims.mark_sent(db, boss, claim.id, claim.version)  # already sent
    assert claims.get_claim(db, month.claim_id) == claim  # nothing changed


def test_a_claimed_account_cannot_turn_into_procede(db: Database, month: Month) -> None:
    detail = review.detail(db, month.case_ids["2002"])
    codes = causal_ids(db)
    with pytest.raises(ValidationError) as refused:
        review.save_verdict(db, month.agent, detail.row.id, VerdictInput(
            (codes["C02"],), Procedencia.PROCEDE, ProcedeMotivo.PROCEDIMIENTO, ""),
            detail.version)
    assert "reclamación" in refused.value.errors["procedencia"]


def test_an_unsent_claim_can_lose_accounts_or_be_discarded(
        db: Database, reviewed: dict[str, int]) -> None:
    boss = backoffice_user(db)
    claim = claims.create_claim(db, boss, [reviewed["1003"], reviewed["1004"]])
    claim = claims.remove_cases(db, boss, claim.id, claim.version, [reviewed["1004"]])
    assert claim.items == 1
    claims.discard(db, boss, claim.id, claim.version)
    assert claims.list_claims(db) == []
    again = claims.create_claim(db, boss, [reviewed["1003"]])
    assert again.number.endswith("0002")  # the discarded number is not reused


def test_several_accounts_are_answered_all_or_none(db: Database, month: Month) -> None:
    ids, boss = month.case_ids, month.backoffice
    claim = claims.get_claim(db, month.claim_id)
    with pytest.raises(ValidationError):
        claims.record_outcome(db, boss, claim.id, claim.version, [ids["2002"], ids["2003"]],
                              Outcome.ACEPTADA)  # 2003 is in no claim
    assert claims.get_claim(db, month.claim_id) == claim
    done = claims.record_outcome(db, boss, claim.id, claim.version, [ids["1004"], ids["2002"]],
                                 Outcome.ACEPTADA)
    assert (done.accepted, done.rejected, done.pending) == (3, 0, 0)


def test_the_claim_workbook_lists_each_account(
        db: Database, month: Month, tmp_path: Path) -> None:
    path = claims.export_claim(db, month.claim_id, tmp_path / "reclamacion.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Reclamación", "Fecha base", "Cuenta", "Fecha escalamiento")
    assert [r[2] for r in rows[1:]] == ["1003", "1004", "2002"]
    assert rows[1][8] == "Pantallazo RR nodo 12"
    assert rows[2][9:] == ("Rechazada", "El nodo no coincide con la dirección")
    assert rows[1][7] == OBSERVACIONES
    assert sheet["H2"].data_type == "s"  # a formula-looking note stays text


def test_a_claim_made_on_new_years_eve_in_bogota_keeps_that_year(
        db: Database, reviewed: dict[str, int], clock: FixedClock) -> None:
    clock.set(datetime(2027, 1, 1, 2, 0, tzinfo=UTC))  # 31/12/2026 21:00 in Bogotá
    claim = claims.create_claim(db, backoffice_user(db), [reviewed["1003"]])
    assert claim.number == "REC-2026-0001"


def test_two_people_answering_the_same_version_do_not_both_win(
        db: Database, month: Month) -> None:
    """The second writer read the same version: it must be told, not silently overwrite."""
    claim = claims.get_claim(db, month.claim_id)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(outcome: Outcome) -> None:
        barrier.wait()
        try:
            claims.record_outcome(db, month.backoffice, claim.id, claim.version,
                                  [month.case_ids["2002"]], outcome, "Motivo")
            outcomes.append("saved")
        except StaleClaimError:
            outcomes.append("stale")

    threads = [threading.Thread(target=answer, args=(o,))
               for o in (Outcome.ACEPTADA, Outcome.RECHAZADA)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert claims.get_claim(db, month.claim_id).version == claim.version + 1


def test_an_empty_claim_cannot_be_sent(db: Database, reviewed: dict[str, int]) -> None:
    boss = backoffice_user(db)
    claim = claims.create_claim(db, boss, [reviewed["1003"]])
    claim = claims.remove_cases(db, boss, claim.id, claim.version, [reviewed["1003"]])
    with pytest.raises(ValidationError) as refused:
        claims.mark_sent(db, boss, claim.id, claim.version)
    assert refused.value.errors["sent_at"] == "La reclamación no tiene cuentas."


def test_a_claim_prepared_the_next_month_is_listed_in_the_cut_of_its_accounts(
        db: Database, reviewed: dict[str, int], clock: FixedClock) -> None:
    """The cut's summary counts a claim by its accounts' bases; its claims sheet must agree."""
    boss = backoffice_user(db)
    clock.set(datetime(2026, 12, 2, 15, 0, tzinfo=UTC))  # November's accounts, claimed in December
    claim = claims.create_claim(db, boss, [reviewed["1003"]])  # Beto's (ecm2), base 20/11
    november = reports.corte(db, boss, MONTH)
    assert [c.number for c in november.claims] == [claim.number]
    assert reports.corte(db, boss, MONTH, Scope(asesor_id="ecm2")).claims == november.claims
    assert reports.corte(db, boss, MONTH, Scope(asesor_id="ecm3")).claims == ()
    assert reports.corte(db, boss, period_for(PeriodKind.MENSUAL, clock.now().date())).claims == ()
