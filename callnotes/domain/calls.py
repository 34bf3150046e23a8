"""A call: one phone conversation within a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class CallDirection(StrEnum):
    """Who dialled."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallOutcome(StrEnum):
    """How a call ended, chosen by the agent at wrap-up."""

    RESOLVED = "resolved"  # resolved on the call
    ESCALATED = "escalated"
    CALL_BACK = "call_back"  # a call-back promised
    INFORMATION = "information"  # information only
    WRONG_NUMBER = "wrong_number"


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
    outcome: CallOutcome | None = None
    #: After-call work: from the hang-up to the wrap-up stored, in seconds (None: not wrapped up).
    after_call_seconds: int | None = None
