"""The call bar says who is on the line as the client card has them, however they change."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.common.bidi import plain
from callnotes.ui.shell.main_window import MainWindow
from tests.ui.conftest import shown_window
from tests.ui.keypress import press


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, (420, 900))


def test_the_call_bar_follows_the_caller_named_on_the_card_and_the_client_renamed(
    qtbot, ctx, window, case
):
    client_id = window.case_list.model().case_at(0).client_id
    window.session.start(CallChoice(number="+44 20 7946 0999", caller_name="", client_id=client_id))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    window.focus_editor()
    bar, card = window.call_bar, window.card
    assert plain(bar.status_text) == "On call: Caller +44 20 7946 0999, Northwind Logistics"

    press(qtbot, window, "Ctrl+E")
    for _ in range(80):  # Tab round the window to the caller's name
        if QApplication.focusWidget() is card.name:
            break
        press(qtbot, window, "Tab")
    card.name.selectAll()
    qtbot.keyClicks(card.name, "Dana Whitfield")
    press(qtbot, window, "Return")
    qtbot.waitUntil(lambda: not card.is_editing)  # stored off the GUI thread
    assert plain(bar.status_text) == "On call: Dana Whitfield, Northwind Logistics"

    # Renamed elsewhere (Client details, a colleague): the card redraws from the change
    # notice, and the bar with it.
    ctx.clients.update_client(client_id, name="Northwind Freight", timezone="Europe/London")
    qtbot.waitUntil(lambda: "Northwind Freight" in card.summary_text)
    assert plain(bar.status_text) == "On call: Dana Whitfield, Northwind Freight"
