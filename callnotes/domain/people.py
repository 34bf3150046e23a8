"""Clients, their contacts, and the team members who serve them."""

from __future__ import annotations

from dataclasses import dataclass
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
