"""Consistent copies of a live SQLite database (never a plain file copy of a WAL database).

Copies are taken before each schema upgrade and once a day after start-up (off the GUI
thread). A copy is checked with ``quick_check`` as soon as it is written, and one that fails is
deleted at once, so a database damaged in use never pushes good copies out of the rotation.

Both kinds share one rotation, thinned as copies age (:func:`copies_to_keep`): the newest copy
of each of the last 7 days, of each of the last 5 weeks and of each of the last 12 months —
at most 24 copies for years of daily starts, a year of history — and within a size budget the
user sets (Settings, 5 GB by default): beyond it the oldest go first. The newest copy always
stays, even alone over the budget: what a restore needs most is the newest copy that is sound.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from callnotes.paths import make_private_dirs
from callnotes.storage.integrity import check_sqlite_file, is_damage_message
from callnotes.storage.set_aside import COMPANIONS
from callnotes.storage.sqlite_copy import copy_sqlite

log = logging.getLogger(__name__)

KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS = 7, 5, 12
DEFAULT_BUDGET_BYTES = 5_000 * 1_000_000
DAILY_LABEL = "daily"
_STAMP = "%Y%m%d-%H%M%S"  # UTC, so names sort by time whatever the clocks did


@dataclass(frozen=True)
class BackupCopy:
    """One backup file and when it was taken."""

    path: Path
    taken_at: datetime  # aware UTC, from the file name
    label: str  # "daily" or "before-<revision>"


def backup_sqlite(
    source: Path,
    backup_dir: Path,
    label: str,
    now: datetime,
    budget_bytes: int = DEFAULT_BUDGET_BYTES,
) -> Path:
    """Copy *source* into *backup_dir* with the sqlite3 backup API; return the copy's path.

    The copy is created 0600 in a 0700 folder; the rotation is thinned afterwards.
    """
    make_private_dirs(backup_dir)
    stamp = now.astimezone(UTC).strftime(_STAMP)
    target = backup_dir / f"{source.stem}-{stamp}-{label}.db"
    copy_sqlite(source, target)
    prune_backups(backup_dir, source.stem, now, budget_bytes)
    return target


def copies_to_keep(
    copies: list[BackupCopy], now: datetime, budget_bytes: int, size: Callable[[Path], int]
) -> list[BackupCopy]:
    """Which of *copies* (newest first) the rotation keeps on *now*, newest first.

    The newest copy; the newest of each of the last ``KEEP_DAYS`` days, ``KEEP_WEEKS`` ISO
    weeks and ``KEEP_MONTHS`` months (UTC calendar); then, from the newest down, as many as
    fit in *budget_bytes* (the newest stays even if it alone does not fit).
    """
    if not copies:
        return []
    today = now.astimezone(UTC).date()
    wanted: dict[int, BackupCopy] = {id(copies[0]): copies[0]}
    seen_days: set[object] = set()
    seen_weeks: set[object] = set()
    seen_months: set[object] = set()
    for copy in copies:  # newest first: the first copy met in a period is its newest
        day = copy.taken_at.astimezone(UTC).date()
        age_days = (today - day).days
        week, month = day.isocalendar()[:2], (day.year, day.month)
        months_ago = (today.year - day.year) * 12 + today.month - day.month
        for seen, period, recent in (
            (seen_days, day, age_days < KEEP_DAYS),
            (seen_weeks, week, age_days < KEEP_WEEKS * 7),
            (seen_months, month, months_ago < KEEP_MONTHS),
        ):
            if recent and period not in seen:
                seen.add(period)
                wanted[id(copy)] = copy
    kept: list[BackupCopy] = []
    used = 0
    for copy in copies:
        if id(copy) not in wanted:
            continue
        used += size(copy.path)
        if kept and used > budget_bytes:
            break  # this one and every older copy are over the budget
        kept.append(copy)
    return kept


def prune_backups(
    backup_dir: Path, stem: str, now: datetime, budget_bytes: int = DEFAULT_BUDGET_BYTES
) -> list[Path]:
    """Delete the copies the rotation no longer keeps (:func:`copies_to_keep`); their paths."""
    copies = backup_copies(backup_dir, stem)
    kept = {copy.path for copy in copies_to_keep(copies, now, budget_bytes, _size)}
    dropped = [copy.path for copy in copies if copy.path not in kept]
    for path in dropped:
        path.unlink(missing_ok=True)
    return dropped


@dataclass(frozen=True)
class BackupUsage:
    """What the backups of one database take, for the user to see."""

    copies: int
    total_bytes: int
    newest: datetime | None  # aware UTC
    budget_bytes: int


def backup_usage(backup_dir: Path, stem: str, budget_bytes: int) -> BackupUsage:
    """How many copies there are, the space they take and when the newest was taken."""
    copies = backup_copies(backup_dir, stem)
    total = sum(_size(copy.path) for copy in copies)
    newest = copies[0].taken_at if copies else None
    return BackupUsage(len(copies), total, newest, budget_bytes)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


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
    source: Path,
    backup_dir: Path,
    now: datetime,
    zone: tzinfo | None = None,
    budget_bytes: int = DEFAULT_BUDGET_BYTES,
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
    prune_backups(backup_dir, source.stem, now, budget_bytes)
    return target
