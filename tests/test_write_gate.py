"""The database opens while its file is checked, and nothing is written before the verdict.

A check reads the whole file (seconds for years of calls), so the app shows the case while it
runs; every write waits for the verdict, and a damaged file refuses them all, untouched.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from callnotes.app import open_context
from callnotes.domain.timeline import EntryKind
from callnotes.errors import DamagedDatabaseError
from callnotes.launch import open_beside_check
from callnotes.storage import integrity
from callnotes.storage.integrity import BackgroundCheck, IntegrityVerdict, check_sqlite_file
from callnotes.storage.write_gate import writes
from tests.test_integrity import PAGE, build_database, damage_pages, digest


def damage_search_index(path: Path) -> None:
    """Overwrite half the leaf pages of the notes' full-text index with noise: the check finds
    it, while the case list and the timeline still read (the damage a search would meet)."""
    connection = sqlite3.connect(path)
    try:
        pages = [
            row[0]
            for row in connection.execute(
                "SELECT pageno FROM dbstat WHERE name = 'entries_fts_data' AND pagetype = 'leaf'"
            )
        ]
    finally:
        connection.close()
    assert len(pages) >= 2, "the index is too small to damage"
    noise = random.Random(7)
    with path.open("r+b") as file:
        for page in pages[len(pages) // 2 :]:
            file.seek((page - 1) * PAGE)
            file.write(noise.randbytes(PAGE))


def test_reads_go_through_at_once_and_a_write_waits_for_the_verdict(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = build_database(data_dir, ["Labels do not print"])
    check = BackgroundCheck(database)  # not started yet: the verdict is still to come
    ctx = open_context(str(data_dir), check=check)
    try:
        [case] = ctx.cases.list_cases()  # a read does not wait
        before = len(ctx.timeline.entries(case.id))
        done = threading.Event()

        def write() -> None:
            ctx.timeline.add_entry(
                case.id, "Client called back: labels print again.", EntryKind.NOTE
            )
            done.set()

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.3)
        assert not done.is_set(), "the write went through before the file was checked"
        assert len(ctx.timeline.entries(case.id)) == before

        check.begin()
        writer.join(10)
        assert done.is_set()
        assert len(ctx.timeline.entries(case.id)) == before + 1
        assert ctx.db.write_gate is not None and ctx.db.write_gate.passed
    finally:
        ctx.close()


def test_a_file_found_damaged_after_opening_is_read_but_never_written(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = build_database(data_dir, ["Labels do not print", "Scanner offline"])
    damage_search_index(database)
    before = digest(database)
    heard: list[bool] = []

    ctx = open_beside_check(str(data_dir), None)  # SQLite opens it: the damage is deep inside
    try:
        assert ctx.db.write_gate is not None
        cases = ctx.cases.list_cases()  # what the window shows first still reads
        assert sorted(case.title for case in cases) == ["Labels do not print", "Scanner offline"]
        assert len(ctx.timeline.entries(cases[0].id)) == 60
        ctx.db.write_gate.when_checked(lambda verdict: heard.append(verdict.damaged))
        with pytest.raises(DamagedDatabaseError) as refused:
            ctx.clients.create_client("Contoso Freight")
        assert "is damaged; open callnotes to restore a backup" in str(refused.value)
        assert heard == [True]
        with pytest.raises(DamagedDatabaseError):  # and every write after it
            ctx.clients.create_client("Contoso Freight")
    finally:
        ctx.close()
    assert digest(database) == before, "a damaged file must not be written to"


def test_a_listener_added_after_the_verdict_hears_it_at_once(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    check = BackgroundCheck.start(database)
    check.verdict()
    heard: list[bool] = []
    check.when_done(lambda verdict: heard.append(verdict.sound))
    assert heard == [True]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("SELECT * FROM cases", False),
        ("  select count(*) from timeline_entries", False),
        ("PRAGMA quick_check", False),
        ("BEGIN IMMEDIATE", False),
        ("WITH recent AS (SELECT 1) SELECT * FROM recent", False),
        ("INSERT INTO drafts (key, text) VALUES (?, ?)", True),
        ("update cases set title = ?", True),
        ("DELETE FROM drafts", True),
        ("CREATE TABLE alembic_version (version_num VARCHAR(32))", True),
        ("DROP INDEX ix_x", True),
        ("INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')", True),
        ("VACUUM", True),
    ],
)
def test_which_statements_count_as_writes(statement: str, expected: bool) -> None:
    assert writes(statement, None) is expected


def test_a_file_that_fails_to_open_is_let_go_only_once_its_check_has_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever hears the failure sets the file aside: nothing may read it any more by then (a
    late read of the check would create a new ``-shm`` where the database was)."""
    data_dir = tmp_path / "data"
    database = build_database(data_dir, ["Labels do not print", "Scanner offline"])
    damage_pages(database)
    checked = threading.Event()

    def slow_check(path: Path) -> IntegrityVerdict:
        time.sleep(0.5)  # a large file: the opening meets the damage first
        try:
            return check_sqlite_file(path)
        finally:
            checked.set()

    monkeypatch.setattr(integrity, "check_sqlite_file", slow_check)
    with pytest.raises(DamagedDatabaseError):
        open_beside_check(str(data_dir), None)
    assert checked.is_set(), "the check was still reading the file"
