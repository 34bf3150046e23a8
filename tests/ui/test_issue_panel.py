"""The issue panel driven as an agent would: keyboard first, then drag and drop."""

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.timeline import EntryKind
from callnotes.errors import DiskFullError
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.editor import SAVE_MAX_WAIT_MS, SEARCH_DEBOUNCE_MS
from callnotes.ui.issues.order_keeper import ORDER_SAVE_DELAY_MS
from callnotes.ui.issues.panel import IssuePanel

FOUR = [
    "Delivery labels do not print",
    "Driver app logs users out",
    "VAT export is wrong",
    "Tracking page is a day behind",
]


def make_panel(qtbot, actions, runner=None, width=440) -> IssuePanel:
    panel = IssuePanel(actions, runner or SynchronousTaskRunner())
    qtbot.addWidget(panel)
    panel.resize(width, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def actions(ctx) -> IssueActions:
    return IssueActions.from_services(ctx.issues, ctx.clients)


@pytest.fixture
def panel(qtbot, actions, case) -> IssuePanel:
    shown = make_panel(qtbot, actions)
    shown.show_case(case.id)
    return shown


def add_by_keyboard(qtbot, panel: IssuePanel, titles: list[str]) -> None:
    panel.quick_add.setFocus()
    for title in titles:
        with qtbot.waitSignal(panel.issue_added):
            qtbot.keyClicks(panel.quick_add, title)
            qtbot.keyClick(panel.quick_add, Qt.Key.Key_Return)


def shown_titles(panel: IssuePanel) -> list[str]:
    return [issue.title for issue in panel.model.issues()]


def stored_titles(ctx, case_id: int) -> list[str]:
    return [issue.title for issue in ctx.issues.issues(case_id)]


def drop_on_viewport(panel: IssuePanel, source_row: int, target_row: int) -> None:
    """A real drop: QDragEnter/QDragMove/QDrop events at the top edge of *target_row*.

    A mouse drag cannot run offscreen (QDrag.exec needs a platform drag loop), so the drag's
    data comes from the model and the drop goes through the view's own event handling.
    """
    view = panel.list_view
    data = panel.model.mimeData([panel.model.index(source_row, 0)])
    rect = view.visualRect(panel.model.index(target_row, 0))
    point = QPoint(rect.center().x(), rect.top() + 2)
    pos = QPointF(point)
    move = Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def drag(cls):  # PySide6 6.11 wants a QPoint here, 6.12 a QPointF
        try:
            return cls(pos, move, data, buttons, mods)
        except TypeError:
            return cls(point, move, data, buttons, mods)

    for event in (
        drag(QDragEnterEvent),
        drag(QDragMoveEvent),
        QDropEvent(pos, move, data, buttons, mods, QEvent.Type.Drop),
    ):
        QApplication.sendEvent(view.viewport(), event)


def test_four_issues_by_keyboard_reordered_by_drag_and_keys_then_confirmed(qtbot, ctx, case, panel):
    add_by_keyboard(qtbot, panel, FOUR)

    assert shown_titles(panel) == FOUR
    assert stored_titles(ctx, case.id) == FOUR
    assert panel.quick_add.hasFocus() and panel.quick_add.text() == ""
    assert panel.list_view.currentIndex().row() == 3, "the newest issue is selected"
    assert panel.order_text == "Order not yet agreed with the client"

    # Keyboard: the tracking page goes up two places.
    panel.list_view.setFocus()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert shown_titles(panel) == [FOUR[0], FOUR[3], FOUR[1], FOUR[2]]
    assert panel.list_view.currentIndex().row() == 1, "the selection moves with the issue"

    # Drag: the VAT export is dropped on top of the list.
    drop_on_viewport(panel, source_row=3, target_row=0)
    agreed = [FOUR[2], FOUR[0], FOUR[3], FOUR[1]]
    assert shown_titles(panel) == agreed
    assert panel.model.index(0, 0).data().startswith("1. VAT export is wrong")

    # Confirm with the client: Ctrl+Return anywhere in the panel.
    with qtbot.waitSignal(panel.order_confirmed) as confirmed:
        qtbot.keyClick(panel.list_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert stored_titles(ctx, case.id) == agreed
    assert [i.agreed_rank for i in ctx.issues.issues(case.id)] == [1, 2, 3, 4]
    entry = confirmed.args[0]
    assert entry.kind is EntryKind.DECISION
    assert entry.text.startswith("Order agreed with the client at ")
    assert entry.text.splitlines()[1:] == [
        "1. VAT export is wrong — no priority yet",
        "2. Delivery labels do not print — no priority yet",
        "3. Tracking page is a day behind — no priority yet",
        "4. Driver app logs users out — no priority yet",
    ]
    assert ctx.timeline.entries(case.id)[-1] == entry
    assert panel.order_text.startswith("Order agreed with the client at ")


def test_a_move_after_agreement_is_recorded_once_after_a_pause(qtbot, ctx, case, panel):
    add_by_keyboard(qtbot, panel, FOUR)
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    panel.list_view.setFocus()
    panel.list_view.setCurrentIndex(panel.model.index(3, 0))

    for _ in range(3):  # walked to the top one step at a time…
        qtbot.keyClick(panel.list_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert panel.order_text.startswith("Order changed since the client agreed it")

    # …and stored as one change once the agent pauses.
    with qtbot.waitSignal(panel.timeline_changed, timeout=ORDER_SAVE_DELAY_MS + 2000):
        pass
    decisions = [e.text for e in ctx.timeline.entries(case.id) if e.kind is EntryKind.DECISION]
    assert len(decisions) == 2
    assert decisions[1].startswith("Order changed after it was agreed")
    assert "1. Tracking page is a day behind — no priority yet (was 4)" in decisions[1]
    assert stored_titles(ctx, case.id)[0] == FOUR[3]
    assert panel.order_text.startswith("Order changed since the client agreed it")


def test_suggested_priority_orders_the_list_until_someone_orders_it_by_hand(
    qtbot, ctx, case, panel
):
    add_by_keyboard(qtbot, panel, FOUR)
    panel.list_view.setCurrentIndex(panel.model.index(2, 0))  # the VAT export
    form = panel.editor.form
    choose(qtbot, form.impact, Impact.WHOLE_BUSINESS.label)
    choose(qtbot, form.urgency, Urgency.CRITICAL.label)

    assert shown_titles(panel)[0] == "VAT export is wrong", "P1 rises to the top"
    assert panel.list_view.currentIndex().row() == 0, "and stays selected"
    assert panel.model.index(0, 0).data() == (
        "1. VAT export is wrong — P1 — whole business, critical"
    )
    assert form.priority.text() == "Suggested priority: P1 — whole business, critical"
    stored = ctx.issues.get_issue(panel.model.issue_at(0).id)
    assert (stored.impact, stored.urgency, stored.priority) == (
        Impact.WHOLE_BUSINESS,
        Urgency.CRITICAL,
        1,
    )

    # Once the order is set by hand, priority no longer moves anything.
    panel.list_view.setFocus()
    panel.list_view.setCurrentIndex(panel.model.index(3, 0))
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert panel.flush()
    moved = shown_titles(panel)
    choose(qtbot, form.business_critical, None)
    assert shown_titles(panel) == moved


def test_status_changes_are_recorded_and_read_back_as_history(qtbot, ctx, case, panel):
    add_by_keyboard(qtbot, panel, FOUR[:1])
    form = panel.editor.form
    for status in (IssueStatus.INVESTIGATING, IssueStatus.CAUSE_IDENTIFIED, IssueStatus.RESOLVED):
        with qtbot.waitSignal(panel.timeline_changed):
            choose(qtbot, form.status, status.label)

    issue_id = panel.model.issue_at(0).id
    history = ctx.issues.status_history(issue_id)
    assert [(h.previous, h.status) for h in history] == [
        (None, IssueStatus.NEW),
        (IssueStatus.NEW, IssueStatus.INVESTIGATING),
        (IssueStatus.INVESTIGATING, IssueStatus.CAUSE_IDENTIFIED),
        (IssueStatus.CAUSE_IDENTIFIED, IssueStatus.RESOLVED),
    ]
    entries = [e for e in ctx.timeline.entries(case.id) if e.kind is EntryKind.STATUS_CHANGE]
    assert [e.issue_id for e in entries] == [issue_id] * 3
    assert entries[-1].text == (
        "Status of “Delivery labels do not print”: Cause identified → Resolved"
    )
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole).endswith(". Resolved")


def test_owner_eta_and_roadblocks_are_recorded_when_finished_with(qtbot, ctx, case, panel):
    ctx.clients.create_team_member("Marco Rossi", team="Platform")
    add_by_keyboard(qtbot, panel, FOUR[:1])
    panel.reload()
    form = panel.editor.form

    with qtbot.waitSignal(panel.timeline_changed):
        choose(qtbot, form.owner, "Marco Rossi (Platform)")
    form.roadblocks.setFocus()
    qtbot.keyClicks(form.roadblocks, "Waiting for the vendor")
    with qtbot.waitSignal(panel.timeline_changed):
        qtbot.keyClick(form.roadblocks, Qt.Key.Key_Return)
    with qtbot.waitSignal(panel.timeline_changed):
        qtbot.mouseClick(form.eta.check_box, Qt.MouseButton.LeftButton)

    texts = [e.text for e in ctx.timeline.entries(case.id) if e.kind is EntryKind.STATUS_CHANGE]
    assert texts[0] == "Owner of “Delivery labels do not print”: Marco Rossi"
    assert texts[1] == "Roadblock on “Delivery labels do not print”: Waiting for the vendor"
    assert texts[2].startswith("ETA for “Delivery labels do not print”: ")
    stored = ctx.issues.get_issue(panel.model.issue_at(0).id)
    assert stored.eta is not None and stored.roadblocks == "Waiting for the vendor"
    assert "Marco Rossi" in panel.model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_details_typed_are_saved_within_a_second(qtbot, ctx, case, panel, type_unicode):
    add_by_keyboard(qtbot, panel, FOUR[:1])
    form = panel.editor.form
    form.client_words.setFocus()
    type_unicode(form.client_words, "Rien ne s'imprime — 😡 depuis ce matin")
    form.fixed_looks_like.setFocus()
    qtbot.keyClicks(form.fixed_looks_like, "Labels print")
    qtbot.keyClick(form.fixed_looks_like, Qt.Key.Key_Return)
    qtbot.keyClicks(form.fixed_looks_like, "Dispatch leaves on time")
    issue_id = panel.model.issue_at(0).id

    def saved():
        stored = ctx.issues.get_issue(issue_id)
        assert stored.client_words == "Rien ne s'imprime — 😡 depuis ce matin"
        assert stored.fixed_looks_like == ("Labels print", "Dispatch leaves on time")

    qtbot.waitUntil(saved, timeout=SAVE_MAX_WAIT_MS + 1000)
    assert not panel.editor.has_unsaved_changes


def test_a_blank_title_is_never_saved(qtbot, ctx, case, panel):
    add_by_keyboard(qtbot, panel, FOUR[:1])
    title = panel.editor.form.title
    title.setFocus()
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    assert panel.flush()
    assert ctx.issues.issues(case.id)[0].title == FOUR[0]
    panel.quick_add.setFocus()  # leaving the field puts the title back
    assert title.text() == FOUR[0]


def test_seen_before_shows_matches_while_typing_off_the_gui_thread(qtbot, ctx, case, actions):
    earlier = ctx.cases.open_case(case.client_id, "Labels in January")
    old = ctx.issues.add_issue(earlier.id, "Delivery labels stopped printing")
    ctx.issues.update_issue(old.id, root_cause="Printer driver update")
    ctx.issues.set_status(old.id, IssueStatus.RESOLVED)
    runner = TaskRunner()
    try:
        panel = make_panel(qtbot, actions, runner)
        panel.show_case(case.id)
        add_by_keyboard(qtbot, panel, ["Scanners freeze"])
        box = panel.editor.form.seen_before
        qtbot.waitUntil(lambda: box.heading_text == "Seen before? Nothing similar on record.")

        title = panel.editor.form.title
        title.setFocus()
        title.selectAll()
        qtbot.keyClicks(title, "Labels not printing")
        qtbot.waitUntil(lambda: box.matches() != [], timeout=SEARCH_DEBOUNCE_MS + 3000)

        [match] = box.matches()
        assert match.issue_id == old.id and match.same_client
        assert box.heading_text == "Seen before: 1 for this client"
        [label] = box.match_labels()
        assert "Resolved" in label.text() and "Printer driver update" in label.text()
        with qtbot.waitSignal(panel.seen_before_activated) as opened:
            label.linkActivated.emit("#")
        assert opened.args[0].case_id == earlier.id
    finally:
        runner.shutdown()


def test_a_failed_add_shows_the_problem_and_keeps_the_title(qtbot, ctx, case, actions):
    def full_disk(case_id, title):
        raise DiskFullError("Not saved: the disk is full.")

    failing = IssueActions(**{**actions.__dict__, "add_issue": full_disk})
    panel = make_panel(qtbot, failing)
    panel.show_case(case.id)
    panel.quick_add.setFocus()
    qtbot.keyClicks(panel.quick_add, "Labels")
    with qtbot.assertNotEmitted(panel.issue_added):
        qtbot.keyClick(panel.quick_add, Qt.Key.Key_Return)
    assert panel.banner.text() == "Not saved: the disk is full."
    assert panel.quick_add.text() == "Labels"
    assert panel.model.rowCount() == 0


def test_no_case_means_nothing_to_type_or_confirm(qtbot, actions):
    panel = make_panel(qtbot, actions)
    assert not panel.quick_add.isEnabled()
    assert not panel.confirm_button.isEnabled()
    assert panel.model.rowCount() == 0
    assert not panel.confirm_order()


def test_every_control_has_an_accessible_name(qtbot, ctx, case, panel):
    add_by_keyboard(qtbot, panel, FOUR[:1])
    controls = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit)
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in panel.findChildren(QWidget)
        if isinstance(w, (*controls, QAbstractSpinBox))
        and not _inside_compound(w)
        and not w.accessibleName()
    ]
    assert unnamed == []


@pytest.mark.parametrize("width", [380, 480])
def test_fits_a_window_docked_beside_the_softphone(qtbot, ctx, case, actions, width):
    panel = make_panel(qtbot, actions, width=width)
    panel.show_case(case.id)
    add_by_keyboard(qtbot, panel, FOUR)
    assert panel.minimumSizeHint().width() <= width
    assert panel.width() == width
    for button in panel.findChildren(QAbstractButton):
        if button.isVisible():
            right = button.mapTo(panel, QPoint(button.width(), 0)).x()
            assert right <= width, button.objectName()


def choose(qtbot, widget, label):
    """Pick *label* in a combo box with the keyboard, or toggle a check box (label None)."""
    widget.setFocus()
    if label is None:
        qtbot.keyClick(widget, Qt.Key.Key_Space)
        return
    target = widget.findText(label)
    assert target >= 0, label
    key = Qt.Key.Key_Down if target > widget.currentIndex() else Qt.Key.Key_Up
    while widget.currentIndex() != target:
        qtbot.keyClick(widget, key)


def _inside_compound(widget) -> bool:
    """Qt's own parts (a spin box's line, a combo's popup, a line's clear button) are named
    through the control that owns them."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QLineEdit)):
            return True
        parent = parent.parentWidget()
    return False


def test_words_that_could_not_be_saved_survive_moving_to_another_issue(qtbot, ctx, case, actions):
    failures = {"on": True}

    def flaky_update(issue_id, **fields):
        if failures["on"]:
            raise DiskFullError("Not saved: the disk is full.")
        return actions.update_issue(issue_id, **fields)

    panel = make_panel(qtbot, IssueActions(**{**actions.__dict__, "update_issue": flaky_update}))
    panel.show_case(case.id)
    add_by_keyboard(qtbot, panel, FOUR[:2])
    panel.list_view.setCurrentIndex(panel.model.index(0, 0))
    words = panel.editor.form.client_words
    words.setFocus()
    qtbot.keyClicks(words, "Nothing prints")

    panel.list_view.setCurrentIndex(panel.model.index(1, 0))  # moving on while the disk is full
    assert panel.banner.text() == "Not saved: the disk is full."
    assert panel.editor.has_unsaved_changes
    panel.list_view.setCurrentIndex(panel.model.index(0, 0))
    assert words.toPlainText() == "Nothing prints", "the unsaved words are shown again"

    failures["on"] = False
    panel.list_view.setCurrentIndex(panel.model.index(1, 0))
    assert panel.flush()
    assert ctx.issues.issues(case.id)[0].client_words == "Nothing prints"
    assert not panel.editor.has_unsaved_changes


@pytest.mark.parametrize("height", [640, 900])
def test_the_list_shows_every_issue_of_the_call_in_a_docked_window(
    qtbot, actions, case, height
) -> None:
    shown = make_panel(qtbot, actions)
    shown.resize(440, height)
    shown.show_case(case.id)
    add_by_keyboard(qtbot, shown, FOUR)
    view = shown.list_view
    viewport = view.viewport().rect()

    def all_in_view() -> bool:
        rects = [view.visualRect(shown.model.index(row, 0)) for row in range(4)]
        return all(viewport.contains(rect) for rect in rects)

    qtbot.waitUntil(all_in_view)
    # Dragged by hand, the handle stays where the agent put it as issues come and go.
    splitter = shown.splitter
    splitter.setSizes([splitter.height() - 120, 120])
    kept = splitter.sizes()
    splitter.splitterMoved.emit(kept[0], 1)
    add_by_keyboard(qtbot, shown, ["Printer queue stalls at night"])
    assert splitter.sizes() == kept


def test_the_move_buttons_follow_the_selected_issue_when_the_list_sorts_itself(
    qtbot, ctx, case, panel
):
    add_by_keyboard(qtbot, panel, FOUR)
    form = panel.editor.form
    panel.list_view.setCurrentIndex(panel.model.index(0, 0))
    choose(qtbot, form.impact, Impact.WHOLE_BUSINESS.label)
    choose(qtbot, form.urgency, Urgency.CRITICAL.label)  # the first is P1
    panel.list_view.setCurrentIndex(panel.model.index(3, 0))  # the last: nothing below it
    up, down = panel.findChild(QWidget, "moveUp"), panel.findChild(QWidget, "moveDown")
    assert up.isEnabled() and not down.isEnabled()

    choose(qtbot, form.impact, Impact.FEW_USERS.label)
    choose(qtbot, form.urgency, Urgency.LOW.label)  # a priority: it sorts itself to place 2
    assert shown_titles(panel)[1] == FOUR[3]
    assert panel.list_view.currentIndex().row() == 1
    assert up.isEnabled() and down.isEnabled(), "issues below it now: ▼ can move it"
