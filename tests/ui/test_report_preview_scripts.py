"""The report preview says what will not print, and prints on the paper of the agent's region."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from callnotes.app import AppContext
from callnotes.domain.timeline import EntryKind
from callnotes.ui.documents.report_preview import ReportPreviewDialog
from tests.ui.keypress import press

NOTE = "Whitfield · नमस्ते दुनिया · 안녕하세요 · ሰላም · 👍"


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    case_id = ctx.demo.load_demo()
    ctx.timeline.add_entry(case_id, NOTE, EntryKind.NOTE)
    return case_id


def open_preview(qtbot, ctx: AppContext, case_id: int, region: str) -> ReportPreviewDialog:
    preview = ReportPreviewDialog(
        partial(ctx.documents.build, case_id, for_print=True),
        ctx.documents.export,
        kind="handover",
        region=region,
    )
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    return preview


def test_the_banner_names_what_the_print_leaves_out(qtbot, ctx: AppContext, case_id: int) -> None:
    preview = open_preview(qtbot, ctx, case_id, "AU")
    assert preview.banner.isVisible()
    said = preview.banner.text()
    # Shipped font: Devanagari prints, but the PDF's text keeps its words only in part.
    assert "Devanagari words print" in said and "नमस्ते" in said
    # Korean, Ethiopic and emoji: a font on this machine prints them, or the banner says
    # which of them print as boxes, in the words of the document's problems.
    document = ctx.documents.build(case_id, "handover", for_print=True)
    assert " ".join(document.problems) == said
    missing = next((p for p in document.problems if p.startswith("No font")), "")
    assert all(char in said for char in "안녕하세요ሰላም👍" if char in missing)


@pytest.mark.parametrize(("region", "size"), [("AU", (595, 842)), ("US", (612, 792))])
def test_printing_uses_the_paper_of_the_agents_region(
    qtbot, ctx: AppContext, case_id: int, tmp_path: Path, region: str, size: tuple[int, int]
) -> None:
    preview = open_preview(qtbot, ctx, case_id, region)
    press(qtbot, preview, "Ctrl+P")
    qtbot.waitUntil(lambda: preview.print_preview is not None, timeout=5000)
    print_preview = preview.print_preview
    assert print_preview is not None
    printer = print_preview.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_preview.paintRequested.emit(printer)
    box = PdfReader(str(tmp_path / "printed.pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    print_preview.reject()
