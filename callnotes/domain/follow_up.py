"""The follow-up call: each "what fixed looks like" criterion checked with the client.

The script is the follow-up playbook with its ``for_each = "criterion"`` step written out once
per criterion of the case's issues, so the call rail can walk through it like any playbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from callnotes.domain.issues import IssueRecord, IssueStatus
from callnotes.domain.playbooks import Answer, Playbook, PlaybookStep, fill

FOLLOW_UP_PLAYBOOK = "follow-up-call"
# Where a criterion found still wrong sends its issue back to: work on it resumes.
REOPENED_STATUS = IssueStatus.INVESTIGATING


class CheckOutcome(StrEnum):
    """The client's answer about one criterion."""

    CONFIRMED = "confirmed"
    STILL_WRONG = "still_wrong"

    @property
    def label(self) -> str:
        """A short English name, as written into documents."""
        return "Confirmed" if self is CheckOutcome.CONFIRMED else "Still wrong"


@dataclass(frozen=True)
class CriterionRef:
    """One line of an issue's "what fixed looks like", as the script asks about it."""

    issue_id: int
    issue_title: str
    position: int  # the issue's place in the agreed order, from 1
    index: int  # the line's place among the issue's criteria, from 0
    text: str

    @property
    def step_id(self) -> str:
        """The id of the script step that asks about this criterion."""
        return f"criterion-{self.issue_id}-{self.index + 1}"


@dataclass(frozen=True)
class FollowUpCheckRecord:
    """What the client said about one criterion, and when."""

    id: int
    case_id: int
    issue_id: int
    call_id: int | None
    criterion: str
    outcome: CheckOutcome
    note: str
    at: datetime


@dataclass(frozen=True)
class FollowUpScript:
    """The follow-up playbook written out for one case, and which step asks about what."""

    playbook: Playbook
    criteria: Mapping[str, CriterionRef]  # step id → criterion

    def criterion_at(self, step_id: str) -> CriterionRef | None:
        """The criterion a step asks about, or None for the fixed steps."""
        return self.criteria.get(step_id)


def criteria_of(issues: Sequence[IssueRecord]) -> list[CriterionRef]:
    """Every criterion of *issues* (already in the agreed order), issue by issue."""
    return [
        CriterionRef(issue.id, issue.title, position, index, text)
        for position, issue in enumerate(issues, start=1)
        for index, text in enumerate(issue.fixed_looks_like)
        if text.strip()
    ]


def build_script(playbook: Playbook, criteria: Sequence[CriterionRef]) -> FollowUpScript:
    """Write out *playbook* for *criteria*: each ``for_each`` step once per criterion.

    Without criteria the repeated step is left out; the fixed steps stay.
    """
    steps: list[PlaybookStep] = []
    by_step: dict[str, CriterionRef] = {}
    for step in playbook.steps:
        if step.for_each != "criterion":
            steps.append(step)
            continue
        for n, criterion in enumerate(criteria, start=1):
            values = {
                "issue": criterion.issue_title,
                "position": str(criterion.position),
                "criterion": criterion.text,
                "n": str(n),
                "total": str(len(criteria)),
            }
            steps.append(
                replace(
                    step,
                    id=criterion.step_id,
                    title=fill(step.title, values),
                    prompt=fill(step.prompt, values),
                    phrases=tuple(fill(p, values) for p in step.phrases),
                    for_each="",
                    records=Answer.CRITERION,
                )
            )
            by_step[criterion.step_id] = criterion
    return FollowUpScript(replace(playbook, steps=tuple(steps)), by_step)


def latest_outcomes(
    checks: Iterable[FollowUpCheckRecord],
) -> dict[tuple[int, str], FollowUpCheckRecord]:
    """The latest check of each (issue, criterion): a later answer replaces an earlier one."""
    latest: dict[tuple[int, str], FollowUpCheckRecord] = {}
    for check in sorted(checks, key=lambda c: (c.at, c.id)):
        latest[(check.issue_id, check.criterion)] = check
    return latest


def status_after_checks(issue: IssueRecord, checks: Iterable[FollowUpCheckRecord]) -> IssueStatus:
    """Where *issue* stands once the client has answered about its criteria.

    A criterion still wrong puts a finished issue back to work; every criterion confirmed makes
    it confirmed by the client; anything in between leaves it as it was.
    """
    latest = latest_outcomes(c for c in checks if c.issue_id == issue.id)
    answers = [latest.get((issue.id, text)) for text in issue.fixed_looks_like if text.strip()]
    if any(a is not None and a.outcome is CheckOutcome.STILL_WRONG for a in answers):
        return issue.status if issue.status.is_open else REOPENED_STATUS
    if answers and all(a is not None and a.outcome is CheckOutcome.CONFIRMED for a in answers):
        return IssueStatus.CONFIRMED
    return issue.status
