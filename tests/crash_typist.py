"""Child process for the crash test: starts callnotes through its real entry point, offscreen,
and types into the note editor without pause, a sentence at a time, each ended with Enter.

Usage: ``python tests/crash_typist.py DATA_DIR SEED``. Prints, flushed, one line per event:
``READY``; ``TYPED <chars> <monotonic>`` after each keystroke; ``SAVED <chars>`` when a draft
save was confirmed (chars = everything typed that is now stored: committed entries + draft);
``ENTRY <id> <chars>`` when Enter committed an entry. The parent kills it with SIGKILL.
"""

from __future__ import annotations

import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from callnotes.domain.timeline import NoteDraft
from callnotes.ui.shell.main_window import MainWindow

WORDS = [
    "label",
    "printer",
    "driver",
    "warehouse",
    "dispatch",
    "truck",
    "update",
    "client",
    "called",
    "urgent",
    "labels",
    "queue",
    "station",
    "invoice",
    "export",
    "driver",
    "app",
    "logout",
    "shift",
    "manager",
    "Dana",
    "Priya",
    "escalated",
]


def sentences(seed: int) -> list[str]:
    """The text the typist types: deterministic for a seed, ASCII (keyClick types it).

    Short sentences, each committed with Enter: a kill then falls as often between an Enter and
    the next as in the middle of one, so the path that writes an entry and clears the draft in
    one transaction is crashed too, not only the draft autosave.
    """
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))) for _ in range(400)]


def main() -> int:
    data_dir, seed = sys.argv[1], int(sys.argv[2])
    # The QApplication the real entry point will use (it takes the one that exists), so the
    # typist can start its timer before handing over to ``callnotes.cli.main``.
    app = QApplication(sys.argv[:1])
    text = sentences(seed)
    position = {"sentence": 0, "char": 0, "committed": 0}
    found: dict[str, MainWindow] = {}

    def emit(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def on_saved(_key: str, draft: NoteDraft) -> None:
        emit(f"SAVED {position['committed'] + len(draft.text)}")

    def on_entry(entry: object) -> None:
        position["committed"] += len(entry.text)  # type: ignore[attr-defined]
        emit(f"ENTRY {entry.id} {position['committed']}")  # type: ignore[attr-defined]

    def window() -> MainWindow | None:
        if "window" not in found:
            for widget in app.topLevelWidgets():
                if isinstance(widget, MainWindow) and widget.is_attached and widget.isVisible():
                    found["window"] = widget
                    widget.timeline.autosaver.saved.connect(on_saved)
                    widget.timeline.entry_added.connect(on_entry)
                    emit("READY")
        return found.get("window")

    def type_one() -> None:
        shown = window()
        if shown is None:
            return  # the app is still opening its database
        editor = shown.timeline.note_input
        sentence = text[position["sentence"]]
        if position["char"] < len(sentence):
            QTest.keyClick(editor, sentence[position["char"]])
            position["char"] += 1
            typed = position["committed"] + position["char"]
            emit(f"TYPED {typed} {time.monotonic():.4f}")
        else:
            QTest.keyClick(editor, Qt.Key.Key_Return)
            position["sentence"] += 1
            position["char"] = 0

    timer = QTimer()
    timer.timeout.connect(type_one)
    timer.start(8)
    from callnotes.cli import main as callnotes_main

    return callnotes_main(["--data-dir", data_dir])


if __name__ == "__main__":
    sys.exit(main())
