"""Import, assignment and catalogue dialogs, driven with qtbot against a real store."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.mal_escalados import BaseField, ReviewFilters, ReviewSort
from swat_desktop.gui.mal_escalados.import_dialog import ImportDialog
from swat_desktop.gui.mal_escalados.mapping_dialog import MappingDialog
from swat_desktop.gui.mal_escalados.review_page import ReviewPage
from swat_desktop.paths import AppPaths
from swat_desktop.services import base_import, catalogue, identity, review_pages
from swat_desktop.services.store import Database
from tests.fixtures.listing import listed_ids
from tests.fixtures.workbooks import dump, good_rows, write_xlsx
from tests.gui.conftest import cell, context, show_active


@pytest.fixture
def backoffice(db: Database) -> UserProfile:
    return identity.save_profile(db, ProfileInput("bo1", "Bea Ortiz", Role.BACKOFFICE, "C1"))


def _page(qtbot: QtBot, db: Database, user: UserProfile) -> ReviewPage:
    page = ReviewPage(context(db, user))
    show_active(qtbot, page)
    return page


def _summary_shown(dialog: ImportDialog) -> bool:
    return dialog.pages.currentIndex() == 2


@pytest.mark.also_postgresql
def test_import_shows_a_summary_with_the_rows_left_out_and_exports_them(
    qtbot: QtBot, db: Database, backoffice: UserProfile, tmp_path: Path
) -> None:
    page = _page(qtbot, db, backoffice)
    rows = [*good_rows(3), ["", "21/11/2026", "x1", "Sin Cuenta", "", "", ""]]
    path = write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", rows)
    dialog = page.start_import(path)
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: _summary_shown(dialog), timeout=20_000)
    assert dialog.result_title.text() == "Base del 21/11/2026 importada"
    assert dialog.result_text.text().startswith(
        "3 cuentas importadas, 0 duplicadas, 1 fila rechazada."
    )
    assert dialog.problems.model().rowCount() == 1
    assert cell(dialog.problems, 0, 3) == "Falta la cuenta."
    # the page behind refreshed by itself
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.count_label.text() == "Revisadas 0 de 3 en esta lista"

    exported = dialog.export_problems(tmp_path / "fuera.xlsx")
    assert exported is not None
    sheet = load_workbook(exported).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["Base", 5, "A (Cuenta)", "Falta la cuenta.", "Rechazada"]
    dialog.close()


def test_cancelling_an_import_leaves_the_store_as_it_was(
    qtbot: QtBot,
    db: Database,
    backoffice: UserProfile,
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page(qtbot, db, backoffice)
    before = dump(paths.database_file)
    gate = threading.Event()
    original = base_import._validate

    def held(*args: object) -> object:
        gate.wait(10)  # the import waits here until the person has pressed Cancel
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(base_import, "_validate", held)
    dialog = page.start_import(
        write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", good_rows(50))
    )
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.stage.text().startswith("Importando 50 filas"))
    dialog.cancel_button.click()
    assert dialog.stage.text() == "Cancelando…"
    gate.set()
    qtbot.waitUntil(lambda: _summary_shown(dialog), timeout=20_000)
    assert dialog.result_title.text() == "Importación cancelada"
    assert "quedó como estaba" in dialog.result_text.text()
    assert dump(paths.database_file) == before
    dialog.close()


def test_unknown_columns_are_mapped_once_and_remembered(
    qtbot: QtBot, db: Database, backoffice: UserProfile, tmp_path: Path
) -> None:
    page = _page(qtbot, db, backoffice)
    headers = ["Cta", "F. reporte", "Doc.", "Quien escaló", "Notas"]
    first = write_xlsx(
        tmp_path / "Base 21-11-2026.xlsx",
        [["771", "21/11/2026", "d1", "Ana", "x"]],
        headers=headers,
    )
    answered: list[MappingDialog] = []

    def answer() -> None:
        found = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MappingDialog) and w.isVisible()
        ]
        if not found:
            QTimer.singleShot(50, answer)
            return
        mapping = found[0]
        for field, column in (
            (BaseField.CUENTA, 0),
            (BaseField.FECHA_ESCALAMIENTO, 1),
            (BaseField.ASESOR_ID, 2),
            (BaseField.ASESOR_NOMBRE, 3),
        ):
            combo = mapping.combos[field]
            combo.setCurrentIndex(combo.findData(column))
        answered.append(mapping)
        mapping.accept()

    QTimer.singleShot(50, answer)
    dialog = page.start_import(first)
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: _summary_shown(dialog), timeout=20_000)
    assert len(answered) == 1
    assert dialog.result_text.text().startswith("1 cuenta importada")
    dialog.close()

    second = write_xlsx(
        tmp_path / "Base 22-11-2026.xlsx",
        [["772", "22/11/2026", "d2", "Beto", "y"]],
        headers=headers,
    )
    again = page.start_import(second)  # no dialog this time: the answer was remembered
    assert isinstance(again, ImportDialog)
    qtbot.waitUntil(lambda: _summary_shown(again), timeout=20_000)
    assert len(answered) == 1
    assert again.result_text.text().startswith("1 cuenta importada")
    again.close()


def test_the_mapping_dialog_refuses_missing_or_repeated_columns(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "Base 21-11-2026.xlsx", [["1", "2", "3", "4"]], headers=["A1", "B1", "C1", "D1"]
    )
    mapping = MappingDialog(base_import.analyze(db, path))
    qtbot.addWidget(mapping)
    mapping.show()
    mapping.accept()
    assert mapping.isVisible()
    assert mapping.error.text().startswith("Falta asignar: Cuenta, Fecha de escalamiento")
    for field in (
        BaseField.CUENTA,
        BaseField.FECHA_ESCALAMIENTO,
        BaseField.ASESOR_ID,
        BaseField.ASESOR_NOMBRE,
    ):
        mapping.combos[field].setCurrentIndex(mapping.combos[field].findData(0))
    mapping.accept()
    assert mapping.error.text() == "Una misma columna no puede usarse para dos datos."
    assert mapping.isVisible()


def test_the_backoffice_assigns_a_base_and_agents_see_their_accounts(
    qtbot: QtBot, db: Database, backoffice: UserProfile, agent: UserProfile, tmp_path: Path
) -> None:
    other = identity.save_profile(
        db, ProfileInput("lpardo", "Luis Pardo", Role.AGENTE_CELULA, "C1")
    )
    path = write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", good_rows(5))
    base_import.run_import(db, backoffice, base_import.analyze(db, path))
    page = _page(qtbot, db, backoffice)
    assert page.assign_button.isVisible()
    dialog = page.open_assignment()
    assert dialog.available.text() == "5 cuentas pendientes para repartir."
    dialog.by_count.setChecked(True)
    dialog.check(agent.login, 3)
    dialog.check(other.login, 1)
    dialog.accept()
    assert page.filter_bar.assigned.count() > 0
    assert review_pages.counts(db, ReviewFilters(assigned_to=agent.id)).total == 3
    assert review_pages.counts(db, ReviewFilters(assigned_to=0)).total == 1
    again = page.open_assignment()
    assert again.available.text() == "1 cuenta pendiente para repartir."
    again.reject()

    mine = _page(qtbot, db, agent)  # an agent opens on "Mis cuentas"
    assert not mine.assign_button.isVisible()
    assert not mine.causales_button.isVisible()
    assert mine.filter_bar.assigned.currentText() == "Mis cuentas"
    assert mine.model.rowCount() == 3
    assert {mine.model.case_at(r).assigned_to for r in range(3)} == {agent.full_name}


def test_assigning_without_agents_says_why(
    qtbot: QtBot, db: Database, backoffice: UserProfile, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", good_rows(2))
    base_import.run_import(db, backoffice, base_import.analyze(db, path))
    page = _page(qtbot, db, backoffice)
    dialog = page.open_assignment()
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.text() == "Elija al menos un agente."


def test_the_backoffice_adds_and_deactivates_causales(
    qtbot: QtBot, db: Database, backoffice: UserProfile
) -> None:
    page = _page(qtbot, db, backoffice)
    dialog = page.open_causales()
    assert dialog.table.rowCount() == 13
    qtbot.keyClicks(dialog.code, "c14")
    qtbot.keyClicks(dialog.name, "Sin validar HHPP")
    dialog.add()
    assert dialog.table.rowCount() == 14
    assert dialog.table.item(13, 1).text() == "C14"
    dialog.add()  # empty form
    assert "El código admite hasta 20 letras" in dialog.error.text()

    first = dialog.table.item(0, 0)
    first.setCheckState(Qt.CheckState.Unchecked)
    dialog.close()
    qtbot.waitUntil(lambda: page.editor.causal_list.count() == 13)  # C01 gone, C14 added
    assert [c.code for c in catalogue.list_causales(db)][-1] == "C14"
    assert "C01" not in [c.code for c in catalogue.list_causales(db)]
    assert listed_ids(db, ReviewFilters(), ReviewSort()) == []  # no base needed


def test_cancelling_while_the_file_is_read_imports_nothing(
    qtbot: QtBot, db: Database, backoffice: UserProfile, paths: AppPaths, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page(qtbot, db, backoffice)
    before = dump(paths.database_file)
    gate = threading.Event()
    original = base_import.analyze

    def held(*args: object) -> object:
        gate.wait(10)  # still reading when the person presses Cancel
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(base_import, "analyze", held)
    dialog = page.start_import(write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx",
                                          good_rows(5)))
    assert isinstance(dialog, ImportDialog)
    assert dialog.stage.text().startswith("Leyendo")
    dialog.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: _summary_shown(dialog), timeout=20_000)
    assert dialog.result_title.text() == "Importación cancelada"
    assert dump(paths.database_file) == before
    dialog.close()


def test_a_base_without_a_date_in_its_name_waits_for_one(
    qtbot: QtBot, db: Database, backoffice: UserProfile, tmp_path: Path
) -> None:
    page = _page(qtbot, db, backoffice)
    dialog = page.start_import(write_xlsx(tmp_path / "base.xlsx", good_rows(2)))
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=20_000)
    assert dialog.date_edit.text() == "Elija la fecha"  # no day chosen for the person
    dialog._date_chosen()
    assert dialog.date_error.text() == "Elija el día de la base."
    dialog.date_edit.setDate(QDate(2026, 11, 20))
    dialog._date_chosen()
    qtbot.waitUntil(lambda: _summary_shown(dialog), timeout=20_000)
    assert dialog.result_title.text() == "Base del 20/11/2026 importada"
    dialog.close()


def test_the_backoffice_annuls_an_import_from_the_bases_dialog(
    qtbot: QtBot, db: Database, backoffice: UserProfile, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", good_rows(4))
    base_import.run_import(db, backoffice, base_import.analyze(db, path))
    page = _page(qtbot, db, backoffice)
    assert page.model.rowCount() == 4
    dialog = page.open_bases()
    assert dialog.model.rowCount() == 1
    assert cell(dialog.table, 0, 4) == "4"
    dialog.annul_selected()  # no reason yet
    assert dialog.error.text() == "Escriba por qué se anula la importación."
    qtbot.keyClicks(dialog.reason, "Fecha equivocada")
    dialog.annul_selected()
    assert dialog.model.rowCount() == 0
    dialog.close()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
