from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt

from callnotes.domain.issues import Impact, IssueRecord, IssueStatus, Urgency
from callnotes.ui.issues.list_model import (
    DETAIL_ROLE,
    ISSUE_ID_ROLE,
    ISSUE_MIME_TYPE,
    POSITION_ROLE,
    PRIORITY_ROLE,
    PRIORITY_TEXT_ROLE,
    IssueListModel,
)

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IMPACT_SAID = {
    Impact.WHOLE_BUSINESS: "whole business",
    Impact.DEPARTMENT: "one department",
    Impact.FEW_USERS: "a few users",
    Impact.ONE_USER: "one user",
}
URGENCY_SAID = {
    Urgency.CRITICAL: "critical",
    Urgency.HIGH: "high urgency",
    Urgency.MEDIUM: "medium urgency",
    Urgency.LOW: "low urgency",
}
# The ITIL-style matrix, as the agent sees it in the list.
MATRIX = {
    Impact.WHOLE_BUSINESS: (1, 2, 3, 4),
    Impact.DEPARTMENT: (2, 3, 4, 5),
    Impact.FEW_USERS: (3, 4, 5, 5),
    Impact.ONE_USER: (4, 5, 5, 5),
}
URGENCIES = (Urgency.CRITICAL, Urgency.HIGH, Urgency.MEDIUM, Urgency.LOW)
CELLS = [
    (impact, urgency, MATRIX[impact][column])
    for impact in MATRIX
    for column, urgency in enumerate(URGENCIES)
]


def issue(issue_id: int, title: str, **fields) -> IssueRecord:
    base = IssueRecord(
        id=issue_id,
        case_id=1,
        title=title,
        client_words="",
        fixed_looks_like=(),
        impact=None,
        urgency=None,
        time_sensitive=False,
        business_critical=False,
        timeframe="",
        deadline=None,
        first_noticed_at=None,
        status=IssueStatus.NEW,
        owner_id=None,
        eta=None,
        roadblocks="",
        root_cause="",
        agreed_rank=None,
        created_at=AT,
    )
    return replace(base, **fields)


@pytest.fixture
def model() -> IssueListModel:
    model = IssueListModel()
    model.set_issues(
        [
            issue(1, "Labels do not print", impact=Impact.WHOLE_BUSINESS, urgency=Urgency.CRITICAL),
            issue(2, "Driver app logs out", impact=Impact.DEPARTMENT, urgency=Urgency.HIGH),
            issue(3, "VAT export wrong", impact=Impact.FEW_USERS, urgency=Urgency.LOW),
            issue(4, "Invoice PDFs blank"),
        ]
    )
    return model


def titles(model: IssueListModel) -> list[str]:
    return [model.issue_at(row).title for row in range(model.rowCount())]


def shown(model: IssueListModel, row: int, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, 0).data(role)


def test_model_passes_the_model_tester_through_moves_and_resets(qtmodeltester, model):
    qtmodeltester.check(model)
    assert model.move_issue(3, 0)
    assert model.moveRows(QModelIndex(), 0, 2, QModelIndex(), 4)
    assert model.set_order([4, 3, 2, 1])
    model.update_issue(replace(model.issue_at(0), title="Renamed"))
    model.append_issue(issue(5, "Scanner beeps"))
    model.set_owner_names({7: "Marco Rossi"})
    qtmodeltester.check(model)
    model.set_issues([])
    qtmodeltester.check(model)


@pytest.mark.parametrize(("impact", "urgency", "priority"), CELLS)
def test_each_matrix_cell_is_shown_as_read_aloud(impact, urgency, priority):
    model = IssueListModel()
    model.set_issues([issue(9, "Labels do not print", impact=impact, urgency=urgency)])

    assert shown(model, 0) == (
        f"1. Labels do not print — P{priority} — {IMPACT_SAID[impact]}, {URGENCY_SAID[urgency]}"
    )
    assert shown(model, 0, PRIORITY_ROLE) == priority
    assert shown(model, 0, PRIORITY_TEXT_ROLE) == f"P{priority}"
    tip = shown(model, 0, Qt.ItemDataRole.ToolTipRole)
    assert f"Suggested priority P{priority}" in tip
    assert f"gives P{priority}." in tip
    # The cell is highlighted in the matrix printed in the tooltip.
    assert f"<b>P{priority}</b></font></td>" in tip
    assert tip.count("bgcolor") == 1


def test_business_critical_raises_the_shown_priority_and_says_why():
    model = IssueListModel()
    model.set_issues(
        [
            issue(
                9,
                "Driver app logs out",
                impact=Impact.DEPARTMENT,
                urgency=Urgency.HIGH,
                business_critical=True,
            )
        ]
    )
    assert shown(model, 0).startswith("1. Driver app logs out — P2 — one department, high urgency")
    tip = shown(model, 0, Qt.ItemDataRole.ToolTipRole)
    assert "gives P3." in tip and "Business-critical: raised one level." in tip
    assert "business-critical" in shown(model, 0, DETAIL_ROLE)


def test_an_issue_without_impact_or_urgency_has_no_priority_yet(model):
    assert shown(model, 3) == "4. Invoice PDFs blank — no priority yet"
    assert shown(model, 3, PRIORITY_TEXT_ROLE) == "P?"
    assert shown(model, 3, PRIORITY_ROLE) is None
    assert "No suggested priority yet" in shown(model, 3, Qt.ItemDataRole.ToolTipRole)
    half = IssueListModel()
    half.set_issues([issue(1, "Slow", impact=Impact.ONE_USER)])
    assert shown(half, 0) == "1. Slow — no priority yet — one user"


def test_detail_line_and_accessible_text_carry_progress(model):
    model.set_owner_names({7: "Marco Rossi"})
    model.update_issue(
        replace(
            model.issue_at(0),
            status=IssueStatus.INVESTIGATING,
            owner_id=7,
            roadblocks="waiting for vendor",
        )
    )
    detail = shown(model, 0, DETAIL_ROLE)
    assert detail == "Investigating · Marco Rossi · blocked: waiting for vendor"
    assert shown(model, 0, Qt.ItemDataRole.AccessibleTextRole) == (
        "1. Labels do not print — P1 — whole business, critical. " + detail
    )


def test_positions_follow_the_rows_after_a_move(model):
    assert model.move_issue(3, 1)
    assert titles(model) == [
        "Labels do not print",
        "Invoice PDFs blank",
        "Driver app logs out",
        "VAT export wrong",
    ]
    assert [shown(model, row, POSITION_ROLE) for row in range(4)] == [1, 2, 3, 4]
    assert shown(model, 1).startswith("2. Invoice PDFs blank")
    assert model.move_issue(0, 3)
    assert titles(model)[-1] == "Labels do not print"
    assert not model.move_issue(0, 0)
    assert not model.move_issue(0, 9)


def test_move_rows_refuses_nonsense(model):
    root = QModelIndex()
    assert not model.moveRows(root, 0, 1, root, 0)  # onto itself
    assert not model.moveRows(root, 0, 1, root, 1)  # just behind itself
    assert not model.moveRows(root, 2, 3, root, 0)  # past the end
    assert not model.moveRows(model.index(0, 0), 0, 1, root, 3)  # a list has no children
    assert model.issue_ids() == [1, 2, 3, 4]


def test_drag_data_carries_ids_and_drops_move_between_rows(model):
    dragged = model.mimeData([model.index(2, 0)])
    assert dragged.hasFormat(ISSUE_MIME_TYPE)
    assert dragged.text() == "3. VAT export wrong — P5 — a few users, low urgency"
    assert model.canDropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert not model.canDropMimeData(dragged, Qt.DropAction.CopyAction, 0, 0, QModelIndex())

    assert model.dropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.issue_ids() == [3, 1, 2, 4]

    # Dropped below the last row (row -1 means "at the end").
    last = model.mimeData([model.index(0, 0), model.index(1, 0)])
    assert model.dropMimeData(last, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert model.issue_ids() == [2, 4, 3, 1]


def test_foreign_or_broken_drag_data_is_refused(model):
    foreign = QMimeData()
    foreign.setText("Labels do not print")
    broken = QMimeData()
    broken.setData(ISSUE_MIME_TYPE, b"{not json")
    unknown = QMimeData()
    unknown.setData(ISSUE_MIME_TYPE, b"[99]")
    for data in (foreign, broken, unknown):
        assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.issue_ids() == [1, 2, 3, 4]


def test_items_drag_and_drops_land_between_them(model):
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsDragEnabled
    assert not flags & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.supportedDropActions() == Qt.DropAction.MoveAction


def test_a_new_order_keeps_the_selection_on_the_same_issue(model):
    selected = QPersistentModelIndex(model.index(1, 0))
    assert model.set_order([4, 3, 2, 1])
    assert selected.row() == 2
    assert selected.data(ISSUE_ID_ROLE) == 2
    assert not model.set_order([1, 2])  # not the same issues
