"""Tables for cases, the calls within them and the issues the client raised."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callnotes.storage.models.base import Base, UidMixin
from callnotes.storage.models.people import Client, Contact, TeamMember

if TYPE_CHECKING:
    from callnotes.storage.models.promises import Commitment, Communication
    from callnotes.storage.models.reviews import Review
    from callnotes.storage.models.timeline import TimelineEntry


class Case(UidMixin, Base):
    """One client crisis."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    # Communication plan agreed with the client.
    update_cadence_minutes: Mapped[int | None] = mapped_column(Integer)
    next_update_due_at: Mapped[datetime | None]
    update_channel: Mapped[str | None] = mapped_column(String(16))
    plan_agreed_at: Mapped[datetime | None]
    plan_business_hours_only: Mapped[bool] = mapped_column(Boolean, default=True)
    # Since when the update clock is paused, waiting on the client; None while it runs.
    update_paused_at: Mapped[datetime | None]
    # Handback to the usual contact when they return.
    handed_over_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL")
    )
    handed_over_at: Mapped[datetime | None]
    handback_acknowledged_at: Mapped[datetime | None]

    client: Mapped[Client] = relationship()
    handed_over_to: Mapped[TeamMember | None] = relationship()
    calls: Mapped[list[Call]] = relationship(cascade="all, delete-orphan", order_by="Call.id")
    issues: Mapped[list[Issue]] = relationship(cascade="all, delete-orphan", order_by="Issue.id")
    entries: Mapped[list[TimelineEntry]] = relationship(
        cascade="all, delete-orphan", order_by="TimelineEntry.id"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        cascade="all, delete-orphan", order_by="Commitment.id"
    )
    communications: Mapped[list[Communication]] = relationship(
        cascade="all, delete-orphan", order_by="Communication.id"
    )
    review: Mapped[Review | None] = relationship(cascade="all, delete-orphan")


class Call(UidMixin, Base):
    """A phone conversation within a case."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(16), default="inbound")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    number: Mapped[str] = mapped_column(String(64), default="")
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    talk_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # During the call: the holds ended so far; after it, the whole hold time.
    hold_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # While the caller is on hold, since when: with hold_seconds, the hold survives a crash.
    held_since: Mapped[datetime | None]
    # Progress through the guided call rail, as JSON written by the rail itself.
    rail_state: Mapped[str] = mapped_column(Text, default="{}")
    outcome: Mapped[str | None] = mapped_column(String(16))  # CallOutcome, chosen at wrap-up
    after_call_seconds: Mapped[int | None] = mapped_column(Integer)  # hang-up to wrap-up

    contact: Mapped[Contact | None] = relationship()


class CallBack(UidMixin, Base):
    """A call owed to a client: a ring nobody answered, a voicemail, a "please call me back".

    The client, contact and case are those known for the number when it was recorded (none
    for an unknown number). Done once any call to the number starts (``call_id``) or the agent
    marks it done.
    """

    __tablename__ = "call_backs"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), index=True)
    caller_name: Mapped[str] = mapped_column(String(200), default="")
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(16))  # CallBackReason
    created_at: Mapped[datetime]
    due_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")  # the agent's, internal

    client: Mapped[Client | None] = relationship()


class Issue(UidMixin, Base):
    """One thing the client wants fixed."""

    __tablename__ = "issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    client_words: Mapped[str] = mapped_column(Text, default="")
    # What "fixed" looks like to the client, one criterion per line.
    fixed_looks_like: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str | None] = mapped_column(String(32))
    urgency: Mapped[str | None] = mapped_column(String(32))
    time_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    business_critical: Mapped[bool] = mapped_column(Boolean, default=False)
    timeframe: Mapped[str] = mapped_column(String(300), default="")
    deadline: Mapped[datetime | None]
    first_noticed_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(32), default="new")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id", ondelete="SET NULL"))
    eta: Mapped[datetime | None]
    roadblocks: Mapped[str] = mapped_column(Text, default="")
    root_cause: Mapped[str] = mapped_column(Text, default="")
    agreed_rank: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]

    owner: Mapped[TeamMember | None] = relationship()


class CaseActivity(Base):
    """When a case was last active: its newest timeline entry, or its opening if later.

    The case list's order (most recently active first), read a page at a time through the
    (last_activity_at, case_id) index. Kept by the database itself, in the transaction of every
    write that changes it (``storage/activity.py``: triggers on ``cases`` and
    ``timeline_entries``, SQLite and PostgreSQL alike): the app never writes these rows.
    A table of its own, not a column of ``cases``: a note is not a change of its case, so
    neither the audit log nor the other desktops' live notices hear of it twice.
    """

    __tablename__ = "case_activity"
    __table_args__ = (
        Index("ix_case_activity_last_activity_at_case_id", "last_activity_at", "case_id"),
    )

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    last_activity_at: Mapped[datetime]
