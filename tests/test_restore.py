"""A damaged database is set aside untouched and a good backup takes its place; daily backups.

Below the window: the same steps the app takes when the user answers the restore question.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callnotes.app import AppContext, open_context
from callnotes.errors import DamagedDatabaseError
from callnotes.recovery import daily_backup, set_aside_damaged
from callnotes.storage.backup import (
    backup_copies,
    backup_sqlite,
    take_daily_backup,
)
from callnotes.storage.restore import newest_good_backup, restore_backup
from callnotes.storage.set_aside import set_aside
from tests.conftest import FakeClock
from tests.test_integrity import add_cases, build_database, damage_pages, digest

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def titles(ctx: AppContext) -> list[str]:
    return sorted(case.title for case in ctx.cases.list_cases())


def damaged_at_start(data_dir: Path) -> DamagedDatabaseError:
    with pytest.raises(DamagedDatabaseError) as raised:
        open_context(str(data_dir))
    return raised.value


@pytest.fixture
def backed_up(tmp_path: Path) -> Path:
    """A data folder whose database was backed up with two cases, then got a third, then was
    damaged; the backup is the day before the damage."""
    data_dir = tmp_path / "data"
    clock = FakeClock(NOON - timedelta(days=1))
    ctx = open_context(str(data_dir), clock=clock)
    try:
        add_cases(ctx, ["Labels do not print", "Scanner drops orders"])
        assert daily_backup(ctx) is not None
        add_cases(ctx, ["Invoices go to the wrong address"])
    finally:
        ctx.close()
    damage_pages(ctx.paths.database)
    return data_dir


def test_a_damaged_database_and_its_companions_are_renamed_byte_identical(tmp_path: Path) -> None:
    database = tmp_path / "callnotes.db"
    database.write_bytes(b"not a database" * 1000)
    (tmp_path / "callnotes.db-wal").write_bytes(b"wal frames")
    (tmp_path / "callnotes.db-shm").write_bytes(b"shared memory")
    hashes = {suffix: digest(tmp_path / f"callnotes.db{suffix}") for suffix in ("", "-wal", "-shm")}
    inode = database.stat().st_ino

    moved = set_aside(database, NOON)

    local = NOON.astimezone().strftime("%Y%m%d-%H%M%S")
    assert moved == tmp_path / f"callnotes-damaged-{local}.db"
    assert moved.stat().st_ino == inode, "renamed, not copied"
    for suffix, before in hashes.items():
        assert digest(moved.with_name(moved.name + suffix)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        moved.name + suffix for suffix in ("", "-wal", "-shm")
    )


def test_setting_aside_twice_in_a_second_never_overwrites(tmp_path: Path) -> None:
    database = tmp_path / "callnotes.db"
    database.write_bytes(b"first")
    first = set_aside(database, NOON)
    database.write_bytes(b"second")

    second = set_aside(database, NOON)

    assert first != second
    assert first.read_bytes() == b"first" and second.read_bytes() == b"second"


def test_the_restored_backup_holds_the_backed_up_cases_and_the_damaged_file_stays_aside(
    backed_up: Path,
) -> None:
    damaged = damaged_at_start(backed_up)
    before = digest(Path(damaged.path))

    recovery = set_aside_damaged(damaged, backed_up / "backups", NOON)

    assert not Path(damaged.path).exists()
    assert digest(recovery.set_aside_as) == before
    assert recovery.backup_cases == 2
    assert recovery.backup_taken_at is not None and recovery.backup_taken_at < NOON
    recovery.restore()
    assert stat.S_IMODE(os.stat(damaged.path).st_mode) == 0o600
    ctx = open_context(str(backed_up))
    try:
        assert titles(ctx) == ["Labels do not print", "Scanner drops orders"]
        assert len(ctx.timeline.entries(ctx.cases.list_cases()[0].id)) == 60
    finally:
        ctx.close()
    assert digest(recovery.set_aside_as) == before


def test_an_empty_start_gives_an_empty_database_beside_the_damaged_file(backed_up: Path) -> None:
    damaged = damaged_at_start(backed_up)
    before = digest(Path(damaged.path))
    recovery = set_aside_damaged(damaged, backed_up / "backups", NOON)

    recovery.start_empty()

    ctx = open_context(str(backed_up))
    try:
        assert titles(ctx) == []
    finally:
        ctx.close()
    assert digest(recovery.set_aside_as) == before


def test_until_a_choice_is_made_the_next_start_asks_again_and_creates_nothing(
    backed_up: Path,
) -> None:
    first = set_aside_damaged(damaged_at_start(backed_up), backed_up / "backups", NOON)
    # The app was quit at the question.

    again = damaged_at_start(backed_up)

    assert again.set_aside_as == str(first.set_aside_as)
    assert not first.database.exists()
    second = set_aside_damaged(again, backed_up / "backups", NOON + timedelta(minutes=5))
    assert second.set_aside_as == first.set_aside_as, "nothing is moved twice"
    assert second.backup_cases == 2


def test_a_damaged_backup_is_passed_over_for_an_older_good_one(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    backups = tmp_path / "data" / "backups"
    older = backup_sqlite(database, backups, "daily", NOON - timedelta(days=2))
    newer = backup_sqlite(database, backups, "daily", NOON - timedelta(days=1))
    damage_pages(newer)

    good = newest_good_backup(backups, database.stem)

    assert good is not None and good.copy.path == older
    assert good.cases == 1


def test_with_no_good_backup_there_is_nothing_to_offer(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    backups = tmp_path / "data" / "backups"
    only = backup_sqlite(database, backups, "daily", NOON)
    only.write_bytes(b"truncated")

    assert newest_good_backup(backups, database.stem) is None
    assert newest_good_backup(tmp_path / "nowhere", database.stem) is None


def test_a_restore_never_writes_over_a_file_in_the_way(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    copy = backup_sqlite(database, tmp_path / "backups", "daily", NOON)
    before = digest(database)

    with pytest.raises(FileExistsError):
        restore_backup(copy, database)

    assert digest(database) == before


def test_the_daily_backup_is_taken_once_a_day(ctx: AppContext, clock: FakeClock) -> None:
    clock.now = NOON
    add_cases(ctx, ["Labels do not print"])

    first = daily_backup(ctx)
    clock.now += timedelta(hours=3)
    same_day = daily_backup(ctx)
    clock.now += timedelta(days=1)
    next_day = daily_backup(ctx)

    assert first is not None and same_day is None and next_day is not None
    assert [copy.label for copy in backup_copies(ctx.paths.backups, "callnotes")] == [
        "daily",
        "daily",
    ]
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert stat.S_IMODE(ctx.paths.backups.stat().st_mode) == 0o700


def test_no_daily_backup_of_a_database_that_fails_its_check(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    backups = tmp_path / "data" / "backups"
    good = take_daily_backup(database, backups, NOON - timedelta(days=1), UTC)
    assert good is not None
    damage_pages(database)  # damaged while the app was running

    assert take_daily_backup(database, backups, NOON, UTC) is None

    assert [copy.path for copy in backup_copies(backups, database.stem)] == [good]
    assert sorted(p.name for p in backups.iterdir()) == [good.name]


def test_a_zero_byte_database_is_damage_and_the_backup_is_offered(backed_up: Path) -> None:
    database = backed_up / "callnotes.db"
    for side in ("-wal", "-shm"):
        database.with_name(database.name + side).unlink(missing_ok=True)
    database.write_bytes(b"")

    damaged = damaged_at_start(backed_up)

    assert damaged.path == str(database)
    assert database.stat().st_size == 0, "left as it was"
    recovery = set_aside_damaged(damaged, backed_up / "backups", NOON)
    assert recovery.set_aside_as.stat().st_size == 0
    assert recovery.backup_cases == 2
    recovery.restore()
    ctx = open_context(str(backed_up))
    try:
        assert titles(ctx) == ["Labels do not print", "Scanner drops orders"]
    finally:
        ctx.close()


def test_the_command_line_refuses_a_zero_byte_database(tmp_path: Path, capsys) -> None:
    from callnotes.cli import main

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database = data_dir / "callnotes.db"
    database.write_bytes(b"")

    assert main(["--data-dir", str(data_dir), "cases"]) == 1

    assert capsys.readouterr().err == (
        f"callnotes: The database {database} is damaged; open callnotes to restore a backup.\n"
    )
    assert database.stat().st_size == 0
