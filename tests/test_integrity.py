"""A damaged database is found at start-up and refused, untouched, on the command line.

The databases here are built by the app itself and then damaged the way disks damage files:
pages in the middle overwritten with noise, or a file that was never a database at all.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from callnotes.app import open_context
from callnotes.cli import main
from callnotes.domain.timeline import EntryKind
from callnotes.errors import DamagedDatabaseError
from callnotes.launch import open_checked
from callnotes.storage.integrity import BackgroundCheck, IntegrityVerdict, check_sqlite_file
from tests.conftest import FakeClock

PAGE = 4096
NOTE = "Warehouse printers stopped after the driver update; the client is losing orders. "


def build_database(data_dir: Path, titles: list[str], clock: FakeClock | None = None) -> Path:
    """A real callnotes database with one client, a case per title and enough notes to span
    a few hundred pages; closed, so everything is in the main file."""
    ctx = open_context(str(data_dir), clock=clock or FakeClock())
    try:
        add_cases(ctx, titles)
    finally:
        ctx.close()
    return ctx.paths.database


def add_cases(ctx, titles: list[str]) -> None:
    client = ctx.clients.create_client("Northwind Logistics")
    for title in titles:
        case = ctx.cases.open_case(client.id, title)
        for number in range(60):
            ctx.timeline.add_entry(case.id, f"{number}: {NOTE * 8}", EntryKind.NOTE)


def damage_pages(path: Path, seed: int = 7) -> None:
    """Overwrite the middle third of the file's pages with random bytes."""
    pages = path.stat().st_size // PAGE
    assert pages >= 30, "the database is too small to damage in its middle"
    noise = random.Random(seed)
    with path.open("r+b") as file:
        for page in range(pages // 3, 2 * pages // 3):
            file.seek(page * PAGE)
            file.write(noise.randbytes(PAGE))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sound_database_passes_and_one_with_noise_in_its_middle_fails(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    assert check_sqlite_file(database).sound

    damage_pages(database)
    before = digest(database)
    verdict = check_sqlite_file(database)

    assert verdict.damaged and verdict.detail
    assert digest(database) == before, "checking must not write to the file"


def test_a_file_that_is_not_a_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "callnotes.db"
    path.write_bytes(b"Quarterly figures, do not delete\n" * 500)

    verdict = check_sqlite_file(path)

    assert verdict.damaged
    assert "not a database" in verdict.detail


def test_a_missing_file_is_sound_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "callnotes.db"

    assert check_sqlite_file(path).sound
    assert not path.exists()


def test_the_check_on_its_own_thread_gives_the_same_verdict(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    damage_pages(database)

    assert BackgroundCheck.start(database).verdict().damaged


def test_opening_a_damaged_database_raises_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = build_database(data_dir, ["Labels do not print"])
    damage_pages(database)
    before = digest(database)

    with pytest.raises(DamagedDatabaseError) as raised:
        open_checked(str(data_dir), None)

    assert raised.value.path == str(database)
    assert digest(database) == before
    assert not (data_dir / "backups").exists(), "a damaged database is never backed up"


@pytest.mark.parametrize("damage", ["pages", "not a database"])
def test_the_command_line_refuses_a_damaged_database_and_moves_nothing(
    tmp_path: Path, capsys, damage: str
) -> None:
    data_dir = tmp_path / "data"
    database = build_database(data_dir, ["Labels do not print"])
    if damage == "pages":
        damage_pages(database)
    else:
        database.write_bytes(b"\x00garbage" * 4096)
    before = digest(database)

    code = main(["--data-dir", str(data_dir), "cases"])

    assert code == 1
    assert capsys.readouterr().err == (
        f"callnotes: The database {database} is damaged; open callnotes to restore a backup.\n"
    )
    assert digest(database) == before
    assert not list(data_dir.glob("*damaged*")), "only the app moves a damaged file"
    assert not (data_dir / "backups").exists()


def test_the_command_line_never_puts_an_empty_database_where_a_damaged_one_was_set_aside(
    tmp_path: Path, capsys
) -> None:
    data_dir = tmp_path / "data"
    database = build_database(data_dir, ["Labels do not print"])
    aside = database.with_name("callnotes-damaged-20260302-100000.db")
    database.rename(aside)  # the app set it aside, then was quit before a choice was made

    code = main(["--data-dir", str(data_dir), "cases"])

    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"callnotes: The database {database} was damaged and set aside;")
    assert not database.exists()


def test_damage_that_sqlite_reports_while_opening_is_treated_the_same(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database = data_dir / "callnotes.db"
    database.write_bytes(b"Quarterly figures, do not delete\n" * 500)
    before = digest(database)
    # A check that saw nothing wrong (the file changed after it, say): opening still finds it.
    passed = IntegrityVerdict(database, damaged=False)

    with pytest.raises(DamagedDatabaseError) as raised:
        open_context(str(data_dir), verdict=passed)

    assert raised.value.path == str(database)
    assert digest(database) == before
