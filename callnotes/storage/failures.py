"""Turning driver errors into the user-facing storage errors at the storage boundary."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError

from callnotes.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    ReadOnlyError,
    StorageError,
)


def as_storage_error(exc: BaseException) -> StorageError | None:
    """Map a known database failure to a user-facing error; None means it is a bug."""
    if not isinstance(exc, (OperationalError, DBAPIError)):
        return None
    message = str(getattr(exc, "orig", exc)).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(
            "The database is locked by another program; nothing was lost, try again."
        )
    if "full" in message:
        return DiskFullError("Not saved: the disk is full. Free some space and try again.")
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return ReadOnlyError("Not saved: the database cannot be written (read-only location).")
    if "disk i/o" in message:
        return StorageError("Not saved: the disk reported an input/output error.")
    if "malformed" in message or "not a database" in message:
        return CorruptDatabaseError("The database file is damaged and cannot be read.")
    return None
