"""Every folder the app creates is 0700 and every file 0600, the folders above its own too."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from callnotes.paths import ensure_private_dir, make_private_dirs


def modes(root: Path) -> dict[str, str]:
    found = {}
    for path in [root, *sorted(root.rglob("*"))]:
        found[str(path.relative_to(root.parent))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_a_new_data_folder_and_the_folders_above_it_are_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "deeper" / "data"
    ensure_private_dir(data)
    assert modes(tmp_path / "new") == {
        "new": "0o700",
        "new/deeper": "0o700",
        "new/deeper/data": "0o700",
    }


def test_a_permissive_umask_still_gives_private_folders(tmp_path: Path) -> None:
    previous = os.umask(0o002)
    try:
        make_private_dirs(tmp_path / "a" / "b")
    finally:
        os.umask(previous)
    assert modes(tmp_path / "a") == {"a": "0o700", "a/b": "0o700"}


def test_folders_that_exist_are_left_as_they_are(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    make_private_dirs(shared / "callnotes")
    assert modes(shared)["shared"] == "0o755"
    assert modes(shared)["shared/callnotes"] == "0o700"


def test_the_demo_in_a_new_home_leaves_only_private_folders_and_files(tmp_path: Path) -> None:
    """The real command, with the platform's default folders under an empty home."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CALLNOTES_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "callnotes", "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    created = {name: mode for name, mode in modes(home).items() if name != "home"}
    assert any(name.endswith("callnotes.db") for name in created)
    assert any("log" in name for name in created), "the log folder was made too"
    for name, mode in created.items():
        path = tmp_path / name
        assert mode == ("0o700" if path.is_dir() else "0o600"), name


def test_a_copied_template_and_a_backup_leave_only_private_folders(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from callnotes.app import open_context
    from callnotes.reports.user_templates import copy_template
    from callnotes.resources import templates_dir
    from callnotes.storage.backup import backup_sqlite

    templates = tmp_path / "config" / "callnotes" / "templates"
    copy_template(templates_dir(), templates, "status.html")
    assert {m for p, m in modes(tmp_path / "config").items() if not p.endswith(".html")} == {
        "0o700"
    }
    assert modes(templates)["templates/status.html"] == "0o600"
    open_context(str(tmp_path / "data")).close()
    [database] = (tmp_path / "data").glob("*.db")
    backup_sqlite(database, tmp_path / "backups" / "daily", "test", datetime.now(UTC))
    folders = {p: m for p, m in modes(tmp_path / "backups").items() if not p.endswith(".db")}
    assert set(folders.values()) == {"0o700"}, folders


def test_every_file_the_command_line_writes_is_private(tmp_path: Path) -> None:
    """Case and client exports, each report format and the log after a rollover: all 0600."""
    import logging

    from callnotes.logs import configure_logging, stop_logging
    from callnotes.paths import resolve_paths

    data = tmp_path / "data"
    out = tmp_path / "out"
    out.mkdir()

    def main(args: list[str]) -> int:
        # A process of its own: the PDF export starts a Qt application, which must not
        # outlive this test in the test process.
        done = subprocess.run(
            [sys.executable, "-m", "callnotes", *args],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.stderr == "", done.stderr
        return done.returncode

    old = os.umask(0o022)  # the children inherit it
    try:
        assert main(["--data-dir", str(data), "demo"]) == 0
        written = [out / "case.json", out / "client.json"]
        assert main(["--data-dir", str(data), "export", "--case", "1", "-o", str(written[0])]) == 0
        assert (
            main(["--data-dir", str(data), "export", "--client", "1", "-o", str(written[1])]) == 0
        )
        for fmt in ("pdf", "eml", "html", "md", "txt", "ics"):
            target = out / f"status.{fmt}"
            args = ["report", "status", "--case", "1", "--format", fmt, "-o", str(target)]
            assert main(["--data-dir", str(data), *args]) == 0
            written.append(target)
        paths = resolve_paths(str(data))
        configure_logging(paths)
        try:
            handler = logging.getLogger("callnotes").handlers[0]
            assert isinstance(handler, logging.handlers.RotatingFileHandler)
            handler.doRollover()
            logging.getLogger("callnotes").info("after the rollover")
            handler.doRollover()
        finally:
            stop_logging()
        logs = sorted(paths.log_dir.iterdir())
        assert len([p for p in logs if p.name.startswith("callnotes.log")]) >= 3
    finally:
        os.umask(old)
    for path in [*written, *logs]:
        assert oct(stat.S_IMODE(path.stat().st_mode)) == "0o600", path.name
