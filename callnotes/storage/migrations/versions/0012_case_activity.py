"""When each case was last active, stored: the case list read a page at a time.

- ``case_activity``: one row per case, its last activity (its newest timeline entry, or its
  opening if later), with an index on (last_activity_at, case_id): a page of the case list,
  most recently active first, is one range of that index, whatever the size of the history.
- Filled here for the cases there (one pass over the timeline's (case_id, at) index), then
  kept by triggers on ``cases`` and ``timeline_entries`` in the transaction of every write
  (``storage/activity.py``), on SQLite and PostgreSQL alike.
- On PostgreSQL the new table has no audit-log or live-notice trigger: the entry that moved a
  case's time is recorded and announced already; every role may read it.

A new table and triggers: no table is rebuilt.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 14:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from callnotes.storage.activity import TABLE, create_case_activity, drop_case_activity_triggers
from callnotes.storage.models.base import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_INDEX = "ix_case_activity_last_activity_at_case_id"


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        TABLE,
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_activity_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_activity_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_activity")),
    )
    create_case_activity(op.get_bind())
    op.create_index(_INDEX, TABLE, ["last_activity_at", "case_id"])


def downgrade() -> None:
    """Revert this revision."""
    drop_case_activity_triggers(op.get_bind())
    op.drop_index(_INDEX, table_name=TABLE)
    op.drop_table(TABLE)
