"""open decisions of imported merged notes, and the file each imported item came from

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "open_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("section", sa.String(length=64), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["notes.id"], name=op.f("fk_open_decisions_note_id_notes"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_decisions")),
        sa.UniqueConstraint("note_id", "decision_id", name=op.f("uq_open_decisions_note_id")),
    )
    with op.batch_alter_table("open_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_open_decisions_note_id"), ["note_id"], unique=False)
    op.create_table(
        "item_sources",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_item_sources_item_id_items"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_item_sources")),
    )


def downgrade() -> None:
    op.drop_table("item_sources")
    with op.batch_alter_table("open_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_open_decisions_note_id"))
    op.drop_table("open_decisions")
