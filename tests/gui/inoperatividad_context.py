"""The AppContext the Inoperatividad pages and dialogs are built from in the tests: the test
store, a hub of its own for ``user``, and folders under the test's tmp_path."""

from __future__ import annotations

from pathlib import Path

from swat_desktop.domain.identity import UserProfile
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.signals import SignalHub
from swat_desktop.services.store import Database


def context_for(db: Database, user: UserProfile, tmp_path: Path) -> AppContext:
    return AppContext(db, SignalHub(user), exports_dir=tmp_path / "exports",
                      keys_dir=tmp_path / "claves")
