"""The backups stay bounded: thinned as they age, within a size budget, the newest always kept.

A year of daily starts is simulated with real copies of a real database (the same copy and
check as every start), then what is left is looked at: which days, how many, how much space.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from callnotes.storage.backup import (
    KEEP_DAYS,
    backup_copies,
    backup_sqlite,
    backup_usage,
    take_daily_backup,
)
from tests.test_integrity import build_database

START = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)
BIG = 10**12  # a budget nothing reaches


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, datetime]:
    """A database backed up at every daily start for a year (366 starts, one a day)."""
    root = tmp_path_factory.mktemp("year")
    database = build_database(root / "data", ["Labels do not print"])
    backups = root / "backups"
    for day in range(366):
        assert take_daily_backup(database, backups, START + timedelta(days=day), UTC, BIG)
    return database, backups, START + timedelta(days=365)


def days_kept(backups: Path, stem: str) -> list[date]:
    return [copy.taken_at.date() for copy in backup_copies(backups, stem)]


def test_a_year_of_daily_starts_keeps_a_week_of_days_weeks_then_months(year) -> None:
    database, backups, last = year
    kept = days_kept(backups, database.stem)
    today = last.date()

    assert kept[:KEEP_DAYS] == [today - timedelta(days=n) for n in range(KEEP_DAYS)]
    for weeks_ago in range(5):  # each of the last five weeks has its copy
        monday = today - timedelta(days=today.weekday() + 7 * weeks_ago)
        assert any(monday <= d < monday + timedelta(days=7) for d in kept), monday
    month = today.replace(day=1)
    for _ in range(12):  # and each of the last twelve months
        assert any((d.year, d.month) == (month.year, month.month) for d in kept), month
        month = (month - timedelta(days=1)).replace(day=1)
    older = [d for d in kept if (today - d).days >= 35]
    assert len({(d.year, d.month) for d in older}) == len(older), "one copy a month, then"
    assert len(kept) <= 7 + 5 + 12


def test_the_space_a_year_takes_is_a_few_dozen_copies_not_a_year_of_them(year) -> None:
    database, backups, _last = year
    usage = backup_usage(backups, database.stem, BIG)
    one = database.stat().st_size

    assert usage.copies == len(list(backups.glob("*.db")))
    assert usage.total_bytes <= 24 * one * 1.1
    assert usage.newest is not None and usage.newest.date() == (START + timedelta(days=365)).date()


def test_over_the_budget_the_oldest_go_first_and_the_newest_always_stays(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    backups = tmp_path / "backups"
    one = database.stat().st_size
    for day in range(10):
        take_daily_backup(database, backups, START + timedelta(days=day), UTC, 3 * one + one // 2)

    kept = days_kept(backups, database.stem)
    assert kept == [(START + timedelta(days=n)).date() for n in (9, 8, 7)]

    take_daily_backup(database, backups, START + timedelta(days=10), UTC, one // 2)  # tiny budget
    assert days_kept(backups, database.stem) == [(START + timedelta(days=10)).date()]


def test_a_copy_before_an_upgrade_shares_the_rotation(tmp_path: Path) -> None:
    database = build_database(tmp_path / "data", ["Labels do not print"])
    backups = tmp_path / "backups"
    upgraded = START - timedelta(days=5)  # in November; the daily copies are December's
    backup_sqlite(database, backups, "before-0003", upgraded, BIG)
    for day in range(12):
        take_daily_backup(database, backups, START + timedelta(days=day), UTC, BIG)

    copies = backup_copies(backups, database.stem)
    labels = {copy.taken_at.date(): copy.label for copy in copies}
    assert labels[upgraded.date()] == "before-0003", "November's newest copy: kept"
    assert len(copies) < 13, "December's older days thinned to their weeks"
