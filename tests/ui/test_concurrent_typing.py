"""The agent types notes with Enter while other processes write to the same database.

Every write waits its turn within the busy timeout: no "locked" banner, every note kept.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from callnotes.ui.shell.main_window import MainWindow
from tests.test_concurrent_writers import _CHILD
from tests.ui.conftest import shown_window

WRITERS = 3
ROUNDS = 20
SENTENCES = 12


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, debounce_ms=50, max_wait_ms=200, retry_ms=150)


def test_typing_beside_parallel_writers_keeps_every_note(qtbot, window, ctx, case) -> None:
    data_dir = ctx.paths.database.parent
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(data_dir), str(k), str(ROUNDS)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        for k in range(WRITERS)
    ]
    panel = window.timeline
    banners: list[str] = []
    typed = [f"Typed sentence number {n} while others write." for n in range(SENTENCES)]
    try:
        for sentence in typed:
            qtbot.keyClicks(panel.note_input, sentence)
            qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: panel.note_input.text() == "", timeout=10_000)
            if panel.banner.isVisible():
                banners.append(panel.banner.text())
    finally:
        outputs = [child.communicate(timeout=120)[0] for child in children]
    assert [child.returncode for child in children] == [0] * WRITERS
    assert sum(int(out.strip().splitlines()[-1]) for out in outputs) == 0, "no writer was locked"
    assert banners == []
    qtbot.waitUntil(lambda: not panel.pending_texts, timeout=10_000)
    texts = [e.text for e in ctx.timeline.entries(case.id)]
    assert [t for t in texts if t.startswith("Typed sentence")] == typed
    qtbot.waitUntil(lambda: panel.save_status != "Not saved")
