"""The SQLite store: settings that make it durable, private files, aware times, migrations."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from callnotes.app import AppContext, open_context
from callnotes.errors import NewerSchemaError
from callnotes.storage import models as m
from callnotes.storage.backup import backup_sqlite
from callnotes.storage.migrate import head_revision
from callnotes.storage.schema_objects import in_migrations_only
from tests.conftest import FakeClock


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_full_sync_foreign_keys_and_busy_timeout(ctx: AppContext) -> None:
    with ctx.db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


@pytest.mark.sqlite_only
def test_database_files_are_private(ctx: AppContext, data_dir: Path) -> None:
    case = ctx.clients.create_client("Acme")
    ctx.cases.open_case(case.id, "Outage")
    with ctx.db.engine.connect() as connection:  # keep the WAL files alive while looking
        connection.exec_driver_sql("SELECT 1 FROM cases").fetchall()
        db = ctx.paths.database
        assert _mode(data_dir) == 0o700
        assert _mode(db) == 0o600
        for suffix in ("-wal", "-shm"):
            side = db.with_name(db.name + suffix)
            assert side.exists()
            assert _mode(side) == 0o600


def test_naive_datetime_is_rejected_by_the_store(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Acme")
    with pytest.raises(StatementError, match="naive"), ctx.db.unit_of_work() as session:
        session.add(m.Case(client_id=client.id, title="x", opened_at=datetime(2026, 1, 1)))
        session.flush()


def test_times_come_back_aware_utc(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Acme")
    case = ctx.cases.open_case(client.id, "Outage")
    assert ctx.cases.get_case(case.id).opened_at.tzinfo is UTC


def test_schema_after_migrations_matches_the_models(ctx: AppContext) -> None:
    with ctx.db.engine.connect() as connection:
        migration_context = MigrationContext.configure(
            connection,
            opts={
                "include_object": lambda obj, name, type_, *_: not in_migrations_only(name, type_)
            },
        )
        assert compare_metadata(migration_context, m.Base.metadata) == []


def test_data_survives_reopening_and_the_revision_is_head(data_dir: Path) -> None:
    first = open_context(str(data_dir), clock=FakeClock())
    assert first.migration.from_revision is None
    client = first.clients.create_client("Acme")
    case = first.cases.open_case(client.id, "Outage")
    first.timeline.add_entry(case.id, "Printer queue stuck")
    first.close()

    second = open_context(str(data_dir), clock=FakeClock())
    try:
        assert not second.migration.upgraded
        assert second.migration.to_revision == head_revision()
        assert [e.text for e in second.timeline.entries(case.id)] == ["Printer queue stuck"]
    finally:
        second.close()


def test_a_newer_schema_is_refused_and_left_untouched(data_dir: Path) -> None:
    ctx = open_context(str(data_dir), clock=FakeClock())
    ctx.clients.create_client("Acme")
    with ctx.db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_future'"))
    ctx.close()
    db = data_dir / "callnotes.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()

    with pytest.raises(NewerSchemaError, match="newer version of callnotes"):
        open_context(str(data_dir), clock=FakeClock())

    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (data_dir / "backups").exists()


@pytest.mark.sqlite_only
def test_backup_is_a_consistent_private_copy(ctx: AppContext, tmp_path: Path) -> None:
    ctx.clients.create_client("Acme")
    copy = backup_sqlite(
        ctx.paths.database, tmp_path / "backups", "test", datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert _mode(copy) == 0o600
    assert _mode(copy.parent) == 0o700
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT name FROM clients").fetchall() == [("Acme",)]


def test_entries_keep_their_order_when_the_clock_jumps_back(data_dir: Path) -> None:
    clock = FakeClock()
    ctx = open_context(str(data_dir), clock=clock)
    try:
        case = ctx.cases.open_case(ctx.clients.create_client("Acme").id, "Outage")
        ctx.timeline.add_entry(case.id, "first")
        clock.now = clock.now.replace(year=2025)  # the system clock was set back
        ctx.timeline.add_entry(case.id, "second")
        assert [e.text for e in ctx.timeline.entries(case.id)] == ["first", "second"]
    finally:
        ctx.close()


def test_deleting_a_case_cascades_only_to_its_own_rows(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Acme")
    keep = ctx.cases.open_case(client.id, "Keep")
    drop = ctx.cases.open_case(client.id, "Drop")
    ctx.timeline.add_entry(keep.id, "kept")
    ctx.timeline.add_entry(drop.id, "dropped")
    with ctx.db.unit_of_work() as session:
        session.execute(text("DELETE FROM cases WHERE id = :id"), {"id": drop.id})
    with ctx.db.unit_of_work() as session:
        assert list(session.scalars(select(m.TimelineEntry.text))) == ["kept"]


_REBUILD_CASES = '''
"""Test-only revision: rebuilds the cases table the way Alembic batch mode does on SQLite."""
import sqlalchemy as sa
from alembic import op

revision = "9000_test"
down_revision = "__HEAD__"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", recreate="always") as batch:
        batch.add_column(sa.Column("extra", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", recreate="always") as batch:
        batch.drop_column("extra")
'''


def test_an_upgrade_backs_up_first_and_keeps_every_row(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = open_context(str(data_dir), clock=FakeClock())
    case_id = ctx.demo.load_demo()
    entries_before = [e.text for e in ctx.timeline.entries(case_id)]
    all_entries = sum(len(ctx.timeline.entries(c.id)) for c in ctx.cases.list_cases())
    ctx.close()

    # A newer callnotes ships one more revision; this one rebuilds a parent table, which with
    # foreign keys on would cascade-delete every timeline entry.
    import shutil

    from callnotes.storage import migrate

    head = head_revision()
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts)
    revision = _REBUILD_CASES.replace("__HEAD__", head)
    (scripts / "versions" / "9000_test.py").write_text(revision, encoding="utf-8")
    monkeypatch.setattr(migrate, "scripts_dir", lambda: scripts)

    upgraded = open_context(str(data_dir), clock=FakeClock())
    try:
        assert upgraded.migration.from_revision == head
        assert upgraded.migration.to_revision == "9000_test"
        assert [e.text for e in upgraded.timeline.entries(case_id)] == entries_before
        assert len(upgraded.issues.issues(case_id)) == 3
        assert upgraded.search.search("labels"), "the full-text index survives the rebuild"
        with upgraded.db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        backup = upgraded.migration.backup
        assert backup is not None and backup.parent == data_dir / "backups"
        with sqlite3.connect(backup) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
            count = old.execute("SELECT count(*) FROM timeline_entries").fetchone()[0]
            assert count == all_entries
    finally:
        upgraded.close()
