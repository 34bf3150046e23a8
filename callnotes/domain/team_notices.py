"""Telling the team what the client said: who was told, how, when, and when they acknowledged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from callnotes.domain.people import TeamMemberRecord


@dataclass(frozen=True)
class TeamNoticeRecord:
    """One colleague told about new information from the client."""

    id: int
    case_id: int
    entry_id: int | None
    member_id: int | None
    who: str
    channel: str
    told_at: datetime
    acknowledged_at: datetime | None
    #: The new information itself (the entry's text), for reading the notice on its own.
    about: str

    @property
    def acknowledged(self) -> bool:
        """The colleague confirmed they have it."""
        return self.acknowledged_at is not None


@dataclass(frozen=True)
class TeamCandidate:
    """A colleague to tell, why they come where they do, and whether to tick them at first."""

    member: TeamMemberRecord
    reason: str
    suggested: bool
