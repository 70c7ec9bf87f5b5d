"""Alembic environment: runs on the connection handed over by ``Database.migrate``.

Every migration of one run shares that connection's single transaction
(:func:`notetaker.storage.db.migration_connection`): killed or failing at any
point, the file is left at the schema it had. Run from Alembic's command line
(``sqlalchemy.url`` set), it opens such a connection itself.
"""

from __future__ import annotations

from pathlib import Path

from alembic import context
from sqlalchemy.engine import Connection, make_url

from notetaker.storage.db import migration_connection
from notetaker.storage.fulltext import include_name
from notetaker.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,  # the FTS index is not in the models
        transactional_ddl=True,  # SQLite's DDL is transactional: one transaction holds every step
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    database = make_url(config.get_main_option("sqlalchemy.url") or "").database
    if not database:
        raise RuntimeError("set sqlalchemy.url to an SQLite file, or hand over a connection")
    with migration_connection(Path(database)) as connection:
        _run(connection)


run_migrations_online()
