"""Another program with the database file open while callnotes starts.

Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
included. When the app read the file's header with Python's ``open`` while its start-up check
had the file open, another program's connection, closing, took itself for the last one: it
checkpointed and deleted the write-ahead log under the app, whose writes then failed with
"disk I/O error" until it was restarted (seen at 1M entries, where the check takes long enough
to overlap the opening).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from callnotes.app import open_context
from callnotes.domain.timeline import EntryKind
from callnotes.storage import integrity
from callnotes.storage.integrity import BackgroundCheck, IntegrityVerdict, check_sqlite_file
from tests.test_integrity import build_database

# Another program reads the file and closes its connection, as a backup tool or a script does.
_VISIT = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM timeline_entries").fetchone()
connection.close()
"""


def _visit(database: Path) -> None:
    subprocess.run([sys.executable, "-c", _VISIT, str(database)], check=True, timeout=60)


def test_another_program_closing_the_file_leaves_the_apps_log_alone_while_the_check_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    database = build_database(data_dir, ["Labels do not print"])
    reading = threading.Event()
    finish = threading.Event()

    def long_check(path: Path) -> IntegrityVerdict:
        # A large file: the check's connection is still open, mid-read, while the app opens.
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            connection.execute("BEGIN")
            connection.execute("SELECT count(*) FROM timeline_entries").fetchone()
            reading.set()
            finish.wait(30)
        finally:
            connection.close()
        return check_sqlite_file(path)

    monkeypatch.setattr(integrity, "check_sqlite_file", long_check)
    check = BackgroundCheck.start(database)
    assert reading.wait(10)
    ctx = open_context(str(data_dir), check=check)
    try:
        [case] = ctx.cases.list_cases()
        before = len(ctx.timeline.entries(case.id))
        _visit(database)
        assert database.with_name(database.name + "-wal").exists(), (
            "another program deleted the write-ahead log the app has open"
        )
        finish.set()
        check.wait()
        for number in range(3):
            ctx.timeline.add_entry(case.id, f"Client called back ({number}).", EntryKind.NOTE)
            _visit(database)
        assert len(ctx.timeline.entries(case.id)) == before + 3
    finally:
        finish.set()
        ctx.close()
    # What the app wrote is in the file for everyone, once it has closed.
    with sqlite3.connect(database) as connection:
        notes = connection.execute(
            "SELECT count(*) FROM timeline_entries WHERE text LIKE 'Client called back%'"
        ).fetchone()[0]
    assert notes == 3
