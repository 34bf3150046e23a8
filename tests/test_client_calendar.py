"""The client's calendar: public holidays, closures from an .ics file and the paused update clock,
with a fake clock, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from callnotes.app import AppContext
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.issues import Impact, Urgency
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from callnotes.storage import models as m
from tests.conftest import FakeClock

LONDON = ZoneInfo("Europe/London")


def at(*args: int) -> datetime:
    """A wall-clock time in London."""
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


@pytest.fixture
def clock() -> FakeClock:
    # Thursday 24 December 2026, 15:00 in London: Christmas Day is a Friday.
    return FakeClock(at(2026, 12, 24, 15, 0).astimezone(UTC), step=timedelta(0))


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
    ctx.issues.add_issue(case.id, "Orders stuck", impact=Impact.ONE_USER, urgency=Urgency.LOW)
    ctx.plans.save_plan(case.id, cadence_minutes=24 * 60, channel="phone")
    return case.id


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Harbor//EN\r\n"
    "BEGIN:VEVENT\r\nUID:a@harbor\r\nDTSTART;VALUE=DATE:20261228\r\nDTEND;VALUE=DATE:20261230\r\n"
    "SUMMARY:Stocktake\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b@harbor\r\nDTSTART;TZID=Europe/London:20270104T090000\r\n"
    "DTEND;TZID=Europe/London:20270104T130000\r\nSUMMARY:Team training\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def closures_held(ctx: AppContext) -> int:
    with ctx.db.unit_of_work(read_only=True) as session:
        return session.scalar(select(func.count()).select_from(m.ClientClosure)) or 0


def test_a_holiday_moves_the_next_update_to_the_next_business_day(ctx, client_id, case_id):
    assert ctx.plans.plan(case_id).next_update_due_at == at(2026, 12, 25, 15, 0)
    ctx.client_calendar.set_holidays(client_id, "gb", "eng")
    plan = ctx.plans.plan(case_id)
    # Christmas Day (Fri) and Boxing Day observed (Mon 28) are closed: due Tue 09:00.
    assert plan.next_update_due_at == at(2026, 12, 29, 9, 0)
    # The countdown names what the due time skips.
    assert [s.name for s in plan.closed_before_due] == [
        "Christmas Day",
        "Boxing Day",
        "Boxing Day (observed)",
    ]
    calendar = ctx.client_calendar.calendar(client_id)
    assert (calendar.holiday_country, calendar.holiday_subdivision) == ("GB", "ENG")


def test_an_unknown_country_or_region_is_refused_with_a_sentence(ctx, client_id):
    with pytest.raises(InvalidInputError, match="'XX' is not a country"):
        ctx.client_calendar.set_holidays(client_id, "XX")
    with pytest.raises(InvalidInputError, match="'ZZZ' is not a region of GB"):
        ctx.client_calendar.set_holidays(client_id, "GB", "ZZZ")
    assert ctx.client_calendar.calendar(client_id).holiday_country == ""


def test_closures_are_imported_from_an_ics_file_and_move_the_due_time(ctx, client_id, case_id):
    result = ctx.client_calendar.import_closures(client_id, ICS.encode(), "harbor.ics")
    assert (result.added, result.already_there) == (2, 0)
    closures = ctx.client_calendar.calendar(client_id).closures
    assert [(c.summary, c.starts_at, c.ends_at) for c in closures] == [
        ("Stocktake", at(2026, 12, 28, 0, 0), at(2026, 12, 30, 0, 0)),
        ("Team training", at(2027, 1, 4, 9, 0), at(2027, 1, 4, 13, 0)),
    ]
    # Due Friday 15:00 (no holidays chosen): the closure does not reach it.
    assert ctx.plans.plan(case_id).next_update_due_at == at(2026, 12, 25, 15, 0)
    # The same file again adds nothing.
    again = ctx.client_calendar.import_closures(client_id, ICS.encode(), "harbor.ics")
    assert (again.added, again.already_there) == (0, 2)
    # With the holidays, Friday is closed and so are Mon–Tue: due Wednesday at opening.
    ctx.client_calendar.set_holidays(client_id, "GB")
    plan = ctx.plans.plan(case_id)
    assert plan.next_update_due_at == at(2026, 12, 30, 9, 0)
    assert "Stocktake" in [s.name for s in plan.closed_before_due]
    ctx.client_calendar.remove_closure(closures[0].id)
    assert [c.summary for c in ctx.client_calendar.calendar(client_id).closures] == [
        "Team training"
    ]
    assert ctx.plans.plan(case_id).next_update_due_at == at(2026, 12, 29, 9, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,date\nStocktake,2026-12-28\n", "is not a calendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no events"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (1024 * 1024 + 1), "is larger than 1024 KB"),
        (
            ICS.replace(
                "DTEND;TZID=Europe/London:20270104T130000",
                "DTEND;TZID=Europe/London:20270104T080000",
            ).encode(),
            "Event 2 .*Team training.* ends before it starts",
        ),
        (
            ICS.replace("SUMMARY:Stocktake", "SUMMARY:Stocktake\r\nRRULE:FREQ=YEARLY").encode(),
            "repeats",
        ),
    ],
)
def test_a_bad_calendar_file_is_refused_and_nothing_is_imported(ctx, client_id, data, message):
    with pytest.raises(InvalidInputError, match=message):
        ctx.client_calendar.import_closures(client_id, data, "closures.ics")
    assert closures_held(ctx) == 0


def test_waiting_on_the_client_pauses_the_clock_and_resuming_moves_the_due_time(
    ctx, clock, case_id
):
    clock.now = at(2026, 12, 24, 10, 0).astimezone(UTC)
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    assert ctx.plans.plan(case_id).next_update_due_at == at(2026, 12, 24, 12, 0)
    clock.now = at(2026, 12, 24, 10, 42).astimezone(UTC)
    plan = ctx.plans.pause(case_id)
    assert plan.paused and plan.paused_since == at(2026, 12, 24, 10, 42)
    with pytest.raises(InvalidInputError, match="already paused, since 10:42"):
        ctx.plans.pause(case_id)
    clock.now = at(2026, 12, 24, 11, 30).astimezone(UTC)
    plan = ctx.plans.resume(case_id)
    assert not plan.paused
    assert plan.next_update_due_at == at(2026, 12, 24, 12, 48)
    entries = [(e.kind, e.text, e.for_client) for e in ctx.timeline.entries(case_id)]
    assert (EntryKind.NOTE, "Update clock paused: waiting on the client.", False) in entries
    assert (
        EntryKind.NOTE,
        "Update clock resumed after 48 min waiting on the client; next update now due "
        "Thu 24 Dec 12:48 (client time).",
        False,
    ) in entries
    with pytest.raises(InvalidInputError, match="nothing to resume"):
        ctx.plans.resume(case_id)


def test_an_update_given_while_waiting_on_the_client_restarts_the_clock(ctx, clock, case_id):
    clock.now = at(2026, 12, 24, 10, 0).astimezone(UTC)
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    clock.now = at(2026, 12, 24, 10, 42).astimezone(UTC)
    ctx.plans.pause(case_id)
    clock.now = at(2026, 12, 24, 11, 30).astimezone(UTC)
    ctx.updates.log_update(
        case_id,
        audience=Audience.CLIENT,
        channel=Channel.PHONE,
        kind=CommunicationKind.ROUTINE,
        summary="Still waiting on your export of the order file.",
    )
    plan = ctx.plans.plan(case_id)
    # The clock runs again from the update (2 h of open time), not paused any more.
    assert not plan.paused
    assert plan.next_update_due_at == at(2026, 12, 24, 13, 30)
    entries = [(e.kind, e.text, e.for_client) for e in ctx.timeline.entries(case_id)]
    assert (
        EntryKind.NOTE,
        "Update clock resumed after 48 min waiting on the client: the client had an update.",
        False,
    ) in entries
    # Nothing left to resume: a later resume does not move the due time by the old pause.
    with pytest.raises(InvalidInputError, match="nothing to resume"):
        ctx.plans.resume(case_id)
    # An update to the team leaves a paused clock paused.
    ctx.plans.pause(case_id)
    ctx.updates.log_update(
        case_id,
        audience=Audience.TEAM,
        channel=Channel.CHAT,
        kind=CommunicationKind.ROUTINE,
        summary="Waiting on the client's export.",
    )
    assert ctx.plans.plan(case_id).paused


def test_a_new_time_zone_recounts_the_next_update_on_the_clients_clock(
    ctx, clock, client_id, case_id
):
    clock.now = at(2026, 12, 24, 16, 0).astimezone(UTC)
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    # Two open hours from 16:00 in London (open 09:00-17:00): one today, one on Friday.
    assert ctx.plans.plan(case_id).next_update_due_at == at(2026, 12, 25, 10, 0)
    # The client is in New York after all: 16:00 in London is 11:00 there, due 13:00 today.
    new_york = ZoneInfo("America/New_York")
    ctx.clients.update_client(client_id, name="Harbor Foods", timezone="America/New_York")
    plan = ctx.plans.plan(case_id)
    assert plan.timezone == "America/New_York"
    assert plan.next_update_due_at == datetime(2026, 12, 24, 13, 0, tzinfo=new_york)
    # Set back with the usual contact (the client card's other way to the zone): back too.
    ctx.clients.set_usual_contact(client_id, None, timezone="Europe/London")
    assert ctx.plans.plan(case_id).next_update_due_at == at(2026, 12, 25, 10, 0)


def test_closures_are_heard_live_by_the_other_desktops(ctx):
    from callnotes.domain.changes import ANY_CASE, Part
    from callnotes.storage.live import changes_of_notices

    heard = changes_of_notices(["client_closures:"])
    assert heard.touches(Part.CLIENTS, case_id=ANY_CASE)
    assert heard.touches(Part.CASE, case_id=7)
    if ctx.db.is_sqlite:
        return  # one desktop per file: no triggers
    with ctx.db.unit_of_work(read_only=True) as session:
        triggers = set(
            session.scalars(
                text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'client_closures'::regclass")
            )
        )
    assert "live_client_closures" in triggers
