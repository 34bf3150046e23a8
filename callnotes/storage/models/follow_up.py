"""Tables for the follow-up call: each "what fixed looks like" criterion checked with the client."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from callnotes.storage.models.base import Base, UidMixin


class FollowUpCheck(UidMixin, Base):
    """The client's answer about one criterion: confirmed, or what is still wrong."""

    __tablename__ = "follow_up_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    criterion: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]
