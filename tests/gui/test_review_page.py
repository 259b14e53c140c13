"""The Mal escalados workspace driven like an agent drives it: keyboard first."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import (
    CaseStatus,
    ProcedeMotivo,
    Procedencia,
    ReviewFilters,
    ReviewSort,
    VerdictInput,
)
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.gui.mal_escalados.case_model import CaseTableModel
from swat_desktop.paths import AppPaths
from swat_desktop.services import catalogue, review
from swat_desktop.services.store import Database
from tests.fixtures.listing import listed_ids
from tests.gui.conftest import show_active


def _window(qtbot: QtBot, db: Database, user: UserProfile, paths: AppPaths) -> MainWindow:
    window = MainWindow(db, user, paths.local_settings_file, paths.log_file)
    show_active(qtbot, window)
    window.review.filter_bar.assigned.setCurrentIndex(0)  # all accounts
    return window


def _press(qtbot: QtBot, window: MainWindow, *keys: str | Qt.Key,
           modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for key in keys:
        qtbot.keyClick(window.review.table, key, modifier)


def _causal_id(db: Database, code: str) -> int:
    return next(c.id for c in catalogue.list_causales(db) if c.code == code)


@pytest.mark.usefixtures("base")
@pytest.mark.also_postgresql
def test_a_keyboard_only_review_of_several_accounts(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    assert page.count_label.text() == "Revisadas 0 de 5 en esta lista"
    # «Todas» is on screen (_window): the status bar counts what this list has pending.
    assert window.pending_label.text() == "Pendientes: 5"
    ids = [page.model.case_at(row).id for row in range(page.model.rowCount())]  # type: ignore[union-attr]
    assert page.editor.detail is not None
    assert page.editor.detail.row.id == ids[0]

    _press(qtbot, window, "4", "3", "P", "E", Qt.Key.Key_Return)  # first: 2 causales, procede
    _press(qtbot, window, "2", "N", Qt.Key.Key_Return)  # second: no procede
    first, second = review.detail(db, ids[0]), review.detail(db, ids[1])
    assert first.causal_ids == (_causal_id(db, "C04"), _causal_id(db, "C03"))
    assert first.row.procedencia is Procedencia.PROCEDE
    assert first.motivo is ProcedeMotivo.PROCEDIMIENTO
    assert second.row.procedencia is Procedencia.NO_PROCEDE
    assert page.editor.detail.row.id == ids[2]  # moved on to the next pending account
    assert page.count_label.text() == "Revisadas 2 de 5 en esta lista"

    _press(qtbot, window, Qt.Key.Key_Return)  # nothing chosen: refused, stays here
    assert page.editor.detail.row.id == ids[2]
    assert "Elija al menos una causal." in page.editor.errors.text()
    assert page.editor.errors.isVisible()

    _press(qtbot, window, "1", "P", "F", "O")  # O jumps to the observaciones
    assert page.editor.observaciones.hasFocus()
    qtbot.keyClicks(page.editor.observaciones, "Cliente en otra torre")
    qtbot.keyClick(page.editor.observaciones, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    third = review.detail(db, ids[2])
    assert third.observaciones == "Cliente en otra torre"
    assert third.motivo is ProcedeMotivo.FALTA_INFORMACION
    assert page.editor.detail.row.id == ids[3]

    _press(qtbot, window, Qt.Key.Key_Up, modifier=Qt.KeyboardModifier.AltModifier)
    assert page.editor.detail.row.id == ids[2]
    assert page.editor.detail.row.status is CaseStatus.REVISADA
    assert page.model.case_at(0).status is CaseStatus.REVISADA  # the table shows it too
    assert page.model.index(0, 6).data() == "Revisada"


@pytest.mark.usefixtures("base")
def test_unsaved_edits_are_saved_before_moving_or_block_the_move(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    ids = [page.model.case_at(row).id for row in range(page.model.rowCount())]  # type: ignore[union-attr]
    _press(qtbot, window, "5", "N")
    _press(qtbot, window, Qt.Key.Key_Down, modifier=Qt.KeyboardModifier.AltModifier)
    assert review.detail(db, ids[0]).row.procedencia is Procedencia.NO_PROCEDE
    assert page.editor.detail.row.id == ids[1]

    _press(qtbot, window, "5")  # incomplete: no procedencia yet
    page.select_row(3)
    assert page.editor.detail.row.id == ids[1]  # stayed: nothing is lost
    assert page.table.currentIndex().row() == 1
    assert "Indique si el mal escalado procede" in page.editor.errors.text()
    _press(qtbot, window, Qt.Key.Key_Escape)  # discard the half-made verdict
    page.select_row(3)
    assert page.editor.detail.row.id == ids[3]
    assert review.detail(db, ids[1]).row.status is CaseStatus.PENDIENTE


@pytest.mark.usefixtures("base")
def test_filters_search_and_sort(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    bar = page.filter_bar
    _press(qtbot, window, "1", "P", "E", Qt.Key.Key_Return)

    bar.status.setCurrentIndex(bar.status.findData(CaseStatus.REVISADA.value))
    assert page.model.rowCount() == 1
    assert page.count_label.text() == "Revisadas 1 de 1 en esta lista"
    bar.status.setCurrentIndex(0)
    bar.asesor.setCurrentIndex(bar.asesor.findData("ecm0"))
    assert [page.model.case_at(r).asesor_nombre for r in range(page.model.rowCount())] == [
        "Ana Ruiz", "Ana Ruiz"]
    bar.asesor.setCurrentIndex(0)

    qtbot.keyClicks(bar.search, "BETO DIAZ")  # accents and case do not matter
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    bar.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 5)

    header = page.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(1) + header.sectionSize(1) // 2,
                    header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)  # Cuenta ▲
    assert [page.model.case_at(r).cuenta for r in range(5)] == ["001", "002", "003", "004",
                                                                "005"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)  # Cuenta ▼
    assert [page.model.case_at(r).cuenta for r in range(5)] == ["005", "004", "003", "002",
                                                                "001"]
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert page.model.case_at(0).asesor_nombre == "Ana Ruiz"
    assert page.model.case_at(4).asesor_nombre == "Beto Díaz"


@pytest.mark.usefixtures("base")
def test_verdicts_survive_closing_and_reopening_the_window(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    _press(qtbot, window, "2", "P", "E", Qt.Key.Key_Return)
    _press(qtbot, window, "7", "N", Qt.Key.Key_Return)
    window.close()

    again = _window(qtbot, db, agent, paths)
    page = again.review
    assert page.count_label.text() == "Revisadas 2 de 5 en esta lista"
    page.select_row(0)
    assert page.editor.detail.row.primary_causal == "Nodo diferente"
    assert page.editor.procede.isChecked()
    assert page.editor.procedimiento.isChecked()
    page.select_row(1)
    assert page.editor.no_procede.isChecked()
    assert not page.editor.procedimiento.isEnabled()


def test_the_table_model_does_not_leak_references_to_none(
    db: Database, agent: UserProfile, base: Path
) -> None:
    model = CaseTableModel(db)
    model.set_filters(ReviewFilters())
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        model.index(0, 1).data(Qt.ItemDataRole.DecorationRole)  # None through Qt
        model.data(QModelIndex())
        model.headerData(0, Qt.Orientation.Vertical)
    assert sys.getrefcount(None) >= before
    assert index.data() == "21/11/2026"


@pytest.mark.usefixtures("base")
def test_keys_typed_into_text_fields_stay_there(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    first = page.editor.detail
    assert first is not None
    page.filter_bar.search.setFocus()
    qtbot.waitUntil(page.filter_bar.search.hasFocus)
    qtbot.keyClicks(page.filter_bar.search, "4P")
    qtbot.keyClick(page.filter_bar.search, Qt.Key.Key_Return)
    assert page.editor.verdict().causal_ids == ()  # no causal, no procedencia picked
    assert not page.editor.dirty
    assert page.table.hasFocus()  # Enter handed the keyboard to the table
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)  # "4P" matches nothing
    page.filter_bar.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 5)

    _press(qtbot, window, "1", "O")
    qtbot.keyClicks(page.editor.observaciones, "nota")
    qtbot.keyClick(page.editor.observaciones, Qt.Key.Key_Escape)  # leaves the field only
    assert page.editor.dirty
    assert page.editor.observaciones.toPlainText() == "nota"
    assert page.table.hasFocus()


@pytest.mark.usefixtures("base")
def test_a_refused_move_puts_the_filters_and_the_sort_back(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    _press(qtbot, window, "5")  # incomplete verdict
    bar = page.filter_bar
    bar.status.setCurrentIndex(bar.status.findData(CaseStatus.REVISADA.value))
    assert bar.status.currentIndex() == 0  # back to "Todos", as the table still is
    assert page.model.rowCount() == 5
    header = page.table.horizontalHeader()
    header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    assert header.sortIndicatorSection() == 2  # still by escalation time
    assert page.model.case_at(0).cuenta == "001"


@pytest.mark.usefixtures("base")
def test_closing_saves_a_complete_verdict_and_keeps_an_incomplete_one_open(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    case_id = page.editor.detail.row.id
    _press(qtbot, window, "2")
    assert not window.close()  # incomplete: the window stays, nothing is lost
    assert window.isVisible()
    _press(qtbot, window, "N")
    assert window.close()
    assert review.detail(db, case_id).row.procedencia is Procedencia.NO_PROCEDE


@pytest.mark.usefixtures("base")
def test_switching_user_saves_the_verdict_under_the_one_who_made_it(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    case_id = page.editor.detail.row.id
    _press(qtbot, window, "3", "N")
    window.switch_user()
    saved = review.detail(db, case_id)
    assert saved.reviewed_by == agent.full_name
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget is not window:
            widget.close()


@pytest.mark.usefixtures("base")
def test_search_finds_underscores_and_accented_observaciones(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    ids = listed_ids(db, ReviewFilters(), ReviewSort())
    verdict = review.detail(db, ids[0])
    review.save_verdict(
        db, agent, ids[0],
        VerdictInput((_causal_id(db, "C01"),), Procedencia.NO_PROCEDE, None,
                     "Falta información del nodo_7"),
        verdict.version)
    for text in ("informacion", "nodo_7", "INFORMACIÓN", "inform", "nodo 7", "nodo%7"):
        assert listed_ids(db, ReviewFilters(text=text), ReviewSort()) == [ids[0]], text
    # Words are matched by their beginning, as a search box does, not anywhere inside them.
    assert listed_ids(db, ReviewFilters(text="formacion"), ReviewSort()) == []
    # The search's own syntax is never the person's: quotes, operators and stars are words
    # or separators, and a search of nothing but punctuation lists everything.
    for text in ('nodo" OR "x', "NOT nodo", "nodo AND x*", "(nodo", 'inform"'):
        found = listed_ids(db, ReviewFilters(text=text), ReviewSort())
        assert found == ([ids[0]] if text in ("(nodo", 'inform"') else []), text
    assert listed_ids(db, ReviewFilters(text='"*"'), ReviewSort()) == ids
    again = review.save_verdict(
        db, agent, ids[0],
        VerdictInput((_causal_id(db, "C01"),), Procedencia.NO_PROCEDE, None,
                     "Falta información del nodo_7"),
        review.detail(db, ids[0]).version)
    assert again.version == review.detail(db, ids[0]).version  # unchanged: nothing written


@pytest.mark.usefixtures("base")
@pytest.mark.also_postgresql
def test_a_conflicting_save_keeps_what_the_agent_wrote(
    qtbot: QtBot, db: Database, db_url: str, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    case_id = page.editor.detail.row.id
    second = Database(db_url, db.clock)  # another desktop of the célula, its own connection
    try:
        other = review.detail(second, case_id)  # saves first
        review.save_verdict(second, agent, case_id, VerdictInput(
            (_causal_id(db, "C09"),), Procedencia.NO_PROCEDE, None, ""), other.version)
    finally:
        second.dispose()
    _press(qtbot, window, "2", "P", "E", Qt.Key.Key_Return)
    assert page.editor.detail.row.id == case_id  # stayed
    assert "guardó esta cuenta mientras usted la revisaba" in page.editor.errors.text()
    assert page.editor.verdict().procedencia is Procedencia.PROCEDE  # the agent's edit is kept
    _press(qtbot, window, Qt.Key.Key_Return)  # saving again replaces it knowingly
    assert review.detail(db, case_id).row.procedencia is Procedencia.PROCEDE


@pytest.mark.usefixtures("base")
def test_the_status_bar_counts_what_is_pending(
    qtbot: QtBot, db: Database, paths: AppPaths
) -> None:
    from swat_desktop.domain.identity import ProfileInput, Role
    from swat_desktop.services import identity

    boss = identity.save_profile(db, ProfileInput("bo1", "Bea Ortiz", Role.BACKOFFICE, "C1"))
    window = _window(qtbot, db, boss, paths)
    assert window.pending_label.text() == "Pendientes: 5"
    _press(qtbot, window, "1", "N", Qt.Key.Key_Return)
    assert window.pending_label.text() == "Pendientes: 4"
