"""The client's calendar in the cadence: holidays and closures skipped like weekends, and the
update clock paused while we wait on the client. Pure rules with fixed dates and zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from callnotes.domain.business_hours import (
    BusinessHours,
    ClosedSpan,
    add_open_time,
    closed_day,
    parse_business_hours,
)
from callnotes.domain.cadence import DAY, HOUR, next_update_due, resume_due

LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
OFFICE = parse_business_hours("Mon–Fri 09:00–17:30")


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)  # type: ignore[misc]


def due(last: datetime, minutes: int, hours: BusinessHours, zone: ZoneInfo = LONDON):
    return next_update_due(last, minutes, business_hours_only=True, hours=hours, zone=zone)


def test_a_holiday_moves_the_next_update_to_the_next_business_day() -> None:
    # Friday 25 December 2026 is Christmas Day; a daily update from Thursday 15:00 is due on
    # Monday 28 December at opening, not on the Friday.
    christmas = OFFICE.with_closed([closed_day(date(2026, 12, 25), "Christmas Day", LONDON)])
    last = local(LONDON, 2026, 12, 24, 15, 0)
    assert due(last, DAY, OFFICE) == local(LONDON, 2026, 12, 25, 15, 0)
    assert due(last, DAY, christmas) == local(LONDON, 2026, 12, 28, 9, 0)


def test_open_time_skips_a_holiday_like_a_weekend() -> None:
    # Two hours from Thursday 16:30: 1 h on Thursday, the holiday Friday skipped, 1 h on Monday.
    holiday = OFFICE.with_closed([closed_day(date(2026, 12, 25), "Christmas Day", LONDON)])
    assert due(local(LONDON, 2026, 12, 24, 16, 30), 2 * HOUR, holiday) == local(
        LONDON, 2026, 12, 28, 10, 0
    )


def test_two_holidays_in_a_row_are_both_skipped() -> None:
    spans = [
        closed_day(date(2026, 12, 25), "Christmas Day", LONDON),
        closed_day(date(2026, 12, 28), "Boxing Day (substitute day)", LONDON),
    ]
    hours = OFFICE.with_closed(spans)
    assert due(local(LONDON, 2026, 12, 24, 15, 0), DAY, hours) == local(LONDON, 2026, 12, 29, 9, 0)


def test_a_timed_closure_closes_part_of_a_day() -> None:
    stocktake = ClosedSpan(
        local(LONDON, 2026, 3, 4, 9, 0).astimezone(UTC),
        local(LONDON, 2026, 3, 4, 13, 0).astimezone(UTC),
        "Stocktake",
    )
    hours = OFFICE.with_closed([stocktake])
    # Two open hours from Wednesday 08:00: the morning is closed, so 13:00 + 2 h.
    assert due(local(LONDON, 2026, 3, 4, 8, 0), 2 * HOUR, hours) == local(LONDON, 2026, 3, 4, 15, 0)
    assert hours.closed_between(
        local(LONDON, 2026, 3, 4, 8, 0), local(LONDON, 2026, 3, 4, 15, 0)
    ) == (stocktake,)


def test_a_holiday_is_a_whole_local_day_across_a_clock_change() -> None:
    # Sydney leaves daylight saving on Sunday 5 April 2026: that day has 25 hours.
    span = closed_day(date(2026, 4, 5), "Easter Sunday", SYDNEY)
    assert span.ends_at - span.starts_at == timedelta(hours=25)
    assert span.starts_at == local(SYDNEY, 2026, 4, 5, 0, 0)
    # Always-open hours with the holiday closed: two hours from Saturday 23:00 end on Monday.
    hours = BusinessHours().with_closed([span])
    assert add_open_time(local(SYDNEY, 2026, 4, 4, 23, 0), timedelta(hours=2), hours, SYDNEY) == (
        local(SYDNEY, 2026, 4, 6, 1, 0)
    )


def test_always_open_without_closures_counts_calendar_time() -> None:
    hours = BusinessHours()
    assert hours.never_closed
    last = local(LONDON, 2026, 12, 24, 15, 0)
    assert due(last, DAY, hours) == last + timedelta(days=1)
    assert not hours.with_closed([closed_day(date(2026, 12, 25), "x", LONDON)]).never_closed


def test_resuming_moves_the_due_time_by_the_time_paused() -> None:
    planned = local(LONDON, 2026, 3, 4, 12, 0)
    paused = local(LONDON, 2026, 3, 4, 10, 42)
    resumed = local(LONDON, 2026, 3, 4, 11, 30)
    moved = resume_due(
        planned, paused, resumed, business_hours_only=True, hours=OFFICE, zone=LONDON
    )
    assert moved == local(LONDON, 2026, 3, 4, 12, 48)


def test_a_pause_that_pushes_past_closing_moves_to_the_next_opening() -> None:
    planned = local(LONDON, 2026, 3, 6, 17, 0)  # Friday
    paused = local(LONDON, 2026, 3, 6, 16, 0)
    resumed = local(LONDON, 2026, 3, 6, 17, 0)
    assert resume_due(
        planned, paused, resumed, business_hours_only=True, hours=OFFICE, zone=LONDON
    ) == local(LONDON, 2026, 3, 9, 9, 0)
    assert resume_due(
        planned, paused, resumed, business_hours_only=False, hours=OFFICE, zone=LONDON
    ) == local(LONDON, 2026, 3, 6, 18, 0)
    assert (
        resume_due(None, paused, resumed, business_hours_only=True, hours=OFFICE, zone=LONDON)
        is None
    )
