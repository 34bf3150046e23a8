"""The table of a client's closures: spans when they are closed, from their calendar file."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from callnotes.storage.models.base import Base


class ClientClosure(Base):
    """A span when a client is closed whatever their weekly hours say (aware UTC times)."""

    __tablename__ = "client_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Erased with the client, exported with it.
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # What the calendar called it ("Stocktake"); the client's own words.
    summary: Mapped[str] = mapped_column(String(300), default="")
    imported_at: Mapped[datetime]
