"""Live changes on a team database: each change of the record is notified (PostgreSQL only).

Triggers send ``table:case`` on the ``callnotes_changes`` channel for every row of the record
inserted, updated or deleted, so that the other desktops read what changed within a second
(``storage/live.py``). On SQLite this revision changes nothing.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 04:20:00.000000
"""

from __future__ import annotations

from alembic import op

from callnotes.storage.live import create_pg_live, drop_pg_live

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    create_pg_live(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    drop_pg_live(op.get_bind())
