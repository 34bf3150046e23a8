"""Removing an issue added by mistake, by keyboard, in the call window."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenu

from callnotes.domain.timeline import EntryKind
from callnotes.ui.shell.cheat_sheet import shortcut_rows
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.timeline.model import TEXT_COLUMN
from tests.ui.conftest import wait_filled
from tests.ui.keypress import choose_from_menu

THREE = ["Delivery labels do not print", "VAT export is wrong", "Tracking page is a day behind"]


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    for title in THREE:
        ctx.issues.add_issue(case.id, title)
    ctx.issues.confirm_order(case.id)
    main = MainWindow(ctx, state=window_state)
    qtbot.addWidget(main)
    wait_filled(qtbot, main)
    main.show()
    qtbot.waitExposed(main)
    main.tabs.setCurrentWidget(main.issues)
    qtbot.waitUntil(lambda: main.issues.model.rowCount() == 3)  # read off the GUI thread
    return main


def shown_titles(window: MainWindow) -> list[str]:
    return [issue.title for issue in window.issues.model.issues()]


def timeline_texts(window: MainWindow) -> list[str]:
    model = window.timeline.model
    return [model.index(row, TEXT_COLUMN).data() for row in range(model.rowCount())]


def open_removal_of_second(qtbot, window: MainWindow):
    """Select the second issue with the keyboard and press Delete."""
    view = window.issues.list_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.issues.editor.issue.title == THREE[1]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    dialog = window.issues.removal_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_delete_asks_why_then_removes_selects_the_next_and_records_it(qtbot, ctx, case, window):
    before = timeline_texts(window)

    dialog = open_removal_of_second(qtbot, window)

    question = dialog.findChild(QLabel, "removalQuestion")
    assert question.text() == "Remove “VAT export is wrong” from this case?"
    assert dialog.reason.text() == "added by mistake"
    assert dialog.reason.hasSelectedText(), "typing replaces the suggested reason"
    qtbot.keyClicks(dialog.reason, "a duplicate of the labels issue")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    # Removed off the GUI thread: the dialog closes (and goes) once it is.
    qtbot.waitUntil(lambda: window.issues.removal_dialog is None)
    assert shown_titles(window) == [THREE[0], THREE[2]]
    view = window.issues.list_view
    assert view.currentIndex().row() == 1, "the issue after the removed one is selected"
    assert window.issues.editor.issue.title == THREE[2]
    qtbot.waitUntil(view.hasFocus)  # back from the dialog
    assert [i.title for i in ctx.issues.issues(case.id)] == [THREE[0], THREE[2]]
    removal = "Removed issue “VAT export is wrong”: a duplicate of the labels issue"
    qtbot.waitUntil(lambda: timeline_texts(window) == [*before, removal])  # from the notice
    assert ctx.timeline.entries(case.id)[-1].kind is EntryKind.STATUS_CHANGE


def test_removing_the_last_issue_selects_the_one_before(qtbot, window):
    view = window.issues.list_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    dialog = window.issues.removal_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: shown_titles(window) == THREE[:2])  # removed off the GUI thread
    assert view.currentIndex().row() == 1
    removal = "Removed issue “Tracking page is a day behind”: added by mistake"
    qtbot.waitUntil(lambda: timeline_texts(window)[-1] == removal)  # from the change notice


def test_escape_keeps_the_issue(qtbot, ctx, case, window):
    before = timeline_texts(window)

    dialog = open_removal_of_second(qtbot, window)
    qtbot.keyClicks(dialog.reason, "slip")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.issues.removal_dialog is None
    assert shown_titles(window) == THREE
    assert window.issues.list_view.currentIndex().row() == 1
    assert [i.title for i in ctx.issues.issues(case.id)] == THREE
    assert timeline_texts(window) == before


def test_a_refusal_is_shown_in_the_dialog_and_changes_nothing(qtbot, ctx, case, window):
    vat = ctx.issues.issues(case.id)[1]
    ctx.timeline.add_entry(
        case.id, "I will call you back about the VAT export.", EntryKind.COMMITMENT,
        issue_id=vat.id,
    )  # fmt: skip
    window.timeline.reload()
    promise = "I will call you back about the VAT export."
    qtbot.waitUntil(lambda: promise in timeline_texts(window))  # read off the GUI thread
    before = timeline_texts(window)

    dialog = open_removal_of_second(qtbot, window)
    qtbot.keyClicks(dialog.reason, "a duplicate")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    qtbot.waitUntil(  # refused off the GUI thread
        lambda: (
            dialog.problem_text
            == "“VAT export is wrong” can't be removed: it is referred to by 1 open promise."
        )
    )
    assert dialog.isVisible(), "the dialog stays, saying why"
    assert dialog.reason.text() == "a duplicate", "what was typed is kept"
    assert not dialog.remove_button.isEnabled()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert shown_titles(window) == THREE
    assert [i.title for i in ctx.issues.issues(case.id)] == THREE
    assert timeline_texts(window) == before


# The offscreen platform cannot grab the keyboard for a popup; a real one can.
@pytest.mark.qt_log_ignore("This plugin does not support", extend=True)
def test_the_list_context_menu_offers_removal(qtbot, window):
    view = window.issues.list_view
    point = view.visualRect(window.issues.model.index(0, 0)).center()
    view.customContextMenuRequested.emit(point)
    menu = window.issues.findChild(QMenu)
    assert menu is not None and menu.isVisible()
    assert [a.text() for a in menu.actions()] == ["&Remove issue…"]
    qtbot.keyClick(menu, Qt.Key.Key_R)  # its mnemonic, as with the menu key on a keyboard
    dialog = window.issues.removal_dialog
    assert dialog is not None and dialog.issue.title == THREE[0]
    menu.close()
    dialog.reject()


def test_the_case_menu_and_the_shortcut_list_offer_the_removal(qtbot, window):
    offered = [a.text().replace("&", "") for a in window.menus.case.actions()]
    assert offered[0] == "Remove issue…\tDel"  # the key shown: it works in the list
    window.issues.list_view.setCurrentIndex(window.issues.model.index(2, 0))
    choose_from_menu(qtbot, window, "Alt+A", window.menus.case.actions()[0])  # Case ▸ Remove
    dialog = window.issues.removal_dialog
    assert dialog is not None
    assert dialog.findChild(QLabel, "removalQuestion").text() == (
        "Remove “Tracking page is a day behind” from this case?"
    )
    dialog.reject()
    assert ("Remove issue", "Del") in shortcut_rows(window.menus.all_actions())


def test_delete_with_the_case_menu_open_removes_nothing(qtbot, window):
    window.issues.list_view.setCurrentIndex(window.issues.model.index(2, 0))
    menu = window.menus.case
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    # The menu holds "Remove issue… Del": Qt took Delete for it while the menu was on screen,
    # and the question (Remove the default, a reason filled in) was one Enter from removing.
    qtbot.keyClick(menu, Qt.Key.Key_Delete)
    assert window.issues.removal_dialog is None
    menu.close()
    assert [i.title for i in window.issues.model.issues()] == THREE
