"""A team database behind a network that silently drops every packet: nothing waits forever.

Through a proxy that passes nothing, either way, without closing anything (the desktop hears of
nothing), a statement would wait forever and the window could not close. The watch hangs the
connection up once the wait outlasts what the server itself allows (here shortened), the write
fails as "unreachable" (kept and tried again by the callers), and the next unit of work, once the
network is back, runs on a new connection.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from benchmarks.tcp_proxy import TcpProxy
from callnotes.errors import ServerUnreachableError
from callnotes.storage.database import Database

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_url: str, proxy: TcpProxy) -> Iterator[Database]:
    database = Database(proxy.url(pg_url))
    assert database.answers is not None
    database.answers.statement_limit_s = 1.5  # the server's 30 s, shortened for the test
    database.answers.ping_limit_s = 1.0
    yield database
    database.dispose()


def _count(db: Database) -> int:
    with db.unit_of_work(read_only=True) as session:
        return int(session.execute(text("SELECT count(*) FROM clients")).scalar_one())


def _in_thread(action) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def run() -> None:
        started = time.monotonic()
        try:
            outcome["result"] = action()
        except Exception as exc:
            outcome["error"] = exc
        outcome["took"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_a_statement_the_server_never_answers_is_hung_up_and_the_next_one_works(
    db: Database, proxy: TcpProxy
) -> None:
    assert _count(db) == 0  # a pooled connection, alive
    proxy.drop()
    thread, outcome = _in_thread(lambda: _count(db))
    thread.join(timeout=10)
    assert not thread.is_alive(), "the read waited on a dead line"
    assert isinstance(outcome.get("error"), ServerUnreachableError), outcome
    # The pooled connection's check hung up at 1 s, then a new one refused after the connect
    # timeout (5 s): the server counts as unreachable.
    assert 0.9 < float(outcome["took"]) < 8
    proxy.restore()
    assert _count(db) == 0  # a new connection: the dead one is not handed out again


def test_quitting_hangs_up_what_waits_at_once_and_whatever_begins_to(
    db: Database, proxy: TcpProxy
) -> None:
    assert db.answers is not None
    db.answers.statement_limit_s = db.answers.ping_limit_s = 600  # only quitting ends it
    assert _count(db) == 0
    proxy.drop()
    thread, outcome = _in_thread(lambda: _count(db))
    time.sleep(0.5)
    assert thread.is_alive()  # waiting on the silent server
    quit_at = time.monotonic()
    db.hang_up()
    thread.join(timeout=5)
    assert not thread.is_alive() and time.monotonic() - quit_at < 1.0
    assert isinstance(outcome.get("error"), ServerUnreachableError), outcome
    proxy.restore()
    with pytest.raises(ServerUnreachableError):
        _count(db)  # quitting: nothing new waits on the server either
