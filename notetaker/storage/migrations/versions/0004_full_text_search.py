"""full-text search: an FTS5 index over items and events, kept in sync by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

The index is filled from the existing rows, so an older database becomes
searchable as it is migrated. See :mod:`notetaker.storage.fulltext`.
"""

from __future__ import annotations

from alembic import op

from notetaker.storage import fulltext

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    fulltext.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for sql in fulltext.drop_statements():
        bind.exec_driver_sql(sql)
