"""Marking an entry for the client by keys, while typing and afterwards, and what they then read.

A note or action reaches the client's documents only when the agent marked it: one key (beside
the kind keys) while typing, or the amend dialog's checkbox afterwards; every row of the
timeline says whether the client reads it, and the documents dialog counts what they read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from callnotes.domain.timeline import EntryKind, client_may_read
from callnotes.ui.common.key_names import key_text
from callnotes.ui.documents.report_preview import ReportPreviewDialog
from callnotes.ui.timeline.entry_edit_dialog import FOR_CLIENT_SHORTCUT, EntryEditDialog
from callnotes.ui.timeline.kind_chooser import KIND_SHORTCUTS
from callnotes.ui.timeline.model import KIND_COLUMN, TEXT_COLUMN
from tests.ui import test_main_window
from tests.ui.keypress import press
from tests.ui.test_focus_return import open_dialogs, the_dialog
from tests.ui.test_main_window import type_entry

window = test_main_window.window  # the fixtures: a window on a case, and a call on it
on_call = test_main_window.on_call

PRIVATE_NOTE = "Client upset and had asked for Priya by name zqnote"
PRIVATE_ACTION = "Told Marco the rollout skipped testing zqaction"
MARKED_NOTE = "Label service restarted and the first labels printed zqshared"


def kind_cell(window, row: int) -> str:
    model = window.timeline.model
    return str(model.index(row, KIND_COLUMN).data())


def documents(qtbot, window) -> ReportPreviewDialog:
    press(qtbot, window, "Ctrl+D")
    dialog = the_dialog(qtbot)
    assert isinstance(dialog, ReportPreviewDialog)
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=10000)
    return dialog


def copied(qtbot, dialog: ReportPreviewDialog) -> tuple[str, str]:
    """Copy the document shown by its key; the clipboard's formatted and plain text."""
    with qtbot.waitSignal(dialog.document_copied):
        press(qtbot, dialog, "Ctrl+Shift+C")
    mime = QGuiApplication.clipboard().mimeData()
    return mime.html(), mime.text()


def test_one_key_marks_the_next_entry_and_only_it_reaches_the_client(qtbot, on_call, ctx):
    timeline = on_call.timeline
    case_id = on_call.session.call.case_id
    on_call.focus_editor()
    type_entry(qtbot, on_call, PRIVATE_NOTE)
    press(qtbot, on_call, KIND_SHORTCUTS[EntryKind.ACTION])
    type_entry(qtbot, on_call, PRIVATE_ACTION)
    assert QApplication.focusWidget() is timeline.note_input
    assert not timeline.for_client_box.isChecked()
    press(qtbot, on_call, FOR_CLIENT_SHORTCUT)  # on the focused note editor
    assert timeline.marked_for_client and timeline.for_client_box.isChecked()
    assert QApplication.focusWidget() is timeline.note_input, "typing goes on in the editor"
    type_entry(qtbot, on_call, MARKED_NOTE)
    assert not timeline.marked_for_client, "reset after Enter, like the kind"

    entries = {e.text: e for e in ctx.timeline.entries(case_id)}
    assert not entries[PRIVATE_NOTE].for_client
    assert (entries[PRIVATE_ACTION].kind, entries[PRIVATE_ACTION].for_client) == (
        EntryKind.ACTION,
        False,
    )
    assert (entries[MARKED_NOTE].kind, entries[MARKED_NOTE].for_client) == (EntryKind.NOTE, True)
    rows = timeline.model.rowCount()
    assert [kind_cell(on_call, row) for row in range(rows - 3, rows)] == [
        "Note\n(internal)",
        "Action\n(internal)",
        "Note\nfor the client",
    ]

    dialog = documents(qtbot, on_call)
    assert dialog.document.kind == "status"
    everything = ctx.timeline.entries(case_id)
    read = [e.text for e in everything if client_may_read(e)]
    assert MARKED_NOTE in read and PRIVATE_NOTE not in read and PRIVATE_ACTION not in read
    audience = dialog.audience.text()
    assert "Written for the client" in audience
    assert len(read) == 1 and len(everything) - len(read) == 2
    assert "they read 1 timeline entry; 2 are left out" in audience
    shown = dialog.preview.toPlainText()
    assert MARKED_NOTE in shown
    assert PRIVATE_NOTE not in shown and PRIVATE_ACTION not in shown
    html, text = copied(qtbot, dialog)
    for content in (html, text):
        assert MARKED_NOTE in content
        assert PRIVATE_NOTE not in content and PRIVATE_ACTION not in content

    # The team's minutes hold all three, on the clipboard too.
    press(qtbot, dialog, "Alt+D")  # the Document chooser
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M)
    qtbot.waitUntil(
        lambda: dialog.document is not None and dialog.document.kind == "minutes", timeout=10000
    )
    assert "includes internal notes" in dialog.audience.text()
    html, text = copied(qtbot, dialog)
    for content in (html, text):
        assert all(fact in content for fact in (MARKED_NOTE, PRIVATE_NOTE, PRIVATE_ACTION))
    dialog.close()


def test_the_toggle_names_its_key_sits_in_the_entry_menu_and_follows_the_kind(qtbot, on_call):
    timeline = on_call.timeline
    action = timeline.for_client_action
    assert timeline.for_client_box.text() == f"For the client ({key_text(action)})"
    assert action in on_call.menus.all_actions()
    entry_menu = next(a.menu() for a in on_call.menuBar().actions() if a.text() == "&Entry")
    assert action in entry_menu.actions()
    on_call.focus_editor()
    press(qtbot, on_call, KIND_SHORTCUTS[EntryKind.DECISION])
    box = timeline.for_client_box
    assert box.isChecked() and not box.isEnabled(), "the client reads every decision"
    press(qtbot, on_call, KIND_SHORTCUTS[EntryKind.NOTE])
    assert not box.isChecked() and box.isEnabled()


def test_f2_marks_an_entry_afterwards_and_the_status_report_then_holds_it(qtbot, window, ctx, case):
    window.focus_editor()
    type_entry(qtbot, window, PRIVATE_NOTE)
    status = ctx.documents.build(case.id, "status").text
    assert PRIVATE_NOTE not in status
    press(qtbot, window, "F2")  # from the editor: the entry just written
    dialog = the_dialog(qtbot)
    assert isinstance(dialog, EntryEditDialog)
    assert not dialog.for_client.isChecked()
    assert dialog.for_client.text() == f"For the client ({FOR_CLIENT_SHORTCUT})"
    press(qtbot, dialog, FOR_CLIENT_SHORTCUT)
    assert dialog.for_client.isChecked()
    press(qtbot, dialog, "Ctrl+Return")
    qtbot.waitUntil(lambda: not open_dialogs())

    entry = ctx.timeline.entries(case.id)[-1]
    assert (entry.text, entry.for_client) == (PRIVATE_NOTE, True)
    assert [r.previous_for_client for r in entry.revisions] == [False]
    assert kind_cell(window, window.timeline.model.rowCount() - 1) == "Note\nfor the client"
    status = ctx.documents.build(case.id, "status").text
    assert PRIVATE_NOTE in status and f"{PRIVATE_NOTE} (corrected)" not in status


def test_an_internal_entry_cannot_be_marked_in_the_amend_dialog(qtbot, window, ctx, case):
    ctx.timeline.add_entry(case.id, PRIVATE_ACTION, EntryKind.ACTION, internal=True)
    window.timeline.reload()
    model = window.timeline.model
    qtbot.waitUntil(  # the timeline is read off the GUI thread
        lambda: (
            model.rowCount() > 0
            and model.index(model.rowCount() - 1, TEXT_COLUMN).data() == PRIVATE_ACTION
        )
    )
    window.focus_editor()
    press(qtbot, window, "F2")
    dialog = the_dialog(qtbot)
    assert dialog.text.toPlainText() == PRIVATE_ACTION
    assert not dialog.for_client.isEnabled() and not dialog.for_client.isChecked()
    press(qtbot, dialog, FOR_CLIENT_SHORTCUT)
    assert not dialog.for_client.isChecked()
    press(qtbot, dialog, "Escape")
    qtbot.waitUntil(lambda: not open_dialogs())
    assert not ctx.timeline.entries(case.id)[-1].for_client


def test_the_count_of_what_the_client_reads_is_said_in_good_english():
    from callnotes.ui.documents.report_preview import audience_line

    assert "they read 0 timeline entries; 1 is left out" in audience_line(0, 1)
    assert "they read 1 timeline entry; 2 are left out" in audience_line(1, 2)
    assert "they read 5 timeline entries; 0 are left out" in audience_line(5, 0)
