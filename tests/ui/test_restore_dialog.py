"""The restore question after a damaged database was set aside, answered by keyboard.

First the dialog alone (what it says, which key does what), then the whole start: the frame
paints, the damaged file is moved aside, and the answer fills the window from the backup or
from an empty database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from callnotes.app import open_context
from callnotes.errors import DamagedDatabaseError
from callnotes.launch import Opening, open_checked
from callnotes.recovery import Recovery, daily_backup, set_aside_damaged
from callnotes.settings import Settings, load_settings
from callnotes.storage import integrity
from callnotes.ui.shell.application import Startup, build_frame
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.restore_dialog import RestoreDialog, backup_time_text
from tests.conftest import FakeClock
from tests.test_integrity import add_cases, damage_pages, digest
from tests.test_write_gate import damage_search_index
from tests.ui.conftest import wait_filled

YESTERDAY = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
BACKED_UP = ["Labels do not print", "Scanner drops orders"]


def damaged_data_dir(
    tmp_path: Path, *, backup: bool = True, damage: Callable[[Path], None] = damage_pages
) -> Path:
    """A data folder whose database holds three cases (two of them in yesterday's backup when
    *backup*) and then was damaged (by default: pages in its middle overwritten)."""
    data_dir = tmp_path / "data"
    ctx = open_context(str(data_dir), clock=FakeClock(YESTERDAY, step=timedelta(0)))
    try:
        ctx.settings_store.save(Settings(agent_name="Vinh"))
        add_cases(ctx, BACKED_UP)
        if backup:
            assert daily_backup(ctx) is not None
        add_cases(ctx, ["Invoices go to the wrong address"])
    finally:
        ctx.close()
    damage(ctx.paths.database)
    return data_dir


def recovery_for(data_dir: Path) -> Recovery:
    with pytest.raises(DamagedDatabaseError) as raised:
        open_checked(str(data_dir), None)
    return set_aside_damaged(raised.value, data_dir / "backups", YESTERDAY + timedelta(hours=18))


def shown(qtbot, recovery: Recovery) -> Iterator[RestoreDialog]:
    dialog = RestoreDialog(recovery)  # deletes itself when answered, so not qtbot.addWidget
    dialog.open()
    qtbot.waitExposed(dialog)
    yield dialog
    if shiboken6.isValid(dialog):
        dialog.deleteLater()


@pytest.fixture
def dialog(qtbot, tmp_path: Path) -> Iterator[RestoreDialog]:
    yield from shown(qtbot, recovery_for(damaged_data_dir(tmp_path)))


@pytest.fixture
def dialog_without_backup(qtbot, tmp_path: Path) -> Iterator[RestoreDialog]:
    yield from shown(qtbot, recovery_for(damaged_data_dir(tmp_path, backup=False)))


def test_the_dialog_says_what_happened_where_the_file_is_and_what_the_backup_holds(
    dialog: RestoreDialog, tmp_path: Path
) -> None:
    [aside] = (tmp_path / "data").glob("callnotes-damaged-*.db")

    assert dialog.text() == "The database file is damaged and cannot be read."
    assert str(aside) in dialog.explanation
    assert "The backup holds 2 cases." in dialog.explanation
    assert {b.text() for b in dialog.buttons()} == {
        f"&Restore the backup from {backup_time_text(YESTERDAY)}",
        "Start with an &empty database",
        "&Quit",
    }


def test_enter_restores_the_backup(qtbot, dialog: RestoreDialog) -> None:
    with qtbot.waitSignal(dialog.restore_chosen):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)


def test_e_starts_with_an_empty_database(qtbot, dialog: RestoreDialog) -> None:
    with qtbot.waitSignal(dialog.empty_chosen):
        qtbot.keyClick(dialog, Qt.Key.Key_E)


def test_escape_quits(qtbot, dialog: RestoreDialog) -> None:
    with qtbot.waitSignal(dialog.quit_chosen):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_without_a_good_backup_it_says_so_and_enter_does_not_start_empty(
    qtbot, dialog_without_backup: RestoreDialog
) -> None:
    dialog = dialog_without_backup

    assert "There is no good backup to restore." in dialog.explanation
    assert {b.text() for b in dialog.buttons()} == {"Start with an &empty database", "&Quit"}
    with qtbot.waitSignal(dialog.quit_chosen):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)


def settle(window: MainWindow) -> None:
    """Wait for the work the window left running (nothing if it was never attached)."""
    if window.is_attached:
        window.runner.wait_for_done()


def start(qtbot, data_dir: Path) -> tuple[Startup, Path, str]:
    """Start the app on *data_dir* up to the restore question; the damaged file and its hash."""
    database = data_dir / "callnotes.db"
    before = digest(database)
    opening = Opening.prepare(str(data_dir), None)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window)
    startup.begin()
    qtbot.waitUntil(lambda: startup.restore_dialog is not None)
    assert startup.restore_dialog.isVisible()
    assert not window.is_attached
    [aside] = data_dir.glob("callnotes-damaged-*.db")
    assert not database.exists()
    return startup, aside, before


def test_the_app_restores_the_backup_and_carries_on(qtbot, tmp_path: Path) -> None:
    data_dir = damaged_data_dir(tmp_path)
    startup, aside, before = start(qtbot, data_dir)
    window = startup._window
    try:
        qtbot.keyClick(startup.restore_dialog, Qt.Key.Key_Return)

        qtbot.waitUntil(lambda: window.is_attached)
        wait_filled(qtbot, window)
        assert startup.exit_code is None
        assert window.case_model.rowCount() == 2
        assert sorted(c.title for c in window.ctx.cases.list_cases()) == BACKED_UP
        assert digest(aside) == before
        assert load_settings(data_dir / "config" / "settings.json").agent_name == "Vinh"
    finally:
        settle(window)  # the day's backup, taken behind the window
        startup.close()


def test_the_app_starts_empty_only_when_asked_and_keeps_the_damaged_file(
    qtbot, tmp_path: Path
) -> None:
    data_dir = damaged_data_dir(tmp_path)
    startup, aside, before = start(qtbot, data_dir)
    window = startup._window
    try:
        qtbot.keyClick(startup.restore_dialog, Qt.Key.Key_E)

        qtbot.waitUntil(lambda: window.is_attached)
        wait_filled(qtbot, window)
        assert window.case_model.rowCount() == 0
        assert window.ctx.cases.list_cases() == []
        assert digest(aside) == before
    finally:
        settle(window)
        startup.close()


def test_damage_found_after_the_case_is_shown_is_never_written_and_a_fresh_window_restores(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The window is filled while the file is checked; the check then finds it damaged."""
    data_dir = damaged_data_dir(tmp_path, damage=damage_search_index)
    before = digest(data_dir / "callnotes.db")
    # The check of a large file takes seconds; here it is held until the window is filled.
    release = threading.Event()
    check = integrity.check_sqlite_file
    monkeypatch.setattr(
        integrity, "check_sqlite_file", lambda path: check(path) if release.wait(10) else None
    )
    opening = Opening.prepare(str(data_dir), None)
    first = build_frame(opening, QApplication.instance())  # replaced, and deleted, below
    startup = Startup(opening, first)
    startup.begin()
    try:
        qtbot.waitUntil(lambda: first.is_attached)
        wait_filled(qtbot, first)  # without waiting for the check
        assert first.case_model.rowCount() == 3
        assert startup.restore_dialog is None

        release.set()

        qtbot.waitUntil(lambda: startup.restore_dialog is not None)
        assert startup.restore_dialog.isVisible()
        [aside] = data_dir.glob("callnotes-damaged-*.db")
        assert digest(aside) == before, "nothing may be written to a damaged file"
        assert "damaged" in first.banner.text()

        qtbot.keyClick(startup.restore_dialog, Qt.Key.Key_Return)

        qtbot.waitUntil(lambda: startup.window is not first and startup.window.is_attached)
        window = startup.window
        wait_filled(qtbot, window)
        assert window.case_model.rowCount() == 2
        assert sorted(c.title for c in window.ctx.cases.list_cases()) == BACKED_UP
        assert window.isVisible()
        assert digest(aside) == before
    finally:
        release.set()
        settle(startup.window)
        startup.close()
        startup.window.close()
        startup.window.deleteLater()


def test_a_broken_search_index_is_rebuilt_after_start_up_and_said(qtbot, tmp_path: Path) -> None:
    from tests.test_search import _damaged_index_database

    data_dir = tmp_path / "data"
    _damaged_index_database(data_dir, "damaged")
    opening = Opening.prepare(str(data_dir), None)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window)
    startup.idle.quiet_s = 0.5  # the check waits for the agent to be idle: here, at once
    try:
        startup.begin()
        qtbot.waitUntil(lambda: window.is_attached)
        qtbot.waitUntil(lambda: "search index" in window.banner.text(), timeout=10_000)
        assert "rebuilt" in window.banner.text()
        assert window.ctx.search.search("refund")
    finally:
        settle(window)
        startup.close()


def test_a_zero_byte_database_is_set_aside_and_the_backup_offered(qtbot, tmp_path: Path) -> None:
    data_dir = damaged_data_dir(tmp_path)
    database = data_dir / "callnotes.db"
    for side in ("-wal", "-shm"):
        database.with_name(database.name + side).unlink(missing_ok=True)
    database.write_bytes(b"")
    startup, aside, _before = start(qtbot, data_dir)
    window = startup._window
    try:
        assert aside.stat().st_size == 0
        qtbot.keyClick(startup.restore_dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.is_attached)
        assert sorted(c.title for c in window.ctx.cases.list_cases()) == BACKED_UP
    finally:
        settle(window)
        startup.close()
