"""Killed while typing, through the real entry point: the database and its search index are
intact, every entry committed with Enter is there, and at most the last second of typing is lost.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from callnotes.app import open_context
from callnotes.settings import Settings
from callnotes.storage.search.fts5_schema import ENTRY_FTS, ENTRY_RECENT_FTS

ROOT = Path(__file__).resolve().parents[2]
TYPIST = ROOT / "tests" / "crash_typist.py"
sys.path.insert(0, str(TYPIST.parent))
from crash_typist import sentences  # noqa: E402

LOSS_ALLOWED_S = 1.0


def prepare(data_dir: Path) -> int:
    ctx = open_context(str(data_dir))
    try:
        # Not a first start: the app opens on the case, the editor ready for typing.
        ctx.settings_store.save(Settings(agent_name="Vinh", company="August"))
        client = ctx.clients.create_client("Crash Test Ltd")
        return ctx.cases.open_case(client.id, "Typing until killed").id
    finally:
        ctx.close()


def run_and_kill(data_dir: Path, seed: int, after: float) -> tuple[list[str], float]:
    home = data_dir.parent / f"{data_dir.name}-home"  # its own single-instance socket and lock
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    child = subprocess.Popen(
        [sys.executable, str(TYPIST), str(data_dir), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line.strip()) for line in child.stdout])
    reader.start()
    seen: list[str] = []
    try:
        while "READY" not in seen:
            seen.append(lines.get(timeout=60))
        time.sleep(after)
        child.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
    finally:
        child.kill()
        child.wait(timeout=30)
        reader.join(timeout=30)
        child.stdout.close()
    while not lines.empty():
        seen.append(lines.get())
    return seen, killed_at


def check_run(tmp_path: Path, seed: int) -> None:
    data_dir = tmp_path / f"run{seed}"
    case_id = prepare(data_dir)
    rng = random.Random(seed)
    after = rng.uniform(0.3, 4.0)
    events, killed_at = run_and_kill(data_dir, seed, after=after)

    db = sqlite3.connect(data_dir / "callnotes.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        entries = db.execute(
            "SELECT id, text FROM timeline_entries WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        draft = db.execute(
            "SELECT text FROM drafts WHERE key = ?", (f"note:case:{case_id}",)
        ).fetchone()
        # The search index matches the rows: checked by FTS5, and the newest entry is found.
        for fts in (ENTRY_FTS, ENTRY_RECENT_FTS):  # every entry's, and the newest entries'
            db.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        found = (
            db.execute(
                f"SELECT rowid FROM {ENTRY_FTS} WHERE {ENTRY_FTS} MATCH ?",
                ('"' + entries[-1][1].split()[0] + '"',),
            ).fetchall()
            if entries
            else []
        )
    finally:
        db.close()
    if entries:
        assert (entries[-1][0],) in found, "the newest committed entry is in the search index"

    stream = "".join(sentences(seed))
    stored = "".join(text for _id, text in entries) + (draft[0] if draft else "")
    assert stream.startswith(stored), "what is stored is exactly what was typed, in order"

    confirmed_entries = {int(e.split()[1]) for e in events if e.startswith("ENTRY")}
    assert confirmed_entries <= {entry_id for entry_id, _text in entries}
    if after >= 1.5:
        assert confirmed_entries, "the kill fell after entries were committed with Enter"
    confirmed = [int(e.split()[1]) for e in events if e.startswith(("SAVED", "ENTRY"))]
    assert len(stored) >= max(confirmed, default=0), "every confirmed save survived"

    typed = [(int(n), float(t)) for _, n, t in (e.split() for e in events if e.startswith("TYPED"))]
    older = [n for n, t in typed if t <= killed_at - LOSS_ALLOWED_S]
    assert len(stored) >= max(older, default=0), "no more than the last second was lost"


@pytest.mark.parametrize("seed", range(20))
def test_sigkill_while_typing_loses_at_most_a_second(tmp_path: Path, seed: int) -> None:
    check_run(tmp_path, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20, 60))
def test_sigkill_while_typing_many_more_times(tmp_path: Path, seed: int) -> None:
    check_run(tmp_path, seed)
