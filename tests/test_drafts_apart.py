"""On a team database each agent's drafts stay on their own computer, never on the server.

Two desktops (two data folders, two logins) on one database of the test session's PostgreSQL
server, typing in the same case.
"""

from __future__ import annotations

import gc
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from pg_agents import as_login, pg_rows
from sqlalchemy import event

from callnotes.app import AppContext, open_context
from callnotes.domain.drafts import note_draft_key, outbox_key
from callnotes.domain.timeline import EntryKind, NoteToShare
from callnotes.errors import ServerUnreachableError, StorageError

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_agents(
    pg_url: str, agents: tuple[str, str], tmp_path: Path
) -> Iterator[tuple[AppContext, AppContext, int]]:
    lead = open_context(str(tmp_path / "lead"), pg_url)
    case_id = lead.demo.load_demo()
    lead.close()
    alice = open_context(str(tmp_path / "alice"), as_login(pg_url, agents[0]))
    bob = open_context(str(tmp_path / "bob"), as_login(pg_url, agents[1]))
    yield alice, bob, case_id
    alice.close()
    bob.close()


def _local_drafts(context: AppContext) -> list[tuple[str, str]]:
    with sqlite3.connect(context.paths.database) as file:
        return list(file.execute("SELECT key, text FROM drafts ORDER BY key"))


def test_one_agents_enter_leaves_anothers_draft_of_the_same_case(
    two_agents: tuple[AppContext, AppContext, int], pg_url: str
) -> None:
    alice, bob, case_id = two_agents
    key = note_draft_key(case_id)
    alice.drafts.save(key, "Alice is still typing this")
    bob.drafts.save(key, "Bob's note")
    assert alice.drafts.load(key) == "Alice is still typing this"
    assert bob.drafts.load(key) == "Bob's note"

    bob.timeline.add_entry(case_id, "Bob's note", clear_draft=key)

    assert bob.drafts.load(key) == ""  # his draft went with his note
    assert alice.drafts.load(key) == "Alice is still typing this"
    # Each draft is in its agent's own file, scoped to the login and the database; the
    # server holds none.
    [(stored_key, text)] = _local_drafts(alice)
    assert stored_key.startswith("team:alice_") and stored_key.endswith(f"|{key}")
    assert text == "Alice is still typing this"
    assert _local_drafts(bob) == []
    assert pg_rows(pg_url, "SELECT count(*) FROM drafts") == [(0,)]


def test_typing_is_saved_while_the_server_cannot_be_reached(
    two_agents: tuple[AppContext, AppContext, int],
) -> None:
    alice, _bob, case_id = two_agents
    key = note_draft_key(case_id)
    alice.drafts.load(key)  # her own file is opened on first use, as the window does

    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise OSError("network is unreachable")

    alice.db.engine.dispose()  # every connection to the server gone …
    event.listen(alice.db.engine, "do_connect", unreachable)  # … and none can be made
    with pytest.raises(StorageError):
        alice.timeline.entries(case_id)
    alice.drafts.save(key, "Typed while the VPN was down")
    assert alice.drafts.load(key) == "Typed while the VPN was down"


def test_a_clients_export_and_erasure_include_this_desktops_drafts(
    two_agents: tuple[AppContext, AppContext, int],
) -> None:
    alice, _bob, case_id = two_agents
    key = note_draft_key(case_id)
    alice.drafts.save(key, "Dana asked about the invoice too")
    client_id = alice.cases.get_case(case_id).client_id
    exported = alice.client_export.export_client(client_id)
    assert [d["text"] for d in exported["drafts"]] == ["Dana asked about the invoice too"]
    assert alice.client_erasure.preview(client_id).drafts == 1
    erased = alice.client_erasure.erase(client_id)
    assert erased.drafts == 1
    assert _local_drafts(alice) == []


def test_a_client_erased_from_another_desktop_leaves_nothing_of_theirs_on_this_one(
    two_agents: tuple[AppContext, AppContext, int],
) -> None:
    """Alice's erasure can remove only her own computer's drafts; Bob's desktop removes its
    own — the draft and the note waiting to be shared of the case that is gone — and keeps
    those of other clients."""
    alice, bob, case_id = two_agents
    other = bob.cases.open_case(bob.clients.create_client("Brightline Couriers").id, "Scanners")
    bob.drafts.save(note_draft_key(case_id), "Dana asked about the invoice too")
    bob.drafts.replace(None, outbox_key(case_id, "a1b2"), '{"text": "held"}')
    bob.drafts.save(note_draft_key(other.id), "Scanners reset at noon")
    assert bob.client_erasure.forget_what_was_erased_elsewhere() == 0  # nothing gone yet

    alice.client_erasure.erase(alice.cases.get_case(case_id).client_id)
    assert len(_local_drafts(bob)) == 3, "Alice's desktop cannot reach Bob's file"

    assert bob.client_erasure.forget_what_was_erased_elsewhere() == 2
    assert [text for _key, text in _local_drafts(bob)] == ["Scanners reset at noon"]
    assert bob.client_erasure.forget_what_was_erased_elsewhere() == 0


def _cut_off(context: AppContext) -> Callable[[], None]:
    """The server can no longer be reached from *context* (until the returned function)."""

    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise psycopg.OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Network is unreachable'
        )

    context.db.engine.dispose()
    event.listen(context.db.engine, "do_connect", unreachable)
    return lambda: event.remove(context.db.engine, "do_connect", unreachable)


def test_a_note_entered_while_the_server_is_out_of_reach_is_kept_then_stored_once(
    two_agents: tuple[AppContext, AppContext, int],
    pg_url: str,
    agents: tuple[str, str],
    tmp_path: Path,
) -> None:
    alice, _bob, case_id = two_agents
    key = note_draft_key(case_id)
    alice.drafts.save(key, "Dana will send the invoice numbers")
    note = NoteToShare(
        case_id,
        "Dana will send the invoice numbers",
        EntryKind.NOTE,
        "a1" * 16,
        datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    )
    restore = _cut_off(alice)
    with pytest.raises(ServerUnreachableError):
        alice.timeline.add_note(note, draft_key=key)
    # Kept on this computer in place of its draft, and the draft is gone (no double).
    assert alice.drafts.load(key) == ""
    assert alice.timeline.notes_to_share() == [note]
    alice.close()  # the app is killed, say: nothing more happens on this desktop
    with warnings.catch_warnings():  # and the connections it held are dropped
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()

    # The next start, with the server back: the note is there to be sent, and is stored once
    # even if it is sent twice (a send that was stored but whose answer was lost).
    restore()
    again = open_context(str(tmp_path / "alice"), as_login(pg_url, agents[0]))
    try:
        [kept] = again.timeline.notes_to_share()
        first = again.timeline.add_note(kept)
        second = again.timeline.add_note(kept)
        assert first.id == second.id and first.at == note.at
        assert again.timeline.notes_to_share() == []
    finally:
        again.close()
    assert pg_rows(pg_url, "SELECT count(*) FROM timeline_entries WHERE text = %s", note.text) == [
        (1,)
    ]
