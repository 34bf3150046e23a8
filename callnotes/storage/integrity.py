"""Whether a SQLite file is sound: ``PRAGMA quick_check`` on a read-only connection.

The check reads every page of the file (without the index cross-checks that make
``integrity_check`` about four times slower). On the 100k-entry benchmark database (68 MB,
16,700 pages) it takes 95–110 ms on the benchmark machine, warm or cold page cache alike.

The time grows with the file (about 0.65 s at 1M entries, several seconds at 5M), so the app
never waits for it before showing the case: it starts :class:`BackgroundCheck` right after
the window frame has painted, opens the database and shows the case while the check runs
(sqlite3 releases the GIL, so the two overlap), and holds every write until the verdict is in
(:mod:`callnotes.storage.write_gate`): a damaged file is read, never written to, before it is
set aside. The command line, which exists to write, waits for the verdict before opening.

The file is opened read-only: nothing is written to it, not even a WAL checkpoint at close
(SQLite may create the empty ``-wal``/``-shm`` companions a read-only WAL reader needs).

Nothing in the app opens the database file itself (Python's ``open``) once SQLite may have it
open in the same process: closing any descriptor of a file drops every POSIX lock the process
holds on it, SQLite's included ("How To Corrupt An SQLite Database File", 2.2). Another
program's connection, closing, then believes it is the last one and checkpoints and deletes
the write-ahead log under the app, whose next write fails with "disk I/O error". So the header
is read by :class:`BackgroundCheck` before its own connection opens (:attr:`BackgroundCheck.wal`),
and a database file is created only when missing (``storage/engine.py``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from callnotes.errors import DamagedDatabaseError
from callnotes.storage.read_only import connect_read_only

# What SQLite says when the file itself is broken (as opposed to locked, missing, unreadable).
_DAMAGE_WORDS = ("not a database", "malformed", "corrupt")


@dataclass(frozen=True)
class IntegrityVerdict:
    """The outcome of checking one database file."""

    path: Path
    damaged: bool
    detail: str = ""  # SQLite's first complaint (page numbers, never data), or why unchecked

    @property
    def sound(self) -> bool:
        """Whether the file passed (or there was no file to check)."""
        return not self.damaged


def damaged_error(database: Path) -> DamagedDatabaseError:
    """The error for a damaged *database*, found by its check or by SQLite while reading it."""
    return DamagedDatabaseError(
        f"The database {database} is damaged; open callnotes to restore a backup.", str(database)
    )


def is_damage_message(message: str) -> bool:
    """Whether a SQLite error message says the file is damaged."""
    lowered = message.lower()
    return any(word in lowered for word in _DAMAGE_WORDS)


def check_sqlite_file(path: Path) -> IntegrityVerdict:
    """Run ``PRAGMA quick_check`` on *path*, read-only.

    A missing file is sound (a new database will be created). An empty (0-byte) file, a file
    SQLite cannot read as a database, or one whose check reports a problem, is damaged. Other
    failures (locked, no permission, an I/O error) are not damage: they are left for the normal
    opening to report.
    """
    if not path.exists():
        return IntegrityVerdict(path, damaged=False, detail="no file yet")
    if _empty_file(path):
        # SQLite reads an empty file as an empty database and would build a new one over it;
        # a database that once held data and now has no bytes at all was lost (a copy that
        # failed, a full disk), so it is treated as damage and a backup is offered.
        return IntegrityVerdict(path, damaged=True, detail="the file is empty (0 bytes)")
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as exc:
        return IntegrityVerdict(path, damaged=is_damage_message(str(exc)), detail=str(exc))
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return IntegrityVerdict(path, damaged=is_damage_message(str(exc)), detail=str(exc))
    finally:
        connection.close()
    if rows == [("ok",)]:
        return IntegrityVerdict(path, damaged=False)
    first = str(rows[0][0]) if rows else "no answer"
    return IntegrityVerdict(path, damaged=True, detail=first)


def opens_without_writing(path: Path) -> bool:
    """Whether opening *path* as the app does writes nothing to it: a SQLite file already in
    WAL mode (its header says so). A new, empty or rollback-journal file is written to as it
    is opened (the switch to WAL), so it is opened only after its verdict.

    It reads the file with Python's ``open``: call it only while no SQLite connection of this
    process has *path* open (see the module's note on POSIX locks)."""
    try:
        with path.open("rb") as file:
            header = file.read(20)
    except OSError:
        return False
    return (
        len(header) == 20
        and header.startswith(b"SQLite format 3\x00")
        and header[18:20] == b"\x02\x02"
    )


def _empty_file(path: Path) -> bool:
    """A regular file of 0 bytes whose write-ahead log holds nothing either."""
    try:
        if not path.is_file() or path.stat().st_size != 0:
            return False
        wal = path.with_name(path.name + "-wal")
        return not wal.exists() or wal.stat().st_size == 0
    except OSError:
        return False


class BackgroundCheck:
    """:func:`check_sqlite_file` on a thread of its own; :meth:`verdict` waits for it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Read now, before the check's connection opens: later, reading the file would drop
        # the locks SQLite holds on it in this process.
        self.wal = opens_without_writing(path)
        self._verdict: IntegrityVerdict | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="quick-check", daemon=True)
        self._lock = threading.Lock()
        self._finished = False
        self._done = threading.Event()
        self._listeners: list[Callable[[IntegrityVerdict], None]] = []

    @classmethod
    def start(cls, path: Path) -> BackgroundCheck:
        """A check of *path*, started now."""
        check = cls(path)
        check.begin()
        return check

    def begin(self) -> None:
        """Start checking (once)."""
        self._thread.start()

    def verdict(self) -> IntegrityVerdict:
        """The verdict, once the check has finished (it is waited for)."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._verdict is not None
        return self._verdict

    def wait(self) -> None:
        """Return once the check has finished (with a verdict or not)."""
        self._done.wait()

    def when_done(self, listener: Callable[[IntegrityVerdict], None]) -> None:
        """Call *listener* with the verdict once the check has one: at once if it has, or else
        on the check's thread (a check that failed to run calls nobody: :meth:`verdict` raises
        its error to whoever asks)."""
        with self._lock:
            if not self._finished:
                self._listeners.append(listener)
                return
        if self._verdict is not None:
            listener(self._verdict)

    def _run(self) -> None:
        try:
            self._verdict = check_sqlite_file(self.path)
        except BaseException as exc:  # handed to the thread that asks for the verdict
            self._error = exc
        with self._lock:
            self._finished = True
            listeners, self._listeners = self._listeners, []
        self._done.set()
        if self._verdict is not None:
            for listener in listeners:
                listener(self._verdict)
