"""The README's layers (Desarrollo → Capas), checked on the import statements themselves,
relative ones included.

domain imports nothing of the project nor Qt nor SQL; gui and cli reach the store only through
services; storage knows nothing of services, io, gui or Qt. The GUI holds an opaque store
handle: no module of it opens a session or reaches the engine, even through an object a
service returned.
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


# What only services may touch of the store: its sessions, its engine, the Database behind the
# GUI's handle (services.handle.database and the handle's slot).
STORE_INTERNALS = frozenset({"session_scope", "engine", "sessionmaker", "write_connection",
                             "_database"})


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _module_of(path: Path) -> list[str]:
    """The dotted package that holds ``path``: swat_desktop/gui/a/b.py → swat_desktop.gui.a."""
    return ["swat_desktop", *path.relative_to(PACKAGE).parent.parts]


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module a ``from … import`` in ``path`` names, a relative one resolved."""
    if not node.level:
        return node.module or ""
    package = _module_of(path)
    base = ".".join(package[:len(package) - (node.level - 1)])
    return f"{base}.{node.module}" if node.module else base


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved, and each name imported from a
    module as module.name too (``from swat_desktop import storage`` is storage)."""
    names: set[str] = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, path)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_relative_imports_are_resolved() -> None:
    """The check above would be blind to ``from ..storage import models`` otherwise."""
    path = PACKAGE / "gui" / "mal_escalados" / "page.py"
    module = ast.parse("from ...storage import models\nfrom . import case_model\n")
    found = {_absolute(node, path) for node in module.body if isinstance(node, ast.ImportFrom)}
    assert found == {"swat_desktop.storage", "swat_desktop.gui.mal_escalados"}


def test_the_gui_cannot_reach_a_session_or_the_engine() -> None:
    """An AST walk of every GUI module: no attribute or name that opens a session, reaches the
    engine, or unwraps the store handle, whatever object it is called on."""
    wrong = []
    for path in sorted((PACKAGE / "gui").rglob("*.py")):
        for node in ast.walk(_tree(path)):
            name = (node.attr if isinstance(node, ast.Attribute)
                    else node.id if isinstance(node, ast.Name)
                    else None)
            if name in STORE_INTERNALS:
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} uses {name}")
        wrong += [f"{path.relative_to(PACKAGE)} imports {name}" for name in _imports(path)
                  if name == "swat_desktop.services.handle.database"]
    assert wrong == []


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
