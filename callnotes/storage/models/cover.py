"""The table of what a returning colleague has acknowledged in "since you left"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callnotes.storage.models.base import Base


class CoverAcknowledgement(Base):
    """One item of a colleague's "since you left" digest, read and acknowledged by them."""

    __tablename__ = "cover_acknowledgements"
    __table_args__ = (UniqueConstraint("member_id", "away_since", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("team_members.id", ondelete="CASCADE"), index=True
    )
    # The client the item is about: erased with the client, exported with it.
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    # The absence the digest was for (its start): a later absence starts a fresh digest.
    away_since: Mapped[datetime]
    # ``entry:12``, ``update:3``, ``promise:7``, ``issue:4`` (see domain/cover.py).
    item_key: Mapped[str] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime]
