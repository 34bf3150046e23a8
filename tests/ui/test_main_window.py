"""The call window as the agent drives it: keyboard, rail, timeline, client card, wrap-up."""

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMessageBox

from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.cases.list_model import CASE_ID_ROLE
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.timeline.model import KIND_COLUMN, TEXT_COLUMN
from tests.ui.conftest import wait_filled
from tests.ui.keypress import choose_from_menu, press

NON_ASCII = [
    "Café crème: déjà vu à Zürich",
    "Client is furious 😡 — thumbs up 👍🏽, family 👨‍👩‍👧",
    "العميل يقول إن الملصقات لا تطبع منذ الصباح",
    "Mixed: order #4411 تم الشحن at 16:00",
    "e\u0301le\u0300ve (combining marks)",
]


def make_window(qtbot, ctx, window_state) -> MainWindow:
    main = MainWindow(ctx, state=window_state)
    qtbot.addWidget(main)
    wait_filled(qtbot, main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    main = make_window(qtbot, ctx, window_state)
    # As the agent finds it: the case's timeline read (off the GUI thread) and shown.
    stored = len(ctx.timeline.entries(case.id))
    qtbot.waitUntil(lambda: main.timeline.model.stored_count == stored)
    return main


@pytest.fixture
def on_call(qtbot, ctx, window):
    """A known caller rings about a new problem: the call is started from the New call dialog."""
    client = ctx.clients.get_client(window.case_list.model().case_at(0).client_id)
    contact = ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    dialog = window.new_call("+44 20 7946 0321")
    qtbot.waitUntil(lambda: not dialog.looking_up)  # the number's callers, read off the GUI thread
    texts = [dialog.choices.item(n).text() for n in range(dialog.choices.count())]
    assert any("Dana Whitfield — Northwind Logistics" in t for t in texts)
    new_case_row = next(n for n, t in enumerate(texts) if t.startswith("New case"))
    dialog.choices.setCurrentRow(new_case_row)
    dialog.title.setText("Driver app logs everyone out")
    dialog.start_requested.emit(dialog_choice(dialog))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    assert window.session.call is not None
    assert window.session.call.contact_id == contact.id
    return window


def dialog_choice(dialog) -> CallChoice:
    # What the Start button sends, without going through a blocking click.
    choice = dialog.choices.currentItem().data(Qt.ItemDataRole.UserRole + 1)
    return CallChoice(
        number=choice.number,
        caller_name=choice.caller_name,
        contact_id=choice.contact_id,
        client_id=choice.client_id,
        case_title=dialog.title.text(),
    )


def type_entry(qtbot, window, text: str) -> None:
    """Type *text* and press Enter; return once the note is stored (no longer "saving…")."""
    qtbot.keyClicks(window.timeline.note_input, text)
    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_Return)
    assert window.timeline.note_input.text() == ""  # free for the next note at once
    qtbot.waitUntil(lambda: not window.timeline.pending_texts)


def test_window_lists_the_case_and_shows_its_timeline(qtbot, window, case):
    model = window.case_list.model()
    assert model.rowCount() == 1
    assert "Northwind Logistics" in model.index(0, 0).data()
    assert window.timeline.case_id == case.id
    assert "Warehouse cannot print delivery labels" in window.header_text
    table = window.timeline.table_view.model()
    qtbot.waitUntil(lambda: table.rowCount() == 2)  # read off the GUI thread
    assert table.index(0, KIND_COLUMN).data() == "Client said"
    assert table.index(1, TEXT_COLUMN).data() == "Printer driver update pushed at 22:40."


def test_starting_a_call_matches_the_caller_and_opens_the_new_case(on_call, ctx):
    case_id = on_call.session.call.case_id
    assert on_call.timeline.case_id == case_id
    assert "Driver app logs everyone out" in on_call.header_text
    assert "Dana Whitfield" in on_call.card.summary_text
    assert "Talk 0:00" in on_call.call_bar.timers_text
    assert on_call.rail.title_text == "Step 1 of 11: Greet"


def test_typed_entries_get_their_kind_and_belong_to_the_call(qtbot, on_call, ctx):
    call = on_call.session.call
    type_entry(qtbot, on_call, "Greeted, she asked for Priya")
    press(qtbot, on_call, "Alt+2")
    assert on_call.timeline.kind is EntryKind.CLIENT_SAID
    type_entry(qtbot, on_call, "Drivers are logged out every five minutes")
    assert on_call.timeline.kind is EntryKind.NOTE  # back to a plain note after each entry

    entries = ctx.timeline.entries(call.case_id)
    assert [(e.kind, e.text, e.call_id) for e in entries] == [
        (EntryKind.NOTE, "Greeted, she asked for Priya", call.id),
        (EntryKind.CLIENT_SAID, "Drivers are logged out every five minutes", call.id),
    ]
    table = on_call.timeline.table_view.model()
    assert table.index(1, KIND_COLUMN).data() == "Client said"


def test_the_rail_advances_with_one_key_and_knows_what_was_captured(qtbot, on_call, ctx):
    press(qtbot, on_call, "F4")  # greeted
    press(qtbot, on_call, "F4")  # explained the usual contact is away
    assert on_call.rail.title_text == "Step 3 of 11: Listen and take notes"
    assert on_call.rail.done[:3] == [True, True, False]

    press(qtbot, on_call, "Alt+2")
    type_entry(qtbot, on_call, "Nothing prints since this morning")
    # What the call captured is read off the GUI thread once the note is stored.
    qtbot.waitUntil(lambda: on_call.rail.done[2])  # listening: the client's words recorded
    assert on_call.rail.title_text == "Step 4 of 11: Acknowledge feelings", "moved on by itself"
    type_entry(qtbot, on_call, "She is worried about the 16:00 trucks")
    assert on_call.rail.title_text == "Step 4 of 11: Acknowledge feelings", "one step at a time"

    press(qtbot, on_call, "Shift+F4")
    press(qtbot, on_call, "Shift+F4")
    assert on_call.rail.title_text == "Step 2 of 11: Usual contact not set"  # none was chosen
    call_id = on_call.session.call.id
    qtbot.waitUntil(lambda: ctx.calls.rail_state(call_id)["current"] == "usual-contact")
    state = ctx.calls.rail_state(call_id)
    assert state["manual_done"] == ["greet", "usual-contact"]


def test_wrap_up_lists_what_is_missing_and_can_go_back(qtbot, on_call, ctx):
    press(qtbot, on_call, "F8")
    # What is missing is read first.
    qtbot.waitUntil(lambda: on_call.call_flow.wrap_up_box is not None)
    box = on_call.call_flow.wrap_up_box
    missing = box.informativeText()
    assert "Nothing the client said was recorded." in missing
    assert "No issue was recorded." in missing
    assert "No preferred contact method was recorded." in missing
    assert "“Anything else?” was never asked." in missing
    go_back = next(b for b in box.buttons() if b.text() == "&Go back")
    go_back.click()
    assert on_call.session.call is not None, "going back keeps the call running"


def test_wrap_up_anyway_is_recorded(qtbot, on_call, ctx):
    call_id = on_call.session.call.id
    case_id = on_call.session.call.case_id
    press(qtbot, on_call, "F8")
    # What is missing is read first.
    qtbot.waitUntil(lambda: on_call.call_flow.wrap_up_box is not None)
    anyway = next(
        b for b in on_call.call_flow.wrap_up_box.buttons() if b.text() == "&Wrap up anyway"
    )
    anyway.click()

    qtbot.waitUntil(lambda: on_call.session.call is None)  # stored in line after the notes
    assert on_call.session.call is None
    [stored] = ctx.calls.calls(case_id)
    assert stored.id == call_id and stored.ended_at is not None
    # The guide's state is stored in line with the notes, off the GUI thread.
    qtbot.waitUntil(lambda: ctx.calls.rail_state(call_id).get("wrapped_up_anyway") is True)
    last = ctx.timeline.entries(case_id)[-1]
    assert last.internal
    assert last.text.startswith("Call wrapped up with items missing:")
    assert "never asked" in last.text


def capture_what_wrap_up_needs(qtbot, window, ctx) -> None:
    """The client's words, a clarified issue and a contact method, by keys where they can be."""
    from callnotes.domain.issues import Impact, Urgency

    window.focus_editor()
    press(qtbot, window, "Alt+2")
    type_entry(qtbot, window, "Drivers are logged out")
    ctx.issues.add_issue(
        window.session.call.case_id, "Driver log-outs", impact=Impact.DEPARTMENT,
        urgency=Urgency.HIGH, timeframe="By tomorrow's shift",
    )  # fmt: skip
    press(qtbot, window, "Ctrl+E")  # a known caller without a method: the card opens there
    qtbot.keyClicks(QApplication.focusWidget(), "p")  # Phone
    press(qtbot, window, "Return")
    qtbot.waitUntil(  # stored off the GUI thread
        lambda: window.card.card.contact.preferred_method is ContactMethod.PHONE
    )


def ask_anything_else(qtbot, window) -> None:
    """F4 to "Anything else?" (steps already done are passed over), then F4: asked."""
    for _ in range(10):
        if "Anything else" in window.rail.title_text:
            break
        press(qtbot, window, "F4")
    assert window.rail.title_text == "Step 10 of 11: Anything else?"
    press(qtbot, window, "F4")


def test_a_complete_call_wraps_up_without_questions(qtbot, on_call, ctx):
    call = on_call.session.call
    capture_what_wrap_up_needs(qtbot, on_call, ctx)
    ask_anything_else(qtbot, on_call)
    press(qtbot, on_call, "F8")

    qtbot.waitUntil(lambda: on_call.session.call is None)  # what is missing is read first
    texts = [e.text for e in ctx.timeline.entries(call.case_id)]
    assert "Asked whether there is anything else." in texts
    assert not any(t.startswith("Call wrapped up with items missing") for t in texts)


def test_client_card_is_edited_without_leaving_the_keyboard(qtbot, on_call, ctx):
    press(qtbot, on_call, "Ctrl+E")
    card = on_call.card
    assert card.is_editing
    card.role.setText("Operations Manager")
    card.email.setText("dana@northwind.example")
    card.method.setCurrentIndex(card.method.findData(ContactMethod.EMAIL))
    card.best_times.setText("mornings")
    qtbot.keyClick(card.best_times, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not card.is_editing)  # stored off the GUI thread
    assert on_call.focusWidget() is on_call.timeline.note_input
    contact = ctx.intake.card(on_call.session.call.id).contact
    assert (contact.role, contact.email, contact.preferred_method, contact.best_times) == (
        "Operations Manager", "dana@northwind.example", ContactMethod.EMAIL, "mornings",
    )  # fmt: skip
    assert "Prefers e-mail, best mornings" in card.summary_text


def test_a_field_given_the_keyboard_by_a_key_shows_its_focus_frame(qtbot, on_call):
    # Qt draws the frame of a combo box or a list only after Tab in that window; Ctrl+E puts
    # the keyboard in the card's first field without one.
    on_call.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
    press(qtbot, on_call, "Ctrl+E")
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is on_call
    assert on_call.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    framed = focused.grab().toImage()
    on_call.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
    assert focused.grab().toImage() != framed  # the frame is drawn: without it, it differs


def test_a_bad_number_on_the_card_is_refused_and_the_form_stays(qtbot, on_call, ctx):
    press(qtbot, on_call, "Ctrl+E")
    on_call.card.phones.setText("call me maybe")
    qtbot.keyClick(on_call.card.phones, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not a phone number" in on_call.banner.text())  # refused on return
    assert on_call.card.is_editing


def test_an_unknown_number_starts_a_new_client_and_case(qtbot, ctx, window):
    dialog = window.new_call("+1 201 555 0123")
    qtbot.waitUntil(lambda: "No client has this number yet" in dialog.hint.text())
    dialog.caller.setText("Sam Lee")
    dialog.client.setText("Harbour Dental")
    dialog.title.setText("Reminders sent twice")
    dialog.choices.setCurrentRow(dialog.choices.count() - 1)
    dialog.start_requested.emit(
        CallChoice(number="+1 201 555 0123", caller_name="Sam Lee", client_name="Harbour Dental",
                   case_title="Reminders sent twice")
    )  # fmt: skip
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    [match] = ctx.intake.lookup("(201) 555-0123")
    assert (match.contact.name, match.client_name) == ("Sam Lee", "Harbour Dental")
    # The new case is shown once the case list has been read again (off the GUI thread).
    qtbot.waitUntil(lambda: window.header_text.startswith("Reminders sent twice"))


@pytest.mark.parametrize("text", NON_ASCII)
def test_non_ascii_notes_round_trip_exactly(qtbot, window, ctx, case, type_unicode, text):
    note_input = window.timeline.note_input
    type_unicode(note_input, text)
    assert note_input.text() == text
    qtbot.keyClick(note_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctx.timeline.entries(case.id)[-1].text == text)
    table = window.timeline.table_view.model()
    qtbot.waitUntil(lambda: not window.timeline.pending_texts)
    assert table.index(table.rowCount() - 1, TEXT_COLUMN).data() == text


def test_the_draft_is_saved_while_typing_and_restored(qtbot, ctx, case, window_state):
    first = make_window(qtbot, ctx, window_state)
    qtbot.keyClicks(first.timeline.note_input, "Half a sentence")
    qtbot.waitUntil(lambda: ctx.drafts.load(f"note:case:{case.id}") == "Half a sentence")
    qtbot.waitUntil(lambda: first.timeline.save_status == "Saved")  # told once it is back
    first.close()
    second = make_window(qtbot, ctx, window_state)
    qtbot.waitUntil(lambda: second.timeline.note_input.text() == "Half a sentence")


@pytest.mark.parametrize(
    ("keys", "kind", "marked", "label"),
    [
        (["Alt+4"], EntryKind.DECISION, False, "Decision  (Alt+4)"),
        (["Alt+0"], EntryKind.NOTE, True, "Note  (Alt+1)"),
        (["Alt+3", "Alt+0"], EntryKind.ACTION, True, "Action  (Alt+3)"),
    ],
)
def test_a_killed_window_gives_the_draft_back_with_its_kind_and_mark(
    qtbot, ctx, case, window_state, keys, kind, marked, label
):
    first = make_window(qtbot, ctx, window_state)
    first.focus_editor()
    for key in keys:
        press(qtbot, first, key)
    qtbot.keyClicks(first.timeline.note_input, "Roll the label driver back tonight")
    # The draft is stored (the status says "Saved" before the autosave has even started).
    key = f"note:case:{case.id}"
    qtbot.waitUntil(lambda: ctx.drafts.load_note(key).text == "Roll the label driver back tonight")
    qtbot.waitUntil(lambda: first.timeline.save_status == "Saved")
    first.hide()  # killed: nothing more is written (no flush on closing)

    second = make_window(qtbot, ctx, window_state)
    timeline = second.timeline
    qtbot.waitUntil(lambda: timeline.note_input.text() == "Roll the label driver back tonight")
    assert second.findChild(QComboBox, "entryKind").currentText() == label
    assert timeline.kind is kind
    assert timeline.marked_for_client is marked
    assert timeline.for_client_box.isChecked(), "the client reads it, as chosen before the kill"
    second.focus_editor()
    qtbot.keyClick(timeline.note_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not timeline.pending_texts)
    stored = ctx.timeline.entries(case.id)[-1]
    assert (stored.text, stored.kind, stored.for_client) == (
        "Roll the label driver back tonight",
        kind,
        marked,
    )


def test_a_draft_saved_as_plain_text_still_comes_back_as_a_note(qtbot, ctx, case, window_state):
    ctx.drafts.save(f"note:case:{case.id}", "Typed before the kind was kept")
    main = make_window(qtbot, ctx, window_state)
    qtbot.waitUntil(lambda: main.timeline.note_input.text() == "Typed before the kind was kept")
    assert (main.timeline.kind, main.timeline.marked_for_client) == (EntryKind.NOTE, False)


def test_a_rich_paste_becomes_plain_text_and_a_huge_one_is_cut(qtbot, window):
    from PySide6.QtCore import QMimeData

    editor = window.timeline.note_input
    rich = QMimeData()
    rich.setHtml("<b>bold</b> words")
    rich.setText("bold words")
    editor.insertFromMimeData(rich)
    assert editor.text() == "bold words"
    huge = QMimeData()
    huge.setText("x" * 200_000)
    editor.insertFromMimeData(huge)
    assert len(editor.text()) == 100_000
    assert "too long for one note" in window.timeline.banner.text()


def test_a_pasted_list_is_seen_whole_and_the_editor_shrinks_once_it_is_entered(qtbot, window):
    from PySide6.QtGui import QGuiApplication, QTextCursor

    editor = window.timeline.note_input
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    at_rest = editor.height()
    lines = [f"{n}. step {n} of the workaround" for n in range(1, 7)]
    QGuiApplication.clipboard().setText("\n".join(lines))
    press(qtbot, editor, "Ctrl+V")
    assert editor.text() == "\n".join(lines)
    assert editor.height() > at_rest
    first = QTextCursor(editor.document().findBlockByNumber(0))
    last = QTextCursor(editor.document().findBlockByNumber(5))
    for cursor in (first, last):  # the first and the last line are both in view
        assert editor.viewport().rect().contains(editor.cursorRect(cursor))
    QGuiApplication.clipboard().setText("\n".join(lines * 5))
    press(qtbot, editor, "Ctrl+V")
    assert editor.height() < window.height() / 2  # it grows so far, then scrolls
    press(qtbot, editor, "Return")
    qtbot.waitUntil(lambda: editor.text() == "")
    assert editor.height() == at_rest


def test_an_entry_is_amended_and_keeps_its_earlier_wording(qtbot, window, ctx, case):
    qtbot.waitUntil(lambda: window.timeline.model.rowCount() == 2)  # read off the GUI thread
    window.timeline.table_view.setCurrentIndex(window.timeline.model.index(1, TEXT_COLUMN))
    window.timeline.edit_selected()
    from callnotes.ui.timeline.entry_edit_dialog import EntryEditDialog

    dialog = window.timeline.findChild(EntryEditDialog)
    dialog.text.setPlainText("Printer driver update pushed at 22:45.")
    dialog._on_buttons_accepted()
    new_text = "Printer driver update pushed at 22:45."
    qtbot.waitUntil(lambda: ctx.timeline.entries(case.id)[1].text == new_text)  # in line
    entry = ctx.timeline.entries(case.id)[1]
    assert entry.text == "Printer driver update pushed at 22:45."
    assert entry.revisions[0].previous_text == "Printer driver update pushed at 22:40."
    shown = window.timeline.model.index(1, TEXT_COLUMN)
    qtbot.waitUntil(lambda: "amended" in shown.data())  # shown once stored
    assert "22:40" in shown.data(Qt.ItemDataRole.ToolTipRole)


def test_f1_lists_every_shortcut(qtbot, window):
    sheet = window.show_cheat_sheet()
    rows = {sheet.table.item(r, 0).text(): sheet.table.item(r, 1).text()
            for r in range(sheet.table.rowCount())}  # fmt: skip
    for name, keys in (("New call", "Ctrl+N"), ("Next step", "F4"), ("Wrap up call", "F8"),
                       ("Client said", "Alt+2"), ("Keyboard shortcuts", "F1")):  # fmt: skip
        assert rows[name] == keys
    sheet.close()


def test_first_run_asks_who_the_agent_is(qtbot, window, ctx):
    dialog = window.show_settings(first_run=True)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Welcome to callnotes"
    assert not dialog.escalate_after.isVisible(), "only the first questions, nothing stray"
    dialog.agent.setText("Vinh")
    dialog.company.setText("August")
    dialog.region.setCurrentIndex(dialog.region.findData("GB"))
    dialog._on_buttons_accepted()
    assert ctx.settings.agent_name == "Vinh"
    assert ctx.clients.default_region == "GB"
    assert ctx.settings_store.is_first_run is False
    # The author: the name given here; on a team database, the server's name for the login.
    expected = "Vinh" if ctx.db.is_sqlite else ctx.author()
    assert ctx.timeline.add_entry(window.timeline.case_id, "x").author == expected


def test_esc_on_the_first_questions_asks_before_dropping_what_was_typed(qtbot, window, ctx):
    from PySide6.QtWidgets import QMessageBox

    dialog = window.show_settings(first_run=True)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.agent.clear()
    dialog.problem.setText("Please give your name; it goes into the greeting.")
    dialog.agent.setFocus()
    qtbot.keyClicks(dialog.agent, "Vinh Nguyen")
    assert dialog.problem.text() == ""  # corrected: the complaint goes
    qtbot.keyClick(dialog.agent, Qt.Key.Key_Escape)
    qtbot.waitUntil(
        lambda: isinstance(dialog.keep_box, QMessageBox) and dialog.keep_box.isVisible()
    )
    assert dialog.isVisible(), "nothing dropped yet"
    qtbot.keyClick(dialog.keep_box, Qt.Key.Key_Escape)  # Esc again: back to the questions
    qtbot.waitUntil(lambda: dialog.keep_box is None)
    assert dialog.isVisible() and dialog.agent.text() == "Vinh Nguyen"
    qtbot.keyClick(dialog.agent, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.keep_box is not None and dialog.keep_box.isVisible())
    qtbot.keyClick(dialog.keep_box, Qt.Key.Key_Return)  # Save, the default
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.settings.agent_name == "Vinh Nguyen"


def test_a_region_of_two_words_is_found_by_typing_it(qtbot, window):
    # A space opened the list and ended the search: "United K" stopped at the first "United".
    dialog = window.show_settings(first_run=True)
    qtbot.waitExposed(dialog)
    dialog.region.setCurrentIndex(dialog.region.findData("DE"))
    dialog.region.setFocus()
    qtbot.waitUntil(dialog.region.hasFocus)
    qtbot.keyClicks(dialog.region, "United K", delay=20)
    assert dialog.region.currentData() == "GB"
    assert not dialog.region.view().isVisible()
    qtbot.keyClicks(dialog.region, "New Z", delay=20)  # at once: the same search, no match
    assert dialog.region.currentData() == "GB"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(dialog.region, "New Z", delay=20)
    assert dialog.region.currentData() == "NZ"


def test_geometry_and_always_on_top_survive_a_restart(qtbot, ctx, case, window_state):
    first = make_window(qtbot, ctx, window_state)
    height = max(520, first.minimumSizeHint().height() + 20)  # whatever the fonts' heights
    first.resize(431, height)
    first.menus.always_on_top.setChecked(True)
    assert first.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    first.close()
    second = make_window(qtbot, ctx, window_state)
    assert (second.width(), second.height()) == (431, height)
    assert second.menus.always_on_top.isChecked()


def test_controls_have_accessible_names(window):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QListView, QTableView

    for kind in (QListView, QTableView, QComboBox, QLineEdit, QAbstractButton):
        for widget in window.findChildren(kind):
            if (
                widget.isVisible()
                and widget.parent() is not None
                and not widget.objectName().startswith("qt_")
            ):
                assert widget.accessibleName() or getattr(widget, "text", lambda: "")(), widget


def test_about_opens_without_blocking(qtbot, window):
    about = next(a for a in window.menus.all_actions() if "About" in a.text())
    choose_from_menu(qtbot, window, "Alt+H", about)  # Help ▸ About
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert boxes and "callnotes" in boxes[0].text()
    boxes[0].close()


def test_window_paints_at_its_narrowest_docked_width(on_call):
    on_call.resize(380, 700)
    assert not on_call.grab().isNull()
    assert on_call.minimumSizeHint().width() <= 420


def test_case_list_tab_switches_the_shown_case(qtbot, window, ctx, case):
    other = ctx.cases.open_case(case.client_id, "Driver app logs everyone out")
    # Listed by the change notice, read again off the GUI thread.
    qtbot.waitUntil(lambda: window.case_list.model().row_of(other.id) is not None)
    press(qtbot, window, "Ctrl+3")
    row = window.case_list.model().row_of(other.id)
    window.case_list.setCurrentIndex(window.case_list.model().index(row, 0))
    assert window.timeline.case_id == other.id
    assert window.case_list.currentIndex().data(CASE_ID_ROLE) == other.id


def test_a_number_on_the_clipboard_is_offered_for_the_new_call(qtbot, window, ctx):
    QApplication.clipboard().setText("  +44 20 7946 0321 ")
    dialog = window.new_call()
    assert dialog.number.text() == "+44 20 7946 0321"
    dialog.close()
    QApplication.clipboard().setText("not a number, just a sentence")
    dialog = window.new_call()
    assert dialog.number.text() == ""
    dialog.close()


def test_docking_fills_the_screen_edge():
    from PySide6.QtCore import QRect

    from callnotes.ui.shell.placement import docked_geometry

    screen = QRect(0, 0, 1920, 1040)
    assert docked_geometry(screen, 440, "left") == QRect(0, 0, 440, 1040)
    assert docked_geometry(screen, 440, "right") == QRect(1480, 0, 440, 1040)


def test_documents_are_one_shortcut_away_and_include_the_unsent_draft(qtbot, window, ctx, case):
    qtbot.keyClicks(window.timeline.note_input, "Typed just before the report")
    press(qtbot, window, "Ctrl+Shift+M")  # the minutes, which the agent opens mid-call
    dialog = next(
        d for d in window.findChildren(object) if type(d).__name__ == "ReportPreviewDialog"
    )
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=10_000)
    assert dialog.kind == "minutes"
    assert dialog.document.case_id == case.id
    assert ctx.drafts.load(f"note:case:{case.id}") == "Typed just before the report"
    assert "Printer driver update pushed at 22:40." in dialog.document.text
    dialog.close()


def test_report_templates_are_reachable_from_settings(qtbot, window, ctx):
    dialog = window.show_templates()
    assert str(ctx.paths.templates_dir) in " ".join(
        label.text() for label in dialog.findChildren(QLabel)
    )
    dialog.close()


def test_an_open_call_back_promise_is_a_reminder_at_wrap_up_not_a_failure(qtbot, on_call, ctx):
    call = on_call.session.call
    capture_what_wrap_up_needs(qtbot, on_call, ctx)
    press(qtbot, on_call, "Alt+5")
    type_entry(qtbot, on_call, "Call Dana back by 19:00")
    ask_anything_else(qtbot, on_call)
    press(qtbot, on_call, "F8")

    # What is missing is read first.
    qtbot.waitUntil(lambda: on_call.call_flow.wrap_up_box is not None)
    box = on_call.call_flow.wrap_up_box
    assert box.icon() is QMessageBox.Icon.Information
    assert "Call Dana back by 19:00" in box.informativeText()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # "Wrap up" is the default

    qtbot.waitUntil(lambda: on_call.session.call is None)  # stored in line after the notes
    assert on_call.session.call is None
    texts = [e.text for e in ctx.timeline.entries(call.case_id)]
    assert not any(t.startswith("Call wrapped up with items missing") for t in texts)
    assert ctx.calls.rail_state(call.id).get("wrapped_up_anyway") is None


def test_f4_passes_over_a_step_already_done_by_what_was_captured(qtbot, on_call, ctx):
    done_before = sum(on_call.rail.done)
    press(qtbot, on_call, "Ctrl+E")  # the contact method, long before the guide asks for it
    on_call.card.method.setCurrentIndex(on_call.card.method.findData(ContactMethod.PHONE))
    qtbot.keyClick(on_call.card.method, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sum(on_call.rail.done) > done_before)  # the guide has read it
    steps = [on_call.rail.title_text]
    while "Anything else" not in steps[-1] and len(steps) < 12:
        press(qtbot, on_call, "F4")
        steps.append(on_call.rail.title_text)
    assert not any("How to keep them informed" in title for title in steps), steps
    assert "Step 7 of 11: Reassure" in steps


def test_f5_reads_the_cases_again_and_keeps_what_is_being_typed(qtbot, window, ctx, case):
    editor = window.timeline.note_input
    editor.setFocus()
    qtbot.keyClicks(editor, "Trucks leave at 16:00 and nothing is lab")
    ctx.cases.open_case(case.client_id, "Opened on another screen")  # F5 should show it

    qtbot.keyClick(editor, Qt.Key.Key_F5)

    qtbot.waitUntil(lambda: window.case_model.rowCount() == 2)
    qtbot.wait(200)  # every read F5 started has answered
    assert window.timeline.case_id == case.id
    assert editor.text() == "Trucks leave at 16:00 and nothing is lab"
    assert editor.hasFocus()
    window.issues.quick_add.setText("Scanners fr")  # a title half typed survives F5 too
    qtbot.keyClick(editor, Qt.Key.Key_F5)
    qtbot.wait(200)
    assert window.issues.quick_add.text() == "Scanners fr"
    assert editor.text() == "Trucks leave at 16:00 and nothing is lab"


def test_a_note_committed_while_the_call_is_being_stored_keeps_to_the_case_shown(
    qtbot, ctx, window, case
):
    """The start waits in line; what the agent types meanwhile is neither lost nor moved.

    A note committed before the call is stored belongs to the case shown when Enter was
    pressed, with no call (as a note typed before the phone rang); the next one, typed once
    the call is shown, belongs to the call and its case.
    """
    window.focus_editor()
    note_input = window.timeline.note_input
    started = window.session.start(
        CallChoice(number="", caller_name="Dana", client_id=case.client_id, case_title="Jams")
    )
    assert started and window.session.call is None, "the GUI thread did not wait"
    qtbot.keyClicks(note_input, "Typed before the call was stored")
    qtbot.keyClick(note_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.call is not None)
    call = window.session.call
    assert call.case_id != case.id
    qtbot.waitUntil(lambda: not window.timeline.pending_texts)
    [before] = [e for e in ctx.timeline.entries(case.id) if e.text.startswith("Typed before")]
    assert before.call_id is None
    assert not [e for e in ctx.timeline.entries(call.case_id) if e.text.startswith("Typed")]

    qtbot.waitUntil(lambda: window.header_text.startswith("Jams"))
    qtbot.keyClicks(note_input, "Typed on the call")
    qtbot.keyClick(note_input, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(e.text == "Typed on the call" for e in ctx.timeline.entries(call.case_id))
    )
    [on_call] = [e for e in ctx.timeline.entries(call.case_id) if e.text == "Typed on the call"]
    assert on_call.call_id == call.id


def test_f8_stops_the_call_bar_at_once_and_ends_the_call_once_stored(qtbot, ctx, window, case):
    window.session.start(CallChoice(number="", caller_name="Dana", case_id=case.id))
    qtbot.waitUntil(lambda: window.session.call is not None)
    call = window.session.call
    window.focus_editor()
    press(qtbot, window, "F8")
    # What is missing is read first.
    qtbot.waitUntil(lambda: window.call_flow.wrap_up_box is not None)
    next(b for b in window.call_flow.wrap_up_box.buttons() if b.text() == "&Wrap up anyway").click()
    assert window.call_bar.status_text == "No call", "the bar stops at once"
    assert window.session.ending
    window.call_flow.wrap_up_box = None
    window.activateWindow()  # offscreen does not hand activation back when the box closes
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, window, "F8")  # again while the end is in line: nothing more is asked
    assert window.call_flow.wrap_up_box is None
    qtbot.waitUntil(lambda: window.session.call is None)
    [stored] = ctx.calls.calls(case.id)
    assert stored.id == call.id and stored.ended_at is not None
    assert not window.session.ending


@pytest.mark.sqlite_only  # the backups of this desktop's file; a server has its own
def test_settings_say_what_the_backups_take_and_keep_a_new_budget(qtbot, window, ctx):
    from callnotes.recovery import daily_backup
    from callnotes.ui.shell.settings_dialog import SettingsDialog

    ctx.settings_store.save(ctx.settings.with_changes(agent_name="Vinh"))
    assert daily_backup(ctx) is not None
    press(qtbot, window, "Ctrl+,")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SettingsDialog))
    dialog = QApplication.activeModalWidget()
    # The backups folder is read off the GUI thread, then said.
    qtbot.waitUntil(lambda: "One copy takes" in dialog.backup_usage.text())
    assert "the newest is always kept" in dialog.backup_usage.text()
    assert dialog.backup_budget.value() == 5000

    dialog.backup_budget.setFocus()
    qtbot.keyClick(dialog.backup_budget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.backup_budget, "800")
    qtbot.keyClick(dialog.backup_budget, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: ctx.settings.backup_budget_mb == 800)


def test_the_team_database_is_chosen_in_settings_without_its_password(qtbot, window, ctx):
    from callnotes.ui.shell.settings_dialog import SettingsDialog

    ctx.settings_store.save(ctx.settings.with_changes(agent_name="Vinh"))
    press(qtbot, window, "Ctrl+,")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SettingsDialog))
    dialog = QApplication.activeModalWidget()
    field = dialog.team_database
    field.setFocus()
    qtbot.keyClicks(field, "postgresql://vinh:hunter2@db.example.org/callnotes")
    qtbot.keyClick(field, Qt.Key.Key_Return)

    assert "Leave the password out" in dialog.problem.text()
    assert dialog.isVisible() and ctx.settings.team_database == ""

    # An address where nothing answers: saved, and said at once, not at the next start.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once closed: nothing listens there
    address = f"postgresql://vinh@127.0.0.1:{port}/callnotes"
    field.selectAll()
    qtbot.keyClicks(field, address)
    qtbot.keyClick(field, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: ctx.settings.team_database == address)
    qtbot.waitUntil(lambda: window.banner.text().startswith("Saved, but "), timeout=30_000)
    assert f"127.0.0.1:{port} cannot be reached" in window.banner.text()
    assert "check the address in Settings (Ctrl+,)" in window.banner.text()


def test_the_guide_and_the_issue_list_agree_on_whether_the_order_was_agreed(qtbot, on_call, ctx):
    prioritise = [s.id for s in ctx.playbooks.get().steps].index("prioritise")
    press(qtbot, on_call, "Ctrl+2")  # the Issues tab, the new-issue line has the keyboard
    issues = on_call.issues
    qtbot.keyClicks(issues.quick_add, "Driver app logs users out")
    with qtbot.waitSignal(issues.issue_added):
        qtbot.keyClick(issues.quick_add, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: issues.order_text != "")
    qtbot.wait(100)  # what the call captured, read again off the GUI thread
    # One issue: the client has not agreed anything yet, and both say so.
    assert issues.order_text == "Order not yet agreed with the client"
    assert not on_call.rail.done[prioritise]

    with qtbot.waitSignal(issues.order_confirmed):  # the client agrees: Ctrl+Return
        qtbot.keyClick(issues.quick_add, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: on_call.rail.done[prioritise])
    assert issues.order_text.startswith("Order agreed with the client at ")


def test_wrap_up_anyway_has_a_key_of_its_own(qtbot, on_call, ctx):
    press(qtbot, on_call, "F8")
    # What is missing is read first.
    qtbot.waitUntil(lambda: on_call.call_flow.wrap_up_box is not None)
    box = on_call.call_flow.wrap_up_box
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    press(qtbot, box, "Alt+W")
    qtbot.waitUntil(lambda: on_call.session.call is None)  # wrapped up, in line after the notes
