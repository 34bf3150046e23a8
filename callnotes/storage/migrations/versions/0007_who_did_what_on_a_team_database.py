"""Who did what on a team database: authors from the login, erasure and the audit log.

- ``team_members.db_login``: the login role a colleague connects to the team database with
  (unique; empty on SQLite, where it is not used).
- On PostgreSQL, triggers set the author of every timeline entry and of every earlier version
  an amendment keeps from the session's login (``storage/authorship.py``).
- On PostgreSQL, erasing a client removes its cases' chains from the audit log, whole, and the
  server records the erasure: the case, how many entries, the last hash, who and when
  (``storage/audit.py``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from callnotes.storage.audit import create_pg_audit_erasure, drop_pg_audit_erasure
from callnotes.storage.authorship import (
    LOGIN_LIMIT,
    create_pg_authorship,
    drop_pg_authorship,
)

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("team_members") as batch:
        batch.add_column(sa.Column("db_login", sa.String(LOGIN_LIMIT), nullable=True))
        batch.create_index("ix_team_members_db_login", ["db_login"], unique=True)
    create_pg_authorship(op.get_bind())
    create_pg_audit_erasure(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    drop_pg_audit_erasure(op.get_bind())
    drop_pg_authorship(op.get_bind())
    with op.batch_alter_table("team_members") as batch:
        batch.drop_index("ix_team_members_db_login")
        batch.drop_column("db_login")
