"""Every service test that uses a store runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from tests.backends import parametrize_backends


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_backends(metafunc)
