"""The communication plan, the update log and telling the team, with a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callnotes.app import AppContext
from callnotes.domain.cadence import DueState, due_state
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.issues import Impact, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from tests.conftest import FakeClock

NEW_YORK = ZoneInfo("America/New_York")


def at(*args: int) -> datetime:
    """A wall-clock time in New York."""
    return datetime(*args, tzinfo=NEW_YORK)  # type: ignore[misc]


@pytest.fixture
def clock() -> FakeClock:
    # Wednesday 4 March 2026, 10:00 in New York.
    return FakeClock(at(2026, 3, 4, 10, 0).astimezone(UTC), step=timedelta(0))


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    client = ctx.clients.create_client(
        "Harbor Foods", timezone="America/New_York", business_hours="Mon-Fri 09:00-17:00"
    )
    ctx.clients.add_contact(
        client.id, "Dana Whitfield", phones=["+1 212 555 0100"],
        preferred_method=ContactMethod.EMAIL,
    )  # fmt: skip
    case = ctx.cases.open_case(client.id, "Orders do not reach the warehouse")
    ctx.issues.add_issue(
        case.id, "Orders stuck", impact=Impact.WHOLE_BUSINESS, urgency=Urgency.CRITICAL
    )
    ctx.issues.add_issue(case.id, "Slow search", impact=Impact.ONE_USER, urgency=Urgency.LOW)
    return case.id


def kinds(ctx: AppContext, case_id: int) -> list[tuple[EntryKind, str]]:
    return [(e.kind, e.text) for e in ctx.timeline.entries(case_id)]


def test_the_plan_is_suggested_from_the_top_priority_and_the_callers_channel(ctx, case_id):
    suggestion = ctx.plans.suggest(case_id)
    assert suggestion.minutes == 120
    assert suggestion.channel == "email"
    assert "P1" in suggestion.reason


def test_agreeing_the_plan_stores_it_and_records_the_decision(ctx, case_id, clock):
    plan = ctx.plans.save_plan(case_id, cadence_minutes=120, channel=ContactMethod.PHONE)
    assert plan.agreed and plan.agreed_at == clock.now
    assert plan.cadence_minutes == 120 and plan.channel == "phone"
    assert plan.next_update_due_at == at(2026, 3, 4, 12, 0)
    assert plan.timezone == "America/New_York"
    assert ctx.cases.get_case(case_id).next_update_due_at == at(2026, 3, 4, 12, 0)
    assert kinds(ctx, case_id)[-1] == (
        EntryKind.DECISION,
        "Agreed with the client: updates every 2 h by phone in business hours.",
    )


def test_changing_the_plan_says_what_it_was_before(ctx, case_id, clock):
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    clock.now += timedelta(minutes=30)
    plan = ctx.plans.save_plan(
        case_id, cadence_minutes=240, channel="email", business_hours_only=False
    )
    assert plan.next_update_due_at == at(2026, 3, 4, 14, 30)
    kind, text = kinds(ctx, case_id)[-1]
    assert kind is EntryKind.DECISION
    assert text == (
        "Agreed with the client: updates every 4 h by e-mail. "
        "Before: updates every 2 h by phone in business hours."
    )


def test_a_plan_not_yet_agreed_is_a_note_and_a_bad_cadence_is_refused(ctx, case_id):
    plan = ctx.plans.save_plan(case_id, cadence_minutes=240, channel="phone", agreed=False)
    assert not plan.agreed
    assert kinds(ctx, case_id)[-1][0] is EntryKind.NOTE
    with pytest.raises(InvalidInputError, match="between 15 minutes and 31 days"):
        ctx.plans.save_plan(case_id, cadence_minutes=5, channel="phone")
    with pytest.raises(InvalidInputError, match="not a way to reach the client"):
        ctx.plans.save_plan(case_id, cadence_minutes=120, channel="pigeon")


def test_a_client_update_moves_the_next_update_by_the_cadence(ctx, case_id, clock):
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    clock.now = at(2026, 3, 6, 16, 0).astimezone(UTC)  # Friday afternoon
    update = ctx.updates.log_update(
        case_id,
        audience=Audience.CLIENT,
        channel=Channel.PHONE,
        kind=CommunicationKind.CAUSE_IDENTIFIED,
        summary="The printer driver update caused it; rolling back.",
    )
    monday = at(2026, 3, 9, 10, 0)  # 1 h on Friday, 1 h from Monday 09:00
    assert update.next_update_at == monday
    assert ctx.plans.plan(case_id).next_update_due_at == monday
    assert ctx.plans.plan(case_id).last_client_update_at == clock.now
    kind, text = kinds(ctx, case_id)[-1]
    assert kind is EntryKind.COMMUNICATION
    assert text == (
        "Update to the client by phone (cause identified): The printer driver update caused "
        "it; rolling back. Next update by Mon 10:00."
    )
    [logged] = ctx.updates.updates(case_id)
    assert logged.audience is Audience.CLIENT and logged.kind is CommunicationKind.CAUSE_IDENTIFIED


def test_a_promised_time_wins_over_the_cadence(ctx, case_id, clock):
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    promised = ctx.updates.read_promise(case_id, "15:30")
    assert promised == at(2026, 3, 4, 15, 30)
    ctx.updates.log_update(
        case_id, audience=Audience.CLIENT, channel=Channel.EMAIL, kind=CommunicationKind.ETA,
        summary="Fix expected by 15:00.", next_update_at=promised,
    )  # fmt: skip
    assert ctx.plans.plan(case_id).next_update_due_at == promised


def test_team_updates_do_not_move_the_clients_next_update(ctx, case_id, clock):
    plan = ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    clock.now += timedelta(minutes=20)
    ctx.updates.log_update(
        case_id, audience=Audience.TEAM, channel=Channel.CHAT,
        kind=CommunicationKind.NEW_INFORMATION, summary="Client confirms the 22:40 push.",
    )  # fmt: skip
    assert ctx.plans.plan(case_id).next_update_due_at == plan.next_update_due_at
    assert ctx.timeline.entries(case_id)[-1].internal


def test_overdue_is_detected_from_the_fake_clock(ctx, case_id, clock):
    plan = ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    assert due_state(plan.next_update_due_at, clock.now) is DueState.LATER
    clock.now += timedelta(hours=1, minutes=50)
    assert due_state(plan.next_update_due_at, clock.now) is DueState.SOON
    clock.now += timedelta(minutes=22)
    assert due_state(plan.next_update_due_at, clock.now) is DueState.OVERDUE


def test_bad_update_input_gets_a_clear_message(ctx, case_id, clock):
    log = ctx.updates.log_update
    with pytest.raises(InvalidInputError, match="what the update said"):
        log(case_id, audience="client", channel="phone", kind="routine", summary="  ")
    with pytest.raises(InvalidInputError, match="after now"):
        log(
            case_id, audience="client", channel="phone", kind="routine", summary="Called",
            next_update_at=clock.now - timedelta(minutes=5),
        )  # fmt: skip
    with pytest.raises(InvalidInputError, match="not a time callnotes can read"):
        ctx.updates.read_promise(case_id, "soonish")
    assert ctx.updates.updates(case_id) == []


def test_telling_the_team_records_who_was_told_and_when_they_acknowledged(ctx, case_id, clock):
    helen = ctx.clients.create_team_member("Helen Cho", team="Support")
    priya = ctx.clients.create_team_member(
        "Priya Shah", team="Accounts", manager_id=helen.id,
        away_until=clock.now + timedelta(hours=5), away_reason="off-site",
    )  # fmt: skip
    marco = ctx.clients.create_team_member("Marco Rossi", team="Platform")
    ctx.clients.create_team_member("Ana Lee", team="Accounts")
    with ctx.db.unit_of_work() as session:  # the usual contact, as the client card sets it
        from callnotes.storage import models as m

        case = session.get(m.Case, case_id)
        case.client.usual_contact_id = priya.id
    issue = ctx.issues.issues(case_id)[0]
    ctx.issues.set_owner(issue.id, marco.id)
    entry = ctx.timeline.add_entry(
        case_id, "Their IT pushed a driver update at 22:40.", EntryKind.NEW_INFORMATION
    )

    candidates = ctx.team_notices.candidates(case_id)
    assert [c.member.name for c in candidates] == [
        "Marco Rossi", "Priya Shah", "Ana Lee", "Helen Cho",
    ]  # fmt: skip
    assert [c.suggested for c in candidates] == [True, False, True, True]  # Priya is away
    assert candidates[0].reason == "owns “Orders stuck”"

    chosen = [marco.id, helen.id]
    told = ctx.team_notices.tell_team(case_id, chosen, Channel.CHAT, entry_id=entry.id)
    assert [n.who for n in told] == ["Marco Rossi", "Helen Cho"]
    assert all(n.told_at == clock.now and not n.acknowledged for n in told)
    last = ctx.timeline.entries(case_id)[-1]
    assert last.kind is EntryKind.COMMUNICATION and last.internal
    assert last.text == (
        "Told Marco Rossi and Helen Cho about the new information by chat: "
        "Their IT pushed a driver update at 22:40."
    )
    [update] = ctx.updates.updates(case_id)
    assert update.audience is Audience.TEAM

    clock.now += timedelta(minutes=7)
    acknowledged = ctx.team_notices.acknowledge(told[0].id)
    assert acknowledged.acknowledged_at == clock.now
    assert ctx.timeline.entries(case_id)[-1].text == "Marco Rossi acknowledged the new information."
    waiting = [n.who for n in ctx.team_notices.notices(case_id) if not n.acknowledged]
    assert waiting == ["Helen Cho"]
    with pytest.raises(InvalidInputError, match="Choose at least one"):
        ctx.team_notices.tell_team(case_id, [], Channel.CHAT)
