"""Calls that slip: the call-back queue, each call's outcome, and its after-call work.

- ``call_backs``: a call owed to a client (a ring nobody answered, a voicemail, "please call
  me back"), with its due time, done when a call to the number starts.
- ``calls.outcome`` (chosen at wrap-up) and ``calls.after_call_seconds`` (from the hang-up to
  the wrap-up stored); both empty on calls made before.
- On PostgreSQL, the new table gets what the tables of a case's data got in 0006 and 0008:
  its changes recorded in the audit log (those of a call-back with a case) and notified live.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import callnotes.storage.models.base
from callnotes.storage.pg_ddl import run_pg_ddl

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# As 0006 (audit_record) and 0008 (notify_change) give every table of a case's data.
_PG_TRIGGERS = (
    "CREATE TRIGGER audit_call_backs AFTER INSERT OR UPDATE OR DELETE ON call_backs "
    "FOR EACH ROW EXECUTE FUNCTION audit_record('case_id')",
    "CREATE TRIGGER live_call_backs AFTER INSERT OR UPDATE OR DELETE ON call_backs "
    "FOR EACH ROW EXECUTE FUNCTION notify_change('case_id')",
)
_PG_DROP = (
    "DROP TRIGGER IF EXISTS live_call_backs ON call_backs",
    "DROP TRIGGER IF EXISTS audit_call_backs ON call_backs",
)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "call_backs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("caller_name", sa.String(length=200), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("created_at", callnotes.storage.models.base.UTCDateTime(), nullable=False),
        sa.Column("due_at", callnotes.storage.models.base.UTCDateTime(), nullable=False),
        sa.Column("done_at", callnotes.storage.models.base.UTCDateTime(), nullable=True),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_call_backs_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_call_backs_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_call_backs_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["call_id"], ["calls.id"], name=op.f("fk_call_backs_call_id_calls"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_backs")),
        sa.UniqueConstraint("uid", name=op.f("uq_call_backs_uid")),
    )
    with op.batch_alter_table("call_backs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_backs_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_backs_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_backs_number"), ["number"], unique=False)
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("after_call_seconds", sa.Integer(), nullable=True))
    run_pg_ddl(op.get_bind(), _PG_TRIGGERS)


def downgrade() -> None:
    """Revert this revision."""
    run_pg_ddl(op.get_bind(), _PG_DROP)
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("after_call_seconds")
        batch_op.drop_column("outcome")
    with op.batch_alter_table("call_backs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_backs_number"))
        batch_op.drop_index(batch_op.f("ix_call_backs_client_id"))
        batch_op.drop_index(batch_op.f("ix_call_backs_case_id"))
    op.drop_table("call_backs")
