"""The commitments ledger: promises from the timeline, due times read from the text, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callnotes.app import AppContext
from callnotes.domain.business_hours import parse_business_hours
from callnotes.domain.cadence import DueState
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.due_text import parse_due
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from tests.conftest import FakeClock

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


@pytest.fixture
def clock() -> FakeClock:
    # Thursday 5 March 2026, 09:20 in London (GMT).
    return FakeClock(london(2026, 3, 5, 9, 20).astimezone(UTC), step=timedelta(0))


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    client = ctx.clients.create_client(
        "Northwind Logistics", timezone="Europe/London", business_hours="Mon-Fri 08:00-18:00"
    )
    return ctx.cases.open_case(client.id, "Labels do not print").id


# -- reading a due time from the text ----------------------------------------------------------

NOW = london(2026, 3, 5, 9, 20)  # a Thursday
HOURS = parse_business_hours("Mon-Fri 08:00-18:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call Dana back by 11:30 with the findings", london(2026, 3, 5, 11, 30)),
        ("Update Dana by 2pm", london(2026, 3, 5, 14, 0)),
        ("Send the report by 2:30 p.m.", london(2026, 3, 5, 14, 30)),
        ("Check with Sam tomorrow 9:00", london(2026, 3, 6, 9, 0)),
        ("Call back tomorrow at 10am", london(2026, 3, 6, 10, 0)),
        ("Confirm the fix by Friday", london(2026, 3, 6, 18, 0)),  # Friday's closing time
        ("Confirm the fix by Monday", london(2026, 3, 9, 18, 0)),
        ("Ring back by 8:00", london(2026, 3, 6, 8, 0)),  # 08:00 has passed: tomorrow
        ("Check the 16:00 dispatch left by 16:15", london(2026, 3, 5, 16, 15)),
        ("Send the summary by noon", london(2026, 3, 5, 12, 0)),
        ("Write up by end of day", london(2026, 3, 5, 18, 0)),
        ("Call back in 2 hours", london(2026, 3, 5, 11, 20)),
        ("Send the rollback steps", None),
        ("Call back by 25:00", None),
    ],
)
def test_a_due_time_is_read_in_the_clients_time_zone(text, expected) -> None:
    assert parse_due(text, NOW, LONDON, HOURS) == expected


def test_the_same_words_mean_the_clients_clock_not_ours() -> None:
    now = datetime(2026, 3, 5, 14, 0, tzinfo=UTC)  # 09:00 in New York
    assert parse_due("by 11:30", now, NEW_YORK) == datetime(2026, 3, 5, 16, 30, tzinfo=UTC)


def test_a_due_time_across_the_spring_forward_night() -> None:
    saturday = london(2026, 3, 28, 15, 0)  # clocks go forward in the night to Sunday
    due = parse_due("tomorrow 9:00", saturday, LONDON)
    assert due == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 BST


# -- the ledger --------------------------------------------------------------------------------


def test_a_commitment_entry_creates_its_commitment(ctx, case_id, clock):
    ctx.settings_store.save(ctx.settings.__class__(agent_name="Vinh Nguyen"))
    entry = ctx.timeline.add_entry(
        case_id, "Call Dana back by 11:30 with the findings.", EntryKind.COMMITMENT
    )
    ctx.timeline.add_entry(case_id, "A plain note is not a promise.")
    [item] = ctx.commitments.ledger(case_id)
    assert item.entry_id == entry.id
    assert item.record.due_at == london(2026, 3, 5, 11, 30)
    assert item.record.owner == ctx.author()  # the settings name; the login on a server
    assert item.record.state is CommitmentState.OPEN
    assert [c.id for c in ctx.commitments.open_commitments(case_id)] == [item.id]


def test_amending_the_entry_keeps_the_ledger_in_step(ctx, case_id, clock):
    entry = ctx.timeline.add_entry(case_id, "Call Dana back by 11:30.", EntryKind.COMMITMENT)
    ctx.timeline.amend_entry(entry.id, "Call Dana back by 12:00.")
    [item] = ctx.commitments.ledger(case_id)
    assert item.record.due_at == london(2026, 3, 5, 12, 0)
    assert item.record.text == "Call Dana back by 12:00."
    ctx.timeline.amend_entry(entry.id, "Call Dana back by 12:00.", EntryKind.NOTE)
    assert ctx.commitments.open_commitments(case_id) == []
    note = ctx.timeline.add_entry(case_id, "Send Sam the steps by 15:00.")
    ctx.timeline.amend_entry(note.id, note.text, EntryKind.COMMITMENT)
    assert [c.text for c in ctx.commitments.open_commitments(case_id)] == [
        "Send Sam the steps by 15:00."
    ]


def test_editing_keeping_and_cancelling_go_on_the_timeline(ctx, case_id, clock):
    ctx.timeline.add_entry(case_id, "Call Dana back by 11:30.", EntryKind.COMMITMENT)
    ctx.timeline.add_entry(case_id, "Send Sam the rollback steps.", EntryKind.COMMITMENT)
    first, second = ctx.commitments.ledger(case_id)
    assert second.record.due_at is None  # no time stated

    edited = ctx.commitments.edit(second.id, due_at=london(2026, 3, 5, 15, 0), owner="Marco Rossi")
    assert edited.record.owner == "Marco Rossi"
    assert ctx.timeline.entries(case_id)[-1].text == (
        "Promise changed: due 15:00, kept by Marco Rossi (Send Sam the rollback steps)."
    )
    ctx.commitments.mark_kept(first.id)
    assert ctx.timeline.entries(case_id)[-1].text == "Kept the promise: Call Dana back by 11:30."
    ctx.commitments.cancel(second.id, "Sam rolled back himself")
    assert ctx.timeline.entries(case_id)[-1].text == (
        "Cancelled the promise: Send Sam the rollback steps (Sam rolled back himself)."
    )
    assert ctx.commitments.open_commitments(case_id) == []
    states = {c.record.state for c in ctx.commitments.ledger(case_id)}
    assert states == {CommitmentState.DONE, CommitmentState.CANCELLED}
    with pytest.raises(InvalidInputError, match="already closed"):
        ctx.commitments.mark_kept(first.id)
    with pytest.raises(InvalidInputError, match="someone to keep it"):
        ctx.commitments.edit(first.id, owner=" ")


# -- reminders ---------------------------------------------------------------------------------


def test_reminders_appear_when_due_and_snooze_holds_them_back(ctx, case_id, clock):
    ctx.timeline.add_entry(case_id, "Call Dana back by 11:30.", EntryKind.COMMITMENT)
    ctx.timeline.add_entry(case_id, "Send the report by 14:00.", EntryKind.COMMITMENT)
    ctx.timeline.add_entry(case_id, "Tell Priya everything.", EntryKind.COMMITMENT)
    assert ctx.commitments.reminders(case_id) == []

    clock.now = london(2026, 3, 5, 11, 30).astimezone(UTC)
    [due] = ctx.commitments.reminders(case_id)
    assert due.state is DueState.DUE and due.commitment.record.text == "Call Dana back by 11:30."

    clock.now = london(2026, 3, 5, 11, 45).astimezone(UTC)
    [late] = ctx.commitments.reminders(case_id)
    assert late.state is DueState.OVERDUE and late.late_by == timedelta(minutes=15)

    ctx.commitments.snooze(late.commitment.id, clock.now + timedelta(minutes=15))
    assert ctx.commitments.reminders(case_id) == []
    clock.now += timedelta(minutes=15)
    assert [r.commitment.id for r in ctx.commitments.reminders(case_id)] == [late.commitment.id]

    clock.now = london(2026, 3, 5, 14, 5).astimezone(UTC)
    texts = [r.commitment.record.text for r in ctx.commitments.reminders(case_id)]
    assert texts == ["Call Dana back by 11:30.", "Send the report by 14:00."]  # most overdue first
    ctx.commitments.mark_kept(late.commitment.id)
    texts = [r.commitment.record.text for r in ctx.commitments.reminders(case_id)]
    assert texts == ["Send the report by 14:00."]
    with pytest.raises(InvalidInputError, match="after now"):
        ctx.commitments.snooze(late.commitment.id, clock.now - timedelta(minutes=1))
