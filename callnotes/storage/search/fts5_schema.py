"""The SQLite full-text index: FTS5 tables over timeline entries and issues, kept by triggers.

External-content tables: the text lives once, in ``timeline_entries`` and ``issues``; the
triggers keep the index current on every insert, update and delete. PostgreSQL has its own
(``tsvector_schema``); other databases have no such index (see ``like.LikeSearchIndex``).

Beside the index of every entry and every issue, a second one of each holds only the newest
(revision 0015): the rows whose id is at most ``span`` below the newest id (250,000 entries,
25,000 issues), their floors and spans kept in ``search_recent``. A search of everything reads
those first. FTS5's bm25 reads every match of a word to weigh it (a common word matches
200,000 of 5 million entries: some 10 ms), and finding the newest 10,000 matches, or the few
notes two common words share, read as far back; among the newest rows all of that stays small
whatever the size of the history. Each one's content is a view of the rows above its floor,
so FTS5's own check and rebuild see exactly the rows it should hold. Their triggers move the
floor up as rows are written, taking the rows it passes out of the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from callnotes.storage.integrity import is_damage_message

ENTRY_FTS = "entries_fts"
ISSUE_FTS = "issues_fts"
# The newest entries and issues (revision 0015).
ENTRY_RECENT_FTS = "entries_recent_fts"
ISSUE_RECENT_FTS = "issues_recent_fts"
# Every full-text table, as the check and the rebuild go through them.
SEARCH_TABLES = (ENTRY_FTS, ISSUE_FTS, ENTRY_RECENT_FTS, ISSUE_RECENT_FTS)
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


@dataclass(frozen=True)
class Recent:
    """The index of a table's newest rows (revision 0015): its FTS5 table, the view of the
    rows above its floor it is the content of, the columns it indexes, and how many ids below
    the newest its floor stays (``span``, kept in :data:`RECENT_TABLE` with the floor)."""

    table: str
    fts: str
    view: str
    columns: tuple[str, ...]
    span: int

    def floor_of(self, alias: str = "r") -> str:
        """The condition picking this index's row of :data:`RECENT_TABLE` as *alias*."""
        return f"{alias}.name = '{self.fts}'"

    def ddl(self) -> tuple[str, ...]:
        """Its view, table and triggers, and its row of floors (at *span* below the newest)."""
        names = ", ".join(self.columns)
        new = ", ".join(f"new.{column}" for column in self.columns)
        old = ", ".join(f"old.{column}" for column in self.columns)
        rows = ", ".join(f"t.{column}" for column in self.columns)
        above = f"FROM {RECENT_TABLE} r WHERE {self.floor_of()} AND"
        delete = f"INSERT INTO {self.fts}({self.fts}, rowid, {names}) SELECT 'delete', "
        insert = f"INSERT INTO {self.fts}(rowid, {names}) SELECT "
        return (
            f"INSERT INTO {RECENT_TABLE} (name, floor, span) SELECT '{self.fts}', "
            f"coalesce(max(id), 0) - {self.span}, {self.span} FROM {self.table}",
            f"CREATE VIEW {self.view} AS SELECT id, {names} FROM {self.table} WHERE id >= "
            f"(SELECT floor FROM {RECENT_TABLE} r WHERE {self.floor_of()})",
            f"CREATE VIRTUAL TABLE {self.fts} USING fts5({names}, content='{self.view}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            # A new row moves the floor up to *span* below it: the rows it passes leave first.
            f"CREATE TRIGGER {self.fts}_ai AFTER INSERT ON {self.table} BEGIN "
            f"{delete}t.id, {rows} FROM {self.table} t, {RECENT_TABLE} r "
            f"WHERE {self.floor_of()} AND t.id >= r.floor AND t.id < new.id - r.span; "
            f"UPDATE {RECENT_TABLE} SET floor = new.id - span "
            f"WHERE name = '{self.fts}' AND floor < new.id - span; "
            f"{insert}new.id, {new} {above} new.id >= r.floor; END",
            f"CREATE TRIGGER {self.fts}_ad AFTER DELETE ON {self.table} BEGIN "
            f"{delete}old.id, {old} {above} old.id >= r.floor; END",
            # As the index of every row is kept: an entry when its text changes, an issue at
            # any change.
            f"CREATE TRIGGER {self.fts}_au AFTER UPDATE"
            f"{' OF text' if self.columns == ('text',) else ''} ON {self.table} BEGIN "
            f"{delete}old.id, {old} {above} old.id >= r.floor; "
            f"{insert}new.id, {new} {above} new.id >= r.floor; END",
        )

    def triggers(self) -> tuple[str, ...]:
        """The names of its triggers."""
        return tuple(f"{self.fts}_{which}" for which in ("ai", "ad", "au"))


# Revision 0015: the newest rows' indexes, their floors and spans in one table.
RECENT_TABLE = "search_recent"
RECENT_ENTRIES = Recent("timeline_entries", ENTRY_RECENT_FTS, "recent_entries", ("text",), 250_000)
# Issues come about one to 25 entries: their newest 25,000 reach as far back, and further.
RECENT_ISSUES = Recent(
    "issues",
    ISSUE_RECENT_FTS,
    "recent_issues",
    ("title", "client_words", "fixed_looks_like", "roadblocks", "root_cause"),
    25_000,
)
RECENT = (RECENT_ENTRIES, RECENT_ISSUES)
_RECENT_TABLE_DDL = (
    f"CREATE TABLE IF NOT EXISTS {RECENT_TABLE} (name TEXT PRIMARY KEY, "
    "floor INTEGER NOT NULL, span INTEGER NOT NULL)"
)


def is_search_table(name: str) -> bool:
    """Whether *name* is an FTS5 table or one of its shadow tables, or the newest rows'
    floors."""
    return name == RECENT_TABLE or any(
        name == base + suffix for base in SEARCH_TABLES for suffix in _SHADOW_SUFFIXES
    )


def create_recent_search_index(connection: Connection, *recent: Recent) -> None:
    """Create the indexes of the newest rows (*recent*: all of them) with their floors, views
    and triggers, and fill them (SQLite only)."""
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql(_RECENT_TABLE_DDL)
    for index in recent or RECENT:
        for statement in index.ddl():
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f"INSERT INTO {index.fts}({index.fts}) VALUES ('rebuild')")


def drop_recent_search_index(connection: Connection, *recent: Recent) -> None:
    """Remove the indexes of the newest rows (*recent*: all of them, and their floors' table)
    and what keeps them (SQLite only)."""
    if connection.dialect.name != "sqlite":
        return
    for index in recent or RECENT:
        for trigger in index.triggers():
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {index.fts}")
        connection.exec_driver_sql(f"DROP VIEW IF EXISTS {index.view}")
        if recent:
            connection.exec_driver_sql(f"DELETE FROM {RECENT_TABLE} WHERE name = ?", (index.fts,))
    if not recent:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {RECENT_TABLE}")


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


def tidy_recent_search_index(connection: Connection) -> None:
    """Merge each index of the newest rows into one run of pages (SQLite only).

    Their floors move up at every row written, and each row the floor passes is a deletion
    FTS5 keeps beside the index until it merges it away: after a few months of notes, searching
    the index of the newest entries took half as long again as once merged (1M entries: the
    search figure's p95 29.8 ms, 17.4 ms merged). The indexes hold a bounded number of rows,
    so merging them takes about a second, whatever the size of the history; it holds the
    write lock meanwhile (the app does it at a quiet moment, after the index's check).
    """
    _optimize(connection, [index.fts for index in RECENT])


def compact_search_index(connection: Connection) -> None:
    """Merge the index's segments so that words of deleted rows leave it (SQLite only)."""
    _optimize(connection, SEARCH_TABLES)


def _optimize(connection: Connection, tables: Sequence[str]) -> None:
    """FTS5's ``optimize`` on each of *tables*: its segments merged into one (SQLite only)."""
    if connection.dialect.name != "sqlite":
        return
    for fts in tables:
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
    for fts in SEARCH_TABLES:
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
        recent = next((index for index in RECENT if index.fts == fts), None)
        if recent is not None and fts not in present:
            drop_recent_search_index(connection, recent)  # its floor, view and triggers
            create_recent_search_index(connection, recent)
            continue
        if fts not in present:
            for trigger in ("ai", "ad", "au"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
            for statement in FTS5_DDL:
                if statement.startswith((f"CREATE VIRTUAL TABLE {fts} ", f"CREATE TRIGGER {fts}_")):
                    connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
