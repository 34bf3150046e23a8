"""Tables for timeline entries and their revisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callnotes.storage.models.base import Base, UidMixin
from callnotes.storage.models.cases import Call, Issue


class TimelineEntry(UidMixin, Base):
    """A timestamped fact. Rows are never deleted; an edit adds an ``EntryRevision``.

    The integer id is the sequence: entries are ordered by it, not by ``at``, so a clock that
    jumps back never reorders facts.
    """

    __tablename__ = "timeline_entries"
    # A case's latest activity is one seek here, so the case list does not read every entry.
    __table_args__ = (Index("ix_timeline_entries_case_id_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("calls.id", ondelete="SET NULL"), index=True
    )
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("issues.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")
    # Internal entries never appear in documents written for the client.
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    # Marked by the agent for the client: a note or action then reaches the client's documents
    # (see callnotes.domain.timeline.client_may_read). Rows from before the mark existed are not.
    for_client: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    call: Mapped[Call | None] = relationship()
    issue: Mapped[Issue | None] = relationship()
    revisions: Mapped[list[EntryRevision]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntryRevision.id"
    )


class EntryRevision(Base):
    """What an entry said before one edit."""

    __tablename__ = "entry_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("timeline_entries.id", ondelete="CASCADE"), index=True
    )
    revised_at: Mapped[datetime]
    revised_by: Mapped[str] = mapped_column(String(200), default="")
    previous_kind: Mapped[str] = mapped_column(String(32))
    previous_text: Mapped[str] = mapped_column(Text)
    previous_for_client: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    entry: Mapped[TimelineEntry] = relationship(back_populates="revisions")
