"""Full-text search over timeline entries and issues, one index per kind of database."""

from callnotes.storage.search.fts5 import Fts5SearchIndex
from callnotes.storage.search.interface import (
    RANKED_WINDOW,
    Below,
    SearchIndex,
    SearchRow,
    SearchScope,
)
from callnotes.storage.search.like import LikeSearchIndex
from callnotes.storage.search.tsvector import TsvectorSearchIndex

__all__ = [
    "RANKED_WINDOW",
    "Below",
    "SearchIndex",
    "SearchRow",
    "SearchScope",
    "search_index_for",
]


def search_index_for(dialect_name: str) -> SearchIndex:
    """The best search implementation for a database dialect.

    SQLite: FTS5 tables kept by triggers (``fts5``, ``fts5_schema``); PostgreSQL: generated
    ``tsvector`` columns with GIN indexes (``tsvector``, ``tsvector_schema``) and postings kept
    by triggers (``postings``, ``postings_schema``); any other database: a portable ``LIKE``
    search (``like``).
    """
    if dialect_name == "sqlite":
        return Fts5SearchIndex()
    if dialect_name == "postgresql":
        return TsvectorSearchIndex()
    return LikeSearchIndex()
