"""The minutes name who was on the call: the client's people and the agent who took it."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from callnotes.app import AppContext
from callnotes.domain.timeline import EntryKind


def as_agent(ctx: AppContext, name: str) -> None:
    ctx.settings_store.save(ctx.settings.with_changes(agent_name=name, company="August"))


def attendees_line(text: str) -> str:
    return next(line for line in text.splitlines() if "Attendees" in line).replace("*", "")


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    as_agent(ctx, "Ann Lee")
    started = ctx.intake.start_new_case(
        case_title="Labels do not print",
        number="+44 20 7946 0321",
        contact_name="Dana Whitfield",
        client_name="Northwind Logistics",
    )
    ctx.timeline.add_entry(
        started.case.id, "Labels stopped last night", EntryKind.NOTE, call_id=started.call.id
    )
    ctx.calls.end_call(started.call.id, talk_seconds=300)
    # Someone else writes the minutes later.
    as_agent(ctx, "Lena Park")
    return started.case.id


def test_the_minutes_name_the_agent_who_took_the_call_not_the_one_writing(
    ctx: AppContext, case_id: int
) -> None:
    document = ctx.documents.build(case_id, "minutes")
    for rendered in (document.text, document.markdown):
        line = attendees_line(rendered)
        assert "Dana Whitfield" in line
        assert "Ann Lee (August)" in line
        assert "Lena Park" not in line, line
    pdf = ctx.documents.export(document, "pdf")
    pages = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(unicodedata.normalize("NFKC", pages).split())
    assert "Attendees Dana Whitfield, Ann Lee (August)" in text


def test_every_call_adds_who_was_on_it(ctx: AppContext, case_id: int) -> None:
    client_id = ctx.cases.get_case(case_id).client_id
    sam = ctx.clients.add_contact(client_id, "Sam Okafor", role="IT lead")
    call = ctx.calls.start_call(case_id, contact_id=sam.id)
    ctx.timeline.add_entry(case_id, "Sam confirms the rollback", EntryKind.NOTE, call_id=call.id)
    ctx.calls.end_call(call.id, talk_seconds=120)
    line = attendees_line(ctx.documents.build(case_id, "minutes").text)
    assert line.split(":", 1)[1].strip() == (
        "Dana Whitfield, Sam Okafor (IT lead), Ann Lee (August), Lena Park (August)"
    )
