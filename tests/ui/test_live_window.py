"""Two desktops on one team database: what one writes shows in the other's window, live.

The window under test is desktop B, listening as the app does once it shows the record; desktop
A is another context on the same database of the test session's PostgreSQL server.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pg_agents import as_login, pg_rows

from callnotes.app import AppContext, open_context
from callnotes.domain.issues import IssueStatus
from callnotes.domain.team import MemberDraft
from tests.ui.conftest import shown_window

pytestmark = pytest.mark.postgres


@pytest.fixture
def other_desktop(pg_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(str(tmp_path / "desktop-a"), pg_url)
    yield context
    context.close()


@pytest.mark.parametrize("backend", [pytest.param("postgres")], indirect=True)
def test_a_note_an_issue_and_a_new_case_from_another_desktop_show_live(
    qtbot, ctx: AppContext, case, window_state, other_desktop: AppContext, backend: str
) -> None:
    window = shown_window(qtbot, ctx, window_state)
    ctx.listen()
    assert ctx.db.live is not None and ctx.db.live.connected.wait(5)
    model = window.timeline.model

    def texts() -> list[str]:
        return [model.entry_at(row).text for row in range(model.stored_count)]

    # Live: nothing reads the database again unless the server says something changed (how
    # soon is the bench's figure "another desktop's note shown": p99 within 1 s).
    other_desktop.timeline.add_entry(case.id, "Priya: the carrier confirmed tonight's fix.")
    qtbot.waitUntil(lambda: texts()[-1:] == ["Priya: the carrier confirmed tonight's fix."])

    issue = other_desktop.issues.add_issue(case.id, "Labels print blank")
    qtbot.waitUntil(lambda: any(i.id == issue.id for i in window.issues.model.issues()))
    other_desktop.issues.set_status(issue.id, IssueStatus.INVESTIGATING)
    qtbot.waitUntil(
        lambda: (
            {i.id: i.status for i in window.issues.model.issues()}.get(issue.id)
            is IssueStatus.INVESTIGATING
        ),
        timeout=2000,
    )

    opened = other_desktop.cases.open_case(case.client_id, "Invoices show the wrong VAT")
    listed = window.case_model
    qtbot.waitUntil(
        lambda: any(listed.case_at(r).id == opened.id for r in range(listed.rowCount())),
        timeout=2000,
    )
    # The agent's place is kept: the case shown is still theirs.
    assert window.shown_case_id() == case.id


@pytest.mark.parametrize("backend", [pytest.param("postgres")], indirect=True)
def test_after_a_lost_connection_the_window_shows_what_changed_meanwhile(
    qtbot, ctx: AppContext, case, window_state, other_desktop: AppContext, pg_url: str, backend
) -> None:
    window = shown_window(qtbot, ctx, window_state)
    ctx.listen()
    live = ctx.db.live
    assert live is not None and live.connected.wait(5)
    pg_rows(pg_url, "SELECT pg_terminate_backend(%s)", live.backend_pid)
    other_desktop.timeline.add_entry(case.id, "Written while B could not hear.")
    model = window.timeline.model
    qtbot.waitUntil(
        lambda: (
            model.stored_count > 0
            and model.entry_at(model.stored_count - 1).text == "Written while B could not hear."
        ),
        timeout=10_000,
    )


@pytest.mark.parametrize("backend", [pytest.param("postgres")], indirect=True)
def test_the_header_says_who_else_is_on_the_case(
    qtbot, ctx: AppContext, case, window_state, pg_url: str, agents, tmp_path: Path, backend
) -> None:
    ctx.team.add_member(MemberDraft(name="Priya Shah", db_login=agents[0]))
    window = shown_window(qtbot, ctx, window_state)
    ctx.listen()
    assert window.header.company_text == ""
    priya = open_context(str(tmp_path / "priya"), as_login(pg_url, agents[0]))
    try:
        priya.listen()
        priya.here(case.id)
        qtbot.waitUntil(
            lambda: window.header.company_text == "● Priya Shah is on this case too",
            timeout=5000,
        )
        priya.here(None)  # she moved on
        qtbot.waitUntil(lambda: window.header.company_text == "", timeout=5000)
    finally:
        priya.close()


# The first desktop is "killed" inside the test process: connections its threads still held are
# left to the garbage collector (a real kill has the system close them), which warns.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("backend", [pytest.param("postgres")], indirect=True)
def test_a_note_entered_while_the_server_is_out_of_reach_is_sent_at_the_next_start(
    qtbot, ctx: AppContext, case, tmp_path: Path, pg_url: str, backend
) -> None:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QLabel
    from sqlalchemy import event

    from callnotes.ui.shell.main_window import MainWindow

    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    desk = tmp_path / "desk"
    first = open_context(str(desk), pg_url)
    window = shown_window(qtbot, first, state, retry_ms=200)
    editor = window.timeline.note_input

    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise psycopg.OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Network is unreachable'
        )

    first.db.engine.dispose()  # the VPN drops
    event.listen(first.db.engine, "do_connect", unreachable)
    qtbot.keyClicks(editor, "Dana reads the tracking number back: 4471")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    status = window.timeline.findChild(QLabel, "saveStatus")
    qtbot.waitUntil(lambda: status.text() == "Not yet shared", timeout=5000)
    assert window.timeline.banner.text().startswith("1 note not yet shared: The team database")
    assert "kept on this computer" in window.timeline.banner.text()
    # The app is killed: nothing is drained, nothing more is tried, and whatever connection
    # a thread of it still held is dropped (as the system drops a killed process's).
    window.writes.shutdown()
    window.close()
    first.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()

    again = open_context(str(desk), pg_url)  # the server answers again
    try:
        second = MainWindow(again, state=state)
        qtbot.addWidget(second)
        second.show()
        model = second.timeline.model

        def stored() -> list[str]:
            return [model.entry_at(row).text for row in range(model.stored_count)]

        qtbot.waitUntil(
            lambda: "Dana reads the tracking number back: 4471" in stored(), timeout=10_000
        )
        qtbot.waitUntil(lambda: not second.timeline.pending_texts)
        assert pg_rows(
            pg_url,
            "SELECT count(*) FROM timeline_entries WHERE text = %s",
            "Dana reads the tracking number back: 4471",
        ) == [(1,)]
        assert again.timeline.notes_to_share() == []
        second.close()
    finally:
        again.close()
        with warnings.catch_warnings():  # what the killed desktop left, collected here
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()


@pytest.mark.parametrize("backend", [pytest.param("postgres")], indirect=True)
def test_words_a_colleague_changed_meanwhile_are_kept_and_mine_beside_them(
    qtbot, ctx: AppContext, case, window_state, other_desktop: AppContext, backend
) -> None:
    issue = ctx.issues.add_issue(case.id, "Labels print blank", client_words="Nothing prints")
    window = shown_window(qtbot, ctx, window_state)
    window.tabs.setCurrentWidget(window.issues)
    qtbot.waitUntil(lambda: any(i.id == issue.id for i in window.issues.model.issues()))
    window.issues.select_issue(issue.id)
    editor = window.issues.editor
    qtbot.waitUntil(lambda: editor.issue is not None and editor.issue.id == issue.id)
    words = editor.form.client_words
    words.setFocus()
    # Tom, on his desktop, changes the client's words while Ann is about to type hers.
    other_desktop.issues.update_issue(issue.id, client_words="All six stations print blank")
    words.moveCursor(words.textCursor().MoveOperation.End)
    qtbot.keyClicks(words, " since 9:00")
    editor.flush()
    qtbot.waitUntil(lambda: "yours is kept on the timeline" in window.issues.banner.text())
    assert window.issues.banner.text().startswith("postgres changed the client's words")
    # Tom's words are shown and stored; Ann's are on the timeline, beside them.
    qtbot.waitUntil(lambda: words.toPlainText() == "All six stations print blank")
    assert ctx.issues.get_issue(issue.id).client_words == "All six stations print blank"
    [kept] = [e for e in ctx.timeline.entries(case.id) if e.text.startswith("Kept beside")]
    assert "“Nothing prints since 9:00”" in kept.text
