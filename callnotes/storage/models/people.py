"""Tables for clients, contacts and their phone numbers, and team members."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callnotes.storage.models.base import Base, UidMixin


class TeamMember(UidMixin, Base):
    """A colleague."""

    __tablename__ = "team_members"

    #: What an absence is made of: on a team database an agent may change these columns of
    #: the directory and no other (README, "Team database": the leads keep the rest).
    ABSENCE_COLUMNS = ("away_since", "away_until", "away_reason", "last_away_since", "stand_in_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    team: Mapped[str] = mapped_column(String(200), default="")
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL")
    )
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    # Availability: away since/until a time with a reason; no away_reason means available.
    away_since: Mapped[datetime | None]
    away_until: Mapped[datetime | None]
    away_reason: Mapped[str] = mapped_column(String(500), default="")
    # The login role this colleague connects to a team database with: the server names them
    # the author of what that login writes (storage/authorship.py). Unused on SQLite.
    db_login: Mapped[str | None] = mapped_column(String(63), unique=True, index=True)
    # Who covers their clients while they are away (a client may name its own: Client).
    stand_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL")
    )
    # When their last absence began, kept once they are back: "since you left" reads from it.
    last_away_since: Mapped[datetime | None]

    manager: Mapped[TeamMember | None] = relationship(
        remote_side="TeamMember.id", foreign_keys=[manager_id]
    )
    stand_in: Mapped[TeamMember | None] = relationship(
        remote_side="TeamMember.id", foreign_keys=[stand_in_id]
    )

    @property
    def absence_began(self) -> datetime | None:
        """When their absence began: the one under way, else their last (kept once back), for
        "since you left", the hand-back and the handover alike."""
        if self.away_until is not None and self.away_since is not None:
            return self.away_since
        return self.last_away_since


class Client(UidMixin, Base):
    """An organisation or person the team serves."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    business_hours: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    usual_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL")
    )
    # Who covers this client while its usual contact is away, over the absence's stand-in.
    stand_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL")
    )
    # Whose public holidays close the client: an ISO country code ("GB") and, optionally, a
    # subdivision ("SCT"); empty: none.
    holiday_country: Mapped[str] = mapped_column(String(8), default="", server_default="")
    holiday_subdivision: Mapped[str] = mapped_column(String(16), default="", server_default="")

    usual_contact: Mapped[TeamMember | None] = relationship(foreign_keys=[usual_contact_id])
    stand_in: Mapped[TeamMember | None] = relationship(foreign_keys=[stand_in_id])
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="Contact.id"
    )

    def assign_usual_contact(self, member_id: int | None) -> None:
        """Make *member_id* the client's usual contact (None: nobody). The stand-in named for
        the previous one's absences goes with them: the new contact's own stand-in covers."""
        if member_id != self.usual_contact_id:
            self.usual_contact_id = member_id
            self.stand_in_id = None


class Contact(UidMixin, Base):
    """A person at a client."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    preferred_method: Mapped[str | None] = mapped_column(String(16))
    best_times: Mapped[str] = mapped_column(String(300), default="")

    client: Mapped[Client] = relationship(back_populates="contacts")
    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactPhone.id"
    )


class ContactPhone(Base):
    """One E.164 number of a contact; indexed so a ringing number finds its caller at once."""

    __tablename__ = "contact_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(32), index=True)
    label: Mapped[str] = mapped_column(String(50), default="")

    contact: Mapped[Contact] = relationship(back_populates="phones")
