"""Full-text search over timeline entries and issues, as the app and the CLI see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from callnotes.domain.timeline import EntryKind
from callnotes.storage.database import Database
from callnotes.storage.search import search_index_for


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


class SearchService:
    """Searches the whole store through the best index the database has."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._index = search_index_for(db.engine.dialect.name)

    def search(
        self, query: str, *, limit: int = 50, client_id: int | None = None
    ) -> list[SearchHit]:
        """Entries and issues matching every word of *query*, best first."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = self._index.search(session, query, limit=limit, client_id=client_id)
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
