"""When each case was last active, kept by the database in the transaction of every write.

The case list shows cases most recently active first — the newest timeline entry of a case, or
its opening if that is later — and reads them a page at a time, after the last (activity, id)
shown. Found by aggregating the timeline, that order costs a seek per case for every page (a
hundred thousand at 5M entries); stored in ``case_activity`` with an index, a page is one range
of that index.

Triggers keep it, on SQLite and PostgreSQL alike, so no writer can forget it (a note, a call's
start, an imported case, the benchmarks' bulk inserts): a new case gets its row, at its
opening; a new entry moves its case's time forward if it is newer. A case's deletion takes its
row with it (the foreign key cascades). Nothing else moves a case's time: entries are never
deleted but with their case, nor re-dated, and a case's opening never changes (a change that
did would have to find the case's time again here). The triggers name no other table than the
one they are on and this one: a revision that rebuilds ``cases`` or ``timeline_entries`` on
SQLite (Alembic's batch mode: copy, drop, rename) must create them again
(:func:`create_case_activity_triggers`), as it must the search's.

On PostgreSQL the trigger function runs with its owner's rights (an agent's role needs no
right on the table to write a note) and every role may read the table: ids and times, nothing
typed. The table has no audit or live-notice trigger: the entry that moved a case's time is
recorded and announced already.
"""

from __future__ import annotations

from sqlalchemy import Connection

from callnotes.storage.pg_ddl import run_pg_ddl

TABLE = "case_activity"

SQLITE_DDL = (
    f"CREATE TRIGGER {TABLE}_case_ai AFTER INSERT ON cases BEGIN "
    f"INSERT INTO {TABLE} (case_id, last_activity_at) VALUES (NEW.id, NEW.opened_at); END",
    f"CREATE TRIGGER {TABLE}_entry_ai AFTER INSERT ON timeline_entries BEGIN "
    f"UPDATE {TABLE} SET last_activity_at = NEW.at "
    "WHERE case_id = NEW.case_id AND last_activity_at < NEW.at; END",
)
SQLITE_DROP = (
    f"DROP TRIGGER IF EXISTS {TABLE}_case_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_entry_ai",
)

PG_DDL = (
    f"""
    CREATE FUNCTION case_activity_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $fn$
    BEGIN
        IF TG_TABLE_NAME = 'cases' THEN
            INSERT INTO {TABLE} (case_id, last_activity_at) VALUES (NEW.id, NEW.opened_at);
        ELSE
            UPDATE {TABLE} SET last_activity_at = NEW.at
            WHERE case_id = NEW.case_id AND last_activity_at < NEW.at;
        END IF;
        RETURN NULL;
    END
    $fn$
    """,
    f"REVOKE ALL ON {TABLE} FROM PUBLIC",
    f"GRANT SELECT ON {TABLE} TO PUBLIC",
    f"CREATE TRIGGER {TABLE}_case_ai AFTER INSERT ON cases "
    "FOR EACH ROW EXECUTE FUNCTION case_activity_follow()",
    f"CREATE TRIGGER {TABLE}_entry_ai AFTER INSERT ON timeline_entries "
    "FOR EACH ROW EXECUTE FUNCTION case_activity_follow()",
)
PG_DROP = (
    f"DROP TRIGGER IF EXISTS {TABLE}_case_ai ON cases",
    f"DROP TRIGGER IF EXISTS {TABLE}_entry_ai ON timeline_entries",
    "DROP FUNCTION IF EXISTS case_activity_follow()",
)

# Every case's time, for the rows there before the triggers (one seek per case).
FILL = (
    f"INSERT INTO {TABLE} (case_id, last_activity_at) "
    "SELECT c.id, CASE WHEN e.last IS NOT NULL AND e.last > c.opened_at THEN e.last "
    "ELSE c.opened_at END FROM cases c LEFT JOIN ("
    "SELECT case_id, max(at) AS last FROM timeline_entries GROUP BY case_id"
    ") e ON e.case_id = c.id"
)


def create_case_activity(connection: Connection) -> None:
    """Fill ``case_activity`` for the cases there and create the triggers that keep it."""
    connection.exec_driver_sql(FILL)
    create_case_activity_triggers(connection)


def create_case_activity_triggers(connection: Connection) -> None:
    """Create the triggers that keep ``case_activity`` (and on PostgreSQL their function)."""
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DDL:
            connection.exec_driver_sql(statement)
    else:
        run_pg_ddl(connection, PG_DDL)


def drop_case_activity_triggers(connection: Connection) -> None:
    """Remove the triggers (and on PostgreSQL their functions)."""
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            connection.exec_driver_sql(statement)
    else:
        run_pg_ddl(connection, PG_DROP)
