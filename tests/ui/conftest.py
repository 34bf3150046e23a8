"""Fixtures for widget tests: one sample case (on the shared ``ctx``), window state, typing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from callnotes.app import AppContext
from callnotes.domain.cases import CaseSummary
from callnotes.domain.timeline import EntryKind


@pytest.fixture
def case(ctx: AppContext) -> CaseSummary:
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    opened = ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels")
    ctx.timeline.add_entry(
        opened.id, "No delivery labels print since this morning.", EntryKind.CLIENT_SAID
    )
    ctx.timeline.add_entry(opened.id, "Printer driver update pushed at 22:40.")
    return ctx.cases.get_case(opened.id)


@pytest.fixture
def window_state(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "window-state.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def type_unicode() -> Callable[[QWidget, str], None]:
    """Type text ``qtbot.keyClicks`` cannot (accents, emoji, Arabic): key events carrying text."""

    def type_text(widget: QWidget, text: str) -> None:
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)

    return type_text


def handled(qtbot, ringing, event) -> None:
    """Hand *event* to *ringing* as the softphone does and wait until it has been acted on
    (a ring's caller is looked up off the GUI thread first)."""
    with qtbot.waitSignal(ringing.handled, check_params_cb=lambda done: done is event):
        ringing.handle(event)


def wait_filled(qtbot, window) -> None:
    """Wait until *window* shows what the agent finds once it has started: every case listed,
    the newest (or the chosen) one shown. The window reads both off the GUI thread."""
    qtbot.waitUntil(
        lambda: (
            window.cases_listed
            and (window.shown_case_id() is not None or window.case_model.rowCount() == 0)
        )
    )


def shown_window(
    qtbot, ctx: AppContext, state: QSettings, size: tuple[int, int] | None = None, **timing: int
):
    """The call window on *ctx*, shown, active and with the keyboard in the note editor, as
    the agent finds it after start-up (optionally at a docked *size*, with autosave *timing*:
    ``debounce_ms``, ``max_wait_ms``, ``retry_ms``)."""
    from callnotes.ui.shell.main_window import MainWindow

    main = MainWindow(ctx, state=state, **timing)
    qtbot.addWidget(main)
    wait_filled(qtbot, main)
    if size is not None:
        main.resize(*size)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    main.focus_editor()
    return main
