"""The client's calendar on the countdown: the update clock paused while waiting on the client,
and a closure that moves the next update, on the Updates tab and the update-due bar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callnotes.domain.people import ContactMethod
from tests.conftest import FakeClock
from tests.ui.keypress import press
from tests.ui.test_main_window import make_window

FIRE_DRILL = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Northwind//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:drill@northwind\r\nDTSTART;TZID=Europe/London:20260304T110000\r\n"
    b"DTEND;TZID=Europe/London:20260304T130000\r\nSUMMARY:Fire drill\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


@pytest.fixture
def clock() -> FakeClock:
    # Wednesday 4 March 2026, 10:00 in London (GMT); the clock moves only when told.
    return FakeClock(datetime(2026, 3, 4, 10, 0, tzinfo=UTC), step=timedelta(0))


@pytest.fixture
def window(qtbot, ctx, case, window_state):
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    ctx.plans.save_plan(case.id, cadence_minutes=120, channel=ContactMethod.PHONE)
    return make_window(qtbot, ctx, window_state)


def test_waiting_on_the_client_pauses_the_countdown_and_resuming_moves_it(
    qtbot, window, ctx, case, clock
):
    area = window.areas.updates
    press(qtbot, window, "Ctrl+5")
    qtbot.waitUntil(
        lambda: area.panel.countdown.text() == "Next update due 12:00 (client time), in 2 h"
    )
    clock.now = datetime(2026, 3, 4, 10, 42, tzinfo=UTC)
    press(qtbot, window, "Ctrl+Shift+W")
    qtbot.waitUntil(
        lambda: (
            area.panel.countdown.text() == "Next update paused since 10:42 — waiting on the client"
        )
    )
    assert area.due_bar.isVisible()
    assert (
        area.due_bar.text == "Update to Dana Whitfield paused since 10:42 — waiting on the client"
    )
    assert area.due_bar.buttons["resume"].isVisibleTo(area.due_bar)
    assert not area.due_bar.buttons["log"].isVisibleTo(area.due_bar)
    assert area.panel.pause_button.text() == "Resume the update clock"
    assert ctx.plans.plan(case.id).paused_since == clock.now
    # The original due time passes while paused: nothing is overdue.
    clock.now = datetime(2026, 3, 4, 12, 10, tzinfo=UTC)
    area.timer.timeout.emit()
    assert area.panel.countdown.text() == "Next update paused since 10:42 — waiting on the client"
    assert area.wrap_up_warnings(case.id) == []

    clock.now = datetime(2026, 3, 4, 12, 30, tzinfo=UTC)
    press(qtbot, window, "Ctrl+Shift+W")
    # Paused 1 h 48 min: due 12:00 + 1 h 48 min = 13:48.
    qtbot.waitUntil(
        lambda: area.panel.countdown.text() == "Next update due 13:48 (client time), in 1 h 18 min"
    )
    assert area.due_bar.isHidden()
    assert area.panel.pause_button.text() == "Waiting on the client"
    texts = [e.text for e in ctx.timeline.entries(case.id) if not e.for_client]
    assert "Update clock paused: waiting on the client." in texts
    assert (
        "Update clock resumed after 1 h 48 min waiting on the client; next update now due "
        "Wed 04 Mar 13:48 (client time)."
    ) in texts


def test_a_closure_moves_the_countdown_and_is_named_on_it_and_on_the_due_bar(
    qtbot, window, ctx, case, clock
):
    area = window.areas.updates
    press(qtbot, window, "Ctrl+5")
    qtbot.waitUntil(
        lambda: area.panel.countdown.text() == "Next update due 12:00 (client time), in 2 h"
    )
    # The client's calendar file arrives while the tab is shown: the countdown follows.
    ctx.client_calendar.import_closures(case.client_id, FIRE_DRILL, "northwind.ics")
    qtbot.waitUntil(
        lambda: (
            area.panel.countdown.text() == "Next update due 14:00 (client time), in 4 h\n"
            "Moved on: the client is closed for Fire drill."
        )
    )
    clock.now = datetime(2026, 3, 4, 14, 5, tzinfo=UTC)
    area.timer.timeout.emit()
    assert area.due_bar.isVisible()
    assert area.due_bar.text == (
        "Update to Dana Whitfield overdue by 5 min (the client was closed for Fire drill)"
    )
