"""Clients, their contacts, and the team members who serve them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ContactMethod(StrEnum):
    """How a contact prefers to be kept informed."""

    PHONE = "phone"
    EMAIL = "email"
    SMS = "sms"
    CHAT = "chat"


@dataclass(frozen=True)
class ContactRecord:
    """A person at a client."""

    id: int
    client_id: int
    name: str
    role: str
    phones: tuple[str, ...]
    email: str
    preferred_method: ContactMethod | None
    best_times: str
    # After a save that met a colleague's: (field, sentence to show) per field kept beside.
    kept_beside: tuple[tuple[str, str], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class TeamMemberRecord:
    """A colleague; away from ``away_since`` (or now) while ``away_until`` lies ahead."""

    id: int
    name: str
    role: str
    team: str
    manager_id: int | None
    phone: str
    email: str
    away_until: datetime | None
    away_reason: str
    away_since: datetime | None = None
    # The login role they connect to a team database with ("" for none): the server names
    # them the author of what it writes.
    db_login: str = ""
    # Who covers their clients while they are away (None: nobody named).
    stand_in_id: int | None = None

    def is_away(self, now: datetime) -> bool:
        """Whether this colleague cannot be reached at *now* (see :mod:`callnotes.domain.team`)."""
        if self.away_until is None or self.away_until <= now:
            return False
        return self.away_since is None or self.away_since <= now


@dataclass(frozen=True)
class ClientRecord:
    """An organisation (or person) the team serves, with its contacts."""

    id: int
    name: str
    timezone: str
    business_hours: str
    notes: str
    usual_contact: TeamMemberRecord | None
    contacts: tuple[ContactRecord, ...]
    # After a save that met a colleague's: (field, sentence to show) per field kept beside.
    kept_beside: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def person(self) -> ContactRecord | None:
        """The client in person, when the client is a person rather than an organisation.

        The rule: a client is a person when one of its contacts bears the client's own name
        (see :func:`same_name`); that contact is the client. "Rosa Moreau" with the contact
        Rosa Moreau is a person; "Northwind Logistics" with Dana Whitfield is not.
        """
        return next((c for c in self.contacts if same_name(c.name, self.name)), None)

    def is_client(self, contact: ContactRecord | None) -> bool:
        """Whether *contact* is the client in person (so naming both would say it twice)."""
        return contact is not None and same_name(contact.name, self.name)


def same_name(first: str, second: str) -> bool:
    """Whether two names are the same: the same words, regardless of case and spacing."""
    return first.casefold().split() == second.casefold().split()
