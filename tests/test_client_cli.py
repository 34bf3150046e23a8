"""`callnotes clients`, `export --client` and `erase --client`, run as real processes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callnotes", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,  # a script, not a terminal: nothing may wait for an answer
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def one_sentence(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("callnotes: ")
    return line


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert run(folder, "demo").returncode == 0
    return folder


def test_clients_are_listed_as_text_and_json(data: Path) -> None:
    listed = run(data, "clients")
    assert listed.returncode == 0
    assert listed.stdout.split() == ["#1", "Northwind", "Logistics", "(2", "cases)"]
    rows = json.loads(run(data, "clients", "--json").stdout)
    assert rows == [{"id": 1, "name": "Northwind Logistics", "cases": 2}]


def test_export_client_to_a_private_file_and_to_stdout(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "northwind.json"
    written = run(data, "export", "--client", "1", "-o", str(target))
    assert written.returncode == 0, written.stderr
    assert written.stdout.strip() == f"Wrote client #1 (2 cases) to {target}."
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["client"]["name"] == "Northwind Logistics"
    assert [c["format"] for c in document["cases"]] == ["callnotes.case"] * 2
    printed = json.loads(run(data, "export", "--client", "1").stdout)
    assert printed["cases"] == document["cases"]
    # A client's export is not imported as one: the command says how it is.
    refused = run(data, "import", str(target))
    assert refused.returncode == 1 and refused.stdout == ""
    assert "import its cases one by one" in refused.stderr
    # The existing case export is unchanged.
    case = json.loads(run(data, "export", "--case", "1").stdout)
    assert case == document["cases"][0]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("export", "--client", "9"), 1, "There is no client with id 9."),
        (("export", "--case", "1", "--client", "1"), 2, "not allowed with argument"),
        (("export",), 2, "one of the arguments --case --client is required"),
        (("erase", "--client", "9", "--yes"), 1, "There is no client with id 9."),
        (("erase", "--yes"), 2, "the following arguments are required: --client"),
    ],
)
def test_mistakes_get_one_clear_sentence(
    data: Path, args: tuple[str, ...], code: int, says: str
) -> None:
    assert says in one_sentence(run(data, *args), code)


def test_erase_without_yes_says_how_to_confirm_and_erases_nothing(data: Path) -> None:
    refused = run(data, "erase", "--client", "1")
    line = one_sentence(refused)
    assert line == (
        "callnotes: Nothing was erased: this cannot be undone, so confirm with "
        "`callnotes erase --client 1 --yes`."
    )
    assert refused.stdout.startswith("Erasing Northwind Logistics would remove 2 cases, ")
    assert json.loads(run(data, "clients", "--json").stdout)[0]["cases"] == 2
    assert json.loads(run(data, "search", "labels", "--json").stdout)


def test_erase_with_yes_removes_the_client_and_says_what_and_about_backups(data: Path) -> None:
    erased = run(data, "erase", "--client", "1", "--yes")
    assert erased.returncode == 0, erased.stderr
    first, second = erased.stdout.strip().splitlines()
    assert first.startswith("Erased Northwind Logistics (client #1): 2 cases, 2 contacts, ")
    assert "48 timeline entries" in first
    assert second.startswith(
        "Backups made before now still contain this client until they age out (a year at most)"
    )
    assert json.loads(run(data, "clients", "--json").stdout) == []
    assert json.loads(run(data, "cases", "--json").stdout) == []
    assert json.loads(run(data, "search", "Northwind", "--json").stdout) == []
    assert json.loads(run(data, "search", "labels", "--json").stdout) == []
    log = (data / "logs" / "callnotes.log").read_text(encoding="utf-8")
    assert "erased client #1" in log
    assert "Northwind" not in log and "Dana" not in log


def test_erase_is_refused_while_a_call_with_the_client_is_in_progress(data: Path) -> None:
    from callnotes.app import open_context

    ctx = open_context(str(data))  # the app, on a call with Northwind (its case 1)
    try:
        call = ctx.calls.start_call(1, number="+44 20 7946 0321")
    finally:
        ctx.close()

    refused = run(data, "erase", "--client", "1", "--yes")
    assert one_sentence(refused) == (
        "callnotes: A call with Northwind Logistics is in progress: wrap it up before erasing "
        "their data."
    )
    assert refused.stdout == ""
    assert json.loads(run(data, "clients", "--json").stdout)[0]["cases"] == 2

    ctx = open_context(str(data))  # the call is wrapped up: now the client can go
    try:
        ctx.calls.wrap_up(call.id, talk_seconds=60, hold_seconds=0, missing=[])
    finally:
        ctx.close()
    erased = run(data, "erase", "--client", "1", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert json.loads(run(data, "clients", "--json").stdout) == []
