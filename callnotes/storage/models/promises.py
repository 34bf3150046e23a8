"""Tables for commitments, communications and unsaved editor drafts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callnotes.storage.models.base import Base, UidMixin
from callnotes.storage.models.timeline import TimelineEntry


class Commitment(UidMixin, Base):
    """A promise made to the client or the team."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_entries.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime | None]
    owner: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime]
    # When it stopped being open (kept, cancelled or carried over), and a reminder snooze.
    closed_at: Mapped[datetime | None]
    snoozed_until: Mapped[datetime | None]

    entry: Mapped[TimelineEntry | None] = relationship()


class Communication(UidMixin, Base):
    """An update sent or received."""

    __tablename__ = "communications"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    audience: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text, default="")
    next_update_at: Mapped[datetime | None]
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_entries.id", ondelete="SET NULL")
    )

    entry: Mapped[TimelineEntry | None] = relationship()


class Draft(Base):
    """Text typed into an editor but not yet committed, keyed by where it was typed."""

    __tablename__ = "drafts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
