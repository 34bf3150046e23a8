"""Child process for the network tests: callnotes through its real entry point, offscreen, on a
team database, typing what the parent says.

Usage: ``python tests/net_typist.py DATA_DIR DATABASE_URL``. Reads commands from stdin, one per
line: ``TYPE <text>`` types it into the note editor (key by key), ``ENTER`` presses Enter,
``CLOSE`` closes the window (as the agent does; the app then quits).
Prints, flushed: ``READY <draft>`` once the window shows its case (with the draft the editor
shows, on one line), ``SAVED <draft>`` each time a draft save is confirmed, ``STATUS <text>``
when the save status beside the editor changes, ``ENTRY <id>`` when a note is stored. The
parent kills it with SIGKILL.
"""

from __future__ import annotations

import os
import queue
import sys
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from callnotes.ui.shell.main_window import MainWindow


def main() -> int:
    data_dir, url = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    commands: queue.Queue[str] = queue.Queue()
    found: dict[str, MainWindow] = {}
    shown_status = {"text": ""}

    def read_stdin() -> None:
        for line in sys.stdin:
            commands.put(line.rstrip("\n"))

    threading.Thread(target=read_stdin, daemon=True).start()

    def emit(line: str) -> None:
        sys.stdout.write(line.replace("\n", " ") + "\n")
        sys.stdout.flush()

    def window() -> MainWindow | None:
        if "window" not in found:
            for widget in app.topLevelWidgets():
                if (
                    isinstance(widget, MainWindow)
                    and widget.is_attached
                    and widget.isVisible()
                    and widget.timeline.case_id is not None
                    and widget.timeline.draft_shown_already
                ):
                    found["window"] = widget
                    widget.timeline.autosaver.saved.connect(
                        lambda _key, draft: emit(f"SAVED {draft.text}")
                    )
                    widget.timeline.entry_added.connect(lambda entry: emit(f"ENTRY {entry.id}"))
                    emit(f"READY {widget.timeline.note_input.toPlainText()}")
        return found.get("window")

    def turn() -> None:
        shown = window()
        if shown is None:
            return
        status = shown.timeline.save_status
        if status != shown_status["text"]:
            shown_status["text"] = status
            emit(f"STATUS {status}")
        while not commands.empty():
            command = commands.get()
            editor = shown.timeline.note_input
            editor.setFocus()
            if command.startswith("TYPE "):
                for char in command[5:]:
                    QTest.keyClick(editor, char)
            elif command == "ENTER":
                QTest.keyClick(editor, Qt.Key.Key_Return)
            elif command == "CLOSE":
                emit("CLOSING")
                shown.close()

    timer = QTimer()
    timer.timeout.connect(turn)
    timer.start(10)
    from callnotes.cli import main as callnotes_main

    return callnotes_main(["--data-dir", data_dir, "--db", url])


if __name__ == "__main__":
    sys.exit(main())
