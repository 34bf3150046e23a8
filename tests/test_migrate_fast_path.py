"""A current database opens without Alembic; anything unusual still goes through Alembic."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from callnotes.app import open_context
from callnotes.storage import migrate
from tests.conftest import FakeClock


def test_the_shipped_head_read_from_source_is_alembics_head() -> None:
    assert migrate.shipped_head() == migrate.head_revision()


def test_a_current_database_opens_without_importing_alembic(data_dir: Path) -> None:
    open_context(str(data_dir), clock=FakeClock()).close()
    script = (
        "import sys; from callnotes.app import open_context; "
        f"ctx = open_context({str(data_dir)!r}); ctx.close(); "
        "print(ctx.migration.to_revision, 'alembic' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == [migrate.head_revision(), "False"]


@pytest.mark.parametrize(
    "extra",
    [
        'revision = make_id()\ndown_revision = "0001"\n',  # not a literal
        'revision = "b1"\ndown_revision = ("0001", "0002")\n',  # a merge
        "# no revision at all\n",
    ],
)
def test_scripts_that_are_not_a_plain_chain_leave_the_decision_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.scripts_dir(), scripts)
    (scripts / "versions" / "9999_odd.py").write_text(extra, encoding="utf-8")
    monkeypatch.setattr(migrate, "scripts_dir", lambda: scripts)
    assert migrate.shipped_head() is None


def test_a_stale_stamp_is_still_upgraded(data_dir: Path) -> None:
    from alembic import command

    ctx = open_context(str(data_dir), clock=FakeClock())
    config = migrate.alembic_config()
    with ctx.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    ctx.close()
    again = open_context(str(data_dir), clock=FakeClock())
    try:
        assert again.migration.from_revision == "0002"
        assert again.migration.to_revision == migrate.head_revision()
        assert again.migration.backup is not None
        with again.db.engine.connect() as connection:
            tables = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        assert "escalation_attempts" in tables
    finally:
        again.close()
