"""Who wrote an entry, on a team database: the server's login, not a name typed in the settings.

Each agent connects to the team's PostgreSQL server as a login role of their own; the team
directory links a colleague to their login (``team_members.db_login``). The server names the
author: ``session_author()`` is the name of the colleague whose login the session uses, or the
login itself when nobody in the directory is linked to it. Triggers set the author of every
timeline entry (notes, actions, updates given, escalation attempts, status changes: each is an
entry) and of every earlier version an amendment keeps, whatever the desktop sent — a desktop
whose settings name someone else, or a changed copy of callnotes, writes under its own login.

One exception, for moving records that already have authors: a case imported from a file and
the demo story keep the authors they carry. Their writer says so for its transaction
(:func:`keep_recorded_authors`); the audit log still records the login that wrote them.

On SQLite there is one writer, the desktop's user, and the author is the name in the settings.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from callnotes.storage.pg_ddl import run_pg_ddl

# A transaction-level setting: while "on", the triggers keep the authors a row arrives with.
_KEEP_SETTING = "callnotes.keep_recorded_authors"

# The length of a PostgreSQL identifier, and so of a login role's name.
LOGIN_LIMIT = 63

PG_AUTHORSHIP_DDL = (
    """
    CREATE FUNCTION session_author() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $fn$
        SELECT coalesce(
            (SELECT m.name FROM team_members m WHERE m.db_login = session_user LIMIT 1),
            session_user::text
        )
    $fn$
    """,
    f"""
    CREATE FUNCTION author_from_session() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $fn$
    BEGIN
        IF coalesce(current_setting('{_KEEP_SETTING}', true), '') = 'on' THEN
            RETURN NEW;
        END IF;
        IF TG_TABLE_NAME = 'timeline_entries' THEN
            NEW.author := session_author();
        ELSE
            NEW.revised_by := session_author();
        END IF;
        RETURN NEW;
    END
    $fn$
    """,
    """
    CREATE TRIGGER author_of_timeline_entries BEFORE INSERT OR UPDATE OF author
    ON timeline_entries FOR EACH ROW EXECUTE FUNCTION author_from_session()
    """,
    """
    CREATE TRIGGER author_of_entry_revisions BEFORE INSERT OR UPDATE OF revised_by
    ON entry_revisions FOR EACH ROW EXECUTE FUNCTION author_from_session()
    """,
)
PG_AUTHORSHIP_DROP = (
    "DROP TRIGGER IF EXISTS author_of_timeline_entries ON timeline_entries",
    "DROP TRIGGER IF EXISTS author_of_entry_revisions ON entry_revisions",
    "DROP FUNCTION IF EXISTS author_from_session()",
    "DROP FUNCTION IF EXISTS session_author()",
)


def create_pg_authorship(connection: Connection) -> None:
    """Create the author triggers (PostgreSQL only; nothing elsewhere)."""
    run_pg_ddl(connection, PG_AUTHORSHIP_DDL)


def drop_pg_authorship(connection: Connection) -> None:
    """Remove the author triggers (PostgreSQL only)."""
    run_pg_ddl(connection, PG_AUTHORSHIP_DROP)


def session_author(session: Session) -> str:
    """The author the server records for this session's entries (PostgreSQL only)."""
    return str(session.execute(text("SELECT session_author()")).scalar_one())


def linked_colleague(session: Session) -> str | None:
    """The name of the colleague the team directory links to this session's login, or None
    (PostgreSQL only)."""
    name = session.execute(
        text("SELECT name FROM team_members WHERE db_login = session_user LIMIT 1")
    ).scalar()
    return None if name is None else str(name)


def keep_recorded_authors(session: Session) -> None:
    """For the rest of *session*'s transaction, keep the authors the rows carry (an imported
    case, the demo story); nothing to do on SQLite, where the rows are kept as written."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT set_config(:name, 'on', true)"), {"name": _KEEP_SETTING})
