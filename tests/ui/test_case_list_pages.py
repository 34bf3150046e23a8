"""The case list read a page at a time as the agent reaches its end with the keyboard."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import event

from callnotes.app import AppContext
from callnotes.domain.cases import CaseSummary
from callnotes.ui.cases.list_feed import FIRST_CASES
from callnotes.ui.cases.list_model import CASE_ID_ROLE, PAGE_SIZE
from callnotes.ui.shell.main_window import CASES_TAB, MainWindow
from tests.ui.conftest import shown_window

CASES = FIRST_CASES + PAGE_SIZE + 10  # the first cases read, one page, and a few more


@pytest.fixture
def cases(ctx: AppContext) -> list[CaseSummary]:
    """Cases opened one after the other: the newest is last here, first in the list."""
    client = ctx.clients.create_client("Northwind Logistics")
    return [ctx.cases.open_case(client.id, f"Case {n:03}") for n in range(CASES)]


def _listed(window: MainWindow) -> list[int]:
    model = window.case_model
    return [model.case_at(row).id for row in range(model.rowCount())]


def _case_list_focused(qtbot, window: MainWindow):
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == CASES_TAB)
    view = window.case_list
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    return view


def test_end_reads_the_next_page_and_end_again_goes_on_into_it(
    qtbot, ctx: AppContext, cases: list[CaseSummary], window_state
) -> None:
    window = shown_window(qtbot, ctx, window_state)
    model = window.case_model
    assert model.rowCount() == FIRST_CASES  # only the first cases are read at start
    view = _case_list_focused(qtbot, window)

    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == FIRST_CASES - 1  # the last read so far…
    qtbot.waitUntil(lambda: model.rowCount() == FIRST_CASES + PAGE_SIZE)  # …and the next page
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == FIRST_CASES + PAGE_SIZE - 1
    qtbot.waitUntil(lambda: model.rowCount() == CASES)
    qtbot.keyClick(view, Qt.Key.Key_End)

    assert view.currentIndex().data(CASE_ID_ROLE) == cases[0].id  # the oldest, at the end
    qtbot.waitUntil(lambda: window.shown_case_id() == cases[0].id)
    assert _listed(window) == [case.id for case in reversed(cases)]  # in order, each once
    assert not model.canFetchMore(QModelIndex())  # nothing older to read


def test_page_down_at_the_last_case_read_goes_on_once_the_next_page_is_in(
    qtbot, ctx: AppContext, cases: list[CaseSummary], window_state
) -> None:
    window = shown_window(qtbot, ctx, window_state, size=(440, 700))
    model = window.case_model
    view = _case_list_focused(qtbot, window)

    for _ in range(FIRST_CASES):  # a screenful at a time, to the last case read
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
        if view.currentIndex().row() == FIRST_CASES - 1:
            break
    assert view.currentIndex().row() == FIRST_CASES - 1
    qtbot.waitUntil(lambda: model.rowCount() == FIRST_CASES + PAGE_SIZE)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)

    assert view.currentIndex().row() > FIRST_CASES - 1
    assert view.currentIndex().data(CASE_ID_ROLE) == cases[CASES - 1 - view.currentIndex().row()].id


def test_a_case_beyond_the_cases_read_is_shown_and_its_pages_come_before_it(
    qtbot, ctx: AppContext, cases: list[CaseSummary], window_state
) -> None:
    window = shown_window(qtbot, ctx, window_state)
    model = window.case_model
    oldest = cases[0]

    assert not window.select_case(oldest.id)  # not read yet: read, then shown
    qtbot.waitUntil(lambda: window.shown_case_id() == oldest.id)
    assert oldest.title in window.header_text
    # At its place in the order: after every case read (the pages between come as read).
    assert model.row_of(oldest.id) == model.rowCount() - 1 == model.pages_length
    view = _case_list_focused(qtbot, window)
    qtbot.keyClick(view, Qt.Key.Key_F5)  # read again: the chosen case stays listed and shown
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert window.shown_case_id() == oldest.id
    assert model.row_of(oldest.id) == model.rowCount() - 1

    _read_to_the_end(qtbot, view, model)

    assert _listed(window) == [case.id for case in reversed(cases)]  # each once, in order
    assert view.currentIndex().data(CASE_ID_ROLE) == oldest.id  # still on it


def _read_to_the_end(qtbot, view, model) -> None:
    """End, as often as it takes for every case to be read."""
    while model.has_more or model.reading:
        count = model.rowCount()
        qtbot.keyClick(view, Qt.Key.Key_End)
        qtbot.waitUntil(lambda count=count: model.rowCount() > count or not model.has_more)


def test_a_note_on_a_case_not_read_yet_brings_it_first(
    qtbot, ctx: AppContext, cases: list[CaseSummary], window_state
) -> None:
    window = shown_window(qtbot, ctx, window_state)
    model = window.case_model
    shown = window.shown_case_id()
    oldest = cases[0]

    ctx.timeline.add_entry(oldest.id, "The client called back about the oldest case.")

    qtbot.waitUntil(lambda: model.rowCount() == FIRST_CASES + 1)
    assert model.case_at(0).id == oldest.id
    assert window.shown_case_id() == shown  # the agent's case stays shown
    view = _case_list_focused(qtbot, window)
    _read_to_the_end(qtbot, view, model)  # it is not listed twice
    assert _listed(window) == [oldest.id] + [case.id for case in reversed(cases[1:])]


def test_find_names_a_case_not_read_yet_and_enter_shows_it(
    qtbot, ctx: AppContext, cases: list[CaseSummary], window_state
) -> None:
    from tests.ui.test_search_popup import open_search, search_for, shown

    oldest = cases[0]
    window = shown_window(qtbot, ctx, window_state)
    assert window.case_model.row_of(oldest.id) is None  # beyond the cases read
    popup = open_search(qtbot, window)

    search_for(qtbot, popup, oldest.title)

    assert [(r["kind"], r["text"]) for r in shown(popup)] == [("Case", oldest.title)]
    qtbot.keyClick(popup.query_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.shown_case_id() == oldest.id)
    assert window.case_model.row_of(oldest.id) is not None


def test_a_page_that_cannot_be_read_says_so_and_end_reads_it_once_the_database_answers(
    qtbot, ctx: AppContext, cases: list[CaseSummary], window_state
) -> None:
    window = shown_window(qtbot, ctx, window_state)
    model = window.case_model
    view = _case_list_focused(qtbot, window)
    tries: list[str] = []

    def unreadable(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "case_activity" in statement:
            tries.append(statement)
            if ctx.db.is_sqlite:
                raise sqlite3.OperationalError("disk I/O error")
            raise psycopg.errors.DiskFull("could not read block: No space left on device")

    event.listen(ctx.db.engine, "before_cursor_execute", unreadable)
    try:
        with qtbot.waitSignal(model.page_failed):
            qtbot.keyClick(view, Qt.Key.Key_End)
        qtbot.wait(300)  # the view may ask once more, and fail the same way, but not go on
        assert 1 <= len(tries) <= 2
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", unreadable)
    assert window.banner.isVisible()
    # The reason, in the window; nothing was being saved, so it does not say "Not saved".
    assert window.banner.text().startswith("Could not read: the ")
    assert model.rowCount() == FIRST_CASES  # what was read stays

    qtbot.keyClick(view, Qt.Key.Key_End)  # the database answers again: the page comes in
    qtbot.waitUntil(lambda: model.rowCount() == FIRST_CASES + PAGE_SIZE)
