"""The review table on a list of many pages: scrolling to the end, jumping with the scroll
bar, the account on screen kept through filter and sort changes, and "next pending" across
pages, in the real window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import (
    CaseStatus,
    Procedencia,
    ReviewFilters,
    ReviewSort,
    SortKey,
    VerdictInput,
)
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.gui.mal_escalados.case_model import KEPT_PAGES, PAGE
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import AppPaths
from swat_desktop.services import base_import, catalogue, review
from swat_desktop.services.store import Database
from tests.fixtures.listing import listed
from tests.gui.conftest import show_active

ROWS = 4 * PAGE + 37


@pytest.fixture
def window(qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths,
           tmp_path: Path) -> MainWindow:
    path = write_sample_base(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", ROWS, seed=4)
    base_import.run_import(db, agent, base_import.analyze(db, path), base_date=date(2026, 11, 21))
    window = MainWindow(db, agent, paths.local_settings_file, paths.log_file)
    show_active(qtbot, window)
    window.review.filter_bar.assigned.setCurrentIndex(0)  # all accounts
    return window


def test_the_table_scrolls_to_the_last_account_and_jumps_back(
        window: MainWindow, db: Database) -> None:
    table, model = window.review.table, window.review.model
    everything = listed(db)
    assert model.rowCount() == ROWS == len(everything)
    table.scrollToBottom()
    QApplication.processEvents()
    bottom = table.rowAt(table.viewport().height() - 2)
    assert bottom == ROWS - 1
    assert model.case_at(bottom) == everything[-1]
    middle = ROWS // 2
    table.verticalScrollBar().setValue(middle)  # a drag of the scroll bar: no page near it
    QApplication.processEvents()
    top = table.rowAt(0)
    assert [model.case_at(r) for r in range(top, top + 5)] == everything[top:top + 5]
    assert len(model._pages) <= KEPT_PAGES


def test_the_account_on_screen_stays_selected_through_filters_and_orders(
        window: MainWindow, db: Database) -> None:
    page = window.review
    everything = listed(db)
    shown = everything[3 * PAGE + 5]
    page.select_row(3 * PAGE + 5)
    assert page.editor.detail is not None
    assert page.editor.detail.row.id == shown.id

    page.filter_bar.show_filters(ReviewFilters(supervisor=shown.supervisor))
    page._filters_changed(None)
    team = listed(db, ReviewFilters(supervisor=shown.supervisor))
    assert page.current_row == [r.id for r in team].index(shown.id)
    assert page.table.currentIndex().row() == page.current_row
    assert page.editor.detail.row.id == shown.id

    page._sort_changed(1, Qt.SortOrder.DescendingOrder)  # Cuenta, descending
    by_account = listed(db, ReviewFilters(supervisor=shown.supervisor),
                        ReviewSort(SortKey.CUENTA, descending=True))
    assert page.current_row == [r.id for r in by_account].index(shown.id)
    assert page.model.case_at(page.current_row) == shown

    other = next(r.supervisor for r in everything if r.supervisor != shown.supervisor)
    page.filter_bar.show_filters(ReviewFilters(supervisor=other))
    page._filters_changed(None)  # the account is not in this list: the first one opens
    assert page.current_row == 0
    assert page.editor.detail.row.id != shown.id


def test_next_pending_goes_past_reviewed_pages_and_wraps_to_the_top(
        window: MainWindow, db: Database, agent: UserProfile) -> None:
    page = window.review
    everything = listed(db)
    causal = catalogue.list_causales(db)[0].id
    # Everything from row 10 to two pages further is reviewed already.
    for item in everything[10:10 + 2 * PAGE + 3]:
        review.save_verdict(db, agent, item.id, VerdictInput(
            (causal,), Procedencia.NO_PROCEDE, None, ""), 1)
    page._filters_changed(None)  # read again, as after another person's saves
    page.select_row(9)
    assert page.model.next_pending(9) == 10 + 2 * PAGE + 3
    last_pending = max(i for i, r in enumerate(listed(db))
                       if r.status is CaseStatus.PENDIENTE)
    assert page.model.next_pending(last_pending) == 0
