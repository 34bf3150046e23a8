"""The guided call rail: which steps are done, and what is missing before wrap-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from callnotes.domain.playbooks import Condition, Playbook


@dataclass(frozen=True)
class IssueGap:
    """An issue whose clarification is incomplete."""

    title: str
    missing: tuple[str, ...]  # e.g. ("impact", "timeframe")


@dataclass(frozen=True)
class CallFacts:
    """What has been captured during a call, as the rail needs to know it."""

    entries: int = 0
    client_said: int = 0
    issues: int = 0
    issue_gaps: tuple[IssueGap, ...] = ()
    order_agreed: bool = False
    contact_method: bool = False
    anything_else_asked: bool = False
    read_back_confirmed: bool = False


@dataclass(frozen=True)
class RailState:
    """The agent's position on the rail and the manual steps they ticked off."""

    current: int = 0
    manual_done: frozenset[str] = field(default_factory=frozenset)
    wrapped_up_anyway: bool = False


def condition_met(condition: Condition, facts: CallFacts) -> bool:
    """Whether *facts* satisfy *condition* (manual conditions never are, by themselves)."""
    match condition:
        case Condition.MANUAL:
            return False
        case Condition.NOTE_TAKEN:
            return facts.entries > 0
        case Condition.CLIENT_SAID:
            return facts.client_said > 0
        case Condition.ISSUES_CLARIFIED:
            return facts.issues > 0 and not facts.issue_gaps
        case Condition.ORDER_AGREED:
            # Agreed means confirmed with the client (the seed: prioritise *with* the client),
            # as the issue list says it; a single issue too, which the client still confirms.
            return facts.order_agreed
        case Condition.CONTACT_METHOD:
            return facts.contact_method
        case Condition.ANYTHING_ELSE:
            return facts.anything_else_asked
        case Condition.READ_BACK:
            return facts.read_back_confirmed


def steps_done(playbook: Playbook, state: RailState, facts: CallFacts) -> list[bool]:
    """For each step, whether it is done: its condition holds, or the agent ticked it off."""
    return [
        step.id in state.manual_done or condition_met(step.done_when, facts)
        for step in playbook.steps
    ]


def missing_before_wrap_up(playbook: Playbook, facts: CallFacts) -> list[str]:
    """Plain sentences naming what the playbook requires but the call has not captured."""
    missing: list[str] = []
    for condition in playbook.wrap_up_requires:
        if condition_met(condition, facts):
            continue
        if condition is Condition.ISSUES_CLARIFIED and facts.issues:
            missing.extend(
                f"Issue \u201c{gap.title}\u201d has no {' or '.join(gap.missing)}."
                for gap in facts.issue_gaps
            )
        else:
            missing.append(_MISSING[condition])
    return missing


_MISSING = {
    Condition.MANUAL: "A manual step was not ticked off.",
    Condition.NOTE_TAKEN: "No notes were taken.",
    Condition.CLIENT_SAID: "Nothing the client said was recorded.",
    Condition.ISSUES_CLARIFIED: "No issue was recorded.",
    Condition.ORDER_AGREED: "The order of the issues was not agreed with the client.",
    Condition.CONTACT_METHOD: "No preferred contact method was recorded.",
    Condition.ANYTHING_ELSE: "\u201cAnything else?\u201d was never asked.",
    Condition.READ_BACK: "The read-back was never confirmed.",
}
