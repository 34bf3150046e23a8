"""Turning driver errors into the user-facing storage errors at the storage boundary."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from callnotes.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    ReadOnlyError,
    StorageError,
)

DISK_FULL = "Not saved: the disk is full. Free some space and try again."


def as_storage_error(exc: BaseException, folder: Path | None = None) -> StorageError | None:
    """Map a known database failure to a user-facing error; None means it is a bug.

    *folder* holds the database file, when there is one: SQLite reports some writes that fail
    for want of space (creating the write-ahead log of a closed database, say) as an I/O
    error, and the folder's free space tells them apart.
    """
    if isinstance(exc, OSError):
        return os_storage_error(exc, Path(exc.filename) if exc.filename else folder)
    if not isinstance(exc, (OperationalError, DBAPIError)):
        return None
    message = str(getattr(exc, "orig", exc)).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(
            "The database is locked by another program; nothing was lost, try again."
        )
    if "full" in message:
        return DiskFullError(DISK_FULL)
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return ReadOnlyError("Not saved: the database cannot be written (read-only location).")
    if "disk i/o" in message:
        if folder is not None and _no_space_left(folder):
            return DiskFullError(DISK_FULL)
        return StorageError("Not saved: the disk reported an input/output error.")
    if "malformed" in message or "not a database" in message:
        return CorruptDatabaseError("The database file is damaged and cannot be read.")
    return None


def os_storage_error(exc: OSError, path: Path | None) -> StorageError:
    """The user-facing error for a file-system failure around the database file *path*."""
    where = str(path) if path is not None else "the database"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(DISK_FULL)
    if exc.errno == errno.EISDIR or (path is not None and path.is_dir()):
        return StorageError(f"{where} is a folder, not a database file; move it away or rename it.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnlyError(f"The database {where} cannot be written (read-only location).")
    reason = (exc.strerror or type(exc).__name__).lower()
    return StorageError(f"The database {where} cannot be opened ({reason}).")


_NEARLY_FULL_BYTES = 1 << 20  # less than a write-ahead log and its index need to start


def _no_space_left(folder: Path) -> bool:
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return found.f_bavail * found.f_frsize < _NEARLY_FULL_BYTES
