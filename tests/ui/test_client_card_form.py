"""The client card's form (Ctrl+E) during a call, typed as the agent types it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.shell.main_window import MainWindow
from tests.ui.conftest import shown_window
from tests.ui.keypress import press


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, (420, 900))


def start_call(qtbot, window: MainWindow, *, caller: str = "Dana Whitfield", number: str = ""):
    client_id = window.case_list.model().case_at(0).client_id
    window.session.start(
        CallChoice(
            number=number or "+44 20 7946 0321",
            caller_name=caller,
            client_id=client_id,
            case_title="Driver app logs everyone out",
        )
    )
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    window.focus_editor()


def tab_to(qtbot, window: MainWindow, field) -> None:
    """Tab through the window as the agent does, to *field* (round the window if need be)."""
    for _ in range(80):
        if QApplication.focusWidget() is field:
            return
        press(qtbot, window, "Tab")
    assert QApplication.focusWidget() is field


def in_popup(qtbot, key: str) -> None:
    """Press *key* in the open suggestion list (which takes the keys while it is open)."""
    popup = QApplication.activePopupWidget()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, QKeySequence(key)[0].key())


def retype(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)


def the_caller(ctx, case):
    (contact,) = ctx.clients.get_client(case.client_id).contacts
    return contact


def test_a_refused_phone_number_takes_the_keyboard_to_the_phone_field(qtbot, ctx, window, case):
    start_call(qtbot, window)
    card = window.card
    press(qtbot, window, "Ctrl+E")
    tab_to(qtbot, window, card.phones)
    retype(qtbot, card.phones, "call me after lunch")
    tab_to(qtbot, window, card.email)  # the agent moved on, and presses Enter there
    retype(qtbot, card.email, "dana@northwind.example")
    press(qtbot, window, "Return")

    qtbot.waitUntil(lambda: card.problem_text != "")  # refused off the GUI thread
    assert "is not a phone number callnotes can use" in card.problem_text
    assert card.is_editing
    assert QApplication.focusWidget() is card.phones, "the keyboard goes to what was refused"
    assert card.phones.selectedText() == "call me after lunch", "ready to be typed over"
    assert the_caller(ctx, case).phones == ("+442079460321",)


def test_a_half_typed_e_mail_address_is_refused_at_the_e_mail_field(qtbot, ctx, window, case):
    start_call(qtbot, window)
    card = window.card
    press(qtbot, window, "Ctrl+E")
    tab_to(qtbot, window, card.email)
    retype(qtbot, card.email, "ahmed@")
    tab_to(qtbot, window, card.best_times)
    press(qtbot, window, "Return")

    qtbot.waitUntil(lambda: card.problem_text != "")  # refused off the GUI thread
    assert card.problem_text == (
        "'ahmed@' is not an e-mail address callnotes can use; write it like dana@example.com."
    )
    assert window.banner.text() == card.problem_text
    assert card.is_editing and QApplication.focusWidget() is card.email
    assert the_caller(ctx, case).email == ""

    qtbot.keyClicks(card.email, "ahmed@gulf.ae")  # typed over the selected text
    press(qtbot, window, "Return")
    qtbot.waitUntil(lambda: not card.is_editing)
    assert the_caller(ctx, case).email == "ahmed@gulf.ae"
    assert "ahmed@gulf.ae" in card.summary_text


# Typing into the zone list shows its suggestions: a popup the offscreen platform cannot raise.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing")
def test_a_city_typed_with_a_space_finds_its_zone_and_enter_in_the_list_only_chooses_it(
    qtbot, ctx, window, case
):
    start_call(qtbot, window)
    card = window.card
    press(qtbot, window, "Ctrl+E")
    tab_to(qtbot, window, card.timezone)
    line = card.timezone.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "new york")
    popup = card.timezone.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    suggested = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert suggested == ["America/New_York"]

    # The keys go to the open list, as they do on a desktop: the suggestion, chosen.
    in_popup(qtbot, "Down")
    in_popup(qtbot, "Return")
    qtbot.wait(300)  # a save would be stored off the GUI thread by now: none must be
    assert card.is_editing, "Enter in the list chooses the zone; it does not save the card"
    assert not popup.isVisible()
    assert card.timezone.currentText() == "America/New_York"
    assert ctx.clients.get_client(case.client_id).timezone == "Europe/London"

    press(qtbot, window, "Return")  # the next Enter saves
    qtbot.waitUntil(lambda: not card.is_editing)
    assert ctx.clients.get_client(case.client_id).timezone == "America/New_York"
    assert "Time zone America/New_York" in card.summary_text


@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing")
def test_a_city_typed_any_way_is_saved_as_its_zone_and_a_refusal_goes_as_it_is_corrected(
    qtbot, ctx, window, case, type_unicode
):
    start_call(qtbot, window)
    card = window.card
    press(qtbot, window, "Ctrl+E")
    tab_to(qtbot, window, card.timezone)
    line = card.timezone.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "Sao Paolo")  # a typo: no such city
    press(qtbot, window, "Return")
    assert "is not a time zone callnotes knows" in card.problem_text
    assert window.banner.text() == card.problem_text

    press(qtbot, window, "Backspace")  # the agent corrects it: the old complaint goes
    assert card.problem_text == ""
    assert window.banner.text() == ""
    line.selectAll()
    type_unicode(line, "São PAULO")  # accents and case as they come
    assert line.text() == "São PAULO"
    press(qtbot, window, "Return")  # nothing chosen in the list: what is typed is saved
    qtbot.waitUntil(lambda: not card.is_editing)
    assert ctx.clients.get_client(case.client_id).timezone == "America/Sao_Paulo"


@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing")
def test_enter_on_a_suggestion_takes_it_and_leaves_the_card_open(qtbot, ctx, window, case):
    start_call(qtbot, window)
    card = window.card
    press(qtbot, window, "Ctrl+E")
    tab_to(qtbot, window, card.timezone)
    line = card.timezone.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "Europe/Dub")
    qtbot.waitUntil(card.timezone.completer().popup().isVisible)
    in_popup(qtbot, "Down")
    in_popup(qtbot, "Return")
    qtbot.wait(300)  # a save would be stored off the GUI thread by now: none must be
    assert card.is_editing, "Enter in the list chooses the zone; it does not save the card"
    assert card.timezone.currentText() == "Europe/Dublin"
    assert ctx.clients.get_client(case.client_id).timezone == "Europe/London"


def said_on_form(card) -> str:
    """What the form says about the team beside the usual contact list: its shown hints."""
    labels = card.findChildren(QLabel)
    return " ".join(
        label.text() for label in labels if label.isVisible() and "team" in label.text().lower()
    )


def test_with_nobody_in_the_team_the_card_says_where_colleagues_are_added(qtbot, ctx, window, case):
    assert ctx.clients.team() == []  # a new user's first call
    start_call(qtbot, window)
    card = window.card
    press(qtbot, window, "Ctrl+E")
    qtbot.waitUntil(lambda: said_on_form(card) != "")  # the team is read off the GUI thread
    shown = [card.usual_contact.itemText(i) for i in range(card.usual_contact.count())]
    assert shown == ["(nobody yet)"]
    assert said_on_form(card) == (
        "Nobody is in the team directory yet: add colleagues there (Ctrl+Shift+T), "
        "then choose one here."
    )

    press(qtbot, window, "Ctrl+Shift+T")  # the key the hint names opens the directory
    directory = window.areas.escalation.team_dialog
    assert directory is not None
    qtbot.waitUntil(directory.isVisible)
    directory.reject()

    ctx.clients.create_team_member("Priya Shah", role="Account manager")
    qtbot.waitUntil(lambda: card.usual_contact.count() == 2)  # the card follows the team
    assert said_on_form(card) == ""


def test_the_hint_names_the_directory_s_key_as_it_is_set(qtbot, ctx, window, case):
    window.areas.escalation.team_action.setShortcut("Ctrl+Alt+D")  # a changed shortcut
    start_call(qtbot, window)
    press(qtbot, window, "Ctrl+E")
    qtbot.waitUntil(lambda: said_on_form(window.card) != "")
    assert "add colleagues there (Ctrl+Alt+D)" in said_on_form(window.card)
