"""Work that competes with the agent for the disk waits until they are idle, between calls."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from callnotes.app import open_context
from callnotes.launch import Opening
from callnotes.settings import Settings, save_settings
from callnotes.storage.backup import backup_copies
from callnotes.storage.search.fts5_schema import ENTRY_RECENT_FTS, RECENT_TABLE
from callnotes.ui.shell.application import Startup, build_frame
from callnotes.ui.shell.idle_watch import IdleWatch
from callnotes.ui.shell.main_window import MainWindow
from tests.test_integrity import build_database
from tests.ui.conftest import wait_filled


def type_for(qtbot, field: QLineEdit, seconds: float) -> None:
    """Press a key on *field* every 100 ms for *seconds*."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        qtbot.keyClick(field, Qt.Key.Key_A)
        qtbot.wait(100)


def test_an_action_waits_while_the_agent_types_and_runs_once_they_stop(qtbot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    ran: list[float] = []
    watch = IdleWatch(lambda: False)
    watch.quiet_s = 0.6
    watch.when_idle(lambda: ran.append(time.monotonic()))

    type_for(qtbot, field, 3.0)  # longer than the quiet time and its looks every 2 s
    assert ran == [], "it ran while the agent was typing"
    stopped = time.monotonic()
    qtbot.waitUntil(lambda: ran != [], timeout=5000)
    assert ran[0] - stopped >= 0.6
    qtbot.wait(2500)
    assert len(ran) == 1 and watch.waiting == 0


def test_a_call_in_progress_holds_it_however_quiet_the_keyboard(qtbot) -> None:
    on_a_call = [True]
    ran: list[bool] = []
    watch = IdleWatch(lambda: on_a_call[0])
    watch.quiet_s = 0.1
    watch.when_idle(lambda: ran.append(True))
    qtbot.wait(4500)  # two looks, the keyboard quiet throughout
    assert ran == []
    on_a_call[0] = False  # wrapped up
    qtbot.waitUntil(lambda: ran == [True], timeout=5000)


@contextmanager
def started(qtbot, data_dir: Path, quiet_s: float) -> Iterator[tuple[MainWindow, Opening]]:
    """The app started on *data_dir* as at the desktop, its window shown and filled, a quiet
    moment counted after *quiet_s* without a key; closed after."""
    save_settings(data_dir / "config" / "settings.json", Settings(agent_name="Vinh"))
    opening = Opening.prepare(str(data_dir), None)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window)
    startup.idle.quiet_s = quiet_s
    startup.begin()
    try:
        qtbot.waitUntil(lambda: window.is_attached)
        wait_filled(qtbot, window)
        yield window, opening
    finally:
        if window.is_attached:
            window.runner.wait_for_done()
        startup.close()


def test_the_days_backup_is_taken_once_the_agent_has_stopped_typing(qtbot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_database(data_dir, ["Labels do not print"])
    with started(qtbot, data_dir, 1.5) as (window, opening):
        backups = opening.paths.backups
        editor = window.timeline.note_input
        until = time.monotonic() + 4.5
        while time.monotonic() < until:
            qtbot.keyClick(editor, Qt.Key.Key_A)
            qtbot.wait(150)
        assert backup_copies(backups, "callnotes") == [], "backed up while the agent typed"

        qtbot.waitUntil(lambda: backup_copies(backups, "callnotes") != [], timeout=10_000)
        [copy] = backup_copies(backups, "callnotes")
        assert copy.path.stat().st_size > 0


def test_the_newest_entries_search_index_is_tidied_once_the_agent_is_idle(
    qtbot, tmp_path: Path
) -> None:
    """The moving floor of the newest entries' index leaves deletions behind it at every note
    (storage/search/fts5_schema.py); at the quiet moment after a start they are merged away."""
    data_dir = tmp_path / "data"
    database = build_database(data_dir, ["Labels do not print"])
    with sqlite3.connect(database) as file:  # from now on the floor moves at every note
        file.execute(f"UPDATE {RECENT_TABLE} SET span = 5 WHERE name = '{ENTRY_RECENT_FTS}'")
    file.close()
    ctx = open_context(str(data_dir))
    case_id = ctx.cases.list_cases()[0].id
    for n in range(100):
        ctx.timeline.add_entry(case_id, f"Label {n} printed blank")
    ctx.close()

    def pages() -> int:
        with sqlite3.connect(database) as file:
            count = file.execute(f"SELECT count(*) FROM {ENTRY_RECENT_FTS}_data").fetchone()[0]
        file.close()
        return int(count)

    before = pages()
    with started(qtbot, data_dir, 0.5):
        qtbot.waitUntil(lambda: pages() < before, timeout=10_000)


@pytest.mark.postgres
def test_a_team_desktop_forgets_what_another_erased_once_the_agent_is_idle(
    qtbot, tmp_path: Path, pg_url: str, agents: tuple[str, str]
) -> None:
    """A client erased from Alice's desktop while Bob's was closed: Bob's computer still holds
    his draft of their case, until his app starts and finds the case gone."""
    from pg_agents import as_login

    from callnotes.domain.drafts import note_draft_key

    lead = open_context(str(tmp_path / "lead"), pg_url)
    case_id = lead.demo.load_demo()
    lead.close()
    bob_url, bob_dir = as_login(pg_url, agents[1]), tmp_path / "bob"
    bob = open_context(str(bob_dir), bob_url)
    bob.drafts.save(note_draft_key(case_id), "Dana asked about the invoice too")
    client_id = bob.cases.get_case(case_id).client_id
    bob.close()
    alice = open_context(str(tmp_path / "alice"), as_login(pg_url, agents[0]))
    alice.client_erasure.erase(client_id)
    alice.close()

    def bobs_drafts() -> list[str]:
        with sqlite3.connect(bob_dir / "callnotes.db") as file:
            return [text for (text,) in file.execute("SELECT text FROM drafts")]

    assert bobs_drafts() == ["Dana asked about the invoice too"]
    save_settings(bob_dir / "config" / "settings.json", Settings(agent_name="Bob"))
    opening = Opening.prepare(str(bob_dir), bob_url)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window)
    startup.idle.quiet_s = 0.3
    startup.begin()
    try:
        qtbot.waitUntil(lambda: window.is_attached)
        qtbot.waitUntil(lambda: bobs_drafts() == [], timeout=10_000)

        # Erased while Bob's app runs: gone from his computer as the change arrives.
        other = lead_client_case(pg_url, tmp_path)
        startup.ctx.drafts.save(note_draft_key(other[1]), "Scanners reset at noon")
        alice = open_context(str(tmp_path / "alice"), as_login(pg_url, agents[0]))
        alice.client_erasure.erase(other[0])
        alice.close()
        qtbot.waitUntil(lambda: bobs_drafts() == [], timeout=10_000)
    finally:
        if window.is_attached:
            window.runner.wait_for_done()
        startup.close()


def lead_client_case(pg_url: str, tmp_path: Path) -> tuple[int, int]:
    """Another client with a case on the team database: (client id, case id)."""
    lead = open_context(str(tmp_path / "lead"), pg_url)
    try:
        client = lead.clients.create_client("Brightline Couriers")
        return client.id, lead.cases.open_case(client.id, "Scanners log out").id
    finally:
        lead.close()
