"""Removing an issue added by mistake: the row goes, the record of facts stays truthful."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callnotes.app import AppContext
from callnotes.domain.follow_up import CheckOutcome
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.storage import models as m

THREE = ["Delivery labels do not print", "VAT export is wrong", "Tracking page is a day behind"]


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    return ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels").id


@pytest.fixture
def three(ctx: AppContext, case_id: int) -> list[int]:
    """Three issues in agreed order; the middle one has a note about it on the timeline."""
    ids = [ctx.issues.add_issue(case_id, title).id for title in THREE]
    ctx.issues.update_issue(ids[1], timeframe="before the quarterly audit")
    ctx.timeline.add_entry(case_id, "Finance saw the VAT totals doubled.", issue_id=ids[1])
    ctx.issues.confirm_order(case_id)
    return ids


def texts(ctx: AppContext, case_id: int) -> list[str]:
    return [entry.text for entry in ctx.timeline.entries(case_id)]


def snapshot(ctx: AppContext, case_id: int) -> tuple[object, ...]:
    """Everything a refused removal must leave as it was."""
    return (
        ctx.issues.issues(case_id),
        ctx.timeline.entries(case_id),
        ctx.commitments.ledger(case_id),
        ctx.follow_up.checks(case_id),
    )


def test_removal_deletes_the_issue_closes_up_the_order_and_records_why(
    ctx: AppContext, case_id: int, three: list[int]
) -> None:
    note = next(e for e in ctx.timeline.entries(case_id) if e.text.startswith("Finance saw"))

    entry = ctx.issues.remove_issue(three[1], "a duplicate of the labels issue")

    remaining = ctx.issues.issues(case_id)
    assert [i.title for i in remaining] == [THREE[0], THREE[2]]
    assert [i.agreed_rank for i in remaining] == [1, 2], "the order closes up without a gap"
    with pytest.raises(NotFoundError):
        ctx.issues.get_issue(three[1])

    assert entry.kind is EntryKind.STATUS_CHANGE
    assert entry.text == "Removed issue “VAT export is wrong”: a duplicate of the labels issue"
    assert entry.issue_id is None
    assert texts(ctx, case_id)[-1] == entry.text

    kept = next(e for e in ctx.timeline.entries(case_id) if e.id == note.id)
    assert kept.text == note.text, "the note about the issue stays on the timeline"
    assert kept.issue_id is None, "…without its link to the removed issue"

    state = ctx.issues.order_state(case_id)
    assert state.confirmed_at is not None and not state.changed_since


def test_search_forgets_the_issue_but_finds_its_removal(
    ctx: AppContext, case_id: int, three: list[int]
) -> None:
    assert any(hit.source == "issue" for hit in ctx.search.search("VAT export"))

    ctx.issues.remove_issue(three[1], "")

    hits = ctx.search.search("VAT export")
    assert not any(hit.source == "issue" for hit in hits)
    entries = [hit.text for hit in hits if hit.source == "entry"]
    assert "Removed issue “VAT export is wrong”: added by mistake" in entries, (
        "a blank reason reads as added by mistake"
    )
    assert any(text.startswith("Order agreed") for text in entries), "history is not rewritten"


def test_unranked_issues_stay_unranked_after_a_removal(ctx: AppContext, case_id: int) -> None:
    first, second = (ctx.issues.add_issue(case_id, title).id for title in THREE[:2])
    ctx.issues.confirm_order(case_id)
    late = ctx.issues.add_issue(case_id, THREE[2]).id

    ctx.issues.remove_issue(first, "slip")

    ranks = {i.id: i.agreed_rank for i in ctx.issues.issues(case_id)}
    assert ranks == {second: 1, late: None}


def test_documents_no_longer_list_the_removed_issue(
    ctx: AppContext, case_id: int, three: list[int]
) -> None:
    kinds = ("status", "minutes", "handover")
    # The timeframe is printed only beside its issue, never in the timeline.
    assert all("quarterly audit" in ctx.documents.build(case_id, k).text for k in kinds)

    ctx.issues.remove_issue(three[1], "a duplicate")

    for kind in kinds:
        text = ctx.documents.build(case_id, kind).text
        assert "quarterly audit" not in text, kind
        assert "2. Tracking page is a day behind" in text, kind
    status = ctx.documents.build(case_id, "status").text
    assert "Issues:  2 raised with us" in status
    assert "Removed issue “VAT export is wrong”: a duplicate" in status


def test_an_open_promise_about_the_issue_blocks_removal_until_kept(
    ctx: AppContext, case_id: int, three: list[int]
) -> None:
    ctx.timeline.add_entry(
        case_id, "I will call you back about the VAT export.", EntryKind.COMMITMENT,
        issue_id=three[1],
    )  # fmt: skip
    before = snapshot(ctx, case_id)

    with pytest.raises(InvalidInputError) as refused:
        ctx.issues.remove_issue(three[1], "a duplicate")

    assert str(refused.value) == (
        "“VAT export is wrong” can't be removed: it is referred to by 1 open promise."
    )
    assert snapshot(ctx, case_id) == before

    promise = ctx.commitments.open_commitments(case_id)[0]
    ctx.commitments.mark_kept(promise.id)
    ctx.issues.remove_issue(three[1], "a duplicate")
    assert [i.title for i in ctx.issues.issues(case_id)] == [THREE[0], THREE[2]]


def test_the_clients_follow_up_answers_block_removal(
    ctx: AppContext, case_id: int, three: list[int]
) -> None:
    ctx.issues.update_issue(three[1], fixed_looks_like=["Totals match", "Export opens"])
    for criterion in ("Totals match", "Export opens"):
        ctx.follow_up.record_check(case_id, three[1], criterion, CheckOutcome.CONFIRMED)
    before = snapshot(ctx, case_id)

    with pytest.raises(InvalidInputError, match="2 follow-up checks with the client"):
        ctx.issues.remove_issue(three[1], "a duplicate")

    assert snapshot(ctx, case_id) == before


def test_an_escalation_attempt_about_the_issue_blocks_removal(
    ctx: AppContext, case_id: int, three: list[int]
) -> None:
    note = ctx.timeline.add_entry(
        case_id, "Paged the tax team.", EntryKind.ESCALATION, issue_id=three[1]
    )
    with ctx.db.unit_of_work() as session:
        session.add(
            m.EscalationAttempt(
                case_id=case_id, who="Priya Shah", at=note.at, outcome="reached", entry_id=note.id
            )
        )
    ctx.timeline.add_entry(
        case_id, "Call back at 3 about VAT.", EntryKind.COMMITMENT, issue_id=three[1]
    )

    with pytest.raises(InvalidInputError) as refused:
        ctx.issues.remove_issue(three[1], "a duplicate")

    assert "1 open promise and 1 escalation attempt" in str(refused.value)
    with ctx.db.unit_of_work() as session:
        assert session.scalar(select(m.Issue.id).where(m.Issue.id == three[1])) == three[1]


def test_unknown_issue_and_bad_reason_are_clear(ctx: AppContext, three: list[int]) -> None:
    with pytest.raises(NotFoundError):
        ctx.issues.remove_issue(9999, "slip")
    with pytest.raises(InvalidInputError, match="must be text"):
        ctx.issues.remove_issue(three[0], None)  # type: ignore[arg-type]
