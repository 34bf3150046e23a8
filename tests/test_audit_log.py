"""The audit log of a team database, on the real PostgreSQL server of the test session.

Every change of a case is recorded by the server (who, when, before and after), chained by
hashes per case; agents' roles cannot change the log; ``callnotes audit verify`` finds an entry
edited by a superuser; concurrent writers keep one chain; the handover prints the chain's head.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pg_agents import as_login, conninfo, pg_exec, pg_rows

from callnotes import cli
from callnotes.app import AppContext, open_context
from callnotes.domain.timeline import EntryKind
from callnotes.storage.audit import CASE_OF

pytestmark = pytest.mark.postgres


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, (out + err).strip()


@pytest.fixture
def team(pg_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(str(tmp_path / "lead"), pg_url)
    yield context
    context.close()


def _demo_case(context: AppContext) -> int:
    return context.demo.load_demo()


def test_every_change_of_a_case_is_recorded_with_its_actor_andpg_rows(
    team: AppContext, pg_url: str
) -> None:
    case_id = _demo_case(team)
    # Each row of the case, in every table that holds case data, has its insert recorded.
    for table, case_of in CASE_OF.items():
        if case_of == "id":
            where = "id = %s"
        elif case_of == "case_id":
            where = "case_id = %s"
        elif case_of == "entry":
            where = "entry_id IN (SELECT id FROM timeline_entries WHERE case_id = %s)"
        else:
            where = "review_id IN (SELECT id FROM reviews WHERE case_id = %s)"
        ids = {str(r[0]) for r in pg_rows(pg_url, f"SELECT id FROM {table} WHERE {where}", case_id)}
        logged = {
            str(r[0])
            for r in pg_rows(
                pg_url,
                "SELECT row_id FROM audit_log WHERE case_id = %s AND table_name = %s "
                "AND operation = 'INSERT'",
                case_id,
                table,
            )
        }
        assert ids <= logged, table
    entry = team.timeline.add_entry(case_id, "Reseated the SFP on port 3.", EntryKind.ACTION)
    team.timeline.amend_entry(entry.id, "Reseated the SFP on port 4.")
    (operation, actor, before, after, at_is_now) = pg_rows(
        pg_url,
        "SELECT operation, actor, before, after, at > now() - interval '1 minute' "
        "FROM audit_log WHERE table_name = 'timeline_entries' AND row_id = %s "
        "ORDER BY id DESC LIMIT 1",
        str(entry.id),
    )[0]
    assert (operation, actor, at_is_now) == ("UPDATE", "postgres", True)
    assert isinstance(before, dict) and isinstance(after, dict)
    assert before["text"] == "Reseated the SFP on port 3."
    assert after["text"] == "Reseated the SFP on port 4."
    assert "search_words" not in after
    # The revision kept by the amendment is recorded in the same case's chain.
    assert pg_rows(
        pg_url,
        "SELECT count(*) FROM audit_log WHERE case_id = %s AND table_name = 'entry_revisions'",
        case_id,
    ) == [(1,)]
    # A deletion keeps what the row held.
    pg_exec(pg_url, "DELETE FROM timeline_entries WHERE id = %s", entry.id)
    deleted = pg_rows(
        pg_url,
        "SELECT before, after FROM audit_log WHERE table_name = 'timeline_entries' "
        "AND row_id = %s AND operation = 'DELETE'",
        str(entry.id),
    )
    assert [(d[0]["text"], d[1]) for d in deleted] == [("Reseated the SFP on port 4.", None)]  # type: ignore[index]


def test_each_agent_is_recorded_as_their_own_role(
    team: AppContext, pg_url: str, agents: tuple[str, str], tmp_path: Path
) -> None:
    case_id = _demo_case(team)
    for name in agents:
        context = open_context(str(tmp_path / name), as_login(pg_url, name))
        try:
            context.timeline.add_entry(case_id, f"Note by {name}.")
        finally:
            context.close()
    actors = pg_rows(
        pg_url,
        "SELECT after->>'text', actor FROM audit_log WHERE case_id = %s "
        "AND table_name = 'timeline_entries' AND after->>'text' LIKE 'Note by %%' ORDER BY id",
        case_id,
    )
    assert actors == [(f"Note by {name}.", name) for name in agents]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'nobody'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "INSERT INTO audit_log (case_id, table_name, row_id, operation, actor, at, prev_hash, "
        "hash) VALUES (1, 'cases', '1', 'INSERT', 'x', now(), '', '')",
    ],
)
def test_an_agent_cannot_change_the_audit_log(
    team: AppContext, pg_url: str, agents: tuple[str, str], statement: str
) -> None:
    _demo_case(team)
    before = pg_rows(pg_url, "SELECT count(*), max(hash) FROM audit_log")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        pg_exec(as_login(pg_url, agents[0]), statement)
    assert pg_rows(pg_url, "SELECT count(*), max(hash) FROM audit_log") == before
    # The agent still reads it.
    assert pg_rows(as_login(pg_url, agents[0]), "SELECT count(*) FROM audit_log") == [
        (before[0][0],)
    ]


def test_even_the_owner_cannot_edit_or_forge_entries_without_disabling_the_guard(
    team: AppContext, pg_url: str
) -> None:
    _demo_case(team)
    for statement in ("UPDATE audit_log SET actor = 'nobody'", "DELETE FROM audit_log"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            pg_exec(pg_url, statement)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="triggers only"):
        pg_exec(
            pg_url,
            "INSERT INTO audit_log (case_id, table_name, row_id, operation, actor, at, "
            "prev_hash, hash) VALUES (1, 'cases', '1', 'INSERT', 'x', now(), '', '')",
        )


def test_verify_passes_then_finds_an_entry_a_superuser_edited(
    team: AppContext, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = _demo_case(team)
    other = team.cases.open_case(team.cases.get_case(case_id).client_id, "Second case").id
    team.timeline.add_entry(other, "Nothing to do with the first case.")
    code, out = _cli(capsys, "audit", "verify", "--db", pg_url)
    assert code == 0, out
    assert out.startswith("The audit log of every case is intact (")
    target = pg_rows(
        pg_url,
        "SELECT id FROM audit_log WHERE case_id = %s AND table_name = 'timeline_entries' "
        "ORDER BY id LIMIT 1 OFFSET 2",
        case_id,
    )[0][0]
    pg_exec(
        pg_url,
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; "
        "UPDATE audit_log SET after = jsonb_set(after, '{text}', '\"Nothing was said.\"') "
        f"WHERE id = {target}; "
        "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only",
    )
    code, out = _cli(capsys, "--db", pg_url, "audit", "verify")
    assert code == 1
    assert out.splitlines() == [
        f"Case {case_id}: the audit chain breaks at entry {target}: its fields no longer match "
        "its hash (it was edited)."
    ]
    # The other case's chain is intact on its own.
    code, out = _cli(capsys, "audit", "verify", "--case", str(other), "--db", pg_url)
    assert (code, out.startswith(f"The audit log of case {other} is intact")) == (0, True)


def test_verify_finds_a_removed_entry(
    team: AppContext, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = _demo_case(team)
    ids = [
        r[0]
        for r in pg_rows(pg_url, "SELECT id FROM audit_log WHERE case_id = %s ORDER BY id", case_id)
    ]
    pg_exec(
        pg_url,
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; "
        f"DELETE FROM audit_log WHERE id = {ids[3]}; "
        "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only",
    )
    code, out = _cli(capsys, "audit", "verify", "--case", str(case_id), "--db", pg_url)
    assert code == 1
    assert out.splitlines() == [
        f"Case {case_id}: the audit chain breaks at entry {ids[4]}: it names a previous entry "
        "the chain does not have (an entry before it was changed or removed)."
    ]


def test_verify_on_sqlite_says_there_is_no_audit_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _cli(capsys, "audit", "verify", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert code == 1
    assert "SQLite file has none" in out


def test_concurrent_writers_on_one_case_keep_one_unbroken_chain(
    team: AppContext, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = _demo_case(team)
    writes = 200
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def write(name: str) -> None:
        context = open_context(str(tmp_path / name), pg_url)
        try:
            start.wait()
            for n in range(writes):
                context.timeline.add_entry(case_id, f"{name} {n}")
        except BaseException as exc:  # reported by the test below
            failures.append(exc)
        finally:
            context.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    chain = pg_rows(
        pg_url, "SELECT prev_hash, hash FROM audit_log WHERE case_id = %s ORDER BY id", case_id
    )
    assert [prev for prev, _ in chain] == ["", *(h for _, h in chain[:-1])]  # no fork, no gap
    assert len({h for _, h in chain}) == len(chain)
    added = pg_rows(
        pg_url,
        "SELECT count(*) FROM audit_log WHERE case_id = %s AND table_name = 'timeline_entries' "
        "AND operation = 'INSERT' AND after->>'text' ~ '^(one|two) '",
        case_id,
    )
    assert added == [(2 * writes,)]
    code, out = _cli(capsys, "audit", "verify", "--case", str(case_id), "--db", pg_url)
    assert code == 0, out


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_the_handover_and_review_print_the_chain_head_on_postgresql(
    team: AppContext, pg_url: str, fmt: str
) -> None:
    case_id = _demo_case(team)
    head, count = pg_rows(
        pg_url,
        "SELECT hash, (SELECT count(*) FROM audit_log WHERE case_id = %s) FROM audit_log "
        "WHERE case_id = %s ORDER BY id DESC LIMIT 1",
        case_id,
        case_id,
    )[0]
    for kind in ("handover", "review"):
        document = team.documents.build(case_id, kind)
        rendered = team.documents.export(document, fmt).decode("utf-8")
        assert f"chain head {head[:12]}" in rendered or f"<code>{head[:12]}</code>" in rendered  # type: ignore[index]
        assert f"({count} changes recorded)" in rendered
    status = team.documents.export(team.documents.build(case_id, "status"), fmt)
    assert b"Audit log" not in status


def test_no_chain_head_on_sqlite(tmp_path: Path) -> None:
    context = open_context(str(tmp_path / "desk"))
    try:
        case_id = _demo_case(context)
        for kind in ("handover", "review"):
            document = context.documents.build(case_id, kind)
            for fmt in ("md", "txt", "html"):
                assert b"Audit log" not in context.documents.export(document, fmt)
    finally:
        context.close()


def test_an_agents_temporary_tables_do_not_divert_the_log(
    team: AppContext, pg_url: str, agents: tuple[str, str]
) -> None:
    case_id = _demo_case(team)
    before = pg_rows(pg_url, "SELECT count(*) FROM audit_log WHERE case_id = %s", case_id)[0][0]
    with psycopg.connect(conninfo(as_login(pg_url, agents[0])), autocommit=True) as connection:
        connection.execute(
            "CREATE TEMPORARY TABLE audit_log AS SELECT * FROM public.audit_log WITH NO DATA"
        )
        connection.execute("UPDATE public.cases SET title = 'Renamed' WHERE id = %s", (case_id,))
        assert connection.execute("SELECT count(*) FROM pg_temp.audit_log").fetchone() == (0,)
    logged = pg_rows(
        pg_url,
        "SELECT actor, after->>'title' FROM audit_log WHERE case_id = %s AND id > 0 "
        "ORDER BY id OFFSET %s",
        case_id,
        before,
    )
    assert logged == [(agents[0], "Renamed")]


def test_erasing_a_client_removes_its_cases_chains_and_records_the_erasure(
    team: AppContext,
    pg_url: str,
    agents: tuple[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case_id = _demo_case(team)
    client_id = team.cases.get_case(case_id).client_id
    title = team.cases.get_case(case_id).title
    other_client = team.clients.create_client("Other Ltd")
    other = team.cases.open_case(other_client.id, "Other case").id
    logged = pg_rows(
        pg_url, "SELECT count(*), max(hash) FROM audit_log WHERE case_id = %s", case_id
    )
    assert logged[0][0] > 20
    # An agent erases the client (the erasure takes deleting rights, which agents have).
    agent = open_context(str(tmp_path / "agent"), as_login(pg_url, agents[0]))
    try:
        agent.client_erasure.erase(client_id)
    finally:
        agent.close()
    # Nothing the erased rows held is left in the log: not the title, not a word of a note.
    assert pg_rows(pg_url, "SELECT count(*) FROM audit_log WHERE case_id = %s", case_id) == [(0,)]
    assert pg_rows(
        pg_url,
        "SELECT count(*) FROM audit_log WHERE before::text LIKE %s OR after::text LIKE %s",
        f"%{title}%",
        f"%{title}%",
    ) == [(0,)]
    # The erasure itself is on record: how many entries, the last hash, who, when.
    # (The count includes the erasure's own deletions, recorded before the chain went.)
    ((entries, last_hash, actor),) = pg_rows(
        pg_url, "SELECT entries, last_hash, actor FROM audit_erasures WHERE case_id = %s", case_id
    )
    assert entries > logged[0][0] and len(last_hash) == 64 and last_hash != logged[0][1]
    assert actor == agents[0]
    # The other client's case keeps its chain, and every chain still verifies.
    assert pg_rows(pg_url, "SELECT count(*) > 0 FROM audit_log WHERE case_id = %s", other) == [
        (True,)
    ]
    code, out = _cli(capsys, "audit", "verify", "--db", pg_url)
    assert code == 0, out
    assert "2 erased cases' chains were removed with their clients" in out  # the demo's two
    code, out = _cli(capsys, "audit", "verify", "--case", str(case_id), "--db", pg_url)
    assert code == 0, out
    assert f"Case {case_id} was erased with its client by {agents[0]}" in out


def test_an_agent_cannot_remove_a_live_cases_chain_nor_forge_an_erasure(
    team: AppContext, pg_url: str, agents: tuple[str, str]
) -> None:
    case_id = _demo_case(team)
    before = pg_rows(pg_url, "SELECT count(*), max(hash) FROM audit_log")
    agent = as_login(pg_url, agents[0])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="still exists"):
        pg_exec(agent, "SELECT audit_forget(%s)", case_id)
    for statement in (
        "INSERT INTO audit_erasures VALUES (999, 1, 'x', 'x', now())",
        "DELETE FROM audit_erasures",
        "UPDATE audit_erasures SET actor = 'nobody'",
        # Naming the case in the setting the function uses gives the agent no way around.
        "SELECT set_config('callnotes.audit_forget', '1', false); DELETE FROM audit_log",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg_exec(agent, statement)
    assert pg_rows(pg_url, "SELECT count(*), max(hash) FROM audit_log") == before
    # Not even the owner edits or removes the record of an erasure.
    team.client_erasure.erase(team.cases.get_case(case_id).client_id)
    for statement in ("UPDATE audit_erasures SET actor = 'nobody'", "DELETE FROM audit_erasures"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg_exec(pg_url, statement)
    assert {a for (a,) in pg_rows(pg_url, "SELECT actor FROM audit_erasures")} == {"postgres"}
