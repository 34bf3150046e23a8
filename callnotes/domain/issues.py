"""Issues the client wants fixed, and the impact × urgency priority rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Impact(StrEnum):
    """How widely an issue hurts the client, widest first."""

    WHOLE_BUSINESS = "whole_business"
    DEPARTMENT = "department"
    FEW_USERS = "few_users"
    ONE_USER = "one_user"

    @property
    def label(self) -> str:
        """A short English name, as written into timeline entries (the UI translates it)."""
        return _IMPACT_LABELS[self]


class Urgency(StrEnum):
    """How soon the client needs it fixed."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        """A short English name, as written into timeline entries (the UI translates it)."""
        return _URGENCY_LABELS[self]


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

    @property
    def label(self) -> str:
        """A short English name, as written into timeline entries (the UI translates it)."""
        return _STATUS_LABELS[self]


_IMPACT_LABELS = {
    Impact.WHOLE_BUSINESS: "Whole business",
    Impact.DEPARTMENT: "Department",
    Impact.FEW_USERS: "A few users",
    Impact.ONE_USER: "One user",
}
_URGENCY_LABELS = {
    Urgency.CRITICAL: "Critical",
    Urgency.HIGH: "High",
    Urgency.MEDIUM: "Medium",
    Urgency.LOW: "Low",
}
_STATUS_LABELS = {
    IssueStatus.NEW: "New",
    IssueStatus.INVESTIGATING: "Investigating",
    IssueStatus.CAUSE_IDENTIFIED: "Cause identified",
    IssueStatus.FIX_IN_PROGRESS: "Fix in progress",
    IssueStatus.RESOLVED: "Resolved",
    IssueStatus.CONFIRMED: "Confirmed by client",
}


# ITIL-style matrix: rows are impact (widest first), columns urgency (most urgent first).
_MATRIX: dict[Impact, tuple[int, int, int, int]] = {
    Impact.WHOLE_BUSINESS: (1, 2, 3, 4),
    Impact.DEPARTMENT: (2, 3, 4, 5),
    Impact.FEW_USERS: (3, 4, 5, 5),
    Impact.ONE_USER: (4, 5, 5, 5),
}
_URGENCY_ORDER = (Urgency.CRITICAL, Urgency.HIGH, Urgency.MEDIUM, Urgency.LOW)
IMPACT_ORDER = tuple(_MATRIX)
URGENCY_ORDER = _URGENCY_ORDER


def matrix_priority(impact: Impact, urgency: Urgency) -> int:
    """The matrix cell for *impact* × *urgency*, before any business-critical adjustment."""
    return _MATRIX[impact][_URGENCY_ORDER.index(urgency)]


def suggested_priority(
    impact: Impact | None, urgency: Urgency | None, *, business_critical: bool = False
) -> int | None:
    """Return P1–P5 from impact and urgency, or None until both are known.

    A business-critical issue is raised one level (never above P1): the client has told us it
    stops a critical part of their business.
    """
    if impact is None or urgency is None:
        return None
    priority = matrix_priority(impact, urgency)
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
    # After a save: the fields a colleague had changed since the agent began typing them, with
    # the sentence to show. Theirs stays; the agent's version is kept on the timeline.
    kept_beside: tuple[tuple[str, str], ...] = ()

    @property
    def priority(self) -> int | None:
        """Suggested priority P1–P5, or None while impact or urgency is unknown."""
        return suggested_priority(
            self.impact, self.urgency, business_critical=self.business_critical
        )


def by_suggested_priority(issues: Iterable[IssueRecord]) -> list[IssueRecord]:
    """Issues by suggested priority (unknown last), then in the order they were raised."""
    return sorted(issues, key=lambda i: (i.priority if i.priority is not None else 6, i.id))


@dataclass(frozen=True)
class StatusChange:
    """One step of an issue's progress, read back from the timeline."""

    at: datetime
    status: IssueStatus
    # None for the first step: the issue being raised (as New).
    previous: IssueStatus | None
    by: str
    # The STATUS_CHANGE timeline entry that records the step; None for the first step.
    entry_id: int | None


@dataclass(frozen=True)
class OrderState:
    """Whether the order shown is the one the client agreed to."""

    confirmed_at: datetime | None
    # The order was changed, or an issue added, after the last confirmation.
    changed_since: bool

    @property
    def agreed(self) -> bool:
        """The order was confirmed with the client and has not changed since."""
        return self.confirmed_at is not None and not self.changed_since
