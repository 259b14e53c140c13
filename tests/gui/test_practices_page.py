"""Prácticas de gestión driven with qtbot: a supervisor records practices from the keyboard
only, the backoffice reads any leader's week, an agent is told why there is nothing for them,
a practice is deleted with a reason and the week's registry is written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.gui.mal_escalados.practices_page import PracticesPage
from swat_desktop.gui.reason_dialog import ReasonDialog
from swat_desktop.gui.signals import Change
from swat_desktop.services import practices
from swat_desktop.services.store import Database
from swat_desktop.storage.models import AuditLog
from tests.fixtures.month import backoffice_user
from tests.fixtures.practices import MONDAY, build_week, leader
from tests.gui.conftest import cell, context, show_active

# Tuesday 24/11/2026, 10:30 in Bogotá.
TUESDAY_MORNING = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


def _page(qtbot: QtBot, db: Database, user: UserProfile, tmp_path: Path) -> PracticesPage:
    page = PracticesPage(context(db, user, tmp_path / "salida"))
    page.resize(1300, 760)
    show_active(qtbot, page)
    return page


def _type(qtbot: QtBot, text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def _key(key: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget(), key)


def _lines(page: PracticesPage) -> dict[str, str]:
    table = page.line_table
    return {cell(table, row, 0): cell(table, row, 2) for row in range(page.lines.rowCount())}


def test_a_supervisor_records_practices_with_the_keyboard_only(
        qtbot: QtBot, db: Database, clock: FixedClock, tmp_path: Path) -> None:
    clock.set(TUESDAY_MORNING)
    ana = leader(db, "atorres", "Ana Torres", Role.SUPERVISOR)
    page = _page(qtbot, db, ana, tmp_path)
    entry = page.entry
    assert entry is not None
    assert QApplication.focusWidget() is entry.practice  # ready to type
    assert entry.day.date().toPython() == date(2026, 11, 24)
    assert entry.start.time().toString("HH:mm") == "10:30"
    assert entry.title.text() == "Registrar una práctica dirigida por Ana Torres"

    _type(qtbot, "dd")
    assert "1 · Diálogo diario" in entry.practice_name.text()
    assert entry.duration.value() == 15  # the practice's expected duration
    visited = []
    for _ in range(4):  # Tab goes fecha, hora, duración, con quién
        _key(Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited[:3] == [entry.day, entry.start, entry.duration]
    assert visited[-1] is entry.participants
    _type(qtbot, "Equipo celula Soporte")  # QTest types ASCII only
    with qtbot.waitSignal(page.ctx.hub.changed) as announced:
        _key(Qt.Key.Key_Return)
    assert Change.PRACTICES in announced.args[0]
    assert entry.practice.text() == ""  # empty again, the keyboard back on the practice
    assert QApplication.focusWidget() is entry.practice
    assert _lines(page)["Diálogo diario"] == "1 de 5"
    assert page.records.rowCount() == 1
    assert cell(page.record_table, 0, 0) == "Mar 24/11"

    _type(qtbot, "3")  # by its number: Confirmación de proceso, 30 minutes
    assert entry.duration.value() == 30
    _key(Qt.Key.Key_Return)
    assert entry.error.isVisible()
    assert entry.error.text() == "Indique con quién se hizo (el equipo o los asesores)."
    assert page.records.rowCount() == 1  # nothing saved
    for _ in range(4):
        _key(Qt.Key.Key_Tab)
    _type(qtbot, "Ana Ruiz")
    _key(Qt.Key.Key_Tab)
    _type(qtbot, "Llamada de soporte")
    _key(Qt.Key.Key_Return)
    assert not entry.error.isVisible()
    assert _lines(page)["Confirmación de proceso"] == "1 de 5"
    [first, second] = practices.registry(db, ana, practices.week_of(MONDAY))
    assert (first.practice_code, first.duration_minutes) == ("DD", 15)
    assert (second.practice_code, second.participants, second.notes) == (
        "CP", "Ana Ruiz", "Llamada de soporte")
    assert second.start_time.strftime("%H:%M") == "10:30"

    _type(qtbot, "zz")
    assert entry.practice_name.text().startswith("Ninguna práctica empieza así")
    _key(Qt.Key.Key_Return)
    assert entry.error.text().startswith("Ninguna práctica empieza así")


def test_the_backoffice_reads_any_leaders_week(
        qtbot: QtBot, db: Database, clock: FixedClock, tmp_path: Path) -> None:
    week = build_week(db, clock)
    page = _page(qtbot, db, backoffice_user(db), tmp_path)
    assert page.entry is not None
    assert not page.entry.isVisible()  # the backoffice does not hold practices
    assert page.role_note.isVisible()
    assert [page.leader.itemText(i) for i in range(page.leader.count())] == [
        "Ana Torres · Supervisor de célula", "Carlos Méndez · Coordinador"]
    assert page.total.text() == (
        "Ana Torres: cumplimiento 84,62 % (11 de 13 metas que cierran en la semana)")
    page.leader.setCurrentIndex(1)
    assert page.total.text().startswith("Carlos Méndez: cumplimiento 75,00 %")
    assert _lines(page)["Confirmación de funciones"] == "2 de 3"
    assert [bar.caption for bar in page.chart.bars][-1] == "75,00 %"
    assert len(page.chart.bars) == 8
    assert not page.delete_button.isVisible()
    del week


def test_an_agent_is_told_who_sees_the_practices(
        qtbot: QtBot, db: Database, agent: UserProfile, tmp_path: Path) -> None:
    page = _page(qtbot, db, agent, tmp_path)
    assert page.stack.currentWidget() is page.refused
    assert page.refused.text() == "Las prácticas de gestión las ven los líderes y el backoffice."


def test_a_leader_deletes_a_practice_with_a_reason_and_exports_the_week(
        qtbot: QtBot, db: Database, clock: FixedClock, tmp_path: Path) -> None:
    week = build_week(db, clock)
    page = _page(qtbot, db, week.coordinador, tmp_path)
    assert page.records.rowCount() == 6
    page.record_table.selectRow(1)
    page.correct_button.click()
    entry = page.entry
    assert entry is not None
    assert entry.title.text() == "Corregir la práctica del 23/11/2026 a las 08:00"
    assert entry.practice.text() == "AL"
    entry.notes.setFocus()
    _type(qtbot, "Agenda revisada")
    _key(Qt.Key.Key_Return)
    assert entry.editing is None  # back to a new practice
    corrected = [r for r in practices.registry(db, week.coordinador, practices.week_of(MONDAY))
                 if r.notes == "Agenda revisada"]
    assert [(r.practice_code, r.version) for r in corrected] == [("AL", 2)]
    assert page.records.rowCount() == 6
    page.record_table.selectRow(0)
    assert page.delete_button.isEnabled()
    dialog = page.delete_chosen()
    assert isinstance(dialog, ReasonDialog)
    dialog.reason.setPlainText("Registrada dos veces")
    with qtbot.waitSignal(page.ctx.hub.changed):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert page.records.rowCount() == 5
    with db.session_scope() as session:
        reasons = [row.after for row in session.scalars(
            select(AuditLog).where(AuditLog.entity == "practica",
                                   AuditLog.action == "eliminar"))]
    assert {"motivo": "Registrada dos veces"} in reasons

    operation = page.export_to(tmp_path / "registro")
    assert operation is not None
    with qtbot.waitSignal(operation.succeeded, timeout=60_000):
        pass
    book = load_workbook(tmp_path / "registro" / "Prácticas de gestión 2026-S48.xlsx")
    assert {row[0] for row in book["Cumplimiento"].iter_rows(min_row=2, values_only=True)} \
        == {"Carlos Méndez"}


@pytest.mark.parametrize("role", [Role.GERENTE, Role.COORDINADOR])
def test_the_leader_list_follows_the_role(
        qtbot: QtBot, db: Database, clock: FixedClock, tmp_path: Path, role: Role) -> None:
    build_week(db, clock)
    boss = leader(db, "gperez", "Gloria Pérez", role)
    page = _page(qtbot, db, boss, tmp_path)
    everybody = role is Role.GERENTE
    assert page.leader.isVisible() is everybody
    assert page.total.text().startswith("Gloria Pérez: cumplimiento")
