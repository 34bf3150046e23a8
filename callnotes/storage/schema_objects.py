"""What the migrations make that the ORM models do not describe, so that comparing the schema
with the models (and autogenerate) leaves it alone."""

from __future__ import annotations

from callnotes.storage.audit import is_audit_object
from callnotes.storage.search.fts5_schema import is_search_table
from callnotes.storage.search.postings_schema import is_postings_object
from callnotes.storage.search.tsvector_schema import is_pg_search_object


def in_migrations_only(name: str | None, type_: str) -> bool:
    """The full-text search (FTS5's tables on SQLite; the search vectors, their indexes and
    the postings on PostgreSQL) and the audit log (PostgreSQL)."""
    if type_ == "table" and name is not None and is_search_table(name):
        return True
    return (
        is_pg_search_object(name, type_)
        or is_postings_object(name, type_)
        or is_audit_object(name, type_)
    )
