"""Who wrote an entry on a team database: the server names the author from the session's login.

Real agents' login roles on the test session's PostgreSQL server; the settings of each desktop
name someone else on purpose. On SQLite the name in the settings stays the author.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pg_agents import as_login, pg_exec, pg_rows

from callnotes import app
from callnotes.app import AppContext, open_context
from callnotes.domain.team import MemberDraft
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError, PermissionDeniedError


@pytest.fixture
def lead(pg_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(str(tmp_path / "lead"), pg_url)
    yield context
    context.close()


def _desktop(tmp_path: Path, url: str, login: str, settings_name: str) -> AppContext:
    """An agent's desktop logging in as *login*, whose settings say *settings_name*."""
    context = open_context(str(tmp_path / login), as_login(url, login))
    context.settings_store.save(replace(context.settings, agent_name=settings_name))
    return context


@pytest.mark.postgres
def test_the_author_is_the_colleague_linked_to_the_login_whatever_the_settings_say(
    lead: AppContext, pg_url: str, agents: tuple[str, str], tmp_path: Path
) -> None:
    alice, bob = agents
    lead.team.add_member(MemberDraft(name="Alice Martin", role="Support", db_login=alice))
    case_id = lead.demo.load_demo()
    desktop = _desktop(tmp_path, pg_url, alice, settings_name="Mallory Impostor")
    try:
        entry = desktop.timeline.add_entry(case_id, "Called the carrier back.", EntryKind.ACTION)
        amended = desktop.timeline.amend_entry(entry.id, "Called the carrier back twice.")
    finally:
        desktop.close()
    # What the desktop showed at once, and what the server holds, agree.
    assert entry.author == amended.author == "Alice Martin"
    assert pg_rows(pg_url, "SELECT author FROM timeline_entries WHERE id = %s", entry.id) == [
        ("Alice Martin",)
    ]
    assert pg_rows(
        pg_url, "SELECT revised_by FROM entry_revisions WHERE entry_id = %s", entry.id
    ) == [("Alice Martin",)]
    # A login nobody in the directory is linked to is named by itself.
    other = _desktop(tmp_path, pg_url, bob, settings_name="Alice Martin")
    try:
        note = other.timeline.add_entry(case_id, "Bob's note.")
    finally:
        other.close()
    assert note.author == bob
    assert pg_rows(pg_url, "SELECT author FROM timeline_entries WHERE id = %s", note.id) == [(bob,)]


@pytest.mark.postgres
def test_a_statement_naming_another_author_is_overruled_by_the_server(
    lead: AppContext, pg_url: str, agents: tuple[str, str]
) -> None:
    alice, bob = agents
    lead.team.add_member(MemberDraft(name="Alice Martin", db_login=alice))
    case_id = lead.demo.load_demo()
    pg_exec(
        as_login(pg_url, bob),
        "INSERT INTO timeline_entries (uid, case_id, kind, text, at, author, internal, "
        "for_client) VALUES (md5(random()::text), %s, 'note', 'forged', now(), "
        "'Alice Martin', false, false)",
        case_id,
    )
    pg_exec(as_login(pg_url, bob), "UPDATE timeline_entries SET author = 'Alice Martin'")
    assert pg_rows(
        pg_url, "SELECT DISTINCT author FROM timeline_entries WHERE text = 'forged'"
    ) == [(bob,)]
    # Every entry bob's statement touched now names bob: an UPDATE of the author is his too.
    assert pg_rows(pg_url, "SELECT DISTINCT author FROM timeline_entries") == [(bob,)]


@pytest.mark.postgres
def test_linking_a_login_later_names_the_colleague_from_the_next_entry(
    lead: AppContext,
    pg_url: str,
    agents: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alice = agents[0]
    case_id = lead.demo.load_demo()
    desktop = _desktop(tmp_path, pg_url, alice, settings_name="")
    try:
        assert desktop.timeline.add_entry(case_id, "Before.").author == alice
        # A lead links the login, from another desktop.
        added = lead.team.add_member(MemberDraft(name="Alice Martin"))
        lead.team.update_member(added.id, MemberDraft(name="Alice Martin", db_login=alice))
        # The server names her at once ...
        entry = desktop.timeline.add_entry(case_id, "Just after.")
        assert pg_rows(pg_url, "SELECT author FROM timeline_entries WHERE id = %s", entry.id) == [
            ("Alice Martin",)
        ]
        # ... and her desktop once it reads the name again (a minute at most).
        monkeypatch.setattr(app, "AUTHOR_READ_AGAIN_S", 0.0)
        assert desktop.timeline.add_entry(case_id, "After.").author == "Alice Martin"
    finally:
        desktop.close()


@pytest.mark.postgres
def test_an_imported_case_and_the_demo_keep_the_authors_they_carry(
    lead: AppContext, pg_url: str, agents: tuple[str, str], tmp_path: Path
) -> None:
    case_id = lead.demo.load_demo()
    exported = lead.exporter.export_case(case_id)
    authors = {e["author"] for e in exported["case"]["timeline"]}
    assert "Vinh Nguyen" in authors
    assert {r[0] for r in pg_rows(pg_url, "SELECT author FROM timeline_entries")} == authors
    lead.client_erasure.erase(lead.cases.get_case(case_id).client_id)
    desktop = _desktop(tmp_path, pg_url, agents[0], settings_name="")
    try:
        imported = desktop.importer.import_text(json.dumps(exported))
    finally:
        desktop.close()
    assert {
        r[0]
        for r in pg_rows(pg_url, "SELECT author FROM timeline_entries WHERE case_id = %s", imported)
    } == authors
    # The audit log names who imported them.
    assert pg_rows(
        pg_url,
        "SELECT DISTINCT actor FROM audit_log WHERE case_id = %s AND table_name = "
        "'timeline_entries'",
        imported,
    ) == [(agents[0],)]


def test_on_sqlite_the_author_is_the_name_in_the_settings(ctx: AppContext) -> None:
    ctx.settings_store.save(replace(ctx.settings, agent_name="Dana Whitlock"))
    case_id = ctx.demo.load_demo()
    assert ctx.timeline.add_entry(case_id, "A note.").author == "Dana Whitlock"


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_login_names_one_colleague_and_has_no_spaces(ctx: AppContext, backend: str) -> None:
    ctx.team.add_member(MemberDraft(name="Alice Martin", db_login="alice"))
    with pytest.raises(InvalidInputError, match="Alice Martin already logs in as 'alice'"):
        ctx.team.add_member(MemberDraft(name="Someone Else", db_login="alice"))
    with pytest.raises(InvalidInputError, match="a login has no spaces"):
        ctx.team.add_member(MemberDraft(name="Bo", db_login="bo lee"))
    # No login is no login, for as many colleagues as have none.
    ctx.team.add_member(MemberDraft(name="Cy"))
    ctx.team.add_member(MemberDraft(name="Di", db_login="  "))
    assert {m.name: m.db_login for m in ctx.team.members()} == {
        "Alice Martin": "alice",
        "Cy": "",
        "Di": "",
    }


@pytest.mark.postgres
def test_documents_are_signed_by_the_linked_colleague_else_the_settings_name(
    lead: AppContext, pg_url: str, agents: tuple[str, str], tmp_path: Path
) -> None:
    alice, bob = agents
    lead.team.add_member(MemberDraft(name="Alice Martin", db_login=alice))
    case_id = lead.demo.load_demo()
    for login, settings_name, signed in (
        (alice, "Mallory Impostor", "Alice Martin"),
        (bob, "Bob Stone", "Bob Stone"),  # not linked: a person's name, not the login
    ):
        desktop = _desktop(tmp_path, pg_url, login, settings_name=settings_name)
        try:
            assert desktop.reports.context(case_id).agent_name == signed
        finally:
            desktop.close()


@pytest.mark.postgres
def test_an_agent_marks_a_colleague_away_but_cannot_relink_a_login(
    lead: AppContext, pg_url: str, agents: tuple[str, str], tmp_path: Path
) -> None:
    alice, bob = agents
    alice_member = lead.team.add_member(MemberDraft(name="Alice Martin", db_login=alice))
    bob_member = lead.team.add_member(MemberDraft(name="Bob Stone", db_login=bob))
    desktop = _desktop(tmp_path, pg_url, alice, settings_name="")
    try:
        # The stand-in's premise: the usual contact is away. That an agent may record.
        now = desktop.clock()
        away = desktop.team.set_away(
            bob_member.id,
            until=now + timedelta(days=3),
            reason="Leave",
            stand_in_id=alice_member.id,
            name_stand_in=True,  # "Covered by: Alice", as the stand-in names herself
        )
        assert (away.away_reason, away.stand_in_id) == ("Leave", alice_member.id)
        # And back: the absence is kept for his "since you left".
        back = desktop.team.set_back(bob_member.id)
        assert back.away_until is None and back.away_since is None
        # Taking Bob's login, or his name, is the leads' to do: one sentence, nothing changed.
        for draft in (
            MemberDraft(name="Alicia Martin", db_login=bob),  # Bob's entries: "Alicia"
            MemberDraft(name="Bob Stone", db_login="someone_else"),
        ):
            with pytest.raises(PermissionDeniedError, match="ask the database administrator"):
                desktop.team.update_member(bob_member.id, draft)
        with pytest.raises(PermissionDeniedError):
            desktop.team.add_member(MemberDraft(name="Mallory", db_login="mallory"))
    finally:
        desktop.close()
    assert {(m.name, m.db_login) for m in lead.team.members()} == {
        ("Alice Martin", alice),
        ("Bob Stone", bob),
    }
