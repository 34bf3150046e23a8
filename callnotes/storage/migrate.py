"""Bringing a database to the current schema at start-up, safely.

A backup copy is made before any upgrade of existing data; a database written by a newer
callnotes is refused before anything is written; SQLite foreign keys are switched off around
the migration (batch mode rebuilds tables, and a cascade would empty their children) and
checked afterwards. A database that is already current is recognised without Alembic, which
is only imported when there is something to do (it costs start-up time and memory).

A team database (PostgreSQL) is shared by every desktop of the team, so no desktop changes its
schema by itself: opening one that is empty or older says which command prepares it (`callnotes
db init`, `callnotes db upgrade`), and one written by a newer callnotes is refused as on SQLite.
Those commands take a PostgreSQL advisory lock around the migration, so that desktops running
them at once migrate one after the other (the later ones find the work done).
"""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from callnotes.errors import CorruptDatabaseError, NewerSchemaError, SchemaNotReadyError
from callnotes.storage.backup import backup_sqlite
from callnotes.storage.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

_MISSING = object()

# The key of the advisory lock held while a shared database is migrated: "callnote" spelled
# in its ASCII bytes, so that another application's advisory locks are unlikely to meet it.
MIGRATION_LOCK_KEY = 0x63616C6C6E6F7465
# How long `db init` / `db upgrade` wait for another desktop's migration before giving up, and
# how long a migration statement may run (the desktop's usual limits are far shorter).
MIGRATION_LOCK_WAIT_MS = 300_000
MIGRATION_STATEMENT_TIMEOUT_MS = 0  # none: an upgrade of a large table takes its time


@dataclass(frozen=True)
class MigrationResult:
    """What start-up did to the schema."""

    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def upgraded(self) -> bool:
        """Whether any migration ran."""
        return self.from_revision != self.to_revision


def scripts_dir() -> Path:
    """The migration scripts shipped inside the package."""
    return Path(str(resources.files("callnotes.storage") / "migrations"))


def alembic_config() -> Config:
    """An Alembic configuration pointing at the migrations inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(scripts_dir()))
    return config


def head_revision() -> str:
    """The newest revision this version of callnotes knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def shipped_head() -> str | None:
    """The newest shipped revision, read from the scripts' source without importing Alembic.

    None whenever that is not plain to see (a file that does not parse, branches, merges, no
    sources at all); the caller then leaves the decision to Alembic.
    """
    parents: dict[str, object] = {}
    for path in sorted((scripts_dir() / "versions").glob("*.py")):
        if path.name.startswith("__"):
            continue
        source = path.read_text(encoding="utf-8")
        revision = _assigned(source, "revision")
        parent = _assigned(source, "down_revision")
        if not isinstance(revision, str) or not (parent is None or isinstance(parent, str)):
            return None
        parents[revision] = parent
    heads = set(parents) - set(parents.values())
    return heads.pop() if len(heads) == 1 else None


def _assigned(source: str, name: str) -> object:
    match = re.search(rf"^{name}\s*(?::[^=\n]*)?=\s*(.+?)\s*$", source, re.MULTILINE)
    if match is None:
        return _MISSING
    try:
        return ast.literal_eval(match.group(1))
    except (ValueError, SyntaxError):
        return _MISSING


def _stamped_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def upgrade_database(db: Database, backup_dir: Path | None, now: datetime) -> MigrationResult:
    """Upgrade *db* to head; back up SQLite first when it already holds data.

    A shared (PostgreSQL) database is never changed here: if it is not at this callnotes's
    schema, :func:`check_shared_schema` says which command is needed.
    """
    stamped = _stamped_revision(db)
    if stamped is not None and stamped == shipped_head():
        return MigrationResult(stamped, stamped, None)
    if not db.is_sqlite:
        return check_shared_schema(db)
    return _upgrade_with_alembic(db, backup_dir, now)


def check_shared_schema(db: Database) -> MigrationResult:
    """The schema of a shared database, refused unless it is the one this callnotes writes."""
    head = head_revision()
    with db.engine.connect() as connection:
        current = current_revision(connection)
        connection.rollback()
    if current == head:
        return MigrationResult(current, head, None)
    if current is None:
        raise SchemaNotReadyError(
            "The team database holds no callnotes data yet; prepare it once with "
            "`callnotes db init` (see README, Team database)."
        )
    _refuse_newer(current)
    raise SchemaNotReadyError(
        f"The team database has an older schema ({current}) than this callnotes ({head}); "
        "nothing was changed. Run `callnotes db upgrade` once for the team, then start again."
    )


def init_database(db: Database) -> MigrationResult:
    """Prepare an empty database, or bring one up to date: ``callnotes db init``."""
    return migrate_database(db, create=True)


def migrate_database(
    db: Database,
    *,
    create: bool,
    starting: Callable[[str | None, str], None] | None = None,
) -> MigrationResult:
    """Migrate *db* to head on purpose (``callnotes db init`` / ``db upgrade``).

    On PostgreSQL this runs under an advisory lock, and the revision is read again once the
    lock is held: a desktop that waited for another's migration finds it done. *create*
    allows an empty database to be prepared; without it an empty database is refused (an
    upgrade of the wrong database would otherwise fill it silently). *starting* is told the
    revision found (None: an empty database) and the one it goes to, just before a migration
    that has work to do begins.
    """
    if db.is_sqlite:
        return _upgrade_with_alembic(db, None, None)
    with db.engine.connect() as connection:
        connection.exec_driver_sql(f"SET lock_timeout = {MIGRATION_LOCK_WAIT_MS}")
        connection.exec_driver_sql(f"SET statement_timeout = {MIGRATION_STATEMENT_TIMEOUT_MS}")
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
        connection.commit()
        try:
            current = current_revision(connection)
            connection.rollback()
            if current is None and not create:
                raise SchemaNotReadyError(
                    "This database holds no callnotes data; nothing was changed. To prepare "
                    "an empty database for the team, run `callnotes db init`."
                )
            if current is not None:
                _refuse_newer(current)
            head = head_revision()
            if current != head:
                if starting is not None:
                    starting(current, head)
                _run_alembic(connection)
            return MigrationResult(current, head, None)
        finally:
            connection.rollback()
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")
            connection.exec_driver_sql("RESET lock_timeout")
            connection.exec_driver_sql("RESET statement_timeout")
            connection.commit()


def _refuse_newer(current: str) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(current)
    except CommandError as exc:
        raise NewerSchemaError(
            "This database was written by a newer version of callnotes "
            f"(schema {current}); it was left untouched. Please update callnotes."
        ) from exc


# Alembic runs a migration through module-level proxies (``alembic.op``, its context): two
# databases migrated at once by two threads of one process (a team database's desktop opening
# its own file beside, two contexts in a test) would mix them. One at a time.
_ALEMBIC = threading.Lock()


def _run_alembic(connection: Connection) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    with _ALEMBIC:
        command.upgrade(config, "head")
    connection.commit()


def _upgrade_with_alembic(
    db: Database, backup_dir: Path | None, now: datetime | None
) -> MigrationResult:
    head = head_revision()
    with db.engine.connect() as connection:
        current = current_revision(connection)
        connection.rollback()
    if current == head:
        return MigrationResult(current, head, None)
    if current is not None:
        _refuse_newer(current)
    backup = None
    if current is not None and db.path is not None and backup_dir is not None and now:
        backup = backup_sqlite(Path(db.path), backup_dir, f"before-{head}", now)
    with db.engine.connect() as connection:
        _set_foreign_keys(connection, enabled=False)
        try:
            _run_alembic(connection)
            _check_foreign_keys(connection)
        finally:
            _set_foreign_keys(connection, enabled=True)
    return MigrationResult(current, head, backup)


def _set_foreign_keys(connection: Connection, *, enabled: bool) -> None:
    if connection.dialect.name != "sqlite":
        return
    # Must run outside any transaction or SQLite ignores it: use the driver connection,
    # which is in autocommit mode (see engine.py).
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    connection.rollback()
    if problems:
        raise CorruptDatabaseError(
            f"The schema upgrade left {len(problems)} broken references; restore the backup."
        )
