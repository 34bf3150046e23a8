"""Full-text search: FTS5 with safely quoted terms, and the portable fallback."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext
from callnotes.settings import Settings
from callnotes.storage.search.fts5 import Fts5SearchIndex, fts5_match_expression
from callnotes.storage.search.like import LikeSearchIndex
from callnotes.storage.search.tsvector import TsvectorSearchIndex


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


def test_a_word_matching_more_than_the_window_ranks_the_newest_matches(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Northwind")
    case = ctx.cases.open_case(client.id, "Labels")
    # The oldest note is the best bm25 match (the word twice in a short note), the rest are
    # weaker ones written after it.
    ctx.timeline.add_entry(case.id, "printer toner printer")
    for n in range(4):
        ctx.timeline.add_entry(case.id, f"The printer in room {n} jams on thick labels again")
    index = Fts5SearchIndex if ctx.db.is_sqlite else TsvectorSearchIndex
    windowed, whole = index(ranked_window=3), index(ranked_window=10)
    with ctx.db.unit_of_work() as session:
        ranked_all = [r.text for r in whole.search(session, "printer", limit=10)]
        ranked_newest = [r.text for r in windowed.search(session, "printer", limit=10)]
        narrowed = [r.text for r in windowed.search(session, "printer toner", limit=10)]
        scoped = windowed.search(session, "printer", limit=10, client_id=client.id)
    assert ranked_all[0] == "printer toner printer"
    newest_three = [f"The printer in room {n} jams on thick labels again" for n in (3, 2, 1)]
    assert ranked_newest == newest_three
    # The older match is still found by a query few rows match, and by a scoped search.
    assert narrowed == ["printer toner printer"]
    assert scoped[0].text == "printer toner printer"


def _damaged_index_database(data_dir, how: str):
    """A database with notes and an issue whose full-text index is then damaged or dropped."""
    import sqlite3

    from callnotes.app import open_context

    ctx = open_context(str(data_dir))
    client = ctx.clients.create_client("Acme")
    case = ctx.cases.open_case(client.id, "Outage")
    for n in range(30):
        ctx.timeline.add_entry(case.id, f"refund number {n} for the printer labels")
    ctx.issues.add_issue(case.id, "Printer jams on refund slips")
    ctx.close()
    connection = sqlite3.connect(data_dir / "callnotes.db")
    if how == "damaged":  # both indexes of the entries: every entry's, and the newest's
        for fts in ("entries_fts", "entries_recent_fts"):
            connection.execute(
                f"UPDATE {fts}_data SET block = randomblob(length(block)) WHERE id > 10"
            )
    else:
        connection.execute("DROP TABLE issues_fts")
    connection.commit()
    assert connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    connection.close()
    return case.id


@pytest.mark.parametrize("how", ["damaged", "dropped"])
def test_a_broken_search_index_is_rebuilt_when_met_and_said(data_dir, how) -> None:
    from callnotes.app import open_context
    from callnotes.errors import StorageError

    case_id = _damaged_index_database(data_dir, how)
    ctx = open_context(str(data_dir))
    try:
        query = "refund" if how == "damaged" else "jams"
        with pytest.raises(StorageError, match="search index was damaged and has been rebuilt"):
            if how == "damaged":
                ctx.search.search(query)
            else:
                ctx.issues.add_issue(case_id, "Scanner jams too")
        assert ctx.search.search(query), "found again"
        ctx.timeline.add_entry(case_id, "one more refund note")
        ctx.issues.add_issue(case_id, "Scanner jams again")
        assert ctx.db.check_search_index() == []
        assert len(ctx.search.search("refund")) >= 31
    finally:
        ctx.close()


@pytest.mark.parametrize("how", ["damaged", "dropped"])
def test_the_check_at_start_up_finds_and_rebuilds_a_broken_index(data_dir, how) -> None:
    from callnotes.app import open_context

    _damaged_index_database(data_dir, how)
    ctx = open_context(str(data_dir))
    try:
        expected = ["entries_fts", "entries_recent_fts"] if how == "damaged" else ["issues_fts"]
        assert ctx.db.check_search_index() == expected
        assert ctx.db.check_search_index() == []
        assert ctx.search.search("refund")
    finally:
        ctx.close()


def test_a_database_locked_by_another_program_is_not_taken_for_a_damaged_index(
    data_dir,
) -> None:
    """FTS5's check needs the write lock: while another program holds it, the check fails as
    the lock (said where it is met) and nothing is rebuilt."""
    import sqlite3
    import threading

    from callnotes.app import open_context
    from callnotes.errors import StorageError

    ctx = open_context(str(data_dir))
    try:
        case = ctx.cases.open_case(ctx.clients.create_client("Northwind").id, "Labels")
        ctx.timeline.add_entry(case.id, "a refund was promised")
        other = sqlite3.connect(ctx.db.path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        # The check meets the lock at once (its read cannot become a write while another holds
        # the lock); let go soon after: a lock taken for damage would be followed by a rebuild,
        # which would wait for it and then go through.
        release = threading.Timer(1.5, lambda: other.execute("COMMIT"))
        release.start()
        try:
            with pytest.raises(StorageError) as raised:
                ctx.db.check_search_index()
            assert "rebuilt" not in str(raised.value)
        finally:
            release.join()
            other.close()
        assert ctx.db.rebuilt_search_tables == set()
        assert ctx.db.check_search_index() == []
        assert ctx.search.search("refund")
    finally:
        ctx.close()


@pytest.fixture
def numbers(ctx: AppContext) -> AppContext:
    """Notes that hold one London number, written as its country writes it and as the world
    does, and a note that holds another number ending the same way."""
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    client = ctx.clients.create_client("Northwind")
    case = ctx.cases.open_case(client.id, "Labels")
    ctx.timeline.add_entry(case.id, "Dana's direct line: +44 20 7946 0321")
    ctx.timeline.add_entry(case.id, "Call the depot on 020 7946 0321 after four")
    ctx.timeline.add_entry(case.id, "Warehouse: 0207 946 0321")
    ctx.timeline.add_entry(case.id, "Reception 0161 496 0000")
    return ctx


NATIONAL = "Call the depot on 020 7946 0321 after four"
INTERNATIONAL = "Dana's direct line: +44 20 7946 0321"


@pytest.mark.parametrize(
    "typed", ["020 7946 0321", "+44 20 7946 0321", "(020) 7946-0321", "0044 20 7946 0321"]
)
def test_a_number_finds_the_notes_that_hold_it_nationally_or_internationally(
    numbers: AppContext, typed: str
) -> None:
    assert {h.text for h in numbers.search.search(typed)} == {NATIONAL, INTERNATIONAL}


@pytest.mark.parametrize(
    ("typed", "found"),
    [("+44 20 7946 0321 depot", NATIONAL), ("direct line 020 7946 0321", INTERNATIONAL)],
)
def test_a_number_among_words_is_found_in_either_form_with_them(
    numbers: AppContext, typed: str, found: str
) -> None:
    assert [h.text for h in numbers.search.search(typed)] == [found]


def test_a_number_grouped_otherwise_is_searched_as_typed(numbers: AppContext) -> None:
    assert [h.text for h in numbers.search.search("0207 946 0321")] == ["Warehouse: 0207 946 0321"]


def test_a_national_number_is_read_in_the_agents_region(numbers: AppContext) -> None:
    assert {h.text for h in numbers.search.search("020 7946 0321")} == {NATIONAL, INTERNATIONAL}
    numbers.settings_store.save(numbers.settings.with_changes(default_region="US"))  # in Settings
    # Not a number in the United States: its words are searched as typed.
    assert [h.text for h in numbers.search.search("020 7946 0321")] == [NATIONAL]
    # With its country code it is a number anywhere.
    assert {h.text for h in numbers.search.search("+44 20 7946 0321")} == {NATIONAL, INTERNATIONAL}
