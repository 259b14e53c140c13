"""Settings of this computer (``config/local.json``), never shared through the database.

Who is at the keyboard and how many automatic backups of the local file to keep belong to the
machine, not to a store that a célula may share on PostgreSQL.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def read(settings_file: Path) -> dict[str, object]:
    """Everything remembered; an unreadable file counts as empty rather than stopping start-up."""
    try:
        data = json.loads(settings_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("Ignoring unreadable local settings %s: %s", settings_file, exc)
        return {}
    return data if isinstance(data, dict) else {}


def update(settings_file: Path, **values: object) -> None:
    """Written atomically: a crash mid-write must not make the next start forget everything."""
    data = read(settings_file) | values
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = settings_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(settings_file)
