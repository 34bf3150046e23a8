"""Full-text search: FTS5 with safely quoted terms, and the portable fallback."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext
from callnotes.storage.search import LikeSearchIndex, fts5_match_expression


@pytest.fixture
def filled(ctx: AppContext) -> AppContext:
    north = ctx.clients.create_client("Northwind")
    acme = ctx.clients.create_client("Acme")
    n_case = ctx.cases.open_case(north.id, "Labels")
    a_case = ctx.cases.open_case(acme.id, "Exports")
    ctx.timeline.add_entry(n_case.id, "The label printer stopped after the driver update")
    ctx.timeline.add_entry(n_case.id, "Drivers are logged out")
    ctx.issues.add_issue(n_case.id, "Delivery labels do not print", client_words="Nothing prints")
    ctx.timeline.add_entry(a_case.id, "Invoice export shows wrong VAT; printer fine")
    ctx.timeline.add_entry(a_case.id, "Café crème déjà vu")
    return ctx


def test_all_words_must_match_and_prefixes_work(filled: AppContext) -> None:
    hits = filled.search.search("print driv")
    assert [h.text for h in hits] == ["The label printer stopped after the driver update"]


def test_issues_are_searched_too(filled: AppContext) -> None:
    hits = filled.search.search("delivery")
    assert [(h.source, h.text) for h in hits] == [("issue", "Delivery labels do not print")]


def test_search_can_stay_within_one_client(filled: AppContext) -> None:
    everyone = filled.search.search("printer")
    assert {h.client_name for h in everyone} == {"Northwind", "Acme"}
    north_id = next(h.client_id for h in everyone if h.client_name == "Northwind")
    only = filled.search.search("printer", client_id=north_id)
    assert {h.client_name for h in only} == {"Northwind"}


def test_accents_do_not_matter(filled: AppContext) -> None:
    assert [h.text for h in filled.search.search("deja creme")] == ["Café crème déjà vu"]


@pytest.mark.parametrize(
    "query",
    ['"', "NEAR(label printer)", "label OR", "AND", "*", "label -printer", "col:umn", "^x", "((("],
)
def test_fts5_operators_in_user_input_are_just_words(filled: AppContext, query: str) -> None:
    filled.search.search(query)  # must not raise an FTS5 syntax error


def test_match_expression_quotes_every_term() -> None:
    assert fts5_match_expression('say "hi" OR NEAR') == '"say"* "hi"* "OR"* "NEAR"*'
    assert fts5_match_expression("   ") is None


def test_edits_are_reindexed(filled: AppContext) -> None:
    [hit] = filled.search.search("logged")
    filled.timeline.amend_entry(hit.id, "Drivers are signed out")
    assert filled.search.search("logged") == []
    assert [h.text for h in filled.search.search("signed")] == ["Drivers are signed out"]


def test_portable_fallback_finds_the_same_entries(filled: AppContext) -> None:
    index = LikeSearchIndex()
    with filled.db.unit_of_work() as session:
        rows = index.search(session, "print driv", limit=10)
    assert [r.text for r in rows] == ["The label printer stopped after the driver update"]
