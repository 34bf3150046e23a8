"""Ctrl+N takes a number from the clipboard as people copy it, and the dialog finds the caller."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from callnotes.settings import Settings
from callnotes.ui.call.new_call_dialog import NewCallDialog
from callnotes.ui.shell.main_window import MainWindow
from tests.ui.conftest import shown_window
from tests.ui.keypress import press

COPIED = [
    "Tel.:\u00a0+49\u202f30\u20131234567",
    "\uff10\uff13\uff10\u3000\uff11\uff12\uff13\u2011\uff14\uff15\uff16\uff17",
    "Phone: +49 (30) 1234567 ext. 12",
    "\u200e+49\u200930\u20091234567 x12\u200f",
]


@pytest.fixture
def window(qtbot, ctx, window_state) -> MainWindow:
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="DE"))
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/Berlin")
    ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+49 30 1234567"])
    ctx.cases.open_case(client.id, "Labels do not print")
    return shown_window(qtbot, ctx, window_state, (420, 820))


@pytest.mark.parametrize("copied", COPIED)
def test_ctrl_n_with_a_copied_number_shows_the_caller_found(qtbot, window, copied) -> None:
    QApplication.clipboard().setText(copied)
    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: isinstance(window.call_flow.new_call_dialog, NewCallDialog))
    dialog = window.call_flow.new_call_dialog
    assert dialog.number.text() == copied.strip()
    qtbot.waitUntil(lambda: not dialog.looking_up)  # the callers, read off the GUI thread
    offered = [dialog.choices.item(row).text() for row in range(dialog.choices.count())]
    assert any("Dana Whitfield — Northwind Logistics" in text for text in offered), offered
    assert any("Labels do not print" in text for text in offered), offered
    assert "Known caller" in dialog.hint.text()
    dialog.close()


def test_ctrl_n_leaves_a_sentence_on_the_clipboard_alone(qtbot, window) -> None:
    QApplication.clipboard().setText("Call me back on 030 1234567 please")
    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: isinstance(window.call_flow.new_call_dialog, NewCallDialog))
    assert window.call_flow.new_call_dialog.number.text() == ""
    window.call_flow.new_call_dialog.close()


def test_enter_continues_the_callers_case_instead_of_a_new_client(qtbot, window, ctx) -> None:
    QApplication.clipboard().setText("Tel.:\u00a0\uff10\uff13\uff10\u2013123\u20114567 x12")
    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: isinstance(window.call_flow.new_call_dialog, NewCallDialog))
    dialog = window.call_flow.new_call_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.isActiveWindow())
    press(qtbot, dialog, "Return")
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    call = window.session.call
    assert call is not None and call.number == "+49301234567"
    assert [c.name for c in ctx.clients.list_clients()] == ["Northwind Logistics"]
    assert ctx.cases.get_case(call.case_id).title == "Labels do not print"
