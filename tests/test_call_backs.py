"""Calls that slip: the call-back queue's due times, cleared by a call; outcomes; after-call."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callnotes.app import AppContext
from callnotes.domain.business_hours import BusinessHours, parse_business_hours
from callnotes.domain.call_backs import CALL_BACK_WITHIN, CallBackReason, call_back_due
from callnotes.domain.calls import CallDirection, CallOutcome
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError

BERLIN = ZoneInfo("Europe/Berlin")
HOURS = parse_business_hours("Mon-Fri 09:00-17:00")


def test_due_within_the_hour_while_open_else_at_the_next_opening_in_the_clients_zone() -> None:
    monday_10 = datetime(2026, 3, 2, 10, 0, tzinfo=BERLIN)
    assert call_back_due(monday_10, HOURS, BERLIN) == monday_10 + CALL_BACK_WITHIN
    friday_evening = datetime(2026, 3, 6, 18, 30, tzinfo=BERLIN)
    due = call_back_due(friday_evening, HOURS, BERLIN)
    assert due.astimezone(BERLIN) == datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN)  # Monday 09:00
    assert due.tzinfo is UTC
    assert call_back_due(friday_evening, BusinessHours(), BERLIN) == friday_evening + timedelta(
        minutes=30
    )


def test_a_promise_falling_due_first_is_the_deadline_a_past_or_later_one_is_not() -> None:
    evening = datetime(2026, 3, 6, 18, 30, tzinfo=BERLIN)
    promise = datetime(2026, 3, 6, 20, 0, tzinfo=BERLIN)
    assert call_back_due(evening, HOURS, BERLIN, promise) == promise
    past = evening - timedelta(hours=1)
    assert call_back_due(evening, HOURS, BERLIN, past).astimezone(BERLIN).hour == 9
    later = datetime(2026, 3, 10, 12, 0, tzinfo=BERLIN)
    assert call_back_due(evening, HOURS, BERLIN, later).astimezone(BERLIN).day == 9


@pytest.fixture
def client_case(ctx: AppContext) -> tuple[int, int, int]:
    client = ctx.clients.create_client(
        "Northwind Logistics", timezone="Europe/Berlin", business_hours="Mon-Fri 09:00-17:00"
    )
    contact = ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+49 30 1234567"])
    case = ctx.cases.open_case(client.id, "Depot scanners down")
    return client.id, contact.id, case.id


def test_a_missed_ring_waits_with_its_caller_and_case_and_a_call_to_the_number_clears_it(
    ctx: AppContext, client_case: tuple[int, int, int], clock
) -> None:
    client_id, contact_id, case_id = client_case
    clock.now = datetime(2026, 3, 6, 18, 30, tzinfo=BERLIN)  # Friday evening, closed
    missed = ctx.call_backs.record("+49 30 1234567", CallBackReason.MISSED, caller_name="ignored")
    assert (missed.number, missed.caller_name) == ("+49301234567", "Dana Whitfield")
    assert (missed.client_id, missed.case_id) == (client_id, case_id)
    assert missed.due_at.astimezone(BERLIN) == datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN)
    again = ctx.call_backs.record("+49301234567", CallBackReason.VOICEMAIL)
    assert again.id == missed.id  # one number waits once
    [waiting] = ctx.call_backs.waiting()
    assert waiting.client_name == "Northwind Logistics"

    call = ctx.calls.start_call(
        case_id, number="+49 30 1234567", contact_id=contact_id, direction=CallDirection.OUTBOUND
    )
    assert ctx.call_backs.waiting() == []
    [done] = ctx.call_backs.of_client(client_id)
    assert (done.done_at, done.call_id) == (call.started_at, call.id)


def test_an_unknown_number_waits_too_and_the_agent_can_mark_it_done(ctx: AppContext) -> None:
    unknown = ctx.call_backs.record("+44 20 7946 0018", CallBackReason.ASKED, caller_name="Sam")
    assert (unknown.client_id, unknown.case_id, unknown.caller_name) == (None, None, "Sam")
    ctx.call_backs.mark_done(unknown.id)
    assert ctx.call_backs.waiting() == []
    with pytest.raises(InvalidInputError, match="not a phone number"):
        ctx.call_backs.record("call me", CallBackReason.ASKED)


def test_a_promise_to_the_client_sets_the_due_time(
    ctx: AppContext, client_case: tuple[int, int, int], clock
) -> None:
    _client_id, _contact_id, case_id = client_case
    clock.now = datetime(2026, 3, 6, 18, 0, tzinfo=BERLIN)
    ctx.timeline.add_entry(case_id, "Call Dana back by 19:30.", EntryKind.COMMITMENT)
    [promise] = ctx.commitments.open_commitments(case_id)
    assert promise.due_at is not None
    missed = ctx.call_backs.record("+49301234567", CallBackReason.MISSED)
    assert missed.due_at == promise.due_at


def test_the_outcome_and_the_after_call_work_are_stored_on_the_call(
    ctx: AppContext, client_case: tuple[int, int, int], clock
) -> None:
    _client_id, contact_id, case_id = client_case
    call = ctx.calls.start_call(case_id, number="+49301234567", contact_id=contact_id)
    assert call.outcome is None and call.after_call_seconds is None
    ctx.calls.hang_up(call.id, talk_seconds=300)
    clock.now += timedelta(seconds=95)  # the agent writes up the call
    ctx.calls.set_outcome(call.id, CallOutcome.ESCALATED)
    ctx.calls.wrap_up(call.id, talk_seconds=300, hold_seconds=0, missing=[])
    [stored] = ctx.calls.calls(case_id)
    assert stored.outcome is CallOutcome.ESCALATED
    assert 95 <= stored.after_call_seconds <= 98  # the fake clock ticks once per reading
    ctx.calls.wrap_up(call.id, talk_seconds=300, hold_seconds=0, missing=[])
    assert ctx.calls.calls(case_id)[0].after_call_seconds == stored.after_call_seconds


def test_a_call_back_asked_for_by_hand_keeps_its_time_and_note_and_updates_one_waiting(
    ctx: AppContext, client_case: tuple[int, int, int], clock
) -> None:
    _client_id, _contact_id, case_id = client_case
    clock.now = datetime(2026, 3, 6, 18, 30, tzinfo=BERLIN)  # Friday evening, closed
    draft = ctx.call_backs.draft(None, case_id)  # the case's client contact
    assert (draft.number, draft.caller_name, draft.client_name) == (
        "+49301234567",
        "Dana Whitfield",
        "Northwind Logistics",
    )
    assert draft.due_at.astimezone(BERLIN) == datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN)
    assert ctx.call_backs.draft("+49 30 1234567", None) == draft
    missed = ctx.call_backs.record(draft.number, CallBackReason.MISSED)
    later = datetime(2026, 3, 9, 11, 0, tzinfo=BERLIN)
    asked = ctx.call_backs.record(
        draft.number, CallBackReason.VOICEMAIL, due_at=later, note="  after the depot meeting "
    )
    assert asked.id == missed.id  # one row per number waiting
    [waiting] = ctx.call_backs.waiting()
    assert (waiting.reason, waiting.due_at, waiting.note) == (
        CallBackReason.VOICEMAIL,
        later,
        "after the depot meeting",
    )
    with pytest.raises(InvalidInputError, match="cannot be due in the past"):
        ctx.call_backs.record(
            "+1 201 555 0123", CallBackReason.ASKED, due_at=clock.now - timedelta(hours=1)
        )


def test_a_call_back_by_hand_needs_a_number(ctx: AppContext, clock) -> None:
    client = ctx.clients.create_client("No Phones Ltd")
    case = ctx.cases.open_case(client.id, "Nobody to call")
    with pytest.raises(InvalidInputError, match="has a phone number to call back"):
        ctx.call_backs.draft(None, case.id)
    with pytest.raises(InvalidInputError, match="no case shown"):
        ctx.call_backs.draft(None, None)


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (CallOutcome.ESCALATED, "outcome: escalated, after-call work"),
        (CallOutcome.WRONG_NUMBER, "outcome: wrong number (internal), after-call work"),
    ],
)
def test_the_minutes_say_the_outcome_and_after_call_work_the_status_report_does_not(
    ctx: AppContext, client_case: tuple[int, int, int], clock, outcome, said
) -> None:
    _client_id, contact_id, case_id = client_case
    call = ctx.calls.start_call(case_id, number="+49301234567", contact_id=contact_id)
    ctx.calls.hang_up(call.id, talk_seconds=300)
    clock.now += timedelta(seconds=125)
    ctx.calls.set_outcome(call.id, outcome)
    ctx.calls.wrap_up(call.id, talk_seconds=300, hold_seconds=0, missing=[])
    minutes = ctx.documents.build(case_id, "minutes")
    assert said in minutes.text and said in minutes.markdown
    assert "after-call work 2 min" in minutes.text
    assert f"outcome: {outcome.words}" in minutes.html
    assert ("internal</span>" in minutes.html.split("outcome:")[1].split("after-call")[0]) is (
        outcome.internal
    )
    status = ctx.documents.build(case_id, "status")
    for text in (status.text, status.markdown, status.html):
        assert outcome.words not in text.lower()
        assert "after-call" not in text


def test_the_case_json_carries_outcomes_after_call_work_and_call_backs_both_ways(
    ctx: AppContext, clock, tmp_path
) -> None:
    from callnotes.app import open_context
    from tests.conftest import FakeClock

    case_id = ctx.demo.load_demo()
    client = ctx.clients.get_client(ctx.cases.get_case(case_id).client_id)
    caller = next(c for c in client.contacts if c.phones)
    number = caller.phones[0]
    ctx.call_backs.record(number, CallBackReason.MISSED)
    call = ctx.calls.start_call(case_id, number=number, contact_id=caller.id)  # clears it
    ctx.calls.hang_up(call.id, talk_seconds=240)
    clock.now += timedelta(seconds=70)
    ctx.calls.set_outcome(call.id, CallOutcome.CALL_BACK)
    ctx.calls.wrap_up(call.id, talk_seconds=240, hold_seconds=0, missing=[])
    ctx.call_backs.record(number, CallBackReason.ASKED, note="wants the depot figures")
    exported = ctx.exporter.export_case(case_id)
    assert exported["version"] == 4
    [done, waiting] = exported["case"]["call_backs"]
    [stored] = [c for c in exported["case"]["calls"] if c["uid"] == done["call"]]
    assert (stored["outcome"], stored["after_call_seconds"] >= 70) == ("call_back", True)
    assert (done["reason"], waiting["reason"], waiting["note"]) == (
        "missed",
        "asked",
        "wants the depot figures",
    )
    assert waiting["done_at"] is None and waiting["contact"] is not None

    other = open_context(str(tmp_path / "other"), clock=FakeClock())
    try:
        imported = other.importer.import_case(json.loads(json.dumps(exported)))
        assert other.exporter.export_case(imported) == exported
        [back] = other.call_backs.waiting()  # in the queue of the database imported into
        assert (back.case_id, back.caller_name, back.note) == (
            imported,
            caller.name,
            "wants the depot figures",
        )
    finally:
        other.close()
    # A document of version 3 has none of it: its calls import without outcome, no call-backs.
    older = json.loads(json.dumps(exported))
    older["version"] = 3
    del older["case"]["call_backs"]
    for c in older["case"]["calls"]:
        del c["outcome"], c["after_call_seconds"]
    third = open_context(str(tmp_path / "third"), clock=FakeClock())
    try:
        again = third.exporter.export_case(third.importer.import_case(older))
        assert again["case"]["call_backs"] == []
        assert {(c["outcome"], c["after_call_seconds"]) for c in again["case"]["calls"]} == {
            (None, None)
        }
        assert third.call_backs.waiting() == []
    finally:
        third.close()
