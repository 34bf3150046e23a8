"""The network drops under a desktop of a team database: nothing typed is lost, nothing is
stored twice.

The real app in a child process (``tests/net_typist.py``, through the ``callnotes`` entry
point) talks to the test session's PostgreSQL server through a TCP proxy the test cuts
(``benchmarks/tcp_proxy.py``); the app is killed with SIGKILL while cut off, restarted once the
network is back.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pg_agents import pg_rows
from sqlalchemy.engine import make_url

from benchmarks.tcp_proxy import TcpProxy
from callnotes.app import open_context
from callnotes.settings import Settings

pytestmark = pytest.mark.postgres

TYPIST = Path(__file__).with_name("net_typist.py")


class Desktop:
    """The app in a child process, told what to type, heard line by line."""

    def __init__(self, data_dir: Path, url: str) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen(
            [sys.executable, str(TYPIST), str(data_dir), url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def say(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def wait_for(self, prefix: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if line.startswith(prefix):
                return line
        err = self.process.stderr.read() if self.process.poll() is not None else ""  # type: ignore[union-attr]
        raise AssertionError(f"no {prefix!r} within {timeout} s; stderr: {err[-2000:]}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


@pytest.fixture
def team_desk(pg_url: str, tmp_path: Path) -> tuple[int, Path]:
    """The demo case on the team database, and an agent's data folder for it (settings
    written: the first-run questions would take the keys otherwise)."""
    lead = open_context(str(tmp_path / "lead"), pg_url)
    try:
        case_id = lead.demo.load_demo()
    finally:
        lead.close()
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    desk = open_context(str(data_dir))
    desk.settings_store.save(Settings(agent_name="Vinh Nguyen"))
    desk.close()
    return case_id, data_dir


@pytest.mark.parametrize("network", ["cut", "silent"])
def test_enter_while_cut_off_then_killed_arrives_once_and_the_draft_comes_back(
    pg_url: str, proxy: TcpProxy, team_desk: tuple[int, Path], network: str
) -> None:
    """*cut*: the server's connections close (the desktop hears at once, says "not yet
    shared"). *silent*: packets are dropped (the desktop hears nothing; its write waits)."""
    case_id, data_dir = team_desk
    url = proxy.url(pg_url)

    desktop = Desktop(data_dir, url)
    try:
        assert desktop.wait_for("READY") == "READY "
        desktop.say("TYPE Dana reads the tracking number back 4471")
        desktop.wait_for("SAVED Dana reads the tracking number back 4471")
        if network == "cut":
            proxy.cut()  # the network goes
            desktop.say("ENTER")
            desktop.wait_for("STATUS Not yet shared")
        else:
            proxy.drop()  # nothing answers any more
            desktop.say("ENTER")
            desktop.wait_for("STATUS Saving")
        desktop.say("TYPE and the next dispatch is at 10")
        desktop.wait_for("SAVED and the next dispatch is at 10")
    finally:
        desktop.kill()  # killed while cut off, the note not shared, more typed after it

    proxy.restore()
    again = Desktop(data_dir, url)
    try:
        # The draft is back in the editor, and the note is sent, once.
        assert again.wait_for("READY") == "READY and the next dispatch is at 10"
        again.wait_for("ENTRY")
        rows = pg_rows(
            pg_url,
            "SELECT at FROM timeline_entries WHERE case_id = %s AND text = %s",
            case_id,
            "Dana reads the tracking number back 4471",
        )
        assert len(rows) == 1
    finally:
        again.kill()
    assert make_url(url).port == proxy.port


def test_the_window_closes_while_the_server_is_silent_and_the_note_follows_at_the_next_start(
    pg_url: str, proxy: TcpProxy, team_desk: tuple[int, Path]
) -> None:
    """Packets dropped, a note entered and more typed, then the agent closes the window: it
    closes within the wait for its writes (not forever on a server that never answers), and
    the next start sends the note, once, and shows the draft."""
    case_id, data_dir = team_desk
    url = proxy.url(pg_url)

    desktop = Desktop(data_dir, url)
    try:
        assert desktop.wait_for("READY") == "READY "
        proxy.drop()  # nothing answers any more; nothing is closed either
        desktop.say("TYPE Dana reads the tracking number back 4471")
        desktop.say("ENTER")
        desktop.say("TYPE and the next dispatch is at 10")
        desktop.wait_for("SAVED and the next dispatch is at 10")
        desktop.say("CLOSE")
        desktop.wait_for("CLOSING")
        closing = time.monotonic()
        desktop.process.wait(timeout=30)
        took = time.monotonic() - closing
    finally:
        desktop.kill()  # if it did not quit; its pipes closed either way
    print(f"\nthe window closed {took:.1f} s after the agent closed it")
    # The notes' wait (8 s), the hang-up's (1 s), and the quitting itself.
    assert took < 15, f"the window took {took:.1f} s to close"
    assert desktop.process.returncode == 0

    proxy.restore()
    again = Desktop(data_dir, url)
    try:
        assert again.wait_for("READY") == "READY and the next dispatch is at 10"
        again.wait_for("ENTRY")
        rows = pg_rows(
            pg_url,
            "SELECT count(*) FROM timeline_entries WHERE case_id = %s AND text = %s",
            case_id,
            "Dana reads the tracking number back 4471",
        )
        assert rows[0][0] == 1
    finally:
        again.kill()
