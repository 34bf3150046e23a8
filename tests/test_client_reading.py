"""What the client reads: only entries marked for them or of the kinds they always read.

One rule (``client_may_read``) decides it, and every document for the client, in every format
and through the user's own templates, is built from a context that holds nothing else.
"""

from __future__ import annotations

import copy
import email
import io
import unicodedata
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from alembic import command
from pypdf import PdfReader
from sqlalchemy import create_engine, inspect

from callnotes.app import AppContext, open_context
from callnotes.domain.timeline import EntryKind, client_may_read
from callnotes.errors import InvalidInputError
from callnotes.reports.documents import CLIENT_KINDS, Document
from callnotes.storage import migrate
from tests.conftest import FakeClock

PRIVATE_NOTE = "Client upset and had asked for Priya by name zqnote"
PRIVATE_ACTION = "Told Marco the rollout skipped testing zqaction"
MARKED_NOTE = "Label service restarted and the first labels printed zqshared"
INTERNAL_KINDS = ("minutes", "handover", "review")
# A user's own template for the client's document that shows everything it is given: the whole
# context as Python sees it, and every list of entries, promises and updates it offers.
DUMP_ALL = """{{ r }}
{% for e in r.entries %}{{ e.text }}
{% endfor %}{% for v in r.issues %}{% for e in v.entries %}{{ e.text }}
{% endfor %}{% endfor %}{% for c in r.commitments %}{{ c.text }}
{% endfor %}{% for c in r.communications %}{{ c.summary }}
{% endfor %}{% for e in r.changes %}{{ e.text }}
{% endfor %}{% for e in r.steps_to_resolution %}{{ e.text }}
{% endfor %}{% for s in next_steps %}{{ s.text }}
{% endfor %}"""


def squash(text: str) -> str:
    """Text without whitespace and with ligatures undone, as PDF text is compared."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(data: bytes) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def every_part(data: bytes) -> list[str]:
    """Each part of an e-mail draft as text: the plain and HTML bodies and the PDF's text."""
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_content()
        if part.get_content_type() == "application/pdf":
            parts.append(pdf_text(content))
        else:
            parts.append(content)
    assert len(parts) == 3, "a text body, an HTML body and the PDF attachment"
    return parts


def every_format(ctx: AppContext, document: Document) -> dict[str, str]:
    """The document as the client (or the team) gets it, in every format, as searchable text."""
    texts = {
        "html": document.html,
        "md": document.markdown,
        "txt": document.text,
        "pdf": pdf_text(ctx.documents.export(document, "pdf")),
    }
    if document.recipient is not None:
        for n, part in enumerate(every_part(ctx.documents.export(document, "eml"))):
            texts[f"eml part {n}"] = part
    return texts


def holds(text: str, fact: str) -> bool:
    return fact in text or squash(fact) in text


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    """The demo case with a private note, a private action and a note marked for the client,
    all three about the first issue (where the status report's "what we know" could leak)."""
    case_id = ctx.demo.load_demo()
    first = ctx.issues.issues(case_id)[0]
    ctx.timeline.add_entry(case_id, PRIVATE_NOTE, EntryKind.NOTE, issue_id=first.id)
    ctx.timeline.add_entry(case_id, PRIVATE_ACTION, EntryKind.ACTION, issue_id=first.id)
    ctx.timeline.add_entry(case_id, MARKED_NOTE, issue_id=first.id, for_client=True)
    return case_id


def test_the_rule_by_kind_mark_and_internal_flag(ctx: AppContext, case_id: int) -> None:
    entries = {e.text: e for e in ctx.timeline.entries(case_id)}
    assert not client_may_read(entries[PRIVATE_NOTE])
    assert not client_may_read(entries[PRIVATE_ACTION])
    assert client_may_read(entries[MARKED_NOTE]) and entries[MARKED_NOTE].for_client
    for entry in entries.values():
        if entry.internal:
            assert not client_may_read(entry)
        elif entry.kind in (EntryKind.CLIENT_SAID, EntryKind.DECISION, EntryKind.COMMITMENT):
            assert client_may_read(entry), entry.text


def test_every_client_document_in_every_format_holds_only_the_marked_note(
    qapp: object, ctx: AppContext, case_id: int
) -> None:
    assert "status" in CLIENT_KINDS
    internal = [e.text for e in ctx.timeline.entries(case_id) if e.internal]
    everything = len(ctx.timeline.entries(case_id))
    shared = len(ctx.reports.context(case_id).client_visible_entries)
    for kind in CLIENT_KINDS:
        document = ctx.documents.build(case_id, kind)
        assert document.recipient is not None, "the e-mail draft goes to the client's contact"
        for fmt, text in every_format(ctx, document).items():
            assert holds(text, MARKED_NOTE), (kind, fmt)
            for private in (PRIVATE_NOTE, PRIVATE_ACTION, *internal):
                assert not holds(text, private), (kind, fmt, private)
        assert (document.entries_shared, document.entries_left_out) == (
            shared,
            everything - shared,
        )


def test_a_user_template_for_the_client_is_never_given_the_private_remarks(
    ctx: AppContext, case_id: int
) -> None:
    folder = ctx.paths.templates_dir
    folder.mkdir(parents=True)
    for fmt in ("html", "md", "txt"):
        (folder / f"status.{fmt}").write_text(DUMP_ALL, encoding="utf-8")
    document = ctx.documents.build(case_id, "status")
    assert document.problems == ()
    for text in (document.html, document.markdown, document.text):
        assert "ReportContext(" in text, "the user's template was used"
        assert MARKED_NOTE in text
        assert PRIVATE_NOTE not in text and PRIVATE_ACTION not in text
        for entry in ctx.timeline.entries(case_id):
            if entry.internal:
                assert entry.text not in text
    # The team's documents rendered from the same template are given everything.
    (folder / "minutes.txt").write_text(DUMP_ALL, encoding="utf-8")
    minutes = ctx.documents.build(case_id, "minutes").text
    assert all(fact in minutes for fact in (MARKED_NOTE, PRIVATE_NOTE, PRIVATE_ACTION))


def test_the_internal_documents_hold_all_three(qapp: object, ctx: AppContext, case_id: int) -> None:
    for kind in INTERNAL_KINDS:
        document = ctx.documents.build(case_id, kind)
        for fmt, text in every_format(ctx, document).items():
            for fact in (MARKED_NOTE, PRIVATE_NOTE, PRIVATE_ACTION):
                assert holds(text, fact), (kind, fmt, fact)


def test_marking_afterwards_is_an_amendment_that_reaches_the_status_report(
    ctx: AppContext, case_id: int
) -> None:
    note = next(e for e in ctx.timeline.entries(case_id) if e.text == PRIVATE_NOTE)
    shared = ctx.timeline.amend_entry(note.id, note.text, for_client=True)
    assert shared.for_client
    [revision] = shared.revisions
    assert (revision.previous_text, revision.previous_for_client) == (PRIVATE_NOTE, False)
    assert not shared.amended, "the wording did not change: documents do not call it corrected"
    status = ctx.documents.build(case_id, "status").text
    assert PRIVATE_NOTE in status
    assert f"{PRIVATE_NOTE} (corrected)" not in status
    taken_back = ctx.timeline.amend_entry(note.id, note.text, for_client=False)
    assert [r.previous_for_client for r in taken_back.revisions] == [False, True]
    assert PRIVATE_NOTE not in ctx.documents.build(case_id, "status").text
    # The team's documents say what happened to the marking, not that the words changed.
    for kind in ("handover", "review"):
        document = ctx.documents.build(case_id, kind)
        for text in (document.text, document.markdown, document.html):
            assert "marked for the client" in text and "no longer for the client" in text
            assert f"was: {PRIVATE_NOTE}" not in text, kind


def test_an_internal_entry_cannot_be_marked_for_the_client(ctx: AppContext, case_id: int) -> None:
    internal = next(e for e in ctx.timeline.entries(case_id) if e.internal)
    with pytest.raises(InvalidInputError, match="team only"):
        ctx.timeline.amend_entry(internal.id, internal.text, for_client=True)
    again = next(e for e in ctx.timeline.entries(case_id) if e.id == internal.id)
    assert not again.for_client and not again.revisions


def test_the_client_context_keeps_only_promises_and_updates_for_the_client(
    ctx: AppContext, case_id: int
) -> None:
    full = ctx.reports.context(case_id)
    client = full.for_client()
    readable = {e.id for e in full.entries if client_may_read(e)}
    assert {e.id for e in client.entries} == readable
    assert all(e.id in readable for v in client.issues for e in v.entries)
    assert all(c.audience.value == "client" for c in client.communications)
    assert len(client.communications) < len(full.communications), "the demo told the team too"
    assert all(c.entry_id is None or c.entry_id in readable for c in client.commitments)
    assert client.review is None


# --- case files and databases from before the marking -------------------------------------------


@pytest.fixture
def other(tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(str(tmp_path / "other"), clock=FakeClock())
    yield context
    context.close()


def test_a_case_file_keeps_the_marking_and_its_revisions(
    ctx: AppContext, case_id: int, other: AppContext
) -> None:
    note = next(e for e in ctx.timeline.entries(case_id) if e.text == PRIVATE_NOTE)
    ctx.timeline.amend_entry(note.id, note.text, for_client=True)
    document = ctx.exporter.export_case(case_id)
    assert document["version"] >= 3  # the marking came with version 3
    timeline = {e["text"]: e for e in document["case"]["timeline"]}
    assert timeline[MARKED_NOTE]["for_client"] is True
    assert timeline[PRIVATE_ACTION]["for_client"] is False
    assert timeline[PRIVATE_NOTE]["revisions"][0]["previous_for_client"] is False
    imported = other.importer.import_case(copy.deepcopy(document))
    assert other.exporter.export_case(imported) == document
    status = other.documents.build(imported, "status").text
    assert MARKED_NOTE in status and PRIVATE_NOTE in status and PRIVATE_ACTION not in status


@pytest.mark.parametrize("version", [1, 2])
def test_a_case_file_from_before_the_marking_imports_as_not_marked(
    ctx: AppContext, case_id: int, other: AppContext, version: int
) -> None:
    document = ctx.exporter.export_case(case_id)
    document["version"] = version
    for entry in document["case"]["timeline"]:
        del entry["for_client"]
        for revision in entry["revisions"]:
            del revision["previous_for_client"]
    imported = other.importer.import_case(document)
    assert not any(e.for_client for e in other.timeline.entries(imported))
    status = other.documents.build(imported, "status").text
    assert MARKED_NOTE not in status and PRIVATE_NOTE not in status
    assert "Agreed with Dana: labels first" in status, "decisions still reach the client"


def test_a_database_from_before_the_marking_has_every_entry_unmarked(data_dir: Path) -> None:
    before = open_context(str(data_dir), clock=FakeClock())
    case_id = before.demo.load_demo()
    first = before.issues.issues(case_id)[0]
    before.timeline.add_entry(case_id, MARKED_NOTE, issue_id=first.id, for_client=True)
    note = before.timeline.entries(case_id)[-1]
    before.timeline.amend_entry(note.id, note.text + " at 10:40", for_client=True)
    path = before.db.path
    assert path is not None
    before.close()
    # Back to the schema before this change, as a database written by the previous version.
    config = migrate.alembic_config()
    engine = create_engine(f"sqlite:///{path}")  # foreign keys off: batch mode rebuilds tables
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
        connection.commit()
        columns = {c["name"] for c in inspect(connection).get_columns("timeline_entries")}
        assert "for_client" not in columns
    engine.dispose()

    after = open_context(str(data_dir), clock=FakeClock())
    try:
        assert after.migration.from_revision == "0003"
        assert after.migration.to_revision == migrate.head_revision()
        entries = after.timeline.entries(case_id)
        assert len(entries) == len({e.id for e in entries}) and entries
        assert not any(e.for_client for e in entries)
        assert not any(r.previous_for_client for e in entries for r in e.revisions)
        status = after.documents.build(case_id, "status").text
        assert MARKED_NOTE not in status, "never consciously shared under this version's rule"
        assert "Agreed with Dana: labels first" in status
    finally:
        after.close()
