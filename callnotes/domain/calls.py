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

    @property
    def words(self) -> str:
        """The outcome as a document says it: ``resolved on the call``."""
        return _OUTCOME_WORDS[self]

    @property
    def internal(self) -> bool:
        """Whether it is a fact for the team only (a wrong number, information only): never in
        a document for the client, marked internal in the minutes."""
        return self in (CallOutcome.INFORMATION, CallOutcome.WRONG_NUMBER)


_OUTCOME_WORDS = {
    CallOutcome.RESOLVED: "resolved on the call",
    CallOutcome.ESCALATED: "escalated",
    CallOutcome.CALL_BACK: "call-back promised",
    CallOutcome.INFORMATION: "information only",
    CallOutcome.WRONG_NUMBER: "wrong number",
}


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
    #: While the caller is on hold, since when (with ``hold_seconds``, the holds ended so far).
    held_since: datetime | None = None
    #: After-call work: from the hang-up to the wrap-up stored, in seconds (None: not wrapped up).
    after_call_seconds: int | None = None
