"""The one place that knows where SWAT Desktop keeps files.

Everything lives in platformdirs' per-user folders unless a single home folder is given
(``--home`` or ``SWAT_DESKTOP_HOME``): portable installs and tests put the whole state there.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from swat_desktop import APP_NAME

HOME_ENV = "SWAT_DESKTOP_HOME"
DATABASE_FILENAME = "swat_desktop.sqlite3"
LOG_FILENAME = "swat-desktop.log"
# The private keys that sign this computer's event packages, one per attention point: in the
# per-user configuration folder, never in the database (which is backed up, restored and may
# be shared) and never in a backup.
PACKAGE_KEYS_FOLDER = "claves-paquetes"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    backups_dir: Path
    exports_dir: Path
    logs_dir: Path

    @property
    def database_file(self) -> Path:
        return self.data_dir / DATABASE_FILENAME

    @property
    def log_file(self) -> Path:
        return self.logs_dir / LOG_FILENAME

    @property
    def local_settings_file(self) -> Path:
        """Per-machine settings (who is using this computer), never shared through the database."""
        return self.config_dir / "local.json"

    @property
    def package_keys_dir(self) -> Path:
        """Where an attention point's signing key lives: io/package_keys.py."""
        return self.config_dir / PACKAGE_KEYS_FOLDER

    def ensure(self) -> AppPaths:
        # Not exports_dir: Documents may be redirected or offline, and only an export needs it.
        for folder in (self.data_dir, self.config_dir, self.backups_dir):
            folder.mkdir(parents=True, exist_ok=True)
        # A logs folder that cannot be made stops nothing: logging says so and uses stderr.
        with contextlib.suppress(OSError):
            self.logs_dir.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    """Return the folders to use: ``home`` wins, then ``SWAT_DESKTOP_HOME``, then platformdirs."""
    chosen = home or os.environ.get(HOME_ENV) or None
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(
            data_dir=root / "data",
            config_dir=root / "config",
            backups_dir=root / "backups",
            exports_dir=root / "exports",
            logs_dir=root / "logs",
        )
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    data = Path(dirs.user_data_dir)
    return AppPaths(
        data_dir=data,
        config_dir=Path(dirs.user_config_dir),
        backups_dir=data / "backups",
        exports_dir=Path(platformdirs.user_documents_dir()) / APP_NAME,
        logs_dir=Path(dirs.user_log_dir),
    )


def resources_dir() -> Path:
    """Locate ``resources/`` in a frozen bundle, a source checkout or an installed wheel."""
    package_dir = Path(__file__).resolve().parent
    frozen_root = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    return find_resources_dir(package_dir, Path(frozen_root) if frozen_root else None)


def find_resources_dir(package_dir: Path, frozen_root: Path | None) -> Path:
    candidates = []
    if frozen_root is not None:
        candidates.append(frozen_root / "resources")
    candidates += [
        package_dir.parent / "resources",  # source checkout and editable install
        package_dir / "_resources",  # wheel: see [tool.setuptools] package-dir
    ]
    for candidate in candidates:
        if (candidate / "style.qss").is_file():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"No se encontraron los recursos de la aplicación en: {searched}")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
