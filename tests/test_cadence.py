"""The update cadence and business hours: pure rules, across weekends and clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callnotes.domain.business_hours import parse_business_hours
from callnotes.domain.cadence import (
    DueState,
    describe_cadence,
    due_state,
    format_countdown,
    next_update_due,
    suggest_cadence,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
OFFICE = parse_business_hours("Mon–Fri 09:00–17:30")


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)  # type: ignore[misc]


def due(last: datetime, minutes: int | None, hours=OFFICE, zone=LONDON, business=True):
    return next_update_due(last, minutes, business_hours_only=business, hours=hours, zone=zone)


# -- reading business hours -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("Mon–Fri 09:00–17:30", "Mon–Fri 09:00–17:30"),
        ("Mon-Fri 08:30-18:00; Sat 09:00-12:00", "Mon–Fri 08:30–18:00; Sat 09:00–12:00"),
        ("08:00-18:00", "Mon–Fri 08:00–18:00"),  # the demo client's card: weekdays
        ("mon, wed, fri 9am to 5pm", "Mon, Wed, Fri 09:00–17:00"),
        ("Weekdays 09:00–12:30, 13:30–17:30", "Mon–Fri 09:00–12:30, 13:30–17:30"),
        ("", "always"),
        ("24/7", "always"),
    ],
)
def test_business_hours_are_read_as_typed(text: str, described: str) -> None:
    assert parse_business_hours(text).describe() == described


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Funday 09:00-17:00", "is not a day"),
        ("Mon-Fri 9-5", "unclear; write 24-hour times"),
        ("whenever suits", "have no opening times"),
        ("Mon-Fri 09:00-09:00", "starts and ends at 09:00"),
        ("Mon-Fri 25:00-26:00", "is not a time of day"),
        ("Mon-Fri 09:00-17:00 lunch", "is not a time range"),
    ],
)
def test_bad_business_hours_get_a_clear_message(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_business_hours(text)


# -- suggesting a cadence --------------------------------------------------------------------


def test_the_highest_open_priority_sets_the_cadence_and_says_why() -> None:
    suggestion = suggest_cadence([3, 1, None, 4])
    assert (suggestion.minutes, suggestion.priority) == (120, 1)
    assert suggestion.business_hours_only
    assert "P1" in suggestion.reason and "every 2 hours" in suggestion.reason
    assert suggest_cadence([2]).minutes == 240
    assert describe_cadence(suggest_cadence([3]).minutes) == "daily"
    assert describe_cadence(suggest_cadence([4]).minutes) == "weekly"
    assert suggest_cadence([5]).minutes is None
    unrated = suggest_cadence([None])
    assert unrated.minutes is None and "rate the issues" in unrated.reason


# -- next update due: business hours and weekends ----------------------------------------------


def test_inside_business_hours_the_cadence_is_plain_time() -> None:
    last = local(LONDON, 2026, 3, 4, 10, 0)  # Wednesday
    assert due(last, 120) == local(LONDON, 2026, 3, 4, 12, 0)


def test_the_evening_carries_over_to_the_next_morning() -> None:
    last = local(LONDON, 2026, 3, 4, 16, 30)
    assert due(last, 120) == local(LONDON, 2026, 3, 5, 10, 0)  # 1 h today, 1 h from 09:00


def test_friday_afternoon_carries_over_the_weekend() -> None:
    last = local(LONDON, 2026, 3, 6, 16, 30)  # Friday
    assert due(last, 120) == local(LONDON, 2026, 3, 9, 10, 0)  # Monday


def test_an_update_given_at_the_weekend_counts_from_monday_opening() -> None:
    last = local(LONDON, 2026, 3, 7, 11, 0)  # Saturday
    assert due(last, 120) == local(LONDON, 2026, 3, 9, 11, 0)


def test_without_business_hours_only_the_cadence_runs_round_the_clock() -> None:
    last = local(LONDON, 2026, 3, 6, 16, 30)
    assert due(last, 120, business=False) == local(LONDON, 2026, 3, 6, 18, 30)
    assert due(last, 120, hours=parse_business_hours("")) == local(LONDON, 2026, 3, 6, 18, 30)


def test_a_daily_cadence_lands_on_the_next_opening_when_the_client_is_closed() -> None:
    assert due(local(LONDON, 2026, 3, 4, 15, 0), 24 * 60) == local(LONDON, 2026, 3, 5, 15, 0)
    friday = local(LONDON, 2026, 3, 6, 15, 0)
    assert due(friday, 24 * 60) == local(LONDON, 2026, 3, 9, 9, 0)


def test_on_change_has_no_due_time() -> None:
    assert due(local(LONDON, 2026, 3, 4, 10, 0), None) is None


def test_split_hours_skip_the_lunch_break() -> None:
    hours = parse_business_hours("Mon-Fri 09:00-12:30, 13:30-17:30")
    last = local(LONDON, 2026, 3, 4, 11, 30)
    assert due(last, 120, hours=hours) == local(LONDON, 2026, 3, 4, 14, 30)


# -- daylight-saving changes ---------------------------------------------------------------------


def test_london_spring_forward_keeps_the_wall_clock_opening() -> None:
    # Clocks go forward on Sunday 29 March 2026; Monday opens at 09:00 BST (08:00 UTC).
    last = local(LONDON, 2026, 3, 27, 16, 30)  # Friday, GMT
    result = due(last, 120)
    assert result == local(LONDON, 2026, 3, 30, 10, 0)
    assert result.astimezone(UTC) == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)


def test_london_fall_back_keeps_the_wall_clock_opening() -> None:
    # Clocks go back on Sunday 25 October 2026; Monday opens at 09:00 GMT (09:00 UTC).
    last = local(LONDON, 2026, 10, 23, 16, 30)  # Friday, BST
    result = due(last, 120)
    assert result == local(LONDON, 2026, 10, 26, 10, 0)
    assert result.astimezone(UTC) == datetime(2026, 10, 26, 10, 0, tzinfo=UTC)


def test_new_york_spring_forward_across_the_weekend() -> None:
    hours = parse_business_hours("Mon-Fri 09:00-17:00")
    last = local(NEW_YORK, 2026, 3, 6, 16, 30)  # Friday, EST; clocks go forward on 8 March
    result = due(last, 120, hours=hours, zone=NEW_YORK)
    assert result == local(NEW_YORK, 2026, 3, 9, 10, 30)
    assert result.astimezone(UTC) == datetime(2026, 3, 9, 14, 30, tzinfo=UTC)


def test_new_york_fall_back_across_the_weekend() -> None:
    hours = parse_business_hours("Mon-Fri 09:00-17:00")
    last = local(NEW_YORK, 2026, 10, 30, 16, 30)  # Friday, EDT; clocks go back on 1 November
    result = due(last, 120, hours=hours, zone=NEW_YORK)
    assert result.astimezone(UTC) == datetime(2026, 11, 2, 15, 30, tzinfo=UTC)  # 10:30 EST


def test_open_hours_on_the_short_night_count_real_time() -> None:
    # Open all weekend: 2 h from 00:30 GMT on the spring-forward night is 03:30 BST.
    hours = parse_business_hours("Sat-Sun 00:00-24:00")
    last = local(LONDON, 2026, 3, 29, 0, 30)
    assert due(last, 120, hours=hours).astimezone(LONDON).strftime("%H:%M") == "03:30"


def test_open_hours_on_the_long_night_count_the_repeated_hour_once_per_pass() -> None:
    # 00:00–06:00 on the fall-back Sunday in New York lasts seven real hours.
    hours = parse_business_hours("Sun 00:00-06:00")
    last = local(NEW_YORK, 2026, 11, 1, 0, 0)
    assert due(last, 6 * 60, hours=hours, zone=NEW_YORK) == datetime(
        2026, 11, 1, 10, 0, tzinfo=UTC
    )  # 05:00 EST


# -- due, overdue and the countdown ------------------------------------------------------------


def test_due_states_from_later_to_overdue() -> None:
    at = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
    assert due_state(None, at) is DueState.NONE
    assert due_state(at, at - timedelta(hours=1)) is DueState.LATER
    assert due_state(at, at - timedelta(minutes=10)) is DueState.SOON
    assert due_state(at, at) is DueState.DUE
    assert due_state(at, at + timedelta(seconds=59)) is DueState.DUE
    assert due_state(at, at + timedelta(minutes=1)) is DueState.OVERDUE
    assert DueState.OVERDUE.needs_attention and not DueState.SOON.needs_attention


def test_the_countdown_reads_in_the_clients_time_zone() -> None:
    deadline = local(NEW_YORK, 2026, 3, 4, 14, 0)  # 19:00 UTC
    now = deadline - timedelta(hours=1, minutes=20)
    assert format_countdown(deadline, now, NEW_YORK) == (
        "next update due 14:00 (client time), in 1 h 20 min"
    )
    assert format_countdown(deadline, deadline + timedelta(minutes=25), NEW_YORK) == (
        "next update was due 14:00 (client time), overdue by 25 min"
    )
    now_text = format_countdown(deadline, deadline, NEW_YORK)
    assert now_text == "next update due now (14:00 client time)"
    tomorrow = format_countdown(deadline + timedelta(days=1), now, NEW_YORK)
    assert tomorrow == "next update due Thu 14:00 (client time), in 1 d 1 h"
