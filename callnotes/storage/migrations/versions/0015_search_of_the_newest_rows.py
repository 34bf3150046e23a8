"""The newest entries and issues in full-text indexes of their own (SQLite only).

``entries_recent_fts`` indexes the entries at most ``span`` ids below the newest (250,000),
``issues_recent_fts`` the issues likewise (25,000); ``search_recent`` holds each one's floor
and span, ``recent_entries`` and ``recent_issues`` are the views they are the content of, and
triggers on ``timeline_entries`` and ``issues`` keep them as rows are written, changed and
erased (``storage/search/fts5_schema.py``). A search of everything ranks its window among them
first: at millions of entries it was FTS5's reading of every match of a word that cost most.
They are filled here from the rows there (about a second a quarter of a million entries).
On PostgreSQL this revision changes nothing (its search reads the postings, revision 0014).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:40:00.000000
"""

from __future__ import annotations

from alembic import op

from callnotes.storage.search.fts5_schema import (
    create_recent_search_index,
    drop_recent_search_index,
)

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    create_recent_search_index(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    drop_recent_search_index(op.get_bind())
