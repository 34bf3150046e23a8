"""A promise cancelled after it was made reads as cancelled in the client's status report."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from callnotes.app import AppContext
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.timeline import EntryKind

PROMISE = "Send Dana the written rollback report"
# Said to the team when cancelling: the cancellation is on the timeline, not for the client.
REASON = "Marco does not want the vendor's bug in writing"


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    case_id = ctx.demo.load_demo()
    labels = ctx.reports.context(case_id).issues[0].issue.id
    ctx.timeline.add_entry(case_id, PROMISE, EntryKind.COMMITMENT, issue_id=labels)
    [promise] = [c for c in ctx.commitments.ledger(case_id) if c.record.text == PROMISE]
    ctx.commitments.cancel(promise.record.id, REASON)
    return case_id


def test_the_status_report_says_the_promise_is_cancelled(ctx: AppContext, case_id: int) -> None:
    document = ctx.documents.build(case_id, "status")
    for rendered in (document.text, document.markdown):
        lines = [line for line in rendered.splitlines() if PROMISE in line]
        assert len(lines) == 2, "in the issue's plan and on the timeline"
        for line in lines:
            assert "(cancelled: no longer planned)" in line, line
    marked = f'{PROMISE} <span class="tag">(cancelled: no longer planned)</span>'
    assert document.html.count(PROMISE) == document.html.count(marked) == 2
    for rendered in (document.text, document.markdown, document.html):
        assert REASON not in rendered, "the reason was given to the team, not the client"


def test_the_pdf_says_so_too(ctx: AppContext, case_id: int) -> None:
    document = ctx.documents.build(case_id, "status")
    pdf = ctx.documents.export(document, "pdf")
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    after = text[text.index(PROMISE) + len(PROMISE) :]
    assert after.lower().lstrip(" .(").startswith("cancelled"), after[:80]
    assert REASON not in text


def test_a_cancellation_marked_for_the_client_gives_them_its_reason(
    ctx: AppContext, case_id: int
) -> None:
    [cancelled] = [e for e in ctx.timeline.entries(case_id) if e.text.startswith("Cancelled")]
    ctx.timeline.amend_entry(cancelled.id, cancelled.text, cancelled.kind, for_client=True)
    text = ctx.documents.build(case_id, "status").text
    assert REASON in text


def test_promises_still_open_or_kept_read_as_before(ctx: AppContext, case_id: int) -> None:
    [kept] = [
        c
        for c in ctx.commitments.ledger(case_id)
        if c.record.state is CommitmentState.OPEN and c.record.text.startswith("Confirm with Dana")
    ]
    ctx.commitments.mark_kept(kept.record.id)
    text = ctx.documents.build(case_id, "status").text
    for line in text.splitlines():
        if "Call Dana back by" in line or "Confirm with Dana" in line:
            assert "cancelled" not in line.lower(), line
