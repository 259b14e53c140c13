"""The Reclamaciones page over the hand-checked month: list, create, send, answer, export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from swat_desktop.domain.claims import ClaimState, Outcome
from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import Procedencia, VerdictInput
from swat_desktop.gui.mal_escalados.claim_dialogs import NewClaimDialog, SentDialog
from swat_desktop.gui.mal_escalados.claims_page import ClaimsPage
from swat_desktop.gui.reason_dialog import ReasonDialog
from swat_desktop.services import claims, review
from swat_desktop.services.store import Database
from tests.conftest import TEST_NOW
from tests.fixtures.month import Month, build, causal_ids
from tests.gui.conftest import cell, context, show_active

YEAR = TEST_NOW.astimezone(BOGOTA).year  # claims are numbered by the célula's calendar year
FIRST, SECOND = f"REC-{YEAR}-0001", f"REC-{YEAR}-0002"


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path)


def _page(qtbot: QtBot, db: Database, user: UserProfile, exports: Path | None = None
          ) -> ClaimsPage:
    page = ClaimsPage(context(db, user, exports))
    page.resize(1300, 760)
    show_active(qtbot, page)
    return page


def _row(page: ClaimsPage, row: int) -> list[str]:
    table = page.claim_table
    return [cell(table, row, c) for c in range(table.model().columnCount())]


def _accounts(page: ClaimsPage) -> dict[str, tuple[str, str]]:
    """cuenta -> (Resultado, Motivo del rechazo) as the accounts table shows them."""
    table = page.lower.item_table
    return {cell(table, r, 0): (cell(table, r, 6), cell(table, r, 7))
            for r in range(table.model().rowCount())}


def _new_claim(db: Database, month: Month) -> None:
    claims.create_claim(db, month.backoffice, [month.case_ids["2003"]])


def _button(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def test_the_list_shows_the_sample_claim_with_its_counts_and_plazo(
        qtbot: QtBot, db: Database, clock: FixedClock, month: Month) -> None:
    page = _page(qtbot, db, month.backoffice)
    claim = claims.get_claim(db, month.claim_id)
    assert claim.sent_at is not None
    assert page.claim_model.rowCount() == 1
    number, prepared, sent, due, plazo, *counts = _row(page, 0)
    assert (number, plazo, counts) == (FIRST, "En plazo", ["3", "1", "1", "1"])
    assert len(prepared) == len(sent) == len(due) == len("20/11/2026 08:15")
    assert page.count_label.text() == "1 reclamación: 1 en plazo"
    assert page.lower.detail.text().startswith(f"{FIRST} · Enviada · preparada por Laura García")

    assert _accounts(page) == {"1003": ("Aceptada", ""),
                               "1004": ("Rechazada", "El nodo no coincide con la dirección"),
                               "2002": ("Pendiente", "")}
    assert cell(page.lower.item_table, 0, 5) == "Pantallazo RR nodo 12"
    assert cell(page.lower.item_table, 0, 8).startswith("Laura García · ")

    clock.set(claim.sent_at + timedelta(hours=21))
    page.refresh()
    assert cell(page.claim_table, 0, 4) == "Por vencer"
    clock.set(claim.sent_at + timedelta(hours=25))
    page.refresh()
    assert cell(page.claim_table, 0, 4) == "Vencida"
    assert cell(page.claim_table, 0, 4, Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"
    assert page.count_label.text() == "1 reclamación: 1 vencida"


@pytest.mark.also_postgresql
def test_a_new_claim_takes_the_remaining_no_procede_account(
        qtbot: QtBot, db: Database, month: Month) -> None:
    page = _page(qtbot, db, month.backoffice)
    dialog = page.open_new_claim()
    assert isinstance(dialog, NewClaimDialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "2003"
    assert dialog.table.item(0, 0).checkState() == Qt.CheckState.Checked
    assert dialog.count.text() == "1 de 1 cuentas elegidas."
    dialog.set_evidence("2003", "Aviso PMA publicado después del escalamiento")
    dialog.note.setPlainText("Avisos fuera de horario")
    with qtbot.waitSignal(page.ctx.hub.changed):
        dialog.accept()

    assert page.claim_model.rowCount() == 2
    number, _, sent, due, plazo, *_ = _row(page, 0)
    assert (number, sent, due, plazo) == (SECOND, "—", "—", "Sin enviar")
    assert page.selected_claim().number == SECOND  # type: ignore[union-attr]
    assert cell(page.lower.item_table, 0, 5) == "Aviso PMA publicado después del escalamiento"
    assert page.lower.detail.text().endswith("— Avisos fuera de horario")
    assert [c.cuenta for c in claims.candidates(db, claims.CandidateFilter())] == []

    again = page.open_new_claim()  # nothing left to claim: the dialog says so
    assert isinstance(again, NewClaimDialog)
    assert again.list_stack.currentWidget() is again.empty
    assert "ya están en alguna reclamación" in again.empty.text()
    again.accept()
    assert again.error.text() == "Elija al menos una cuenta «no procede»."
    again.reject()


@pytest.mark.also_postgresql
def test_a_claim_is_sent_then_its_accounts_are_answered(
        qtbot: QtBot, db: Database, month: Month) -> None:
    _new_claim(db, month)
    page = _page(qtbot, db, month.backoffice)
    page.select_claim(SECOND)
    page.select_accounts("2003")
    assert page.sent_button.isEnabled()
    assert not page.accept_button.isEnabled()  # not sent yet
    dialog = page.mark_sent_selected()
    assert isinstance(dialog, SentDialog)
    with qtbot.waitSignal(page.ctx.hub.changed):
        dialog.accept()
    assert _row(page, 0)[4] == "En plazo"
    assert _row(page, 0)[2] != "—"
    assert not page.sent_button.isEnabled()
    assert not page.discard_button.isEnabled()

    page.select_accounts("2003")
    page.lower.item_table.setFocus()
    qtbot.keyClick(page.lower.item_table, Qt.Key.Key_A)  # the "Aceptada" shortcut
    assert _accounts(page)["2003"] == ("Aceptada", "")
    assert claims.get_claim(db, page.claims[0].id).state is ClaimState.RESUELTA
    assert _row(page, 0)[4] == "Resuelta"

    page.select_claim(FIRST)
    page.select_accounts("2002")
    before = claims.get_claim(db, month.claim_id)
    rejected = page.reject_selected()
    assert isinstance(rejected, ReasonDialog)
    rejected.accept()  # no reason
    assert rejected.isVisible()
    assert rejected.error.text() == "Escriba el motivo que dio Gestión Soporte para rechazarla."
    assert claims.get_claim(db, month.claim_id) == before  # nothing written
    qtbot.keyClicks(rejected.reason, "Aviso PMA vigente en la zona")
    rejected.accept()
    assert _accounts(page)["2002"] == ("Rechazada", "Aviso PMA vigente en la zona")
    items = {i.cuenta: i for i in claims.document(db, month.claim_id).items}
    assert (items["2002"].outcome, items["2002"].reason) == \
        (Outcome.RECHAZADA, "Aviso PMA vigente en la zona")
    assert _row(page, 1)[5:] == ["3", "1", "2", "0"]


def test_answers_go_to_several_accounts_and_the_keyboard_moves_on(
        qtbot: QtBot, db: Database, month: Month) -> None:
    codes = causal_ids(db)
    review.save_verdict(db, month.agent, month.case_ids["2004"], VerdictInput(
        (codes["C02"],), Procedencia.NO_PROCEDE, None, "Nodo correcto en RR"), 1)
    claim = claims.create_claim(db, month.backoffice,
                                [month.case_ids["2003"], month.case_ids["2004"]])
    claims.mark_sent(db, month.backoffice, claim.id, claim.version)
    page = _page(qtbot, db, month.backoffice)
    page.select_accounts("2003")
    page.lower.item_table.setFocus()
    qtbot.keyClick(page.lower.item_table, Qt.Key.Key_A)
    assert [i.cuenta for i in page.selected_items()] == ["2004"]  # the next one waiting
    assert _accounts(page) == {"2003": ("Aceptada", ""), "2004": ("Pendiente", "")}

    page.select_claim(FIRST)
    page.select_accounts("1004", "2002")  # a correction and a first answer, together
    page.accept_selected()
    assert _accounts(page)["1004"] == ("Aceptada", "")
    assert _accounts(page)["2002"] == ("Aceptada", "")
    assert [i.cuenta for i in page.selected_items()] == ["1004", "2002"]  # none left: stay
    assert _row(page, 1)[5:] == ["3", "3", "0", "0"]


def test_a_sending_time_in_the_future_is_refused_in_the_dialog(
        qtbot: QtBot, db: Database, clock: FixedClock, month: Month) -> None:
    _new_claim(db, month)
    page = _page(qtbot, db, month.backoffice)
    dialog = page.mark_sent_selected()
    assert isinstance(dialog, SentDialog)
    assert dialog.sent_at() == clock.now()  # proposed: now, by the store's clock
    dialog.set_sent_at(clock.now() + timedelta(days=1))
    dialog.accept()
    assert dialog.error.text() == "La fecha de envío no puede estar en el futuro."
    assert claims.get_claim(db, page.claims[0].id).sent_at is None
    dialog.reject()


def test_a_change_made_elsewhere_is_reported_and_the_list_reloads(
        qtbot: QtBot, db: Database, month: Month) -> None:
    page = _page(qtbot, db, month.backoffice)
    page.select_accounts("2002")
    claim = claims.get_claim(db, month.claim_id)  # somebody else answers first
    claims.record_outcome(db, month.backoffice, claim.id, claim.version,
                          [month.case_ids["2002"]], Outcome.ACEPTADA)
    page.accept_selected()
    assert page.error.isVisible()
    assert page.error.text() == (f"Otra persona cambió la reclamación {FIRST}; "
                                 "vuelva a abrirla.")
    assert _row(page, 0)[5:] == ["3", "2", "1", "0"]  # what is stored now


def test_accounts_leave_and_claims_are_discarded_only_after_confirming(
        qtbot: QtBot, db: Database, month: Month) -> None:
    _new_claim(db, month)
    page = _page(qtbot, db, month.backoffice)
    page.select_accounts("2003")
    box = page.remove_selected()
    assert isinstance(box, QMessageBox)
    assert box.text().startswith(f"¿Quitar 2003 de {SECOND}?")
    _button(box, "Cancelar")
    assert _accounts(page) == {"2003": ("Pendiente", "")}
    box = page.remove_selected()
    assert box is not None
    with qtbot.waitSignal(page.ctx.hub.changed):
        _button(box, "Quitar")
    assert page.lower.item_stack.currentWidget() is page.lower.no_items
    assert _row(page, 0)[5] == "0"
    assert not page.sent_button.isEnabled()  # nothing to send

    box = page.discard_selected()
    assert box is not None
    with qtbot.waitSignal(page.ctx.hub.changed):
        _button(box, "Descartar")
    assert [c.number for c in page.claims] == [FIRST]
    page.select_claim(FIRST)
    assert not page.discard_button.isEnabled()  # a sent claim stays


def test_the_claim_workbook_is_exported_to_the_chosen_file(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    exports = tmp_path / "exports"
    page = _page(qtbot, db, month.backoffice, exports)
    offered: list[Path] = []
    target = tmp_path / "elegido.xlsx"

    def ask(default: Path) -> Path:
        offered.append(default)
        return target

    monkeypatch.setattr(page, "ask_export_path", ask)
    with qtbot.waitSignal(page.ctx.hub.status_message, timeout=20_000) as said:
        page.export_button.click()
    assert offered == [exports / f"{FIRST} reclamación Gestión Soporte.xlsx"]
    assert said.args == [f"Libro guardado en {target}"]
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[2] for r in rows[1:]] == ["1003", "1004", "2002"]
    assert rows[2][9:] == ("Rechazada", "El nodo no coincide con la dirección")
    qtbot.waitUntil(page.export_button.isEnabled)


def test_other_roles_see_the_claims_read_only(
        qtbot: QtBot, db: Database, month: Month) -> None:
    page = _page(qtbot, db, month.agent)
    page.select_accounts("2002")
    assert page.read_only.isVisible()
    assert "modo de consulta" in page.read_only.text()
    write_buttons = (page.new_button, page.sent_button, page.discard_button,
                     page.accept_button, page.reject_button, page.remove_button)
    assert not any(b.isEnabled() for b in write_buttons)
    assert page.export_button.isEnabled()  # reading the claim is for everybody
    assert _accounts(page)["2002"] == ("Pendiente", "")

    page.ctx.hub.switch_user(month.backoffice)
    assert not page.read_only.isVisible()
    assert page.accept_button.isEnabled()
    page.ctx.hub.switch_user(month.agent)
    assert not page.accept_button.isEnabled()


def test_an_empty_store_says_there_are_no_claims_yet(
        qtbot: QtBot, db: Database, agent: UserProfile) -> None:
    page = _page(qtbot, db, agent)
    assert page.claim_stack.currentWidget() is page.no_claims
    assert not page.lower.isVisible()
    assert page.count_label.text() == ""
