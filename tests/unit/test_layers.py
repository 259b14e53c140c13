"""The README's layers (Desarrollo → Capas), checked on the import statements themselves.

domain imports nothing of the project nor Qt nor SQL; gui and cli reach the store only through
services; storage knows nothing of services, io, gui or Qt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "swat_desktop"

FORBIDDEN = {
    "domain": ("swat_desktop.storage", "swat_desktop.services", "swat_desktop.io",
               "swat_desktop.gui", "swat_desktop.cli", "sqlalchemy", "alembic", "PySide6"),
    "storage": ("swat_desktop.services", "swat_desktop.io", "swat_desktop.gui",
                "swat_desktop.cli", "PySide6"),
    "io": ("swat_desktop.storage", "swat_desktop.services", "swat_desktop.gui",
           "sqlalchemy", "PySide6"),
    "services": ("swat_desktop.gui", "swat_desktop.cli", "PySide6"),
    "gui": ("swat_desktop.storage", "swat_desktop.io", "sqlalchemy", "alembic"),
    # The in-app help's text: Qt renders it in gui/help_dialog.py, the self-test reads it too.
    "help_text.py": ("swat_desktop.storage", "swat_desktop.services", "swat_desktop.gui",
                     "sqlalchemy", "PySide6"),
}
# The command line and each group of its sub-commands (cli_*.py), like the GUI, reach the
# store only through services.
FORBIDDEN |= {
    path.name: ("swat_desktop.storage", "swat_desktop.io", "sqlalchemy", "alembic", "PySide6")
    for path in sorted(PACKAGE.glob("cli*.py"))
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down_only(layer: str) -> None:
    target = PACKAGE / layer
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files
    wrong = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in files
        for name in sorted(_imports(path))
        if name.startswith(FORBIDDEN[layer]) and not name.startswith("swat_desktop.gui.forms")
    ]
    assert wrong == []
