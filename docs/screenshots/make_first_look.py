"""Render the window's first look at start-up, offscreen, from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_first_look.py [OUT.png]``.
It writes ``first-look.png`` (420 px wide): the app was closed in the middle of the demo call
(``make_screenshots.build``); started again, the frame shows the case from the file while the
panels are built, and the agent has already typed the start of a note.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_screenshots import HEIGHT, WIDTH, build, demo_context, settle  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.launch import FirstLookFile  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT = Path(__file__).resolve().parent / "first-look.png"
TYPED = "Dana: the 16:00 truck is being loaded by"


def main() -> int:
    """Write the picture; return the exit code."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    app = QApplication(sys.argv[:1])
    apply_theme(app, "light")
    with tempfile.TemporaryDirectory() as folder:
        ctx, state = demo_context(folder)
        window = MainWindow(ctx, state=state)
        build(ctx, window)
        settle(window)
        window.close()
        # The note half typed in the other pictures is not this one's: the look starts empty.
        ctx.drafts.forget_cases([case.id for case in ctx.cases.case_page(None, 100)])
        ctx.close()

        first_look = FirstLookFile(Path(folder) / "callnotes.db")
        look = first_look.read()
        assert look is not None, "the demo's file could not be read for a first look"
        frame = MainWindow(state=state)  # the frame the app paints before the database opens
        frame.resize(WIDTH, HEIGHT)
        frame.show()
        frame.show_first_look(look, first_look.keep)
        view = frame.centralWidget()
        view.editor.setFocus()  # type: ignore[attr-defined]
        view.editor.insertPlainText(TYPED)  # type: ignore[attr-defined]
        for _ in range(10):
            app.processEvents()
            time.sleep(0.02)
        frame.grab().save(str(out))
        frame.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
