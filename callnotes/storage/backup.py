"""Consistent copies of a live SQLite database (never a plain file copy of a WAL database)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

KEEP_BACKUPS = 10


def backup_sqlite(source: Path, backup_dir: Path, label: str, now: datetime) -> Path:
    """Copy *source* into *backup_dir* with the sqlite3 backup API; return the copy's path.

    The copy is created 0600 in a 0700 folder, and only the newest ``KEEP_BACKUPS`` copies
    are kept.
    """
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{source.stem}-{stamp}-{label}.db"
    fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.chmod(target, 0o600)
    _prune(backup_dir, source.stem)
    return target


def _prune(backup_dir: Path, stem: str) -> None:
    copies = sorted(backup_dir.glob(f"{stem}-*.db"))
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
