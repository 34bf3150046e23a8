"""The PostgreSQL full-text index: generated ``tsvector`` columns with GIN indexes.

What SQLite's FTS5 tables are to ``fts5_schema``: words matched whole or by prefix (see
``tsvector.TsvectorSearchIndex``), case and accents folded (``unaccent``, as FTS5's
``remove_diacritics``), no stemming (the ``simple`` dictionary, as FTS5's ``unicode61``), an
issue's title weighing more than its longer fields. The vectors are generated columns, so the
server keeps them current on every insert and update, as FTS5's triggers do.
"""

from __future__ import annotations

from sqlalchemy import Connection

SEARCH_CONFIG = "callnotes_words"
SEARCH_COLUMN = "search_words"
ENTRY_INDEX = "ix_timeline_entries_search_words"
ISSUE_INDEX = "ix_issues_search_words"

# How the search ranks (tsvector.py), and the postings' stored ranks were computed
# (postings_schema.py): changing either means writing the postings again.
# ts_rank's weights, in its order {D, C, B, A}: a timeline entry (D, its only field), an
# issue's other fields (C), its client's words (B) and its title (A). 1, 1, 2 and 4, as FTS5's
# bm25 weighs an issue's columns on SQLite (``fts5._best``); ts_rank's own
# {0.1, 0.2, 0.4, 1.0} put a title match ten times above a note's, and a common word found
# issues alone.
TS_RANK_WEIGHTS = "{0.25, 0.25, 0.5, 1.0}"
# The rank divided by the length of the row's vector, as bm25 prefers the shorter of two rows
# with the word: among a common word's thousands of matches the short notes and issues come
# first, mixed as on SQLite (without it every match of the word once scores the same, and the
# weights alone put all issues first or all notes first).
TS_RANK_NORMALIZATION = 2

# PostgreSQL's parser keeps "E-1042" as a signed number, "v4.2" or "a/b" as a file name, "+44"
# or "08:15" whole, and on some server locales takes a typographic quote for a letter
# ("“VAT"); FTS5 splits all of them into their words and numbers. These marks are read as
# spaces before the text is parsed, so both find "1042", "v4", "15" or "VAT" alike (the parser
# takes the rest of ASCII's punctuation for spaces already). A plain list of characters, no
# character class: the same whatever the server's locale.
_SPLIT = (
    r"[-+./\\:@_~#"
    "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a"  # quotes
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2026\u2022\u00b7\u00a1\u00bf"  # dashes, …
    "\u00a0\u2009\u202f"  # spaces that do not break
    "]"
)


def _words(expression: str) -> str:
    return (
        f"to_tsvector('{SEARCH_CONFIG}'::regconfig, "
        f"regexp_replace({expression}, '{_SPLIT}', ' ', 'g'))"
    )


def _or_empty(field: str) -> str:
    return f"coalesce({field}, '')"


_ENTRY_VECTOR = _words("text")
_ISSUE_VECTOR = " || ".join(
    f"setweight({_words(_or_empty(field))}, '{weight}')"
    for field, weight in (
        ("title", "A"),
        ("client_words", "B"),
        ("fixed_looks_like", "C"),
        ("roadblocks", "C"),
        ("root_cause", "C"),
    )
)
PG_SEARCH_DDL = (
    # A trusted extension since PostgreSQL 13: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    f"ALTER TABLE timeline_entries ADD COLUMN {SEARCH_COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({_ENTRY_VECTOR}) STORED",
    f"CREATE INDEX {ENTRY_INDEX} ON timeline_entries USING gin ({SEARCH_COLUMN})",
    f"ALTER TABLE issues ADD COLUMN {SEARCH_COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({_ISSUE_VECTOR}) STORED",
    f"CREATE INDEX {ISSUE_INDEX} ON issues USING gin ({SEARCH_COLUMN})",
)
PG_SEARCH_DROP = (
    f"DROP INDEX IF EXISTS {ISSUE_INDEX}",
    f"ALTER TABLE issues DROP COLUMN IF EXISTS {SEARCH_COLUMN}",
    f"DROP INDEX IF EXISTS {ENTRY_INDEX}",
    f"ALTER TABLE timeline_entries DROP COLUMN IF EXISTS {SEARCH_COLUMN}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
)


def create_pg_search(connection: Connection) -> None:
    """Add the search vectors and their indexes (PostgreSQL only; nothing elsewhere)."""
    if connection.dialect.name != "postgresql":
        return
    for statement in PG_SEARCH_DDL:
        connection.exec_driver_sql(statement)


def drop_pg_search(connection: Connection) -> None:
    """Remove what :func:`create_pg_search` added (the ``unaccent`` extension stays)."""
    if connection.dialect.name != "postgresql":
        return
    for statement in PG_SEARCH_DROP:
        connection.exec_driver_sql(statement)


def is_pg_search_object(name: str | None, type_: str) -> bool:
    """Whether a column or index is part of the PostgreSQL search (not in the models)."""
    return (type_ == "column" and name == SEARCH_COLUMN) or (
        type_ == "index" and name in (ENTRY_INDEX, ISSUE_INDEX)
    )
