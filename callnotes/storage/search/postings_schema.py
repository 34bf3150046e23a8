"""The timeline's words, newest first: an inverted index beside the GIN index (PostgreSQL only).

A GIN index says which entries hold a word, not which are the newest: an unscoped search ranks
the newest 10,000 matches of its words, and finding them among a common word's 40,000 matches
at 1M entries meant reading every match, or walking the newest entries back one by one
(about 90 ms). ``search_postings`` holds one row per word of each entry: its primary key
(word, entry_id), with the word's rank in that entry carried in the index (``INCLUDE``), hands
a word's entries newest first from the index alone, so the newest 10,000 are the first
10,000 read (about 4 ms), and ranking them reads no entry.

- ``word``: a lexeme of the entry's search vector, as the ``tsvector`` column holds it (case
  and accents folded by the search configuration); ``COLLATE "C"`` so that the words starting
  with a prefix are one range of the index, in the byte order ``tsquery``'s prefixes use.
- ``rank``: ``ts_rank`` of the entry for that word alone, with the weights and length
  normalisation the search ranks with (``tsvector.TS_RANK_WEIGHTS``): the rank of a one-word
  search, exactly; a prefix's words add up, as ``ts_rank`` adds them.

Triggers on ``timeline_entries`` keep it in the transaction of every write: an entry's
postings are written with it, written again when its words change (an edit, an erasure's
rewording) and deleted with it (an erased client's notes leave no word behind). The function
runs with its owner's rights: an agent needs no right on the table to write a note. It costs
a row per distinct word of each note: about 13 million rows and 1 GB at 1M entries, the size
of the timeline itself again; the README's team database section says so.

Rows are only ever added and deleted, so index-only scans need the visibility map current:
autovacuum is asked to visit the table after every 10,000 new rows (about 800 notes), not
after a fifth of the table has been added, else the newest postings, the ones a search reads
first, would each need a visit to the table.
"""

from __future__ import annotations

from sqlalchemy import Connection

from callnotes.storage.pg_ddl import run_pg_ddl

TABLE = "search_postings"
PRIMARY_KEY = "pk_search_postings"
# ts_rank's weights and normalisation: the same as the search's (tsvector.py), fixed here
# because the stored ranks were computed with them.
RANK_WEIGHTS = "{0.25, 0.25, 0.5, 1.0}"
RANK_NORMALIZATION = 2

# A lexeme as a ``tsquery`` of that one lexeme, whatever its characters: quoted, with its
# quotes and backslashes doubled (the syntax of a quoted lexeme); never re-parsed.
_ONE_LEXEME = "('''' || replace(replace(u.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery"
_POSTINGS_OF = (
    f"SELECT u.lexeme, ts_rank('{RANK_WEIGHTS}', vector, {_ONE_LEXEME}, {RANK_NORMALIZATION}) "
    "FROM unnest(vector) AS u"
)
_KEY = (
    f"ALTER TABLE {TABLE} ADD CONSTRAINT {PRIMARY_KEY} PRIMARY KEY (word, entry_id) INCLUDE (rank)"
)
FILL = (
    f"INSERT INTO {TABLE} (word, entry_id, rank) SELECT p.word, e.id, p.rank "
    "FROM timeline_entries e, search_postings_of(e.search_words) AS p(word, rank)"
)

PG_DDL = (
    f'CREATE TABLE {TABLE} (word text COLLATE "C" NOT NULL, entry_id integer NOT NULL, '
    "rank real NOT NULL) WITH (autovacuum_vacuum_insert_threshold = 10000, "
    "autovacuum_vacuum_insert_scale_factor = 0)",
    f"""
    CREATE FUNCTION search_postings_of(vector tsvector) RETURNS TABLE (word text, rank real)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ {_POSTINGS_OF} $fn$
    """,
    FILL,
    _KEY,
    f"""
    CREATE FUNCTION search_postings_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $fn$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM {TABLE}
            WHERE word = ANY (tsvector_to_array(OLD.search_words)) AND entry_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO {TABLE} (word, entry_id, rank)
            SELECT p.word, NEW.id, p.rank FROM search_postings_of(NEW.search_words) AS p;
        END IF;
        RETURN NULL;
    END
    $fn$
    """,
    f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON timeline_entries "
    "FOR EACH ROW EXECUTE FUNCTION search_postings_follow()",
    f"CREATE TRIGGER {TABLE}_au AFTER UPDATE ON timeline_entries FOR EACH ROW "
    "WHEN (OLD.search_words IS DISTINCT FROM NEW.search_words) "
    "EXECUTE FUNCTION search_postings_follow()",
    f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON timeline_entries "
    "FOR EACH ROW EXECUTE FUNCTION search_postings_follow()",
    f"""
    CREATE FUNCTION search_words_from(prefix text, most integer) RETURNS text[]
    LANGUAGE sql STABLE STRICT AS $fn$
        WITH RECURSIVE found(word, n) AS (
            (SELECT p.word, 1 FROM {TABLE} p WHERE p.word >= prefix ORDER BY p.word LIMIT 1)
            UNION ALL
            SELECT (SELECT p.word FROM {TABLE} p WHERE p.word > found.word
                    ORDER BY p.word LIMIT 1), found.n + 1
            FROM found WHERE starts_with(found.word, prefix) AND found.n <= most
        )
        SELECT coalesce(array_agg(word ORDER BY word), '{{}}') FROM found
        WHERE starts_with(word, prefix)
    $fn$
    """,
)
PG_DROP = (
    f"DROP TRIGGER IF EXISTS {TABLE}_ai ON timeline_entries",
    f"DROP TRIGGER IF EXISTS {TABLE}_au ON timeline_entries",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad ON timeline_entries",
    "DROP FUNCTION IF EXISTS search_postings_follow()",
    "DROP FUNCTION IF EXISTS search_words_from(text, integer)",
    f"DROP TABLE IF EXISTS {TABLE}",
    "DROP FUNCTION IF EXISTS search_postings_of(tsvector)",
)


def create_search_postings(connection: Connection) -> None:
    """Create the postings for the entries there, the index and the triggers that keep them
    (PostgreSQL only; nothing elsewhere)."""
    run_pg_ddl(connection, PG_DDL)


def drop_search_postings(connection: Connection) -> None:
    """Remove what :func:`create_search_postings` made."""
    run_pg_ddl(connection, PG_DROP)


# Every entry's postings written again, the index built once after them: for rows that went
# in without the triggers (a bulk load as the database's superuser, say).
REBUILD = (f"ALTER TABLE {TABLE} DROP CONSTRAINT {PRIMARY_KEY}", f"TRUNCATE {TABLE}", FILL, _KEY)


def is_postings_object(name: str | None, type_: str) -> bool:
    """Whether a table or index is the postings' (not in the models)."""
    return (type_ == "table" and name == TABLE) or (type_ == "index" and name == PRIMARY_KEY)
