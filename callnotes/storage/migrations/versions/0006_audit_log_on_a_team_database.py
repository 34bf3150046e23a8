"""The audit log of a team database: every change of a case, chained by hashes (PostgreSQL only).

An ``audit_log`` table filled by triggers on every table holding a case's data, append-only
for agents (``storage/audit.py``). On SQLite this revision changes nothing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 02:00:00.000000
"""

from __future__ import annotations

from alembic import op

from callnotes.storage.audit import create_pg_audit, drop_pg_audit

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    create_pg_audit(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    drop_pg_audit(op.get_bind())
