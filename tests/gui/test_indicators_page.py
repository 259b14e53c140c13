"""The indicators page and the workspace around it, over the hand-checked month."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.periods import PeriodKind
from swat_desktop.gui.mal_escalados.claims_page import ClaimsPage
from swat_desktop.gui.mal_escalados.indicators_page import IndicatorsPage
from swat_desktop.gui.mal_escalados.workspace import MalEscaladosWorkspace
from swat_desktop.services import claims
from swat_desktop.services.store import Database
from tests.fixtures.month import DAY_1, DAY_2, Month, build
from tests.gui.conftest import cell, context


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path / "bases")


@pytest.fixture
def page(qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> IndicatorsPage:
    widget = IndicatorsPage(context(db, month.backoffice, tmp_path / "exports"))
    qtbot.addWidget(widget)
    widget.set_period(PeriodKind.MENSUAL, DAY_1)
    return widget


def test_the_month_is_shown_with_its_denominator(page: IndicatorsPage) -> None:
    assert page.heading.text() == ("Periodo: noviembre de 2026 · Todos los asesores · "
                                   "10 registros enviados · 10 registros válidos")
    assert page.tiles["records"].value.text() == "10"
    assert page.tiles["records"].caption.text() == "Enviados (denominador) · 10 válidos"
    assert page.tiles["counted"].value.text() == "7 · 70,00 %"
    assert page.tiles["claims"].value.text() == "1 / 1 / 1"
    assert page.tiles["recurrences"].value.text() == "1"
    table = page.advisors_table
    assert [cell(table, r, 0) for r in range(table.model().rowCount())] == \
        ["Ana Ruiz", "Beto Díaz", "Carla Gómez"]
    assert cell(table, 0, 8) == "30,00 %"
    assert [b.caption for b in page.ranking.bars] == \
        ["3 · 30,00 %", "2 · 20,00 %", "2 · 20,00 %"]
    assert page.causales_chart.bars[0].label == "C04 Opción errada"
    assert len(page.trend.columns) == 30


def test_a_supervisor_filter_and_a_daily_cut(page: IndicatorsPage) -> None:
    page.supervisor.setCurrentIndex(page.supervisor.findText("Lucía Peña"))
    assert page.tiles["counted"].value.text() == "5 · 50,00 %"
    assert page.tiles["records"].value.text() == "10"  # the denominator stays the base
    page.supervisor.setCurrentIndex(0)
    page.set_period(PeriodKind.DIARIO, DAY_2)
    assert page.heading.text().startswith("Periodo: 21/11/2026")
    assert page.tiles["records"].value.text() == "4"
    assert not page.until.isVisibleTo(page)


def test_a_free_range_and_an_empty_period(page: IndicatorsPage) -> None:
    page.set_period(PeriodKind.RANGO, date(2026, 10, 1), date(2026, 10, 31))
    assert page.until.isVisibleTo(page)
    assert page.tiles["records"].value.text() == "0"
    assert page.ranking.bars == []
    assert page.advisors_table.model().rowCount() == 0


def test_the_cut_is_exported_in_the_background(
        qtbot: QtBot, page: IndicatorsPage, tmp_path: Path) -> None:
    folder = tmp_path / "cortes"
    page.export_corte(folder)
    qtbot.waitUntil(lambda: page.corte_button.isEnabled(), timeout=30_000)
    pdf = folder / "Corte mal escalados mensual 2026-11.pdf"
    assert "Guardado en" in page.export_note.text()
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Ana Ruiz" in text
    assert (folder / "Corte mal escalados mensual 2026-11.xlsx").is_file()


def test_an_overdue_claim_stands_out_over_the_workspace(
        qtbot: QtBot, db: Database, clock: FixedClock, month: Month) -> None:
    workspace = MalEscaladosWorkspace(context(db, month.backoffice))
    qtbot.addWidget(workspace)
    assert workspace.banner.isHidden()  # sent a moment ago: within its 24 hours
    sent = claims.get_claim(db, month.claim_id).sent_at
    assert sent is not None
    clock.set(sent + timedelta(hours=25))
    workspace.update_banner()
    assert not workspace.banner.isHidden()
    assert "1 vencida" in workspace.banner.text()
    workspace.banner.linkActivated.emit("claims")
    assert workspace.sections.currentWidget() is workspace.claims_section
    assert workspace.claims_section.page is not None  # built when first opened
    page = workspace.claims_section.page
    assert isinstance(page, ClaimsPage)
    assert cell(page.claim_table, 0, 4) == "Vencida"  # the same clock as the banner
