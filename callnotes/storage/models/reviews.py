"""Tables for the review after resolution and its prevention actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callnotes.storage.models.base import Base, UidMixin
from callnotes.storage.models.people import TeamMember


class Review(UidMixin, Base):
    """The team's look back at a resolved case (one per case)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    root_cause: Mapped[str] = mapped_column(Text, default="")
    contributing_factors: Mapped[str] = mapped_column(Text, default="")
    client_noticed_at: Mapped[datetime | None]
    detected_at: Mapped[datetime | None]
    detection_gap_reason: Mapped[str] = mapped_column(Text, default="")
    recurrence: Mapped[str] = mapped_column(String(16), default="unknown")
    satisfaction: Mapped[str] = mapped_column(Text, default="")
    reassurance: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL")
    )
    written_at: Mapped[datetime | None]

    author: Mapped[TeamMember | None] = relationship()
    prevention_actions: Mapped[list[PreventionAction]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="PreventionAction.id"
    )


class PreventionAction(Base):
    """A measure with an owner that keeps the problem from coming back."""

    __tablename__ = "prevention_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_at: Mapped[datetime | None]
    done: Mapped[bool] = mapped_column(Boolean, default=False)

    review: Mapped[Review] = relationship(back_populates="prevention_actions")
