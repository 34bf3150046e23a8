"""The longest event-loop stalls while the agent types notes with Enter and another process holds
the database's write lock for 5 s (a backup, a second callnotes, the command line).

The locker is a separate process on the same SQLite file: it waits until the app has stored the
first note typed (so the lock falls in the middle of the typing), takes ``BEGIN IMMEDIATE``,
holds it for :data:`LOCK_S` and lets go. The app must keep its event loop turning throughout
(the notes wait in line off the GUI thread) and store every note once the lock is released.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.figure import Figure, ms, ratio, verdict
from benchmarks.stalls import FRAME_MS
from benchmarks.typing_stall import (
    STALL_TARGET_MS,
    idle_stalls,
    stalls_while,
    type_into_app,
    typing_text,
)

NAME = "typing stall, Enter commits, write lock held 5 s by another process"
LOCK_S = 5.0
# The typing goes on past the lock (from the first note stored to release) with room to spare.
MIN_TYPING_MS = int(LOCK_S * 1000) + 4000

_LOCKER = """
import json, sqlite3, sys, time
path, hold = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + 120
def entries():
    # A plain connection kept from writing, not a read-only one: a read-only connection to the
    # WAL file, opened before the app has made its shared index, left the app's own readers
    # with "disk I/O error" now and then (at 1M and 5M entries).
    reader = sqlite3.connect(path, timeout=30)
    reader.execute("PRAGMA query_only = 1")
    try:
        return reader.execute("SELECT count(*) FROM timeline_entries").fetchone()[0]
    finally:
        reader.close()
while True:  # the database appears once the child has copied in; the first note follows
    try:
        first = entries()
        break
    except sqlite3.Error:
        time.sleep(0.02)
while entries() == first:
    if time.monotonic() > deadline:
        print(json.dumps({"error": "no note was stored to start the lock after"}), flush=True)
        sys.exit(1)
    time.sleep(0.02)
writer = sqlite3.connect(path, isolation_level=None, timeout=30)
writer.execute("BEGIN IMMEDIATE")
locked = time.perf_counter()  # the machine's clock: the app's heartbeat reads the same one
time.sleep(hold)
writer.execute("COMMIT")
print(json.dumps({"locked": locked, "released": time.perf_counter()}), flush=True)
"""


def locked_typing_stall(
    fresh_dir: Callable[[], Path], dataset: str, chars: int, interval_ms: int, seed: int
) -> list[Figure]:
    """Type notes with Enter into the real window while a locker process holds the write lock.

    The baseline is a heartbeat in a bare window with nothing else running, for as long.
    """
    chars = max(chars, MIN_TYPING_MS // interval_ms)
    text = typing_text(chars, seed, enter=True)
    duration = len(text) * interval_ms
    idle = idle_stalls(duration)
    data_dir = fresh_dir()
    locker = subprocess.Popen(
        [sys.executable, "-c", _LOCKER, str(data_dir / "callnotes.db"), str(LOCK_S)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        run = type_into_app(text, interval_ms, data_dir, "--keep-ticks")
    finally:
        out, _ = locker.communicate(timeout=180)
    lines = out.strip().splitlines()
    lock = json.loads(lines[-1]) if lines else {"error": "the locker said nothing"}
    if "error" in lock:
        raise RuntimeError(f"locker: {lock['error']}")
    whole = run.result["stalls"]
    locked, released = float(lock["locked"]), float(lock["released"])
    stalls = stalls_while(run, locked, released)
    typed = text.count("\n")
    committed = int(run.result["after"]["entries"]) - int(run.result["before"]["entries"])
    notes = [
        f"{len(text):,} keys, one per {interval_ms} ms, into {run.result['input']}; "
        f"p99 over the {stalls['frames']:.0f} frames of {FRAME_MS:.0f} ms typed while the "
        "lock was held.",
        f"another process held BEGIN IMMEDIATE for {released - locked:.1f} s "
        f"from the first note stored; {committed} of {typed} notes committed once it was "
        "released.",
        f"the whole typing, from the case shown (the window still filling) to the last note: "
        f"p99 {ms(whole['p99'])} · max {ms(whole['max'])}.",
    ]
    return [
        Figure(
            name=NAME,
            dataset=f"{dataset}, {len(text):,} chars",
            measured=f"while locked: p99 {ms(stalls['p99'])} · max {ms(stalls['max'])} · "
            f"{committed}/{typed} notes",
            baseline=f"idle heartbeat p99 {ms(idle['p99'])} · max {ms(idle['max'])}",
            ratio=ratio(stalls["p99"], idle["p99"]),
            target=f"≤ {STALL_TARGET_MS:.0f} ms p99 while locked, every note",
            verdict=verdict(stalls["p99"] <= STALL_TARGET_MS, committed == typed),
            values={
                **{k: float(v) for k, v in stalls.items()},
                "whole_p99": float(whole["p99"]),
                "whole_max": float(whole["max"]),
                "committed": committed,
            },
            baseline_values={k: float(v) for k, v in idle.items()},
            notes=notes,
        )
    ]
