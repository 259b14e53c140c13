"""The regulator's side on screen: deadlines of the events still to report (due soon and
overdue stand out), the non-working days that move them, marking events as reported, the
report of a period as xlsx and PDF, and packages between a point and Control e Información
with conflicts resolved in the window."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import RecordStatus, RequestType
from swat_desktop.domain.inoperatividad_flow import ClosureInput
from swat_desktop.gui.inoperatividad.exchange_page import ExchangePage
from swat_desktop.gui.inoperatividad.report_page import ReportPage
from swat_desktop.gui.inoperatividad.workspace import REPORT_TAB, InoperatividadWorkspace
from swat_desktop.paths import resolve_paths
from swat_desktop.services import audit, exchange, identity, inoperatividad, package_keys, store
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import (
    NOW,
    cac_supervisor,
    control_informacion,
    for_request,
    good_input,
    save_reportable_record,
)
from tests.fixtures.packages import trust
from tests.gui.conftest import cell, context, show_active
from tests.gui.table_rows import row_texts

# The sample event ends on Sunday 22/11/2026 in Lima: due Wednesday 25/11 (3 business days).
DUE = date(2026, 11, 25)


def _at(day: date) -> datetime:
    """Noon in Lima of ``day``."""
    return NOW.replace(year=day.year, month=day.month, day=day.day) + timedelta(hours=2)


def _workspace(qtbot: QtBot, db: Database, user: UserProfile, tmp_path: Path,
               moment: datetime) -> InoperatividadWorkspace:
    """The workspace opened at ``moment``, to which the store's (the test's) clock moves."""
    assert isinstance(db.clock, FixedClock)
    db.clock.set(moment)
    workspace = InoperatividadWorkspace(context(db, user, tmp_path / "exports", tmp_path))
    workspace.print_file = lambda _path: None  # type: ignore[method-assign]
    workspace.resize(1400, 900)
    show_active(qtbot, workspace)
    return workspace


def _report(qtbot: QtBot, workspace: InoperatividadWorkspace) -> ReportPage:
    workspace.sections.setCurrentWidget(workspace.report_section)
    page = workspace.report
    qtbot.waitUntil(page.isVisible)
    page.print_file = lambda _path: None  # type: ignore[method-assign]
    return page


def _supervisor(db: Database) -> UserProfile:
    """The sample point's supervisor, who may already have saved the reportable record."""
    return identity.find_user(db, "jquispe") or cac_supervisor(db)


def _tab_text(workspace: InoperatividadWorkspace) -> str:
    return workspace.sections.tabText(workspace.sections.indexOf(workspace.report_section))


@pytest.fixture
def reportable(db: Database) -> tuple[int, UserProfile]:
    record, control = save_reportable_record(db)
    return record.id, control


@pytest.fixture
def waiting(db: Database) -> int:
    """A second closed event that still lacks Procesos' answer and the approvals."""
    supervisor = _supervisor(db)
    data = replace(for_request(good_input(db, supervisor), RequestType.RECLAMOS), customers=())
    record = inoperatividad.save_record(db, supervisor, data)
    assert record.data.started_at is not None
    flow.close(db, supervisor, record.id, record.version, ClosureInput(
        record.data.started_at + timedelta(minutes=50), "INTERMITENCIA", "Se normalizó"))
    return record.id


def test_deadlines_list_what_is_due_with_what_each_event_lacks(
        qtbot: QtBot, db: Database, reportable: tuple[int, UserProfile], waiting: int,
        tmp_path: Path) -> None:
    workspace = _workspace(qtbot, db, reportable[1], tmp_path, _at(date(2026, 11, 22)))
    page = _report(qtbot, workspace)
    rows = [row_texts(page.model, n) for n in range(page.model.rowCount())]
    assert [r[0] for r in rows] == ["CAC-SAN-ISIDRO-000001", "CAC-SAN-ISIDRO-000002"]
    assert {r[4] for r in rows} == {"mié 25/11/2026"}
    assert {r[5] for r in rows} == {"En plazo"}
    assert rows[0][6] == "Listo para reportar"
    assert rows[1][6] == ("Falta respuesta de Procesos, aprobación del Gerente, aprobación del "
                          "Director")
    assert page.summary.text() == "2 en plazo"
    assert _tab_text(workspace) == REPORT_TAB


@pytest.mark.parametrize(("today", "state", "summary"), [
    (date(2026, 11, 24), "Por vencer", "1 por vencer"),
    (date(2026, 11, 26), "Vencido", "1 vencido"),
])
def test_due_soon_and_overdue_stand_out_in_the_tab(
        qtbot: QtBot, db: Database, reportable: tuple[int, UserProfile], tmp_path: Path,
        today: date, state: str, summary: str) -> None:
    workspace = _workspace(qtbot, db, reportable[1], tmp_path, _at(today))
    page = _report(qtbot, workspace)
    assert row_texts(page.model, 0)[5] == state
    assert page.summary.text() == summary
    assert _tab_text(workspace) == f"{REPORT_TAB} (1 por atender)"
    index = workspace.sections.indexOf(workspace.report_section)
    assert workspace.sections.tabBar().tabTextColor(index).name() == "#b3261e"


def test_marking_the_ready_events_as_reported_takes_them_out(
        qtbot: QtBot, db: Database, reportable: tuple[int, UserProfile], waiting: int,
        tmp_path: Path) -> None:
    control = reportable[1]
    page = _report(qtbot, _workspace(qtbot, db, control, tmp_path, _at(date(2026, 11, 23))))
    page.table.selectRow(1)  # the one still waiting for Procesos
    assert not page.mark_button.isEnabled()
    assert "listos para reportar" in page.mark_hint.text()
    page.table.selectRow(0)
    assert page.mark_button.isEnabled()
    box = page.ask_mark()
    assert box is not None
    assert "CAC-SAN-ISIDRO-000001" in box.text()
    yes = next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole)
    yes.click()
    assert page.message.text() == "1 evento marcado como reportado."
    assert [d[0].record.id for d in page.model.rows] == [waiting]
    assert any(e.action == "reportar" for e in audit.recent_entries(db))


def test_a_cac_supervisor_sees_deadlines_but_cannot_mark(
        qtbot: QtBot, db: Database, reportable: tuple[int, UserProfile], tmp_path: Path) -> None:
    page = _report(qtbot, _workspace(qtbot, db, _supervisor(db), tmp_path,
                                     _at(date(2026, 11, 23))))
    assert len(page.model.rows) == 1
    assert not page.mark_button.isVisible()
    assert "Control e Información marca" in page.mark_hint.text()


def test_an_added_non_working_day_moves_the_deadline_on_screen(
        qtbot: QtBot, db: Database, reportable: tuple[int, UserProfile], tmp_path: Path) -> None:
    page = _report(qtbot, _workspace(qtbot, db, reportable[1], tmp_path,
                                     _at(date(2026, 11, 23))))
    dialog = page.open_days_off()
    qtbot.waitExposed(dialog)
    assert dialog.add_box.isVisible()
    holidays = [cell(dialog.table, r, 1) for r in range(dialog.model.rowCount())]
    assert "Navidad del Señor" in holidays
    dialog.day.setDate(date(2026, 11, 24))
    qtbot.keyClicks(dialog.description, "Feriado regional de Lima")
    dialog.add_button.click()
    assert "24/11/2026 se agregó" in dialog.message.text()
    assert row_texts(page.model, 0)[4] == "jue 26/11/2026"
    row = next(r for r in range(dialog.model.rowCount())
               if cell(dialog.table, r, 1) == "Feriado regional de Lima")
    assert cell(dialog.table, row, 2) == "Agregado por Carla Info"
    dialog.table.selectRow(row)
    dialog.remove_button.click()
    assert row_texts(page.model, 0)[4] == "mié 25/11/2026"
    dialog.day.setDate(date(2026, 12, 25))
    dialog.description.setText("Navidad")
    dialog.add_button.click()
    assert dialog.error.text() == "El 25/12/2026 ya es feriado nacional."


def test_a_supervisor_reads_the_calendar_without_changing_it(
        qtbot: QtBot, db: Database, reportable: tuple[int, UserProfile], tmp_path: Path) -> None:
    page = _report(qtbot, _workspace(qtbot, db, _supervisor(db), tmp_path,
                                     _at(date(2026, 11, 23))))
    dialog = page.open_days_off()
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() > 10
    assert not dialog.add_box.isVisible()
    assert not dialog.remove_button.isVisible()


def test_the_report_of_the_period_is_written_as_xlsx_and_pdf(
        qtbot: QtBot, db: Database, reportable: tuple[int, UserProfile], tmp_path: Path) -> None:
    page = _report(qtbot, _workspace(qtbot, db, reportable[1], tmp_path,
                                     _at(date(2026, 11, 23))))
    assert page.period() == (date(2026, 11, 1), date(2026, 11, 23))
    assert not page.print_button.isVisible()
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.task is None and page.written is not None)
    assert page.written is not None
    xlsx, pdf = page.written
    assert xlsx.parent == tmp_path / "exports"
    assert page.print_button.isVisible()
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert "CAC-SAN-ISIDRO-000001" in [c.value for c in sheet["A"]]
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "CAC-SAN-ISIDRO-000001" in text
    page.end.setDate(date(2026, 10, 1))
    assert page.generate() is None
    assert page.error.text() == "El fin del periodo es anterior a su inicio."


# -- packages ----------------------------------------------------------------------------------

@pytest.fixture
def central(tmp_path: Path, clock: FixedClock) -> Iterator[Database]:
    paths = resolve_paths(tmp_path / "control").ensure()
    database, _ = store.open_store(None, paths.database_file, paths.backups_dir, clock)
    yield database
    database.dispose()


def _exchange(qtbot: QtBot, workspace: InoperatividadWorkspace) -> ExchangePage:
    workspace.sections.setCurrentWidget(workspace.exchange_section)
    page = workspace.exchange
    qtbot.waitUntil(page.isVisible)
    return page


def test_a_point_exports_its_package_and_cannot_import(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    supervisor = cac_supervisor(db)
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    page = _exchange(qtbot, _workspace(qtbot, db, supervisor, tmp_path, _at(NOW.date())))
    assert not page.import_box.isVisible()
    assert "CAC San Isidro" in page.export_note.text()
    offered: list[Path] = []
    monkeypatch.setattr(page, "ask_export_path", lambda d: offered.append(d) or
                        tmp_path / "enviado.swatpkg")
    page.export_button.click()
    qtbot.waitUntil(lambda: page.task is None and page.message.isVisible())
    assert offered[0].name.startswith("CAC-SAN-ISIDRO ")
    assert offered[0].suffix == ".swatpkg"
    assert page.message.text().startswith(f"Paquete guardado en {tmp_path / 'enviado.swatpkg'}")
    assert zipfile.is_zipfile(tmp_path / "enviado.swatpkg")
    # The first export made the point's key: its fingerprint is on screen to be read out.
    fingerprint = package_keys.local_fingerprint(tmp_path / "keys", "CAC-SAN-ISIDRO")
    assert fingerprint is not None
    assert fingerprint in page.own_key.text()


def test_control_imports_packages_and_resolves_a_conflict_in_the_window(
        qtbot: QtBot, db: Database, central: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    supervisor = cac_supervisor(db)
    record = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    package = exchange.export_events(db, tmp_path / "CAC-SAN-ISIDRO.swatpkg", record.point.id,
                                     tmp_path / "claves-punto")
    damaged = tmp_path / "dañado.swatpkg"
    damaged.write_bytes(package.read_bytes()[:150])
    control = control_informacion(central)
    trust(central, control, package)
    workspace = _workspace(qtbot, central, control, tmp_path, _at(NOW.date()))
    page = _exchange(qtbot, workspace)
    monkeypatch.setattr(page, "ask_import_paths", lambda: [package, damaged])
    page.import_button.click()
    qtbot.waitUntil(lambda: page.task is None and page.results.isVisible())
    lines = page.results.text().splitlines()
    assert lines[0] == ("✓ CAC-SAN-ISIDRO.swatpkg: Paquete de CAC-SAN-ISIDRO: 1 registro "
                        "nuevo, 0 actualizados, 0 sin cambios.")
    assert lines[1].startswith("✗ dañado.swatpkg: ")
    assert not page.conflict_box.isVisible()
    assert workspace.records.model.rowCount() == 1  # the records list read the store again

    [copy] = inoperatividad.list_records(central)
    inoperatividad.annul(central, control, copy.id, copy.version, "Anulado aquí por error")
    monkeypatch.setattr(page, "ask_import_paths", lambda: [package])
    page.import_button.click()
    qtbot.waitUntil(lambda: page.task is None and page.conflict_box.isVisible())
    assert cell(page.conflicts, 0, 0) == record.number
    fields = {cell(page.details, r, 0): (cell(page.details, r, 1), cell(page.details, r, 2))
              for r in range(page.detail_rows.rowCount())}
    assert fields["Estado"] == ("Anulado", "Abierto")
    page.take_button.click()
    assert page.message.text() == f"{record.number}: se tomó la versión del paquete."
    assert not page.conflict_box.isVisible()
    assert inoperatividad.list_records(central)[0].status is RecordStatus.ABIERTO
    assert any(e.action == "resolver_conflicto" for e in audit.recent_entries(central))


def test_control_registers_a_points_key_after_confirming_its_fingerprint(
        qtbot: QtBot, db: Database, central: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    supervisor = cac_supervisor(db)
    record = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    package = exchange.export_events(db, tmp_path / "CAC-SAN-ISIDRO.swatpkg", record.point.id,
                                     tmp_path / "claves-punto")
    shown_at_point = package_keys.local_fingerprint(tmp_path / "claves-punto", "CAC-SAN-ISIDRO")
    control = control_informacion(central)
    page = _exchange(qtbot, _workspace(qtbot, central, control, tmp_path, _at(NOW.date())))
    assert page.keys.isVisible()
    assert page.keys.model.rowCount() == 0
    monkeypatch.setattr(page, "ask_import_paths", lambda: [package])
    page.import_button.click()  # refused: the key is not registered yet
    qtbot.waitUntil(lambda: page.task is None and page.results.isVisible())
    assert "no está registrada para CAC-SAN-ISIDRO" in page.results.text()
    monkeypatch.setattr(page.keys, "ask_package", lambda: package)
    page.keys.register_button.click()
    qtbot.waitUntil(lambda: page.keys.dialog is not None and page.keys.dialog.isVisible())
    dialog = page.keys.dialog
    assert dialog is not None
    assert dialog.fingerprint.text() == shown_at_point
    assert not dialog.accept_button.isEnabled()  # nothing is trusted by clicking through
    dialog.confirmed.setChecked(True)
    dialog.accept_button.click()
    assert cell(page.keys.table, 0, 0) == "CAC-SAN-ISIDRO"
    assert cell(page.keys.table, 0, 1) == shown_at_point
    page.import_button.click()
    qtbot.waitUntil(lambda: page.task is None and "✓" in page.results.text())
    assert len(inoperatividad.list_records(central)) == 1
