"""A search of everything ranks the newest matches, says so, and reaches the older ones.

The window is made small here (the app ranks the newest 10,000); the same rule holds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from callnotes.domain.timeline import EntryKind
from callnotes.services.search.full_text import SearchService
from callnotes.storage.search import search_index_for


@pytest.fixture
def search(ctx, monkeypatch) -> SearchService:
    service = SearchService(ctx.db)
    index = search_index_for(ctx.db.engine.dialect.name)
    monkeypatch.setattr(index, "_window", 3)
    monkeypatch.setattr(service, "_index", index)
    return service


@pytest.fixture
def eight_notes(ctx, clock) -> list[int]:
    """Eight notes that say "pallet", oldest first, and one that does not."""
    client = ctx.clients.create_client("Northwind Logistics")
    case = ctx.cases.open_case(client.id, "Warehouse scanners")
    ids = []
    for number in range(8):
        clock.now += timedelta(minutes=5)
        entry = ctx.timeline.add_entry(case.id, f"Pallet {number} scanned twice", EntryKind.NOTE)
        ids.append(entry.id)
    ctx.timeline.add_entry(case.id, "Driver app updated", EntryKind.NOTE)
    return ids


def test_the_newest_window_is_ranked_and_the_older_matches_are_reached_page_by_page(
    search, eight_notes
) -> None:
    first = search.search_page("pallet", limit=50)
    assert sorted(hit.id for hit in first.hits) == eight_notes[-3:]
    assert first.older is not None, "older matches were left out, and the page says so"

    second = search.search_page("pallet", limit=50, below=first.older)
    assert sorted(hit.id for hit in second.hits) == eight_notes[2:5]
    assert second.older is not None

    last = search.search_page("pallet", limit=50, below=second.older)
    assert sorted(hit.id for hit in last.hits) == eight_notes[:2]
    assert last.older is None, "every match has been shown"


def test_a_search_that_matches_less_than_the_window_has_no_older_page(search, eight_notes) -> None:
    page = search.search_page("pallet 7", limit=50)
    assert [hit.id for hit in page.hits] == [eight_notes[7]]
    assert page.older is None


def test_a_search_of_one_client_ranks_all_of_its_matches(ctx, search, eight_notes) -> None:
    client_id = ctx.clients.list_clients()[0].id
    page = search.search_page("pallet", limit=50, client_id=client_id)
    assert sorted(hit.id for hit in page.hits) == eight_notes
    assert page.older is None


def test_the_older_bound_is_the_same_asked_alone_or_with_the_page(ctx, eight_notes) -> None:
    index = search_index_for(ctx.db.engine.dialect.name)
    index._window = 3
    with ctx.db.unit_of_work(read_only=True) as session:
        rows, older = index.page(session, "pallet", limit=50)
        assert older == index.older(session, "pallet")
        assert [row.id for row in rows] == [
            row.id for row in index.search(session, "pallet", limit=50)
        ]
        assert older is not None
        _, last = index.page(session, "pallet", limit=0, below=older)
        assert last == index.older(session, "pallet", older)
