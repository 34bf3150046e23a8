"""Index timeline entries by case and time, so a case's latest activity is one index seek.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.create_index('ix_timeline_entries_case_id_at', ['case_id', 'at'], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_entries_case_id_at')
