"""`swat-desktop` really starts: a child process on the offscreen platform stays up cleanly."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import resolve_paths
from swat_desktop.services import identity, store

STAY_UP_SECONDS = 4


def _start(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SWAT_DESKTOP_HOME": str(home)}
    env.pop("SWAT_DESKTOP_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "swat_desktop", *args], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _stays_up(process: subprocess.Popen[str]) -> tuple[bool, str]:
    deadline = time.monotonic() + STAY_UP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    alive = process.poll() is None
    process.kill()
    _, err = process.communicate(timeout=30)
    return alive, err


def _log(home: Path) -> str:
    return (home / "logs" / "swat-desktop.log").read_text(encoding="utf-8")


def test_first_start_creates_the_store_and_waits_for_identification(tmp_path: Path) -> None:
    alive, err = _stays_up(_start(tmp_path))
    assert alive, err
    assert (tmp_path / "data" / "swat_desktop.sqlite3").exists()
    log = _log(tmp_path)
    assert "Starting SWAT Desktop" in log
    assert "Asking who is using the application" in log
    assert "Main window shown" not in log  # nobody identified yet
    assert "Traceback" not in log + err
    assert " ERROR " not in log


def test_a_known_user_goes_straight_to_the_main_window(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path).ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput("mrojas", "María Rojas", Role.AGENTE_CELULA, "C1"))
    db.dispose()
    identity.remember_login(paths.local_settings_file, "mrojas")

    alive, err = _stays_up(_start(tmp_path))
    assert alive, err
    log = _log(tmp_path)
    assert "Main window shown for mrojas" in log
    assert "Asking who" not in log
    assert "Traceback" not in log + err


def test_a_store_that_cannot_be_opened_is_explained_not_crashed_on(tmp_path: Path) -> None:
    bad = tmp_path / "otra.sqlite3"
    bad.write_bytes(b"no es una base de datos" * 64)
    alive, err = _stays_up(_start(tmp_path, "--database-url", f"sqlite:///{bad}"))
    assert alive, err  # the Spanish error dialog is waiting for the user
    assert f"No se puede abrir la base de datos {bad}" in _log(tmp_path)
    assert "Traceback" not in err
    assert bad.read_bytes() == b"no es una base de datos" * 64


def test_an_unexpected_start_up_failure_is_shown_not_silent(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path).ensure()
    paths.local_settings_file.write_text('{"current_login": "mrojas"}', encoding="utf-8")
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    db.dispose()
    # A store broken behind the application's back.
    with closing(sqlite3.connect(paths.database_file)) as conn, conn:
        conn.execute("DROP TABLE audit_log")
        conn.execute("ALTER TABLE users RENAME TO users_old")
    alive, err = _stays_up(_start(tmp_path))
    assert alive, err  # waiting on the error dialog
    log = _log(tmp_path)
    assert "Start-up failed" in log
    assert "Traceback" in log  # the details went to the log file
