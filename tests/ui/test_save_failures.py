"""A disk that fills up mid-call: the agent is told, keeps every word, and saving recovers."""

import sqlite3

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from callnotes.ui.shell.main_window import MainWindow
from tests.ui.conftest import shown_window


class DiskFull:
    """Makes every write to the database fail as SQLite does when the disk is full."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.active = False
        event.listen(engine, "before_cursor_execute", self._before)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        verb = statement.lstrip().split(" ", 1)[0].upper()
        if self.active and verb in ("INSERT", "UPDATE", "DELETE"):
            raise sqlite3.OperationalError("database or disk is full")

    def remove(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)


@pytest.fixture
def disk(ctx):
    fault = DiskFull(ctx.db.engine)
    yield fault
    fault.remove()


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, debounce_ms=50, max_wait_ms=200, retry_ms=150)


def test_a_full_disk_shows_a_banner_keeps_the_text_and_retries(qtbot, window, ctx, case, disk):
    key = f"note:case:{case.id}"
    panel = window.timeline
    disk.active = True
    qtbot.keyClicks(panel.note_input, "Dana will call the warehouse at 14:00")

    qtbot.waitUntil(lambda: panel.save_status == "Not saved")
    assert panel.banner.isVisible()
    assert "Not saved: the disk is full" in panel.banner.text()
    assert panel.note_input.text() == "Dana will call the warehouse at 14:00"
    assert ctx.drafts.load(key) == ""

    # Committing fails the same way: the editor is free for the next note, and this one stays
    # on screen, in line, retried.
    qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
    assert panel.note_input.text() == ""
    assert panel.pending_texts == ["Dana will call the warehouse at 14:00"]
    qtbot.waitUntil(lambda: panel.save_status == "Not saved")
    assert len(ctx.timeline.entries(case.id)) == 2

    disk.active = False  # space was freed
    qtbot.waitUntil(lambda: panel.save_status == "Saved", timeout=3000)
    assert ctx.timeline.entries(case.id)[-1].text == "Dana will call the warehouse at 14:00"
    assert len(ctx.timeline.entries(case.id)) == 3  # once
    assert panel.pending_texts == []
    assert ctx.drafts.load(key) == ""
    assert not panel.banner.isVisible()
    assert panel.note_input.text() == ""


def test_earlier_data_is_intact_after_the_failure(qtbot, window, ctx, case, disk):
    before = [e.text for e in ctx.timeline.entries(case.id)]
    disk.active = True
    qtbot.keyClicks(window.timeline.note_input, "lost?")
    qtbot.waitUntil(lambda: window.timeline.save_status == "Not saved")
    disk.active = False
    assert [e.text for e in ctx.timeline.entries(case.id)] == before
    with ctx.db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
