"""Alembic environment: runs on the connection the application hands over.

From the command line (``alembic revision --autogenerate`` in a checkout) it falls back to the
URL in ``SWAT_DESKTOP_DATABASE_URL`` or alembic.ini.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from swat_desktop.storage.models import Base, in_models

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=in_models,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("SWAT_DESKTOP_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
