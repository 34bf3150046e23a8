"""Tables for the investigation checklist and links between related cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callnotes.storage.models.base import Base, UidMixin


class InvestigationStep(UidMixin, Base):
    """One recorded step of the investigation (logs checked, recent changes, …) and findings."""

    __tablename__ = "investigation_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(32))
    findings: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_entries.id", ondelete="SET NULL")
    )


class CaseLink(Base):
    """A past case found to be related (the same thing happened before)."""

    __tablename__ = "case_links"
    __table_args__ = (UniqueConstraint("case_id", "linked_case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    linked_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
