"""Full-text search over timeline entries and issues, as the app and the CLI see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from callnotes.domain.phones import number_search_query
from callnotes.domain.timeline import EntryKind
from callnotes.storage.database import Database
from callnotes.storage.search import RANKED_WINDOW, Below, SearchRow, search_index_for

__all__ = ["RANKED_WINDOW", "SearchHit", "SearchPage", "SearchService"]


@dataclass(frozen=True)
class SearchHit:
    """A timeline entry or issue that matched a query."""

    source: str  # "entry" or "issue"
    id: int
    case_id: int
    case_title: str
    client_id: int
    client_name: str
    at: datetime
    text: str
    entry_kind: EntryKind | None = None  # what kind of timeline entry (None for an issue)


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: the hits, best first, and whether older matches were left out."""

    hits: list[SearchHit]
    #: Where the matches older than the ranked window start (give it back for the next page);
    #: None when every match was ranked.
    older: Below | None = None


class SearchService:
    """Searches the whole store through the best index the database has.

    A query that is a phone number looks for it however a note wrote it, nationally or
    internationally (:func:`~callnotes.domain.phones.number_search_query`), read with
    *default_region* when it has no country code.
    """

    def __init__(self, db: Database, default_region: str = "") -> None:
        self._db = db
        self._index = search_index_for(db.engine.dialect.name)
        self.default_region = default_region

    def search(
        self, query: str, *, limit: int = 50, client_id: int | None = None
    ) -> list[SearchHit]:
        """Entries and issues matching every word of *query*, best first."""
        return self.search_page(query, limit=limit, client_id=client_id).hits

    def search_page(
        self,
        query: str,
        *,
        limit: int = 50,
        client_id: int | None = None,
        below: Below | None = None,
    ) -> SearchPage:
        """Like :meth:`search`, saying whether older matches were left out of the ranking.

        A search of everything ranks the newest ``RANKED_WINDOW`` matches (see
        storage/search/fts5.py); *below*, the ``older`` of a page, ranks the next window of older
        matches. A search of one client ranks all of its matches.
        """
        query = number_search_query(query, self.default_region) or query
        with self._db.unit_of_work(read_only=True) as session:
            # One question where the index can answer both (PostgreSQL: one scan per table).
            rows, older = self._index.page(
                session, query, limit=limit, client_id=client_id, below=below
            )
        return SearchPage(self._hits(rows), older)

    @staticmethod
    def _hits(rows: list[SearchRow]) -> list[SearchHit]:
        return [
            SearchHit(
                r.source,
                r.id,
                r.case_id,
                r.case_title,
                r.client_id,
                r.client_name,
                r.at,
                r.text,
                _entry_kind(r.entry_kind),
            )
            for r in rows
        ]


def _entry_kind(value: str | None) -> EntryKind | None:
    try:
        return EntryKind(value) if value is not None else None
    except ValueError:
        return None  # written by a newer callnotes: shown without its kind
