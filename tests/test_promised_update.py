"""A next update told to the client is a promise: calendar, closure and plan changes keep it, and
an update already late stays late; only a time counted from the cadence is recounted.

The clock starts on Thursday 3 December 2026 at 10:00 in London (Mon–Fri 09:00–17:00).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callnotes.app import AppContext
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from tests.conftest import FakeClock

LONDON = ZoneInfo("Europe/London")


def at(hour: int, minute: int = 0, day: int = 3) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


def closure(start: str, end: str, name: str = "Fire drill") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Harbor//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{name}@harbor\r\nDTSTART;TZID=Europe/London:20261203T{start}00\r\n"
        f"DTEND;TZID=Europe/London:20261203T{end}00\r\nSUMMARY:{name}\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    ).encode()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(at(10).astimezone(UTC), step=timedelta(0))


@pytest.fixture
def client_id(ctx: AppContext) -> int:
    client = ctx.clients.create_client(
        "Harbor Foods", timezone="Europe/London", business_hours="Mon-Fri 09:00-17:00"
    )
    ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+44 20 7946 0000"])
    return client.id


@pytest.fixture
def case_id(ctx: AppContext, client_id: int) -> int:
    case = ctx.cases.open_case(client_id, "Orders do not reach the warehouse")
    ctx.plans.save_plan(case.id, cadence_minutes=120, channel="phone")
    return case.id


def tell_client(ctx: AppContext, case_id: int, next_at: datetime | None) -> None:
    ctx.updates.log_update(
        case_id,
        audience=Audience.CLIENT,
        channel=Channel.PHONE,
        kind=CommunicationKind.ROUTINE,
        summary="Still looking at the order feed.",
        next_update_at=next_at,
    )


def test_a_promised_time_survives_closures_holidays_and_a_new_plan(ctx, client_id, case_id):
    tell_client(ctx, case_id, at(12, 30))
    ctx.client_calendar.import_closures(client_id, closure("1200", "1400"), "drill.ics")
    assert ctx.plans.plan(case_id).next_update_due_at == at(12, 30)
    ctx.client_calendar.set_holidays(client_id, "GB")
    ctx.plans.save_plan(case_id, cadence_minutes=180, channel="phone")
    ctx.clients.update_client(client_id, name="Harbor Foods", timezone="Europe/Paris")
    [held] = ctx.client_calendar.calendar(client_id).closures
    ctx.client_calendar.remove_closure(held.id)
    assert ctx.plans.plan(case_id).next_update_due_at == at(12, 30)


def test_a_time_filled_in_from_the_plan_and_logged_with_the_update_is_a_promise_too(
    ctx, client_id, case_id
):
    tell_client(ctx, case_id, None)  # "Next update by 12:00" goes on the client's record
    assert ctx.plans.plan(case_id).next_update_due_at == at(12)
    ctx.client_calendar.import_closures(client_id, closure("1100", "1300"), "drill.ics")
    assert ctx.plans.plan(case_id).next_update_due_at == at(12)


def test_an_overdue_update_stays_overdue_until_an_update_is_logged(ctx, clock, client_id, case_id):
    ctx.client_calendar.import_closures(client_id, closure("1100", "1200"), "drill.ics")
    tell_client(ctx, case_id, at(10, 1))
    clock.now = at(10, 5).astimezone(UTC)
    [held] = ctx.client_calendar.calendar(client_id).closures
    ctx.client_calendar.remove_closure(held.id)
    ctx.plans.save_plan(case_id, cadence_minutes=180, channel="phone")
    assert ctx.plans.plan(case_id).next_update_due_at == at(10, 1)
    tell_client(ctx, case_id, None)
    assert ctx.plans.plan(case_id).next_update_due_at == at(13, 5)


def test_a_time_counted_from_the_cadence_is_recounted_unless_it_is_late(
    ctx, clock, client_id, case_id
):
    # No update given yet: due two open hours after the plan was agreed at 10:00.
    assert ctx.plans.plan(case_id).next_update_due_at == at(12)
    ctx.client_calendar.import_closures(client_id, closure("1100", "1300"), "drill.ics")
    assert ctx.plans.plan(case_id).next_update_due_at == at(14)
    # Late is late: at 14:30 a closure removed does not move the update owed since 14:00.
    clock.now = at(14, 30).astimezone(UTC)
    [held] = ctx.client_calendar.calendar(client_id).closures
    ctx.client_calendar.remove_closure(held.id)
    assert ctx.plans.plan(case_id).next_update_due_at == at(14)


def test_the_team_view_counts_an_update_owed_and_late_as_late(ctx, clock, client_id, case_id):
    tell_client(ctx, case_id, at(10, 1))
    clock.now = at(10, 3).astimezone(UTC)
    [row] = ctx.team_view.team_view().updates
    assert (row.on_time, row.late) == (1, 1)
    # A closure removed does not hide it.
    ctx.client_calendar.import_closures(client_id, closure("1100", "1200"), "drill.ics")
    [row] = ctx.team_view.team_view().updates
    assert row.late == 1
    tell_client(ctx, case_id, None)  # given 2 min late
    [row] = ctx.team_view.team_view().updates
    assert (row.on_time, row.late) == (1, 1)
