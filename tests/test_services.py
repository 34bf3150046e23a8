"""The use cases the app starts with, against a real SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callnotes.app import AppContext
from callnotes.domain.calls import CallDirection
from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.settings import Settings
from tests.conftest import FakeClock


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    client = ctx.clients.create_client("Northwind", timezone="Europe/London")
    return ctx.cases.open_case(client.id, "Labels do not print").id


def test_create_client_with_usual_contact_and_contacts(ctx: AppContext) -> None:
    away = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    priya = ctx.clients.create_team_member(
        "Priya Shah", team="Accounts", away_until=away, away_reason="Off-site"
    )
    client = ctx.clients.create_client(
        "Northwind", timezone="Europe/London", usual_contact_id=priya.id
    )
    contact = ctx.clients.add_contact(
        client.id,
        "Dana Whitfield",
        phones=["+44 20 7946 0321"],
        preferred_method=ContactMethod.PHONE,
    )
    stored = ctx.clients.get_client(client.id)
    assert stored.usual_contact is not None
    assert stored.usual_contact.name == "Priya Shah"
    assert stored.usual_contact.is_away(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert stored.contacts == (contact,)
    assert contact.phones == ("+442079460321",)


def test_bad_client_input_is_refused_with_a_clear_message(ctx: AppContext) -> None:
    with pytest.raises(InvalidInputError, match="needs a name"):
        ctx.clients.create_client("   ")
    with pytest.raises(InvalidInputError, match="not a known time zone"):
        ctx.clients.create_client("Acme", timezone="Mars/Olympus")
    client = ctx.clients.create_client("Acme")
    with pytest.raises(InvalidInputError, match="not a phone number"):
        ctx.clients.add_contact(client.id, "Jo", phones=["call me maybe"])


def test_caller_is_found_however_the_number_is_written(ctx: AppContext) -> None:
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    client = ctx.clients.create_client("Northwind")
    ctx.clients.add_contact(client.id, "Dana", phones=["020 7946 0321"])
    for written in ("+44 20 7946 0321", "02079460321", "+44 (0)20 7946-0321"):
        matches = ctx.clients.find_callers(written)
        assert [(m.contact.name, m.client_name) for m in matches] == [("Dana", "Northwind")]
    assert ctx.clients.find_callers("+44 20 7946 0999") == []


def test_start_and_end_a_call(ctx: AppContext, case_id: int) -> None:
    call = ctx.calls.start_call(case_id, number="+1 201 555 0123")
    assert call.number == "+12015550123"
    assert call.direction is CallDirection.INBOUND
    ended = ctx.calls.end_call(call.id, talk_seconds=600, hold_seconds=30)
    assert ended.ended_at is not None and ended.ended_at > call.started_at
    assert ctx.calls.calls(case_id) == [ended]
    with pytest.raises(InvalidInputError):
        ctx.calls.start_call(case_id, number="not a number")


def test_timeline_entries_are_timestamped_typed_and_ordered(
    ctx: AppContext, case_id: int, clock: FakeClock
) -> None:
    first = ctx.timeline.add_entry(case_id, "Hello, you've called August.", EntryKind.NOTE)
    said = ctx.timeline.add_entry(case_id, "Nothing prints!", EntryKind.CLIENT_SAID)
    assert first.at < said.at
    assert [(e.kind, e.text) for e in ctx.timeline.entries(case_id)] == [
        (EntryKind.NOTE, "Hello, you've called August."),
        (EntryKind.CLIENT_SAID, "Nothing prints!"),
    ]


def test_an_edit_keeps_the_earlier_revision(ctx: AppContext, case_id: int) -> None:
    entry = ctx.timeline.add_entry(case_id, "Error 500 on export", EntryKind.CLIENT_SAID)
    amended = ctx.timeline.amend_entry(entry.id, "Error 502 on export", EntryKind.NEW_INFORMATION)
    assert amended.amended
    assert amended.text == "Error 502 on export"
    [revision] = amended.revisions
    assert revision.previous_text == "Error 500 on export"
    assert revision.previous_kind is EntryKind.CLIENT_SAID
    assert revision.revised_at > entry.at
    assert ctx.timeline.entries(case_id) == [amended]


def test_empty_or_unknown_entries_are_refused(ctx: AppContext, case_id: int) -> None:
    with pytest.raises(InvalidInputError):
        ctx.timeline.add_entry(case_id, "  \n ")
    with pytest.raises(NotFoundError, match="no case with id 999"):
        ctx.timeline.add_entry(999, "hello")
    with pytest.raises(NotFoundError):
        ctx.timeline.amend_entry(999, "hello")


def test_control_characters_are_removed_from_notes(ctx: AppContext, case_id: int) -> None:
    entry = ctx.timeline.add_entry(case_id, "disk\x00 full\x1b[2J")
    assert entry.text == "disk full"


def test_issues_need_only_a_title_and_sort_by_agreed_order_then_priority(
    ctx: AppContext, case_id: int
) -> None:
    low = ctx.issues.add_issue(case_id, "VAT export", impact=Impact.FEW_USERS, urgency=Urgency.LOW)
    bare = ctx.issues.add_issue(case_id, "Something else")
    high = ctx.issues.add_issue(
        case_id,
        "Labels",
        impact=Impact.WHOLE_BUSINESS,
        urgency=Urgency.CRITICAL,
        fixed_looks_like=("Labels print", "", "Dispatch leaves on time"),
    )
    assert high.priority == 1 and low.priority == 5 and bare.priority is None
    assert high.fixed_looks_like == ("Labels print", "Dispatch leaves on time")
    assert high.status is IssueStatus.NEW
    assert [i.title for i in ctx.issues.issues(case_id)] == [
        "Labels",
        "VAT export",
        "Something else",
    ]
    with pytest.raises(InvalidInputError):
        ctx.issues.add_issue(case_id, "")


def test_cases_list_shows_client_open_issues_and_latest_activity(
    ctx: AppContext, case_id: int
) -> None:
    other = ctx.cases.open_case(ctx.clients.create_client("Acme").id, "Quiet case")
    ctx.issues.add_issue(case_id, "Labels")
    entry = ctx.timeline.add_entry(case_id, "Latest note")
    cases = ctx.cases.list_cases()
    assert [c.id for c in cases] == [case_id, other.id]
    assert cases[0].client_name == "Northwind"
    assert cases[0].open_issue_count == 1
    assert cases[0].last_activity_at == entry.at
    with pytest.raises(NotFoundError):
        ctx.cases.get_case(12345)


def test_demo_is_realistic_and_idempotent(ctx: AppContext) -> None:
    case_id = ctx.demo.load_demo()
    assert ctx.demo.load_demo() == case_id
    # The open case, and an earlier resolved one of the same client (see demo_resolved).
    assert [c.status.value for c in ctx.cases.list_cases()] == ["open", "resolved"]
    issues = ctx.issues.issues(case_id)
    assert len(issues) == 3
    assert len({i.impact for i in issues}) == 3
    entries = ctx.timeline.entries(case_id)
    assert len(entries) >= 12
    client = ctx.clients.get_client(ctx.cases.get_case(case_id).client_id)
    assert client.usual_contact is not None and client.usual_contact.away_reason
