"""The newest entries' and issues' own full-text indexes on SQLite: kept by their triggers to
exactly the rows above their floors, searched first, and older matches reached under them.

The app keeps the newest 250,000 entries and 25,000 issues there; the tests narrow the span
to a few rows (``search_recent.span``, which the triggers read) so that the floor moves within
a test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from schema_steps import schema_steps_at

from callnotes.app import AppContext, open_context
from callnotes.storage.search.fts5_schema import (
    ENTRY_RECENT_FTS,
    ISSUE_RECENT_FTS,
    RECENT_ENTRIES,
    RECENT_ISSUES,
    RECENT_TABLE,
)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[AppContext]:
    ctx = open_context(str(tmp_path / "desk"))
    try:
        yield ctx
    finally:
        ctx.close()


def _file(ctx: AppContext) -> sqlite3.Connection:
    assert ctx.db.path is not None
    return sqlite3.connect(ctx.db.path)


def _narrow(ctx: AppContext, span: int, fts: str = ENTRY_RECENT_FTS) -> None:
    with _file(ctx) as file:
        file.execute(f"UPDATE {RECENT_TABLE} SET span = ? WHERE name = ?", (span, fts))
    file.close()


def _recent(ctx: AppContext, word: str, fts: str = ENTRY_RECENT_FTS) -> list[int]:
    """The ids a newest rows' index finds for *word*, checked by FTS5 against its view."""
    file = _file(ctx)
    try:
        file.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        rows = file.execute(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid", (word,)
        ).fetchall()
    finally:
        file.close()
    return [row[0] for row in rows]


def _floor(ctx: AppContext, fts: str = ENTRY_RECENT_FTS) -> int:
    file = _file(ctx)
    try:
        row = file.execute(f"SELECT floor FROM {RECENT_TABLE} WHERE name = ?", (fts,)).fetchone()
        return int(row[0])
    finally:
        file.close()


def test_the_index_holds_the_entries_above_its_floor_as_they_are_written_amended_and_erased(
    desk: AppContext,
) -> None:
    client = desk.clients.create_client("Northwind Logistics")
    case = desk.cases.open_case(client.id, "Pallets")
    _narrow(desk, 5)
    ids = [desk.timeline.add_entry(case.id, f"Pallet {n} scanned twice").id for n in range(12)]
    # The floor follows the newest entry, five below it; the entries it passed left the index.
    assert _floor(desk) == ids[-1] - 5
    assert _recent(desk, "pallet") == [i for i in ids if i >= ids[-1] - 5]
    # An amended entry above the floor is found by its new words only; one below is not there.
    desk.timeline.amend_entry(ids[-1], "Crate 11 scanned twice")
    desk.timeline.amend_entry(ids[0], "Crate 0 scanned twice")
    assert _recent(desk, "crate") == [ids[-1]]
    assert ids[-1] not in _recent(desk, "pallet")
    # Erasing the client takes its entries out of the index, as out of every other.
    desk.client_erasure.erase(client.id)
    assert _recent(desk, "scanned") == []
    assert desk.db.check_search_index() == []


def test_a_search_ranks_the_newest_entries_first_and_finds_older_ones_under_their_floor(
    desk: AppContext,
) -> None:
    case = desk.cases.open_case(desk.clients.create_client("Northwind Logistics").id, "Depot")
    _narrow(desk, 5)
    together = [
        desk.timeline.add_entry(case.id, f"Pallet {n} left at the depot").id for n in (1, 2)
    ]
    newer = [desk.timeline.add_entry(case.id, f"Pallet {n} scanned twice").id for n in range(6)]
    floor = _floor(desk)
    assert floor == newer[-1] - 5 and max(together) < floor
    # Two words no newest entry holds together: nothing among them, older ones said.
    page = desk.search.search_page("pallet depot")
    assert [hit for hit in page.hits if hit.source == "entry"] == []
    assert page.older is not None and page.older.entries == floor
    # Under the floor, in the index of every entry: the two that hold both.
    page = desk.search.search_page("pallet depot", below=page.older)
    assert sorted(hit.id for hit in page.hits if hit.source == "entry") == together
    assert page.older is None
    # One word: the newest entries first, then the older ones.
    page = desk.search.search_page("pallet")
    assert sorted(hit.id for hit in page.hits) == [i for i in newer if i >= floor]
    assert page.older is not None
    page = desk.search.search_page("pallet", below=page.older)
    assert sorted(hit.id for hit in page.hits) == together + [i for i in newer if i < floor]
    assert page.older is None
    # A search within one client ranks every match, from the index of every entry.
    scoped = desk.search.search("pallet", client_id=desk.cases.get_case(case.id).client_id)
    assert len(scoped) == 8


def test_a_damaged_or_missing_index_of_the_newest_entries_is_rebuilt(desk: AppContext) -> None:
    case = desk.cases.open_case(desk.clients.create_client("Acme").id, "Refunds")
    for n in range(30):
        desk.timeline.add_entry(case.id, f"refund number {n} for the printer labels")
    file = _file(desk)
    with file:
        file.execute(
            f"UPDATE {ENTRY_RECENT_FTS}_data SET block = randomblob(length(block)) WHERE id > 10"
        )
    file.close()
    assert desk.db.check_search_index() == [ENTRY_RECENT_FTS]
    assert len(desk.search.search("refund")) == 30
    file = _file(desk)
    with file:
        file.execute(f"DROP TABLE {ENTRY_RECENT_FTS}")
    file.close()
    assert desk.db.check_search_index() == [ENTRY_RECENT_FTS]
    assert len(desk.search.search("refund")) == 30
    desk.timeline.add_entry(case.id, "one more refund")  # its triggers are back too
    assert len(_recent(desk, "refund")) == 31


def test_the_revision_indexes_the_newest_entries_already_there(tmp_path: Path) -> None:
    ctx = open_context(str(tmp_path / "desk"))
    case = ctx.cases.open_case(ctx.clients.create_client("Acme").id, "Refunds")
    ids = [ctx.timeline.add_entry(case.id, f"refund number {n}").id for n in range(4)]
    url = ctx.db.url
    ctx.close()
    with schema_steps_at(url) as steps:
        steps.down("0014")
        names = {
            row[0] for row in steps.connection.exec_driver_sql("SELECT name FROM sqlite_master")
        }
        made = {RECENT_TABLE}
        made |= {index.fts for index in (RECENT_ENTRIES, RECENT_ISSUES)}
        made |= {index.view for index in (RECENT_ENTRIES, RECENT_ISSUES)}
        assert not names & made
        steps.up()
    ctx = open_context(str(tmp_path / "desk"))
    try:
        assert _floor(ctx) == ids[-1] - RECENT_ENTRIES.span
        assert _recent(ctx, "refund") == ids
        assert [hit.id for hit in ctx.search.search("number 3")] == [ids[3]]
    finally:
        ctx.close()


def test_issues_have_theirs_kept_through_every_change_and_searched_first(
    desk: AppContext,
) -> None:
    client = desk.clients.create_client("Northwind Logistics")
    case = desk.cases.open_case(client.id, "Scanners")
    _narrow(desk, 3, ISSUE_RECENT_FTS)
    older = desk.issues.add_issue(case.id, "Scanner drops pallets", client_words="depot").id
    ids = [desk.issues.add_issue(case.id, f"Scanner {n} offline").id for n in range(5)]
    floor = _floor(desk, ISSUE_RECENT_FTS)
    assert floor == ids[-1] - 3
    assert _recent(desk, "scanner", ISSUE_RECENT_FTS) == [i for i in ids if i >= floor]
    # Any change of an issue above the floor is indexed again (its fields, not only a title).
    desk.issues.update_issue(ids[-1], root_cause="firmware")
    assert _recent(desk, "firmware", ISSUE_RECENT_FTS) == [ids[-1]]
    # A search of everything: the newest issues first, the older one under the floor.
    page = desk.search.search_page("scanner")
    assert sorted(hit.id for hit in page.hits if hit.source == "issue") == [
        i for i in ids if i >= floor
    ]
    assert page.older is not None and page.older.issues == floor
    page = desk.search.search_page("scanner", below=page.older)
    assert sorted(hit.id for hit in page.hits if hit.source == "issue") == [older] + [
        i for i in ids if i < floor
    ]
    desk.client_erasure.erase(client.id)
    assert _recent(desk, "scanner", ISSUE_RECENT_FTS) == []


def _pages(ctx: AppContext, fts: str = ENTRY_RECENT_FTS) -> int:
    """The rows of an index's page table: its segments, and the deletions kept beside them."""
    file = _file(ctx)
    try:
        return int(file.execute(f"SELECT count(*) FROM {fts}_data").fetchone()[0])
    finally:
        file.close()


def test_tidying_merges_the_deletions_the_moving_floor_left_and_finds_the_same(
    desk: AppContext,
) -> None:
    case = desk.cases.open_case(desk.clients.create_client("Acme").id, "Refunds")
    _narrow(desk, 20)
    for n in range(300):  # the floor moves at every entry: 280 deletions in the index
        desk.timeline.add_entry(case.id, f"refund {n} for the printer labels")
    before, found = _pages(desk), _recent(desk, "refund")
    assert len(found) == 21
    desk.db.tidy_search_index()
    assert _pages(desk) < before
    assert _recent(desk, "refund") == found  # checked by FTS5 against its view, too
    assert [hit.id for hit in desk.search.search("refund 299")] == [found[-1]]
