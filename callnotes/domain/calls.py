"""A call: one phone conversation within a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class CallDirection(StrEnum):
    """Who dialled."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


@dataclass(frozen=True)
class CallRecord:
    """A call as the rest of the app sees it."""

    id: int
    case_id: int
    direction: CallDirection
    contact_id: int | None
    number: str
    started_at: datetime
    ended_at: datetime | None
    talk_seconds: int
    hold_seconds: int
