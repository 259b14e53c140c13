"""Backups and restore from the window, and the start-up dialog of a damaged store."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from swat_desktop.domain.backup_retention import Retention
from swat_desktop.domain.clock import SystemClock
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.gui.app import GuiSession
from swat_desktop.gui.backup_dialogs import BackupsDialog
from swat_desktop.gui.integrity_dialog import IntegrityDialog
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.paths import AppPaths
from swat_desktop.services import backups, base_import, identity, store, upkeep
from swat_desktop.services.backups import BackupKind
from swat_desktop.services.store import Database
from tests.fixtures.backups import spoil_middle
from tests.fixtures.damage import break_index_entry, overwrite_middle_pages
from tests.fixtures.workbooks import good_rows, write_xlsx
from tests.gui.conftest import cell

ROOT = Path(__file__).resolve().parents[2]


def _button(box: QMessageBox, text: str):  # type: ignore[no-untyped-def]
    [found] = [b for b in box.buttons() if b.text() == text]
    return found


def _dialog(qtbot: QtBot, db: Database, paths: AppPaths) -> BackupsDialog:
    dialog = BackupsDialog(db, paths.backups_dir, paths.local_settings_file)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_dialog_lists_backups_makes_one_and_keeps_the_retention_setting(
        qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths) -> None:
    upkeep.run_daily(db, paths.backups_dir, Retention())
    dialog = _dialog(qtbot, db, paths)
    assert dialog.table.model().rowCount() == 1
    assert cell(dialog.table, 0, 1) == "Automático"
    assert (dialog.daily.value(), dialog.weekly.value(), dialog.monthly.value()) == (7, 4, 12)

    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.table.model().rowCount() == 2)
    assert dialog.status.text().startswith("Respaldo creado: swat-desktop-")
    assert {cell(dialog.table, r, 1) for r in range(2)} == {"Automático", "Manual"}

    dialog.weekly.setValue(0)
    dialog.monthly.setValue(24)
    assert backups.retention(paths.local_settings_file) == Retention(7, 0, 24)
    saved = json.loads(paths.local_settings_file.read_text(encoding="utf-8"))
    assert saved["automatic_backups_retention"] == [7, 0, 24]
    assert dialog.daily.minimum() == 1  # at least the newest day is always kept


def test_restore_is_refused_in_the_dialog_while_another_copy_has_the_store_open(
        qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths) -> None:
    backups.make_backup(db, paths.backups_dir)
    other, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        dialog = _dialog(qtbot, db, paths)
        dialog.restore_button.click()
        assert dialog.error.isVisible()
        assert dialog.error.text().startswith(
            "La base de datos está abierta en otra copia de SWAT Desktop (este equipo")
        assert dialog.confirmation is None
    finally:
        other.dispose()


def test_a_damaged_backup_is_refused_before_anything_is_asked(
        qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths) -> None:
    path = backups.make_backup(db, paths.backups_dir)
    spoil_middle(path)
    dialog = _dialog(qtbot, db, paths)
    dialog.restore_button.click()
    qtbot.waitUntil(dialog.error.isVisible)
    assert "está dañado" in dialog.error.text()
    assert dialog.confirmation is None
    assert dialog.restore_button.isEnabled()


def test_the_menu_makes_a_manual_backup_off_the_gui_thread(
        qtbot: QtBot, db: Database, agent: UserProfile, paths: AppPaths) -> None:
    window = MainWindow(db, agent, paths.local_settings_file, paths.log_file,
                        backups_dir=paths.backups_dir)
    qtbot.addWidget(window)
    assert window.backup_action.shortcut().toString() == "Ctrl+Shift+B"
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Respaldo creado:"))
    [made] = backups.list_backups(paths.backups_dir)
    assert made.kind is BackupKind.MANUAL
    assert str(made.path) in window.statusBar().currentMessage()


@pytest.fixture
def session(qtbot: QtBot, paths: AppPaths) -> Iterator[GuiSession]:
    """The application as run_gui starts it, minus the event loop pytest-qt already runs."""
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput("mrojas", "María Rojas", Role.BACKOFFICE, "C1"))
    identity.remember_login(paths.local_settings_file, "mrojas")
    db.dispose()
    running = GuiSession(None, paths)
    running.upkeep_delay_ms = 0
    try:
        yield running
    finally:
        if running.window is not None:
            running.window.close()
            running.window.deleteLater()
        running.close()


def test_start_up_makes_the_daily_backup_in_the_background_once(
        qtbot: QtBot, session: GuiSession, paths: AppPaths) -> None:
    assert session.start() is None
    assert session.window is not None
    assert session.window.isVisible()
    window = session.window
    assert session.upkeep is not None
    steps: list[str] = []
    session.upkeep.task.progressed.connect(lambda text, _d, _t: steps.append(text))
    qtbot.waitUntil(lambda: "Respaldo automático del día" in window.statusBar().currentMessage())
    assert not window.background.isVisible()  # the status bar's corner is gone once done
    assert upkeep.TIDYING in steps
    [made] = backups.list_backups(paths.backups_dir)
    assert made.kind is BackupKind.AUTOMATIC
    assert made.compressed

    again = session.start_upkeep()  # a later start the same day only checks
    assert again is not None
    with qtbot.waitSignal(again.task.finished):
        pass
    assert backups.list_backups(paths.backups_dir) == [made]


def test_the_work_waits_for_the_window_and_closing_before_it_begins_leaves_nothing(
        qtbot: QtBot, session: GuiSession, paths: AppPaths) -> None:
    session.upkeep_delay_ms = 60_000
    assert session.start() is None
    upkeep_run = session.upkeep
    assert upkeep_run is not None
    qtbot.wait(50)
    assert not upkeep_run.task.running  # not yet: the window is the person's first
    session.stop_upkeep()
    assert upkeep_run.task.cancelled
    assert session.upkeep is None
    assert list(paths.backups_dir.iterdir()) == []


def test_the_status_bar_shows_the_step_and_how_far(qtbot: QtBot, db: Database,
                                                   agent: UserProfile, paths: AppPaths) -> None:
    window = MainWindow(db, agent, paths.local_settings_file, paths.log_file,
                        backups_dir=paths.backups_dir)
    qtbot.addWidget(window)
    window.show()
    window.background.show_step("Copiando la base de datos", 30, 120)
    assert window.background.isVisible()
    assert window.background.label.text() == "Copiando la base de datos… 25 %"
    assert window.background.bar.value() == 25
    window.background.show_step(upkeep.CHECKING, 0, 0)
    assert window.background.label.text() == "Comprobando la base de datos…"
    assert window.background.bar.maximum() == 0  # busy: a check has no steps to count
    window.background.finish()
    assert not window.background.isVisible()


def test_damage_found_by_the_daily_check_is_shown_and_no_backup_is_made(
        qtbot: QtBot, session: GuiSession, paths: AppPaths) -> None:
    break_index_entry(paths.database_file)  # passes the start-up quick_check
    assert session.start() is None
    window = session.window
    assert window is not None

    def warning() -> QMessageBox | None:
        found = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: warning() is not None)
    box = warning()
    assert box is not None
    assert box.windowTitle() == "Base de datos dañada"
    assert "missing from index ix_audit_log_at" in box.text()
    assert box.informativeText().startswith("No se hizo el respaldo automático de hoy")
    assert backups.list_backups(paths.backups_dir) == []
    _button(box, "Respaldos y restauración…").click()
    qtbot.waitUntil(lambda: getattr(window, "backups_dialog", None) is not None
                    and window.backups_dialog.isVisible())
    window.backups_dialog.close()


def test_a_damaged_page_is_found_after_the_window_is_up(
        qtbot: QtBot, session: GuiSession, paths: AppPaths, tmp_path: Path) -> None:
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    user = identity.find_user(db, "mrojas")
    assert user is not None
    base_import.run_import(db, user, base_import.analyze(
        db, write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", good_rows(300))))
    db.dispose()
    overwrite_middle_pages(paths.database_file, seed=13)
    # The window may read a damaged page before the check reaches it: SQLite then raises in
    # the event loop, and the crash reporter says the store is damaged (tests/gui/test_crash).
    with qtbot.capture_exceptions() as raised:
        assert session.start() is None  # bounded checks only before the window
        window = session.window
        assert window is not None
        qtbot.waitUntil(lambda: any(box.isVisible() and box.windowTitle() ==
                                    "Base de datos dañada"
                                    for box in window.findChildren(QMessageBox)))
    assert all("malformed" in str(error) + str(error.__cause__) for _kind, error, _tb in raised)
    assert backups.list_backups(paths.backups_dir) == []


def test_restore_from_the_menu_reopens_the_window_on_the_restored_store(
        qtbot: QtBot, session: GuiSession, paths: AppPaths) -> None:
    assert session.start() is None
    first = session.window
    assert first is not None
    qtbot.waitUntil(lambda: "Respaldo automático" in first.statusBar().currentMessage())
    assert session.db is not None
    identity.save_profile(session.db, ProfileInput("jperez", "Juan Pérez", Role.BACKOFFICE,
                                                   "C1"))  # made after the backup

    first.backups_action.trigger()
    dialog = first.backups_dialog
    assert cell(dialog.table, 0, 1) == "Automático"
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.confirmation is not None
                    and dialog.confirmation.isVisible())
    assert dialog.confirmation is not None
    assert dialog.confirmation.text().startswith("¿Restaurar el respaldo del ")
    _button(dialog.confirmation, "Restaurar").click()

    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible())
    second = session.window
    assert second is not None
    assert second is not first
    assert session.db is not None
    assert identity.find_user(session.db, "jperez") is None
    assert identity.find_user(session.db, "mrojas") is not None
    message = second.statusBar().currentMessage()
    assert "restaurado; la base anterior quedó en" in message
    [aside] = [b for b in backups.list_backups(paths.backups_dir)
               if b.kind is BackupKind.BEFORE_RESTORE]
    with closing(sqlite3.connect(aside.path)) as conn:
        assert ("jperez",) in conn.execute("SELECT login FROM users").fetchall()


def _damaged_store_with_a_backup(paths: AppPaths, tmp_path: Path) -> store.StoreDamaged:
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    user = identity.save_profile(db, ProfileInput("mrojas", "María Rojas", Role.BACKOFFICE,
                                                  "C1"))
    base_import.run_import(db, user, base_import.analyze(
        db, write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", good_rows(300))))
    upkeep.run_daily(db, paths.backups_dir, Retention())
    db.dispose()
    overwrite_middle_pages(paths.database_file, seed=13)
    with pytest.raises(store.StoreDamaged) as caught:
        store.open_store(None, paths.database_file, paths.backups_dir)
    return caught.value


def test_the_integrity_dialog_restores_the_chosen_backup(
        qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    damage = _damaged_store_with_a_backup(paths, tmp_path)
    damaged = paths.database_file.read_bytes()
    dialog = IntegrityDialog(str(damage), damage.path, paths.backups_dir, SystemClock())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.model().rowCount() == 1
    with qtbot.waitSignal(dialog.accepted):
        dialog.restore_button.click()
    assert dialog.restored is not None
    assert dialog.restored.set_aside is not None
    assert dialog.restored.set_aside.read_bytes() == damaged
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        assert identity.find_user(db, "mrojas") is not None
    finally:
        db.dispose()


def test_without_backups_the_integrity_dialog_only_offers_to_quit(
        qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    damage = _damaged_store_with_a_backup(paths, tmp_path)
    dialog = IntegrityDialog(str(damage), damage.path, tmp_path / "sin-respaldos",
                             SystemClock())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.restore_button.isVisible()
    assert dialog.quit_button.isVisible()
    assert dialog.quit_button.isDefault()
    with qtbot.waitSignal(dialog.rejected):
        dialog.quit_button.click()


DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from swat_desktop.cli import main

app = QApplication(sys.argv[:1])
clicked = []

def poll():
    for widget in app.topLevelWidgets():
        name = type(widget).__name__
        if name == "IntegrityDialog" and widget.isVisible() and not clicked:
            clicked.append(widget)
            print("integrity:", widget.windowTitle(), flush=True)
            widget.restore_button.click()
        elif name == "MainWindow" and widget.isVisible():
            print("window:", widget.statusBar().currentMessage(), flush=True)
            app.quit()

timer = QTimer()
timer.timeout.connect(poll)
timer.start(50)
sys.exit(main(["--home", sys.argv[1]]))
"""


def test_a_damaged_store_at_start_up_is_restored_and_the_window_opens(
        paths: AppPaths, tmp_path: Path) -> None:
    """The real start-up in its own process: check, dialog, restore, check again, window.
    Before the window only bounded checks run, so the damage is to the file's header."""
    _damaged_store_with_a_backup(paths, tmp_path)
    data = bytearray(paths.database_file.read_bytes())
    data[:100] = bytes(100)
    paths.database_file.write_bytes(bytes(data))
    identity.remember_login(paths.local_settings_file, "mrojas")
    home = paths.data_dir.parent
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SWAT_DESKTOP_DATABASE_URL", None)
    child = subprocess.run([sys.executable, "-c", DRIVER, str(home)], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=120, check=False)
    assert child.returncode == 0, child.stderr
    lines = child.stdout.splitlines()
    assert lines[0] == "integrity: SWAT Desktop: base de datos dañada"
    assert lines[1].startswith("window: Respaldo automatico-")
    assert "restaurado; la base anterior quedó en" in lines[1]
    log = (home / "logs" / "swat-desktop.log").read_text(encoding="utf-8")
    assert "no es una base de datos SQLite" in log
    assert "Restored " in log
    with closing(sqlite3.connect(paths.database_file)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
