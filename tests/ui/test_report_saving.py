"""Saving a document from the preview happens off the GUI thread, and still says how it went."""

from __future__ import annotations

import io
import threading
import unicodedata
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from callnotes.app import AppContext
from callnotes.reports.documents import Document
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.documents.report_preview import ReportPreviewDialog


class Exports:
    """``DocumentService.export`` that notes which thread each export ran on."""

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx
        self.threads: list[threading.Thread] = []

    def __call__(self, document: Document, fmt: str) -> bytes:
        self.threads.append(threading.current_thread())
        return self._ctx.documents.export(document, fmt)


@pytest.fixture
def runner(qtbot) -> TaskRunner:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def exports(ctx: AppContext) -> Exports:
    return Exports(ctx)


@pytest.fixture
def dialog(qtbot, ctx: AppContext, runner: TaskRunner, exports: Exports, tmp_path: Path):
    answers = {"path": None}

    def ask_save_path(parent, caption, suggested, name_filter, on_chosen) -> None:
        on_chosen(answers["path"] or tmp_path / suggested.name)

    preview = ReportPreviewDialog(
        partial(ctx.documents.build, ctx.demo.load_demo()),
        exports,
        ask_save_path=ask_save_path,
        open_file=lambda _path: None,
        runner=runner,
        folder=tmp_path,
    )
    preview.answers = answers
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.document is not None, timeout=10_000)
    return preview


def test_a_pdf_is_laid_out_and_written_on_a_worker_thread(qtbot, dialog, exports) -> None:
    with qtbot.waitSignal(dialog.document_saved, timeout=20_000) as saved:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert "Saving" in dialog.status.text(), "the agent sees the save is under way"
    path = Path(saved.args[0])
    assert [t is threading.main_thread() for t in exports.threads] == [False]
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    text = " ".join(
        unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pages)).split()
    )
    assert "Warehouse cannot print delivery labels" in text
    assert f"page 1 of {len(pages)}" in text and f"page {len(pages)} of {len(pages)}" in text
    assert path.name in dialog.status.text()
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".part")], "renamed into place"


def test_a_failed_save_on_the_worker_says_why_in_the_banner(qtbot, dialog, tmp_path) -> None:
    dialog.answers["path"] = tmp_path / "missing" / "status.pdf"
    dialog.save("pdf")
    qtbot.waitUntil(dialog.banner.isVisible, timeout=20_000)
    assert "does not exist" in dialog.banner.text()
    assert "Saving" not in dialog.status.text()
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("fmt", ["pdf", "eml", "html", "md", "txt", "ics"])
def test_a_saved_document_is_readable_by_its_owner_only(qtbot, dialog, tmp_path, fmt) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        with qtbot.waitSignal(dialog.document_saved, timeout=20_000) as saved:
            dialog.save(fmt)
    finally:
        os.umask(old)
    path = Path(saved.args[0])
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
