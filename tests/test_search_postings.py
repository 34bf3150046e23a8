"""The postings on a team database: the words of every note, kept with it, newest first.

An unscoped search on PostgreSQL reads a word's newest notes and issues from their postings
(``storage/search/postings_schema.py``); what it finds there must be what the rows say now:
written with a note, rewritten with its words, gone with it, filled in for the notes there
when the revision comes, and ranked as ``ts_rank`` ranks a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_agents import pg_rows
from schema_steps import schema_steps_at
from sqlalchemy import text

from callnotes.app import AppContext, open_context
from callnotes.storage.search.postings import MOST_WORDS
from callnotes.storage.search.tsvector import TsvectorSearchIndex
from callnotes.storage.search.tsvector_schema import TS_RANK_NORMALIZATION, TS_RANK_WEIGHTS

pytestmark = pytest.mark.postgres


@pytest.fixture
def team(tmp_path: Path, pg_url: str) -> Iterator[AppContext]:
    ctx = open_context(str(tmp_path / "desk"), pg_url)
    try:
        yield ctx
    finally:
        ctx.close()


def _postings(url: str, row_id: int, postings: str = "entry_postings") -> dict[str, float]:
    rows = pg_rows(url, f"SELECT word, rank FROM {postings} WHERE row_id = %s", row_id)
    return {word: rank for word, rank in rows}


def _words(url: str, row_id: int, table: str = "timeline_entries") -> set[str]:
    rows = pg_rows(
        url, f"SELECT unnest(tsvector_to_array(search_words)) FROM {table} WHERE id = %s", row_id
    )
    return {row[0] for row in rows}


def _open(tmp_path: Path, pg_url: str) -> tuple[AppContext, int]:
    ctx = open_context(str(tmp_path / "desk"), pg_url)
    case = ctx.cases.open_case(ctx.clients.create_client("Northwind Logistics").id, "Labels")
    return ctx, case.id


def test_a_note_is_posted_word_by_word_with_the_rank_of_each_word(
    team: AppContext, pg_url: str
) -> None:
    case = team.cases.open_case(team.clients.create_client("Café Crème SARL").id, "Exports")
    entry = team.timeline.add_entry(case.id, "The printer at the Zürich café prints labels again")
    posted = _postings(pg_url, entry.id)
    # Every word the search vector holds, folded as the search folds it, and no other.
    assert set(posted) == _words(pg_url, entry.id)
    assert {"printer", "zurich", "cafe", "prints", "the"} <= set(posted)
    # Each word's rank is the one ts_rank gives a search of that word alone (a prefix of no
    # other word of the note): what the GIN index's statement computes from the note itself.
    for word in ("printer", "zurich", "labels", "the"):
        [(expected,)] = pg_rows(
            pg_url,
            f"SELECT ts_rank('{TS_RANK_WEIGHTS}', search_words, "
            f"to_tsquery('callnotes_words', %s), {TS_RANK_NORMALIZATION}) "
            "FROM timeline_entries WHERE id = %s",
            f"{word}:*",
            entry.id,
        )
        assert posted[word] == pytest.approx(expected, rel=1e-6), word
    # A word said twice weighs more than a word said once in the same note.
    assert posted["the"] > posted["printer"]


def test_an_issue_is_posted_with_its_title_weighing_more(team: AppContext, pg_url: str) -> None:
    case = team.cases.open_case(team.clients.create_client("Northwind Logistics").id, "Labels")
    issue = team.issues.add_issue(
        case.id, "Printer offline", client_words="The scanner and the printer are down"
    )
    posted = _postings(pg_url, issue.id, "issue_postings")
    assert set(posted) == _words(pg_url, issue.id, "issues")
    # "offline" is in the title (weight A), "scanner" in the client's words only (weight B).
    assert posted["offline"] > posted["scanner"]
    assert [h.text for h in team.search.search("offline")] == ["Printer offline"]
    team.issues.update_issue(issue.id, title="Label printer offline")
    assert "label" in _postings(pg_url, issue.id, "issue_postings")
    assert [h.text for h in team.search.search("label print")] == ["Label printer offline"]


def test_words_of_any_characters_are_posted_as_they_are(pg_url: str, team: AppContext) -> None:
    # A quote or a backslash in a lexeme (none of the search's own parsing makes one; a vector
    # typed by hand may): the word is kept whole, not read as tsquery syntax.
    rows = pg_rows(
        pg_url,
        "SELECT word, rank FROM search_postings_of(%s::tsvector) ORDER BY word",
        "'a\\\\b':1 'it''s':2,3 'x:*':4",
    )
    assert [word for word, _rank in rows] == ["a\\b", "it's", "x:*"]
    assert all(rank > 0 for _word, rank in rows)


def test_an_amended_note_is_posted_again_and_a_deleted_one_leaves_nothing(
    team: AppContext, pg_url: str
) -> None:
    case = team.cases.open_case(team.clients.create_client("Northwind Logistics").id, "Labels")
    entry = team.timeline.add_entry(case.id, "Label printer jammed in bay four")
    team.issues.add_issue(case.id, "Bay four printer jams")
    team.timeline.amend_entry(entry.id, "Label scanner jammed in bay four")
    assert set(_postings(pg_url, entry.id)) == _words(pg_url, entry.id)
    assert "scanner" in _postings(pg_url, entry.id)
    assert "printer" not in _postings(pg_url, entry.id)
    assert [h.text for h in team.search.search("scanner")] == ["Label scanner jammed in bay four"]
    assert [h.source for h in team.search.search("printer")] == ["issue"]

    other = team.cases.open_case(team.clients.create_client("Fabrikam").id, "Ovens")
    kept = team.timeline.add_entry(other.id, "Oven printer label")
    erased = team.cases.get_case(case.id).client_id
    team.client_erasure.erase(erased)
    # Erased at once: no word of the client's notes is left in the postings.
    for table, postings in (("timeline_entries", "entry_postings"), ("issues", "issue_postings")):
        [(left,)] = pg_rows(
            pg_url,
            f"SELECT count(*) FROM {postings} p "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = p.row_id)",
        )
        assert left == 0, postings
    assert set(_postings(pg_url, kept.id)) == _words(pg_url, kept.id)
    assert team.search.search("bay") == []


def test_the_revision_posts_the_notes_already_there(tmp_path: Path, pg_url: str) -> None:
    ctx, case_id = _open(tmp_path, pg_url)
    try:
        ids = [
            ctx.timeline.add_entry(case_id, f"Printer {n} reseated, labels fine").id
            for n in range(5)
        ]
    finally:
        ctx.close()
    with schema_steps_at(pg_url) as steps:
        steps.down("0013")
        assert not steps.connection.dialect.has_table(steps.connection, "entry_postings")
        steps.up()
        # The key, with the rank carried in it, is there: the index the search reads.
        definition = steps.connection.execute(
            text(
                "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indexrelid = 'pk_entry_postings'::regclass"
            )
        ).scalar_one()
        assert "(word, row_id) INCLUDE (rank)" in definition
    for entry_id in ids:
        assert set(_postings(pg_url, entry_id)) == _words(pg_url, entry_id)
    ctx = open_context(str(tmp_path / "desk"), pg_url)
    try:
        assert len(ctx.search.search("reseated")) == 5
    finally:
        ctx.close()


def test_a_prefix_of_many_words_finds_them_all_the_same(team: AppContext) -> None:
    # More words than the postings are read for: the search goes through the GIN index, and
    # finds what it would have found.
    case = team.cases.open_case(team.clients.create_client("Northwind Logistics").id, "Codes")
    count = MOST_WORDS + 8
    for n in range(count):
        team.timeline.add_entry(case.id, f"Code zq{n:03d} seen on the scanner")
    assert len(team.search.search("zq", limit=100)) == count
    assert [h.text for h in team.search.search("zq007")] == ["Code zq007 seen on the scanner"]
    # Two words, each of several: a note must hold a word of each.
    assert [h.text for h in team.search.search("zq01 scan", limit=100)] == [
        f"Code zq{n:03d} seen on the scanner" for n in range(19, 9, -1)
    ]


def test_a_search_of_words_no_note_holds_finds_nothing(team: AppContext) -> None:
    case = team.cases.open_case(team.clients.create_client("Northwind Logistics").id, "Labels")
    team.timeline.add_entry(case.id, "Printer reseated")
    assert team.search.search("printer nowhere") == []
    assert team.search.search("nowhere") == []
    assert [h.text for h in team.search.search("reseated printer")] == ["Printer reseated"]


def test_words_that_seldom_meet_are_looked_for_as_far_as_each_was_read_and_older_after(
    team: AppContext,
) -> None:
    case = team.cases.open_case(team.clients.create_client("Northwind Logistics").id, "Pallets")
    together = [
        team.timeline.add_entry(case.id, f"Pallet {n} left at the depot").id for n in (1, 2)
    ]
    for n in range(6):  # newer notes, each holding one of the two words
        team.timeline.add_entry(case.id, f"Pallet {n} scanned twice")
        team.timeline.add_entry(case.id, f"The depot closes at {n}")
    index = TsvectorSearchIndex(read_budget=4)  # the app reads 20,000 of each word's rows
    with team.db.unit_of_work(read_only=True) as session:
        # Each word's four newest notes hold it alone: no match among them, older ones said.
        rows, older = index.page(session, "pallet depot", limit=10)
        assert rows == [] and older is not None and older.entries > max(together)
        # Below the point each was read down to, four more of each: the newer note holding
        # both words, and older ones said again; then the oldest, and nothing older.
        rows, older = index.page(session, "pallet depot", limit=10, below=older)
        assert [row.id for row in rows] == [together[1]]
        assert older is not None and older.entries == together[1]
        rows, older = index.page(session, "pallet depot", limit=10, below=older)
        assert [row.id for row in rows] == [together[0]] and older is None
        # One word is read as far as the window goes, whatever the budget.
        rows, older = index.page(session, "pallet", limit=10)
        assert len(rows) == 8 and older is None
