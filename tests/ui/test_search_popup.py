"""Finding a client or a past issue from the call window, by keyboard (Ctrl+F)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from callnotes.errors import DatabaseLockedError
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.search.popup import SearchActions, SearchPopup
from callnotes.ui.search.result_model import (
    DATE_ROLE,
    DETAIL_ROLE,
    KIND_ROLE,
    SPANS_ROLE,
    TEXT_ROLE,
)
from callnotes.ui.search.results import ResultKind
from callnotes.ui.shell.main_window import ISSUES_TAB, TIMELINE_TAB, MainWindow
from callnotes.ui.timeline.model import TEXT_COLUMN
from tests.ui.conftest import wait_filled
from tests.ui.keypress import press

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def courier(ctx, case):
    """A second client with a past case: an issue and notes about blank labels."""
    client = ctx.clients.create_client("Brightline Couriers", timezone="Europe/London")
    past = ctx.cases.open_case(client.id, "Depot printers offline")
    ctx.issues.add_issue(past.id, "Scanner batteries drain by noon")
    leeds = ctx.issues.add_issue(
        past.id, "Shipping labels print blank at the Leeds depot", client_words="All blank."
    )
    note = ctx.timeline.add_entry(
        past.id, "Rolled the labels template back to the old size; the spooler restarted itself."
    )
    ctx.timeline.add_entry(past.id, "Depot manager confirmed printing works.")
    return {"client": client, "case": past, "issue": leeds, "note": note}


@pytest.fixture
def window(qtbot, ctx, case, courier, window_state) -> MainWindow:
    main = MainWindow(ctx, state=window_state)
    qtbot.addWidget(main)
    wait_filled(qtbot, main)
    main.show()
    qtbot.waitExposed(main)
    assert main.select_case(case.id)
    main.focus_editor()
    return main


def open_search(qtbot, window) -> SearchPopup:
    window.activateWindow()  # offscreen does not hand activation back when a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_F, CTRL)
    popup = window.areas.search.popup
    assert popup is not None and popup.isVisible()
    popup.activateWindow()  # offscreen does not activate a window shown from a shortcut
    qtbot.waitUntil(popup.isActiveWindow)
    assert popup.query_field.hasFocus()
    return popup


def search_for(qtbot, popup: SearchPopup, words: str) -> None:
    popup.query_field.selectAll()
    qtbot.keyClicks(popup.query_field, words)
    qtbot.waitUntil(lambda: not popup.searching)


def shown(popup: SearchPopup) -> list[dict[str, str]]:
    """What each row of the list says."""
    model = popup.results_view.model()
    roles = {"kind": KIND_ROLE, "text": TEXT_ROLE, "where": DETAIL_ROLE, "date": DATE_ROLE}
    return [
        {name: model.index(row, 0).data(role) for name, role in roles.items()}
        for row in range(model.rowCount())
    ]


def test_typing_shows_notes_issues_and_cases_of_several_clients(qtbot, window):
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "labels")
    rows = shown(popup)
    assert {
        "kind": "Client said",  # the entry's own kind
        "text": "No delivery labels print since this morning.",
        "where": "Northwind Logistics · Warehouse cannot print delivery labels",
        "date": "2 Mar 2026",
    } in rows
    assert {
        "kind": "Issue",
        "text": "Shipping labels print blank at the Leeds depot",
        "where": "Brightline Couriers · Depot printers offline",
        "date": "2 Mar 2026",
    } in rows
    assert any(r["kind"] == "Note" and r["where"].startswith("Brightline") for r in rows)
    assert rows[0]["kind"] == "Case"  # the case named after the words comes first
    assert rows[0]["text"] == "Warehouse cannot print delivery labels"
    assert popup.status_text == "1 case, 1 issue, 2 notes"


def test_a_client_is_found_by_name_even_when_no_note_names_it(qtbot, window, courier):
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "brightl")
    assert [(r["kind"], r["text"], r["where"]) for r in shown(popup)] == [
        ("Case", "Depot printers offline", "Brightline Couriers")
    ]


def test_a_contacts_phone_number_finds_the_clients_case_and_says_whose_it_is(
    qtbot, ctx, window, case, courier
):
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    window.timeline.note_input.setFocus()
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "020 7946 0321")  # as the client gives it; the agent is in the US
    assert [(r["kind"], r["text"], r["where"]) for r in shown(popup)] == [
        (
            "Case",
            "Warehouse cannot print delivery labels",
            "Dana Whitfield, +44 20 7946 0321 · Northwind Logistics",
        )
    ]
    assert popup.status_text == "1 case"
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Escape)
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "whitf")
    assert [r["where"] for r in shown(popup)] == ["Dana Whitfield · Northwind Logistics"]


def test_down_and_enter_open_the_note_in_its_case_selected_on_the_timeline(
    qtbot, ctx, window, case, courier
):
    ctx.timeline.add_entry(case.id, "Spooler stuck since 06:10.")
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "spooler")
    results = popup.results()
    assert [r.case_id for r in results] == [case.id, courier["case"].id]  # shorter note first
    assert popup.current_result() == results[0]
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Down)
    chosen = popup.current_result()
    assert chosen == results[1] and chosen.item_id == courier["note"].id
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Return)

    assert window.timeline.case_id == chosen.case_id
    assert window.tabs.currentIndex() == TIMELINE_TAB
    table = window.timeline.table_view
    qtbot.waitUntil(lambda: table.currentIndex().isValid())  # once the case has been read
    row = table.currentIndex().row()
    assert table.selectionModel().isRowSelected(row)
    assert table.model().index(row, TEXT_COLUMN).data() == chosen.text
    assert chosen.case_title in popup.outcome_text
    assert popup.isVisible()  # the next result is one key away


def test_an_issue_result_opens_the_issues_tab_on_that_issue(qtbot, window, courier):
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "leeds")
    assert popup.current_result().kind is ResultKind.ISSUE
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == ISSUES_TAB
    assert window.issues.case_id == courier["case"].id
    qtbot.waitUntil(lambda: window.issues.editor.issue is not None)  # the list read first
    editor_issue = window.issues.editor.issue
    assert editor_issue is not None and editor_issue.id == courier["issue"].id
    assert window.issues.list_view.currentIndex().row() == 1  # not simply the first issue

    qtbot.keyClick(popup.query_field, Qt.Key.Key_Escape)
    assert window.focusWidget() is window.issues.list_view


def test_enter_typed_before_the_results_opens_the_best_match_once_they_come(qtbot, window, courier):
    popup = open_search(qtbot, window)
    qtbot.keyClicks(popup.query_field, "leeds")
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Return)  # no pause: the search has not run
    qtbot.waitUntil(lambda: window.issues.case_id == courier["case"].id)
    assert window.tabs.currentIndex() == ISSUES_TAB
    qtbot.waitUntil(lambda: window.issues.editor.issue is not None)  # the list read first
    assert window.issues.editor.issue.id == courier["issue"].id


def test_no_match_says_so_and_an_empty_query_shows_nothing(qtbot, window):
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "zebra crossing")
    assert popup.results() == []
    assert popup.status_text == (
        "Nothing found for “zebra crossing”. Try fewer words, or just the start of one."
    )
    popup.query_field.clear()
    assert popup.results() == []
    assert popup.status_text.startswith("Type a client's name")


def test_only_this_client_narrows_the_results(qtbot, window, case):
    popup = open_search(qtbot, window)
    assert popup.scope_box.isVisible()
    # Alt+L: Alt+O is the older matches' key (the two made Qt do neither).
    assert popup.scope_box.text() == "On&ly Northwind Logistics"
    search_for(qtbot, popup, "labels")
    assert any(r.client_name == "Brightline Couriers" for r in popup.results())
    press(qtbot, popup, "Alt+L")
    qtbot.waitUntil(popup.scope_box.isChecked)  # clicked as a mouse click shows, soon after
    qtbot.waitUntil(lambda: all(r.client_id == case.client_id for r in popup.results()))
    assert popup.results() != []
    # The keys stay in the query: the agent narrows, then types on.
    assert QApplication.focusWidget() is popup.query_field
    qtbot.keyClicks(QApplication.focusWidget(), " printed")
    assert popup.query_field.text() == "labels printed"
    press(qtbot, popup, "Alt+L")  # and widens again the same way
    qtbot.waitUntil(lambda: not popup.scope_box.isChecked())
    assert QApplication.focusWidget() is popup.query_field
    press(qtbot, popup, "Tab")  # the keyboard still reaches the box itself
    assert QApplication.focusWidget() is popup.scope_box


def test_escape_closes_and_the_cursor_is_back_in_the_note_editor(qtbot, window):
    qtbot.keyClicks(window.timeline.note_input, "Trucks leave at 16")
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "labels")
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert window.focusWidget() is window.timeline.note_input
    assert window.timeline.note_input.text() == "Trucks leave at 16"


def test_a_result_gone_since_the_search_says_so_once_its_case_has_been_read(
    qtbot, ctx, window, courier
):
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "leeds")
    assert popup.current_result().kind is ResultKind.ISSUE
    ctx.issues.remove_issue(courier["issue"].id, "Entered twice")  # meanwhile, elsewhere
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Return)

    assert window.issues.case_id == courier["case"].id
    qtbot.waitUntil(lambda: "That issue is no longer on it." in popup.outcome_text)
    assert "Showing “Depot printers offline”, Brightline Couriers." in popup.outcome_text
    assert popup.isVisible()


def test_during_a_call_another_case_opens_and_the_popup_says_the_call_goes_on(
    qtbot, ctx, window, case, courier
):
    window.session.start(CallChoice(number="", caller_name="Dana", case_id=case.id))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    call = window.session.call
    qtbot.keyClicks(window.timeline.note_input, "She is reading the error out")
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "leeds")
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Return)

    assert window.issues.case_id == courier["case"].id
    assert window.session.call == call  # the call goes on
    assert "still on the call about “Warehouse cannot print delivery labels”" in (
        popup.outcome_text
    )
    qtbot.waitUntil(  # the draft is stored in line, off the window's thread
        lambda: ctx.drafts.load(f"note:case:{case.id}") == "She is reading the error out"
    )
    assert popup.back_button.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert window.timeline.case_id == case.id
    qtbot.waitUntil(lambda: window.timeline.note_input.text() == "She is reading the error out")
    assert not popup.back_button.isVisible()


def test_an_older_slower_answer_never_replaces_a_newer_one(qtbot, ctx, case):
    ctx.timeline.add_entry(case.id, "Laboratory printer in room 4 is fine.")
    assert len(ctx.search.search("lab")) == 2  # the older words find more than the newer
    started, release = threading.Event(), threading.Event()

    def search(query, client_id, older):
        if query == "lab":
            started.set()
            release.wait(10)
        return ctx.search.search_page(query, client_id=client_id, below=older)

    runner = TaskRunner()
    popup = SearchPopup(SearchActions(search=search, cases=lambda: []), runner)
    qtbot.addWidget(popup)
    popup.show()
    try:
        qtbot.keyClicks(popup.query_field, "lab")
        qtbot.waitUntil(started.is_set)
        qtbot.keyClicks(popup.query_field, "els")
        qtbot.waitUntil(lambda: popup.results() != [])
        newer = popup.results()
        release.set()
        runner.wait_for_done()
        QCoreApplication.processEvents()  # the older answer arrives, and is dropped
        assert popup.results() == newer
        assert all("Laboratory" not in r.text for r in popup.results())
        assert popup.status_text == "1 note"
    finally:
        release.set()
        runner.shutdown()


def test_a_storage_problem_is_a_message_not_a_traceback(qtbot, ctx, case):
    def search(query, client_id, older):
        raise DatabaseLockedError("The database is busy; try again in a moment.")

    runner = TaskRunner()
    popup = SearchPopup(SearchActions(search=search, cases=lambda: []), runner)
    qtbot.addWidget(popup)
    popup.show()
    try:
        qtbot.keyClicks(popup.query_field, "labels")
        qtbot.waitUntil(lambda: popup.status_text.startswith("Search did not work"))
        assert popup.status_text == (
            "Search did not work: The database is busy; try again in a moment."
        )
        assert popup.results() == []
    finally:
        runner.shutdown()


def test_closing_the_window_closes_the_search_before_it_runs(qtbot, window):
    popup = open_search(qtbot, window)
    qtbot.keyClicks(popup.query_field, "labels")  # the search waits for a pause in typing
    window.close()
    assert not popup.isVisible()
    assert not popup.searching


def test_the_shortcut_is_in_the_view_menu(window):
    action = window.areas.search.action
    assert action.shortcut().toString() == "Ctrl+F"
    assert window.menus.view.actions()[0] is action
    assert action in window.menus.all_actions()  # listed on the F1 sheet


def test_a_timeline_entry_is_named_by_its_kind(qtbot, ctx, window, courier):
    from callnotes.domain.timeline import EntryKind

    ctx.timeline.add_entry(
        courier["case"].id, "Agreed to swap the spooler for the depot", EntryKind.DECISION
    )
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "spooler")
    kinds = {row["text"]: row["kind"] for row in shown(popup)}
    assert kinds["Agreed to swap the spooler for the depot"] == "Decision"
    assert kinds[courier["note"].text] == "Note"


def test_older_matches_beyond_the_ranked_window_are_said_and_reached_with_alt_o(
    qtbot, ctx, case, monkeypatch
):
    for number in range(7):
        ctx.timeline.add_entry(case.id, f"Pallet {number} scanned twice at the depot")
    service = ctx.search
    index = service._index
    monkeypatch.setattr(index, "_window", 3)  # the app ranks the newest 10,000
    runner = TaskRunner()
    actions = SearchActions(
        search=lambda query, client_id, older: service.search_page(
            query, client_id=client_id, below=older
        ),
        cases=lambda: [],
    )
    popup = SearchPopup(actions, runner)
    qtbot.addWidget(popup)
    popup.show()
    try:
        qtbot.keyClicks(popup.query_field, "pallet")
        qtbot.waitUntil(lambda: popup.status_text.startswith("3 notes"))
        assert (
            "the best of the newest matches (up to 10,000); older ones: Alt+O" in popup.status_text
        )
        newest = {r.text for r in popup.results()}
        assert newest == {f"Pallet {n} scanned twice at the depot" for n in (4, 5, 6)}

        qtbot.keyClick(popup.query_field, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: {r.text for r in popup.results()} != newest)
        assert {r.text for r in popup.results()} == {
            f"Pallet {n} scanned twice at the depot" for n in (1, 2, 3)
        }
        assert "older matches, the best of the next (up to 10,000)" in popup.status_text

        qtbot.keyClick(popup.query_field, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: popup.status_text.endswith("the oldest matches"))
        assert [r.text for r in popup.results()] == ["Pallet 0 scanned twice at the depot"]
    finally:
        runner.shutdown()


def test_a_number_typed_as_its_country_writes_it_finds_the_note_that_wrote_it_otherwise(
    qtbot, ctx, window, courier
):
    ctx.settings_store.save(ctx.settings.with_changes(default_region="GB"))
    ctx.timeline.add_entry(courier["case"].id, "Depot manager's mobile: +44 20 7946 0321")
    popup = open_search(qtbot, window)
    search_for(qtbot, popup, "020 7946 0321")
    assert [row["text"] for row in shown(popup)] == ["Depot manager's mobile: +44 20 7946 0321"]
    assert shown(popup)[0]["where"] == "Brightline Couriers · Depot printers offline"
    # The groups found are the ones marked in the row.
    text = shown(popup)[0]["text"]
    spans = popup.results_view.model().index(0, 0).data(SPANS_ROLE)
    assert [text[start : start + length] for start, length in spans] == ["7946", "0321"]
