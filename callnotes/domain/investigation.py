"""The investigation checklist: the checks the escalation advice asks for, each with findings.

Before anyone guesses at a cause: has this happened before, what does the documentation say,
what do the logs show, and what changed recently. Each check is recorded with what was found;
the checklist shows which are still to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class InvestigationCheck(StrEnum):
    """One of the checks on the list (``OTHER`` for anything else worth recording)."""

    SEEN_BEFORE = "seen_before"
    DOCUMENTATION = "documentation"
    LOGS = "logs"
    RECENT_CHANGES = "recent_changes"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The question the check answers."""
        return _LABELS[self]

    @property
    def done_label(self) -> str:
        """How the check reads on the timeline once done."""
        return _DONE[self]


_LABELS = {
    InvestigationCheck.SEEN_BEFORE: "Has this happened before?",
    InvestigationCheck.DOCUMENTATION: "Documentation consulted",
    InvestigationCheck.LOGS: "Logs checked",
    InvestigationCheck.RECENT_CHANGES: "Recent changes or deployments checked",
    InvestigationCheck.OTHER: "Other finding",
}

_DONE = {
    InvestigationCheck.SEEN_BEFORE: "Checked whether this happened before",
    InvestigationCheck.DOCUMENTATION: "Documentation consulted",
    InvestigationCheck.LOGS: "Logs checked",
    InvestigationCheck.RECENT_CHANGES: "Recent changes and deployments checked",
    InvestigationCheck.OTHER: "Investigation",
}

# The checks every case should have; OTHER is optional.
CHECKLIST = (
    InvestigationCheck.SEEN_BEFORE,
    InvestigationCheck.DOCUMENTATION,
    InvestigationCheck.LOGS,
    InvestigationCheck.RECENT_CHANGES,
)

MAX_FINDINGS = 20_000


@dataclass(frozen=True)
class InvestigationStepRecord:
    """One recorded check and what it found."""

    id: int
    case_id: int
    check: InvestigationCheck
    findings: str
    at: datetime
    entry_id: int | None


@dataclass(frozen=True)
class LinkedCase:
    """A past case found to be related, with what its review concluded."""

    case_id: int
    title: str
    status: str
    opened_at: datetime
    reason: str
    root_cause: str


@dataclass(frozen=True)
class ChecklistItem:
    """A check on the list: done or not, and everything found so far, oldest first."""

    check: InvestigationCheck
    steps: tuple[InvestigationStepRecord, ...]

    @property
    def done(self) -> bool:
        """Whether the check has been recorded at least once."""
        return bool(self.steps)

    @property
    def last_at(self) -> datetime | None:
        """When the check was last recorded."""
        return self.steps[-1].at if self.steps else None


@dataclass(frozen=True)
class Investigation:
    """The whole checklist of a case, its extra findings and the linked past cases."""

    case_id: int
    items: tuple[ChecklistItem, ...]
    others: tuple[InvestigationStepRecord, ...]
    linked: tuple[LinkedCase, ...]

    @property
    def outstanding(self) -> tuple[InvestigationCheck, ...]:
        """Checks not yet recorded, in list order."""
        return tuple(item.check for item in self.items if not item.done)


def build_investigation(
    case_id: int, steps: list[InvestigationStepRecord], linked: list[LinkedCase]
) -> Investigation:
    """Arrange recorded *steps* into the checklist (steps in the order they were recorded)."""
    ordered = sorted(steps, key=lambda s: (s.at, s.id))
    items = tuple(
        ChecklistItem(check, tuple(s for s in ordered if s.check is check)) for check in CHECKLIST
    )
    others = tuple(s for s in ordered if s.check is InvestigationCheck.OTHER)
    return Investigation(case_id, items, others, tuple(linked))


def timeline_text(check: InvestigationCheck, findings: str) -> str:
    """The sentence a recorded check leaves on the timeline."""
    return f"{check.done_label}: {findings}"


# What a linked case's number and title become once its client is erased.
SAME_AS_ERASED = "same as a case since erased"

_SAME_AS = re.compile(r"same as case (\d+) \((.*)\)", re.DOTALL)


def same_as_case(case_id: int, title: str, reason: str = "") -> str:
    """The findings of linking a past case: its number and title, then why, when said."""
    return f"same as case {case_id} ({title})" + (f" — {reason}" if reason else "")


def naming_of_case(findings: str, case_id: int, title: str, reason: str) -> str | None:
    """The words of *findings* (written by :func:`same_as_case` for the link whose *reason*
    is given) that name the linked case, or None when they name another case.

    The case is known by its number or by its title: a case imported from a file keeps the
    number it had where it was linked, a case renamed since keeps its number.
    """
    suffix = f" — {reason}" if reason else ""
    if not findings.endswith(suffix):
        return None
    named = findings[: len(findings) - len(suffix)]
    found = _SAME_AS.fullmatch(named)
    if found is None or (int(found[1]) != case_id and found[2] != title):
        return None
    return named
