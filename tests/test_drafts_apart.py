"""On a team database each agent's drafts stay on their own computer, never on the server.

Two desktops (two data folders, two logins) on one database of the test session's PostgreSQL
server, typing in the same case.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_agents import as_login, pg_rows
from sqlalchemy import event

from callnotes.app import AppContext, open_context
from callnotes.domain.drafts import note_draft_key
from callnotes.errors import StorageError

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
