"""The wheel carries everything the app loads at run time, and finds it once installed; and
constraints.txt, the lock every install takes, is in step with pyproject.toml."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "constraints.txt"


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


def test_the_wheel_holds_every_module_resource_and_migration(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for resource in (ROOT / "resources").rglob("*"):
        if resource.is_file():
            relative = resource.relative_to(ROOT / "resources").as_posix()
            assert f"swat_desktop/_resources/{relative}" in names
    for module in (ROOT / "swat_desktop").rglob("*.py"):  # the migrations among them
        assert module.relative_to(ROOT).as_posix() in names


def test_an_installed_wheel_finds_its_resources_and_migrations(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "from swat_desktop.paths import resources_dir; "
        "from swat_desktop.storage.migrate import MIGRATIONS_DIR, head_revision; "
        "from swat_desktop.help_text import readme_text, sections; "
        "print(resources_dir()); print(MIGRATIONS_DIR); print(head_revision()); "
        "found = readme_text(); print(found.source); "
        "print('|'.join(s.title for s in sections(found.markdown)))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, check=True, timeout=60, cwd=tmp_path)
    resources, migrations, head, help_source, help_titles = done.stdout.splitlines()
    assert Path(resources) == site / "swat_desktop" / "_resources"
    assert Path(migrations).is_relative_to(site)
    assert head
    # F1's help: the README travels as the wheel's long description (pyproject readme).
    assert help_source == "metadatos del paquete swat-desktop"
    assert {"Mal escalados", "Inoperatividad", "Línea de comandos"} <= set(
        help_titles.split("|"))


# -- constraints.txt --------------------------------------------------------------------------

# The platforms the lock is for, as environment markers see them (Python 3.11, CPython).
_PYTHON = {"python_version": "3.11", "python_full_version": "3.11.7",
           "implementation_name": "cpython", "platform_python_implementation": "CPython",
           "platform_machine": "x86_64"}
PLATFORMS = {
    "linux": {**_PYTHON, "sys_platform": "linux", "platform_system": "Linux",
              "os_name": "posix"},
    "win32": {**_PYTHON, "sys_platform": "win32", "platform_system": "Windows",
              "os_name": "nt", "platform_machine": "AMD64"},
}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _declared() -> list[tuple[str, Requirement]]:
    """(where, requirement) for every dependency and every extra's dependency."""
    project = _pyproject()
    found = [("dependencies", Requirement(raw)) for raw in project["dependencies"]]
    for extra, raws in project["optional-dependencies"].items():
        found += [(f"extra {extra}", Requirement(raw)) for raw in raws]
    return found


def _applies(marker: Marker | None, platform: str, extra: str = "") -> bool:
    return marker is None or marker.evaluate({**PLATFORMS[platform], "extra": extra})


def _locked() -> list[Requirement]:
    return [Requirement(line.split("#", 1)[0])
            for line in LOCK.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _pins(platform: str) -> dict[str, Version]:
    """Package → the version the lock installs on ``platform``; one each, or the test fails."""
    found: dict[str, Version] = {}
    for pin in _locked():
        if _applies(pin.marker, platform):
            name = canonicalize_name(pin.name)
            assert name not in found, f"{name} is pinned twice for {platform}"
            [spec] = pin.specifier
            found[name] = Version(spec.version)
    return found


def test_the_lock_says_it_is_generated_and_how_to_regenerate_it() -> None:
    head = LOCK.read_text(encoding="utf-8").splitlines()[:2]
    assert head[0].startswith("# Generated by `make lock` (scripts/lock.py) from pyproject.toml")
    assert "To regenerate: make lock" in head[1]


def test_every_line_of_the_lock_is_one_exact_version() -> None:
    locked = _locked()
    assert len(locked) > 30
    for pin in locked:
        [spec] = pin.specifier
        assert (spec.operator, pin.url, pin.extras) == ("==", None, set()), str(pin)
        assert not spec.version.endswith(".*"), str(pin)


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_dependency_and_extra_is_pinned_within_pyproject(platform: str) -> None:
    pins = _pins(platform)
    for where, requirement in _declared():
        if not _applies(requirement.marker, platform):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} ({where}) is not in constraints.txt: make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, {where} asks {requirement}: make lock")


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_the_extras_of_dependencies_are_pinned_too(platform: str) -> None:
    """psycopg[binary] brings psycopg-binary: read from psycopg's installed metadata."""
    pins = _pins(platform)
    for where, requirement in _declared():
        if not requirement.extras or not _applies(requirement.marker, platform):
            continue
        try:
            needs = importlib.metadata.requires(requirement.name) or []
        except importlib.metadata.PackageNotFoundError:
            continue  # an extra's package this environment did not install
        for raw in needs:
            needed = Requirement(raw)
            if needed.marker is None or "extra" not in str(needed.marker):
                continue
            if any(_applies(needed.marker, platform, extra) for extra in requirement.extras):
                assert canonicalize_name(needed.name) in pins, (
                    f"{needed.name}, from {requirement} ({where}), is not in constraints.txt")


def test_pyside6_stays_at_6_11() -> None:
    """6.12.0 leaks references to None on Python 3.11 (tests/gui keep the refcount check)."""
    for platform in PLATFORMS:
        pins = _pins(platform)
        assert pins["pyside6-essentials"].release[:2] == (6, 11)
        assert pins["shiboken6"] == pins["pyside6-essentials"]


def test_every_install_takes_the_lock() -> None:
    """The Makefile (make test, run, bench, bundle, and so CI), the build script's advice and
    the README's Windows steps: every pip install of the project reads constraints.txt."""
    files = ["Makefile", "README.md", "installer/README.md", "installer/build.py",
             "bench/bench_import.py"]
    installs = [
        (name, line) for name in files
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
        if re.search(r"pip install (?!--quiet --upgrade pip)", line)
    ]
    assert len(installs) >= 6
    for name, line in installs:
        assert re.search(r"-c (\$\(LOCK\)|constraints\.txt)", line), f"{name}: {line.strip()}"
