"""The hold of a call in progress, kept as it happens: a crash no longer counts it as talk.

- ``calls.held_since``: while the caller is on hold, since when (empty otherwise, and on every
  call ended). With it, ``calls.hold_seconds`` now holds the hold so far during a call too
  (the holds ended), not only once the call has ended: a call picked up after a restart goes
  on with its hold time, as it goes on with its talk time from ``started_at``.
- On PostgreSQL the column is recorded by the audit log's and the live notices' existing
  triggers on ``calls``, with the rest of the row.

A plain ``ADD COLUMN``: no table is rebuilt.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from callnotes.storage.models.base import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.add_column("calls", sa.Column("held_since", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("calls") as batch:
        batch.drop_column("held_since")
