"""What every page of the window is built from: the store, the hub and the folders.

One object instead of five parameters handed down each constructor; the current user is the
hub's (``ctx.user``), so a page built late needs no parent to tell it who is working.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from swat_desktop.domain.clock import Clock
from swat_desktop.domain.identity import UserProfile
from swat_desktop.gui.signals import SignalHub
from swat_desktop.services.store import StoreHandle


@dataclass(frozen=True)
class AppContext:
    store: StoreHandle
    hub: SignalHub
    exports_dir: Path | None = None
    settings_file: Path | None = None  # the per-machine settings (config/local.json)
    keys_dir: Path | None = None  # the point's package signing keys

    @property
    def user(self) -> UserProfile:
        return self.hub.user

    @property
    def clock(self) -> Clock:
        return self.store.clock
