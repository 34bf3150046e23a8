"""Commitments: promises made to the client or the team, with a due time and an owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class CommitmentState(StrEnum):
    """Whether a promise is still to keep."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    CARRIED_OVER = "carried_over"


@dataclass(frozen=True)
class CommitmentRecord:
    """A promise and its state."""

    id: int
    case_id: int
    text: str
    due_at: datetime | None
    owner: str
    state: CommitmentState
    created_at: datetime
    # The timeline entry that made the promise (None: recorded without one).
    entry_id: int | None = None
