"""A person as the client: documents name them once ("For Rosa Moreau"), never twice."""

from __future__ import annotations

import email
import html
import re
from email import policy
from email.message import EmailMessage

import pytest
from icalendar import Calendar

from callnotes.app import AppContext
from callnotes.domain.timeline import EntryKind
from callnotes.reports.documents import export

KINDS = ("status", "minutes", "handover", "review")
# The e-mail draft's PDF attachment is Qt's (covered elsewhere); its text parts are checked here.
STAND_IN_PDF = b"%PDF-1.7\n% stand-in\n"


def readable(document: str) -> str:
    """A document's words as a reader sees them, whatever the format: no tags, no Markdown
    marks, no label colons ("For:" is "For"), single spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", document))
    text = re.sub(r"^\s*(?:- |#+ )", "", text.replace("**", ""), flags=re.MULTILINE)
    return " ".join(re.sub(r"(?<=[A-Za-z]):", "", text).split())


def person_case(ctx: AppContext, client: str, caller: str, role: str = "") -> int:
    """A case of a client who is a person; *caller* (one of its contacts) is on the line."""
    record = ctx.clients.create_client(client, timezone="Europe/Paris")
    if caller != client:
        ctx.clients.add_contact(record.id, client, email="rosa@moreau.example")
    on_the_line = ctx.clients.add_contact(
        record.id, caller, role=role, email=f"{caller.split()[0].lower()}@moreau.example"
    )
    case = ctx.cases.open_case(record.id, "Invoices arrive twice")
    ctx.calls.start_call(case.id, contact_id=on_the_line.id)
    ctx.timeline.add_entry(case.id, "Call her back by 18:00 with the fix.", EntryKind.COMMITMENT)
    return case.id


def everything_said(ctx: AppContext, case_id: int) -> dict[str, str]:
    """Every document in every text format, the e-mail drafts' parts and the calendar file."""
    said: dict[str, str] = {}
    for kind in KINDS:
        document = ctx.documents.build(case_id, kind)
        for fmt in ("html", "md", "txt"):
            said[f"{kind}.{fmt}"] = readable(export(document, fmt).decode())
        draft = email.message_from_bytes(
            export(document, "eml", to_pdf=lambda html, **_: STAND_IN_PDF), policy=policy.default
        )
        assert isinstance(draft, EmailMessage)
        said[f"{kind}.eml subject"] = str(draft["Subject"])
        said[f"{kind}.eml to"] = str(draft["To"])
        for part in ("plain", "html"):
            body = draft.get_body((part,))
            assert body is not None
            said[f"{kind}.eml {part}"] = readable(body.get_content())
    ics = export(ctx.documents.build(case_id, "status"), "ics")
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    said["ics summary"] = str(event["summary"])
    said["ics description"] = " ".join(str(event["description"]).split())
    return said


@pytest.mark.parametrize(("name", "role"), [("Rosa Moreau", ""), ("Joyce Wu", "Owner")])
def test_a_person_who_calls_about_their_own_case_is_named_once(
    ctx: AppContext, name: str, role: str
) -> None:
    said = everything_said(ctx, person_case(ctx, name, name, role))
    doubled = (f"{name}, {name}", f"{name} · {name}", f"of {name}", f"({name})", f"for {name}")
    for where, text in said.items():
        for wrong in doubled:
            assert wrong not in text, (where, wrong, text[:400])
    titled = f"{name} ({role})" if role else name
    for fmt in ("html", "md", "txt"):
        assert f"For {titled} From" in said[f"status.{fmt}"]
        assert f"{name} called on Mon 02 Mar 2026, 10:00 CET." in said[f"handover.{fmt}"]
        assert f"Client {name} Opened" in said[f"review.{fmt}"]
    assert f"For {titled} From" in said["status.eml plain"]
    assert f"For {titled} From" in said["status.eml html"]
    assert said["status.eml to"].startswith(name)
    assert said["ics summary"] == f"Update {name}: Invoices arrive twice"
    assert said["ics description"].startswith(f"Next update promised to {titled}: ")


def test_someone_calling_for_a_person_says_on_whose_behalf(ctx: AppContext) -> None:
    said = everything_said(ctx, person_case(ctx, "Rosa Moreau", "Marc Moreau", "Her son"))
    for fmt in ("html", "md", "txt"):
        assert "For Marc Moreau (Her son), for Rosa Moreau From" in said[f"status.{fmt}"]
        assert "Marc Moreau (Her son) on behalf of Rosa Moreau called on" in said[f"handover.{fmt}"]
        assert "Client Rosa Moreau · Marc Moreau (Her son)" in said[f"review.{fmt}"]
    assert said["ics summary"] == "Update Marc Moreau (for Rosa Moreau): Invoices arrive twice"


def test_a_company_keeps_the_person_and_the_company(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    dana = ctx.clients.add_contact(
        client.id, "Dana Whitfield", role="Operations Manager", email="dana@northwind.example"
    )
    case = ctx.cases.open_case(client.id, "Labels do not print")
    ctx.calls.start_call(case.id, contact_id=dana.id)
    ctx.timeline.add_entry(case.id, "Call Dana back by 23:30.", EntryKind.COMMITMENT)
    said = everything_said(ctx, case.id)
    dana_at = "Dana Whitfield (Operations Manager)"
    for fmt in ("html", "md", "txt"):
        assert f"For {dana_at}, Northwind Logistics From" in said[f"status.{fmt}"]
        assert f"{dana_at} of Northwind Logistics called on" in said[f"handover.{fmt}"]
    assert said["ics summary"] == "Update Dana Whitfield (Northwind Logistics): Labels do not print"
