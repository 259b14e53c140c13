"""Issue 14, «nothing moves under the pointer»: a help text that appears, a button whose text
changes, a stretched column in a narrow pane, an empty queue's texts, the two pages' default
periods."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import RequestType, Scenario
from swat_desktop.domain.periods import Period
from swat_desktop.gui.inoperatividad.queue import QueuePage
from swat_desktop.gui.inoperatividad.regularize_panel import ATC_FIELDS, COPIED
from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
from swat_desktop.gui.mal_escalados.feedback_page import FeedbackPage
from swat_desktop.gui.mal_escalados.indicators_page import IndicatorsPage
from swat_desktop.services import inoperatividad
from swat_desktop.services.store import Database
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import NOW, cac_supervisor, good_input
from tests.fixtures.month import Month, build
from tests.gui.conftest import context, show_active


def _workspace(qtbot: QtBot, db: Database, user: UserProfile, tmp_path: Path,
               width: int = 1400) -> InoperatividadWorkspace:
    workspace = InoperatividadWorkspace(context(db, user, tmp_path / "exports", tmp_path))
    workspace.open_file = lambda _path: None  # type: ignore[method-assign]
    workspace.open_url = lambda _link: None  # type: ignore[method-assign]
    workspace.resize(width, 900)
    show_active(qtbot, workspace)
    return workspace


def _queue(qtbot: QtBot, workspace: InoperatividadWorkspace) -> QueuePage:
    page = workspace.show_queue()
    qtbot.waitUntil(page.isVisible)
    return page


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


def test_picking_consultas_or_a_scenario_moves_no_field_below_it(
        qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    form = _workspace(qtbot, db, supervisor, tmp_path).form
    consulta_at, motivo_at = form.consulta.y(), form.motivo.y()
    assert form.request_hint.isVisible()  # there, empty, before anything is picked
    assert form.request_hint.text() == ""

    form.request_buttons[RequestType.CONSULTAS].setChecked(True)
    form.scenario_buttons[Scenario.FALLA_MASIVA].setChecked(True)
    qtbot.wait(10)  # let the layout settle, as the screen would
    assert form.request_hint.text().startswith("Solicitudes derivadas")
    assert form.scenario_hint.text() != ""
    assert (form.consulta.y(), form.motivo.y()) == (consulta_at, motivo_at)
    for kind in RequestType:  # the longest text of each fits in the reserved height too
        form.request_buttons[kind].setChecked(True)
        qtbot.wait(10)
        assert form.consulta.y() == consulta_at, kind


@pytest.mark.parametrize("clock", [FixedClock(NOW + timedelta(hours=2))])
def test_copiado_keeps_the_width_of_its_button_and_of_the_values(
        qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    panel = _queue(qtbot, _workspace(qtbot, db, supervisor, tmp_path)).panel
    button = panel.copy_buttons["Punto de atención"]
    detail = panel.value_labels["Detalle"]
    before = (button.width(), detail.width(), detail.x())
    panel.copy("Punto de atención")
    qtbot.wait(10)
    assert button.text() == COPIED
    assert (button.width(), detail.width(), detail.x()) == before
    assert button.width() >= button.sizeHint().width()  # «Copiado ✓» is not cut either
    assert {panel.copy_buttons[f].width() for f in ATC_FIELDS} == {button.width()}


def test_a_narrow_list_keeps_its_last_column_whole_and_scrolls(
        qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    workspace.records.reload()
    table = workspace.records.table
    header = table.horizontalHeader()
    last = header.count() - 1

    def whole() -> bool:
        content = max(header.sectionSizeHint(last), table.sizeHintForColumn(last))
        return header.sectionSize(last) >= content

    splitter = workspace.sections.widget(0)
    splitter.setSizes([150, 1250])  # as narrow as the pane goes: «Estado» read «Estac»
    qtbot.waitUntil(lambda: not header.stretchLastSection())
    assert whole()
    assert table.horizontalScrollBar().maximum() > 0  # the rest is a scroll away
    splitter.setSizes([700, 700])  # room again: the column stretches to the edge
    qtbot.waitUntil(header.stretchLastSection)
    assert whole()


def test_an_empty_queue_says_one_thing(
        qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    queue = _queue(qtbot, _workspace(qtbot, db, supervisor, tmp_path))
    assert queue.empty.isVisible()
    assert not queue.count_label.isVisible()  # was «Nada por regularizar en ATC.»
    assert not queue.how.isVisible()  # … running into «el más antiguo primero. Elija uno…»
    assert not queue.panel.empty.isVisible()  # nor «Elija un registro» with nothing to elect

    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    queue.refresh()
    assert queue.count_label.text() == "1 registro por regularizar en ATC,"
    assert queue.count_label.isVisible()
    assert queue.how.isVisible()
    assert not queue.empty.isVisible()


@pytest.mark.parametrize("clock", [FixedClock(TEST_NOW + timedelta(days=40))])
def test_retroalimentacion_and_indicadores_open_on_the_same_period(
        qtbot: QtBot, db: Database, agent: UserProfile, tmp_path: Path) -> None:
    """Today is in January; the last base is of November: both pages show November."""
    month: Month = build(db, agent, tmp_path / "bases")
    feedback = FeedbackPage(context(db, month.backoffice, tmp_path))
    indicators = IndicatorsPage(context(db, month.backoffice, tmp_path))
    qtbot.addWidget(feedback)
    qtbot.addWidget(indicators)
    november = Period(date(2026, 11, 1), date(2026, 11, 30))
    assert feedback.period() == november
    shown = indicators.period()
    assert (shown.start, shown.end) == (november.start, november.end)
