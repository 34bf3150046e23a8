"""The issue form under a real mouse wheel and a real keyboard, and the header that follows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.ui.common.task_runner import SynchronousTaskRunner
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.panel import IssuePanel
from callnotes.ui.shell.application import application
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.wheel_guard import install_wheel_guard
from tests.ui.conftest import wait_filled

TITLES = ["Delivery labels do not print", "Driver app logs users out", "VAT export is wrong"]


@pytest.fixture(autouse=True)
def _the_apps_own_application(qapp):
    """The QApplication set up as the app sets it up, with the wheel guard the main window
    installs once it is attached."""
    assert application([]) is qapp
    install_wheel_guard(qapp)


@pytest.fixture
def actions(ctx) -> IssueActions:
    return IssueActions.from_services(ctx.issues, ctx.clients)


def make_panel(qtbot, actions, case, *, width=420, height=560) -> IssuePanel:
    panel = IssuePanel(actions, SynchronousTaskRunner())
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    qtbot.waitExposed(panel)
    activate(qtbot, panel)
    panel.show_case(case.id)
    return panel


def details_of(panel: IssuePanel) -> QScrollArea:
    """Where the selected issue's fields scroll."""
    scroll = panel.findChild(QScrollArea, "issueDetails")
    assert scroll is not None
    return scroll


def activate(qtbot, window: QWidget) -> None:
    """Give *window* the keyboard, as the window manager does when it is shown."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def add_by_keyboard(qtbot, panel: IssuePanel, titles: list[str]) -> None:
    panel.quick_add.setFocus()
    for title in titles:
        with qtbot.waitSignal(panel.issue_added):
            qtbot.keyClicks(panel.quick_add, title)
            qtbot.keyClick(panel.quick_add, Qt.Key.Key_Return)


def wheel(widget: QWidget, *, notches: int = -1) -> None:
    """Turn the wheel with the pointer over the middle of *widget*, as Qt delivers a real one:
    to the widget under the pointer (a date edit's inner line, say), then up to its parents
    until one accepts it."""
    window = widget.window()
    at_window = widget.mapTo(window, widget.rect().center())
    receiver: QWidget | None = window.childAt(at_window) or window
    while receiver is not None:
        local = receiver.mapFrom(window, at_window)
        event = QWheelEvent(
            QPointF(local),
            QPointF(receiver.mapToGlobal(local)),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(receiver, event)
        if event.isAccepted() or receiver.isWindow():
            return
        receiver = receiver.parentWidget()


def shown_in(scroll: QScrollArea, widget: QWidget) -> bool:
    """Whether all of *widget* is inside the scroll area's visible part."""
    viewport = scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(top_left) and viewport.rect().contains(
        top_left + QPoint(widget.width() - 1, widget.height() - 1)
    )


# The mouse wheel ---------------------------------------------------------------------------


def test_the_wheel_over_impact_scrolls_the_form_and_leaves_the_rating(qtbot, ctx, case, actions):
    panel = make_panel(qtbot, actions, case)
    add_by_keyboard(qtbot, panel, TITLES[:1])
    issue = panel.editor.issue
    actions.update_issue(issue.id, impact=Impact.WHOLE_BUSINESS, urgency=Urgency.CRITICAL)
    panel.reload()
    form = panel.editor.form
    assert form.chosen_impact() is Impact.WHOLE_BUSINESS
    panel.list_view.setFocus()  # the agent is in the list; the pointer passes over the form
    scroll = details_of(panel)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the form is taller than its room
    scroll.ensureWidgetVisible(form.impact, 0, 0)
    before = bar.value()

    for _ in range(3):
        wheel(form.impact, notches=-1)  # towards "One user"
    qtbot.wait(20)

    assert form.chosen_impact() is Impact.WHOLE_BUSINESS
    assert form.impact.currentText() == form.impact.itemText(form.impact.currentIndex())
    assert ctx.issues.issues(case.id)[0].impact is Impact.WHOLE_BUSINESS
    assert ctx.issues.issues(case.id)[0].priority == 1
    assert bar.value() > before, "the wheel scrolls the form instead"


def test_the_wheel_over_a_date_without_focus_changes_nothing(qtbot, ctx, case, actions):
    panel = make_panel(qtbot, actions, case)
    add_by_keyboard(qtbot, panel, TITLES[:1])
    form = panel.editor.form
    form.deadline.check_box.setFocus()
    qtbot.keyClick(form.deadline.check_box, Qt.Key.Key_Space)  # the deadline is known now
    with qtbot.waitSignal(panel.editor.issue_saved, timeout=3000):
        pass
    stored = ctx.issues.issues(case.id)[0].deadline
    assert stored is not None
    panel.list_view.setFocus()
    shown = form.deadline.editor.dateTime()
    details_of(panel).ensureWidgetVisible(form.deadline, 0, 0)

    for _ in range(3):
        wheel(form.deadline.editor, notches=1)
    qtbot.wait(1200)  # longer than the save's longest wait

    assert form.deadline.editor.dateTime() == shown
    assert ctx.issues.issues(case.id)[0].deadline == stored


def test_a_field_with_focus_still_answers_the_wheel(qtbot, ctx, case, actions):
    panel = make_panel(qtbot, actions, case)
    add_by_keyboard(qtbot, panel, TITLES[:1])
    form = panel.editor.form
    details_of(panel).ensureWidgetVisible(form.urgency, 0, 0)
    form.urgency.setFocus()

    wheel(form.urgency, notches=-1)

    assert form.urgency.currentIndex() == 1, "chosen on purpose: the agent is in the field"
    assert ctx.issues.issues(case.id)[0].urgency is form.chosen_urgency()


def test_every_value_field_in_any_window_is_guarded(qtbot):
    """Not only the issue form: a spin box and a combo box anywhere, inside any scroll area."""
    outer = QScrollArea()
    qtbot.addWidget(outer)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    spin = QSpinBox(inner)
    spin.setValue(5)
    combo = QComboBox(inner)
    combo.addItems(["one", "two", "three"])
    layout.addWidget(spin)
    layout.addWidget(combo)
    layout.addSpacing(2000)
    outer.setWidget(inner)
    outer.resize(300, 200)
    outer.show()
    qtbot.waitExposed(outer)
    qtbot.waitUntil(lambda: outer.verticalScrollBar().maximum() > 0)

    wheel(spin, notches=1)
    wheel(combo, notches=-1)

    assert spin.value() == 5 and combo.currentIndex() == 0
    assert outer.verticalScrollBar().value() > 0
    assert spin.focusPolicy() == combo.focusPolicy() == Qt.FocusPolicy.StrongFocus


# The keyboard ------------------------------------------------------------------------------


def test_tab_into_the_title_shows_it_and_keeps_its_words(qtbot, ctx, case, actions):
    panel = make_panel(qtbot, actions, case)
    add_by_keyboard(qtbot, panel, TITLES[:2])
    scroll = details_of(panel)
    bar = scroll.verticalScrollBar()
    form = panel.editor.form
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # the agent read the bottom of the second issue
    assert not shown_in(scroll, form.title)

    # Another issue, chosen by keys in the list: its form starts at the top.
    panel.list_view.setFocus()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Up)
    assert panel.editor.issue.title == TITLES[0]
    assert bar.value() == 0
    bar.setValue(bar.maximum())

    # Tab from the quick-add line on to the title, wherever the form was scrolled.
    panel.quick_add.setFocus()
    for _ in range(12):
        if form.title.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert form.title.hasFocus()
    assert shown_in(scroll, form.title)
    assert not form.title.hasSelectedText()
    assert form.title.cursorPosition() == len(TITLES[0])

    qtbot.keyClicks(form.title, " on every station")
    qtbot.keyClick(form.title, Qt.Key.Key_Tab)
    assert ctx.issues.issues(case.id)[0].title == TITLES[0] + " on every station"


def test_enter_on_an_issue_puts_the_cursor_after_its_title(qtbot, ctx, case, actions):
    panel = make_panel(qtbot, actions, case)
    add_by_keyboard(qtbot, panel, TITLES[:1])
    panel.list_view.setFocus()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Return)
    title = panel.editor.form.title
    assert title.hasFocus() and not title.hasSelectedText()
    qtbot.keyClicks(title, "!")
    assert title.text() == TITLES[0] + "!"


def test_every_field_reached_by_tab_comes_into_view(qtbot, ctx, case, actions):
    panel = make_panel(qtbot, actions, case, height=420)
    add_by_keyboard(qtbot, panel, TITLES[:1])
    form = panel.editor.form
    scroll = details_of(panel)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)
    form.title.setFocus()
    seen = []
    for _ in range(30):
        widget = QApplication.focusWidget()
        if widget is None or not panel.editor.isAncestorOf(widget):
            break
        if widget.isVisible() and widget.height() < scroll.viewport().height():
            assert shown_in(scroll, widget), widget.accessibleName() or widget.objectName()
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert form.root_cause in seen


# Unset dates -------------------------------------------------------------------------------


def test_an_unset_date_reads_not_set(qtbot, ctx, case, actions):
    panel = make_panel(qtbot, actions, case)
    add_by_keyboard(qtbot, panel, TITLES[:1])
    form = panel.editor.form
    for field in (form.deadline, form.first_noticed, form.eta):
        assert field.editor.text() == "not set"
        assert "2000" not in field.editor.text()
    form.deadline.check_box.setFocus()
    qtbot.keyClick(form.deadline.check_box, Qt.Key.Key_Space)
    assert form.deadline.editor.text() != "not set"
    qtbot.keyClick(form.deadline.check_box, Qt.Key.Key_Space)
    assert form.deadline.editor.text() == "not set"


# The case header ---------------------------------------------------------------------------


def test_the_case_header_counts_the_open_issues_as_they_change(qtbot, ctx, case, window_state):
    window = MainWindow(ctx, state=window_state)
    qtbot.addWidget(window)
    wait_filled(qtbot, window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    assert "No open issues" in window.header_text
    panel = window.issues
    window.tabs.setCurrentWidget(panel)

    add_by_keyboard(qtbot, panel, TITLES)
    qtbot.waitUntil(lambda: "3 open issues" in window.header_text)  # read on the runner

    # The first issue is fixed: chosen by keys in its status list.
    panel.list_view.setFocus()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Home)
    status = panel.editor.form.status
    status.setFocus()
    resolved = status.findData(IssueStatus.RESOLVED.value)
    with qtbot.waitSignal(panel.timeline_changed):
        for _ in range(resolved - status.currentIndex()):
            qtbot.keyClick(status, Qt.Key.Key_Down)
    assert ctx.issues.issues(case.id)[0].status is IssueStatus.RESOLVED
    qtbot.waitUntil(lambda: "2 open issues" in window.header_text)

    # One added by mistake is removed.
    panel.list_view.setFocus()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_End)
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Delete)
    dialog = panel.removal_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.reason.hasFocus())
    qtbot.keyClicks(dialog.reason, "added twice")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)  # removed off the GUI thread
    qtbot.waitUntil(lambda: "1 open issue" in window.header_text)
    assert "1 open issues" not in window.header_text
    # The case list says the same, on its line and in its tooltip.
    listed = window.case_model.index(window.case_model.row_of(case.id), 0)
    assert "1 open issue" in listed.data(Qt.ItemDataRole.ToolTipRole)


def test_the_empty_state_reads_as_words_without_backticks(qtbot, ctx, window_state):
    window = MainWindow(ctx, state=window_state)
    qtbot.addWidget(window)
    wait_filled(qtbot, window)
    assert "No case open" in window.header_text
    assert "`" not in window.header_text
    assert "callnotes demo" in window.header_text
