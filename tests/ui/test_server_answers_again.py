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
