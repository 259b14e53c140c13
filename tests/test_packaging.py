"""The wheel carries everything the app loads at run time, and finds it once installed."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )
    [built] = out.glob("swat_desktop-*.whl")
    return built


def test_the_package_list_names_every_package_folder() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    folders = {
        ".".join(p.relative_to(ROOT).parts)
        for p in (ROOT / "swat_desktop").rglob("*") if p.is_dir() and p.name != "__pycache__"
    } | {"swat_desktop"}
    resources = {
        ".".join(("swat_desktop", "_resources", *p.relative_to(ROOT / "resources").parts))
        for p in (ROOT / "resources").rglob("*") if p.is_dir()
    } | {"swat_desktop._resources"}
    assert listed == folders | resources


def test_the_wheel_holds_resources_migrations_and_forms(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for resource in (ROOT / "resources").rglob("*"):
        if resource.is_file():
            relative = resource.relative_to(ROOT / "resources").as_posix()
            assert f"swat_desktop/_resources/{relative}" in names
    for migration in (ROOT / "swat_desktop" / "storage" / "migrations").rglob("*.py"):
        assert migration.relative_to(ROOT).as_posix() in names
    assert "swat_desktop/gui/forms/ui_identity_dialog.py" in names


def test_an_installed_wheel_finds_its_resources_and_migrations(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "from swat_desktop.paths import resources_dir; "
        "from swat_desktop.storage.migrate import MIGRATIONS_DIR, head_revision; "
        "print(resources_dir()); print(MIGRATIONS_DIR); print(head_revision())"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, check=True, timeout=60, cwd=tmp_path)
    resources, migrations, head = done.stdout.splitlines()
    assert Path(resources) == site / "swat_desktop" / "_resources"
    assert Path(migrations).is_relative_to(site)
    assert head
