"""The audit log of a team database: every change of a case, chained by hashes (PostgreSQL only).

Triggers on every table that holds a case's data write one ``audit_log`` row per inserted,
updated or deleted row: the case, the table and row, the operation, who (the server session's
login role, ``session_user``: not a name typed in the settings), when (the server's clock),
the row before and after as JSON, and two hashes. Each entry's hash is SHA-256 over the hash of
the case's previous entry and the entry's own fields, so the entries of one case form a chain:
changing, removing or reordering an entry breaks it from there on, which :func:`verify_chains`
finds.

The chain of a case is extended under a transaction-level advisory lock on that case, so two
desktops writing to one case at once wait for each other and never fork it; writes to
different cases do not wait. The trigger functions are ``SECURITY DEFINER``, owned by the role
that prepared the schema: an agent's role writes the audit log only through them, and has no
right to update, delete or truncate it (nor to insert into it directly). A trigger on the log
refuses, even to its owner or to a role granted every right on every table, an update, a
deletion, or an insert that does not come from the recording trigger.

On SQLite there is no audit log: one desktop's file has one writer, its own user.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callnotes.domain.audit import SHORT_HASH, AuditBreak, AuditHead
from callnotes.errors import InvalidInputError, StorageError
from callnotes.storage.change_log import CASE_OF
from callnotes.storage.database import open_database
from callnotes.storage.failures import as_storage_error
from callnotes.storage.pg_ddl import run_pg_ddl

AUDIT_TABLE = "audit_log"


def is_audit_object(name: str | None, type_: str) -> bool:
    """Whether a table or index is the audit log's (made by its migration, not in the models)."""
    return name is not None and (
        (type_ == "table" and name in (AUDIT_TABLE, ERASURES_TABLE))
        or (type_ == "index" and name.startswith(f"ix_{AUDIT_TABLE}_"))
    )


# The first number of the advisory lock of a case's chain ("aud" in ASCII); the second is the
# case's id. A pair of numbers: never the same lock as the migrations' single number.
CHAIN_LOCK_CLASS = 0x617564

# Where each table finds the case a row belongs to: its own id (the case itself), its
# ``case_id`` column, or the case of the row it hangs from.
# Columns the server derives from others (the search vectors): not a change of their own.
_DERIVED_COLUMNS = ("search_words",)


def _entry_text(
    prev_hash: str,
    case_id: str,
    table_name: str,
    row_id: str,
    operation: str,
    actor: str,
    at: str,
    before: str,
    after: str,
) -> str:
    """The SQL expression of the text an entry's hash is taken over: one JSON array, in the
    server's canonical ``jsonb`` form, so no field can run into the next."""
    return (
        f"jsonb_build_array({prev_hash}, {case_id}, {table_name}, {row_id}, {operation}, "
        f"{actor}, to_char({at} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
        f"{before}, {after})::text"
    )


_TRIGGER_TEXT = _entry_text(
    "v_prev",
    "v_case",
    "TG_TABLE_NAME",
    "v_row_id",
    "TG_OP",
    "v_actor",
    "v_at",
    "v_before",
    "v_after",
)
_STORED_TEXT = _entry_text(
    "prev_hash", "case_id", "table_name", "row_id", "operation", "actor", "at", "before", "after"
)
_DERIVED = " - ".join(f"'{column}'" for column in _DERIVED_COLUMNS)

PG_AUDIT_DDL = (
    f"""
    CREATE TABLE {AUDIT_TABLE} (
        id bigserial PRIMARY KEY,
        case_id integer NOT NULL,
        table_name text NOT NULL,
        row_id text NOT NULL,
        operation text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
        actor text NOT NULL,
        at timestamptz NOT NULL,
        before jsonb,
        after jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
    )
    """,
    f"CREATE INDEX ix_{AUDIT_TABLE}_case_id_id ON {AUDIT_TABLE} (case_id, id)",
    # Agents read the log (to verify it, to print its head); they never write it themselves.
    f"REVOKE ALL ON {AUDIT_TABLE} FROM PUBLIC",
    f"REVOKE ALL ON SEQUENCE {AUDIT_TABLE}_id_seq FROM PUBLIC",
    f"GRANT SELECT ON {AUDIT_TABLE} TO PUBLIC",
    f"""
    CREATE FUNCTION audit_record() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $fn$
    DECLARE
        v_before jsonb;
        v_after jsonb;
        v_row jsonb;
        v_case integer;
        v_row_id text;
        v_prev text;
        v_actor text := session_user;
        v_at timestamptz;
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            v_before := to_jsonb(OLD) - {_DERIVED};
        END IF;
        IF TG_OP <> 'DELETE' THEN
            v_after := to_jsonb(NEW) - {_DERIVED};
        END IF;
        IF TG_OP = 'UPDATE' AND v_before = v_after THEN
            RETURN NULL;  -- nothing changed
        END IF;
        v_row := coalesce(v_after, v_before);
        v_row_id := coalesce(v_row ->> 'id', '');
        IF TG_ARGV[0] = 'id' THEN
            v_case := (v_row ->> 'id')::integer;
        ELSIF TG_ARGV[0] = 'case_id' THEN
            v_case := (v_row ->> 'case_id')::integer;
        ELSIF TG_ARGV[0] = 'entry' THEN
            SELECT e.case_id INTO v_case FROM timeline_entries e
            WHERE e.id = (v_row ->> 'entry_id')::integer;
        ELSIF TG_ARGV[0] = 'review' THEN
            SELECT r.case_id INTO v_case FROM reviews r
            WHERE r.id = (v_row ->> 'review_id')::integer;
        END IF;
        IF v_case IS NULL THEN
            -- Deleted with the row it hangs from (its entry, its review), in the same
            -- statement: that row's deletion, recorded in its case's chain, holds it.
            RETURN NULL;
        END IF;
        PERFORM pg_advisory_xact_lock({CHAIN_LOCK_CLASS}, v_case);
        SELECT a.hash INTO v_prev FROM {AUDIT_TABLE} a
        WHERE a.case_id = v_case ORDER BY a.id DESC LIMIT 1;
        v_prev := coalesce(v_prev, '');
        v_at := clock_timestamp();
        INSERT INTO {AUDIT_TABLE}
            (case_id, table_name, row_id, operation, actor, at, before, after, prev_hash, hash)
        VALUES (
            v_case, TG_TABLE_NAME, v_row_id, TG_OP, v_actor, v_at, v_before, v_after, v_prev,
            encode(sha256(convert_to({_TRIGGER_TEXT}, 'UTF8')), 'hex')
        );
        RETURN NULL;
    END
    $fn$
    """,
    """
    CREATE FUNCTION audit_log_refuse() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF pg_trigger_depth() >= 2 THEN
                RETURN NEW;  -- written by audit_record(), from a change of a case's data
            END IF;
            RAISE EXCEPTION 'the audit log is written by the server''s triggers only'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RAISE EXCEPTION 'the audit log is append-only: its entries are never changed or removed'
            USING ERRCODE = 'insufficient_privilege';
    END
    $fn$
    """,
    f"""
    CREATE TRIGGER audit_log_append_only BEFORE INSERT OR UPDATE OR DELETE ON {AUDIT_TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()
    """,
    f"""
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {AUDIT_TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()
    """,
    *(
        f"CREATE TRIGGER audit_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION audit_record('{case_of}')"
        for table, case_of in CASE_OF.items()
    ),
)
# Revision 0007: erasing a client forgets its cases' chains, keeping a record of the erasure.
ERASURES_TABLE = "audit_erasures"
_FORGET_SETTING = "callnotes.audit_forget"
PG_AUDIT_ERASURE_DDL = (
    f"""
    CREATE TABLE {ERASURES_TABLE} (
        case_id integer PRIMARY KEY,
        entries integer NOT NULL,
        last_hash text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL
    )
    """,
    f"REVOKE ALL ON {ERASURES_TABLE} FROM PUBLIC",
    f"GRANT SELECT ON {ERASURES_TABLE} TO PUBLIC",
    # The guard of the log, and of the erasures' record: a deletion of a chain is let through
    # only from audit_forget(), for the case it names; an erasure recorded only from there.
    f"""
    CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
        IF TG_OP = 'INSERT' AND TG_TABLE_NAME = '{AUDIT_TABLE}' THEN
            IF pg_trigger_depth() >= 2 THEN
                RETURN NEW;  -- written by audit_record(), from a change of a case's data
            END IF;
            RAISE EXCEPTION 'the audit log is written by the server''s triggers only'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = '{AUDIT_TABLE}'
                AND OLD.case_id::text = current_setting('{_FORGET_SETTING}', true) THEN
            RETURN OLD;  -- the chain of an erased case, removed whole by audit_forget()
        END IF;
        IF TG_OP = 'INSERT' AND NEW.case_id::text = current_setting('{_FORGET_SETTING}', true)
        THEN
            RETURN NEW;  -- the record of that erasure
        END IF;
        RAISE EXCEPTION 'the audit log is append-only: its entries are never changed or removed'
            USING ERRCODE = 'insufficient_privilege';
    END
    $fn$
    """,
    f"""
    CREATE TRIGGER audit_erasures_append_only BEFORE INSERT OR UPDATE OR DELETE
    ON {ERASURES_TABLE} FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()
    """,
    f"""
    CREATE TRIGGER audit_erasures_no_truncate BEFORE TRUNCATE ON {ERASURES_TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()
    """,
    f"""
    CREATE FUNCTION audit_forget(p_case integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $fn$
    DECLARE
        v_entries integer;
        v_last text;
    BEGIN
        IF EXISTS (SELECT 1 FROM cases WHERE id = p_case) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = 'case '
                || p_case::text || ' still exists: only an erased case''s chain is removed';
        END IF;
        PERFORM pg_advisory_xact_lock({CHAIN_LOCK_CLASS}, p_case);
        SELECT count(*), (array_agg(a.hash ORDER BY a.id DESC))[1] INTO v_entries, v_last
        FROM {AUDIT_TABLE} a WHERE a.case_id = p_case;
        IF v_entries = 0 THEN
            RETURN 0;
        END IF;
        PERFORM set_config('{_FORGET_SETTING}', p_case::text, true);
        DELETE FROM {AUDIT_TABLE} WHERE case_id = p_case;
        INSERT INTO {ERASURES_TABLE} (case_id, entries, last_hash, actor, at)
        VALUES (p_case, v_entries, v_last, session_user, clock_timestamp());
        PERFORM set_config('{_FORGET_SETTING}', '', true);
        RETURN v_entries;
    END
    $fn$
    """,
)
PG_AUDIT_ERASURE_DROP = (
    "DROP FUNCTION IF EXISTS audit_forget(integer)",
    f"DROP TABLE IF EXISTS {ERASURES_TABLE}",
    # Revision 0006's guard again.
    next(s for s in PG_AUDIT_DDL if "FUNCTION audit_log_refuse()" in s).replace(
        "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
    ),
)
PG_AUDIT_DROP = (
    *(f"DROP TRIGGER IF EXISTS audit_{table} ON {table}" for table in CASE_OF),
    "DROP FUNCTION IF EXISTS audit_forget(integer)",
    f"DROP TABLE IF EXISTS {ERASURES_TABLE}",
    f"DROP TABLE IF EXISTS {AUDIT_TABLE}",
    "DROP FUNCTION IF EXISTS audit_record()",
    "DROP FUNCTION IF EXISTS audit_log_refuse()",
)


def create_pg_audit(connection: Connection) -> None:
    """Create the audit log and its triggers (PostgreSQL only; nothing elsewhere).

    The recording function runs with its owner's rights, so it names its schema and puts the
    session's temporary tables last: an agent's temporary table called ``audit_log`` or
    ``timeline_entries`` is never the one it reads or writes.
    """
    run_pg_ddl(connection, PG_AUDIT_DDL)


def drop_pg_audit(connection: Connection) -> None:
    """Remove the audit log and its triggers (PostgreSQL only)."""
    run_pg_ddl(connection, PG_AUDIT_DROP)


def create_pg_audit_erasure(connection: Connection) -> None:
    """Let an erasure remove its cases' chains, recording that it did (PostgreSQL only)."""
    run_pg_ddl(connection, PG_AUDIT_ERASURE_DDL)


def drop_pg_audit_erasure(connection: Connection) -> None:
    """Back to revision 0006's log, where no chain is ever removed (PostgreSQL only)."""
    run_pg_ddl(connection, PG_AUDIT_ERASURE_DROP)


def forget_chains(session: Session, case_ids: Iterable[int]) -> int:
    """Remove the chains of erased cases, whole, inside the erasure's transaction; the server
    keeps, for each, how many entries it had, its last hash, who erased it and when. Returns
    the entries removed (0 on SQLite, which keeps no log)."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    return sum(
        int(session.execute(text("SELECT audit_forget(:case)"), {"case": case_id}).scalar_one())
        for case_id in case_ids
    )


def last_change(
    session: Session, table_name: str, row_id: int
) -> tuple[str | None, timedelta | None]:
    """Who last changed a row and how long ago (by the server's clock), from the audit log:
    the colleague linked to the login, else the login; (None, None) on SQLite, or when the
    log has nothing for it."""
    if session.get_bind().dialect.name != "postgresql":
        return None, None
    row = session.execute(
        text(
            f"SELECT coalesce(m.name, a.actor), clock_timestamp() - a.at FROM {AUDIT_TABLE} a "
            "LEFT JOIN team_members m ON m.db_login = a.actor "
            "WHERE a.table_name = :table AND a.row_id = :row ORDER BY a.id DESC LIMIT 1"
        ),
        {"table": table_name, "row": str(row_id)},
    ).first()
    return (str(row[0]), row[1]) if row is not None else (None, None)


def chain_head(session: Session, case_id: int) -> AuditHead | None:
    """The head of *case_id*'s chain, read in *session*; None on SQLite or with no entry."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    row = session.execute(
        text(
            f"SELECT hash, at, (SELECT count(*) FROM {AUDIT_TABLE} WHERE case_id = :case) "
            f"FROM {AUDIT_TABLE} WHERE case_id = :case ORDER BY id DESC LIMIT 1"
        ),
        {"case": case_id},
    ).first()
    if row is None:
        return None
    return AuditHead(hash=str(row[0]), at=row[1], entries=int(row[2]))


def entry_hash(entry_text: str) -> str:
    """The hash of an entry from its text (see ``_entry_text``)."""
    return hashlib.sha256(entry_text.encode("utf-8")).hexdigest()


def find_breaks(rows: Iterable[tuple[int, int, str, str, str]]) -> list[AuditBreak]:
    """Where the chains break, from their entries ``(id, case_id, prev_hash, hash, text)``
    ordered by case and id: each hash recomputed, each link to the previous entry checked."""
    breaks: list[AuditBreak] = []
    previous: dict[int, str] = {}
    for entry_id, case_id, prev_hash, stored_hash, entry_text in rows:
        expected_prev = previous.get(case_id, "")
        if prev_hash != expected_prev:
            reason = (
                "it names a previous entry the chain does not have (an entry before it was "
                "changed or removed)"
                if expected_prev
                else "the case's first entry names a previous one (earlier entries were removed)"
            )
            breaks.append(AuditBreak(case_id, entry_id, reason))
        elif entry_hash(entry_text) != stored_hash:
            breaks.append(
                AuditBreak(case_id, entry_id, "its fields no longer match its hash (it was edited)")
            )
        previous[case_id] = stored_hash
    return breaks


def verify_chains(
    connection: Connection, case_id: int | None = None
) -> tuple[int, list[AuditBreak]]:
    """Recompute every chain (or *case_id*'s); return how many entries were read and the
    breaks found."""
    where = "WHERE case_id = :case" if case_id is not None else ""
    result = connection.execute(
        text(
            f"SELECT id, case_id, prev_hash, hash, {_STORED_TEXT} FROM {AUDIT_TABLE} "
            f"{where} ORDER BY case_id, id"
        ).execution_options(yield_per=5000),
        {"case": case_id} if case_id is not None else {},
    )
    count = 0

    def rows() -> Iterable[tuple[int, int, str, str, str]]:
        nonlocal count
        for row in result:
            count += 1
            yield int(row[0]), int(row[1]), str(row[2]), str(row[3]), str(row[4])

    breaks = find_breaks(rows())
    return count, breaks


def run_verify(url: str, case_id: int | None = None) -> tuple[bool, list[str]]:
    """``callnotes audit verify``: whether every chain holds, and the sentences to print."""
    db = open_database(url)
    try:
        if db.is_sqlite:
            raise InvalidInputError(
                "Only a team database (postgresql+psycopg://…) keeps an audit log; one "
                "desktop's SQLite file has none."
            )
        with db.engine.connect() as connection:
            has_log = connection.execute(
                text("SELECT to_regclass(:name) IS NOT NULL"), {"name": AUDIT_TABLE}
            ).scalar_one()
            if not has_log:
                raise InvalidInputError(
                    "This team database has no audit log yet: run `callnotes db upgrade` first."
                )
            count, breaks = verify_chains(connection, case_id)
            erased = erasure_sentences(connection, case_id)
    except SQLAlchemyError as exc:
        known = as_storage_error(exc, writing=False)
        first = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0]
        raise known or StorageError(f"The audit log could not be read: {first}.") from exc
    finally:
        db.dispose()
    if breaks:
        return False, [b.sentence for b in breaks] + erased
    scope = f"case {case_id}" if case_id is not None else "every case"
    entries = f"{count} entr{'y' if count == 1 else 'ies'}"
    return True, [f"The audit log of {scope} is intact ({entries} checked).", *erased]


def erasure_sentences(connection: Connection, case_id: int | None = None) -> list[str]:
    """What erasures removed from the log: one sentence for a case, a count for every case."""
    where = "WHERE case_id = :case" if case_id is not None else ""
    rows = connection.execute(
        text(
            f"SELECT case_id, entries, last_hash, actor, at FROM {ERASURES_TABLE} {where} "
            "ORDER BY at DESC"
        ),
        {"case": case_id} if case_id is not None else {},
    ).all()
    if not rows:
        return []
    if case_id is not None:
        _case, entries, last_hash, actor, at = rows[0]
        return [
            f"Case {case_id} was erased with its client by {actor} on "
            f"{at:%Y-%m-%d %H:%M} UTC: its chain of {entries} entries went with it "
            f"(its last hash began {str(last_hash)[:SHORT_HASH]})."
        ]
    latest = rows[0]
    return [
        f"{len(rows)} erased case{'s' if len(rows) != 1 else ''}' chains were removed with "
        f"their clients (the latest by {latest[3]} on {latest[4]:%Y-%m-%d %H:%M} UTC); "
        "`audit verify --case ID` says when and by whom for each."
    ]
