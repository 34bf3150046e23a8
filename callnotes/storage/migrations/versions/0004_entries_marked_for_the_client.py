"""Timeline entries marked for the client, and revisions that keep the earlier marking.

A note or action reaches the client's documents only when the agent marked it for the client.
Entries written before this revision were never consciously shared: they start unmarked, as do
the revisions already kept. Plain ``ADD COLUMN`` with a server default: no table is rebuilt.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.add_column(
        "timeline_entries",
        sa.Column("for_client", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "entry_revisions",
        sa.Column("previous_for_client", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("entry_revisions", schema=None) as batch_op:
        batch_op.drop_column("previous_for_client")
    with op.batch_alter_table("timeline_entries", schema=None) as batch_op:
        batch_op.drop_column("for_client")
