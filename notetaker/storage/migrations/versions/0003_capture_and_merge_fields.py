"""capture and merge fields: on-behalf-of, provenance, session clock, locking

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("on_behalf_of", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("provenance", sa.JSON(), server_default="[]", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_items_on_behalf_of_delegations"),
            "delegations",
            ["on_behalf_of"],
            ["code"],
            onupdate="CASCADE",
            ondelete="RESTRICT",
        )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("merged_from", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("clock_started_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("clock_paused_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_column("clock_paused_at")
        batch_op.drop_column("clock_started_at")
        batch_op.drop_column("merged_from")
        batch_op.drop_column("locked")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_items_on_behalf_of_delegations"), type_="foreignkey")
        batch_op.drop_column("provenance")
        batch_op.drop_column("on_behalf_of")
