"""The wheel carries the resources and migrations, and finds them once installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from callnotes.storage.migrate import head_revision

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("callnotes-*.whl")
    return built


def test_wheel_contains_resources_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "callnotes/resources/templates/minutes.html",
        "callnotes/resources/templates/minutes.md",
        "callnotes/resources/templates/minutes.txt",
        "callnotes/storage/migrations/env.py",
        "callnotes/storage/migrations/script.py.mako",
        "callnotes/storage/migrations/versions/0001_initial_schema.py",
    ):
        assert expected in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "callnotes = callnotes.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_finds_its_resources_and_migrates(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = (
        "import callnotes.resources as r, callnotes.storage.migrate as m;"
        "print(r.templates_dir()); print(m.head_revision()); print(m.shipped_head())"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
        check=True,
    )  # fmt: skip
    templates, head, shipped = result.stdout.split()
    assert Path(templates).is_relative_to(target)
    assert (Path(templates) / "minutes.html").is_file()
    assert head == shipped == head_revision(), "the fast start-up check sees the same head"
    demo = subprocess.run(
        [sys.executable, "-m", "callnotes", "--data-dir", str(tmp_path / "d"), "demo"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
