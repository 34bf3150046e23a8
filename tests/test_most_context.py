"""“Who has the most context?”: the colleague who handled this client's similar issue comes first,
and every reason is said in plain words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callnotes.app import AppContext
from callnotes.domain.context_ranking import MemberFacts, SimilarIssue, rank
from callnotes.domain.escalation import Outcome
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import MemberDraft
from callnotes.storage import models as m
from tests.conftest import FakeClock

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW, step=timedelta(0))


def past_case(
    ctx: AppContext,
    client_id: int,
    title: str,
    issue_title: str,
    *,
    owner_id: int | None,
    days_ago: int,
    reviewer_id: int | None = None,
) -> int:
    """A resolved case from *days_ago*, with one issue and perhaps a review."""
    opened = NOW - timedelta(days=days_ago)
    with ctx.db.unit_of_work() as session:
        case = m.Case(
            client_id=client_id,
            title=title,
            status="resolved",
            opened_at=opened,
            closed_at=opened + timedelta(days=1),
        )
        session.add(case)
        session.flush()
        session.add(
            m.Issue(
                case_id=case.id,
                title=issue_title,
                status="resolved",
                owner_id=owner_id,
                created_at=opened,
            )
        )
        if reviewer_id is not None:
            session.add(
                m.Review(
                    case_id=case.id,
                    root_cause="Driver update reset the label template",
                    author_id=reviewer_id,
                    written_at=opened + timedelta(days=2),
                )
            )
        return case.id


def test_the_member_who_handled_this_clients_similar_issue_comes_first(ctx: AppContext) -> None:
    add = ctx.team.add_member
    priya = add(MemberDraft("Priya Shah", role="Account manager", team="Accounts"))
    tom = add(MemberDraft("Tom Becker", role="Account manager", team="Accounts"))
    lena = add(MemberDraft("Lena Fischer", role="Support engineer", team="Support"))
    marco = add(MemberDraft("Marco Rossi", role="Platform engineer", team="Platform"))
    sam = add(MemberDraft("Sam Ortiz", role="Billing specialist", team="Accounts"))
    add(MemberDraft("Nobody Special", role="Intern"))
    ctx.team.set_away(priya.id, until=NOW + timedelta(hours=6), reason="Off-site")
    ctx.team.set_away(lena.id, until=NOW + timedelta(days=7), reason="Annual leave")

    northwind = ctx.clients.create_client("Northwind Logistics", usual_contact_id=priya.id)
    acme = ctx.clients.create_client("Acme Freight")
    similar = past_case(
        ctx,
        northwind.id,
        "Labels blank after update",
        "Delivery labels print blank after the driver update",
        owner_id=tom.id,
        days_ago=12,
        reviewer_id=lena.id,
    )
    past_case(
        ctx, northwind.id, "VAT export", "Invoice export VAT wrong", owner_id=sam.id, days_ago=40
    )
    elsewhere = past_case(
        ctx, acme.id, "Printer", "Shipping labels do not print", owner_id=marco.id, days_ago=90
    )

    case = ctx.cases.open_case(northwind.id, "Warehouse cannot print delivery labels")
    ctx.issues.add_issue(case.id, "Delivery labels do not print in the warehouse")
    ctx.escalation.log_attempt(case.id, sam.id, Outcome.REACHED)

    ranked = ctx.most_context.rank(case.id, zone=UTC)
    names = [r.member.name for r in ranked]
    assert names == ["Tom Becker", "Sam Ortiz", "Marco Rossi", "Lena Fischer", "Priya Shah"]
    tom_ranked = ranked[0]
    assert tom_ranked.available
    assert tom_ranked.text == (
        "handled a case for this client 11 days ago; "
        f"owned a similar issue (“Delivery labels print blank after the driver update”, "
        f"case {similar})"
    )
    assert ranked[1].text == (
        "handled a case for this client 39 days ago; answered an escalation for this client today"
    )
    assert ranked[2].text == (
        f"owned a similar issue (“Shipping labels do not print”, Acme Freight, case {elsewhere})"
    )
    # Those away come last, and say until when.
    assert not ranked[3].available
    assert ranked[3].text == (
        "wrote the review of a similar issue (“Delivery labels print blank after the driver "
        f"update”, case {similar}) (away until 9 Mar 09:00)"
    )
    assert ranked[4].text == "usual contact (away until 15:00)"


def member(member_id: int, name: str) -> TeamMemberRecord:
    return TeamMemberRecord(member_id, name, "", "", None, "", "", None, "")


def test_ranking_counts_repeats_and_recency() -> None:
    def similar(n: int, days: int) -> SimilarIssue:
        return SimilarIssue(n, f"Issue {n}", n, "Northwind", True, NOW - timedelta(days=days))

    old_hand = MemberFacts(
        member(1, "Old Hand"),
        client_cases=(NOW - timedelta(days=400), NOW - timedelta(days=300)),
    )
    recent = MemberFacts(member(2, "Recent"), client_cases=(NOW - timedelta(days=2),))
    busy = MemberFacts(
        member(3, "Busy"),
        owns_here=("Labels", "Log-outs"),
        handed_over=(NOW - timedelta(days=1),),
        similar_reviewed=(similar(7, 30), similar(8, 3)),
    )
    ranked = rank([old_hand, recent, busy, MemberFacts(member(4, "Idle"))], NOW, UTC)
    assert [r.member.name for r in ranked] == ["Busy", "Old Hand", "Recent"]
    assert [r.score for r in ranked] == [5 + 2 + 8 + 3, 6, 3 + 3]
    assert ranked[0].text == (
        "owns 2 issues in this case; was handed a case for this client yesterday; "
        "wrote the review of 2 similar issues, such as “Issue 8” (case 8)"
    )
    assert ranked[1].text == "handled 2 cases for this client, last 300 days ago"
