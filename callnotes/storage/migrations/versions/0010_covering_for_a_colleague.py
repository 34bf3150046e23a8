"""Covering for a colleague: who stands in, and what the colleague acknowledged on return.

- ``team_members.stand_in_id``: who covers the colleague's clients while they are away.
- ``team_members.last_away_since``: when their last absence began, kept once they are back
  ("since you left" reads from it).
- ``clients.stand_in_id``: who covers this client in particular, over the absence's stand-in.
- ``cover_acknowledgements``: each item of "since you left" the colleague acknowledged.
- On PostgreSQL, the new table's changes are notified like the team directory's (live
  changes, ``storage/live.py``); like the directory, it holds no case's data, so the audit
  log's chains (one per case) do not record it.

Plain ``ADD COLUMN`` of nullable columns and a new table: no table is rebuilt.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-05 10:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from callnotes.storage.live import create_pg_live_on, drop_pg_live_on
from callnotes.storage.models.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TABLE = "cover_acknowledgements"


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("team_members") as batch:
        batch.add_column(sa.Column("stand_in_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("last_away_since", UTCDateTime(), nullable=True))
        batch.create_foreign_key(
            "fk_team_members_stand_in_id_team_members",
            "team_members",
            ["stand_in_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("stand_in_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_clients_stand_in_id_team_members",
            "team_members",
            ["stand_in_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        _TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("away_since", UTCDateTime(), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_members.id"],
            name=op.f("fk_cover_acknowledgements_member_id_team_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_cover_acknowledgements_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cover_acknowledgements")),
        sa.UniqueConstraint(
            "member_id",
            "away_since",
            "item_key",
            name=op.f("uq_cover_acknowledgements_member_id"),
        ),
    )
    op.create_index(op.f("ix_cover_acknowledgements_member_id"), _TABLE, ["member_id"])
    op.create_index(op.f("ix_cover_acknowledgements_client_id"), _TABLE, ["client_id"])
    create_pg_live_on(op.get_bind(), _TABLE)


def downgrade() -> None:
    """Revert this revision."""
    drop_pg_live_on(op.get_bind(), _TABLE)
    op.drop_index(op.f("ix_cover_acknowledgements_client_id"), table_name=_TABLE)
    op.drop_index(op.f("ix_cover_acknowledgements_member_id"), table_name=_TABLE)
    op.drop_table(_TABLE)
    with op.batch_alter_table("clients") as batch:
        batch.drop_constraint("fk_clients_stand_in_id_team_members", type_="foreignkey")
        batch.drop_column("stand_in_id")
    with op.batch_alter_table("team_members") as batch:
        batch.drop_constraint("fk_team_members_stand_in_id_team_members", type_="foreignkey")
        batch.drop_column("last_away_since")
        batch.drop_column("stand_in_id")
