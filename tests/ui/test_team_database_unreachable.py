"""Starting while the team database cannot be opened: the window stays, says why, tries again.

Real connections: a port nothing listens on, then the test session's PostgreSQL server.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.engine import make_url

from callnotes.app import AppContext, open_context
from callnotes.domain.drafts import outbox_key
from callnotes.launch import Opening, open_beside_check
from callnotes.paths import resolve_paths
from callnotes.settings import Settings, load_settings, save_settings
from callnotes.ui.shell import opening_problem
from callnotes.ui.shell.application import Startup, build_frame
from callnotes.ui.shell.opening_problem import OpeningProblem

pytestmark = pytest.mark.postgres


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # free once closed: nothing answers there


def _start(
    qtbot, data_dir: Path, address: list[str | None], team_database: str = ""
) -> tuple[Startup, OpeningProblem]:
    """The app's start-up as ``--db address[0]`` (read again at every attempt), or on the
    settings' team database when that is None; each attempt adds an item to *address*."""
    paths = resolve_paths(str(data_dir))
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    save_settings(paths.settings_file, Settings(agent_name="Vinh", team_database=team_database))

    def attempt() -> AppContext:
        address.append(address[0])  # one more attempt, on the address of the moment
        return open_beside_check(str(data_dir), address[0])

    opening = Opening(paths, load_settings(paths.settings_file), attempt)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    window.show()
    startup = Startup(opening, window)
    startup.begin()
    qtbot.waitUntil(lambda: window.findChild(OpeningProblem) is not None, timeout=10_000)
    panel = window.findChild(OpeningProblem)
    assert panel is not None
    return startup, panel


def test_an_unreachable_server_is_said_in_the_window_and_tried_again(
    qtbot, tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opening_problem, "RETRY_EVERY_S", 2)
    address: list[str | None] = [f"postgresql+psycopg://agent@127.0.0.1:{_closed_port()}/callnotes"]
    startup, panel = _start(qtbot, tmp_path / "data", address)
    window = startup.window

    qtbot.waitUntil(lambda: "cannot be reached" in panel.message, timeout=10_000)
    assert panel.message.startswith("The team database server at 127.0.0.1")
    assert "Trying again in" in panel.countdown.text()
    assert panel.retry_button.hasFocus()
    assert not [w for w in window.findChildren(QMessageBox) if w.isVisible()]  # no dialog
    assert startup.exit_code is None and not window.is_attached

    # It tries again by itself, fails again, counts down again.
    qtbot.waitUntil(lambda: len(address) == 3, timeout=10_000)
    qtbot.waitUntil(lambda: "Trying again in" in panel.countdown.text(), timeout=10_000)
    assert "cannot be reached" in panel.message

    # The server is back (here: the address now leads to one); Space on "Try again".
    address[0] = pg_url
    qtbot.keyClick(panel.retry_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.is_attached, timeout=15_000)
    qtbot.waitUntil(lambda: window.findChild(OpeningProblem) is None)  # the panels took its place
    assert startup.ctx is not None and startup.ctx.db.engine.dialect.name == "postgresql"
    startup.close()


def test_a_refused_login_waits_for_the_agent_who_can_change_the_address(
    qtbot, tmp_path: Path, pg_url: str
) -> None:
    # The settings name a role the server does not know.
    unknown = make_url(pg_url).set(username="nobody_here", password=None)
    startup, panel = _start(
        qtbot, tmp_path / "data", [None], team_database=unknown.render_as_string(False)
    )

    qtbot.waitUntil(lambda: "refused the login" in panel.message, timeout=10_000)
    assert panel.countdown.text() == ""  # no use trying the same password again by itself
    # "Team database…" opens the address in the settings, ready to be retyped.
    qtbot.keyClick(panel.settings_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()  # offscreen does not activate a dialog by itself
    qtbot.waitUntil(dialog.isActiveWindow)
    field = dialog.team_database
    assert field.hasFocus() and field.selectedText() == field.text() != ""
    # Emptied: this desktop's own file. Saved with Enter, and the window opens on it at once.
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: startup.window.is_attached, timeout=15_000)
    assert load_settings(resolve_paths(str(tmp_path / "data")).settings_file).team_database == ""
    startup.close()


def test_quit_leaves_with_status_one(qtbot, tmp_path: Path) -> None:
    address: list[str | None] = [f"postgresql+psycopg://agent@127.0.0.1:{_closed_port()}/callnotes"]
    startup, panel = _start(qtbot, tmp_path / "data", address)
    qtbot.waitUntil(lambda: "cannot be reached" in panel.message, timeout=10_000)
    panel.quit_button.setFocus()
    qtbot.keyClick(panel.quit_button, Qt.Key.Key_Space)
    assert startup.exit_code == 1
    startup.close()


def test_the_notes_entered_before_and_kept_on_this_computer_are_said(
    qtbot, tmp_path: Path, pg_url: str
) -> None:
    data = tmp_path / "data"
    earlier = open_context(str(data), pg_url)  # the last run, cut off after two Enters
    try:
        for n, uid in enumerate(("a" * 32, "b" * 32)):
            earlier.drafts.replace(None, outbox_key(1, uid), f"Note {n} typed while cut off")
    finally:
        earlier.close()
    address: list[str | None] = [f"postgresql+psycopg://agent@127.0.0.1:{_closed_port()}/callnotes"]
    _startup, panel = _start(qtbot, data, address)
    qtbot.waitUntil(lambda: "cannot be reached" in panel.message, timeout=10_000)
    assert panel.held.isVisible()
    assert panel.held.text() == (
        "2 notes entered earlier are kept on this computer: stored as soon as the team "
        "database answers."
    )
