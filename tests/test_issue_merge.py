"""Two agents editing one issue at once: no edit is lost unseen.

A save says what each field was when the agent began changing it; a field someone changed
meanwhile keeps their version and the agent's goes on the timeline beside it.
"""

from __future__ import annotations

import re

import pytest

from callnotes.app import AppContext
from callnotes.domain.issues import Impact
from callnotes.domain.timeline import EntryKind


@pytest.fixture
def issue(ctx: AppContext):
    client = ctx.clients.create_client("Northwind Logistics")
    case_id = ctx.cases.open_case(client.id, "Labels").id
    return ctx.issues.add_issue(case_id, "Labels print blank", client_words="Nothing prints")


def test_fields_only_one_agent_changed_are_saved_as_usual(ctx: AppContext, issue) -> None:
    # Tom changes the impact; Ann, who began from the same record, the client's words.
    ctx.issues.update_issue(
        issue.id, impact=Impact.DEPARTMENT, started_from={"impact": issue.impact}
    )
    saved = ctx.issues.update_issue(
        issue.id,
        client_words="Nothing prints since 9:00",
        started_from={"client_words": issue.client_words},
    )
    assert (saved.impact, saved.client_words) == (Impact.DEPARTMENT, "Nothing prints since 9:00")
    assert saved.kept_beside == ()


def test_a_field_both_changed_keeps_theirs_and_puts_mine_beside_it(ctx: AppContext, issue) -> None:
    theirs = ctx.issues.update_issue(
        issue.id,
        client_words="Labels come out blank at all 6 stations",
        started_from={"client_words": issue.client_words},
    )
    mine = ctx.issues.update_issue(
        issue.id,
        client_words="Only the packing stations print blank",
        started_from={"client_words": issue.client_words},  # Ann had not seen Tom's
    )
    assert mine.client_words == theirs.client_words  # nothing overwritten unseen
    [(field, sentence)] = mine.kept_beside
    assert field == "client_words"
    # Who and when, on a team database from its audit log: the server's login here.
    who = "A colleague changed" if ctx.db.is_sqlite else "postgres changed"
    assert sentence.startswith(f"{who} the client's words")
    assert sentence.endswith(" — yours is kept on the timeline.")
    if not ctx.db.is_sqlite:
        assert re.search(r" (just now|\d+ s ago) — ", sentence)
    [kept] = [e for e in ctx.timeline.entries(issue.case_id) if e.text.startswith("Kept beside")]
    assert "“Only the packing stations print blank”" in kept.text
    assert kept.internal and kept.kind is EntryKind.NOTE and kept.issue_id == issue.id


def test_typing_back_what_it_was_is_no_conflict(ctx: AppContext, issue) -> None:
    ctx.issues.update_issue(issue.id, client_words="Tom's words", started_from={})
    saved = ctx.issues.update_issue(
        issue.id, client_words=issue.client_words, started_from={"client_words": issue.client_words}
    )
    assert saved.client_words == "Tom's words" and saved.kept_beside == ()


def test_without_a_starting_point_the_save_is_as_before(ctx: AppContext, issue) -> None:
    ctx.issues.update_issue(issue.id, client_words="Tom's words")
    saved = ctx.issues.update_issue(issue.id, client_words="Ann's words")
    assert saved.client_words == "Ann's words" and saved.kept_beside == ()
