"""The review below the UI: prevention actions, the detection gap, the steps to resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callnotes.app import AppContext
from callnotes.domain.issues import IssueStatus
from callnotes.domain.resolution import detection_gap
from callnotes.domain.reviews import Recurrence
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError, NotFoundError
from tests.conftest import FakeClock


@pytest.fixture
def case_id(ctx: AppContext, clock: FakeClock) -> int:
    client = ctx.clients.create_client("Northwind", timezone="Europe/London")
    case = ctx.cases.open_case(client.id, "Labels")
    noticed = case.opened_at - timedelta(hours=3)
    ctx.issues.add_issue(case.id, "Labels do not print", first_noticed_at=noticed)
    ctx.issues.add_issue(case.id, "Scanner slow", first_noticed_at=noticed + timedelta(hours=1))
    return case.id


def test_a_review_with_prevention_actions(ctx: AppContext, case_id: int) -> None:
    helen = ctx.clients.create_team_member("Helen Cho", role="Head of Support")
    due = datetime(2026, 3, 20, 17, 0, tzinfo=UTC)
    first = ctx.reviews.add_action(
        case_id, "Test driver updates on one station first", owner="Marco", due_at=due
    )
    second = ctx.reviews.add_action(case_id, "Alert when the print queue stalls", owner="Helen")
    with pytest.raises(InvalidInputError, match="needs a description"):
        ctx.reviews.add_action(case_id, "  ")
    ctx.reviews.update_action(
        second.id,
        text="Alert when the print queue stalls for 5 minutes",
        owner="Helen Cho",
        due_at=due,
        done=False,
    )
    ctx.reviews.set_action_done(first.id)
    review = ctx.reviews.save(
        case_id,
        root_cause="The printer driver update of 22:40 changed the label size.",
        contributing_factors="No test station; updates pushed at night.",
        client_noticed_at=None,
        detected_at=None,
        detection_gap_reason="Nothing watches the print queue.",
        recurrence=Recurrence.RECURRING,
        author_id=helen.id,
    )
    assert review.author_name == "Helen Cho"
    assert review.written_at is not None
    assert review.recurrence is Recurrence.RECURRING
    assert [(a.text, a.owner, a.due_at, a.done) for a in review.prevention_actions] == [
        ("Test driver updates on one station first", "Marco", due, True),
        ("Alert when the print queue stalls for 5 minutes", "Helen Cho", due, False),
    ]
    notes = [e.text for e in ctx.timeline.entries(case_id) if e.internal]
    assert "Review written by Helen Cho." in notes
    assert "Prevention action done: Test driver updates on one station first" in notes
    with pytest.raises(NotFoundError):
        ctx.reviews.save(
            case_id,
            root_cause="",
            contributing_factors="",
            client_noticed_at=None,
            detected_at=None,
            detection_gap_reason="",
            recurrence=Recurrence.UNKNOWN,
            author_id=999,
        )


def test_the_detection_gap_is_computed_from_the_facts(
    ctx: AppContext, case_id: int, clock: FakeClock
) -> None:
    sheet = ctx.reviews.sheet(case_id)
    opened = ctx.cases.get_case(case_id).opened_at
    assert sheet.review is None
    assert sheet.client_noticed_at == opened - timedelta(hours=3)
    assert sheet.detected_at == opened
    assert detection_gap(sheet.client_noticed_at, sheet.detected_at) == timedelta(hours=3)
    # What the review says wins over the defaults.
    ctx.reviews.save(
        case_id,
        root_cause="",
        contributing_factors="",
        client_noticed_at=opened - timedelta(hours=5),
        detected_at=opened - timedelta(hours=1),
        detection_gap_reason="",
        recurrence=Recurrence.ONCE_OFF,
        author_id=None,
    )
    sheet = ctx.reviews.sheet(case_id)
    assert detection_gap(sheet.client_noticed_at, sheet.detected_at) == timedelta(hours=4)


def test_the_steps_to_resolution_come_from_the_timeline(ctx: AppContext, case_id: int) -> None:
    labels = ctx.issues.issues(case_id)[0]
    ctx.timeline.add_entry(case_id, "Just a note")
    ctx.timeline.add_entry(case_id, "Rolled the driver back", EntryKind.ACTION)
    ctx.timeline.add_entry(case_id, "Roll back first, fix later", EntryKind.DECISION)
    ctx.issues.set_status(labels.id, IssueStatus.RESOLVED)
    steps = ctx.reviews.sheet(case_id).steps
    assert [s.text for s in steps] == [
        "Rolled the driver back",
        "Roll back first, fix later",
        "Status of “Labels do not print”: New → Resolved",
    ]
