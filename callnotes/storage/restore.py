"""What takes a damaged database's place: the newest backup that passes its check, or nothing.

Each candidate is checked with ``quick_check`` (newest first, stopping at the first sound one),
so a backup that is itself damaged is passed over for an older good one. The restore writes a
private temporary file beside the database with the sqlite3 backup API and renames it into
place: the database path holds either nothing or the whole restored copy, never half of one.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from callnotes.storage.backup import BackupCopy, backup_copies
from callnotes.storage.integrity import check_sqlite_file
from callnotes.storage.read_only import connect_read_only
from callnotes.storage.set_aside import COMPANIONS
from callnotes.storage.sqlite_copy import copy_sqlite


@dataclass(frozen=True)
class GoodBackup:
    """A backup that passed its check, and how many cases it holds (None: not counted)."""

    copy: BackupCopy
    cases: int | None


def newest_good_backup(backup_dir: Path, stem: str) -> GoodBackup | None:
    """The newest backup of database *stem* that passes ``quick_check``; None if there is none."""
    for copy in backup_copies(backup_dir, stem):
        if check_sqlite_file(copy.path).sound:
            return GoodBackup(copy, _count_cases(copy.path))
    return None


def restore_backup(backup: Path, database: Path) -> None:
    """Copy *backup* to *database* (0600); the database and its companions must be gone.

    Refuses (``FileExistsError``) rather than write over anything at *database*: the damaged
    file is set aside first, and nothing else may be lost by a restore.
    """
    for path in (database, *(database.with_name(database.name + s) for s in COMPANIONS)):
        if path.exists():
            raise FileExistsError(f"{path} is in the way of the restore")
    partial = database.with_name(f".{database.name}.restoring")
    try:
        copy_sqlite(backup, partial)
        os.replace(partial, database)
    finally:
        partial.unlink(missing_ok=True)


def create_empty(database: Path) -> None:
    """Create an empty database file (0600) where the damaged one was; never over anything.

    The explicit choice to start afresh: opening it then creates the schema as for a new user.
    """
    fd = os.open(database, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    # Switching to WAL writes the file's first page: a file of 0 bytes reads as a lost
    # database at the next start (see callnotes.storage.integrity), this one as a new one.
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
    finally:
        connection.close()


def _count_cases(path: Path) -> int | None:
    try:
        connection = connect_read_only(path)
        try:
            row = connection.execute("SELECT count(*) FROM cases").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None  # an older schema, say: the restore does not depend on it
    return int(row[0])
