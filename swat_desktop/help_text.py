"""The in-app help (F1) is the README: found in a source checkout, a PyInstaller bundle or an
installed wheel, and cut into its ``##`` sections so a screen can open at its own.

One text for the repository and the window: a second help text would drift from the README
the first time one of them changed. No Qt here; gui/help_dialog.py renders the Markdown.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from dataclasses import dataclass
from pathlib import Path

README = "README.md"
DISTRIBUTION = "swat-desktop"
_FENCE = re.compile(r"^\s*(```|~~~)")
_SECTION = re.compile(r"^## (?P<title>.+?)\s*#*\s*$")


@dataclass(frozen=True)
class HelpText:
    markdown: str
    source: str  # where it was read, for the self-test and support


@dataclass(frozen=True)
class Section:
    title: str
    markdown: str  # from its "## title" line up to the next one, subsections included


def readme_text() -> HelpText | None:
    """The README of this copy of the application, or None if it did not travel with it."""
    package_dir = Path(__file__).resolve().parent
    frozen_root = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    return find_readme(package_dir, Path(frozen_root) if frozen_root else None)


def find_readme(package_dir: Path, frozen_root: Path | None) -> HelpText | None:
    candidates = [] if frozen_root is None else [frozen_root / README]  # installer/*.spec
    # A checkout (editable install included): the README beside pyproject.toml, never a
    # README.md some other package left in site-packages.
    if (package_dir.parent / "pyproject.toml").is_file():
        candidates.append(package_dir.parent / README)
    for candidate in candidates:
        if candidate.is_file():
            return HelpText(candidate.read_text(encoding="utf-8"), str(candidate))
    # A wheel: pyproject.toml's readme is the long description in the package's metadata.
    try:
        metadata = importlib.metadata.metadata(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    body = metadata.get_payload() or metadata.get("Description") or ""  # type: ignore[attr-defined]
    return HelpText(body, f"metadatos del paquete {DISTRIBUTION}") if body.strip() else None


def sections(markdown: str) -> list[Section]:
    """The ``##`` sections in order; a ``## `` line inside a fenced code block is code (the
    README's shell examples have ``# comments``), not a heading."""
    found: list[tuple[str, list[str]]] = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _SECTION.match(line)
        if heading:
            found.append((heading["title"], []))
        if found:
            found[-1][1].append(line)
    return [Section(title, "\n".join(lines).strip() + "\n") for title, lines in found]
