from dataclasses import replace

from PySide6.QtCore import Qt

from callnotes.domain.cases import CaseStatus, CaseSummary
from callnotes.ui.cases.list_model import (
    CASE_DETAIL_ROLE,
    CASE_ID_ROLE,
    CASE_TITLE_ROLE,
    CaseListModel,
)


def test_model_passes_the_model_tester(qtmodeltester, ctx, case):
    model = CaseListModel()
    model.set_cases(ctx.cases.list_cases())
    qtmodeltester.check(model)
    model.set_cases([])
    qtmodeltester.check(model)


def test_rows_show_title_and_client_and_carry_the_case_id(ctx, case: CaseSummary):
    model = CaseListModel()
    model.set_cases(ctx.cases.list_cases())

    index = model.index(0, 0)
    display = index.data(Qt.ItemDataRole.DisplayRole)
    assert "Warehouse cannot print delivery labels" in display
    assert "Northwind Logistics" in display
    assert index.data(CASE_ID_ROLE) == case.id
    assert index.data(CASE_TITLE_ROLE) == "Warehouse cannot print delivery labels"
    # The client's name isolated: one in Arabic must not reorder the line.
    assert index.data(CASE_DETAIL_ROLE) == "\u2068Northwind Logistics\u2069 · Open"
    assert model.row_of(case.id) == 0


def test_tooltip_gives_status_and_open_issue_count_escaped(case: CaseSummary):
    model = CaseListModel()
    model.set_cases(
        [
            case,
            replace(
                case,
                id=99,
                title="<b>VAT</b> & totals",
                status=CaseStatus.MONITORING,
                open_issue_count=3,
            ),
        ]
    )

    # The list keeps its order (most recently active, then newest first): case 99 comes first.
    assert "No open issues" in model.index(model.row_of(case.id), 0).data(
        Qt.ItemDataRole.ToolTipRole
    )
    tooltip = model.index(model.row_of(99), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Monitoring" in tooltip
    assert "3 open issues" in tooltip
    assert "&lt;b&gt;VAT&lt;/b&gt; &amp; totals" in tooltip


def test_refreshed_lines_move_to_their_place_and_the_selection_follows(qtmodeltester, case):
    from datetime import timedelta

    from PySide6.QtCore import QItemSelectionModel

    base = case.last_activity_at
    cases = [
        replace(case, id=n, title=f"Case {n}", last_activity_at=base - timedelta(minutes=n))
        for n in range(1, 7)
    ]
    model = CaseListModel()
    model.set_cases(cases)
    qtmodeltester.check(model)
    selection = QItemSelectionModel(model)
    selection.setCurrentIndex(model.index(4, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    moved: list[tuple[int, int]] = []
    model.rowsMoved.connect(lambda _p, start, _end, _d, row: moved.append((start, row)))

    # Case 5, deep in the list, gets a note: it goes first; the others keep their order.
    model.refresh_cases([replace(cases[4], last_activity_at=base + timedelta(minutes=1))])
    assert [model.case_at(r).id for r in range(6)] == [5, 1, 2, 3, 4, 6]
    assert [model.row_of(n) for n in (5, 1, 2, 3, 4, 6)] == [0, 1, 2, 3, 4, 5]
    assert moved == [(4, 0)]
    assert selection.currentIndex().row() == 0  # still on case 5
    # A line whose activity did not change is redrawn in place.
    model.refresh_cases([replace(model.case_at(3), title="Case 3, renamed")])
    assert model.case_at(3).title == "Case 3, renamed" and len(moved) == 1
    # And one that became older moves down.
    model.refresh_cases([replace(model.case_at(0), last_activity_at=base - timedelta(hours=1))])
    assert [model.case_at(r).id for r in range(6)] == [1, 2, 3, 4, 6, 5]
    assert [model.row_of(n) for n in (1, 2, 3, 4, 6, 5)] == [0, 1, 2, 3, 4, 5]
    qtmodeltester.check(model)
