"""The README's first steps on a fresh computer, through the installed console script in its
own process: a profile made and picked with ``usuario``, then a base imported, no window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from swat_desktop.io.sample_base import DEFAULT_BASE_DAY, write_sample_base
from swat_desktop.paths import HOME_ENV, resolve_paths
from swat_desktop.services import bases, identity, store
from swat_desktop.storage.database import DATABASE_URL_ENV

ROWS = 40


def _swat(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The ``swat-desktop`` script pip put next to this interpreter (.venv/bin), as typed."""
    script = Path(sys.executable).parent / "swat-desktop"
    env = {key: value for key, value in os.environ.items() if key != DATABASE_URL_ENV}
    env[HOME_ENV] = str(home)
    return subprocess.run([str(script), *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False, cwd=home.parent)


def test_a_fresh_home_gets_a_profile_and_imports_a_base_without_the_window(
        tmp_path: Path) -> None:
    home = tmp_path / "equipo-nuevo"
    assert not home.exists()
    base = write_sample_base(tmp_path / "Base Mal Escalados del día.xlsx", ROWS)

    refused = _swat(home, "import-base", str(base), "--fecha", "2026-11-21")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Error: No hay un usuario recordado en este equipo: cree "
                                     "su perfil con swat-desktop usuario crear")

    created = _swat(home, "usuario", "crear", "aruiz", "--nombre", "Ana Ruiz", "--rol",
                    "backoffice", "--unidad", "Célula Soporte Bogotá")
    assert (created.returncode, created.stderr) == (0, "")
    assert created.stdout.startswith("Perfil creado: Ana Ruiz (aruiz), Backoffice")
    used = _swat(home, "usuario", "usar", "aruiz")
    assert (used.returncode, used.stderr) == (0, "")

    imported = _swat(home, "import-base", str(base), "--fecha", "2026-11-21")
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout.startswith(
        f"Base del 21/11/2026 (Base Mal Escalados del día.xlsx): {ROWS} cuentas importadas")

    paths = resolve_paths(home)
    assert identity.remembered_login(paths.local_settings_file) == "aruiz"
    db = store.connect(None, paths.database_file)
    try:
        [stored] = bases.list_bases(db)  # what the window's Bases… dialog lists
    finally:
        db.dispose()
    assert (stored.base_date, stored.imported, stored.reviewed) == (DEFAULT_BASE_DAY, ROWS, 0)
    assert stored.imported_by == "Ana Ruiz"
