"""The window on a team database whose server goes away and comes back: the banner that said
it cannot be reached goes once the server answers again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from callnotes.app import open_context
from tests.ui.conftest import shown_window

pytestmark = pytest.mark.postgres


def test_the_unreachable_banner_goes_when_the_server_answers_again(
    qtbot, pg_url: str, proxy, tmp_path: Path, window_state
) -> None:
    ctx = open_context(str(tmp_path / "desk"), proxy.url(pg_url))
    try:
        client = ctx.clients.create_client("Northwind Logistics")
        ctx.cases.open_case(client.id, "Labels do not print")
        window = shown_window(qtbot, ctx, window_state, debounce_ms=50, max_wait_ms=200)
        proxy.cut()
        qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_F5)  # Refresh: read again
        qtbot.waitUntil(lambda: "cannot be reached" in window.banner.text(), timeout=30_000)
        said = window.banner.text()
        proxy.restore()
        qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=30_000)
        assert window.banner.text() != said
    finally:
        ctx.close()


def test_a_team_database_set_in_settings_is_tried_at_once(
    qtbot, pg_url: str, tmp_path: Path, window_state, monkeypatch
) -> None:
    from PySide6.QtWidgets import QApplication
    from sqlalchemy.engine import make_url

    from callnotes.ui.shell.settings_dialog import SettingsDialog
    from tests.ui.keypress import press

    server = make_url(pg_url)
    pgpass = tmp_path / "pgpass"  # the password where libpq reads it, not in the address
    pgpass.write_text(
        f"{server.host}:{server.port}:{server.database}:{server.username}:{server.password}\n"
    )
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    ctx = open_context(str(tmp_path / "desk"))  # this computer's file, for now
    try:
        ctx.settings_store.save(ctx.settings.with_changes(agent_name="Vinh"))
        window = shown_window(qtbot, ctx, window_state)
        press(qtbot, window, "Ctrl+,")
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SettingsDialog))
        dialog = QApplication.activeModalWidget()
        dialog.team_database.setFocus()
        address = f"postgresql://{server.username}@{server.host}:{server.port}/{server.database}"
        qtbot.keyClicks(dialog.team_database, address)
        qtbot.keyClick(dialog.team_database, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "Trying" not in window.banner.text(), timeout=30_000)
        assert window.banner.text() == (
            "The team database answers: it is used from the next start of callnotes."
        )
    finally:
        ctx.close()
