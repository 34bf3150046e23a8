"""The window on either database: the case shown, a note typed with Enter, kept by the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import shown_window


def test_the_window_shows_the_case_and_keeps_a_typed_note(
    qtbot, ctx, case, window_state, backend: str
) -> None:
    window = shown_window(qtbot, ctx, window_state, debounce_ms=50, max_wait_ms=200)
    panel = window.timeline
    model = panel.model

    def shown() -> list[str]:
        return [model.entry_at(row).text for row in range(model.stored_count)]

    qtbot.waitUntil(lambda: "Printer driver update pushed at 22:40." in shown(), timeout=10_000)
    qtbot.keyClicks(panel.note_input, "Client confirms labels print again.")
    qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.pending_texts, timeout=10_000)
    texts = [e.text for e in ctx.timeline.entries(case.id)]
    assert texts[-1] == "Client confirms labels print again."
    qtbot.waitUntil(lambda: shown()[-1:] == ["Client confirms labels print again."])
    assert ctx.db.engine.dialect.name == {"sqlite": "sqlite", "postgres": "postgresql"}[backend]
