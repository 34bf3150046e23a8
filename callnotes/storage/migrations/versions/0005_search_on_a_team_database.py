"""Full-text search on a team database: search vectors and GIN indexes (PostgreSQL only).

SQLite's FTS5 index came with the first revision; a PostgreSQL database gets generated
``tsvector`` columns over the same text, indexed with GIN, and an accent-folding text search
configuration (``storage/search/tsvector_schema.py``). On SQLite this revision changes nothing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 01:10:00.000000
"""

from __future__ import annotations

from alembic import op

from callnotes.storage.search.tsvector_schema import create_pg_search, drop_pg_search

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    create_pg_search(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    drop_pg_search(op.get_bind())
