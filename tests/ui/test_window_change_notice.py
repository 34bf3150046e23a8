"""The window's views redraw from the one change notice, whoever wrote, and only for their case;
and the note path never waits on the database, even while another program holds its lock."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer

from callnotes.domain.changes import Part
from callnotes.domain.timeline import EntryKind
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.timeline.model import TEXT_COLUMN
from tests.ui.conftest import shown_window

# Another program that takes the database's write lock and keeps it for a while.
LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
print("released", flush=True)
"""


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, debounce_ms=50, max_wait_ms=200, retry_ms=150)


def in_another_thread(action) -> None:
    """Run *action* on a thread of its own (as the task runner or the command line would)."""
    worker = threading.Thread(target=action)
    worker.start()
    worker.join()


def last_text(window: MainWindow) -> str:
    model = window.timeline.model
    return model.index(model.rowCount() - 1, TEXT_COLUMN).data()


def test_an_entry_written_elsewhere_shows_without_a_reload(qtbot, window, ctx, case):
    in_another_thread(
        lambda: ctx.timeline.add_entry(case.id, "Written from a worker", EntryKind.ACTION)
    )
    qtbot.waitUntil(lambda: last_text(window) == "Written from a worker")
    assert window.timeline.model.rowCount() == 3


def test_an_issue_written_elsewhere_shows_in_the_list_and_the_case_line(qtbot, window, ctx, case):
    in_another_thread(lambda: ctx.issues.add_issue(case.id, "Scanner at gate 2 offline"))
    qtbot.waitUntil(lambda: window.issues.model.rowCount() == 1)
    assert window.issues.model.issues()[0].title == "Scanner at gate 2 offline"
    qtbot.waitUntil(lambda: "1 open issue" in window.header_text)
    line = window.case_list.model().index(0, 0)
    assert "1 open issue" in (line.data(Qt.ItemDataRole.ToolTipRole) or line.data() or "")


def test_a_change_to_another_case_redraws_neither_timeline_nor_issues(qtbot, window, ctx, case):
    other = ctx.cases.open_case(case.client_id, "Driver app logs everyone out")
    qtbot.waitUntil(lambda: window.case_list.model().rowCount() == 2)
    window.select_case(case.id)
    assert window.timeline.case_id == case.id
    timeline, issues = window.timeline.model, window.issues.model
    with (
        qtbot.assertNotEmitted(timeline.modelReset),
        qtbot.assertNotEmitted(issues.modelReset),
        qtbot.waitSignal(window.changes.changed) as heard,
    ):
        in_another_thread(lambda: ctx.timeline.add_entry(other.id, "On the other case"))
        in_another_thread(lambda: ctx.issues.add_issue(other.id, "Logged out at 09:00"))
        qtbot.wait(50)  # several turns of the loop: nothing more arrives
    assert not heard.args[0].touches(Part.TIMELINE, Part.ISSUES, case_id=case.id)
    assert window.timeline.case_id == case.id
    shown = [timeline.index(row, TEXT_COLUMN).data() for row in range(timeline.rowCount())]
    assert "On the other case" not in shown
    assert issues.rowCount() == 0


def test_the_note_path_survives_a_held_write_lock(qtbot, window, ctx, case):
    """Another process holds the write lock for 2 s while the agent types and presses Enter:
    the window keeps turning, and once the lock is let go every note is stored once, in order."""
    panel = window.timeline
    beats: list[float] = []
    heartbeat = QTimer(window, interval=10)
    heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
    heartbeat.start()
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(ctx.paths.database), "2.0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None
        assert locker.stdout.readline().strip() == "locked"
        locked_at = time.monotonic()
        typed = [f"Note {n} typed while another program writes" for n in range(3)]
        for note in typed:
            qtbot.keyClicks(panel.note_input, note)
            qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
            assert panel.note_input.text() == ""  # free for the next note at once
        assert panel.pending_texts == typed  # shown, "saving…", in the order typed
        assert time.monotonic() - locked_at < 1.5, "typing never waited for the lock"
        assert len(ctx.timeline.entries(case.id)) == 2  # a read: never waits in WAL
        qtbot.waitUntil(lambda: locker.poll() is not None, timeout=10_000)
        qtbot.waitUntil(lambda: not panel.pending_texts, timeout=10_000)
    finally:
        if locker.poll() is None:
            locker.kill()
        locker.communicate()  # reaps it and closes its pipe
        heartbeat.stop()
    during = [b for b in beats if b >= locked_at]
    gaps = [later - earlier for earlier, later in itertools.pairwise(during)]
    assert len(during) > 50, "the heartbeat kept firing while the lock was held"
    assert max(gaps) < 1.0, "no wait on the lock on the GUI thread"
    texts = [e.text for e in ctx.timeline.entries(case.id)]
    assert texts[2:] == typed  # each once, in the order typed
    qtbot.waitUntil(lambda: last_text(window) == typed[-1])
    assert panel.save_status == "Saved"
