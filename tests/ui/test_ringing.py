"""Softphone events in the window: the ringing card, the call on answer, wrap-up on hang-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QRadioButton

from callnotes.domain.call_events import CallEvent, EventKind
from callnotes.domain.calls import CallDirection
from callnotes.domain.timeline import EntryKind
from callnotes.settings import Settings
from callnotes.ui.call.new_call_dialog import NewCallDialog
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.ringing import RingingController
from tests.ui.conftest import handled, shown_window

DANA = "+44 20 7946 0321"
DANA_E164 = "+442079460321"


def ring(kind: EventKind, number: str = DANA, **fields: object) -> CallEvent:
    return CallEvent(kind, number=number, source="microsip", **fields)  # type: ignore[arg-type]


@pytest.fixture
def dana(ctx, case):
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    return ctx.clients.add_contact(case.client_id, "Dana Whitfield", role="Ops lead", phones=[DANA])


@pytest.fixture
def window(qtbot, ctx, case, dana, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, (420, 820))


@pytest.fixture
def ringing(ctx, window) -> RingingController:
    return RingingController(ctx, window)


def visible_windows() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


def test_ringing_shows_the_card_without_taking_the_keyboard(qtbot, ctx, window, ringing, case):
    qtbot.keyClicks(window.timeline.note_input, "half a sent")
    before = visible_windows()

    handled(qtbot, ringing, ring(EventKind.RINGING))

    card = ringing.card
    assert card.isVisible()
    assert "Dana Whitfield — Northwind Logistics" in card.summary_text
    assert "Warehouse cannot print delivery labels" in card.summary_text
    assert card.choice().case_id == case.id
    assert QApplication.focusWidget() is window.timeline.note_input
    assert QApplication.activeWindow() is window
    assert visible_windows() == before, "no new window pops up"
    qtbot.keyClicks(window.timeline.note_input, "ence")
    assert window.timeline.note_input.toPlainText() == "half a sentence"
    assert ctx.calls.open_call(case.id) is None, "ringing alone starts nothing"


def test_the_card_shows_the_latest_word_on_each_open_case(qtbot, ctx, window, ringing, case):
    ctx.timeline.add_entry(
        case.id, "Priya will call the printer vendor at 15:00.", EntryKind.ACTION
    )
    handled(qtbot, ringing, ring(EventKind.RINGING))
    texts = [label.text() for label in ringing.card.findChildren(QLabel)]
    assert any("Priya will call the printer vendor at 15:00." in t for t in texts)
    assert any("Ops lead" in t for t in texts)


def test_answered_starts_the_call_and_its_timer_on_the_chosen_case(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.RINGING))
    new_case = ringing.card.findChildren(QRadioButton)[-1]
    assert new_case.text() == "New case for Northwind Logistics"
    new_case.setChecked(True)

    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread

    call = window.session.call
    assert call is not None and call.number == DANA_E164
    assert call.contact_id is not None
    assert ctx.cases.get_case(call.case_id).title == "New call"
    assert "Talk 0:00" in window.call_bar.timers_text
    assert "Dana Whitfield" in window.card.summary_text
    assert not ringing.card.isVisible()


def test_an_ampersand_in_a_case_title_is_shown_and_answers_no_key(
    qtbot, ctx, window, ringing, case
):
    # Qt reads "&" on a button as a mnemonic: the title would show "Labels _driver" and
    # the choice would answer Alt+D.
    ctx.cases.open_case(case.client_id, "Labels & driver app logouts")
    handled(qtbot, ringing, ring(EventKind.RINGING))
    choice = next(
        r for r in ringing.card.findChildren(QRadioButton) if "driver" in r.accessibleName()
    )
    assert choice.shortcut().isEmpty()
    assert choice.text().replace("&&", "&") == choice.accessibleName()
    assert "Labels & driver app logouts" in choice.accessibleName()


def test_an_arabic_client_name_keeps_the_callers_name_in_its_place(
    qtbot, ctx, window, ringing, case
):
    client = ctx.clients.get_client(case.client_id)
    ctx.clients.update_client(client.id, name="شركة الخليج للشحن", timezone=client.timezone)
    handled(qtbot, ringing, ring(EventKind.RINGING))
    who = next(
        label.text() for label in ringing.card.findChildren(QLabel) if "Dana" in label.text()
    )
    # Each name isolated: the right-to-left name cannot carry the dash and "Dana" along.
    assert who == "\u2068Dana Whitfield\u2069 — \u2068شركة الخليج للشحن\u2069"
    assert "Dana Whitfield — شركة الخليج للشحن" in ringing.card.summary_text  # read as written


def test_answered_without_ringing_continues_the_most_recent_open_case(
    qtbot, ctx, window, ringing, case
):
    handled(qtbot, ringing, ring(EventKind.ANSWERED, number="020 7946 0321"))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    assert window.session.call.case_id == case.id
    handled(qtbot, ringing, ring(EventKind.ANSWERED))  # told twice: still one call
    assert len(ctx.calls.calls(case.id)) == 1


def test_an_outbound_call_is_recorded_as_one(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.ANSWERED, direction=CallDirection.OUTBOUND))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    assert window.session.call.direction is CallDirection.OUTBOUND


def test_an_unknown_number_offers_a_new_client(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.RINGING, number="020 7946 0999", name="Lee Marsh"))
    card = ringing.card
    assert "No client has this number yet." in card.summary_text
    assert card.new_client_button.isVisible()
    card.new_client_button.click()
    dialog = window.call_flow.new_call_dialog
    assert isinstance(dialog, NewCallDialog)
    assert dialog.number.text() == "+442079460999"
    dialog.reject()


def test_answering_an_unknown_number_starts_a_call_for_a_new_client(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.RINGING, number="020 7946 0999", name="Lee Marsh"))
    handled(qtbot, ringing, ring(EventKind.ANSWERED, number="+44 20 7946 0999"))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    call = window.session.call
    assert call is not None and call.number == "+442079460999"
    [match] = ctx.intake.lookup("020 7946 0999")
    assert (match.contact.name, match.client_name) == ("Lee Marsh", "Lee Marsh")


def test_a_dismissed_card_means_answering_starts_nothing(qtbot, ctx, window, ringing, case):
    handled(qtbot, ringing, ring(EventKind.RINGING))
    qtbot.mouseClick(ringing.card.dismiss_button, Qt.MouseButton.LeftButton)
    assert not ringing.card.isVisible()
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    assert window.session.call is None


def test_ended_goes_to_wrap_up_with_what_is_missing(qtbot, ctx, window, ringing, case):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    call = window.session.call
    handled(qtbot, ringing, ring(EventKind.ENDED, number="02079460321"))
    # What is missing is read first.
    qtbot.waitUntil(lambda: window.call_flow.wrap_up_box is not None)
    box = window.call_flow.wrap_up_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "never asked" in box.informativeText()
    next(b for b in box.buttons() if b.text() == "&Wrap up anyway").click()
    qtbot.waitUntil(lambda: window.session.call is None)  # stored in line after the notes
    assert window.session.call is None
    assert ctx.calls.calls(case.id)[-1].id == call.id
    assert ctx.calls.calls(case.id)[-1].ended_at is not None


def test_a_hang_up_of_another_number_leaves_the_call_alone(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    handled(qtbot, ringing, ring(EventKind.ENDED, number="020 7946 0999"))
    assert window.session.call is not None
    assert window.call_flow.wrap_up_box is None


def test_a_call_that_ends_before_it_is_answered_is_shown_as_missed(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.RINGING))
    handled(qtbot, ringing, ring(EventKind.ENDED))
    assert ringing.card.isVisible()
    assert ringing.card.view.state == "missed"
    assert not ringing.card.start_button.isVisible()
    assert window.session.call is None


def wrap_up_anyway(qtbot, window) -> None:
    window.wrap_up()
    # What is missing is read first.
    qtbot.waitUntil(lambda: window.call_flow.wrap_up_box is not None)
    next(b for b in window.call_flow.wrap_up_box.buttons() if b.text() == "&Wrap up anyway").click()


def test_ringing_during_a_call_waits_for_its_wrap_up(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    handled(qtbot, ringing, ring(EventKind.RINGING, number="020 7946 0999"))
    card = ringing.card
    assert card.isVisible() and not card.start_button.isEnabled()
    assert "another call: wrap it up (F8), then start this one" in card.summary_text
    wrap_up_anyway(qtbot, window)
    qtbot.waitUntil(card.start_button.isEnabled)  # once the end is stored
    assert window.session.call is None, "a call that only rang starts when the agent says"
    window.activateWindow()  # offscreen does not hand activation back when the box closes
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.session.call is not None)  # a button's key clicks animated
    assert window.session.call.number == "+442079460999"


def test_a_call_answered_while_the_last_one_is_wrapped_up_starts_once_it_is(
    qtbot, ctx, window, ringing
):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    first = window.session.call
    handled(qtbot, ringing, ring(EventKind.ENDED))  # hung up: the wrap-up asks what is missing
    qtbot.waitUntil(lambda: window.call_flow.wrap_up_box is not None)
    handled(qtbot, ringing, ring(EventKind.ANSWERED, number="020 7946 0999", name="Lee Marsh"))
    card = ringing.card
    assert window.session.call.id == first.id, "the call being wrapped up stays"
    assert "this one starts once it is wrapped up (F8)" in card.summary_text
    next(b for b in window.call_flow.wrap_up_box.buttons() if b.text() == "&Wrap up anyway").click()
    qtbot.waitUntil(lambda: window.session.call is not None and window.session.call.id != first.id)
    assert window.session.call.number == "+442079460999"
    assert not card.isVisible()
    [match] = ctx.intake.lookup("020 7946 0999")
    assert match.contact.name == "Lee Marsh"
    assert ctx.calls.calls(first.case_id)[0].ended_at is not None


def test_a_withheld_number_starts_nothing_by_itself(qtbot, ctx, window, ringing):
    handled(qtbot, ringing, ring(EventKind.RINGING, number=""))
    assert "Number withheld" in ringing.card.summary_text
    handled(qtbot, ringing, ring(EventKind.ANSWERED, number=""))
    assert window.session.call is None
    assert "Ctrl+N" in ringing.card.summary_text


def test_the_card_follows_the_window_width(qtbot, window, ringing):
    handled(qtbot, ringing, ring(EventKind.RINGING))
    window.resize(480, 820)
    qtbot.waitUntil(lambda: ringing.card.width() == window.centralWidget().width() - 16)
    assert ringing.card.y() > window.call_bar.geometry().bottom()


def test_every_control_on_the_card_has_an_accessible_name(qtbot, window, ringing):
    handled(qtbot, ringing, ring(EventKind.RINGING))
    for button in ringing.card.findChildren(QAbstractButton):
        assert button.accessibleName(), button.text()


def test_started_by_a_ringing_event_the_app_shows_the_card_and_asks_nothing(
    qtbot, ctx, dana, tmp_path
):
    from callnotes import instance
    from callnotes.launch import Launch, Opening
    from callnotes.ui.shell.application import Startup, build_frame
    from callnotes.ui.shell.settings_dialog import SettingsDialog

    ctx.settings_store.save(Settings(default_region="GB"))  # no name yet: a first run
    endpoint = instance.endpoint_for(tmp_path / "run")
    primary = instance.claim(endpoint, instance.SHOW)
    assert primary is not None
    opening = Opening.of(ctx)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window, Launch(primary, ring(EventKind.RINGING)))  # as run_gui
    try:
        startup.begin()
        qtbot.waitUntil(lambda: startup.ringing is not None and startup.ringing.card.isVisible())
        controller = startup.ringing
        assert "Dana Whitfield" in controller.card.summary_text
        assert not any(
            isinstance(w, SettingsDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        ), "the first-run questions wait for a start by hand"
        answered = ring(EventKind.ANSWERED).as_message()
        assert instance.send(endpoint, answered)  # later events come in over the socket
        qtbot.waitUntil(lambda: window.session.call is not None)
    finally:
        startup.close()
        primary.release()
    assert not Path(endpoint.address).exists(), "the socket went before the lock"
