"""The command line contract, run as a real process the way users and scripts run it."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import uuid
from html import unescape
from pathlib import Path

import pytest

from callnotes import __version__
from callnotes.app import open_context


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callnotes", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def assert_one_clear_sentence(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("callnotes: ")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    result = run("--data-dir", str(folder), "demo")
    assert result.returncode == 0, result.stderr
    assert "Demo case #1 ready" in result.stdout
    return folder


def run_into_a_closed_pipe(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run *command* with its output into a pipe nobody reads (as ``| head`` leaves it)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            command,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            check=False,
        )
    finally:
        os.close(write_end)


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"callnotes {__version__}"
    help_text = run("--help").stdout
    for command in ("demo", "cases", "search", "report", "export", "import", "--data-dir", "--db"):
        assert command in help_text


def test_demo_is_idempotent_and_listed_as_json(demo_dir: Path) -> None:
    assert run("--data-dir", str(demo_dir), "demo").returncode == 0
    cases = json.loads(run("--data-dir", str(demo_dir), "cases", "--json").stdout)
    assert [(c["id"], c["client"], c["status"]) for c in cases] == [
        (1, "Northwind Logistics", "open"),
        (2, "Northwind Logistics", "resolved"),
    ]
    assert [c["open_issues"] for c in cases] == [3, 0]


def test_data_dir_from_the_environment(demo_dir: Path) -> None:
    result = run("cases", env={"CALLNOTES_DATA_DIR": str(demo_dir)})
    assert "Northwind Logistics" in result.stdout


def test_db_url_option(demo_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{demo_dir / 'callnotes.db'}"
    assert "Northwind Logistics" in run("--data-dir", str(tmp_path), "--db", url, "cases").stdout


def test_minutes_name_the_client_and_every_timeline_entry(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    result = run(
        "--data-dir", str(demo_dir), "report", "minutes", "--case", "1", "--format", "html",
        "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    export = json.loads(run("--data-dir", str(demo_dir), "export", "--case", "1").stdout)
    assert "Northwind Logistics" in html
    shown = unescape(html)
    assert len(export["case"]["timeline"]) >= 12  # the call notes, then what followed
    for entry in export["case"]["timeline"]:
        assert entry["text"] in shown


def test_export_then_import_into_an_empty_data_dir(demo_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "case.json"
    written = run("--data-dir", str(demo_dir), "export", "--case", "1", "-o", str(exported))
    assert written.returncode == 0
    assert written.stdout == f"Wrote case #1 to {exported}.\n"  # as a client's export says
    fresh = tmp_path / "fresh"
    result = run("--data-dir", str(fresh), "import", str(exported))
    assert result.returncode == 0, result.stderr
    assert "Imported case #1" in result.stdout
    again = run("--data-dir", str(fresh), "export", "--case", "1").stdout
    assert again == exported.read_text(encoding="utf-8")


def test_a_case_from_another_install_finds_its_colleagues_by_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "demo").returncode == 0
    document = json.loads(run("--data-dir", str(data), "export", "--case", "1").stdout)
    uids: dict[str, str] = {}
    text = re.sub(
        r'"([0-9a-f]{32})"',
        lambda found: f'"{uids.setdefault(found.group(1), uuid.uuid4().hex)}"',
        json.dumps(document),
    )  # the same people under another computer's uids
    other = json.loads(text)
    other["client"]["name"] = "Southwind Freight"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    result = run("--data-dir", str(data), "import", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        f"Team members: {len(other['team'])} found here by name."
    )
    ctx = open_context(str(data))
    try:
        names = sorted(t.name for t in ctx.team.members())
        assert names == sorted(t["name"] for t in other["team"])  # each colleague once
    finally:
        ctx.close()


def test_search_as_json(demo_dir: Path) -> None:
    hits = json.loads(run("--data-dir", str(demo_dir), "search", "label", "--json").stdout)
    # The demo's earlier, resolved case of the same client had label trouble too.
    assert hits and {h["case_id"] for h in hits} == {1, 2}
    assert any(h["source"] == "issue" for h in hits)


def test_a_search_a_damaged_index_answers_with_nothing_rebuilds_it_and_says_so(
    demo_dir: Path, tmp_path: Path
) -> None:
    import sqlite3

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    with (
        sqlite3.connect(demo_dir / "callnotes.db") as source,
        sqlite3.connect(data / "callnotes.db") as copy,
    ):
        source.backup(copy)
    with sqlite3.connect(data / "callnotes.db") as damaged:  # pages of the indexes zeroed
        for fts in ("entries_fts", "entries_recent_fts"):
            damaged.execute(f"UPDATE {fts}_data SET block = zeroblob(length(block)) WHERE id > 10")
    result = run("--data-dir", str(data), "search", "printer")
    assert result.returncode == 0
    assert result.stderr == (
        "callnotes: The search index was damaged and has been rebuilt from your notes; "
        "nothing was lost.\n"
    )
    assert "Nothing found." not in result.stdout  # it said so, and a script believed it
    assert "printer" in result.stdout.lower()
    again = run("--data-dir", str(data), "search", "printer")
    assert again.stderr == "" and again.stdout == result.stdout


@pytest.mark.parametrize("query", ["020 7946 0321", "+442079460321", "7946 0321", "whitfield"])
def test_search_finds_a_clients_cases_by_a_contacts_number_or_name(
    demo_dir: Path, query: str
) -> None:
    rows = json.loads(run("--data-dir", str(demo_dir), "search", query, "--json").stdout)
    cases = [r for r in rows if r["source"] == "case"]
    assert {r["case_id"] for r in cases} == {1, 2}  # both of Northwind's cases
    contact = "Dana Whitfield" if query == "whitfield" else "Dana Whitfield, +44 20 7946 0321"
    assert {(r["client"], r["contact"]) for r in cases} == {("Northwind Logistics", contact)}
    printed = run("--data-dir", str(demo_dir), "search", query).stdout.splitlines()
    assert printed[0] == (  # the case in progress, most recently active, first
        f"case #1 Northwind Logistics [case] Warehouse cannot print delivery labels ({contact})"
    )


def test_unknown_case_id(demo_dir: Path) -> None:
    result = run("--data-dir", str(demo_dir), "report", "minutes", "--case", "42")
    assert_one_clear_sentence(result)
    assert "no case with id 42" in result.stderr


def test_unreadable_json(demo_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ this is not json", encoding="utf-8")
    assert_one_clear_sentence(run("--data-dir", str(demo_dir), "import", str(bad)))
    assert_one_clear_sentence(run("--data-dir", str(demo_dir), "import", str(tmp_path / "none")))
    bad.write_bytes(b"\xff\xfe\x00garbage")
    assert_one_clear_sentence(run("--data-dir", str(demo_dir), "import", str(bad)))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_data_dir_that_cannot_be_written(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert_one_clear_sentence(run("--data-dir", str(locked / "data"), "cases"))


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert_one_clear_sentence(run("--data-dir", str(blocker / "data"), "cases"))
    assert_one_clear_sentence(run("--data-dir", str(blocker), "cases"))


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "callnotes.db").write_bytes(b"this is not a database" * 100)
    result = run("--data-dir", str(folder), "cases")
    assert_one_clear_sentence(result)
    assert "damaged" in result.stderr


@pytest.mark.skipif(not Path("/proc/version").exists(), reason="needs Linux /proc")
def test_data_dir_where_no_folder_can_be_made() -> None:
    assert_one_clear_sentence(run("--data-dir", "/proc/callnotes-cannot-exist", "cases"))


def test_bad_db_url_and_usage_mistakes(tmp_path: Path) -> None:
    assert_one_clear_sentence(run("--data-dir", str(tmp_path), "--db", "nonsense://", "cases"))
    assert_one_clear_sentence(
        run("--data-dir", str(tmp_path), "--db", "postgresql://u@localhost:1/x", "cases")
    )
    assert_one_clear_sentence(run("report", "minutes"))
    assert_one_clear_sentence(run("frobnicate"))


def test_logs_are_private_and_hold_no_personal_data(demo_dir: Path) -> None:
    run("--data-dir", str(demo_dir), "search", "Dana")
    run("--data-dir", str(demo_dir), "report", "minutes", "--case", "1", "--format", "txt")
    log = demo_dir / "logs" / "callnotes.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "started report" in text
    for personal in ("Dana", "Northwind", "+44", "label"):
        assert personal not in text
    assert (demo_dir / "logs" / "crash.log").read_text() == ""


def test_a_query_may_start_with_a_dash(demo_dir: Path) -> None:
    for args in (
        ["search", "-labels"],
        ["search", "-labels", "--json"],
        ["search", "--", "-labels"],
    ):
        result = run("--data-dir", str(demo_dir), *args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "label" in result.stdout.lower()
    result = run("--data-dir", str(demo_dir), "search", "--limit", "1", "-labels", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 1


def test_a_reader_that_stops_early_ends_the_command_quietly(demo_dir: Path) -> None:
    """``search --json | head``: the reader has gone when the results are written."""
    command = [sys.executable, "-m", "callnotes", "--data-dir", str(demo_dir)]
    writer = run_into_a_closed_pipe([*command, "search", "labels", "--json"])
    assert writer.stderr == ""
    assert writer.returncode == 141


def test_a_data_folder_that_cannot_be_written_is_said_in_a_dialog_too(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """Read-only (simulated: root can write anywhere): the app's socket folder cannot be made."""
    import errno

    from callnotes import cli, instance
    from callnotes.ui.shell import application

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    shown: list[str] = []
    monkeypatch.setattr(instance, "claim", read_only)
    monkeypatch.setattr(application, "show_startup_problem", lambda text, _argv: shown.append(text))

    assert cli.main(["--data-dir", str(tmp_path / "data")]) == 1

    err = capsys.readouterr().err
    assert err.startswith("callnotes: ") and len(err.strip().splitlines()) == 1
    assert shown == [err.strip().removeprefix("callnotes: ")]
    assert "read-only" in shown[0].lower()


def test_a_folder_where_the_database_file_should_be_is_one_sentence(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "callnotes.db").mkdir(parents=True)
    result = run("--data-dir", str(data_dir), "cases")
    assert_one_clear_sentence(result)
    assert "is a folder, not a database file" in result.stderr


def test_an_io_error_on_a_full_disk_reads_as_disk_full(tmp_path: Path, monkeypatch) -> None:
    import errno
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from callnotes.errors import DiskFullError
    from callnotes.storage import failures

    error = OperationalError(
        "PRAGMA journal_mode=WAL", {}, sqlite3.OperationalError("disk I/O error")
    )
    assert type(failures.as_storage_error(error, tmp_path)) is not DiskFullError

    class Full:
        f_bavail = 3
        f_frsize = 4096

    monkeypatch.setattr(failures.os, "statvfs", lambda _path: Full())
    known = failures.as_storage_error(error, tmp_path)
    assert isinstance(known, DiskFullError)
    assert str(known) == "Not saved: the disk is full. Free some space and try again."
    no_space = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "callnotes.db"))
    assert isinstance(failures.as_storage_error(no_space), DiskFullError)


def test_a_failure_while_only_reading_does_not_say_not_saved(tmp_path: Path) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from callnotes.storage import failures

    error = OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error"))
    read = failures.as_storage_error(error, tmp_path, writing=False)
    assert str(read) == "Could not read: the disk reported an input/output error."
    written = failures.as_storage_error(error, tmp_path)
    assert str(written) == "Not saved: the disk reported an input/output error."
    unopened = OperationalError(
        "SELECT 1", {}, sqlite3.OperationalError("unable to open database file")
    )
    assert str(failures.as_storage_error(unopened, writing=False)) == (
        "Could not read: the database cannot be opened (is its folder read-only?)."
    )
    assert str(failures.as_storage_error(unopened)) == (
        "Not saved: the database cannot be written (read-only location)."
    )
    import psycopg

    full = psycopg.errors.DiskFull("could not write to file: No space left on device")
    assert str(failures.postgresql_error(full, lead=failures.NOT_READ)).startswith(
        "Could not read: the team database server is out of space"
    )


def test_sqlites_own_errors_are_said_as_the_wrapped_ones_are(tmp_path: Path) -> None:
    """The first look writes with the standard library's sqlite3, before SQLAlchemy loads: its
    errors read as the same sentences, by the one mapping."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from callnotes.storage import failures

    for message in (
        "database is locked",
        "disk I/O error",
        "attempt to write a readonly database",
        "database disk image is malformed",
    ):
        raw = sqlite3.OperationalError(message)
        wrapped = OperationalError("INSERT", {}, raw)
        said, expected = (
            failures.as_storage_error(raw, tmp_path),
            failures.as_storage_error(wrapped, tmp_path),
        )
        assert expected is not None
        assert (type(said), str(said)) == (type(expected), str(expected)), message
    assert failures.as_storage_error(sqlite3.OperationalError("no such table: x")) is None


def test_a_short_answer_into_a_closed_pipe_ends_quietly_too(demo_dir: Path) -> None:
    """A few bytes stay in the output buffer until the end: the closed pipe is met there."""
    command = [sys.executable, "-m", "callnotes", "--data-dir", str(demo_dir), "clients"]
    writer = run_into_a_closed_pipe(command)
    assert writer.stderr == ""
    assert writer.returncode == 141


def test_a_db_file_that_does_not_exist_is_said_not_made(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "x.db"
    result = run("--data-dir", str(tmp_path / "data"), "--db", f"sqlite:///{missing}", "cases")
    assert_one_clear_sentence(result)
    assert result.stderr == (
        f"callnotes: There is no callnotes database at {missing}: check the --db address "
        "(without --db, callnotes opens the one in its data folder).\n"
    )
    assert not missing.parent.exists()  # neither the file nor its folder was made
