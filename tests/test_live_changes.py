"""Live on a team database: one desktop's commit reaches another's change notice within a
second, its own never twice, and after a lost connection it reads everything again.

Two contexts on one database of the test session's PostgreSQL server, as two desktops.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_agents import as_login, pg_rows

from callnotes.app import AppContext, open_context
from callnotes.domain.changes import ANY_CASE, Changes, Part
from callnotes.domain.issues import IssueStatus
from callnotes.domain.team import MemberDraft
from callnotes.storage import live as live_module
from callnotes.storage.live import EVERYTHING, changes_of_notices

pytestmark = pytest.mark.postgres


class Heard:
    """What a desktop's change notice said, in order, with when."""

    def __init__(self) -> None:
        self.changes: list[tuple[float, Changes]] = []
        self._lock = threading.Lock()

    def __call__(self, changes: Changes) -> None:
        with self._lock:
            self.changes.append((time.monotonic(), changes))

    def first(self, wanted, timeout: float = 5.0) -> tuple[float, Changes]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = [c for c in self.changes if wanted(c[1])]
            if found:
                return found[0]
            time.sleep(0.01)
        raise AssertionError(f"not heard within {timeout} s: {self.changes}")


@pytest.fixture
def desktops(pg_url: str, tmp_path: Path) -> Iterator[tuple[AppContext, AppContext]]:
    a = open_context(str(tmp_path / "a"), pg_url)
    b = open_context(str(tmp_path / "b"), pg_url)
    yield a, b
    a.close()
    b.close()


def _listening(context: AppContext) -> Heard:
    heard = Heard()
    context.subscribe_changes(heard)
    context.listen()
    assert context.db.live is not None and context.db.live.connected.wait(5)
    return heard


def test_another_desktops_note_reaches_this_one_live(
    desktops: tuple[AppContext, AppContext],
) -> None:
    a, b = desktops
    case_id = a.demo.load_demo()
    heard = _listening(b)
    # Heard from the server's notice, not read again (how soon: the bench's figure "another
    # desktop's note shown", p99 within 1 s; a wall-clock bound here failed under load).
    a.timeline.add_entry(case_id, "Carrier confirmed the fix for tonight.")
    _at, changes = heard.first(lambda c: c.touches(Part.TIMELINE, case_id=case_id))
    assert changes.touches(Part.CASE_LIST, case_id=case_id)
    assert ANY_CASE not in changes.case_ids  # this case only: other cases' views stay still
    # B reads what A wrote.
    assert b.timeline.entries(case_id)[-1].text == "Carrier confirmed the fix for tonight."


def test_issues_promises_the_directory_each_reach_the_other_desktop(
    desktops: tuple[AppContext, AppContext],
) -> None:
    a, b = desktops
    case_id = a.demo.load_demo()
    heard = _listening(b)
    issue = a.issues.issues(case_id)[0]
    a.issues.set_status(issue.id, IssueStatus.RESOLVED)
    heard.first(lambda c: c.touches(Part.ISSUES, case_id=case_id))
    a.team.add_member(MemberDraft(name="Zoe Adams"))
    heard.first(lambda c: Part.TEAM in c.parts and ANY_CASE in c.case_ids)


def test_this_desktops_own_commits_are_announced_once(
    desktops: tuple[AppContext, AppContext],
) -> None:
    a, b = desktops
    case_id = a.demo.load_demo()
    heard = _listening(b)
    b.timeline.add_entry(case_id, "Mine.")  # announced at its commit, on this thread
    a.timeline.add_entry(case_id, "Theirs.")  # then heard from the server
    heard.first(lambda c: c.touches(Part.TIMELINE, case_id=case_id), timeout=5)
    time.sleep(0.3)
    timeline_notices = [c for _at, c in heard.changes if c.touches(Part.TIMELINE)]
    assert len(timeline_notices) == 2  # B's own commit once, A's once: no echo of B's


def test_after_the_listening_connection_is_killed_everything_is_read_again(
    desktops: tuple[AppContext, AppContext], pg_url: str
) -> None:
    a, b = desktops
    case_id = a.demo.load_demo()
    heard = _listening(b)
    live = b.db.live
    assert live is not None
    pid = live.backend_pid
    pg_rows(pg_url, "SELECT pg_terminate_backend(%s)", pid)
    a.timeline.add_entry(case_id, "Written while B was not listening.")  # its notice is lost
    heard.first(lambda c: c == EVERYTHING, timeout=10)
    assert live.connected.wait(5) and live.backend_pid != pid
    # Listening again: the next change is heard as before.
    a.timeline.add_entry(case_id, "And after.")
    heard.first(lambda c: c.touches(Part.TIMELINE, case_id=case_id))
    assert b.timeline.entries(case_id)[-2].text == "Written while B was not listening."


def test_notices_carry_ids_only() -> None:
    changes = changes_of_notices(["timeline_entries:12", "clients:", "drafts:3", "nonsense"])
    assert changes.touches(Part.TIMELINE, case_id=12)
    assert changes.touches(Part.CLIENTS) and ANY_CASE in changes.case_ids
    assert not changes.touches(Part.DRAFTS)  # an agent's own: never announced to others


def _demo_with_priya(pg_url: str, login: str, tmp_path: Path) -> int:
    """The demo case on the team database, with Priya Shah linked to *login*, by a lead."""
    lead = open_context(str(tmp_path / "lead"), pg_url)
    try:
        case_id = lead.demo.load_demo()
        [priya] = [m for m in lead.team.members() if m.name == "Priya Shah"]
        lead.team.update_member(
            priya.id,
            MemberDraft(
                priya.name,
                priya.role,
                priya.team,
                priya.manager_id,
                priya.phone,
                priya.email,
                db_login=login,
            ),
        )
    finally:
        lead.close()
    return case_id


def test_who_else_has_the_case_open_is_known_and_forgotten_when_they_leave(
    pg_url: str, agents: tuple[str, str], tmp_path: Path
) -> None:
    case_id = _demo_with_priya(pg_url, agents[0], tmp_path)
    priya = open_context(str(tmp_path / "priya"), as_login(pg_url, agents[0]))
    bob = open_context(str(tmp_path / "bob"), as_login(pg_url, agents[1]))
    try:
        heard = _listening(bob)
        priya.listen()
        priya.here(case_id)
        heard.first(lambda c: c.touches(Part.PRESENCE, case_id=case_id))
        assert bob.others_on(case_id) == ["Priya Shah"]
        assert bob.others_on(case_id + 1) == []
        assert priya.others_on(case_id) == []  # Bob has no case open
        bob.here(case_id)
        deadline = time.monotonic() + 5
        while priya.others_on(case_id) != [agents[1]] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert priya.others_on(case_id) == [agents[1]]  # not in the directory: the login
        heard.changes.clear()
        priya.close()  # leaving says so
        heard.first(lambda c: c.touches(Part.PRESENCE, case_id=case_id))
        assert bob.others_on(case_id) == []
    finally:
        bob.close()


def test_stopping_wakes_the_listener_at_once(desktops: tuple[AppContext, AppContext]) -> None:
    # The listener waits up to a second for a notice; at quit it must not make the app wait
    # that second (the instance lock is held until it has gone).
    _a, b = desktops
    _listening(b)
    live = b.db.live
    assert live is not None
    time.sleep(0.1)  # well inside its wait
    started = time.monotonic()
    live.stop()
    took = time.monotonic() - started
    assert live.backend_pid is None  # its connection is closed
    assert took < 0.5, f"stop took {took:.2f} s"


def test_a_colleague_is_forgotten_while_this_desktop_hears_nobody(
    pg_url: str, agents: tuple[str, str], proxy, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(live_module, "PRESENT_FOR_S", 3.0)
    case_id = _demo_with_priya(pg_url, agents[0], tmp_path)
    priya = open_context(str(tmp_path / "priya"), as_login(pg_url, agents[0]))
    bob = open_context(str(tmp_path / "bob"), proxy.url(as_login(pg_url, agents[1])))
    try:
        heard = _listening(bob)
        priya.listen()
        priya.here(case_id)
        heard.first(lambda c: c.touches(Part.PRESENCE, case_id=case_id))
        assert bob.others_on(case_id) == ["Priya Shah"]
        proxy.cut()  # Bob's desktop hears nobody now; Priya's is still there
        heard.changes.clear()
        # Unheard for PRESENT_FOR_S, as when connected: no longer said to be on the case (the
        # line stayed for as long as the connection was down).
        heard.first(lambda c: c.touches(Part.PRESENCE, case_id=case_id), timeout=20.0)
        assert bob.others_on(case_id) == []
    finally:
        proxy.restore()
        priya.close()
        bob.close()
