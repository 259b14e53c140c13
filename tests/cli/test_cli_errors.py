"""What a person reads when the machine, not the input, is the problem: one Spanish line that
says what to do, never "Error inesperado" or an English traceback.

Each case is made for real: a disk that fills up (a tiny tmpfs, in a child process of its own),
a second import while a first one holds the store, an output folder that is missing or is a
file, a logs folder that cannot be written.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from swat_desktop.app_logging import STDERR, where_logged
from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import base_import, identity, store
from swat_desktop.storage.database import SQLITE_BUSY_TIMEOUT_MS
from tests import tiny_disk
from tests.fixtures.workbooks import write_csv

LOGIN = "bo1"


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    paths = resolve_paths(tmp_path / "h").ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput(LOGIN, "Laura García", Role.BACKOFFICE, "C1"))
    db.dispose()
    return paths


def _base(folder: Path, accounts: int, first: int = 0, day: str = "21-11-2026") -> Path:
    rows = [[str(800_000 + first + i), datetime(2026, 11, 21, 8, i % 60), f"ecm{i % 30:03d}",
             f"Asesora {i % 30}", "Lucía Peña", "Bogotá", f"Falla reportada {i}"]
            for i in range(accounts)]
    return write_csv(folder / f"Base Mal Escalados {day}.csv", rows)


def _one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert "inesperado" not in err
    return err.strip()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _bases(paths: AppPaths) -> list[str]:
    with closing(sqlite3.connect(paths.database_file)) as conn:
        return [name for (name,) in conn.execute("SELECT file_name FROM mal_escalado_bases")]


def test_form_blank_into_a_missing_folder_says_to_create_it(
        home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "no-existe" / "formato.pdf"
    code, out, err = _run(capsys, "--home", str(home.data_dir.parent), "form", "blank",
                          "-o", str(target))
    assert (code, out) == (EXIT_ERROR, "")
    assert _one_line(err) == (f"Error: No se pudo guardar {target}: no existe la carpeta "
                              f"{target.parent}. Créela o elija otra carpeta.")
    assert not target.parent.exists()


def test_rejected_rows_into_a_missing_folder_are_refused_before_importing(
        home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = _base(tmp_path, 3)
    target = tmp_path / "no-existe" / "rechazos.xlsx"
    code, out, err = _run(capsys, "--home", str(home.data_dir.parent), "import-base",
                          str(base), "--usuario", LOGIN, "--rechazos", str(target))
    assert (code, out) == (EXIT_ERROR, "")
    assert _one_line(err) == (f"Error: No se pudo guardar {target}: no existe la carpeta "
                              f"{target.parent}. Créela o elija otra carpeta.")
    assert _bases(home) == []  # not imported, then found unsaveable


@pytest.mark.parametrize("report", [
    ("corte", "--periodo", "semanal", "--fecha", "21/11/2026"),
    ("consolidado", "--desde", "01/11/2026", "--hasta", "30/11/2026"),
    ("inoperatividad", "--desde", "01/11/2026", "--hasta", "30/11/2026"),
])
def test_salida_pointing_at_a_file_says_it_must_be_a_folder(
        home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        report: tuple[str, ...]) -> None:
    exported = tmp_path / "informe.xlsx"
    exported.write_bytes(b"an earlier export")
    code, out, err = _run(capsys, "--home", str(home.data_dir.parent), "report", *report,
                          "--salida", str(exported), "--usuario", LOGIN)
    assert (code, out) == (EXIT_ERROR, "")
    assert _one_line(err) == (f"Error: No se pueden guardar los archivos en {exported}: es un "
                              "archivo, no una carpeta. Elija una carpeta.")
    assert exported.read_bytes() == b"an earlier export"


def test_a_second_import_while_the_first_holds_the_store_says_to_wait(
        home: AppPaths, tmp_path: Path) -> None:
    """The first import (a real one, paused while it inserts, as a 100,000-row base takes
    seconds) holds the write lock longer than the busy timeout; a second one, started from
    the command line meanwhile, gives up in Spanish and writes nothing."""
    first = _base(tmp_path, 2000, day="20-11-2026")
    second = _base(tmp_path, 2000, first=5000)
    inserting, release = threading.Event(), threading.Event()
    db, _ = store.open_store(None, home.database_file, home.backups_dir)
    actor = identity.find_user(db, LOGIN)
    assert actor is not None
    plan = base_import.analyze(db, first)

    def pause(stage: str, _done: int, _total: int) -> None:
        if stage == "Guardando cuentas" and not inserting.is_set():
            inserting.set()
            assert release.wait(120)

    importer = threading.Thread(target=base_import.run_import, args=(db, actor, plan),
                                kwargs={"progress": pause})
    importer.start()
    try:
        assert inserting.wait(120)
        done = subprocess.run(
            [sys.executable, "-m", "swat_desktop", "--home", str(home.data_dir.parent),
             "import-base", str(second), "--usuario", LOGIN],
            capture_output=True, text=True, timeout=120 + SQLITE_BUSY_TIMEOUT_MS / 1000,
            check=False)
    finally:
        release.set()
        importer.join()
        db.dispose()
    assert (done.returncode, done.stdout) == (EXIT_ERROR, "")
    line = _one_line(done.stderr)
    assert line.startswith(f"Error: La base de datos {home.database_file} está ocupada: otra "
                           "persona o programa está guardando un cambio grande")
    assert line.endswith("Espere a que termine y vuelva a intentar; no se cambió nada.")
    assert _bases(home) == [first.name]  # the first went in whole, the second not at all


def test_a_full_disk_during_an_import_says_to_free_space_and_writes_nothing(
        home: AppPaths, tmp_path: Path) -> None:
    """The store on a real disk with 512 kB to spare, which a 20,000-row base fills."""
    tiny_disk.require()
    seed = tmp_path / "seed.sqlite3"
    with closing(sqlite3.connect(home.database_file)) as source, \
            closing(sqlite3.connect(seed)) as copy:
        source.backup(copy)
    base = _base(tmp_path, 20_000)
    size_kb = seed.stat().st_size // 1024 + 512
    data = home.data_dir
    check = (f"{sys.executable} -c \"import sqlite3; c = sqlite3.connect('{data}/"
             f"{home.database_file.name}'); print('integrity', c.execute('PRAGMA "
             "integrity_check').fetchone()[0]); print('bases', c.execute('SELECT count(*) "
             "FROM mal_escalado_bases').fetchone()[0])\"")
    done = tiny_disk.run_on_tiny_disk(
        data, size_kb, [f"cp {seed} {data}/{home.database_file.name}"],
        [sys.executable, "-m", "swat_desktop", "--home", str(data.parent), "import-base",
         str(base), "--usuario", LOGIN], [check])
    assert "exit=1" in done.stdout, (done.stdout, done.stderr)
    line = _one_line(done.stderr)
    assert line == (f"Error: El disco de la base de datos {home.database_file} está lleno: "
                    "libere espacio en ese disco (borre archivos que no necesite, vacíe la "
                    "papelera) y vuelva a intentar; no se cambió nada.")
    assert "integrity ok" in done.stdout
    assert "bases 0" in done.stdout


def _unwritable_logs(paths: AppPaths, how: str) -> None:
    logs = paths.logs_dir
    if how == "a file where the folder should be":
        logs.rmdir()
        logs.write_text("not a folder")
        return
    logs.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.access(logs, os.W_OK):  # root writes anyway: that case is the file above
        logs.chmod(stat.S_IRWXU)
        pytest.skip("running as root: a read-only folder is still writable")


@pytest.mark.parametrize("how", ["a file where the folder should be", "a read-only folder"])
def test_an_unwritable_log_folder_stops_no_command(
        home: AppPaths, capsys: pytest.CaptureFixture[str], how: str) -> None:
    _unwritable_logs(home, how)
    try:
        code, out, err = _run(capsys, "--home", str(home.data_dir.parent), "db", "info")
        assert code == 0, err
        assert "Revisión:" in out
        assert _one_line(err).startswith(
            f"Aviso: no se puede escribir el registro en {home.log_file} (")
        assert err.rstrip().endswith("los mensajes del registro van a la salida de errores "
                                     "(stderr).")
        # "Error inesperado; los detalles quedaron en …" then names where they really are.
        assert where_logged() == STDERR
    finally:
        if home.logs_dir.is_dir():
            home.logs_dir.chmod(stat.S_IRWXU)


def test_output_into_a_pipe_nobody_reads_is_not_an_unexpected_error(home: AppPaths) -> None:
    """«swat-desktop backup --listar | head -0»: the reader is gone before the first line."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "swat_desktop", "--home", str(home.data_dir.parent),
             "backup", "--listar"], stdout=write_end, stderr=subprocess.PIPE, text=True,
            timeout=120, check=False)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (EXIT_ERROR, "")
    assert "BrokenPipe" not in home.log_file.read_text(encoding="utf-8")
