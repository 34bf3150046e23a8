"""A consistent copy of a SQLite file through the sqlite3 backup API, created private (0600).

A plain file copy of a WAL database can miss what is still in its ``-wal`` file or catch a
page half-written; the backup API copies what a reader sees, in one read transaction. The
copy is a single self-contained file (rollback-journal mode); the app switches a database it
opens back to WAL.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from callnotes.storage.read_only import connect_read_only


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy *source* (opened read-only) over *target*, which is created or emptied 0600."""
    fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(target, 0o600)
    src = connect_read_only(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # A copy of a WAL database is a WAL database; as a plain rollback-journal file it
            # can be checked and read later without SQLite creating -wal/-shm files beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)
