"""Reviews after resolution: root cause, prevention and the detection gap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Recurrence(StrEnum):
    """Whether the problem has happened before."""

    UNKNOWN = "unknown"
    ONCE_OFF = "once_off"
    RECURRING = "recurring"


@dataclass(frozen=True)
class PreventionActionRecord:
    """A measure that stops the problem happening again."""

    text: str
    owner: str
    due_at: datetime | None
    done: bool
    id: int | None = None


@dataclass(frozen=True)
class ReviewRecord:
    """The team's look back at a resolved case."""

    case_id: int
    root_cause: str
    contributing_factors: str
    client_noticed_at: datetime | None
    detected_at: datetime | None
    detection_gap_reason: str
    recurrence: Recurrence
    satisfaction: str
    prevention_actions: tuple[PreventionActionRecord, ...]
    reassurance: str = ""
    author_id: int | None = None
    author_name: str = ""
    written_at: datetime | None = None

    @property
    def detection_gap(self) -> timedelta | None:
        """How long the client knew before we did, when both times are known."""
        if self.client_noticed_at is None or self.detected_at is None:
            return None
        return self.detected_at - self.client_noticed_at
