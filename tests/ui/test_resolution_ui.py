"""The review, recurring issues, handback and closing dialogs, as the agent uses them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from callnotes.domain.cases import CaseStatus
from callnotes.ui.shell.main_window import MainWindow
from tests.ui.conftest import wait_filled
from tests.ui.keypress import choose_from_menu, press


@pytest.fixture
def window(qtbot, ctx, window_state) -> MainWindow:
    ctx.demo.load_demo()
    main = MainWindow(ctx, state=window_state)
    qtbot.addWidget(main)
    wait_filled(qtbot, main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_review_dialog_shows_the_facts_hints_and_saves(qtbot, ctx, window):
    assert window.select_case(1)
    press(qtbot, window, "Ctrl+Shift+R")
    dialog = window.areas.resolution.dialog
    assert dialog is not None and dialog.objectName() == "reviewDialog"
    # Facts first: the detection gap from the issues, the steps, the similar issues.
    qtbot.waitUntil(
        lambda: dialog.gap.text() == "Detection gap: the client knew 3 h 00 min before we did."
    )
    steps = [dialog.steps.item(n).text() for n in range(dialog.steps.count())]
    assert any("Decision: Agreed with Dana" in s for s in steps)
    similar = [dialog.similar.item(n).text() for n in range(dialog.similar.count())]
    assert [s.split(" — ")[0] for s in similar] == [
        "Delivery labels do not print at the packing stations",
        "Returns labels print blank",
    ]
    qtbot.keyClicks(dialog.root_cause, "Marco broke it; the driver update was careless")
    hints = dialog.hints[0]
    hints.check_now()  # what the debounce does a moment after typing stops
    assert not hints.isHidden()
    assert hints.hints == [
        "“Marco broke it”: Describe what happened, not who is at fault.",
        "“careless”: Describe what happened, not who is at fault.",
    ]
    dialog.root_cause.setPlainText("The printer driver update of 22:40 changed the label size.")
    hints.check_now()
    assert hints.isHidden()

    qtbot.keyClicks(dialog.prevention.text, "Test driver updates on one station first")
    qtbot.keyClicks(dialog.prevention.owner, "Marco Rossi")
    qtbot.keyClick(dialog.prevention.text, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            dialog.prevention.lines()
            == ["○ Test driver updates on one station first — Marco Rossi, no due date"]
        )
    )
    dialog.author.setCurrentIndex(dialog.author.findText("Helen Cho (Head of Support)"))
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    qtbot.waitUntil(lambda: dialog.written.text().startswith("Written "))
    review = ctx.reviews.sheet(1).review
    assert review is not None and review.author_name == "Helen Cho"
    assert review.root_cause.startswith("The printer driver update")
    assert not dialog.problem_label.isVisible()
    dialog.prevention.list.setCurrentRow(0)
    dialog.prevention.done_button.click()
    qtbot.waitUntil(lambda: dialog.prevention.lines()[0].startswith("✓ "))
    dialog.similar.itemActivated.emit(dialog.similar.item(0))  # a link to the earlier case
    assert window.header_text.startswith("Label printing stopped")


def test_recurring_view_groups_three_issues_and_shows_a_case(qtbot, window):
    assert window.select_case(1)
    press(qtbot, window, "Ctrl+Shift+G")
    dialog = window.areas.resolution.dialog
    qtbot.waitUntil(lambda: bool(dialog.shown))
    [group] = dialog.shown
    assert group.count == 3 and len(group.case_ids) == 2
    head = dialog.tree.topLevelItem(0)
    assert head.text(0).startswith("3 alike issues of Northwind Logistics (delivery, label, print)")
    assert "· 2 cases ·" in head.text(0)
    earlier = head.child(0)
    assert earlier.text(1).startswith("#2 ")
    dialog.tree.setCurrentItem(earlier)
    dialog.tree.itemActivated.emit(earlier, 0)
    assert window.header_text.startswith("Label printing stopped")


def test_handback_and_closing_with_a_carry_over(qtbot, ctx, window):
    assert window.select_case(1)
    press(qtbot, window, "Ctrl+Shift+B")
    handback = window.areas.resolution.dialog
    qtbot.waitUntil(lambda: handback.member.currentText() == "Priya Shah")
    assert not handback.acknowledge_button.isEnabled()
    handback.hand_back_button.click()
    qtbot.waitUntil(lambda: handback.state.text().endswith("not acknowledged yet."))
    assert not handback.hand_back_button.isEnabled(), "handed back once: not again to Priya"
    handback.acknowledge_button.click()
    qtbot.waitUntil(
        lambda: "acknowledged" in handback.state.text() and "not" not in handback.state.text()
    )
    assert not handback.hand_back_button.isEnabled()
    handback.close()

    choose_from_menu(qtbot, window, "Alt+A", window.areas.resolution.close_action)
    closing = window.areas.resolution.dialog
    qtbot.waitUntil(lambda: closing.commitments.count() >= 1)
    closing.close_button.click()  # refused: a promise is still open
    qtbot.waitUntil(lambda: "open commitment" in closing.problem.text())
    assert ctx.cases.get_case(1).status is CaseStatus.OPEN
    closing.carry.setChecked(True)
    assert closing.carry_to.text() == "Priya Shah"
    closing.close_button.click()
    qtbot.waitUntil(lambda: ctx.cases.get_case(1).status is CaseStatus.CLOSED)
    texts = [e.text for e in ctx.timeline.entries(1)]
    assert any(t.startswith("Carried over to Priya Shah when the case closed:") for t in texts)
