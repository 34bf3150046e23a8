"""Child process for the crash test: runs the real window offscreen and types without pause.

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

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from callnotes.app import open_context
from callnotes.ui.main_window import MainWindow

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

    Sentences take seconds to type, so between two Enters only the draft autosave protects
    the words.
    """
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 70))) for _ in range(400)]


def main() -> int:
    data_dir, seed = sys.argv[1], int(sys.argv[2])
    app = QApplication(sys.argv[:1])
    ctx = open_context(data_dir)
    state = QSettings(os.path.join(data_dir, "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, state=state)
    window.show()
    editor = window.timeline.note_input
    editor.setFocus()
    text = sentences(seed)
    position = {"sentence": 0, "char": 0, "committed": 0}

    def emit(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def on_saved(_key: str, draft: str) -> None:
        emit(f"SAVED {position['committed'] + len(draft)}")

    def on_entry(entry: object) -> None:
        position["committed"] += len(entry.text)  # type: ignore[attr-defined]
        emit(f"ENTRY {entry.id} {position['committed']}")  # type: ignore[attr-defined]

    window.timeline.autosaver.saved.connect(on_saved)
    window.timeline.entry_added.connect(on_entry)

    def type_one() -> None:
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
    emit("READY")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
