"""The Retroalimentación page and its session dialog, driven with qtbot over the sample month."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTableView
from pytestqt.qtbot import QtBot

from swat_desktop.domain.feedback import FeedbackState
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.periods import Period
from swat_desktop.gui.file_notice import FileNotice
from swat_desktop.gui.mal_escalados.feedback_dialog import FeedbackDialog
from swat_desktop.gui.mal_escalados.feedback_page import (
    RECURRENCE_TINT,
    FeedbackPage,
    compromiso_file_name,
)
from swat_desktop.services import audit, feedback
from swat_desktop.services.store import Database
from tests.conftest import TEST_NOW
from tests.fixtures.month import MONTH, Month, build, causal_ids
from tests.gui.conftest import cell, context, show_active

TODAY = TEST_NOW.astimezone(BOGOTA).date()  # the célula's today by the test's clock

HELD_MESSAGE = "Una sesión realizada necesita al menos un compromiso."


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path / "bases")


def _page(qtbot: QtBot, db: Database, user: UserProfile, tmp_path: Path) -> FeedbackPage:
    page = FeedbackPage(context(db, user, tmp_path))
    page.resize(1400, 860)
    show_active(qtbot, page)
    page.set_period(MONTH)
    return page


def _rows(page: FeedbackPage) -> list[list[str]]:
    proxy = page.proxy
    return [[proxy.index(r, c).data() for c in range(proxy.columnCount())]
            for r in range(proxy.rowCount())]


def _shown(page: FeedbackPage) -> str | None:
    return page.advisor.asesor_id if page.advisor else None


def _cells(table: QTableView, row: int) -> list[str]:
    return [cell(table, row, c) for c in range(table.model().columnCount())]


def _new_dialog(page: FeedbackPage, asesor_id: str) -> FeedbackDialog:
    assert page.select_advisor(asesor_id)
    dialog = page.open_new_dialog()
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def _save(dialog: FeedbackDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_month_lists_advisors_by_count_and_the_search_narrows_them(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    rows = _rows(page)
    assert rows[0] == ["Ana Ruiz", "Lucía Peña", "3", "30,00 %", "1"]
    assert [r[0] for r in rows] == ["Ana Ruiz", "Beto Díaz", "Carla Gómez"]
    assert [r[2] for r in rows] == ["3", "2", "2"]
    assert page.count_label.text() == "3 asesores · 7 mal escaladas"
    assert _shown(page) == "ecm1"  # first one shown

    page.search.setText("diaz")  # no accent, lower case
    assert [r[0] for r in _rows(page)] == ["Beto Díaz"]
    assert page.count_label.text() == "1 de 3 asesores · 7 mal escaladas"
    assert _shown(page) == "ecm2"
    page.search.setText("oscar gil")  # Carla's supervisor
    assert [r[0] for r in _rows(page)] == ["Carla Gómez"]
    page.search.setText("nadie")
    assert _rows(page) == []
    assert page.advisor is None
    assert page.detail.title.text() == "Elija un asesor de la lista"


def test_an_advisor_shows_errors_with_the_recurrence_flagged_causales_and_sessions(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    page.select_advisor("ecm1")
    assert page.detail.title.text() == "Ana Ruiz (ecm1)"
    assert page.detail.summary_label.text() == "3 mal escaladas · 1 recurrencia"
    table = page.detail.error_table
    assert table.model().rowCount() == 3
    by_account = {cell(table, r, 1): r for r in range(3)}
    recurrence = _cells(table, by_account["2001"])
    assert recurrence[:4] == ["21/11/2026", "2001", "21/11/2026 08:00", "Recurrencia"]
    assert recurrence[4] == "C04 Opción errada"
    assert cell(table, by_account["2001"], 0, Qt.ItemDataRole.BackgroundRole) == RECURRENCE_TINT
    assert _cells(table, by_account["1001"])[3] == ""
    assert cell(table, by_account["1001"], 0, Qt.ItemDataRole.BackgroundRole) is None

    causales = page.detail.causal_table
    assert _cells(causales, 0)[:3] == ["C04", "Opción errada", "3"]
    assert _cells(causales, 0)[3].startswith("Escalar por la opción que corresponde")
    assert _cells(causales, 1)[:3] == ["C13", "Notas incompletas o erradas", "1"]

    sessions = page.detail.session_table
    assert sessions.model().rowCount() == 1
    assert _cells(sessions, 0) == [
        "20/11/2026", "20/11/2026", "Lucía Peña", "Realizada",
        "• Confirmar tipología en cada llamada (vence 20/11/2026)", "27/11/2026"]
    assert page.detail.edit_button.isEnabled()
    assert page.detail.pdf_button.isEnabled()


def test_a_new_session_for_beto_is_saved_and_listed(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    dialog = _new_dialog(page, "ecm2")
    assert page.detail.session_table.model().rowCount() == 0
    assert page.detail.no_sessions.isVisibleTo(page)
    assert dialog.supervisor.text() == "Lucía Peña"  # the advisor's, from the base
    assert dialog.attendees.text() == "Beto Díaz, Lucía Peña"
    assert dialog.checked_causales() == (causal_ids(db)["C02"],)  # his causal of the period
    assert dialog.discussion.toPlainText().startswith("Total del periodo: 2 cuentas mal "
                                                      "escaladas.")
    assert dialog.state() is FeedbackState.PENDIENTE

    dialog.attendees.setText("Beto Díaz, Lucía Peña, Laura García")
    dialog.plan.setPlainText("Confirmar en RR el nodo de las cuentas vecinas antes de escalar.")
    dialog.commitments.add_button.click()
    row = dialog.commitments.rows[0]
    row.text.setText("Revisar el nodo en RR en cada escalamiento")
    dialog.set_state(FeedbackState.REALIZADA)
    dialog.has_follow_up.setChecked(True)
    with qtbot.waitSignal(page.ctx.hub.changed):
        _save(dialog)

    saved = feedback.sessions(db, "ecm2")
    assert len(saved) == 1
    assert saved[0].state is FeedbackState.REALIZADA
    assert [c.text for c in saved[0].commitments] == ["Revisar el nodo en RR en cada escalamiento"]
    assert saved[0].commitments[0].due_date == TODAY + timedelta(days=15)
    assert saved[0].follow_up == TODAY + timedelta(days=30)
    assert saved[0].session_date == TODAY  # proposed by the store's clock
    assert (saved[0].period_start, saved[0].period_end) == (MONTH.start, MONTH.end)
    assert saved[0].causal_ids == (causal_ids(db)["C02"],)
    assert saved[0].attendees == "Beto Díaz, Lucía Peña, Laura García"

    assert _shown(page) == "ecm2"
    assert page.detail.session_table.model().rowCount() == 1
    assert not page.detail.no_sessions.isVisibleTo(page)
    assert _cells(page.detail.session_table, 0)[3] == "Realizada"
    assert page.current_session() is not None
    assert page.current_session().id == saved[0].id  # type: ignore[union-attr]


def test_a_held_session_without_commitments_is_refused_next_to_them(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    entries = len(audit.recent_entries(db, 500))
    dialog = _new_dialog(page, "ecm2")
    dialog.plan.setPlainText("Confirmar el nodo.")
    dialog.set_state(FeedbackState.REALIZADA)
    _save(dialog)

    assert dialog.isVisible()  # still open, nothing lost
    message = dialog.errors["commitments"]
    assert message.text() == HELD_MESSAGE
    assert message.isVisibleTo(dialog)
    assert not dialog.errors["plan"].isVisibleTo(dialog)
    assert not dialog.general_error.isVisibleTo(dialog)
    assert feedback.sessions(db, "ecm2") == []
    assert len(audit.recent_entries(db, 500)) == entries

    dialog.supervisor.clear()  # two problems at once: each under its own field
    dialog.commitments.add("Revisar el nodo", TODAY - timedelta(days=1))
    _save(dialog)
    assert dialog.errors["supervisor"].text() == ("Indique el supervisor que acompaña la "
                                                  "retroalimentación.")
    assert dialog.errors["commitments"].text() == ("El compromiso 1 vence antes de la fecha de "
                                                   "la sesión.")
    assert dialog.supervisor.property("invalid") is True
    assert feedback.sessions(db, "ecm2") == []
    dialog.reject()


def test_editing_a_session_and_a_stale_edit(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    page.select_advisor("ecm1")
    dialog = page.open_edit_dialog()
    assert dialog is not None
    assert dialog.windowTitle() == "Retroalimentación de Ana Ruiz"
    assert dialog.state() is FeedbackState.REALIZADA
    assert [r.text.text() for r in dialog.commitments.rows] == [
        "Confirmar tipología en cada llamada"]
    assert dialog.checked_causales() == (causal_ids(db)["C04"],)
    assert dialog.period_from.date().toPython() == date(2026, 11, 20)

    dialog.commitments.add("Leer la nota de escalamiento antes de guardar",
                           date(2026, 12, 15))
    dialog.commitments.remove(dialog.commitments.rows[0])
    dialog.plan.setPlainText("Plan revisado con el supervisor.")
    with qtbot.waitSignal(page.ctx.hub.changed):
        _save(dialog)
    edited = feedback.get_session(db, month.session_id)
    assert edited.plan == "Plan revisado con el supervisor."
    assert [(c.text, c.due_date) for c in edited.commitments] == [
        ("Leer la nota de escalamiento antes de guardar", date(2026, 12, 15))]
    assert edited.version == 2
    assert "Leer la nota" in _cells(page.detail.session_table, 0)[4]

    # Somebody else saves while this dialog is open: the edit is kept and not written.
    stale = page.open_edit_dialog()
    assert stale is not None
    feedback.save_session(db, month.backoffice,
                          replace(feedback.as_input(edited), attendees="Otra persona"),
                          edited.id, edited.version)
    stale.plan.setPlainText("Mi versión del plan.")
    _save(stale)
    assert stale.isVisible()
    assert stale.general_error.isVisibleTo(stale)
    assert stale.general_error.text().startswith("Otra persona guardó esta retroalimentación "
                                                 "mientras usted la editaba")
    assert feedback.get_session(db, edited.id).plan == "Plan revisado con el supervisor."
    with qtbot.waitSignal(page.ctx.hub.changed):
        _save(stale)  # the second Guardar replaces the other version knowingly
    assert feedback.get_session(db, edited.id).plan == "Mi versión del plan."


def test_the_compromiso_pdf_is_written_and_offered_for_printing_without_opening_anything(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    printed: list[Path] = []
    file_notice = FileNotice(printed.append)  # the window's, with the preview recorded
    qtbot.addWidget(file_notice)
    page.ctx.hub.file_written.connect(file_notice.show_files)
    page.select_advisor("ecm1")
    session = page.current_session()
    assert session is not None
    assert compromiso_file_name(session) == "Compromiso de mejoramiento Ana Ruiz 20-11-2026.pdf"
    target = tmp_path / compromiso_file_name(session)
    with qtbot.waitSignal(page.ctx.hub.status_message, timeout=20_000) as said:
        assert page.export_compromiso(target) is not None
    assert said.args == [f"Compromiso guardado en {target}"]
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Ana Ruiz" in text
    assert "Confirmar tipología en cada llamada" in text

    assert not file_notice.isHidden()
    assert "imprímalo para firmarlo" in file_notice.message.text()
    assert [label.text() for label in file_notice.path_labels] == [str(target)]
    [print_button] = file_notice.print_buttons
    print_button.click()
    assert printed == [target]


def test_a_compromiso_that_cannot_be_written_says_why(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    page.select_advisor("ecm1")

    def locked(*_args: object) -> Path:
        raise PermissionError("locked")

    monkeypatch.setattr(feedback, "export_compromiso", locked)
    with qtbot.assertNotEmitted(page.ctx.hub.file_written), \
            qtbot.waitSignal(page.ctx.hub.status_message, timeout=20_000) as said:
        page.export_compromiso(tmp_path / "abierto.pdf")
    assert said.args == ["No se pudo generar el compromiso de mejoramiento."]
    assert page.detail.export_note.text() == ("No se pudo generar el compromiso: el archivo está "
                                       "abierto en otro programa o la carpeta no admite "
                                       "escribir.")
    assert page.detail.pdf_button.isEnabled()  # ready to try again


def test_a_non_backoffice_user_only_reads(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.agent, tmp_path)
    assert page.role_note.isVisibleTo(page)
    assert "solo el backoffice" in page.role_note.text()
    assert not page.detail.new_button.isVisibleTo(page)
    assert not page.detail.pdf_button.isVisibleTo(page)
    assert page.detail.edit_button.text() == "&Ver…"
    page.select_advisor("ecm1")
    assert page.open_new_dialog() is None

    dialog = page.open_edit_dialog()
    assert dialog is not None
    assert dialog.read_only
    assert dialog.supervisor.isReadOnly()
    assert dialog.plan.isReadOnly()
    assert not dialog.realizada.isEnabled()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok) is None
    assert not dialog.commitments.add_button.isVisibleTo(dialog)
    dialog.reject()

    page.ctx.hub.switch_user(month.backoffice)
    assert not page.role_note.isVisibleTo(page)
    assert page.detail.new_button.isVisibleTo(page)
    assert page.detail.edit_button.text() == "&Editar…"


def test_an_empty_or_reversed_period_says_so(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    page.set_period(Period(date(2026, 10, 1), date(2026, 10, 31)))
    assert page.stack.currentIndex() == 1
    assert page.empty_title.text() == "Sin mal escalados en el periodo"
    assert page.advisor is None
    assert page.count_label.text() == ""

    page.set_period(MONTH)
    assert page.stack.currentIndex() == 0
    page.period_to.setDate(page.period_to.date().addMonths(-2))  # before "desde"
    assert page.period_error.isVisibleTo(page)
    assert page.period_error.text() == "El periodo termina antes de empezar."
    assert page.stack.currentIndex() == 1


def test_the_dialog_is_walked_with_tab_through_every_commitment(
        qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> None:
    page = _page(qtbot, db, month.backoffice, tmp_path)
    dialog = _new_dialog(page, "ecm3")
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.commitments.add_button.click()
    dialog.commitments.add_button.click()
    first, second = dialog.commitments.rows
    assert second.text.hasFocus()

    dialog.plan.setFocus()
    expected = [first.text, first.has_due, first.due, first.remove_button,
                second.text, second.has_due, second.due, second.remove_button,
                dialog.commitments.add_button]
    for widget in expected:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is widget or widget.isAncestorOf(focus)
        if widget is first.due or widget is second.due:
            # Tab first walks the day, month and year of a date edit, as everywhere in Qt.
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            assert widget.isAncestorOf(QApplication.focusWidget())

    second.remove_button.click()
    assert [r.text.text() for r in dialog.commitments.rows] == [""]
    assert first.text.hasFocus()  # the row before it
    first.remove_button.click()
    assert dialog.commitments.add_button.hasFocus()
    dialog.reject()
