"""The client's calendar: their public holidays, their closures, and a paused update clock.

- ``clients.holiday_country`` / ``clients.holiday_subdivision``: whose public holidays close
  the client (empty: none).
- ``client_closures``: spans when the client is closed, imported from their calendar file.
- ``cases.update_paused_at``: since when the update clock is paused, waiting on the client.
- On PostgreSQL, the new table's changes are notified like the clients' own (live changes,
  ``storage/live.py``); like the clients table, it holds no case's data, so the audit log's
  chains (one per case) do not record it. The new column of ``cases`` is recorded by the
  audit log's existing trigger on that table, with the rest of the row.

Plain ``ADD COLUMN`` and a new table: no table is rebuilt.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 11:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from callnotes.storage.live import create_pg_live_on, drop_pg_live_on
from callnotes.storage.models.base import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_TABLE = "client_closures"


def upgrade() -> None:
    """Apply this revision."""
    op.add_column(
        "clients",
        sa.Column("holiday_country", sa.String(length=8), nullable=False, server_default=""),
    )
    op.add_column(
        "clients",
        sa.Column("holiday_subdivision", sa.String(length=16), nullable=False, server_default=""),
    )
    op.add_column("cases", sa.Column("update_paused_at", UTCDateTime(), nullable=True))
    op.create_table(
        _TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_closures_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_closures")),
    )
    op.create_index(op.f("ix_client_closures_client_id"), _TABLE, ["client_id"])
    create_pg_live_on(op.get_bind(), _TABLE)


def downgrade() -> None:
    """Revert this revision."""
    drop_pg_live_on(op.get_bind(), _TABLE)
    op.drop_index(op.f("ix_client_closures_client_id"), table_name=_TABLE)
    op.drop_table(_TABLE)
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("update_paused_at")
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("holiday_subdivision")
        batch.drop_column("holiday_country")
