"""A new caller's status report: the agent is told what to fill in before the client reads it."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext


@pytest.fixture
def number_only(ctx: AppContext) -> int:
    """Ctrl+N with only the number typed."""
    return ctx.intake.start_new_case(case_title="", number="+44 161 496 0000").case.id


def test_the_status_report_says_what_to_fill_in_first(ctx: AppContext, number_only: int) -> None:
    problems = " ".join(ctx.documents.build(number_only, "status").problems)
    assert "“Caller +44 161 496 0000”" in problems
    assert "add their name on the client card" in problems
    assert "“New call”" in problems
    assert "add the issue the client called about" in problems


def test_the_client_reads_what_is_known_not_the_placeholders(
    ctx: AppContext, number_only: int
) -> None:
    document = ctx.documents.build(number_only, "status")
    for rendered in (document.html, document.markdown, document.text):
        assert "Caller +44" not in rendered
        assert "New call" not in rendered
    assert "For:     +44 161 496 0000" in document.text
    assert "New call" not in document.subject


def test_nothing_to_fill_in_once_named(ctx: AppContext, number_only: int) -> None:
    case = ctx.cases.get_case(number_only)
    ctx.issues.add_issue(number_only, "Delivery labels do not print")
    client = ctx.clients.get_client(case.client_id)
    ctx.clients.update_client(client.id, name="Northwind Logistics", timezone=client.timezone)
    [contact] = client.contacts
    ctx.clients.update_contact(contact.id, name="Dana Whitfield", phones=contact.phones)
    document = ctx.documents.build(number_only, "status")
    assert document.problems == ()
    assert "Delivery labels do not print" in document.subject


def test_the_team_documents_are_not_held_up(ctx: AppContext, number_only: int) -> None:
    for kind in ("minutes", "handover"):
        assert ctx.documents.build(number_only, kind).problems == ()
