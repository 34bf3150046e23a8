"""Turning driver errors into the user-facing storage errors at the storage boundary.

SQLite's failures are told apart by their wording; a team database's (PostgreSQL through
psycopg) by their SQLSTATE code, or, for a connection that could not be made at all (which has
no code), by libpq's wording. The errors of the standard library's ``sqlite3`` (the first
look's draft, written before SQLAlchemy loads) are mapped here as well, the same way, without
loading SQLAlchemy.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from pathlib import Path

from callnotes.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    LoginRefusedError,
    NoSuchDatabaseError,
    PermissionDeniedError,
    ReadOnlyError,
    ServerUnreachableError,
    StorageError,
)

NOT_SAVED, NOT_READ = "Not saved", "Could not read"
DISK_FULL = "the disk is full. Free some space and try again."


def as_storage_error(
    exc: BaseException, folder: Path | None = None, *, writing: bool = True
) -> StorageError | None:
    """Map a known database failure to a user-facing error; None means it is a bug.

    *folder* holds the database file, when there is one: SQLite reports some writes that fail
    for want of space (creating the write-ahead log of a closed database, say) as an I/O
    error, and the folder's free space tells them apart. A failure while *writing* says
    "Not saved"; one while only reading says "Could not read" (nothing was being saved).
    """
    if isinstance(exc, OSError):
        return os_storage_error(exc, Path(exc.filename) if exc.filename else folder)
    if isinstance(exc, sqlite3.Error):
        return _sqlite_error(exc, folder, writing=writing)
    from sqlalchemy.exc import DBAPIError, OperationalError  # loaded by then; not by sqlite3's

    if not isinstance(exc, (OperationalError, DBAPIError)):
        return None
    original = getattr(exc, "orig", exc)
    if type(original).__module__.startswith("psycopg"):
        return postgresql_error(original, lead=NOT_SAVED if writing else NOT_READ)
    return _sqlite_error(original, folder, writing=writing)


def _sqlite_error(
    original: BaseException, folder: Path | None, *, writing: bool
) -> StorageError | None:
    """The user-facing error for SQLite's *original* failure, told apart by its wording."""
    lead = NOT_SAVED if writing else NOT_READ
    message = str(original).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(
            "The database is locked by another program; nothing was lost, try again."
        )
    if "full" in message:
        return DiskFullError(f"{lead}: {DISK_FULL}")
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        if not writing:  # in WAL mode a read still opens the -shm file beside the database
            return ReadOnlyError(
                f"{NOT_READ}: the database cannot be opened (is its folder read-only?)."
            )
        return ReadOnlyError(f"{NOT_SAVED}: the database cannot be written (read-only location).")
    if "disk i/o" in message:
        if folder is not None and _no_space_left(folder):
            return DiskFullError(f"{lead}: {DISK_FULL}")
        return StorageError(f"{lead}: the disk reported an input/output error.")
    if "malformed" in message or "not a database" in message:
        return CorruptDatabaseError("The database file is damaged and cannot be read.")
    return None


def os_storage_error(exc: OSError, path: Path | None) -> StorageError:
    """The user-facing error for a file-system failure around the database file *path*."""
    where = str(path) if path is not None else "the database"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"{NOT_SAVED}: {DISK_FULL}")
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


# -- PostgreSQL --------------------------------------------------------------------------

TRY_AGAIN = "nothing was lost, try again"
_SERVER_AT = re.compile(r'server (?:at|on socket) "([^"]+)"(?:, port (\d+))?')
_NO_DATABASE = re.compile(r'database "([^"]+)" does not exist')
# Why a connection could not be made, by libpq's wording (these failures have no SQLSTATE).
_UNREACHABLE_REASONS = (
    ("connection refused", "nothing answers at that address and port"),
    ("timeout expired", "no answer within the connect timeout"),
    ("timed out", "no answer within the connect timeout"),
    ("failed to resolve host", "the host name is unknown"),
    ("could not translate host name", "the host name is unknown"),
    ("no route to host", "no route to that host"),
    ("network is unreachable", "the network is unreachable"),
    ("no such file or directory", "no server listens on that socket"),
    ("the database system is starting up", "the server is starting up"),
    ("the database system is shutting down", "the server is shutting down"),
    ("the database system is in recovery mode", "the server is recovering"),
    ("too many clients", "the server has no connection free"),
    ("remaining connection slots are reserved", "the server has no connection free"),
    ("server closed the connection", "the connection was lost"),
    ("connection is lost", "the connection was lost"),
    ("connection is closed", "the connection was lost"),
    ("consuming input failed", "the connection was lost"),
    ("terminating connection", "the server ended the connection"),
    ("ssl negotiation", "something other than PostgreSQL answers there"),
)
# The same, by SQLSTATE, when the wording is not one of those.
_UNREACHABLE_CODES = {
    "53300": "the server has no connection free",
    "57P01": "the server ended the connection",
    "57P02": "the server ended the connection",
    "57P03": "the server does not accept connections now",
}
_LOGIN_REASONS = (
    ("password authentication failed", "the password was not accepted"),
    ("no password supplied", "no password was found (put it in ~/.pgpass)"),
    ("fe_sendauth: no password", "no password was found (put it in ~/.pgpass)"),
    ("no pg_hba.conf entry", "the server does not allow this computer, role or database"),
    ("does not exist", None),  # role "…" / database "…": named from the message
    ("not permitted to log in", "this role may not log in"),
    ("authentication failed", "the login was not accepted"),
)


def postgresql_error(error: BaseException, *, lead: str = NOT_SAVED) -> StorageError | None:
    """The user-facing error for a psycopg error; None for a bug (a constraint, bad SQL…).

    *lead* opens the sentences of failures that stop a write ("Not saved") or only a read.
    """
    state = getattr(error, "sqlstate", None) or ""
    first_line = (str(error).splitlines() or [""])[0]
    message = first_line.lower()
    missing = _NO_DATABASE.search(first_line)
    if state == "3D000" or (not state and missing):  # invalid_catalog_name
        name = repr(missing.group(1)) if missing else "of that name"
        return NoSuchDatabaseError(
            f"The team database server{_where(first_line)} has no database {name}; check the "
            "database address."
        )
    if state.startswith("28") or (not state and _login_reason(message)):
        return LoginRefusedError(
            f"The team database server{_where(first_line)} refused the login: "
            f"{_login_reason(message) or 'the login was not accepted'}; check the user name "
            "in the database address and the password in ~/.pgpass."
        )
    if state == "42501":  # insufficient_privilege
        return PermissionDeniedError(
            f"Your database role lacks a right callnotes needs ({first_line}); ask the "
            "database administrator to give your role the callnotes agent's rights."
        )
    if state in ("55P03", "40001", "40P01"):  # lock_not_available, serialisation, deadlock
        return DatabaseLockedError(
            f"Another desktop was changing the same record at that moment; {TRY_AGAIN}."
        )
    if state == "57014":  # query_canceled: the statement timeout
        return StorageError(f"The team database took too long to answer; {TRY_AGAIN}.")
    if state.startswith("53") and state != "53300":  # insufficient resources
        return DiskFullError(
            f"{lead}: the team database server is out of space; tell the database administrator."
        )
    if state == "25006":  # read_only_sql_transaction
        return ReadOnlyError(
            f"{lead}: the team database is read-only at the moment (a standby server, or "
            "maintenance)."
        )
    if not state or state.startswith(("08", "57P")) or state == "53300":
        reason = _unreachable_reason(message) or _UNREACHABLE_CODES.get(state)
        if reason is None and state == "":
            return None
        return ServerUnreachableError(
            f"The team database server{_where(first_line)} cannot be reached "
            f"({reason or 'the connection failed'}); check that it is running and that the "
            f"address is right, then try again."
        )
    return None


def _login_reason(message: str) -> str | None:
    for wording, reason in _LOGIN_REASONS:
        if wording in message:
            if reason is None:
                found = re.search(r'role "([^"]+)" does not exist', message)
                if found is None:
                    continue
                return f"there is no role {found.group(1)!r}"
            return reason
    return None


def _unreachable_reason(message: str) -> str | None:
    for wording, reason in _UNREACHABLE_REASONS:
        if wording in message:
            return reason
    return None


def _where(first_line: str) -> str:
    found = _SERVER_AT.search(first_line)
    if found is None:
        return ""
    host, port = found.groups()
    return f" at {host}:{port}" if port else f" at {host}"
