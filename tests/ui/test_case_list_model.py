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
    assert index.data(CASE_DETAIL_ROLE) == "Northwind Logistics · Open"
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

    assert "No open issues" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    tooltip = model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Monitoring" in tooltip
    assert "3 open issues" in tooltip
    assert "&lt;b&gt;VAT&lt;/b&gt; &amp; totals" in tooltip
