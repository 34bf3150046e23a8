"""Recurring issues: alike issues of one client grouped across cases, unrelated ones not."""

from __future__ import annotations

from datetime import timedelta

from callnotes.app import AppContext
from callnotes.domain.reviews import Recurrence
from tests.conftest import FakeClock


def test_three_similar_issues_across_two_cases_form_one_group(
    ctx: AppContext, clock: FakeClock
) -> None:
    client = ctx.clients.create_client("Northwind")
    other = ctx.clients.create_client("Contoso")
    earlier = ctx.cases.open_case(client.id, "Label printing after the server move")
    ctx.issues.add_issue(earlier.id, "Delivery labels do not print at the packing stations")
    ctx.issues.add_issue(earlier.id, "Returns labels print blank")
    ctx.issues.add_issue(earlier.id, "Customer tracking page is slow at peak times")
    clock.now += timedelta(days=30)
    now = ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels")
    ctx.issues.add_issue(now.id, "Delivery labels do not print in the warehouse")
    ctx.issues.add_issue(now.id, "Driver app logs users out every few minutes")
    ctx.issues.add_issue(now.id, "Weekly invoice export shows wrong VAT on some lines")
    # The same words at another client are not this client's pattern.
    elsewhere = ctx.cases.open_case(other.id, "Labels")
    ctx.issues.add_issue(elsewhere.id, "Delivery labels do not print")

    groups = ctx.recurring.groups(client.id)
    assert len(groups) == 1
    [group] = groups
    assert group.count == 3
    assert [i.title for i in group.issues] == [
        "Delivery labels do not print at the packing stations",
        "Returns labels print blank",
        "Delivery labels do not print in the warehouse",
    ]
    assert group.case_ids == (earlier.id, now.id)
    assert group.first_at < group.last_at
    assert "label" in group.words and "print" in group.words
    assert [g.client_name for g in ctx.recurring.groups()] == ["Northwind"]
    # The review of either case finds the same group as its similar issues.
    assert ctx.reviews.sheet(now.id).similar == (group,)
    assert ctx.recurring.groups_of_case(elsewhere.id) == []


def test_unrelated_issues_of_one_client_are_not_grouped(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Northwind")
    case = ctx.cases.open_case(client.id, "Odds and ends")
    for title in (
        "Driver app logs users out every few minutes",
        "Weekly invoice export shows wrong VAT on some lines",
        "Customer tracking page is slow at peak times",
        "Printer jams on tray two",
    ):
        ctx.issues.add_issue(case.id, title)
    assert ctx.recurring.groups(client.id) == []
    assert Recurrence.RECURRING.value == "recurring"


def test_a_cases_groups_grown_from_its_issues_match_the_full_grouping() -> None:
    import random
    from datetime import UTC, datetime

    from callnotes.domain.cases import CaseStatus
    from callnotes.domain.issues import IssueStatus
    from callnotes.domain.recurring import IssueSample, group_recurring, groups_containing

    words = [
        "label",
        "print",
        "driver",
        "invoice",
        "export",
        "tracking",
        "page",
        "slow",
        "blank",
        "login",
        "vat",
        "server",
    ]
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    samples = [
        IssueSample(
            issue_id=n,
            case_id=n % 9,
            case_title=f"case {n % 9}",
            case_status=CaseStatus.OPEN,
            client_id=n % 2,
            client_name=f"client {n % 2}",
            title=" ".join(rng.sample(words, 3)),
            client_words="",
            status=IssueStatus.NEW,
            raised_at=start + timedelta(hours=n),
        )
        for n in range(60)
    ]
    everything = group_recurring(samples)
    assert everything, "the sample must contain groups for the comparison to mean anything"
    for case_id in range(9):
        seeds = {s.issue_id for s in samples if s.case_id == case_id}
        expected = [g for g in everything if case_id in g.case_ids]
        assert groups_containing(samples, seeds) == expected
