"""The searched words newest first on a team database: search in milliseconds (PostgreSQL).

- ``entry_postings`` and ``issue_postings``: one row per word of each timeline entry (issue),
  with the row's rank for that word, keyed by (word, row_id): an unscoped search reads a word's
  newest matches from this index alone instead of every match the GIN index finds
  (``storage/search/postings_schema.py`` says why and what it costs). Filled here for the rows
  there, then kept by triggers on ``timeline_entries`` and ``issues`` in the transaction of
  every write.
- ``entry_postings_words`` and ``issue_postings_words``: the words that start with a prefix,
  read from the same indexes.
- On SQLite this revision changes nothing: FTS5 reads its matches newest first already.

At 1M entries the fill takes about 30 s on two cores and adds about 1 GB.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 08:00:00.000000
"""

from __future__ import annotations

from alembic import op

from callnotes.storage.search.postings_schema import create_search_postings, drop_search_postings

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    create_search_postings(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    drop_search_postings(op.get_bind())
