"""The searched words, newest first: inverted indexes beside the GIN indexes (PostgreSQL only).

A GIN index says which rows hold a word, not which are the newest: an unscoped search ranks
the newest 10,000 matches of its words, and finding them among a common word's 40,000 matches
at 1M entries meant reading every match, or walking the newest entries back one by one
(about 90 ms). ``entry_postings`` (the timeline) and ``issue_postings`` (the issues) hold one
row per word of each row: their primary key (word, row_id), with the word's rank in that row
carried in the index (``INCLUDE``), hands a word's rows newest first from the index alone, so
the newest 10,000 are the first 10,000 read (about 4 ms), and ranking them reads no row.

- ``word``: a lexeme of the row's search vector, as its ``tsvector`` column holds it (case
  and accents folded by the search configuration); ``COLLATE "C"`` so that the words starting
  with a prefix are one range of the index, in the byte order ``tsquery``'s prefixes use.
- ``rank``: ``ts_rank`` of the row for that word alone, with the weights and length
  normalisation the search ranks with (``tsvector_schema.TS_RANK_WEIGHTS``; an issue's
  title weighs more than its other fields): the rank of a one-word search, exactly; a
  prefix's words add up, as ``ts_rank`` adds them.

Triggers on the searched tables keep them in the transaction of every write: a row's postings
are written with it, written again when its words change (an edit, an erasure's rewording)
and deleted with it (an erased client's notes leave no word behind). The functions run with
their owner's rights: an agent needs no right on the postings to write a note. They cost a row
per distinct word of each note: about 13 million rows and 1 GB at 1M entries, the size of the
timeline itself again; the README's team database section says so.

Rows are only ever added and deleted, so index-only scans need the visibility map current:
autovacuum is asked to visit a postings table after every 10,000 new rows (about 800 notes),
not after a fifth of the table has been added, else the newest postings, the ones a search
reads first, would each need a visit to the table.
"""

from __future__ import annotations

from sqlalchemy import Connection

from callnotes.storage.pg_ddl import run_pg_ddl
from callnotes.storage.search.tsvector_schema import TS_RANK_NORMALIZATION, TS_RANK_WEIGHTS

# The postings of each searched table, by the table's name.
POSTINGS = {"timeline_entries": "entry_postings", "issues": "issue_postings"}

# A lexeme as a ``tsquery`` of that one lexeme, whatever its characters: quoted, with its
# quotes and backslashes doubled (the syntax of a quoted lexeme); never re-parsed.
_ONE_LEXEME = "('''' || replace(replace(u.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery"
_POSTINGS_OF = (
    f"SELECT u.lexeme, ts_rank('{TS_RANK_WEIGHTS}', vector, {_ONE_LEXEME}, "
    f"{TS_RANK_NORMALIZATION}) FROM unnest(vector) AS u"
)


def _key(postings: str) -> str:
    return (
        f"ALTER TABLE {postings} ADD CONSTRAINT pk_{postings} "
        "PRIMARY KEY (word, row_id) INCLUDE (rank)"
    )


def _fill(table: str, postings: str) -> str:
    return (
        f"INSERT INTO {postings} (word, row_id, rank) SELECT p.word, t.id, p.rank "
        f"FROM {table} t, search_postings_of(t.search_words) AS p(word, rank)"
    )


def _create(table: str, postings: str) -> tuple[str, ...]:
    return (
        f'CREATE TABLE {postings} (word text COLLATE "C" NOT NULL, row_id integer NOT NULL, '
        "rank real NOT NULL) WITH (autovacuum_vacuum_insert_threshold = 10000, "
        "autovacuum_vacuum_insert_scale_factor = 0)",
        _fill(table, postings),
        _key(postings),
        f"""
        CREATE FUNCTION {postings}_follow() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $fn$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                DELETE FROM {postings}
                WHERE word = ANY (tsvector_to_array(OLD.search_words)) AND row_id = OLD.id;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO {postings} (word, row_id, rank)
                SELECT p.word, NEW.id, p.rank FROM search_postings_of(NEW.search_words) AS p;
            END IF;
            RETURN NULL;
        END
        $fn$
        """,
        f"CREATE TRIGGER {postings}_ai AFTER INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {postings}_follow()",
        f"CREATE TRIGGER {postings}_au AFTER UPDATE ON {table} FOR EACH ROW "
        "WHEN (OLD.search_words IS DISTINCT FROM NEW.search_words) "
        f"EXECUTE FUNCTION {postings}_follow()",
        f"CREATE TRIGGER {postings}_ad AFTER DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {postings}_follow()",
        # The words of these postings that start with a prefix, in order, at most ``most + 1``
        # of them: one step of the index per word, however many rows each has.
        f"""
        CREATE FUNCTION {postings}_words(prefix text, most integer) RETURNS text[]
        LANGUAGE sql STABLE STRICT AS $fn$
            WITH RECURSIVE found(word, n) AS (
                (SELECT p.word, 1 FROM {postings} p WHERE p.word >= prefix
                 ORDER BY p.word LIMIT 1)
                UNION ALL
                SELECT (SELECT p.word FROM {postings} p WHERE p.word > found.word
                        ORDER BY p.word LIMIT 1), found.n + 1
                FROM found WHERE starts_with(found.word, prefix) AND found.n <= most
            )
            SELECT coalesce(array_agg(word ORDER BY word), '{{}}') FROM found
            WHERE starts_with(word, prefix)
        $fn$
        """,
    )


def _drop(table: str, postings: str) -> tuple[str, ...]:
    return (
        *(f"DROP TRIGGER IF EXISTS {postings}_{when} ON {table}" for when in ("ai", "au", "ad")),
        f"DROP FUNCTION IF EXISTS {postings}_follow()",
        f"DROP FUNCTION IF EXISTS {postings}_words(text, integer)",
        f"DROP TABLE IF EXISTS {postings}",
    )


PG_DDL = (
    f"""
    CREATE FUNCTION search_postings_of(vector tsvector) RETURNS TABLE (word text, rank real)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ {_POSTINGS_OF} $fn$
    """,
    *(statement for table, postings in POSTINGS.items() for statement in _create(table, postings)),
)
PG_DROP = (
    *(statement for table, postings in POSTINGS.items() for statement in _drop(table, postings)),
    "DROP FUNCTION IF EXISTS search_postings_of(tsvector)",
)
# Every row's postings written again, each index built once after them: for rows that went in
# without the triggers (a bulk load as the database's superuser, say).
REBUILD = tuple(
    statement
    for table, postings in POSTINGS.items()
    for statement in (
        f"ALTER TABLE {postings} DROP CONSTRAINT pk_{postings}",
        f"TRUNCATE {postings}",
        _fill(table, postings),
        _key(postings),
    )
)


def create_search_postings(connection: Connection) -> None:
    """Create the postings of the rows there, their indexes and the triggers that keep them
    (PostgreSQL only; nothing elsewhere)."""
    run_pg_ddl(connection, PG_DDL)


def drop_search_postings(connection: Connection) -> None:
    """Remove what :func:`create_search_postings` made."""
    run_pg_ddl(connection, PG_DROP)


def is_postings_object(name: str | None, type_: str) -> bool:
    """Whether a table or index is the postings' (not in the models)."""
    tables = POSTINGS.values()
    return (type_ == "table" and name in tables) or (
        type_ == "index" and name in {f"pk_{postings}" for postings in tables}
    )
