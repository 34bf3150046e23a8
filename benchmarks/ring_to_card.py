"""Ring → client card shown: the softphone hook run against the app, until the card is painted.

The app is started offscreen through its real entry point on a copy of the main database and
left to settle; then, once per ring, this process runs ``callnotes-event --event=ringing``
with the number of a contact whose client has active cases, exactly as a softphone does. The
figure is the time from starting the hook to the card painted in the app (one system-wide
monotonic clock on both sides): the hook's own start-up, the local socket, the caller lookup
and the card. Every ring is a different caller, so no lookup is served from a warm cache
of the one before.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.children import CHILD_TIMEOUT_S, ChildFailedError, child_environment
from benchmarks.gui_child import MARKER
from benchmarks.ring_probe import READY, RING

LINE_TIMEOUT_S = 60.0

_CALLERS_WITH_OPEN_CASES = (
    "SELECT DISTINCT p.number FROM contact_phones p JOIN contacts c ON c.id = p.contact_id "
    "JOIN cases k ON k.client_id = c.client_id WHERE k.status != 'closed' "
    "AND p.number LIKE '+1__________' ORDER BY p.id LIMIT ?"
)


@dataclass
class RingTimes:
    """Per ring, in ms from starting the hook: the app seeing the hook's socket, the card painted.

    ``received_ms`` is NaN when the app saw no socket activity (it never happens on Linux).
    """

    received_ms: list[float] = field(default_factory=list)
    card_ms: list[float] = field(default_factory=list)
    known: int = 0  # cards that showed the caller as a known contact

    @property
    def in_app_ms(self) -> list[float]:
        """From the app seeing the hook's connection to the card painted."""
        return [card - got for card, got in zip(self.card_ms, self.received_ms, strict=True)]


def ringing_numbers(database: Path, count: int) -> list[str]:
    """*count* numbers of contacts with an active (not closed) case, as a softphone shows them."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute(_CALLERS_WITH_OPEN_CASES, (count,)).fetchall()
    finally:
        connection.close()
    if len(rows) < count:
        raise RuntimeError(f"only {len(rows)} callers with active cases, {count} wanted")
    return [f"({n[2:5]}) {n[5:8]}-{n[8:]}" for (n,) in rows]


class _Lines:
    """The child's stdout, read line by line on a thread so that waiting can time out."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert process.stdout is not None
        stdout = process.stdout

        def pump() -> None:
            with stdout:  # closed at the end of the child's output
                for line in stdout:
                    self._lines.put(line.rstrip("\n"))
            self._lines.put(None)

        self._pump = threading.Thread(target=pump, daemon=True)
        self._pump.start()

    def close(self) -> None:
        """Wait for the end of the output (call once the child has exited)."""
        self._pump.join(timeout=CHILD_TIMEOUT_S)

    def wait_for(self, prefix: str) -> str:
        """The next line starting with *prefix*; what follows the prefix."""
        deadline = time.monotonic() + LINE_TIMEOUT_S
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise ChildFailedError(f"app ring: no {prefix.strip()} line in time") from None
            if line is None:
                raise ChildFailedError(f"app ring: ended before {prefix.strip()}")
            if line.startswith(MARKER) and '"error"' in line:
                raise ChildFailedError(f"app ring: {line[len(MARKER) :][-300:]}")
            if line.startswith(prefix):
                return line[len(prefix) :]


def ring_times(hook: str, data_dir: Path, rings: int) -> RingTimes:
    """Start the app on *data_dir*, ring it *rings* times through *hook*; the times of each."""
    numbers = ringing_numbers(data_dir / "callnotes.db", rings)
    command = [sys.executable, "-m", "benchmarks.gui_child", "app", "ring"]
    command += ["--rings", str(rings), "--data-dir", str(data_dir)]
    times = RingTimes()
    process = subprocess.Popen(
        command,
        env=child_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines = _Lines(process)
    try:
        for number in numbers:
            lines.wait_for(READY)
            ring = [hook, f"--data-dir={data_dir}", "--event=ringing", "--", number]
            started = time.monotonic()
            subprocess.run(ring, check=True, timeout=CHILD_TIMEOUT_S)
            seen = json.loads(lines.wait_for(RING))
            received = seen["received_at"]
            received = float("nan") if received is None else float(received)
            times.received_ms.append((received - started) * 1000)
            times.card_ms.append((float(seen["painted_at"]) - started) * 1000)
            times.known += bool(seen.get("known"))
        lines.wait_for(MARKER)
        process.wait(timeout=CHILD_TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        lines.close()
    return times
