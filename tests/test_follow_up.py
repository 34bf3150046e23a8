"""The follow-up call below the UI: the script, the answers, and how issues move with them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callnotes.app import AppContext
from callnotes.domain.follow_up import FOLLOW_UP_PLAYBOOK, CheckOutcome
from callnotes.domain.issues import IssueStatus
from callnotes.domain.playbooks import Answer, PlaybookError, parse_playbook
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from callnotes.storage import models as m


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    client = ctx.clients.create_client("Northwind", timezone="Europe/London")
    case = ctx.cases.open_case(client.id, "Labels and log-outs")
    labels = ctx.issues.add_issue(
        case.id,
        "Labels do not print",
        fixed_looks_like=["Labels print from every station", "The 16:00 dispatch leaves labelled"],
    )
    logouts = ctx.issues.add_issue(
        case.id, "Driver app logs out", fixed_looks_like=["Drivers stay signed in all shift"]
    )
    ctx.issues.add_issue(case.id, "No criteria here")
    for issue in (labels, logouts):
        ctx.issues.set_status(issue.id, IssueStatus.RESOLVED)
    return case.id


def test_the_script_walks_every_criterion_between_the_fixed_steps(
    ctx: AppContext, case_id: int
) -> None:
    script = ctx.follow_up.script(case_id, ctx.playbooks.get(FOLLOW_UP_PLAYBOOK))
    steps = script.playbook.steps
    assert [s.id for s in steps][:1] == ["greet"]
    criteria = [s for s in steps if s.records is Answer.CRITERION]
    assert [s.title for s in criteria] == [
        "Check 1 of 3: Labels print from every station",
        "Check 2 of 3: The 16:00 dispatch leaves labelled",
        "Check 3 of 3: Drivers stay signed in all shift",
    ]
    assert "Issue 2, Driver app logs out" in criteria[2].prompt
    assert [s.id for s in steps][-4:] == ["satisfaction", "reassurance", "anything-else", "close"]
    ref = script.criterion_at(criteria[1].id)
    assert ref is not None and ref.text == "The 16:00 dispatch leaves labelled"
    assert script.criterion_at("greet") is None


def test_all_criteria_confirmed_make_the_issue_confirmed_by_the_client(
    ctx: AppContext, case_id: int
) -> None:
    labels, logouts, _ = ctx.issues.issues(case_id)
    first = ctx.follow_up.record_check(
        case_id, labels.id, "Labels print from every station", CheckOutcome.CONFIRMED
    )
    assert first.issue.status is IssueStatus.RESOLVED and not first.status_changed
    second = ctx.follow_up.record_check(
        case_id, labels.id, "The 16:00 dispatch leaves labelled", CheckOutcome.CONFIRMED
    )
    assert second.issue.status is IssueStatus.CONFIRMED and second.status_changed
    assert ctx.issues.get_issue(logouts.id).status is IssueStatus.RESOLVED
    texts = [e.text for e in ctx.timeline.entries(case_id)]
    assert (
        "Follow-up: the client confirmed “Labels print from every station” (Labels do not print)."
        in texts
    )
    assert "Status of “Labels do not print”: Resolved → Confirmed by client" in texts
    history = ctx.issues.status_history(labels.id)
    assert history[-1].status is IssueStatus.CONFIRMED


def test_a_criterion_still_wrong_puts_the_issue_back_to_work(ctx: AppContext, case_id: int) -> None:
    _, logouts, _ = ctx.issues.issues(case_id)
    with pytest.raises(InvalidInputError, match="still wrong"):
        ctx.follow_up.record_check(
            case_id, logouts.id, "Drivers stay signed in all shift", CheckOutcome.STILL_WRONG
        )
    result = ctx.follow_up.record_check(
        case_id,
        logouts.id,
        "Drivers stay signed in all shift",
        CheckOutcome.STILL_WRONG,
        "Two drivers were logged out at 14:10",
    )
    assert result.issue.status is IssueStatus.INVESTIGATING
    with ctx.db.unit_of_work() as session:
        rows = session.scalars(select(m.FollowUpCheck)).all()
        assert [(r.outcome, r.note) for r in rows] == [
            ("still_wrong", "Two drivers were logged out at 14:10")
        ]
    entries = ctx.timeline.entries(case_id)
    said = [e for e in entries if e.kind is EntryKind.CLIENT_SAID]
    assert said[-1].issue_id == logouts.id
    assert said[-1].text.endswith("Two drivers were logged out at 14:10")
    with pytest.raises(InvalidInputError, match="not one of this issue's criteria"):
        ctx.follow_up.record_check(case_id, logouts.id, "Something else", CheckOutcome.CONFIRMED)


def test_satisfaction_and_reassurance_go_on_the_review_and_the_timeline(
    ctx: AppContext, case_id: int
) -> None:
    assert ctx.follow_up.suggested_reassurance(case_id) == ""
    ctx.reviews.add_action(case_id, "Test printer drivers before pushing them", owner="Marco")
    assert ctx.follow_up.suggested_reassurance(case_id) == (
        "We have taken these measures: Test printer drivers before pushing them."
    )
    ctx.follow_up.record_satisfaction(case_id, "Happy, and relieved it was quick.")
    ctx.follow_up.record_reassurance(case_id, "Driver updates are now tested first.")
    review = ctx.reviews.sheet(case_id).review
    assert review is not None
    assert review.satisfaction == "Happy, and relieved it was quick."
    assert review.reassurance == "Driver updates are now tested first."
    texts = [e.text for e in ctx.timeline.entries(case_id)]
    assert "Follow-up: the client's satisfaction: Happy, and relieved it was quick." in texts
    assert "Reassurance given to the client: Driver updates are now tested first." in texts
    with pytest.raises(InvalidInputError):
        ctx.follow_up.record_satisfaction(case_id, "   ")


def test_a_playbook_step_must_say_what_it_repeats_and_records() -> None:
    base = 'id = "x"\nname = "X"\n[[steps]]\nid = "a"\ntitle = "A"\n'
    with pytest.raises(PlaybookError, match="for_each"):
        parse_playbook(base + 'for_each = "issue"\n', "x.toml")
    with pytest.raises(PlaybookError, match="unknown answer"):
        parse_playbook(base + 'records = "mood"\n', "x.toml")
    step = parse_playbook(base + 'records = "satisfaction"\n', "x.toml").steps[0]
    assert step.records is Answer.SATISFACTION and step.for_each == ""
