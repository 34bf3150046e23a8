"""Consistent copies of a live SQLite database (never a plain file copy of a WAL database).

Copies are taken before each schema upgrade and once a day after start-up. Both kinds share
one rotation of the newest ``KEEP_BACKUPS`` copies: what a restore needs is the newest copy
that is sound, and with one copy a day that is still ten days of history; a copy from before
an upgrade matters only in the days right after it, while it is among the newest anyway.
A copy is checked with ``quick_check`` as soon as it is written, and one that fails is deleted
at once, so a database damaged in use never pushes good copies out of the rotation.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from callnotes.paths import make_private_dirs
from callnotes.storage.integrity import check_sqlite_file, is_damage_message
from callnotes.storage.set_aside import COMPANIONS
from callnotes.storage.sqlite_copy import copy_sqlite

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10
DAILY_LABEL = "daily"
_STAMP = "%Y%m%d-%H%M%S"  # UTC, so names sort by time whatever the clocks did


@dataclass(frozen=True)
class BackupCopy:
    """One backup file and when it was taken."""

    path: Path
    taken_at: datetime  # aware UTC, from the file name
    label: str  # "daily" or "before-<revision>"


def backup_sqlite(source: Path, backup_dir: Path, label: str, now: datetime) -> Path:
    """Copy *source* into *backup_dir* with the sqlite3 backup API; return the copy's path.

    The copy is created 0600 in a 0700 folder, and only the newest ``KEEP_BACKUPS`` copies
    are kept.
    """
    make_private_dirs(backup_dir)
    stamp = now.astimezone(UTC).strftime(_STAMP)
    target = backup_dir / f"{source.stem}-{stamp}-{label}.db"
    copy_sqlite(source, target)
    _prune(backup_dir, source.stem)
    return target


def backup_copies(backup_dir: Path, stem: str) -> list[BackupCopy]:
    """The backups of the database named *stem*, newest first."""
    pattern = re.compile(rf"{re.escape(stem)}-(\d{{8}}-\d{{6}})-(.+)\.db")
    found = []
    for path in backup_dir.glob(f"{stem}-*.db") if backup_dir.is_dir() else ():
        match = pattern.fullmatch(path.name)
        if match is None:
            continue
        taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        found.append(BackupCopy(path, taken, match.group(2)))
    return sorted(found, key=lambda copy: (copy.taken_at, copy.path.name), reverse=True)


def daily_backup_due(
    backup_dir: Path, stem: str, now: datetime, zone: tzinfo | None = None
) -> bool:
    """Whether no copy was taken yet on *now*'s calendar day (local time, or *zone*)."""
    copies = backup_copies(backup_dir, stem)
    if not copies:
        return True
    today = now.astimezone(zone).date()
    return copies[0].taken_at.astimezone(zone).date() != today


def take_daily_backup(
    source: Path, backup_dir: Path, now: datetime, zone: tzinfo | None = None
) -> Path | None:
    """The day's backup of *source* if none was taken today; None if not due or not sound.

    The copy is checked before the rotation is pruned: a copy that fails (the database was
    damaged since start-up) is deleted and the older copies are all kept.
    """
    if not source.is_file() or not daily_backup_due(backup_dir, source.stem, now, zone):
        return None
    make_private_dirs(backup_dir)
    stamp = now.astimezone(UTC).strftime(_STAMP)
    target = backup_dir / f"{source.stem}-{stamp}-{DAILY_LABEL}.db"
    partial = target.with_name(f".{target.name}.partial")
    try:
        try:
            copy_sqlite(source, partial)
            sound = check_sqlite_file(partial).sound
        except sqlite3.DatabaseError as exc:
            if not is_damage_message(str(exc)):
                raise
            sound = False
        if not sound:
            log.warning("The day's backup failed its check and was deleted")
            return None
        os.replace(partial, target)
    finally:
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in COMPANIONS)):
            leftover.unlink(missing_ok=True)
    _prune(backup_dir, source.stem)
    return target


def _prune(backup_dir: Path, stem: str) -> None:
    for old in backup_copies(backup_dir, stem)[KEEP_BACKUPS:]:
        old.path.unlink(missing_ok=True)
