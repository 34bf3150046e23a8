"""No key press goes nowhere: F2 amends what the agent means, and closed dialogs hand back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from callnotes.ui.shell.main_window import TIMELINE_TAB
from tests.ui import test_main_window
from tests.ui.keypress import press
from tests.ui.test_main_window import type_entry

window = test_main_window.window  # the fixtures: a window on a case, and a call on it
on_call = test_main_window.on_call


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def the_dialog(qtbot) -> QDialog:
    """The one dialog open, once it has the keyboard."""
    qtbot.waitUntil(lambda: len(open_dialogs()) == 1, timeout=3000)
    dialog = open_dialogs()[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    return dialog


def test_f2_from_the_editor_amends_the_newest_entry_and_the_next_note_lands(
    qtbot, window, ctx, case
):
    window.focus_editor()
    type_entry(qtbot, window, "Labels print blank on printer 3")
    press(qtbot, window, "F2")
    dialog = the_dialog(qtbot)
    assert dialog.text.toPlainText() == "Labels print blank on printer 3"
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Labels print blank on printers 3 and 4")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not open_dialogs())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.timeline.note_input)
    type_entry(qtbot, window, "Warehouse waits for the fix")

    texts = [e.text for e in ctx.timeline.entries(case.id)]
    assert texts[-2:] == ["Labels print blank on printers 3 and 4", "Warehouse waits for the fix"]
    assert ctx.timeline.entries(case.id)[0].text == "No delivery labels print since this morning."


def test_f2_on_a_row_chosen_with_the_arrows_amends_that_row_then_typing_goes_on(
    qtbot, window, ctx, case
):
    table = window.timeline.table_view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home)
    press(qtbot, window, "F2")
    dialog = the_dialog(qtbot)
    assert dialog.text.toPlainText() == "No delivery labels print since this morning."
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not open_dialogs())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.timeline.note_input)
    type_entry(qtbot, window, "Still nothing printed")
    assert ctx.timeline.entries(case.id)[-1].text == "Still nothing printed"
    assert ctx.timeline.entries(case.id)[0].text == "No delivery labels print since this morning."


@pytest.mark.parametrize(
    "keys", ["Ctrl+,", "F1", "Ctrl+N", "Ctrl+U", "Ctrl+Shift+T", "Ctrl+Shift+P", "Ctrl+D"]
)
def test_after_any_dialog_closes_the_keyboard_is_in_the_note_editor(qtbot, on_call, keys):
    table = on_call.timeline.table_view
    on_call.tabs.setCurrentIndex(TIMELINE_TAB)
    table.setFocus()  # the agent had clicked a row of the timeline
    press(qtbot, on_call, keys)
    dialog = the_dialog(qtbot)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not open_dialogs())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is on_call.timeline.note_input)
    assert on_call.tabs.currentIndex() == TIMELINE_TAB


def test_a_dialog_opened_while_typing_gives_the_field_back(qtbot, on_call):
    note = on_call.timeline.note_input
    on_call.focus_editor()
    qtbot.keyClicks(note, "half a sentence")
    press(qtbot, on_call, "F1")
    the_dialog(qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not open_dialogs())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note)
    qtbot.keyClicks(note, " and the rest")
    assert note.text() == "half a sentence and the rest"


def test_a_dialog_closed_over_a_preview_gives_the_keyboard_to_the_preview(qtbot, on_call):
    # The status report sent from Log update: the preview stays open and Log update opens
    # over it; once that is saved or closed, the preview on top must have the keyboard, not
    # the window hidden under it.
    preview = on_call.show_documents("status")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview)
    log = on_call.areas.updates.log_update()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is log)
    qtbot.keyClick(QApplication.focusWidget() or log, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not log.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # Esc closes the preview
    qtbot.waitUntil(lambda: not preview.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is on_call.timeline.note_input)
