"""The team's documents say which timeline entries the client has not seen, as the timeline does."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from callnotes.app import AppContext
from callnotes.domain.timeline import EntryKind

KEPT = "Checked the label printer queue on the warehouse server myself"
SHARED = "Told Dana the rollback of the printer driver has started"


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    case_id = ctx.demo.load_demo()
    ctx.timeline.add_entry(case_id, KEPT, EntryKind.NOTE)
    ctx.timeline.add_entry(case_id, SHARED, EntryKind.NOTE, for_client=True)
    ctx.timeline.add_entry(case_id, "Restarted the print spooler", EntryKind.ACTION)
    return case_id


def line_of(text: str, words: str) -> str:
    """The first line holding *words*, without Markdown's emphasis."""
    return next(line for line in text.splitlines() if words in line).replace("*", "")


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("kind", ["minutes", "handover"])
def test_text_and_markdown_mark_what_the_client_has_not_seen(
    ctx: AppContext, case_id: int, kind: str
) -> None:
    document = ctx.documents.build(case_id, kind)
    for rendered in (document.text, document.markdown):
        assert "Note (internal)" in line_of(rendered, KEPT)
        assert "Note for the client" in line_of(rendered, SHARED)
        assert "Action (internal)" in line_of(rendered, "Restarted the print spooler")
        # A kind the client reads by default carries no mark.
        decision = line_of(rendered, "labels first, driver log-outs second")
        assert "internal" not in decision and "for the client" not in decision


@pytest.mark.parametrize("kind", ["minutes", "handover"])
def test_the_pdf_marks_what_the_client_has_not_seen(
    ctx: AppContext, case_id: int, kind: str
) -> None:
    document = ctx.documents.build(case_id, kind)
    pdf = ctx.documents.export(document, "pdf")
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    # Wherever the note is shown (the handover lists it under "what changed" too, as
    # "Note (internal): …"), its mark comes first.
    for note, mark in ((KEPT, "Note (internal)"), (SHARED, "Note for the client")):
        shown = [m.start() for m in re.finditer(re.escape(note), text)]
        assert shown
        for at in shown:
            assert text[:at].rstrip(" :").endswith(mark)


def test_the_client_still_reads_none_of_them_but_the_one_marked_for_them(
    ctx: AppContext, case_id: int
) -> None:
    document = ctx.documents.build(case_id, "status")
    for rendered in (document.html, document.markdown, document.text):
        assert KEPT not in rendered
        assert "Restarted the print spooler" not in rendered
        assert SHARED in rendered
        assert "internal" not in rendered.lower()
