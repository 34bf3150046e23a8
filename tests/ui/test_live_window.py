"""Two desktops on one team database: what one writes shows in the other's window, live.

The window under test is desktop B, listening as the app does once it shows the record; desktop
A is another context on the same database of the test session's PostgreSQL server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

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
def test_a_note_an_issue_and_a_new_case_from_another_desktop_show_within_a_second(
    qtbot, ctx: AppContext, case, window_state, other_desktop: AppContext, backend: str
) -> None:
    window = shown_window(qtbot, ctx, window_state)
    ctx.listen()
    assert ctx.db.live is not None and ctx.db.live.connected.wait(5)
    model = window.timeline.model

    def texts() -> list[str]:
        return [model.entry_at(row).text for row in range(model.stored_count)]

    started = time.monotonic()
    other_desktop.timeline.add_entry(case.id, "Priya: the carrier confirmed tonight's fix.")
    qtbot.waitUntil(lambda: texts()[-1:] == ["Priya: the carrier confirmed tonight's fix."])
    assert time.monotonic() - started < 1.0

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
