"""What the window gets from open_store: an opaque handle it can pass to services and read the
clock, name and file of, never a session or the engine (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import AppPaths
from swat_desktop.services import catalogue, identity, store
from swat_desktop.services.handle import StoreHandle, database
from swat_desktop.storage.database import Database


@pytest.fixture
def handle(db_url: str, paths: AppPaths, clock: FixedClock) -> Iterator[StoreHandle]:
    opened, _ = store.open_store(db_url, paths.database_file, paths.backups_dir, clock)
    yield opened
    opened.dispose()


def test_the_handle_shows_the_clock_name_and_file_only(
        handle: StoreHandle, clock: FixedClock) -> None:
    assert isinstance(handle, StoreHandle)
    assert handle.clock is clock
    assert handle.display_name == database(handle).display_name
    assert handle.sqlite_path == database(handle).sqlite_path
    for inside in ("session_scope", "engine", "write_connection", "url", "presence"):
        assert not hasattr(handle, inside), inside
    with pytest.raises(AttributeError):
        handle.anything = 1  # type: ignore[attr-defined]  # no slot for what services hide


def test_services_take_the_handle_or_the_database(handle: StoreHandle) -> None:
    inner = database(handle)
    assert isinstance(inner, Database)
    assert database(inner) is inner
    saved = identity.save_profile(handle, ProfileInput("bo1", "Back Office", Role.BACKOFFICE,
                                                       "C1"))
    assert identity.find_user(inner, "bo1") == saved
    assert catalogue.list_causales(handle) == catalogue.list_causales(inner)
    assert store.database_info(handle).location == handle.display_name
