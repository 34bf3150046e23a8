"""After the call: escalation attempts, team notices, investigation, follow-up checks, plans.

Existing rows get defaults: plans count business hours only, reviews have no reassurance yet.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:30:20.007041
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import callnotes.storage.models.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "case_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("linked_case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", callnotes.storage.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_links_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["linked_case_id"],
            ["cases.id"],
            name=op.f("fk_case_links_linked_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_links")),
        sa.UniqueConstraint("case_id", "linked_case_id", name=op.f("uq_case_links_case_id")),
    )
    with op.batch_alter_table("case_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_links_case_id"), ["case_id"], unique=False)

    op.create_table(
        "follow_up_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("criterion", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", callnotes.storage.models.base.UTCDateTime(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["calls.id"],
            name=op.f("fk_follow_up_checks_call_id_calls"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_follow_up_checks_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issues.id"],
            name=op.f("fk_follow_up_checks_issue_id_issues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_checks")),
        sa.UniqueConstraint("uid", name=op.f("uq_follow_up_checks_uid")),
    )
    with op.batch_alter_table("follow_up_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_checks_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_up_checks_issue_id"), ["issue_id"], unique=False
        )

    op.create_table(
        "escalation_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("at", callnotes.storage.models.base.UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_escalation_attempts_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["timeline_entries.id"],
            name=op.f("fk_escalation_attempts_entry_id_timeline_entries"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_members.id"],
            name=op.f("fk_escalation_attempts_member_id_team_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_attempts")),
        sa.UniqueConstraint("uid", name=op.f("uq_escalation_attempts_uid")),
    )
    with op.batch_alter_table("escalation_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escalation_attempts_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "investigation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("at", callnotes.storage.models.base.UTCDateTime(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_investigation_steps_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["timeline_entries.id"],
            name=op.f("fk_investigation_steps_entry_id_timeline_entries"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investigation_steps")),
        sa.UniqueConstraint("uid", name=op.f("uq_investigation_steps_uid")),
    )
    with op.batch_alter_table("investigation_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_investigation_steps_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "team_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("told_at", callnotes.storage.models.base.UTCDateTime(), nullable=False),
        sa.Column("acknowledged_at", callnotes.storage.models.base.UTCDateTime(), nullable=True),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_team_notices_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["timeline_entries.id"],
            name=op.f("fk_team_notices_entry_id_timeline_entries"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_members.id"],
            name=op.f("fk_team_notices_member_id_team_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_notices")),
        sa.UniqueConstraint("uid", name=op.f("uq_team_notices_uid")),
    )
    with op.batch_alter_table("team_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_notices_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("plan_agreed_at", callnotes.storage.models.base.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "plan_business_hours_only", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )

    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("closed_at", callnotes.storage.models.base.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("snoozed_until", callnotes.storage.models.base.UTCDateTime(), nullable=True)
        )

    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_communications_entry_id_timeline_entries"),
            "timeline_entries",
            ["entry_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reassurance", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("written_at", callnotes.storage.models.base.UTCDateTime(), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_reviews_author_id_team_members"),
            "team_members",
            ["author_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("away_since", callnotes.storage.models.base.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.drop_column("away_since")

    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_reviews_author_id_team_members"), type_="foreignkey"
        )
        batch_op.drop_column("written_at")
        batch_op.drop_column("author_id")
        batch_op.drop_column("reassurance")

    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_communications_entry_id_timeline_entries"), type_="foreignkey"
        )
        batch_op.drop_column("entry_id")

    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_column("snoozed_until")
        batch_op.drop_column("closed_at")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("plan_business_hours_only")
        batch_op.drop_column("plan_agreed_at")

    with op.batch_alter_table("team_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_notices_case_id"))

    op.drop_table("team_notices")
    with op.batch_alter_table("investigation_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_investigation_steps_case_id"))

    op.drop_table("investigation_steps")
    with op.batch_alter_table("escalation_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalation_attempts_case_id"))

    op.drop_table("escalation_attempts")
    with op.batch_alter_table("follow_up_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_checks_issue_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_checks_case_id"))

    op.drop_table("follow_up_checks")
    with op.batch_alter_table("case_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_links_case_id"))

    op.drop_table("case_links")
