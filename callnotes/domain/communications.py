"""Communications: updates sent to or received from the client, the team or managers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Audience(StrEnum):
    """Who an update is for."""

    CLIENT = "client"
    TEAM = "team"
    MANAGER = "manager"


class Channel(StrEnum):
    """How an update travelled."""

    PHONE = "phone"
    EMAIL = "email"
    SMS = "sms"
    CHAT = "chat"
    MEETING = "meeting"


# How an update travelled, as it reads in a sentence ("Update to the client by e-mail").
CHANNEL_WORDS = {
    Channel.PHONE: "by phone",
    Channel.EMAIL: "by e-mail",
    Channel.SMS: "by text message",
    Channel.CHAT: "by chat",
    Channel.MEETING: "in a meeting",
}


class CommunicationKind(StrEnum):
    """What an update was about."""

    ROUTINE = "routine"
    CAUSE_IDENTIFIED = "cause_identified"
    PLAN = "plan"
    ETA = "eta"
    ROADBLOCK = "roadblock"
    NEW_INFORMATION = "new_information"


@dataclass(frozen=True)
class CommunicationRecord:
    """One update, and the next one it promised."""

    id: int
    case_id: int
    at: datetime
    audience: Audience
    channel: Channel
    kind: CommunicationKind
    summary: str
    next_update_at: datetime | None
