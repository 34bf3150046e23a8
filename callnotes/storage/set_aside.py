"""Moving a damaged database out of the way, untouched, under a name that says what it is.

The file is renamed in its own folder, never copied and deleted, never opened for writing:
``callnotes.db`` becomes ``callnotes-damaged-20261122-101500.db`` (local time), and its
``-wal``/``-shm``/``-journal`` companions follow it with the same new name. They move first,
so a companion is never left beside a database that is not its own (SQLite would apply a
stray ``-wal`` to whatever file next takes the name).
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

COMPANIONS = ("-wal", "-shm", "-journal")
_MARK = "damaged"


def set_aside(database: Path, now: datetime) -> Path:
    """Rename *database* and its companions beside it; return the new path of the database."""
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    target = _free_name(database, stamp)
    for suffix in COMPANIONS:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.rename(companion, target.with_name(target.name + suffix))
    os.rename(database, target)
    _sync_folder(database.parent)
    return target


def set_aside_copies(database: Path) -> list[Path]:
    """Damaged files set aside beside *database*, newest first."""
    pattern = f"{database.stem}-{_MARK}-*{database.suffix}"
    return sorted(database.parent.glob(pattern), key=lambda path: path.name, reverse=True)


def undecided(database: Path) -> Path | None:
    """The damaged file set aside while *database* has not been replaced yet, if any.

    The app moved a damaged database aside and then quit before a backup was restored or an
    empty database started: the next start must ask again rather than create an empty one.
    """
    if database.exists():
        return None
    copies = set_aside_copies(database)
    return copies[0] if copies else None


def _free_name(database: Path, stamp: str) -> Path:
    base = f"{database.stem}-{_MARK}-{stamp}"
    target = database.with_name(f"{base}{database.suffix}")
    number = 2
    while target.exists() or any(
        target.with_name(target.name + suffix).exists() for suffix in COMPANIONS
    ):
        target = database.with_name(f"{base}-{number}{database.suffix}")
        number += 1
    return target


def _sync_folder(folder: Path) -> None:
    # The renames are durable once the folder is synced; not every platform can open one.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
