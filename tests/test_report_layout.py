"""How documents lie on PDF pages: no heading alone at a page's foot, typed lines kept apart."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape

import pytest

from callnotes.app import AppContext
from callnotes.domain.timeline import EntryKind

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")

NUMBERED = "Agreed the order of work:\n1. Roll back the driver\n2. Reprint the morning labels"
_WORD = re.compile(
    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
)


def pdftotext(pdf: bytes, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def visible_pages(pdf: bytes) -> list[str]:
    """Each page's words a reader sees, in order, one space apart.

    A line cut by the page's end is painted clipped, so its words are in the text layer of both
    pages; a word counts as seen where it lies wholly above the footer ("page N of M") band.
    """
    pages = []
    for page in pdftotext(pdf, "-bbox").split("<page ")[1:]:
        words = [(float(top), float(bottom), unescape(w)) for top, bottom, w in _WORD.findall(page)]
        footer = max(top for top, _, word in words if word == "page")
        pages.append(" ".join(w for _, bottom, w in words if bottom <= footer - 8))
    return pages


def test_numbered_lines_typed_in_an_entry_stay_lines_in_every_pdf_table(
    qapp: object, ctx: AppContext
) -> None:
    case_id = ctx.demo.load_demo()
    ctx.timeline.add_entry(case_id, NUMBERED, EntryKind.DECISION)
    for kind in ("status", "minutes", "handover", "review"):
        document = ctx.documents.build(case_id, kind)
        assert "1. Roll back the driver<br>2. Reprint the morning labels" in document.html, kind
        lines = pdftotext(ctx.documents.export(document, "pdf"), "-layout").splitlines()
        for wanted in ("1. Roll back the driver", "2. Reprint the morning labels"):
            assert any(wanted in line for line in lines), (kind, wanted)
        assert not any("driver 2." in line for line in lines), kind


def test_a_heading_never_sits_alone_at_the_foot_of_a_page(qapp: object, ctx: AppContext) -> None:
    """Steps are added one by one, moving "Follow-up with the client" down across a page's end:
    wherever it falls, the table it heads starts on the same page."""
    case_id = ctx.demo.load_demo()
    at_the_foot = 0
    for n in range(36):
        document = ctx.documents.build(case_id, "review")
        pages = visible_pages(ctx.documents.export(document, "pdf"))
        # First pages: the heading repeats with the table's header on each page it spans.
        heading = next(i for i, page in enumerate(pages) if "Follow-up with the client" in page)
        first_row = next(i for i, page in enumerate(pages) if "Labels print from every" in page)
        assert heading == first_row, f"after {n} steps the heading is on page {heading + 1} alone"
        words = pages[heading].split()
        at_the_foot += words.index("Follow-up") > len(words) - 40
        ctx.timeline.add_entry(case_id, f"Checked label station {n:02d}.", EntryKind.ACTION)
    assert at_the_foot, "the heading should have come near a page's foot for this to mean anything"
