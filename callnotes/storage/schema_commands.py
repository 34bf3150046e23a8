"""`callnotes db init` and `db upgrade`: the team database's schema, changed on purpose."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from callnotes.errors import InvalidInputError, StorageError
from callnotes.storage.database import open_database
from callnotes.storage.failures import as_storage_error
from callnotes.storage.migrate import MigrationResult, migrate_database

ACTIONS = ("init", "upgrade")


def run_schema_command(url: str, action: str, say: Callable[[str], None] | None = None) -> str:
    """Prepare (*action* "init") or upgrade the database at *url*; return what was done.

    *say* is told, before a migration with work to do starts, what is about to happen: on a
    large database an upgrade can take minutes (revision 0014 builds the search's postings,
    about 35 s a million notes), which the command should not spend silent.

    Known failures (the server unreachable, the login refused, a role without the right to
    create tables, a database written by a newer callnotes) raise their one-sentence error.
    """
    if action not in ACTIONS:
        raise InvalidInputError(f"{action!r} is not a database action ({', '.join(ACTIONS)}).")
    db = open_database(url)
    try:
        if db.is_sqlite:
            raise InvalidInputError(
                "A SQLite file upgrades itself when callnotes opens it; `callnotes db` is for "
                "a team database (postgresql+psycopg://…)."
            )
        result = migrate_database(
            db, create=action == "init", starting=_announce(say) if say is not None else None
        )
    except SQLAlchemyError as exc:
        known = as_storage_error(exc)
        first = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0]
        raise known or StorageError(f"The team database could not be migrated: {first}.") from exc
    finally:
        db.dispose()
    return describe(result)


def _announce(say: Callable[[str], None]) -> Callable[[str | None, str], None]:
    def starting(current: str | None, head: str) -> None:
        if current is None:
            say(f"Preparing the team database (schema {head})…")
        else:
            say(
                f"Upgrading the team database from schema {current} to {head}; on a large "
                "database this takes minutes…"
            )

    return starting


def describe(result: MigrationResult) -> str:
    """What a migration did, in one sentence."""
    if not result.upgraded:
        return f"The team database is already at schema {result.to_revision}; nothing to do."
    if result.from_revision is None:
        return (
            f"Prepared the team database (schema {result.to_revision}); each desktop can now "
            "open it with --db."
        )
    return f"Upgraded the team database from schema {result.from_revision} to {result.to_revision}."
