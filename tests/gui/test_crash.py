"""The global exception hook writes the traceback to the log and shows a Spanish dialog."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from swat_desktop.app_logging import configure_logging
from swat_desktop.gui.crash import MAX_OPEN_DIALOGS, install_excepthook


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "logs" / "swat-desktop.log"
    handlers = list(logging.getLogger().handlers)
    configure_logging(path)
    yield path
    for handler in logging.getLogger().handlers:
        if handler not in handlers:
            logging.getLogger().removeHandler(handler)
            handler.close()


@pytest.fixture
def hooks_restored() -> Iterator[None]:
    saved = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = saved


def _raise_and_report() -> None:
    try:
        {}["causal_inexistente"]
    except KeyError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]


def _error_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.mark.usefixtures("hooks_restored")
def test_an_unhandled_error_is_logged_and_shown_in_spanish(qtbot: QtBot, log_file: Path) -> None:
    reporter = install_excepthook(log_file)
    assert sys.excepthook is reporter
    _raise_and_report()

    logged = log_file.read_text(encoding="utf-8")
    assert "CRITICAL" in logged
    assert "Error no controlado" in logged
    assert "Traceback (most recent call last)" in logged
    assert "KeyError: 'causal_inexistente'" in logged

    [box] = _error_boxes()
    qtbot.addWidget(box)
    assert box.windowTitle() == "Error inesperado"
    assert box.text() == "Ocurrió un error inesperado y la última acción no terminó."
    assert str(log_file) in box.informativeText()
    assert "KeyError" in box.detailedText()
    box.close()


@pytest.mark.usefixtures("hooks_restored")
def test_a_loop_of_errors_does_not_bury_the_screen(qtbot: QtBot, log_file: Path) -> None:
    install_excepthook(log_file)
    for _ in range(MAX_OPEN_DIALOGS + 3):
        _raise_and_report()
    boxes = _error_boxes()
    for box in boxes:
        qtbot.addWidget(box)
    assert len(boxes) == MAX_OPEN_DIALOGS
    assert log_file.read_text(encoding="utf-8").count("Error no controlado") == MAX_OPEN_DIALOGS + 3
    for box in boxes:
        box.close()


@pytest.mark.usefixtures("hooks_restored")
def test_errors_in_worker_threads_are_logged(log_file: Path) -> None:
    install_excepthook(log_file)

    def work() -> None:
        raise ValueError("fecha inválida en la fila 7")

    worker = threading.Thread(target=work, name="importador")
    worker.start()
    worker.join()
    logged = log_file.read_text(encoding="utf-8")
    assert "Error no controlado en el hilo importador" in logged
    assert "ValueError: fecha inválida en la fila 7" in logged


@pytest.mark.usefixtures("hooks_restored")
def test_a_busy_or_lost_database_says_so_and_to_try_again(qtbot: QtBot, log_file: Path) -> None:
    install_excepthook(log_file)
    try:
        raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    [box] = _error_boxes()
    assert box.windowTitle() == "Base de datos no disponible"
    assert "vuelva a intentarlo en unos segundos" in box.informativeText()
    assert "database is locked" in box.detailedText()
    box.close()


@pytest.mark.usefixtures("hooks_restored")
def test_a_damaged_database_says_so_and_the_way_back(qtbot: QtBot, log_file: Path) -> None:
    install_excepthook(log_file)
    try:
        raise sqlite3.DatabaseError("database disk image is malformed")
    except sqlite3.DatabaseError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    [box] = _error_boxes()
    assert box.windowTitle() == "Base de datos dañada"
    assert "Archivo → Respaldos y restauración…" in box.informativeText()
    box.close()


@pytest.mark.usefixtures("hooks_restored")
def test_a_known_store_error_shows_what_storage_said_to_do(
        qtbot: QtBot, log_file: Path, tmp_path: Path) -> None:
    """A real one: a save on a store opened read-only reaches the hook as StoreUnavailable."""
    from swat_desktop.domain.clock import FixedClock
    from swat_desktop.services.store import Database, StoreUnavailable
    from swat_desktop.storage.database import sqlite_url
    from swat_desktop.storage.models import Setting
    from tests.conftest import TEST_NOW

    path = tmp_path / "store.sqlite3"
    Database(sqlite_url(path)).engine.dispose()
    with sqlite3.connect(path) as conn:  # just the table the save needs
        conn.execute("CREATE TABLE settings (key VARCHAR PRIMARY KEY, value JSON, "
                     "updated_at DATETIME)")
    db = Database(f"sqlite:///file:{path}?mode=ro&uri=true", FixedClock(TEST_NOW))
    install_excepthook(log_file)
    try:
        with db.session_scope(write=True) as session:
            session.add(Setting(key="a", value=1, updated_at=TEST_NOW))
    except StoreUnavailable:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        db.dispose()
    [box] = _error_boxes()
    assert box.windowTitle() == "Base de datos no disponible"
    assert box.informativeText().startswith("La base de datos ")
    assert "es de solo lectura: revise los permisos" in box.informativeText()
    assert str(log_file) in box.informativeText()
    box.close()


@pytest.mark.usefixtures("hooks_restored")
def test_a_drivers_bug_is_an_unexpected_error_not_a_busy_store(
        qtbot: QtBot, log_file: Path) -> None:
    """Told by class: a constraint the code broke is a bug to report, not "try again"."""
    install_excepthook(log_file)
    try:
        raise sqlite3.IntegrityError("UNIQUE constraint failed: causales.code")
    except sqlite3.IntegrityError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    [box] = _error_boxes()
    assert box.windowTitle() == "Error inesperado"
    box.close()


@pytest.mark.usefixtures("hooks_restored")
def test_a_damage_found_by_a_use_case_says_the_way_back(qtbot: QtBot, log_file: Path) -> None:
    from swat_desktop.services.store import StoreCorrupt, Trouble

    install_excepthook(log_file)
    try:
        raise StoreCorrupt("La base de datos x está dañada: restaure un respaldo.",
                           Trouble.DAMAGED)
    except StoreCorrupt:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    [box] = _error_boxes()
    assert box.windowTitle() == "Base de datos dañada"
    box.close()
