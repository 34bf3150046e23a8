"""What the four documents say: facts in every format, nothing internal for the client, escaping."""

from __future__ import annotations

import email
import io
import unicodedata
from email import policy
from email.message import EmailMessage

import pytest
from pypdf import PdfReader

from callnotes.app import AppContext
from callnotes.domain.timeline import EntryKind
from callnotes.reports.documents import Document, export

KINDS = ("status", "minutes", "handover", "review")
HOSTILE = '<script>alert("x")</script> & "quotes" *stars* _under_ [link](http://x) # not a heading'
LINE_STARTS = "- not a list\n+ nor this\n1. nor a numbered one"
SECRET = "Internal: Marco thinks the driver rollout skipped QA; do not tell the client yet."


def squash(text: str) -> str:
    """PDF text without whitespace (table cells wrap anywhere) and with ligatures undone."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_pages(data: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def draft_parts(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    """The demo case, plus an internal note about the first issue (where it could leak)."""
    case_id = ctx.demo.load_demo()
    first = ctx.issues.issues(case_id)[0]
    ctx.timeline.add_entry(
        case_id, SECRET, EntryKind.NEW_INFORMATION, issue_id=first.id, internal=True
    )
    return case_id


def test_status_pdf_holds_the_client_every_issue_and_every_client_visible_entry(
    qapp: object, ctx: AppContext, case_id: int
) -> None:
    document = ctx.documents.build(case_id, "status")
    pdf = ctx.documents.export(document, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Status report: Warehouse cannot print delivery labels"
    pages = pdf_pages(pdf)
    text = "".join(pages)
    context = ctx.reports.context(case_id)
    assert "NorthwindLogistics" in text
    for view in context.issues:
        assert squash(view.issue.title) in text
    for entry in context.client_visible_entries:
        assert squash(entry.text) in text
    for entry in context.entries:
        if entry.internal:
            assert squash(entry.text) not in text
    for number, page in enumerate(pages, start=1):
        assert f"page{number}of{len(pages)}" in page
        assert "NorthwindLogistics·Statusreport·case#1" in page


def test_every_pdf_names_the_client_and_every_issue(
    qapp: object, ctx: AppContext, case_id: int
) -> None:
    context = ctx.reports.context(case_id)
    for kind in KINDS:
        text = "".join(pdf_pages(ctx.documents.export(ctx.documents.build(case_id, kind), "pdf")))
        assert "NorthwindLogistics" in text, kind
        for view in context.issues:
            assert squash(view.issue.title) in text, (kind, view.issue.title)


def test_a_long_timeline_repeats_its_table_header_on_every_page(
    qapp: object, ctx: AppContext, case_id: int
) -> None:
    for n in range(120):
        ctx.timeline.add_entry(
            case_id, f"Filler fact {n:03d}: the warehouse retried station {n}.", for_client=True
        )
    pages = pdf_pages(ctx.documents.export(ctx.documents.build(case_id, "status"), "pdf"))
    with_rows = [page for page in pages if "Fillerfact" in page]
    assert len(with_rows) >= 2, "the timeline should span pages for this test to mean anything"
    for page in with_rows:
        assert "TimeWhatDetails" in page
    assert "Fillerfact119" in "".join(pages)


def test_internal_entries_never_reach_the_client(ctx: AppContext, case_id: int) -> None:
    demo_internal = next(e.text for e in ctx.timeline.entries(case_id) if e.internal)
    status = ctx.documents.build(case_id, "status")
    draft = draft_parts(export(status, "eml", to_pdf=lambda html, **_: b"%PDF-"))
    shown = [
        status.html,
        status.markdown,
        status.text,
        draft.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
        draft.get_body(("html",)).get_content(),  # type: ignore[union-attr]
        export(status, "ics").decode("utf-8"),
    ]
    for text in shown:
        assert SECRET not in text
        assert demo_internal not in text
    assert status.for_client
    # The team's documents keep them, marked as internal.
    handover = ctx.documents.build(case_id, "handover")
    assert SECRET in handover.text and demo_internal in handover.text
    assert "(internal)" in handover.text


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_text_is_escaped_in_html_and_markdown_and_verbatim_in_text(
    ctx: AppContext, kind: str
) -> None:
    case_id = ctx.demo.load_demo()
    issue = ctx.issues.add_issue(
        case_id,
        f"Title {HOSTILE}",
        client_words=HOSTILE,
        fixed_looks_like=(HOSTILE,),
        timeframe=HOSTILE,
    )
    ctx.timeline.add_entry(case_id, HOSTILE, EntryKind.CLIENT_SAID, issue_id=issue.id)
    ctx.timeline.add_entry(case_id, LINE_STARTS, EntryKind.NOTE)
    document = ctx.documents.build(case_id, kind)

    assert "<script>" not in document.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;" in document.html

    assert "<script>" not in document.markdown
    assert r"&lt;script&gt;" in document.markdown
    assert r"\*stars\* \_under\_ \[link\]\(http://x\) \# not a heading" in document.markdown
    if kind != "status":  # the status report shows no general notes
        for escaped in ("\\- not a list", "\\+ nor this", "1\\. nor a numbered one"):
            assert escaped in document.markdown

    assert HOSTILE in document.text


def test_documents_agree_on_the_facts(ctx: AppContext, case_id: int) -> None:
    documents = {kind: ctx.documents.build(case_id, kind) for kind in KINDS}
    for document in documents.values():
        for fmt in ("html", "md", "txt"):
            text = export(document, fmt).decode("utf-8")
            assert "Warehouse cannot print delivery labels" in text
            assert "Northwind Logistics" in text
    # One context feeds every document: the issues come in the agreed order in each one.
    titles = [view.issue.title for view in ctx.reports.context(case_id).issues]
    for document in documents.values():
        positions = [document.text.index(title) for title in titles]
        assert positions == sorted(positions), document.kind


def test_email_draft_is_addressed_by_audience_and_carries_the_pdf(
    qapp: object, ctx: AppContext, case_id: int
) -> None:
    status = ctx.documents.build(case_id, "status")
    draft = draft_parts(ctx.documents.export(status, "eml"))
    assert draft["To"] == "Dana Whitfield <dana.whitfield@northwind.example>"
    assert draft["Subject"] == "Status report: Warehouse cannot print delivery labels (case #1)"
    assert draft["X-Unsent"] == "1"
    assert draft["From"] is None and draft["Date"] is None
    html = draft.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert 'style="' in html, "styles are copied onto elements for mail clients"
    [attachment] = list(draft.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == status.file_name("pdf")
    pdf = attachment.get_content()
    assert "NorthwindLogistics" in "".join(pdf_pages(pdf))
    # The team's documents hold internal notes: drafted to the usual contact, not the client.
    handover = ctx.documents.build(case_id, "handover")
    team_draft = draft_parts(export(handover, "eml", to_pdf=lambda html, **_: b"%PDF-"))
    assert team_draft["To"] == "Priya Shah <priya.shah@example.com>"


def test_documents_suggest_file_names(ctx: AppContext, case_id: int) -> None:
    document: Document = ctx.documents.build(case_id, "status")
    stem = document.file_stem
    assert stem.startswith("northwind-logistics-status-")
    assert document.file_name("pdf") == f"{stem}.pdf"
    assert document.file_name("ics") == "northwind-logistics-next-update.ics"
