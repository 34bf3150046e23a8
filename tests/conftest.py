"""Shared fixtures: a real database in a temporary folder, real services, a fixed clock.

The service tests run on both backends: once on the SQLite file (``[sqlite]``) and once on a
fresh database of a real PostgreSQL server that the test session starts itself (``[postgres]``,
see ``tests/pg_server.py``). Modules in :data:`BOTH_BACKENDS` get the two runs for every test
that uses ``ctx``; a test there that checks SQLite itself on purpose (its file, FTS5) is marked
``sqlite_only``. ``-m postgres`` runs only the PostgreSQL half, ``-m 'not postgres'`` the rest.
"""

from __future__ import annotations

import os

# Qt must never try to open a display in tests; this runs before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pg_agents import agent_roles
from pg_server import TEMPLATE, PgServer
from pytestqt.qtbot import QtBot

from callnotes.app import AppContext, open_context

# The modules whose tests exercise the services, which must behave the same on both backends.
BOTH_BACKENDS = frozenset(
    {
        "test_call_backs",
        "test_call_flow",
        "test_case_finder",
        "test_case_json",
        "test_case_json_after_call",
        "test_case_pages",
        "test_change_log",
        "test_client_calendar",
        "test_client_erasure",
        "test_client_export",
        "test_client_reading",
        "test_client_rename",
        "test_commitments",
        "test_cover",
        "test_demo_times",
        "test_document_exports",
        "test_documents",
        "test_escalation",
        "test_follow_up",
        "test_handback",
        "test_import_validation",
        "test_intake",
        "test_investigation",
        "test_issue_removal",
        "test_issue_merge",
        "test_record_merge",
        "test_issues",
        "test_most_context",
        "test_pasted_numbers",
        "test_read_back",
        "test_recurring",
        "test_report_goldens",
        "test_report_next_update",
        "test_report_person_client",
        "test_report_snapshot",
        "test_reports",
        "test_reviews",
        "test_search",
        "test_search_older",
        "test_sentences",
        "test_services",
        "test_storage",
        "test_team",
        "test_team_database_window",
        "test_text_limits",
        "test_updates",
        "test_usual_contact_services",
        # The window on both: the seed call, and every area that reads or writes the record.
        "test_call_backs_ui",
        "test_call_intake_ui",
        "test_change_notice_delivery",
        "test_concurrent_typing",
        "test_kept_beside_window",
        "test_issue_form_input",
        "test_pasted_number_new_call",
        "test_read_back_ui",
        "test_report_preview",
        "test_ringing",
        "test_client_tools",
        "test_cover_ui",
        "test_team_view_ui",
        "test_escalation_ui",
        "test_follow_up_ui",
        "test_for_the_client",
        "test_investigation_ui",
        "test_issue_panel",
        "test_issue_removal_ui",
        "test_main_window",
        "test_report_saving",
        "test_resolution_ui",
        "test_search_popup",
        "test_seed_call",
        "test_timeline_panel",
        "test_updates_ui",
        "test_client_calendar_ui",
        "test_usual_contact",
        "test_window_change_notice",
    }
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: runs on the PostgreSQL test server")
    config.addinivalue_line(
        "markers", "sqlite_only: checks SQLite itself (its file, FTS5); not run on PostgreSQL"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if (
        "ctx" in metafunc.fixturenames
        and module in BOTH_BACKENDS
        and metafunc.definition.get_closest_marker("sqlite_only") is None
    ):
        metafunc.parametrize(
            "backend",
            ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
            indirect=True,
            scope="function",
        )


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database ``ctx`` opens: "sqlite" unless the test is parametrised for both."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole session, with a migrated template database.

    If it cannot start, every test that needs it fails with the reason (never skipped).
    """
    server = PgServer.start()
    try:
        server.execute(f"CREATE DATABASE {TEMPLATE}")
        from callnotes.storage.database import Database
        from callnotes.storage.migrate import init_database

        db = Database(server.url(TEMPLATE))
        try:
            init_database(db)
        finally:
            db.dispose()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a fresh database holding the current schema, dropped after the test."""
    name = pg_server.create_database(template=TEMPLATE)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def agents(pg_server: PgServer, pg_url: str) -> Iterator[tuple[str, str]]:
    """Two agents' login roles on ``pg_url``'s database, granted what the README's recipe
    grants (see ``tests/pg_agents.py``); dropped after the test."""
    yield from agent_roles(pg_server, pg_url)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> str | None:
    """The database URL ``ctx`` opens: None for the SQLite file in the data folder."""
    if backend == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return None


class FakeClock:
    """A clock that moves only when told to, one second per reading by default."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(seconds=1)):
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now = self.now + self.step
        return current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def ctx(data_dir: Path, clock: FakeClock, db_url: str | None) -> Iterator[AppContext]:
    context = open_context(str(data_dir), db_url, clock=clock)
    yield context
    context.close()


@pytest.fixture(autouse=True)
def _clear_clipboard_after_test():
    """Qt's offscreen platform crashes at exit if the clipboard still owns rich mime data
    (real platforms do not); tests that copy leave it empty again."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.clipboard().clear()


@pytest.fixture
def proxy(pg_server: PgServer) -> Iterator[object]:
    """A TCP proxy to the test server that the test can cut or make silent."""
    from benchmarks.tcp_proxy import TcpProxy

    through = TcpProxy("127.0.0.1", pg_server.port)
    yield through
    through.stop()


WAIT_MS = 20_000


class PatientQtBot(QtBot):
    """pytest-qt's bot, waiting longer by default for what happens off the GUI thread.

    The suite also runs on a shared, busy machine (two cores, other work beside it): a write
    or a read on a worker that takes 50 ms alone can take seconds there. A wait for something
    that never comes still fails; it only fails later. Tests that give a timeout keep theirs.
    """

    def waitUntil(self, callback, *, timeout: int = WAIT_MS) -> None:  # noqa: N802 (pytest-qt)
        super().waitUntil(callback, timeout=timeout)

    def waitSignal(self, signal, *, timeout: int = WAIT_MS, **options):  # noqa: N802 (pytest-qt)
        return super().waitSignal(signal, timeout=timeout, **options)


@pytest.fixture
def qtbot(qapp, request) -> PatientQtBot:
    """The bot every test uses (see :class:`PatientQtBot`)."""
    return PatientQtBot(request)
