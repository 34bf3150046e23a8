"""Erasing one client: everything of theirs goes, in one transaction, and nothing else does."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, func, select, text

from callnotes.app import AppContext
from callnotes.domain.call_backs import CallBackReason
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.investigation import SAME_AS_ERASED, InvestigationCheck
from callnotes.domain.timeline import EntryKind
from callnotes.errors import CallInProgressError, NotFoundError, StorageError
from callnotes.services.clients.erasure import ErasureCounts
from callnotes.storage import models as m

UNIQUE_WORD = "zanzibarite"
OTHER_WORD = "sourdoughish"

# Every table that can hold something of a client, with the erasure count that covers it.
TABLES = {
    "cases": m.Case,
    "contacts": m.Contact,
    "phone_numbers": m.ContactPhone,
    "calls": m.Call,
    "call_backs": m.CallBack,
    "issues": m.Issue,
    "entries": m.TimelineEntry,
    "revisions": m.EntryRevision,
    "commitments": m.Commitment,
    "communications": m.Communication,
    "escalation_attempts": m.EscalationAttempt,
    "team_notices": m.TeamNotice,
    "investigation_steps": m.InvestigationStep,
    "case_links": m.CaseLink,
    "follow_up_checks": m.FollowUpCheck,
    "reviews": m.Review,
    "prevention_actions": m.PreventionAction,
    "cover_acknowledgements": m.CoverAcknowledgement,
    "closures": m.ClientClosure,
    "drafts": m.Draft,
}


CLOSURE_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:s@x\r\n"
    b"DTSTART;VALUE=DATE:20261228\r\nSUMMARY:Stocktake\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def populate(ctx: AppContext) -> dict[str, int]:
    """The demo client (Northwind, two cases with every kind of record) and a second client.

    Links run both ways between the two clients' cases, and each has a draft.
    """
    open_case = ctx.demo.load_demo()
    northwind = ctx.cases.get_case(open_case).client_id
    [resolved] = [c.id for c in ctx.cases.list_cases() if c.id != open_case]
    note = ctx.timeline.add_entry(
        open_case, f"Dana mentioned the {UNIQUE_WORD} shipment for Northwind Logistics."
    )
    ctx.timeline.amend_entry(note.id, note.text + " Confirmed by e-mail.")
    ctx.investigation.record(open_case, InvestigationCheck.LOGS, "Spooler log shows size errors.")
    ctx.investigation.link_case(open_case, resolved, "same printers")
    ctx.drafts.save(note_draft_key(open_case), f"half-typed {UNIQUE_WORD} note")
    ctx.drafts.save(f"investigation:{resolved}:logs", "findings being typed")

    fabrikam = ctx.clients.create_client("Fabrikam Bakeries", timezone="Europe/Paris")
    baker = ctx.clients.add_contact(fabrikam.id, "Luc Martin", phones=["+33 1 42 68 53 00"])
    other = ctx.cases.open_case(fabrikam.id, "Ovens offline").id
    ctx.calls.start_call(other, number="+33142685300", contact_id=baker.id)
    ctx.timeline.add_entry(other, f"The {OTHER_WORD} batch failed twice.", EntryKind.CLIENT_SAID)
    ctx.issues.add_issue(other, "Oven controller reboots", client_words="It keeps restarting")
    ctx.investigation.link_case(other, resolved, "looked alike at first")
    ctx.investigation.link_case(open_case, other, "same week")
    ctx.drafts.save(note_draft_key(other), "Fabrikam draft stays")
    # Back from an absence, their usual contact acknowledged what happened on both clients.
    usual = ctx.clients.get_client(northwind).usual_contact
    assert usual is not None
    ctx.team.set_away(usual.id, until=ctx.clock() + timedelta(days=1), reason="Leave")
    ctx.cover.acknowledge(usual.id, f"entry:{note.id}", northwind)
    ctx.cover.acknowledge(usual.id, "issue:1", fabrikam.id)
    # A ring Dana missed waits in the call-back queue; so does one of Fabrikam's.
    ctx.call_backs.record("+44 20 7946 0321", CallBackReason.MISSED)
    ctx.call_backs.record("+33 1 42 68 53 00", CallBackReason.VOICEMAIL)
    # Both clients' calendars hold a closure; only Northwind's goes.
    for client_id in (northwind, fabrikam.id):
        ctx.client_calendar.import_closures(client_id, CLOSURE_ICS, "closures.ics")
    return {"northwind": northwind, "fabrikam": fabrikam.id, "other_case": other}


@pytest.fixture
def clients(ctx: AppContext) -> dict[str, int]:
    return populate(ctx)


def table_counts(ctx: AppContext) -> dict[str, int]:
    with ctx.db.unit_of_work() as session:
        counts = {
            kind: session.scalar(select(func.count()).select_from(model)) or 0
            for kind, model in TABLES.items()
        } | {"clients": session.scalar(select(func.count()).select_from(m.Client)) or 0}
    return counts | {"drafts": len(draft_keys(ctx))}


def draft_keys(ctx: AppContext) -> set[str]:
    """The drafts' keys where they are kept: in the record on SQLite; on a team database in
    this desktop's own file, scoped to that database (the scope taken off here)."""
    if ctx.db.is_sqlite:
        with ctx.db.unit_of_work() as session:
            return set(session.scalars(select(m.Draft.key)))
    with sqlite3.connect(ctx.paths.database) as file:
        return {key.partition("|")[2] for (key,) in file.execute("SELECT key FROM drafts")}


def fts_rows(ctx: AppContext, word: str) -> int:
    """Rows of the SQLite full-text index matching *word* (a server database has none: its
    search reads the tables themselves, checked through the search service)."""
    if not ctx.db.is_sqlite:
        return 0
    with ctx.db.unit_of_work() as session:
        entries = session.execute(
            text("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH :q"), {"q": word}
        ).scalar_one()
        issues = session.execute(
            text("SELECT count(*) FROM issues_fts WHERE issues_fts MATCH :q"), {"q": word}
        ).scalar_one()
        newest = session.execute(
            text("SELECT count(*) FROM entries_recent_fts WHERE entries_recent_fts MATCH :q"),
            {"q": word},
        ).scalar_one()
    return int(entries) + int(issues) + int(newest)


def without_links(document: dict[str, Any]) -> dict[str, Any]:
    case = {k: v for k, v in document["case"].items() if k != "linked_cases"}
    return {**document, "case": case}


def test_preview_counts_what_is_there_and_changes_nothing(
    ctx: AppContext, clients: dict[str, int]
) -> None:
    before = table_counts(ctx)
    found = ctx.client_erasure.preview(clients["northwind"])
    assert found.client_name == "Northwind Logistics"
    assert (found.cases, found.contacts, found.phone_numbers) == (2, 2, 2)
    # Three links: inside Northwind, from Fabrikam to Northwind and from Northwind to Fabrikam;
    # each link Northwind made is also a step of its investigation, beside the logs checked.
    assert (found.case_links, found.investigation_steps) == (3, 3)
    assert (found.revisions, found.drafts) == (1, 2)
    assert all(count > 0 for _kind, count in found.items()), found
    assert table_counts(ctx) == before


def test_erasure_removes_every_row_of_the_client_and_only_those(
    ctx: AppContext, clients: dict[str, int]
) -> None:
    before = table_counts(ctx)
    fabrikam_case = ctx.exporter.export_case(clients["other_case"])
    [linked] = ctx.investigation.investigation(clients["other_case"]).linked
    quoted = f"same as case {linked.case_id} ({linked.title})"
    assert quoted in json.dumps(fabrikam_case, ensure_ascii=False)
    expected = ctx.client_erasure.preview(clients["northwind"])

    erased = ctx.client_erasure.erase(clients["northwind"])

    assert erased == expected
    after = table_counts(ctx)
    for kind in TABLES:
        assert after[kind] == before[kind] - getattr(erased, kind), kind
    assert after["clients"] == before["clients"] - 1
    # What is left is Fabrikam's, untouched except for its link to the erased case and that
    # case's number and title, quoted where the link was made.
    with ctx.db.unit_of_work() as session:
        assert set(session.scalars(select(m.Client.name))) == {"Fabrikam Bakeries"}
        assert set(session.scalars(select(m.Case.client_id))) == {clients["fabrikam"]}
        assert session.scalar(select(func.count()).select_from(m.CaseLink)) == 0
    assert draft_keys(ctx) == {note_draft_key(clients["other_case"])}
    after_doc = ctx.exporter.export_case(clients["other_case"])
    reworded = json.dumps(fabrikam_case, ensure_ascii=False).replace(quoted, SAME_AS_ERASED)
    assert without_links(after_doc) == without_links(json.loads(reworded))
    assert after_doc["case"]["linked_cases"] == []
    assert ctx.clients.find_callers("+33 1 42 68 53 00")[0].client_name == "Fabrikam Bakeries"
    with pytest.raises(NotFoundError):
        ctx.clients.get_client(clients["northwind"])


def test_nothing_of_the_client_stays_findable(ctx: AppContext, clients: dict[str, int]) -> None:
    assert ctx.search.search(UNIQUE_WORD)
    assert ctx.search.search("Northwind Logistics")
    assert ctx.search.search("labels")
    assert ctx.clients.find_callers("+44 20 7946 0321")  # Dana, the demo caller

    ctx.client_erasure.erase(clients["northwind"])

    for query in (UNIQUE_WORD, "Northwind Logistics", "Northwind", "labels", "Dana"):
        assert ctx.search.search(query) == [], query
        assert fts_rows(ctx, query.split()[0]) == 0, query
    assert [h.client_name for h in ctx.search.search(OTHER_WORD)] == ["Fabrikam Bakeries"]
    assert [c.name for c in ctx.clients.list_clients()] == ["Fabrikam Bakeries"]
    assert ctx.clients.find_callers("+44 20 7946 0321") == []


@pytest.mark.sqlite_only
def test_the_words_are_gone_from_the_database_files(
    ctx: AppContext, clients: dict[str, int]
) -> None:
    ctx.client_erasure.erase(clients["northwind"])
    # Read while the database is open: the write-ahead log was folded in and emptied.
    files = [p for p in ctx.paths.database.parent.glob("callnotes.db*") if p.is_file()]
    content = b"".join(p.read_bytes() for p in files)
    assert OTHER_WORD.encode() in content  # the check can see words that are still there
    assert UNIQUE_WORD.encode() not in content
    assert b"Northwind Logistics" not in content


def test_a_failure_midway_erases_nothing(ctx: AppContext, clients: dict[str, int]) -> None:
    before = table_counts(ctx)
    statements: list[str] = []

    def fail_on_cases(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)
        if statement.lstrip().upper().startswith("DELETE FROM CASES"):
            if ctx.db.is_sqlite:
                raise sqlite3.OperationalError("disk I/O error")
            raise psycopg.errors.DiskFull("could not extend file: No space left on device")

    event.listen(ctx.db.engine, "before_cursor_execute", fail_on_cases)
    try:
        with pytest.raises(StorageError):
            ctx.client_erasure.erase(clients["northwind"])
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", fail_on_cases)

    # The failure came after timeline entries, issues and calls had been deleted ...
    assert any(s.startswith("DELETE FROM timeline_entries") for s in statements)
    # ... and every one of those deletions was rolled back.
    assert table_counts(ctx) == before
    assert ctx.search.search(UNIQUE_WORD)
    # One entry: in the index of every entry and in the newest entries' (SQLite's).
    assert fts_rows(ctx, UNIQUE_WORD) == (2 if ctx.db.is_sqlite else 0)
    assert ctx.client_erasure.preview(clients["northwind"]).cases == 2


def test_a_client_without_cases_is_erased_too(ctx: AppContext) -> None:
    lone = ctx.clients.create_client("Contoso Pharmacy")
    ctx.clients.add_contact(lone.id, "Ana Ruiz", phones=["+34 912 345 678"])
    erased = ctx.client_erasure.erase(lone.id)
    assert erased == ErasureCounts(lone.id, "Contoso Pharmacy", contacts=1, phone_numbers=1)
    assert erased.summary() == "1 contact, 1 phone number"
    assert ctx.clients.find_callers("+34 912 345 678") == []


def test_an_unknown_client_is_a_clear_error(ctx: AppContext) -> None:
    with pytest.raises(NotFoundError, match=r"There is no client with id 42\."):
        ctx.client_erasure.erase(42)
    with pytest.raises(NotFoundError, match=r"There is no client with id 42\."):
        ctx.client_erasure.preview(42)


def test_the_log_names_the_client_by_id_only(
    ctx: AppContext, clients: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="callnotes"):
        erased = ctx.client_erasure.erase(clients["northwind"])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"erased client #{clients['northwind']}" in logged
    assert f"{erased.cases} cases" in logged
    for secret in ("Northwind", UNIQUE_WORD, "Dana", "+44"):
        assert secret not in logged


def test_no_draft_text_stays_in_the_files_with_secure_delete_off(data_dir) -> None:
    """SQLite's own default is secure_delete off (some builds turn it on): an autosaved draft,
    rewritten as the agent typed, leaves its older versions in freed space of the file."""
    from callnotes.app import open_context

    ctx = open_context(str(data_dir))
    try:

        @event.listens_for(ctx.db.engine, "connect")
        def _off(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA secure_delete=OFF")

        ctx.db.engine.dispose()  # every connection from now on has it off
        with ctx.db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 0
        client = ctx.clients.create_client("Contoso Kitchens")
        case = ctx.cases.open_case(client.id, "Dishwasher leaks").id
        other = ctx.clients.create_client("Fabrikam Bakeries")
        ctx.cases.open_case(other.id, "Ovens offline")
        typed = ""
        for word in (f"{UNIQUE_WORD} arrived damaged on the loading dock " * 3).split():
            typed += word + " "
            ctx.drafts.save(note_draft_key(case), typed)  # an autosave per word
        ctx.drafts.save(note_draft_key(case), "")
        ctx.drafts.save(note_draft_key(case), f"a short {UNIQUE_WORD}")

        ctx.client_erasure.erase(client.id)

        files = [p for p in ctx.paths.database.parent.glob("callnotes.db*") if p.is_file()]
        content = b"".join(p.read_bytes() for p in files)
        assert b"Ovens offline" in content  # the check can see words that are still there
        assert UNIQUE_WORD.encode() not in content
        assert b"loading dock" not in content
        assert b"Contoso" not in content
    finally:
        ctx.close()


def test_its_case_titles_quoted_in_other_clients_cases_go_too(ctx: AppContext) -> None:
    """Linking a past case copies its number and title into the linking case's timeline and
    investigation; erasing the past case's client takes that title out of both, out of the
    entry's earlier versions, and so out of search, documents and exports."""
    zeta = ctx.clients.create_client("Zeta Bank")
    theirs = ctx.cases.open_case(zeta.id, "Zeta Bank HQ label printers down").id
    acme = ctx.clients.create_client("Acme Freight")
    ours = ctx.cases.open_case(acme.id, "Depot printers print blank labels").id
    ctx.investigation.link_case(ours, theirs, "same printer model")
    [step] = ctx.investigation.investigation(ours).items[0].steps
    assert step.entry_id is not None
    entry = ctx.timeline.entries(ours)[-1]
    assert "Zeta Bank HQ" in entry.text
    ctx.timeline.amend_entry(entry.id, entry.text + " Driver 4.2 on both.")
    assert ctx.search.search("Zeta")

    preview = ctx.client_erasure.preview(zeta.id)
    erased = ctx.client_erasure.erase(zeta.id)

    assert erased == preview
    assert (erased.case_links, erased.mentions) == (1, 1)
    assert erased.summary() == "1 case, 1 case link, 1 title quoted in another client's case"
    [entry] = [e for e in ctx.timeline.entries(ours) if e.id == step.entry_id]
    assert entry.text == (
        "Checked whether this happened before: same as a case since erased — same printer model"
        " Driver 4.2 on both."
    )
    assert [r.previous_text for r in entry.revisions] == [
        "Checked whether this happened before: same as a case since erased — same printer model"
    ]
    [item] = [i for i in ctx.investigation.investigation(ours).items if i.steps]
    assert [s.findings for s in item.steps] == ["same as a case since erased — same printer model"]
    assert ctx.search.search("Zeta") == []
    assert fts_rows(ctx, "Zeta") == 0
    assert [h.case_id for h in ctx.search.search("Driver")] == [ours]  # the index followed
    for kind, _title in ctx.documents.kinds():
        assert "Zeta" not in ctx.documents.build(ours, kind).html, kind
    assert "Zeta" not in json.dumps(ctx.exporter.export_case(ours))
    if ctx.db.is_sqlite:
        files = [p for p in ctx.paths.database.parent.glob("callnotes.db*") if p.is_file()]
        assert b"Zeta Bank" not in b"".join(p.read_bytes() for p in files)


def test_erasure_is_refused_while_a_call_with_the_client_is_in_progress(
    ctx: AppContext, clients: dict[str, int]
) -> None:
    """One rule for the app and the command line: a call of the client's not ended (taken on
    any desktop), or the call the asking desktop is on, hung up but not yet wrapped up."""
    northwind, fabrikam_case = clients["northwind"], clients["other_case"]
    [call] = [c for c in ctx.calls.calls(fabrikam_case) if c.ended_at is None]
    before = table_counts(ctx)
    said = "A call with Fabrikam Bakeries is in progress: wrap it up before erasing their data."
    with pytest.raises(CallInProgressError, match=said):
        ctx.client_erasure.preview(clients["fabrikam"])
    with pytest.raises(CallInProgressError, match=said):
        ctx.client_erasure.erase(clients["fabrikam"])
    ctx.calls.hang_up(call.id, talk_seconds=90)
    with pytest.raises(CallInProgressError, match=said):
        ctx.client_erasure.erase(clients["fabrikam"], current_call=call.id)
    assert table_counts(ctx) == before
    assert ctx.search.search(OTHER_WORD)
    # Another client's call in progress does not hold this client back.
    assert ctx.client_erasure.erase(northwind, current_call=call.id).cases == 2
    assert ctx.client_erasure.erase(clients["fabrikam"]).calls == 1
