"""Issue 14, found by trying the review as a new agent: where the keyboard goes after a save,
what Esc does, the causal list following the key, the empty «Mis cuentas» and the filter that
a restart forgot."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.gui.mal_escalados.review_empty import NO_ACCOUNTS
from swat_desktop.gui.mal_escalados.verdict_editor import CAUSAL_KEYS
from swat_desktop.paths import AppPaths
from swat_desktop.services import assignment, catalogue, identity, review
from swat_desktop.services.store import Database
from tests.gui.conftest import show_active


def _window(qtbot: QtBot, db: Database, user: UserProfile, paths: AppPaths) -> MainWindow:
    window = MainWindow(db, user, paths.local_settings_file, paths.log_file)
    show_active(qtbot, window)
    return window


def _type(qtbot: QtBot, *keys: str | Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Each key to whatever has the keyboard now, as a person's keystrokes go."""
    for key in keys:
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, key, modifier)


def _position_of(db: Database, key: str) -> int:
    return CAUSAL_KEYS.index(key)


def _causal_at(db: Database, key: str) -> int:
    return catalogue.list_causales(db)[_position_of(db, key)].id


def _show_all(window: MainWindow) -> None:
    window.review.filter_bar.assigned.setCurrentIndex(0)


@pytest.mark.usefixtures("base")
def test_after_ctrl_enter_the_next_key_marks_a_causal_of_the_next_account(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    _show_all(window)
    page = window.review
    page.table.setFocus()
    first = page.editor.detail
    assert first is not None
    _type(qtbot, "1", "N", "O")
    assert page.editor.observaciones.hasFocus()
    _type(qtbot, "C", "l", "i")  # letters with a meaning stay in the text while typing
    _type(qtbot, Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.ControlModifier)
    assert review.detail(db, first.row.id).observaciones == "Cli"
    following = page.editor.detail
    assert following is not None
    assert following.row.id != first.row.id
    assert page.table.hasFocus()

    _type(qtbot, "9")
    assert page.editor.verdict().causal_ids == (_causal_at(db, "9"),)
    assert page.editor.observaciones.toPlainText() == ""


@pytest.mark.usefixtures("base")
def test_esc_leaves_the_text_field_and_a_second_esc_discards_the_verdict(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    _show_all(window)
    page = window.review
    page.table.setFocus()
    _type(qtbot, "2", "O")
    _type(qtbot, "n", "o", "t", "a")
    _type(qtbot, Qt.Key.Key_Escape)
    assert page.table.hasFocus()
    assert page.editor.dirty  # the first Esc only gave the keyboard back
    assert page.editor.observaciones.toPlainText() == "nota"

    _type(qtbot, Qt.Key.Key_Escape)
    assert not page.editor.dirty
    assert page.editor.verdict().causal_ids == ()
    assert page.editor.observaciones.toPlainText() == ""
    assert window.statusBar().currentMessage() == "Cambios descartados."


@pytest.mark.usefixtures("base")
def test_the_causal_list_scrolls_to_the_causal_a_key_marks(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    window.resize(1093, 614)  # 1366 × 768 at 125 %
    _show_all(window)
    page = window.review
    page.table.setFocus()
    causal_list = page.editor.causal_list
    qtbot.waitUntil(lambda: causal_list.viewport().height() > 0)
    last_row = causal_list.count() - 1
    last_key = CAUSAL_KEYS[last_row]

    def in_view(row: int) -> bool:  # the items are made again on each toggle: ask each time
        item = causal_list.item(row)
        return causal_list.viewport().rect().contains(causal_list.visualItemRect(item))

    assert not in_view(last_row), "the list shows every causal: this test would prove nothing"
    _type(qtbot, last_key)
    assert causal_list.item(last_row).checkState() == Qt.CheckState.Checked
    assert in_view(last_row)
    _type(qtbot, "1")  # the first one scrolls back into view; the list stays marked
    assert in_view(0)
    assert page.editor.verdict().causal_ids == (_causal_at(db, last_key), _causal_at(db, "1"))


@pytest.mark.usefixtures("base")
def test_an_empty_mis_cuentas_offers_ver_todas_and_the_status_bar_counts_the_list(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    page = window.review
    assert page.filter_bar.assigned.currentText() == "Mis cuentas"  # nothing assigned yet
    assert page.count_label.text() == "Revisadas 0 de 0 en esta lista"
    assert page.empty.isVisible()
    assert not page.table.isVisible()
    assert "No tiene cuentas asignadas" in page.empty.text.text()
    assert "En «Todas» hay 5 cuentas, 5 pendientes" in page.empty.text.text()
    assert window.pending_label.text() == "Pendientes: 0"

    page.empty.show_all_button.click()
    assert page.filter_bar.assigned.currentText() == "Todas"
    assert page.table.isVisible()
    assert not page.empty.isVisible()
    assert page.model.rowCount() == 5
    assert window.pending_label.text() == "Pendientes: 5"
    _type(qtbot, "1", "N", Qt.Key.Key_Return)
    assert window.pending_label.text() == "Pendientes: 4"


def test_a_store_without_bases_says_to_import_one(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    assert window.review.empty.text.text() == NO_ACCOUNTS
    assert not window.review.empty.show_all_button.isVisible()


@pytest.mark.usefixtures("base")
def test_a_filter_with_no_match_says_so_without_a_button(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    _show_all(window)
    bar = window.review.filter_bar
    bar.search.setText("zzz")
    qtbot.waitUntil(lambda: window.review.model.rowCount() == 0)
    assert window.review.empty.text.text().startswith("Ninguna cuenta cumple estos filtros")
    assert not window.review.empty.show_all_button.isVisible()


@pytest.mark.usefixtures("base")
def test_the_assignment_filter_survives_a_restart_for_each_person(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    window = _window(qtbot, db, agent, paths)
    window.review.empty.show_all_button.click()
    assert window.close()
    saved = json.loads(paths.local_settings_file.read_text(encoding="utf-8"))
    assert saved["revision_asignacion"] == {agent.login: "todas"}

    again = _window(qtbot, db, agent, paths)
    assert again.review.filter_bar.assigned.currentText() == "Todas"
    assert again.review.model.rowCount() == 5
    assert again.pending_label.text() == "Pendientes: 5"
    bar = again.review.filter_bar
    bar.assigned.setCurrentIndex(bar.assigned.findText("Sin asignar"))
    assert again.close()

    colleague = identity.save_profile(db, ProfileInput(
        "lpena", "Luis Peña", Role.AGENTE_CELULA, "Célula Soporte Bogotá"))
    other = _window(qtbot, db, colleague, paths)  # same computer, another person
    assert other.review.filter_bar.assigned.currentText() == "Mis cuentas"
    assert other.close()
    third = _window(qtbot, db, agent, paths)
    assert third.review.filter_bar.assigned.currentText() == "Sin asignar"


@pytest.mark.usefixtures("base")
def test_an_agent_with_accounts_assigned_sees_them_and_no_notice(
    qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    boss = identity.save_profile(db, ProfileInput("bo1", "Bea Ortiz", Role.BACKOFFICE, "C1"))
    day = review.base_dates(db)[0]
    assignment.assign(db, boss, day, [agent.id], {agent.id: 2})
    window = _window(qtbot, db, agent, paths)
    assert window.review.filter_bar.assigned.currentText() == "Mis cuentas"
    assert window.review.model.rowCount() == 2
    assert not window.review.empty.isVisible()
    assert window.pending_label.text() == "Pendientes: 2"
