"""``callnotes call`` and ``callnotes LINK``: the contract, and refusals that start nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from callnotes.launch import as_call_arguments


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLNOTES_")}
    return subprocess.run(
        [sys.executable, "-m", "callnotes", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["callnotes://call?number=1"], ["call", "callnotes://call?number=1"]),
        (["--data-dir", "D", "tel:+4930"], ["--data-dir", "D", "call", "tel:+4930"]),
        (["--data-dir=D", "sip:1@pbx"], ["--data-dir=D", "call", "sip:1@pbx"]),
        (["--db", "sqlite:///x.db", "cases"], ["--db", "sqlite:///x.db", "cases"]),
        (["call", "tel:+4930"], ["call", "tel:+4930"]),
        (["demo"], ["demo"]),
        ([], []),
    ],
)
def test_a_link_alone_means_call(argv: list[str], expected: list[str]) -> None:
    assert as_call_arguments(argv) == expected


def test_help_documents_call_and_register_links() -> None:
    help_text = run("--help").stdout
    assert "call" in help_text and "register-links" in help_text
    call_help = run("call", "--help").stdout
    for word in ("NUMBER", "--name", "--event", "ringing", "answered", "ended", "--outbound"):
        assert word in call_help


@pytest.mark.parametrize(
    "args",
    [
        ["call", "0301234567; reboot"],
        ["javascript:alert(1)"],
        ["callnotes://call?number=030&event=hangup"],
        ["call", "1" * 10_000],
    ],
    ids=["shell", "javascript", "bad-event", "10kB"],
)
def test_a_bad_call_is_one_sentence_and_starts_nothing(tmp_path: Path, args: list[str]) -> None:
    data_dir = tmp_path / "data"
    result = run("--data-dir", str(data_dir), *args)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("callnotes: ") and "Traceback" not in result.stderr
    assert "reboot" not in line and "alert" not in line
    assert not (data_dir / "run").exists(), "refused before any instance was claimed"
