"""The team database on a real PostgreSQL server: its settings, its errors, its migrations.

Every test here runs against the server the test session starts (tests/pg_server.py).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import TEMPLATE, PgServer, PgServerError
from schema_steps import schema_steps_at
from sqlalchemy import event, text

from callnotes import cli
from callnotes.app import open_context
from callnotes.errors import (
    CallnotesError,
    DatabaseLockedError,
    DiskFullError,
    LoginRefusedError,
    NewerSchemaError,
    PermissionDeniedError,
    ReadOnlyError,
    SchemaNotReadyError,
    ServerUnreachableError,
    StorageError,
)
from callnotes.storage import engine as engine_module
from callnotes.storage.database import Database
from callnotes.storage.engine import (
    PG_LOCK_TIMEOUT_MS,
    PG_STATEMENT_TIMEOUT_MS,
    make_engine,
    postgresql_url,
)
from callnotes.storage.migrate import head_revision, migrate_database
from callnotes.storage.models.people import TeamMember
from callnotes.storage.schema_commands import run_schema_command

pytestmark = pytest.mark.postgres


@pytest.fixture
def empty_url(pg_server: PgServer) -> Iterator[str]:
    """A database with nothing in it, as an administrator hands it to the team."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


def _revision(url: str) -> list[str]:
    db = Database(url)
    try:
        with db.engine.connect() as connection:
            return [str(r[0]) for r in connection.execute(text("SELECT * FROM alembic_version"))]
    finally:
        db.dispose()


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


# -- the engine -------------------------------------------------------------------------


def test_each_connection_has_the_network_settings(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        with engine.connect() as connection:

            def show(name: str) -> str:
                return str(connection.exec_driver_sql(f"SHOW {name}").scalar_one())

            assert show("TimeZone") == "UTC"
            assert show("statement_timeout") == f"{PG_STATEMENT_TIMEOUT_MS // 1000}s"
            assert show("lock_timeout") == f"{PG_LOCK_TIMEOUT_MS // 1000}s"
            assert show("idle_in_transaction_session_timeout") == "1min"
            assert show("application_name") == "callnotes"
            info = connection.connection.driver_connection.info  # type: ignore[union-attr]
            params = info.get_parameters()
            assert params["connect_timeout"] == str(engine_module.PG_CONNECT_TIMEOUT_S)
            assert params["keepalives_idle"] == str(engine_module.PG_KEEPALIVES_IDLE_S)
    finally:
        engine.dispose()


def test_a_reader_reads_one_snapshot_read_only_and_the_next_writer_on_its_connection_writes(
    pg_url: str,
) -> None:
    db = Database(pg_url)
    try:
        statements: list[str] = []
        event.listen(
            db.engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: statements.append(sql)
        )
        mode = text(
            "SELECT current_setting('transaction_read_only'), "
            "current_setting('transaction_isolation')"
        )
        with db.unit_of_work(read_only=True) as session:
            assert tuple(session.execute(mode).one()) == ("on", "repeatable read")
        assert len(statements) == 1  # the mode went with BEGIN, not as a statement of its own
        with db.unit_of_work() as session:  # the pool's one connection, the reader's before
            assert tuple(session.execute(mode).one()) == ("off", "read committed")
            session.execute(text("CREATE TEMPORARY TABLE written (n integer)"))
    finally:
        db.dispose()


def test_a_plain_postgresql_address_uses_the_shipped_driver() -> None:
    assert postgresql_url("postgresql://ann@db.example/team") == (
        "postgresql+psycopg://ann@db.example/team"
    )
    assert postgresql_url("postgresql+psycopg://ann:pw@db/team") == (
        "postgresql+psycopg://ann:pw@db/team"
    )


def test_the_command_line_opens_the_data_on_the_server(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    code, out, _ = _cli(capsys, "--data-dir", data, "--db", pg_url, "demo")
    assert code == 0, out
    code, out, err = _cli(capsys, "--data-dir", data, "--db", pg_url, "cases")
    assert code == 0, err
    assert "Northwind Logistics — Warehouse cannot print delivery labels" in out
    # It is the server that holds them, not a file in the data folder.
    assert not (tmp_path / "data" / "callnotes.db").exists()
    db = Database(pg_url)
    try:
        with db.engine.connect() as connection:
            titles = connection.execute(text("SELECT title FROM cases ORDER BY id")).scalars()
            assert "Warehouse cannot print delivery labels" in list(titles)
    finally:
        db.dispose()


# -- clear errors -----------------------------------------------------------------------


def _open_error(url: str, tmp_path: Path) -> CallnotesError:
    with pytest.raises(CallnotesError) as refused:
        open_context(str(tmp_path / "data"), url)
    return refused.value


def test_a_wrong_port_is_one_sentence(pg_server: PgServer, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    url = pg_server.url(TEMPLATE).replace(f":{pg_server.port}/", f":{closed}/")
    error = _open_error(url, tmp_path)
    assert isinstance(error, ServerUnreachableError)
    assert str(error) == (
        f"The team database server at 127.0.0.1:{closed} cannot be reached (nothing answers "
        "at that address and port); check that it is running and that the address is right, "
        "then try again."
    )


def test_a_wrong_password_or_an_unknown_role_is_refused_in_one_sentence(
    pg_server: PgServer, tmp_path: Path
) -> None:
    wrong_password = _open_error(pg_server.url(TEMPLATE, password="not-it"), tmp_path)
    assert isinstance(wrong_password, LoginRefusedError)
    assert "refused the login: the password was not accepted" in str(wrong_password)
    unknown = _open_error(pg_server.url(TEMPLATE, user="nobody", password="x"), tmp_path)
    assert isinstance(unknown, LoginRefusedError)
    assert "\n" not in str(unknown) and "Traceback" not in str(unknown)


def test_a_missing_database_is_named(pg_server: PgServer, tmp_path: Path) -> None:
    error = _open_error(pg_server.url("no_such_team"), tmp_path)
    assert str(error) == (
        f"The team database server at 127.0.0.1:{pg_server.port} has no database "
        "'no_such_team'; check the database address."
    )


def test_a_role_without_rights_is_told_so(pg_server: PgServer, pg_url: str, tmp_path: Path) -> None:
    database = pg_url.rsplit("/", 1)[1]
    pg_server.execute(
        "DROP ROLE IF EXISTS reader",
        "DROP ROLE IF EXISTS stranger",
        "CREATE ROLE stranger LOGIN PASSWORD 'pw'",
        "CREATE ROLE reader LOGIN PASSWORD 'pw'",
    )
    try:
        # A role that may not even read the tables is refused when it opens the database ...
        error = _open_error(pg_server.url(database, user="stranger", password="pw"), tmp_path)
        assert isinstance(error, PermissionDeniedError)
        assert str(error).startswith("Your database role lacks a right callnotes needs")
        # ... one that may read but not write, when it writes; nothing is written.
        pg_server.execute(
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", database=database
        )
        ctx = open_context(
            str(tmp_path / "reader"), pg_server.url(database, user="reader", password="pw")
        )
        try:
            assert ctx.clients.list_clients() == []
            with pytest.raises(PermissionDeniedError, match="permission denied for table"):
                ctx.clients.create_client("Northwind")
        finally:
            ctx.close()
    finally:
        pg_server.execute("DROP OWNED BY reader, stranger", database=database)
        pg_server.execute("DROP ROLE reader", "DROP ROLE stranger")


def test_a_server_that_stops_gives_one_sentence_within_the_timeout(tmp_path: Path) -> None:
    server = PgServer.start()
    try:
        server.execute(f"CREATE DATABASE {TEMPLATE}")
        url = server.url(TEMPLATE)
        assert "Prepared" in run_schema_command(url, "init")
        ctx = open_context(str(tmp_path / "data"), url)
        try:
            client = ctx.clients.create_client("Northwind")
            server.stop()
            started = time.monotonic()
            with pytest.raises(ServerUnreachableError) as gone:
                ctx.cases.open_case(client.id, "Labels")
            assert time.monotonic() - started < engine_module.PG_CONNECT_TIMEOUT_S + 1
            assert "cannot be reached" in str(gone.value)
        finally:
            ctx.close()
    finally:
        server.stop()


def test_a_server_that_never_answers_is_given_up_after_the_connect_timeout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(engine_module, "PG_CONNECT_TIMEOUT_S", 1)
    with socket.socket() as silent:  # accepts the connection, then says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        started = time.monotonic()
        code, _, err = _cli(
            capsys,
            "--data-dir",
            str(tmp_path / "data"),
            "--db",
            f"postgresql+psycopg://ann:pw@127.0.0.1:{port}/team",
            "cases",
        )
        waited = time.monotonic() - started
    assert code == 1
    assert err == (
        "callnotes: The team database server cannot be reached (no "
        "answer within the connect timeout); check that it is running and that the address "
        "is right, then try again."
    )
    assert waited < 4


# -- migrations on a shared database ----------------------------------------------------


def test_an_empty_team_database_is_not_filled_by_a_desktop(empty_url: str, tmp_path: Path) -> None:
    error = _open_error(empty_url, tmp_path)
    assert isinstance(error, SchemaNotReadyError)
    assert "`callnotes db init`" in str(error)
    db = Database(empty_url)
    try:
        with db.engine.connect() as connection:
            assert not connection.dialect.has_table(connection, "alembic_version")
    finally:
        db.dispose()
    # `db upgrade` does not fill an empty database either: that is `db init`'s job.
    with pytest.raises(SchemaNotReadyError, match="`callnotes db init`"):
        run_schema_command(empty_url, "upgrade")


def test_an_older_schema_is_refused_until_db_upgrade_runs(
    empty_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with schema_steps_at(empty_url) as steps:
        steps.up("0003")

    error = _open_error(empty_url, tmp_path)
    assert isinstance(error, SchemaNotReadyError)
    assert str(error) == (
        f"The team database has an older schema (0003) than this callnotes ({head_revision()}); "
        "nothing was changed. Run `callnotes db upgrade` once for the team, then start again."
    )
    assert _revision(empty_url) == ["0003"]  # the desktop changed nothing

    data = str(tmp_path / "data")
    code, out, err = _cli(capsys, "--data-dir", data, "--db", empty_url, "db", "upgrade")
    assert code == 0, err
    assert out == f"Upgraded the team database from schema 0003 to {head_revision()}."
    # Said before it began, on standard error (an upgrade of a large database takes minutes).
    assert err == (
        f"callnotes: Upgrading the team database from schema 0003 to {head_revision()}; on a "
        "large database this takes minutes…"
    )
    assert _revision(empty_url) == [head_revision()]
    ctx = open_context(data, empty_url)
    ctx.close()
    # Nothing to do: nothing said meanwhile, the result alone.
    code, out, err = _cli(capsys, "--data-dir", data, "--db", empty_url, "db", "upgrade")
    assert (code, err) == (0, "")
    assert out == f"The team database is already at schema {head_revision()}; nothing to do."


def test_a_desktop_older_than_the_database_refuses_to_write(
    pg_url: str, pg_server: PgServer, tmp_path: Path
) -> None:
    database = pg_url.rsplit("/", 1)[1]
    pg_server.execute("UPDATE alembic_version SET version_num = '9999_later'", database=database)
    error = _open_error(pg_url, tmp_path)
    assert isinstance(error, NewerSchemaError)
    assert "Please update callnotes" in str(error)
    with pytest.raises(NewerSchemaError):
        run_schema_command(pg_url, "upgrade")
    assert _revision(pg_url) == ["9999_later"]


def test_four_desktops_running_db_init_at_once_all_succeed(empty_url: str, tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "callnotes", "--db", empty_url, "db", "init"]
    processes = [
        subprocess.Popen(
            [*argv[:3], "--data-dir", str(tmp_path / f"desk{n}"), *argv[3:]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], results
    said = sorted(out.strip() for _, out, _ in results)
    already = f"The team database is already at schema {head_revision()}; nothing to do."
    assert said[0].startswith("Prepared the team database")
    assert said[1:] == [already] * 3
    # The one that did the work said so before it began; the others had nothing to do.
    meanwhile = [err.strip() for _, _, err in results if err.strip()]
    assert meanwhile == [f"callnotes: Preparing the team database (schema {head_revision()})…"]
    assert _revision(empty_url) == [head_revision()]


def test_threads_with_their_own_engines_migrate_one_after_the_other(empty_url: str) -> None:
    failures: list[BaseException] = []
    done: list[bool] = []

    def init() -> None:
        db = Database(empty_url)
        try:
            done.append(migrate_database(db, create=True).upgraded)
        except BaseException as exc:
            failures.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=init) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert sorted(done) == [False, False, False, True]


def test_db_commands_name_what_they_need(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, "db", "init")
    assert code == 1
    assert "--db postgresql+psycopg://USER@HOST/DATABASE" in err
    with pytest.raises(StorageError):
        run_schema_command("postgresql+psycopg://ann@127.0.0.1:1/team", "init")


# -- the README's set-up, step by step ----------------------------------------------------


def test_the_readme_set_up_gives_an_agent_a_working_team_database(
    pg_server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pg_server.execute(
        "CREATE ROLE callnotes_owner LOGIN PASSWORD 'owner-pw'",
        "CREATE DATABASE callnotes_team OWNER callnotes_owner",
        "CREATE ROLE callnotes_agents NOLOGIN",
        "CREATE ROLE ann LOGIN PASSWORD 'ann-pw' IN ROLE callnotes_agents",
    )
    try:
        owner = pg_server.url("callnotes_team", user="callnotes_owner", password="owner-pw")
        assert run_schema_command(owner, "init").startswith("Prepared the team database")
        pg_server.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
            "TO callnotes_agents",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO callnotes_agents",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO callnotes_agents",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            "GRANT USAGE, SELECT ON SEQUENCES TO callnotes_agents",
            database="callnotes_team",
            user="callnotes_owner",
            password="owner-pw",
        )
        # The agent's password is in ~/.pgpass, not in the address; or the whole connection
        # is a service name.
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"127.0.0.1:{pg_server.port}:callnotes_team:ann:ann-pw\n")
        pgpass.chmod(0o600)
        services = tmp_path / "pg_service.conf"
        services.write_text(
            f"[team]\nhost=127.0.0.1\nport={pg_server.port}\ndbname=callnotes_team\nuser=ann\n"
        )
        monkeypatch.setenv("PGPASSFILE", str(pgpass))
        monkeypatch.setenv("PGSERVICEFILE", str(services))

        ann = open_context(
            str(tmp_path / "ann"), f"postgresql://ann@127.0.0.1:{pg_server.port}/callnotes_team"
        )
        try:
            client = ann.clients.create_client("Northwind Logistics")
            case = ann.cases.open_case(client.id, "Labels do not print")
            ann.timeline.add_entry(case.id, "Printer driver update pushed at 22:40.")
            # The note's words went into the search's postings with it (the server's trigger
            # writes them), and the agent's role reads them back.
            assert [h.text for h in ann.search.search("printer driv")] == [
                "Printer driver update pushed at 22:40."
            ]
        finally:
            ann.close()
        colleague = open_context(str(tmp_path / "desk2"), "postgresql+psycopg:///?service=team")
        try:
            [shown] = colleague.cases.list_cases()
            assert (shown.client_name, shown.title) == (
                "Northwind Logistics",
                "Labels do not print",
            )
        finally:
            colleague.close()
    finally:
        pg_server.drop_database("callnotes_team")
        pg_server.execute(
            "DROP ROLE IF EXISTS ann",
            "DROP ROLE IF EXISTS callnotes_agents",
            "DROP ROLE IF EXISTS callnotes_owner",
        )


def test_the_readme_grants_an_agent_every_column_of_an_absence_and_no_other() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"GRANT UPDATE \(([^)]*)\)\s+ON team_members TO callnotes_agents", readme)
    assert found is not None
    granted = tuple(column.strip() for column in found.group(1).split(","))
    # What the app writes to set a colleague away (with a stand-in) and back.
    assert granted == TeamMember.ABSENCE_COLUMNS


# -- errors met while working ---------------------------------------------------------------


def test_a_row_another_desktop_holds_past_the_lock_timeout_says_try_again(
    pg_server: PgServer, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(engine_module.PG_SETTINGS, "lock_timeout", 300)
    ctx = open_context(str(tmp_path / "data"), pg_url)
    try:
        client = ctx.clients.create_client("Northwind")
        import psycopg

        database = pg_url.rsplit("/", 1)[1]
        with psycopg.connect(pg_server.url(database).replace("+psycopg", "")) as other:
            other.execute("SELECT id FROM clients WHERE id = %s FOR UPDATE", (client.id,))
            with pytest.raises(DatabaseLockedError) as locked:
                ctx.clients.update_client(client.id, name="Northwind Ltd", timezone="UTC")
        assert str(locked.value) == (
            "Another desktop was changing the same record at that moment; nothing was lost, "
            "try again."
        )
        assert ctx.clients.get_client(client.id).name == "Northwind"
        ctx.clients.update_client(client.id, name="Northwind Ltd", timezone="UTC")
        assert ctx.clients.get_client(client.id).name == "Northwind Ltd"
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("error", "kind", "sentence"),
    [
        ("SerializationFailure", DatabaseLockedError, "try again"),
        ("DeadlockDetected", DatabaseLockedError, "try again"),
        ("QueryCanceled", StorageError, "took too long to answer"),
        ("DiskFull", DiskFullError, "out of space"),
        ("ReadOnlySqlTransaction", ReadOnlyError, "read-only at the moment"),
        ("AdminShutdown", ServerUnreachableError, "cannot be reached"),
        ("TooManyConnections", ServerUnreachableError, "no connection free"),
        ("InsufficientPrivilege", PermissionDeniedError, "lacks a right"),
        ("InvalidPassword", LoginRefusedError, "refused the login"),
    ],
)
def test_server_errors_by_their_code(error: str, kind: type, sentence: str) -> None:
    import psycopg.errors

    from callnotes.storage.failures import postgresql_error

    found = postgresql_error(getattr(psycopg.errors, error)("what the server said"))
    assert type(found) is kind
    assert sentence in str(found)


def test_a_bug_stays_a_bug() -> None:
    import psycopg.errors

    from callnotes.storage.failures import postgresql_error

    assert postgresql_error(psycopg.errors.UniqueViolation("duplicate key")) is None
    assert postgresql_error(psycopg.errors.StringDataRightTruncation("too long")) is None
    assert postgresql_error(psycopg.errors.SyntaxError("syntax error")) is None


def test_a_test_server_that_cannot_start_says_why() -> None:
    with socket.socket() as taken:  # another program holds the port
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(PgServerError) as failed:
            PgServer.start(port=taken.getsockname()[1])
    assert "pg_ctl failed" in str(failed.value)
    assert "could not bind" in str(failed.value) or "already in use" in str(failed.value)


# -- several desktops at once ---------------------------------------------------------------

_DESKTOP = """
import sys
from callnotes.app import open_context
from callnotes.errors import DatabaseLockedError

ctx = open_context(sys.argv[1], sys.argv[2])
locked = 0
for n in range(int(sys.argv[4])):
    try:
        client = ctx.clients.create_client(f"Desk {sys.argv[3]} client {n}")
        case = ctx.cases.open_case(client.id, "Parallel")
        ctx.timeline.add_entry(case.id, f"desk {sys.argv[3]} note {n}")
        ctx.timeline.add_entry(int(sys.argv[5]), f"desk {sys.argv[3]} shared note {n}")
    except DatabaseLockedError:
        locked += 1
ctx.close()
print(locked)
"""


def test_desktops_writing_at_once_keep_every_note(pg_url: str, tmp_path: Path) -> None:
    desks, rounds, typed = 3, 10, 30
    ctx = open_context(str(tmp_path / "data"), pg_url)
    try:
        client = ctx.clients.create_client("Typist")
        case = ctx.cases.open_case(client.id, "Typing")
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _DESKTOP,
                    str(tmp_path / f"desk{k}"),
                    pg_url,
                    str(k),
                    str(rounds),
                    str(case.id),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for k in range(desks)
        ]
        for n in range(typed):
            ctx.timeline.add_entry(case.id, f"typed note {n}")
        outputs = [child.communicate(timeout=120) for child in children]
        assert [child.returncode for child in children] == [0] * desks, outputs
        assert sum(int(out.strip().splitlines()[-1]) for out, _ in outputs) == 0
        texts = [e.text for e in ctx.timeline.entries(case.id)]
        assert [t for t in texts if t.startswith("typed")] == [
            f"typed note {n}" for n in range(typed)
        ]
        assert len([t for t in texts if "shared note" in t]) == desks * rounds
        assert len(ctx.clients.list_clients()) == 1 + desks * rounds
    finally:
        ctx.close()


def test_reads_never_wait_for_another_desktops_write(
    pg_server: PgServer, pg_url: str, tmp_path: Path
) -> None:
    import psycopg

    ctx = open_context(str(tmp_path / "data"), pg_url)
    try:
        client = ctx.clients.create_client("Typist")
        case = ctx.cases.open_case(client.id, "Typing")
        ctx.timeline.add_entry(case.id, "First note")
        database = pg_url.rsplit("/", 1)[1]
        with psycopg.connect(pg_server.url(database).replace("+psycopg", "")) as other:
            # Another desktop is in the middle of changing this case and client.
            other.execute("UPDATE cases SET title = 'Renamed' WHERE id = %s", (case.id,))
            other.execute("UPDATE clients SET name = 'Renamed' WHERE id = %s", (client.id,))
            started = time.monotonic()
            assert [c.title for c in ctx.cases.list_cases()] == ["Typing"]
            assert [e.text for e in ctx.timeline.entries(case.id)] == ["First note"]
            assert ctx.clients.get_client(client.id).name == "Typist"
            assert [h.text for h in ctx.search.search("first")] == ["First note"]
            assert ctx.documents.build(case.id, "status").problems == ()
            assert time.monotonic() - started < 2, "no read waited for the writer"
    finally:
        ctx.close()


def test_the_search_index_revision_goes_down_and_up_again(pg_url: str, tmp_path: Path) -> None:
    ctx = open_context(str(tmp_path / "data"), pg_url)
    try:
        case = ctx.cases.open_case(ctx.clients.create_client("Northwind").id, "Labels")
        ctx.timeline.add_entry(case.id, "Café crème déjà vu")
    finally:
        ctx.close()
    with schema_steps_at(pg_url) as steps:
        steps.down("0004")
        columns = steps.connection.dialect.get_columns(steps.connection, "timeline_entries")
        assert not [c for c in columns if c["name"] == "search_words"]
        steps.up()
    ctx = open_context(str(tmp_path / "data"), pg_url)
    try:  # the notes written before are indexed again
        assert [h.text for h in ctx.search.search("deja")] == ["Café crème déjà vu"]
    finally:
        ctx.close()
