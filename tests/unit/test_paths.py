from pathlib import Path

import pytest

from swat_desktop import paths as paths_module
from swat_desktop.paths import HOME_ENV, find_resources_dir, resolve_paths


def test_home_option_puts_everything_under_one_folder(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path)
    assert paths.database_file == tmp_path / "data" / "swat_desktop.sqlite3"
    for folder in (paths.data_dir, paths.config_dir, paths.backups_dir, paths.exports_dir,
                   paths.logs_dir):
        assert folder.parent == tmp_path
    paths.ensure()
    assert all(p.is_dir() for p in (paths.backups_dir, paths.logs_dir))
    assert not paths.exports_dir.exists()  # made by the first export, not at every start


def test_environment_variable_is_used_when_no_option_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "env-home"))
    assert resolve_paths().data_dir == tmp_path / "env-home" / "data"
    assert resolve_paths(tmp_path / "opt").data_dir == tmp_path / "opt" / "data"


def test_without_home_the_platform_user_folders_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(HOME_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths = resolve_paths()
    assert paths.data_dir == tmp_path / "xdg-data" / "SWAT Desktop"
    assert paths.config_dir == tmp_path / "xdg-config" / "SWAT Desktop"
    assert paths.backups_dir == paths.data_dir / "backups"


def _resources(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "style.qss").write_text("QWidget {}")
    return root


def test_resources_are_found_in_a_source_checkout() -> None:
    found = paths_module.resources_dir()
    assert found == Path(paths_module.__file__).resolve().parent.parent / "resources"
    assert (found / "icons" / "app.svg").is_file()


def test_a_frozen_bundle_wins_over_everything_else(tmp_path: Path) -> None:
    package = tmp_path / "site" / "swat_desktop"
    _resources(package / "_resources")
    bundle = _resources(tmp_path / "bundle" / "resources")
    assert find_resources_dir(package, tmp_path / "bundle") == bundle
    assert find_resources_dir(package, None) == package / "_resources"


def test_missing_resources_are_reported_in_spanish(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="No se encontraron los recursos"):
        find_resources_dir(tmp_path / "swat_desktop", None)
