"""A call starts with just a number, its caller is remembered, and a hang-up is kept: by keys."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from callnotes.domain.call_events import CallEvent, EventKind
from callnotes.errors import DatabaseLockedError
from callnotes.settings import Settings
from callnotes.ui.call.new_call_dialog import NewCallDialog
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.ringing import RingingController
from tests.ui.conftest import handled, shown_window

UNKNOWN = "020 7946 0999"
UNKNOWN_E164 = "+442079460999"


class Ticks:
    """A monotonic clock for the call bar that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    return shown_window(qtbot, ctx, window_state, (420, 820))


@pytest.fixture
def ringing(ctx, window) -> RingingController:
    return RingingController(ctx, window)


@pytest.fixture
def ticks(window) -> Ticks:
    clock = Ticks()
    window.call_bar.clock.now = clock
    return clock


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "a key press would go nowhere"
    return widget


def press(qtbot, keys: str) -> None:
    """Press *keys* on the widget that has the keyboard, as the agent does."""
    combination = QKeySequence(keys)[0]
    qtbot.keyClick(focused(), combination.key(), combination.keyboardModifiers())


def open_new_call(qtbot, window) -> NewCallDialog:
    press(qtbot, "Ctrl+N")
    qtbot.waitUntil(lambda: isinstance(window.call_flow.new_call_dialog, NewCallDialog))
    dialog = window.call_flow.new_call_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.isActiveWindow())
    return dialog


def ring(kind: EventKind, number: str = UNKNOWN, name: str = "") -> CallEvent:
    return CallEvent(kind, number=number, name=name, source="microsip")


def clients_named(ctx, name: str) -> int:
    return sum(c.name == name for c in ctx.clients.list_clients())


def test_a_number_and_enter_start_the_call_and_keep_the_number(qtbot, ctx, window, monkeypatch):
    QApplication.clipboard().clear()
    every_case = ctx.cases.list_cases

    def slow_list(*args, **kwargs):  # years of cases: the list takes its time to read again
        time.sleep(0.5)
        return every_case(*args, **kwargs)

    monkeypatch.setattr(ctx.cases, "list_cases", slow_list)
    dialog = open_new_call(qtbot, window)
    assert focused() is dialog.number
    qtbot.keyClicks(focused(), "+1 201 555 0123")
    # The number's callers are looked up off the GUI thread as it is typed.
    qtbot.waitUntil(lambda: "start the call now" in dialog.hint.text())
    shown_when_started: list[int | None] = []
    window.session.call_started.connect(
        lambda _call, _card: shown_when_started.append(window.shown_case_id())
    )
    press(qtbot, "Return")
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread

    call = window.session.call
    assert call is not None and call.number == "+12015550123"
    # The new case is shown the moment its call is: what is typed next goes to it.
    assert shown_when_started == [call.case_id]
    assert window.timeline.case_id == call.case_id
    [match] = ctx.intake.lookup("+1 (201) 555-0123")
    assert match.contact.phones == ("+12015550123",)
    assert call.contact_id == match.contact.id
    client = ctx.clients.get_client(match.client_id)
    assert client.timezone == "America/New_York"
    assert "Caller +1 201-555-0123" in window.call_bar.status_text
    window.activateWindow()  # offscreen does not hand activation back when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    assert focused() is window.timeline.note_input, "the agent types notes at once"


def test_enter_before_the_lookup_answers_continues_the_known_callers_case(qtbot, ctx, window, case):
    """A known caller's number typed and Enter at once: the call waits for the lookup and
    goes on the caller's open case; no new client is made of a number not yet looked up."""
    QApplication.clipboard().clear()
    client = ctx.clients.get_client(case.client_id)
    contact = ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    before = len(ctx.clients.list_clients())
    dialog = open_new_call(qtbot, window)
    qtbot.keyClicks(focused(), "020 7946 0321")
    press(qtbot, "Return")  # before the answer has come back

    qtbot.waitUntil(lambda: window.session.call is not None)
    call = window.session.call
    assert call.case_id == case.id
    assert call.contact_id == contact.id
    assert len(ctx.clients.list_clients()) == before
    assert not dialog.looking_up


def test_a_long_case_title_is_read_whole_in_the_choices_of_a_docked_window(
    qtbot, ctx, window, case
):
    client = ctx.clients.get_client(case.client_id)
    ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    long_title = "Labels not printing and the driver app logging everyone out at the depot"
    ctx.cases.open_case(client.id, long_title)
    dialog = open_new_call(qtbot, window)
    qtbot.keyClicks(focused(), "020 7946 0321")
    choices = dialog.choices
    qtbot.waitUntil(
        lambda: any(long_title in choices.item(n).text() for n in range(choices.count()))
    )
    dialog.resize(420, dialog.height())  # docked (a size remembered from before may be wider)
    row = next(n for n in range(choices.count()) if long_title in choices.item(n).text())

    def wrapped() -> bool:  # laid out at the list's width once it has been shown
        item = choices.item(row)
        shown = choices.visualItemRect(item)
        needed = choices.fontMetrics().boundingRect(
            QRect(0, 0, shown.width(), 10_000), Qt.TextFlag.TextWordWrap, item.text()
        )
        return (
            shown.width() <= choices.viewport().rect().width()  # nothing off to the side
            and needed.height() > choices.fontMetrics().lineSpacing()  # it takes lines
            and shown.height() >= needed.height()  # and the row shows them all
        )

    qtbot.waitUntil(wrapped)
    assert not choices.horizontalScrollBar().isVisible()


def test_escape_while_the_start_waits_for_a_locked_database_starts_nothing(
    qtbot, ctx, case, window_state, monkeypatch
):
    """The start is retried while the database is locked; Escape withdraws it for good."""
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    window = shown_window(qtbot, ctx, window_state, (420, 820), retry_ms=100)
    QApplication.clipboard().clear()
    before = len(ctx.clients.list_clients())
    tries: list[int] = []

    def locked(**_choice):
        tries.append(1)
        raise DatabaseLockedError("The database is locked by another program.")

    monkeypatch.setattr(ctx.intake, "start_new_case", locked)
    dialog = open_new_call(qtbot, window)
    qtbot.keyClicks(focused(), UNKNOWN)
    press(qtbot, "Return")
    qtbot.waitUntil(lambda: "locked" in dialog.hint.text() and len(tries) >= 2)  # said, retried
    assert window.session.starting

    press(qtbot, "Escape")
    # Withdrawn: at once if it was waiting for its next try, or as its try under way fails.
    qtbot.waitUntil(lambda: not window.session.starting)
    monkeypatch.undo()  # the lock is gone: a start still in line would be stored now
    tried = len(tries)
    qtbot.wait(500)  # five retry periods

    assert len(tries) == tried
    assert window.session.call is None and not window.session.starting
    assert len(ctx.clients.list_clients()) == before
    open_new_call(qtbot, window)  # and the next call starts as usual
    press(qtbot, "Return")
    qtbot.waitUntil(lambda: window.session.call is not None)


def test_enter_with_nothing_typed_starts_a_call_too(qtbot, ctx, window):
    QApplication.clipboard().clear()
    before = len(ctx.clients.list_clients())
    open_new_call(qtbot, window)
    press(qtbot, "Return")
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    assert window.session.call is not None
    assert len(ctx.clients.list_clients()) == before + 1
    assert "Unknown caller" in window.call_bar.status_text


def wrap_up_by_keys(qtbot, window) -> None:
    """F8, then "Wrap up anyway" chosen with Tab and Space if the guide asks for more."""
    call = window.session.call
    window.call_flow.wrap_up_box = None  # a question of an earlier wrap-up: this one asks afresh
    press(qtbot, "F8")
    # What the guide still misses is read off the GUI thread: then the question, or the end.
    qtbot.waitUntil(lambda: window.session.call is None or window.call_flow.wrap_up_box is not None)
    box = window.call_flow.wrap_up_box if window.session.call is call else None
    if isinstance(box, QMessageBox) and box.isVisible():
        qtbot.waitUntil(box.isActiveWindow)
        for _ in range(len(box.buttons())):
            if getattr(focused(), "text", str)() == "&Wrap up anyway":
                break
            press(qtbot, "Tab")
        assert getattr(focused(), "text", str)() == "&Wrap up anyway"
        press(qtbot, "Space")
    qtbot.waitUntil(lambda: window.session.call is None)
    window.activateWindow()  # offscreen does not hand activation back when the box closes
    qtbot.waitUntil(window.isActiveWindow)


def test_an_unknown_caller_rung_twice_is_one_client_found_the_second_time(
    qtbot, ctx, window, ringing
):
    handled(qtbot, ringing, ring(EventKind.RINGING))
    assert "No client has this number yet." in ringing.card.summary_text
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    first = window.session.call
    assert first is not None and first.contact_id is not None
    wrap_up_by_keys(qtbot, window)

    handled(qtbot, ringing, ring(EventKind.RINGING))
    assert "Caller +44 20 7946 0999 — Caller +44 20 7946 0999" in ringing.card.summary_text
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread

    second = window.session.call
    assert second is not None and second.contact_id == first.contact_id
    assert clients_named(ctx, "Caller +44 20 7946 0999") == 1
    [match] = ctx.intake.lookup(UNKNOWN)
    assert match.contact.phones == (UNKNOWN_E164,)


def test_a_name_that_comes_with_the_answer_only_is_kept(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.RINGING))  # MicroSIP rings with the number alone
    handled(qtbot, ringing, ring(EventKind.ANSWERED, name="Lee Marsh"))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    [match] = ctx.intake.lookup(UNKNOWN)
    assert (match.contact.name, match.client_name) == ("Lee Marsh", "Lee Marsh")
    assert "Lee Marsh" in window.call_bar.status_text


def test_the_phone_names_a_caller_who_was_kept_by_number(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    wrap_up_by_keys(qtbot, window)
    handled(qtbot, ringing, ring(EventKind.RINGING, name="Lee Marsh"))
    handled(qtbot, ringing, ring(EventKind.ANSWERED, name="Lee Marsh"))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    [match] = ctx.intake.lookup(UNKNOWN)
    assert (match.contact.name, match.client_name) == ("Lee Marsh", "Lee Marsh")
    assert clients_named(ctx, "Caller +44 20 7946 0999") == 0


def test_a_hang_up_records_end_and_talk_time_before_wrap_up(qtbot, ctx, window, ringing, ticks):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    call = window.session.call
    assert call is not None
    ticks.now += 95  # the client talks for 1:35
    qtbot.keyClicks(focused(), "Printer fixed by restart")

    handled(qtbot, ringing, ring(EventKind.ENDED))

    def recorded():
        [stored] = [c for c in ctx.calls.calls(call.case_id) if c.id == call.id]
        return stored

    qtbot.waitUntil(lambda: recorded().ended_at is not None)  # stored in line, off the GUI thread
    assert recorded().talk_seconds == 95
    bar = window.call_bar
    assert "Hung up" in bar.status_text
    assert bar.timers_text == "Talk 1:35"
    ticks.now += 300  # the agent takes five more minutes over the notes
    bar.update_text()
    assert bar.timers_text == "Talk 1:35", "the clock stopped with the call"
    assert bar.end_button.isEnabled(), "wrap-up stays available"

    # What is missing is read first.
    qtbot.waitUntil(lambda: window.call_flow.wrap_up_box is not None)
    box = window.call_flow.wrap_up_box  # the guide still misses things: back to them
    assert isinstance(box, QMessageBox) and box.isVisible()
    qtbot.waitUntil(box.isActiveWindow)
    press(qtbot, "Escape")
    qtbot.waitUntil(lambda: not box.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.focus_editor()
    assert window.session.call is not None, "hung up, not wrapped up"
    wrap_up_by_keys(qtbot, window)

    [final] = [c for c in ctx.calls.calls(call.case_id) if c.id == call.id]
    assert (final.ended_at, final.talk_seconds) == (recorded().ended_at, 95)
    assert window.call_bar.status_text == "No call"


def test_a_hang_up_told_twice_is_recorded_once(qtbot, ctx, window, ringing, ticks):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    call = window.session.call
    ticks.now += 40
    handled(qtbot, ringing, ring(EventKind.ENDED))
    # What is missing is read first.
    qtbot.waitUntil(lambda: window.call_flow.wrap_up_box is not None)
    first_box = window.call_flow.wrap_up_box
    ticks.now += 40
    handled(qtbot, ringing, ring(EventKind.ENDED))
    assert window.call_flow.wrap_up_box is first_box, "no second question"
    [recorded] = [c for c in ctx.calls.calls(call.case_id) if c.id == call.id]
    assert recorded.talk_seconds == 40


def test_a_new_ring_from_the_number_after_its_hang_up_shows_the_card(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    handled(qtbot, ringing, ring(EventKind.ENDED))
    handled(qtbot, ringing, ring(EventKind.RINGING))
    assert ringing.card.isVisible(), "a call back after the hang-up is a new call"
    assert "wrap it up" in ringing.card.summary_text


def restarted(qtbot, ctx, killed, window_state, case_id: int) -> MainWindow:
    """*killed* stops where it is (no flush on closing, as with kill -9); a new window opens on
    the same database and picks up the call in progress on *case_id*."""
    killed.hide()
    again = shown_window(qtbot, ctx, window_state, (420, 820))
    assert again.select_case(case_id)
    qtbot.waitUntil(lambda: again.session.call is not None and again.call_bar.timers_text != "")
    return again


def the_call(ctx, call):
    [stored] = [c for c in ctx.calls.calls(call.case_id) if c.id == call.id]
    return stored


def test_hold_time_survives_a_kill_and_is_not_counted_as_talk(
    qtbot, ctx, clock, window, ringing, ticks, window_state
):
    clock.step = timedelta(0)  # the wall clock moves with the call bar's, when told to
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    call = window.session.call
    for seconds, key in ((30, "F6"), (14, "F6"), (10, None)):  # talk 0:30, hold 0:14, talk
        ticks.now += seconds
        clock.now += timedelta(seconds=seconds)
        if key:
            press(qtbot, key)
    window.call_bar.update_text()
    assert window.call_bar.timers_text == "Talk 0:40 · Hold 0:14"
    qtbot.waitUntil(lambda: window.writes.pending == 0)

    again = restarted(qtbot, ctx, window, window_state, call.case_id)

    talk, _, hold = again.call_bar.timers_text.partition(" · ")
    assert hold == "Hold 0:14"
    assert talk in ("Talk 0:40", "Talk 0:41"), "the hold is not counted as talk"
    assert not again.call_bar.hold_button.isChecked()
    wrap_up_by_keys(qtbot, again)
    final = the_call(ctx, call)
    assert final.hold_seconds == 14
    assert final.talk_seconds in (40, 41)


def test_a_hold_in_progress_at_the_kill_goes_on_after_the_restart(
    qtbot, ctx, clock, window, ringing, ticks, window_state
):
    clock.step = timedelta(0)
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    call = window.session.call
    for seconds, key in ((30, "F6"), (20, None)):  # talk 0:30, then on hold when killed
        ticks.now += seconds
        clock.now += timedelta(seconds=seconds)
        if key:
            press(qtbot, key)
    qtbot.waitUntil(lambda: window.writes.pending == 0)

    again = restarted(qtbot, ctx, window, window_state, call.case_id)

    talk, _, hold = again.call_bar.timers_text.partition(" · ")
    assert talk == "Talk 0:30", "the caller waiting on hold is not counted as talk"
    assert hold in ("Hold 0:20", "Hold 0:21")
    assert again.call_bar.hold_button.isChecked(), "still on hold"
    press(qtbot, "F6")  # taken off hold
    assert not again.call_bar.hold_button.isChecked()
    wrap_up_by_keys(qtbot, again)
    final = the_call(ctx, call)
    assert final.hold_seconds in (20, 21)
    assert final.talk_seconds == 30
