"""The first look (storage/first_look.py): the case the window opens on, read from the file with
the standard library, is the case and the records the services read — or nothing at all."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from callnotes.app import AppContext, open_context
from callnotes.domain.cases import CaseStatus
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.issues import IssueStatus
from callnotes.domain.timeline import EntryKind, NoteDraft
from callnotes.errors import DatabaseLockedError, StorageError
from callnotes.storage.first_look import (
    NEWEST_ENTRIES,
    SCHEMA_REVISION,
    keep_draft,
    read_first_look,
)
from callnotes.storage.migrate import head_revision
from tests.conftest import FakeClock


def seeded(ctx: AppContext, clock: FakeClock) -> int:
    """Two clients' cases; the one active last has amended, internal and client-marked
    entries, more than the look reads, and open and resolved issues. Its id."""
    north = ctx.clients.create_client("Northwind Logistics")
    older = ctx.cases.open_case(north.id, "Labels do not print")
    ctx.timeline.add_entry(older.id, "An older case's note.", EntryKind.NOTE)
    south = ctx.clients.create_client("Südwerk Gmbh")
    case = ctx.cases.open_case(south.id, "Driver app logs everyone out")
    for number in range(NEWEST_ENTRIES + 5):
        ctx.timeline.add_entry(case.id, f"Note {number}.", EntryKind.NOTE)
    said = ctx.timeline.add_entry(case.id, "“Nobody can scan.”", EntryKind.CLIENT_SAID)
    internal = ctx.timeline.add_entry(case.id, "Their IT is slow.", EntryKind.NOTE, internal=True)
    shared = ctx.timeline.add_entry(case.id, "Fix on its way.", EntryKind.NOTE, for_client=True)
    clock.now += timedelta(minutes=5)
    ctx.timeline.amend_entry(said.id, "“Nobody in the warehouse can scan.”")
    ctx.timeline.amend_entry(shared.id, "Fix on its way tonight.", for_client=False)
    ctx.timeline.amend_entry(shared.id, "Fix on its way tonight, 22:00.", for_client=True)
    # One before the look's window: its revision must not be read with them.
    first = ctx.timeline.entries(case.id)[0]
    ctx.timeline.amend_entry(first.id, "Note 0, amended.")
    ctx.issues.add_issue(case.id, "Scanners log out")
    fixed = ctx.issues.add_issue(case.id, "Labels blank")
    ctx.issues.set_status(fixed.id, IssueStatus.RESOLVED)
    assert internal.internal
    return case.id


def test_the_first_look_is_what_the_services_read(
    ctx: AppContext, clock: FakeClock, data_dir: Path
) -> None:
    case_id = seeded(ctx, clock)

    look = read_first_look(ctx.paths.database)

    assert look is not None
    [top] = ctx.cases.case_page(None, 1)
    assert look.case == top and top.id == case_id
    assert look.case.open_issue_count == 1 and look.case.client_name == "Südwerk Gmbh"
    entries = ctx.timeline.entries(case_id)
    assert look.entries == tuple(entries[-NEWEST_ENTRIES:])
    assert len(entries) > NEWEST_ENTRIES
    amended = {e.text: e for e in look.entries}
    assert len(amended["Fix on its way tonight, 22:00."].revisions) == 2
    assert amended["Fix on its way tonight, 22:00."].for_client
    assert amended["Their IT is slow."].internal
    assert look.entries[-1].text == "Status of “Labels blank”: New → Resolved"
    assert look.draft == NoteDraft("")


def test_the_cases_draft_is_read_with_the_look_and_kept_as_the_services_keep_it(
    ctx: AppContext, clock: FakeClock
) -> None:
    case_id = seeded(ctx, clock)
    key = note_draft_key(case_id)
    ctx.drafts.save_note(key, NoteDraft("We agreed: ", EntryKind.DECISION, for_client=True))
    look = read_first_look(ctx.paths.database)
    assert look is not None
    assert look.draft == NoteDraft("We agreed: ", EntryKind.DECISION, for_client=True)

    clock.now += timedelta(minutes=1)
    typed = NoteDraft("We agreed: labels\x00 first", EntryKind.DECISION, for_client=True)
    when = clock.now
    keep_draft(ctx.paths.database, case_id, typed, clock)

    cleaned = NoteDraft("We agreed: labels first", EntryKind.DECISION, for_client=True)
    assert ctx.drafts.load_note(key) == cleaned  # as the services read it, NUL taken out
    [(_key, _stored, saved_at)] = ctx.drafts.of_cases([case_id])
    assert saved_at == when
    stored = sqlite3.connect(ctx.paths.database).execute("SELECT updated_at FROM drafts")
    assert stored.fetchone()[0] == when.strftime("%Y-%m-%d %H:%M:%S.%f"), "as SQLAlchemy writes it"
    again = read_first_look(ctx.paths.database)
    assert again is not None and again.draft == cleaned

    keep_draft(ctx.paths.database, case_id, NoteDraft("", EntryKind.DECISION), clock)
    assert ctx.drafts.of_cases([case_id]) == [], "nothing typed: no draft"
    keep_draft(ctx.paths.database, case_id, NoteDraft("plain"), clock)
    assert ctx.drafts.load_note(key) == NoteDraft("plain")


def test_keeping_a_draft_says_what_stops_it_and_never_makes_a_file(
    ctx: AppContext, clock: FakeClock, tmp_path: Path, monkeypatch
) -> None:
    import callnotes.storage.first_look as first_look

    case_id = seeded(ctx, clock)
    monkeypatch.setattr(first_look, "WAIT_S", 0.1)
    locker = sqlite3.connect(ctx.paths.database, isolation_level=None)
    try:
        locker.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseLockedError):
            keep_draft(ctx.paths.database, case_id, NoteDraft("labels"), clock)
    finally:
        locker.close()
    keep_draft(ctx.paths.database, case_id, NoteDraft("labels"), clock)  # the lock gone: kept

    missing = tmp_path / "gone" / "callnotes.db"
    with pytest.raises(StorageError):
        keep_draft(missing, case_id, NoteDraft("labels"), clock)
    assert not missing.exists()


def test_a_closed_case_and_a_case_without_entries_are_read_as_listed(
    ctx: AppContext, clock: FakeClock
) -> None:
    client = ctx.clients.create_client("Northwind Logistics")
    case = ctx.cases.open_case(client.id, "Printer offline")
    ctx.timeline.add_entry(case.id, "Rebooted.", EntryKind.NOTE)
    ctx.case_closing.close_case(case.id)
    empty = ctx.cases.open_case(client.id, "Nothing yet")

    look = read_first_look(ctx.paths.database)

    assert look is not None
    assert look.case == ctx.cases.case_page(None, 1)[0]
    assert look.case.id == empty.id and look.entries == ()
    ctx.timeline.add_entry(case.id, "Asked again.", EntryKind.NOTE)
    look = read_first_look(ctx.paths.database)
    assert look is not None and look.case.id == case.id
    assert look.case.status == CaseStatus.CLOSED
    assert look.entries == tuple(ctx.timeline.entries(case.id))


def test_the_revision_read_is_the_migrations_head() -> None:
    assert head_revision() == SCHEMA_REVISION, "a new migration: check storage/first_look.py"


def test_nothing_to_look_at_is_no_first_look(tmp_path: Path) -> None:
    assert read_first_look(tmp_path / "none.db") is None  # no file yet: the first start
    ctx = open_context(str(tmp_path / "empty"))
    try:
        assert read_first_look(ctx.paths.database) is None  # no case yet
    finally:
        ctx.close()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    assert read_first_look(garbage) is None


def test_another_schema_is_not_read(ctx: AppContext, clock: FakeClock) -> None:
    seeded(ctx, clock)
    path = ctx.paths.database
    assert read_first_look(path) is not None
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0014'")
    assert read_first_look(path) is None, "an older file: the app migrates it first"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    assert read_first_look(path) is None, "a newer file: the app refuses it"


def test_reading_it_and_keeping_its_draft_load_neither_sqlalchemy_nor_qt(
    ctx: AppContext, clock: FakeClock
) -> None:
    seeded(ctx, clock)
    code = (
        "import sys; from pathlib import Path\n"
        "from callnotes.storage.first_look import keep_draft, read_first_look\n"
        "from callnotes.domain.timeline import NoteDraft\n"
        "from callnotes.domain.timestamps import utc_now\n"
        f"look = read_first_look(Path({str(ctx.paths.database)!r}))\n"
        "assert look is not None\n"
        f"keep_draft(Path({str(ctx.paths.database)!r}), look.case.id, NoteDraft('x'), utc_now)\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'PySide6') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_team_database_has_no_first_look_from_the_file(tmp_path: Path) -> None:
    """The file in the data folder of a team desktop holds only the notes waiting to be shared:
    the case to show is on the server."""
    from callnotes.launch import Opening
    from callnotes.settings import Settings, save_settings

    data_dir = tmp_path / "data"
    assert Opening.prepare(str(data_dir), None).first_look is not None
    assert Opening.prepare(str(data_dir), "postgresql://team.example/callnotes").first_look is None
    opening = Opening.prepare(str(data_dir), None)
    save_settings(
        opening.paths.settings_file,
        Settings(agent_name="Vinh", team_database="postgresql://team.example/callnotes"),
    )
    assert Opening.prepare(str(data_dir), None).first_look is None


def test_reading_a_closed_file_leaves_nothing_others_can_read(tmp_path: Path) -> None:
    """A read-only look at a WAL file whose log was removed at the last close makes SQLite
    create the log and its index again: they are as private as the file."""
    ctx = open_context(str(tmp_path / "data"))
    try:
        client = ctx.clients.create_client("Northwind Logistics")
        ctx.cases.open_case(client.id, "Labels do not print")
        path = ctx.paths.database
    finally:
        ctx.close()
    assert not Path(f"{path}-wal").exists()

    assert read_first_look(path) is not None

    for made in path.parent.glob(f"{path.name}*"):
        assert made.stat().st_mode & 0o077 == 0, made
