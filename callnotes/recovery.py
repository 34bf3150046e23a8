"""A damaged database at start-up: refused by the command line, set aside and replaced by the app.

Start-up checks the SQLite file (``storage/integrity.py``). The command line waits for the
verdict before opening it; the app opens it at once and holds every write until the verdict is
in (``storage/write_gate.py``), so a damaged file is read but never written to. A damaged file
raises :class:`DamagedDatabaseError`. The command line prints its one sentence and exits,
moving nothing. The app (before its window shows the case, or after) calls
:func:`set_aside_damaged`, which renames the file beside itself and finds the newest good
backup, then asks (``ui/restore_dialog.py``): restore that backup, start with an empty
database, or quit. An empty database is created only by that explicit
choice; a start that finds a damaged file set aside and no database asks again.

Once the app is running, :func:`daily_backup` keeps something to restore: one copy a day.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from callnotes.errors import DamagedDatabaseError
from callnotes.storage.backup import BackupUsage as BackupUsage  # shown by Settings
from callnotes.storage.backup import backup_usage, take_daily_backup
from callnotes.storage.integrity import IntegrityVerdict, check_sqlite_file, damaged_error
from callnotes.storage.restore import (
    GoodBackup,
    create_empty,
    newest_good_backup,
    restore_backup,
)
from callnotes.storage.set_aside import set_aside, undecided

if TYPE_CHECKING:
    from callnotes.app import AppContext

log = logging.getLogger(__name__)


def refuse_if_damaged(database: Path | None, verdict: IntegrityVerdict | None = None) -> None:
    """Raise :class:`DamagedDatabaseError` unless *database* may be opened.

    *verdict* is a check of *database* already made (on another thread, say); without one the
    file is checked now. None (not a SQLite file) is never refused.
    """
    if database is None:
        return
    refuse_if_set_aside(database)
    if verdict is None or verdict.path != database:
        verdict = check_sqlite_file(database)
    if verdict.damaged:
        log.info("The database failed its check: %s", verdict.detail)  # stderr gets one line
        raise damaged_error(database)


def refuse_if_set_aside(database: Path | None) -> None:
    """Raise :class:`DamagedDatabaseError` if an earlier start set *database* aside as damaged
    and nobody has chosen yet between its backup and an empty database."""
    if database is None:
        return
    waiting = undecided(database)
    if waiting is not None:
        raise DamagedDatabaseError(
            f"The database {database} was damaged and set aside; "
            "open callnotes to restore a backup.",
            str(database),
            str(waiting),
        )


@dataclass(frozen=True)
class Recovery:
    """A damaged database set aside, and the backup that can take its place."""

    database: Path
    set_aside_as: Path
    backup: GoodBackup | None

    @property
    def backup_taken_at(self) -> datetime | None:
        """When the backup on offer was taken (aware UTC); None if there is none."""
        return self.backup.copy.taken_at if self.backup is not None else None

    @property
    def backup_cases(self) -> int | None:
        """How many cases the backup on offer holds, if that could be counted."""
        return self.backup.cases if self.backup is not None else None

    def restore(self) -> None:
        """Copy the backup into the database's place (the app then opens it as usual)."""
        if self.backup is None:
            raise RuntimeError("there is no backup to restore")
        restore_backup(self.backup.copy.path, self.database)
        log.info("Restored the backup taken %s", self.backup.copy.taken_at.isoformat())

    def start_empty(self) -> None:
        """Create an empty database in the damaged one's place: only ever by the user's choice."""
        create_empty(self.database)
        log.info("Started with an empty database")


def set_aside_damaged(damaged: DamagedDatabaseError, backups: Path, now: datetime) -> Recovery:
    """Move the damaged file aside (unless an earlier start did) and find the newest good backup.

    Backups are checked one by one, newest first, until one passes; with a large database and
    several damaged backups this takes a moment, which only this rare path pays.
    """
    database = Path(damaged.path)
    if damaged.set_aside_as is not None:
        moved = Path(damaged.set_aside_as)
    else:
        moved = set_aside(database, now)
        log.warning("The damaged database was set aside as %s", moved.name)
    return Recovery(database, moved, newest_good_backup(backups, database.stem))


def backups_of(ctx: AppContext) -> BackupUsage | None:
    """What the database's backups take now (None for a database that is not a file)."""
    path = ctx.db.path
    if path is None:
        return None
    budget = ctx.settings.backup_budget_mb * 1_000_000
    return backup_usage(ctx.paths.backups, Path(path).stem, budget)


def daily_backup(ctx: AppContext) -> Path | None:
    """The day's backup of the SQLite database, if none was taken today (run off the GUI thread).

    None when nothing was written: not due, not a SQLite file, the copy failed its check, or
    the copy could not be written (logged; the app carries on, and tries again next start).
    """
    path = ctx.db.path
    if path is None:
        return None
    budget = ctx.settings.backup_budget_mb * 1_000_000
    try:
        return take_daily_backup(Path(path), ctx.paths.backups, ctx.clock(), budget_bytes=budget)
    except (OSError, sqlite3.Error) as exc:
        log.warning("The daily backup was not taken: %s", type(exc).__name__)
        return None
