"""The SQLite full-text index: FTS5 tables over timeline entries and issues, kept by triggers.

External-content tables: the text lives once, in ``timeline_entries`` and ``issues``; the
triggers keep the index current on every insert, update and delete. PostgreSQL has its own
(``tsvector_schema``); other databases have no such index (see ``like.LikeSearchIndex``).
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from callnotes.storage.integrity import is_damage_message

ENTRY_FTS = "entries_fts"
ISSUE_FTS = "issues_fts"
_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")

FTS5_DDL = (
    f"CREATE VIRTUAL TABLE {ENTRY_FTS} USING fts5(text, content='timeline_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {ENTRY_FTS}_ai AFTER INSERT ON timeline_entries BEGIN "
    f"INSERT INTO {ENTRY_FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER {ENTRY_FTS}_ad AFTER DELETE ON timeline_entries BEGIN "
    f"INSERT INTO {ENTRY_FTS}({ENTRY_FTS}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER {ENTRY_FTS}_au AFTER UPDATE OF text ON timeline_entries BEGIN "
    f"INSERT INTO {ENTRY_FTS}({ENTRY_FTS}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {ENTRY_FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE VIRTUAL TABLE {ISSUE_FTS} USING fts5(title, client_words, fixed_looks_like, "
    "roadblocks, root_cause, content='issues', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {ISSUE_FTS}_ai AFTER INSERT ON issues BEGIN "
    f"INSERT INTO {ISSUE_FTS}(rowid, title, client_words, fixed_looks_like, roadblocks, "
    "root_cause) VALUES (new.id, new.title, new.client_words, new.fixed_looks_like, "
    "new.roadblocks, new.root_cause); END",
    f"CREATE TRIGGER {ISSUE_FTS}_ad AFTER DELETE ON issues BEGIN "
    f"INSERT INTO {ISSUE_FTS}({ISSUE_FTS}, rowid, title, client_words, fixed_looks_like, "
    "roadblocks, root_cause) VALUES ('delete', old.id, old.title, old.client_words, "
    "old.fixed_looks_like, old.roadblocks, old.root_cause); END",
    f"CREATE TRIGGER {ISSUE_FTS}_au AFTER UPDATE ON issues BEGIN "
    f"INSERT INTO {ISSUE_FTS}({ISSUE_FTS}, rowid, title, client_words, fixed_looks_like, "
    "roadblocks, root_cause) VALUES ('delete', old.id, old.title, old.client_words, "
    "old.fixed_looks_like, old.roadblocks, old.root_cause); "
    f"INSERT INTO {ISSUE_FTS}(rowid, title, client_words, fixed_looks_like, roadblocks, "
    "root_cause) VALUES (new.id, new.title, new.client_words, new.fixed_looks_like, "
    "new.roadblocks, new.root_cause); END",
)
FTS5_DROP = (
    f"DROP TABLE IF EXISTS {ENTRY_FTS}",
    f"DROP TABLE IF EXISTS {ISSUE_FTS}",
)


def is_search_table(name: str) -> bool:
    """Whether *name* is an FTS5 table or one of its shadow tables."""
    return any(
        name == base + suffix for base in (ENTRY_FTS, ISSUE_FTS) for suffix in _SHADOW_SUFFIXES
    )


def create_search_index(connection: Connection) -> None:
    """Create the FTS5 tables and triggers (SQLite only) and index existing rows."""
    if connection.dialect.name != "sqlite":
        return
    for statement in FTS5_DDL:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"INSERT INTO {ENTRY_FTS}({ENTRY_FTS}) VALUES ('rebuild')")
    connection.exec_driver_sql(f"INSERT INTO {ISSUE_FTS}({ISSUE_FTS}) VALUES ('rebuild')")


def drop_search_index(connection: Connection) -> None:
    """Remove the FTS5 tables (their triggers go with the content tables' definitions)."""
    if connection.dialect.name != "sqlite":
        return
    for trigger in ("ai", "ad", "au"):
        for base in (ENTRY_FTS, ISSUE_FTS):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {base}_{trigger}")
    for statement in FTS5_DROP:
        connection.exec_driver_sql(statement)


def compact_search_index(connection: Connection) -> None:
    """Merge the index's segments so that words of deleted rows leave it (SQLite only)."""
    if connection.dialect.name != "sqlite":
        return
    for fts in (ENTRY_FTS, ISSUE_FTS):
        connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def damaged_search_tables(connection: Connection) -> list[str]:
    """The full-text tables that are missing or fail FTS5's ``integrity-check`` (SQLite only).

    ``PRAGMA quick_check`` does not look inside an FTS5 index: a damaged index passes it and
    fails only when searched or written. The check reads the whole index and compares it with
    the rows it indexes; it changes nothing, but SQLite takes the write lock for it (the
    command is an INSERT), so it waits for another writer and holds up the app's writes while
    it reads. Only an answer that says the index is damaged counts: a database locked by
    another program, say, raises as it is (the index is not rebuilt for it).
    """
    if connection.dialect.name != "sqlite":
        return []
    present = {
        str(name)
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    }
    damaged = []
    for fts in (ENTRY_FTS, ISSUE_FTS):
        if fts not in present:
            damaged.append(fts)
            continue
        try:
            connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        except DBAPIError as exc:
            if not is_damage_message(str(exc.orig)):
                raise
            damaged.append(fts)
    return damaged


def rebuild_search_tables(connection: Connection, tables: list[str]) -> None:
    """Rebuild *tables* (from :func:`damaged_search_tables`) from the rows they index.

    A table that is missing is created again with its triggers; one that is there is emptied
    and refilled (FTS5's ``rebuild``). The notes and issues themselves are never touched.
    """
    present = {
        str(name)
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    }
    for fts in tables:
        if fts not in present:
            for trigger in ("ai", "ad", "au"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
            for statement in FTS5_DDL:
                if statement.startswith((f"CREATE VIRTUAL TABLE {fts} ", f"CREATE TRIGGER {fts}_")):
                    connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
