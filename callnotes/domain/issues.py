"""Issues the client wants fixed, and the impact × urgency priority rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Impact(StrEnum):
    """How widely an issue hurts the client, widest first."""

    WHOLE_BUSINESS = "whole_business"
    DEPARTMENT = "department"
    FEW_USERS = "few_users"
    ONE_USER = "one_user"


class Urgency(StrEnum):
    """How soon the client needs it fixed."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class IssueStatus(StrEnum):
    """Progress of an issue, in order."""

    NEW = "new"
    INVESTIGATING = "investigating"
    CAUSE_IDENTIFIED = "cause_identified"
    FIX_IN_PROGRESS = "fix_in_progress"
    RESOLVED = "resolved"
    CONFIRMED = "confirmed"

    @property
    def is_open(self) -> bool:
        """Whether work on the issue remains."""
        return self not in (IssueStatus.RESOLVED, IssueStatus.CONFIRMED)


# ITIL-style matrix: rows are impact (widest first), columns urgency (most urgent first).
_MATRIX: dict[Impact, tuple[int, int, int, int]] = {
    Impact.WHOLE_BUSINESS: (1, 2, 3, 4),
    Impact.DEPARTMENT: (2, 3, 4, 5),
    Impact.FEW_USERS: (3, 4, 5, 5),
    Impact.ONE_USER: (4, 5, 5, 5),
}
_URGENCY_ORDER = (Urgency.CRITICAL, Urgency.HIGH, Urgency.MEDIUM, Urgency.LOW)


def suggested_priority(
    impact: Impact | None, urgency: Urgency | None, *, business_critical: bool = False
) -> int | None:
    """Return P1–P5 from impact and urgency, or None until both are known.

    A business-critical issue is raised one level (never above P1): the client has told us it
    stops a critical part of their business.
    """
    if impact is None or urgency is None:
        return None
    priority = _MATRIX[impact][_URGENCY_ORDER.index(urgency)]
    if business_critical:
        priority = max(1, priority - 1)
    return priority


@dataclass(frozen=True)
class IssueRecord:
    """One thing the client wants fixed."""

    id: int
    case_id: int
    title: str
    client_words: str
    fixed_looks_like: tuple[str, ...]
    impact: Impact | None
    urgency: Urgency | None
    time_sensitive: bool
    business_critical: bool
    timeframe: str
    deadline: datetime | None
    first_noticed_at: datetime | None
    status: IssueStatus
    owner_id: int | None
    eta: datetime | None
    roadblocks: str
    root_cause: str
    agreed_rank: int | None
    created_at: datetime

    @property
    def priority(self) -> int | None:
        """Suggested priority P1–P5, or None while impact or urgency is unknown."""
        return suggested_priority(
            self.impact, self.urgency, business_critical=self.business_critical
        )
