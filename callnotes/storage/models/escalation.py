"""Tables for escalation attempts and for telling the team what the client said."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callnotes.storage.models.base import Base, UidMixin
from callnotes.storage.models.people import TeamMember


class EscalationAttempt(UidMixin, Base):
    """One try at reaching someone on the escalation ladder, and how it went."""

    __tablename__ = "escalation_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL")
    )
    # The person's name when the attempt was made, kept if the member is later removed.
    who: Mapped[str] = mapped_column(String(200))
    rung: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_entries.id", ondelete="SET NULL")
    )

    member: Mapped[TeamMember | None] = relationship()


class TeamNotice(UidMixin, Base):
    """New information from the client passed on to a colleague, and their acknowledgement."""

    __tablename__ = "team_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_entries.id", ondelete="SET NULL")
    )
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL")
    )
    who: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16), default="")
    told_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]

    member: Mapped[TeamMember | None] = relationship()
