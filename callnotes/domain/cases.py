"""A case: one client crisis, grouping calls, issues, timeline and communications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callnotes.domain.timeline import EntryRecord, NoteDraft


class CaseStatus(StrEnum):
    """Where a case stands: open → monitoring → resolved → closed."""

    OPEN = "open"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One line of the case list."""

    id: int
    title: str
    status: CaseStatus
    client_id: int
    client_name: str
    opened_at: datetime
    last_activity_at: datetime
    open_issue_count: int
    next_update_due_at: datetime | None


#: Where a case stands in the case list, which shows the highest first (most recently active,
#: then newest): the key a page of the list is read after.
ListPosition = tuple[datetime, int]


def list_position(case: CaseSummary) -> ListPosition:
    """*case*'s place in the case list (see :data:`ListPosition`)."""
    return (case.last_activity_at, case.id)


@dataclass(frozen=True)
class FirstLook:
    """The case at the top of the case list and the newest entries of its timeline (in the
    order recorded), read together as the window opens, before the panels that show them are
    built (``storage/first_look.py``)."""

    case: CaseSummary
    entries: tuple[EntryRecord, ...]
    #: What the case's note editor held when the window last closed (the panels' draft).
    draft: NoteDraft
