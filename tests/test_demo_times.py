"""The demo, loaded at any hour of any day, tells a story that agrees with the clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callnotes.app import AppContext
from callnotes.domain.business_hours import parse_business_hours
from callnotes.domain.timeline import EntryKind
from tests.conftest import FakeClock

LONDON = ZoneInfo("Europe/London")
HOURS = [
    datetime(2026, 3, 6, 9, 55, tzinfo=LONDON),  # the morning the story was written for
    datetime(2026, 3, 6, 15, 30, tzinfo=LONDON),  # an afternoon
    datetime(2026, 3, 6, 22, 10, tzinfo=LONDON),  # late at night
    datetime(2026, 3, 9, 3, 0, tzinfo=LONDON),  # before dawn on a Monday
    datetime(2026, 7, 11, 14, 0, tzinfo=LONDON),  # a summer Saturday
]


@pytest.mark.parametrize("loaded", HOURS, ids=lambda d: d.strftime("%a-%H%M"))
def test_freshly_loaded_nothing_is_overdue_and_every_time_said_is_the_time_stored(
    ctx: AppContext, clock: FakeClock, loaded: datetime
) -> None:
    clock.now = loaded.astimezone(UTC)
    clock.step = timedelta(0)
    case_id = ctx.demo.load_demo()
    now = clock.now
    case = ctx.cases.get_case(case_id)
    open_promises = ctx.commitments.open_commitments(case_id)

    # Nothing late on a fresh demo: no reminders, the next update still to come.
    assert ctx.commitments.reminders(case_id, now) == []
    assert all(p.due_at is not None and p.due_at > now for p in open_promises)
    assert case.next_update_due_at is not None and case.next_update_due_at > now
    # The call happened just before: everything on the timeline is in the past.
    entries = ctx.timeline.entries(case_id)
    assert max(e.at for e in entries) <= now
    assert now - min(e.at for e in entries) < timedelta(hours=1)

    # "by 11:30" in a promise is when it is due, on the client's clock.
    for promise in open_promises:
        said = re.search(r"\bby (\d\d:\d\d)", promise.text)
        if said:
            assert promise.due_at is not None
            assert said.group(1) == promise.due_at.astimezone(LONDON).strftime("%H:%M"), promise
    next_update = case.next_update_due_at.astimezone(LONDON).strftime("%H:%M")
    plan = [
        e.text for e in entries if e.kind is EntryKind.COMMUNICATION and "Next update" in e.text
    ]
    assert plan and plan[0].endswith(f"Next update by {next_update}.")
    call_back = [
        e.text for e in entries if e.kind is EntryKind.COMMITMENT and "Call Dana" in e.text
    ]
    assert call_back and f"by {next_update} " in call_back[0]

    # The client is open now, and Priya is still at her meeting.
    client = ctx.clients.get_client(case.client_id)
    assert parse_business_hours(client.business_hours).is_open(now, LONDON)
    priya = next(m for m in ctx.team.members() if m.name == "Priya Shah")
    assert priya.away_until is not None and priya.away_until > now
    back = priya.away_until.astimezone(LONDON).strftime("%H:%M")
    assert any(f"until about {back};" in e.text for e in entries)


def test_loading_the_demo_twice_finds_the_first(ctx: AppContext, clock: FakeClock) -> None:
    first = ctx.demo.load_demo()
    clock.now += timedelta(hours=7)
    assert ctx.demo.load_demo() == first
    assert len(ctx.cases.list_cases()) == 2  # the demo case and its earlier, resolved one
