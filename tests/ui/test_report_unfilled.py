"""The documents dialog tells the agent what to fill in before a new caller's report goes out."""

from __future__ import annotations

from functools import partial

from callnotes.app import AppContext
from callnotes.ui.documents.report_preview import ReportPreviewDialog


def test_the_banner_says_what_to_fill_in_first(qtbot, ctx: AppContext) -> None:
    case_id = ctx.intake.start_new_case(case_title="", number="+44 161 496 0000").case.id
    dialog = ReportPreviewDialog(partial(ctx.documents.build, case_id), ctx.documents.export)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document is not None)
    assert dialog.banner.isVisible()
    shown = dialog.banner.text()
    assert "known only by their number (“Caller +44 161 496 0000”)" in shown
    assert "add the issue the client called about" in shown
    page = dialog.preview.toPlainText()
    assert "Caller +44" not in page and "New call" not in page
