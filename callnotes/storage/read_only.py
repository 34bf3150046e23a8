"""A read-only connection to a SQLite file, for the reads made beside the app's own engine.

The start-up check, the first look, a restore's count of cases, a backup's copy and the count of
notes held on a team desktop read the file without SQLAlchemy. They open it by its URI with
``mode=ro``: SQLite itself then refuses every write, and a file that is not there is an error,
never a new empty database made in its place.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: SQLite's own default: how long a read waits for a lock another connection holds.
WAIT_S = 5.0


def connect_read_only(path: Path, *, timeout: float = WAIT_S) -> sqlite3.Connection:
    """A connection to *path* that can only read; waits up to *timeout* s for a lock."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=timeout)
