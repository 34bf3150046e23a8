"""Suggested next steps for whoever takes a case over, derived from its facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from callnotes.domain.issues import IssueStatus
from callnotes.reports.context import ReportContext

# A promise due this close to the next client update already is that update.
_SAME_PROMISE = timedelta(minutes=15)


@dataclass(frozen=True)
class NextStep:
    """One thing to do, with the time it is due by when there is one."""

    text: str
    due_at: datetime | None = None
    overdue: bool = False


def next_steps(r: ReportContext) -> tuple[NextStep, ...]:
    """What to do next, most pressing first: the steps with a time by that time (a late one
    first of all), then the others, in the order below."""
    return tuple(sorted(_steps(r), key=_by_time))


def _by_time(step: NextStep) -> tuple[bool, datetime | None]:
    # Stable: untimed steps keep their order after every timed one.
    return (step.due_at is None, step.due_at)


def _steps(r: ReportContext) -> list[NextStep]:
    steps: list[NextStep] = []
    contact = r.caller.name if r.caller else r.client.name
    for c in r.open_commitments:
        owner = f" ({c.owner})" if c.owner else ""
        late = c.due_at is not None and c.due_at < r.generated_at
        text = c.text.rstrip(" .")
        steps.append(NextStep(f"Keep the promise: {text}{owner}.", c.due_at, overdue=late))
    due = r.next_update_at
    if (
        due is not None
        and not r.is_resolved
        and not any(
            c.due_at is not None and abs(c.due_at - due) <= _SAME_PROMISE
            for c in r.open_commitments
        )
    ):
        how = f" by {r.update_channel.value}" if r.update_channel else ""
        steps.append(
            NextStep(f"Give {contact} the next update{how}.", due, overdue=due < r.generated_at)
        )
    for view in r.open_issues:
        issue = view.issue
        need = f"; the client needs it {_lower_first(issue.timeframe)}" if issue.timeframe else ""
        if not view.owner_name:
            steps.append(
                NextStep(
                    f"Find an owner for issue {view.position} ({issue.title}){need}.",
                    issue.deadline,
                )
            )
        elif issue.eta is None and (issue.deadline is not None or issue.timeframe):
            steps.append(
                NextStep(
                    f"Agree an ETA with {view.owner_name} for issue {view.position} "
                    f"({issue.title}){need}.",
                    issue.deadline,
                )
            )
    for view in r.issues:
        if view.issue.status is IssueStatus.RESOLVED:
            steps.append(
                NextStep(f"Ask {contact} to confirm issue {view.position} is fixed for them.")
            )
    usual = r.client.usual_contact
    acknowledged = r.plan is not None and r.plan.handback_acknowledged_at is not None
    if usual is not None and r.plan is not None and not r.is_resolved and not acknowledged:
        steps.append(
            NextStep(
                f"{usual.name}: read this handover, acknowledge it, and tell {contact} "
                "you are back on the case."
            )
        )
    if r.is_resolved and r.review is None:
        steps.append(
            NextStep("Hold the team review: root cause, prevention actions, detection gap.")
        )
    return steps


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
