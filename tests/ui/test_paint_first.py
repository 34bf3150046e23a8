"""Paint first: the real main window is on screen before the database is even imported.

Its frame paints from the settings and window state alone; the database is opened, and the
window filled, after. What the start promised still holds: a damaged or newer database is
refused in a dialog, a ring that comes in meanwhile is not lost, and the case opens at its
newest entry.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTableView

from callnotes import instance
from callnotes.app import AppContext, open_context
from callnotes.domain.call_events import CallEvent, EventKind
from callnotes.domain.cases import FirstLook
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import EntryKind, NoteDraft
from callnotes.errors import NewerSchemaError
from callnotes.launch import FirstLookFile, Launch, Opening
from callnotes.settings import Settings
from callnotes.ui.shell.application import Startup, build_frame
from callnotes.ui.shell.main_window import MainWindow

PROBE = Path(__file__).resolve().parent.parent / "start_probe.py"
DANA = "+44 20 7946 0321"


def looking(ctx: AppContext, open_: Callable[[], AppContext], **kw: Any) -> Opening:
    """An opening of *ctx*'s file that shows its first look (as ``Opening.prepare`` makes)."""
    return Opening(
        ctx.paths, ctx.settings, open_, first_look=FirstLookFile(ctx.paths.database), **kw
    )


@contextlib.contextmanager
def at_the_first_look(qtbot, ctx: AppContext) -> Iterator[tuple[MainWindow, Any, threading.Event]]:
    """The app started on *ctx*'s file and showing its first look, with the keys in the look's
    editor; the database opens once the event given is set (at the latest on leaving)."""
    ctx.settings_store.save(ctx.settings.with_changes(agent_name="Vinh"))
    may_open = threading.Event()

    def open_when_told() -> AppContext:
        assert may_open.wait(30)
        return ctx

    opening = looking(ctx, open_when_told, owns_context=False)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window)
    try:
        startup.begin()
        qtbot.waitUntil(lambda: window.centralWidget().objectName() == "firstLook")
        look = window.centralWidget()
        qtbot.waitUntil(look.editor.hasFocus)  # the keys go there at once
        yield window, look, may_open
    finally:
        may_open.set()
        startup.close()


def probe(*args: str) -> tuple[dict, subprocess.CompletedProcess[str]]:
    """Start the app through its entry point, watched by tests/start_probe.py."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(PROBE), *args], capture_output=True, text=True, timeout=90, env=env
    )
    [line] = [x for x in done.stdout.splitlines() if x.startswith("PROBE ")]
    return json.loads(line[len("PROBE ") :]), done


def newest_entry_in_view(table: QTableView) -> bool:
    rows = table.model().rowCount()
    rect = table.visualRect(table.model().index(rows - 1, 0))
    return table.isVisible() and rect.top() >= 0 and rect.bottom() <= table.viewport().height()


def test_the_main_window_paints_before_sqlalchemy_is_loaded_then_fills(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    ctx = open_context(str(data_dir))
    try:
        ctx.settings_store.save(Settings(agent_name="Vinh"))
        client = ctx.clients.create_client("Northwind Logistics")
        ctx.cases.open_case(client.id, "Labels do not print")
    finally:
        ctx.close()

    seen, done = probe("--data-dir", str(data_dir))

    assert done.returncode == 0, done.stderr
    first = seen["first_paint"]
    assert first["class"] == "callnotes.ui.shell.main_window.MainWindow", (
        "the real window, not a splash"
    )
    assert first["visible"] and not first["attached"]
    assert not first["sqlalchemy"] and not first["jinja2"] and not first["panels"]
    assert seen["filled"]["title"] == "Labels do not print — callnotes"
    assert seen["filled"]["sqlalchemy"]
    assert seen["dialogs"] == []


def test_the_case_is_shown_from_the_file_before_sqlalchemy_is_loaded(tmp_path: Path) -> None:
    """The first look: the case the window opens on and its newest entries, read with the
    standard library while SQLAlchemy and the panels load, then replaced by the panels."""
    data_dir = tmp_path / "data"
    ctx = open_context(str(data_dir))
    try:
        ctx.settings_store.save(Settings(agent_name="Vinh"))
        client = ctx.clients.create_client("Northwind Logistics")
        older = ctx.cases.open_case(client.id, "An older case")
        ctx.timeline.add_entry(older.id, "Not this case's note.", EntryKind.NOTE)
        case = ctx.cases.open_case(client.id, "Labels do not print")
        for number in range(60):
            ctx.timeline.add_entry(case.id, f"Note {number}.", EntryKind.NOTE)
        expected = [e.text for e in ctx.timeline.entries(case.id)][-40:]
    finally:
        ctx.close()

    seen, done = probe("--data-dir", str(data_dir))

    assert done.returncode == 0, done.stderr
    look = seen["first_look"]
    assert not look["sqlalchemy"] and not look["panels"], "shown before the opening's imports"
    assert look["title"] == "Labels do not print — callnotes"
    assert look["header"] == "Labels do not print\nNorthwind Logistics · Open · No open issues"
    assert look["rows"] == expected and look["rows"][-1] == "Note 59."
    assert look["status"].startswith("Opening")
    assert seen["filled"] == {
        "look_left": False,
        "title": "Labels do not print — callnotes",
        "sqlalchemy": True,
    }
    assert seen["dialogs"] == []


def test_a_damaged_database_is_named_in_a_dialog_and_the_app_exits(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "callnotes.db").write_bytes(b"this is not a database" * 100)

    seen, done = probe("--data-dir", str(data_dir))

    assert seen["dialogs"] == ["The database file is damaged and cannot be read."]
    assert done.returncode == seen["exit_code"] == 1
    assert "Traceback" not in done.stderr
    assert "callnotes: The database file is damaged and cannot be read." in done.stderr
    assert "filled" not in seen
    assert "first_look" not in seen, "nothing to look at in a file SQLite cannot read"


def test_a_damaged_settings_file_is_named_in_a_dialog(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    settings = data_dir / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{not json", encoding="utf-8")

    seen, done = probe("--data-dir", str(data_dir))

    [message] = seen["dialogs"]
    assert message.startswith(f"The settings file {settings} cannot be read")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "first_paint" not in seen, "no window to paint without settings"


def test_a_newer_schema_is_refused_in_a_dialog_over_the_frame(qtbot, ctx: AppContext) -> None:
    def refuse() -> AppContext:
        raise NewerSchemaError("This database was written by a newer callnotes.")

    opening = Opening(ctx.paths, ctx.settings, refuse)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window)
    startup.begin()

    qtbot.waitUntil(lambda: startup.exit_code is not None)
    assert startup.exit_code == 1
    assert not window.is_attached
    [box] = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert box.text() == "This database was written by a newer callnotes."
    assert window.findChild(QLabel, "openingPlaceholder").text() == box.text()
    startup.close()


def test_a_database_refused_after_its_first_look_says_why_in_the_frame(
    qtbot, ctx: AppContext, case
) -> None:
    ctx.timeline.add_entry(case.id, "Rebooted the print server.", EntryKind.NOTE)
    opened = []

    def refuse() -> AppContext:
        opened.append(window.centralWidget().objectName())  # what the agent saw meanwhile
        raise NewerSchemaError("This database was written by a newer callnotes.")

    opening = looking(ctx, refuse)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window)
    startup.begin()

    qtbot.waitUntil(lambda: startup.exit_code is not None)
    assert opened == ["firstLook"]
    assert window.centralWidget().objectName() == "openingPlaceholder"
    placeholder = window.findChild(QLabel, "openingPlaceholder")
    assert placeholder.text() == "This database was written by a newer callnotes."
    assert window.windowTitle() == "callnotes", "no longer the case's title"
    startup.close()


def test_what_is_typed_at_the_first_look_is_kept_as_the_draft_and_goes_to_the_note_editor(
    qtbot, ctx: AppContext, case
) -> None:
    """Keys pressed while the case is shown from the file and the panels are still being
    built: shown after the case's saved draft, kept in the file as that draft before the
    panels exist (killed then, nothing is lost), and stored by Enter in the panels' editor."""
    key = note_draft_key(case.id)
    ctx.drafts.save_note(key, NoteDraft("Saved before the crash: ", EntryKind.DECISION))
    with at_the_first_look(qtbot, ctx) as (window, look, may_open):
        assert look.editor.text() == "Saved before the crash: "
        qtbot.keyClicks(look.editor, "labels print blank")
        qtbot.keyClick(look.editor, Qt.Key.Key_Return)  # nothing to enter it in yet
        qtbot.keyClicks(look.editor, "on station 4")
        whole = "Saved before the crash: labels print blank\non station 4"
        assert look.typed == whole
        assert "Enter stores it once the window is open" in look.status.text()
        # In the file, with its kind, while the panels are not even imported.
        qtbot.waitUntil(lambda: ctx.drafts.load_note(key) == NoteDraft(whole, EntryKind.DECISION))
        assert not window.is_attached
        may_open.set()

        qtbot.waitUntil(lambda: window.is_attached and window.timeline.case_id == case.id)
        qtbot.waitUntil(lambda: window.timeline.draft_shown_already)
        editor = window.timeline.note_input
        assert editor.text() == whole, "the draft once, not the draft and the same text again"
        assert window.timeline.kind is EntryKind.DECISION
        qtbot.waitUntil(editor.hasFocus)
        qtbot.keyClicks(editor, " (all labels)")  # saved by the panels from here on
        qtbot.waitUntil(lambda: ctx.drafts.load_note(key).text == whole + " (all labels)")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.timeline.save_status == "Saved")
    [last] = ctx.timeline.entries(case.id)[-1:]
    assert (last.text, last.kind) == (whole + " (all labels)", EntryKind.DECISION)
    assert ctx.drafts.load_note(key).text == ""


def test_the_look_shows_the_case_where_the_panels_will_so_nothing_moves(
    qtbot, ctx: AppContext, case
) -> None:
    """The panels put the call bar and the guide above the case; the look, knowing where the
    case's header was when the window last closed, leaves that room empty."""
    with at_the_first_look(qtbot, ctx) as (window, look, may_open):
        unknown = look.header.mapTo(window, QPoint(0, 0)).y()
        may_open.set()
        qtbot.waitUntil(lambda: window.is_attached and window.timeline.draft_shown_already)
        qtbot.waitUntil(lambda: window.header.mapTo(window, QPoint(0, 0)).y() > unknown)  # laid out
        panels = window.header.mapTo(window, QPoint(0, 0)).y()
        assert unknown < panels - 100, "the first start cannot know it"
        window.close()

    with at_the_first_look(qtbot, ctx) as (window, look, may_open):
        assert look.header.mapTo(window, QPoint(0, 0)).y() == panels
        may_open.set()
        qtbot.waitUntil(lambda: window.is_attached and window.timeline.draft_shown_already)
        qtbot.waitUntil(lambda: window.header.mapTo(window, QPoint(0, 0)).y() == panels)


@pytest.mark.parametrize("with_look", [True, False], ids=["look", "no-look"])
def test_keys_pressed_at_the_bare_frame_go_to_the_editor_that_comes(
    qtbot, ctx: AppContext, case, with_look: bool
) -> None:
    """The window is on screen before anything in it takes keys: what is typed then is not
    dropped, but put in the first look's editor (and kept as the draft), or, with no look, in
    the panels' editor."""
    ctx.settings_store.save(Settings(agent_name="Vinh"))
    key = note_draft_key(case.id)
    may_go_on = threading.Event()

    def open_when_told() -> AppContext:
        assert may_go_on.wait(30)
        return ctx

    opening = looking(ctx, open_when_told, owns_context=False)
    if with_look:
        opening = replace(opening, first_look=GatedLook(ctx.paths.database, gate=may_go_on))
    else:
        opening = replace(opening, first_look=None)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window)
    try:
        startup.begin()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        assert window.centralWidget().objectName() == "openingPlaceholder"
        assert QApplication.focusWidget() is None  # nothing in the frame takes keys
        qtbot.keyClicks(window, "Dana rang")
        qtbot.keyClick(window, Qt.Key.Key_Backspace)
        qtbot.keyClicks(window, "g back")
        may_go_on.set()
        if with_look:
            qtbot.waitUntil(lambda: window.centralWidget().objectName() == "firstLook")
            assert window.centralWidget().editor.text() == "Dana rang back"
            qtbot.waitUntil(lambda: ctx.drafts.load_note(key).text == "Dana rang back")
        qtbot.waitUntil(lambda: window.is_attached and window.timeline.draft_shown_already)
        assert window.timeline.note_input.text() == "Dana rang back"
        qtbot.waitUntil(lambda: ctx.drafts.load_note(key).text == "Dana rang back")
    finally:
        startup.close()


def test_a_look_whose_draft_cannot_be_saved_says_why_and_saves_it_when_it_can(
    qtbot, ctx: AppContext, case, monkeypatch
) -> None:
    import callnotes.storage.first_look as first_look

    monkeypatch.setattr(first_look, "WAIT_S", 0.1)  # the busy timeout, past which it fails
    locker = sqlite3.connect(ctx.paths.database, isolation_level=None)
    try:
        with at_the_first_look(qtbot, ctx) as (window, look, may_open):
            locker.execute("BEGIN IMMEDIATE")
            qtbot.keyClicks(look.editor, "labels print blank")
            locked = "The database is locked by another program; nothing was lost, try again."
            qtbot.waitUntil(lambda: look.status.text() == locked, timeout=5000)
            assert look.status.isEnabled() and look.editor.text() == "labels print blank"
            locker.execute("COMMIT")
            qtbot.waitUntil(lambda: look.status.text() == "Saved. Opening the rest of the case…")
            assert ctx.drafts.load_note(note_draft_key(case.id)).text == "labels print blank"
            may_open.set()
            qtbot.waitUntil(lambda: window.is_attached and window.timeline.draft_shown_already)
            assert window.timeline.note_input.text() == "labels print blank"
    finally:
        locker.close()


def test_the_panels_take_the_looks_typing_as_it_is_while_its_last_save_waits_for_a_lock(
    qtbot, ctx: AppContext, case
) -> None:
    """The panels arrive with the look's last keys not stored yet, and another program holds
    the file's write lock: the editor shows the text once, as typed, and it is stored as the
    draft when the lock goes — the look's save first, never one over the other."""
    key = note_draft_key(case.id)
    locker = sqlite3.connect(ctx.paths.database, isolation_level=None)
    try:
        with at_the_first_look(qtbot, ctx) as (window, look, may_open):
            locker.execute("BEGIN IMMEDIATE")  # another program writing, for a while
            qtbot.keyClicks(look.editor, "courier collects at 4")
            may_open.set()  # the panels come before the look's save could be stored

            qtbot.waitUntil(lambda: window.is_attached and window.timeline.case_id == case.id)
            editor = window.timeline.note_input
            assert editor.text() == "courier collects at 4"
            assert not window.timeline.draft_shown_already  # the look's save is still in line
            assert ctx.drafts.load_note(key).text == ""
            locker.execute("COMMIT")
            qtbot.waitUntil(lambda: window.timeline.draft_shown_already)
            assert editor.text() == "courier collects at 4"
            assert ctx.drafts.load_note(key).text == "courier collects at 4"
    finally:
        locker.close()


def test_a_ring_that_arrives_before_the_window_is_filled_waits_for_it(
    qtbot, ctx: AppContext, case, tmp_path: Path
) -> None:
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", phones=[DANA])
    endpoint = instance.endpoint_for(tmp_path / "run")
    primary = instance.claim(endpoint, instance.SHOW)
    assert primary is not None
    ringing = CallEvent(EventKind.RINGING, number=DANA, source="microsip")

    def open_while_it_rings() -> AppContext:
        # The database is still opening when the softphone rings.
        assert instance.send(endpoint, ringing.as_message())
        qtbot.waitUntil(lambda: startup.waiting == 1)
        return ctx

    opening = Opening(ctx.paths, ctx.settings, open_while_it_rings, owns_context=False)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window, Launch(primary, None))
    try:
        startup.begin()
        qtbot.waitUntil(lambda: startup.ringing is not None and startup.ringing.card.isVisible())
        assert "Dana Whitfield" in startup.ringing.card.summary_text
        assert startup.waiting == 0
    finally:
        startup.close()
        primary.release()


@pytest.mark.parametrize("entries", [500])
def test_the_case_opens_at_its_newest_entry(
    qtbot, ctx: AppContext, case, window_state, entries: int
) -> None:
    notes = [
        "Client reports labels printing blank on station 4.",
        "Checked the spooler on the warehouse server; three jobs stuck since the driver "
        "update, cleared them and asked the client to print a test page from each station.",
        "Rang back.",
    ]
    for number in range(entries - 2):  # the case already holds two entries
        ctx.timeline.add_entry(case.id, f"{number}: {notes[number % 3]}", EntryKind.NOTE)
    window = MainWindow(state=window_state)
    qtbot.addWidget(window)
    window.resize(440, 820)
    window.show()
    qtbot.waitExposed(window)

    window.attach(ctx)

    table = window.timeline.table_view
    qtbot.waitUntil(lambda: table.model().rowCount() == entries)  # read off the GUI thread
    qtbot.waitUntil(lambda: newest_entry_in_view(table))
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    qtbot.wait(50)  # later passes of the layout keep it there
    assert newest_entry_in_view(table)

    qtbot.keyClicks(window.timeline.note_input, notes[1] + " " + notes[1])
    qtbot.keyClick(window.timeline.note_input, "\r")
    assert table.model().rowCount() == entries + 1
    qtbot.waitUntil(lambda: newest_entry_in_view(table))


def test_the_ringing_card_is_built_at_the_first_pause_in_the_typing_not_between_two_keys(
    qtbot, ctx: AppContext, case, tmp_path: Path
) -> None:

    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    endpoint = instance.endpoint_for(tmp_path / "run")
    primary = instance.claim(endpoint, instance.SHOW)
    assert primary is not None
    opening = Opening(ctx.paths, ctx.settings, lambda: ctx, owns_context=False)
    window = build_frame(opening, QApplication.instance())
    qtbot.addWidget(window)
    startup = Startup(opening, window, Launch(primary, None))
    try:
        startup.begin()
        qtbot.waitUntil(lambda: window.is_attached and startup.waiting == 0 and startup.ready)
        editor = window.timeline.note_input
        editor.setFocus()
        for _ in range(12):  # the agent types from the first moment, a key every 0.2 s
            qtbot.keyClick(editor, Qt.Key.Key_A)
            qtbot.wait(200)
        assert startup.ringing is None  # nothing built between two keys
        qtbot.waitUntil(lambda: startup.ringing is not None, timeout=5000)  # the pause
        # A ring now finds the card ready.
        assert instance.send(
            endpoint, CallEvent(EventKind.RINGING, number=DANA, source="microsip").as_message()
        )
        qtbot.waitUntil(lambda: startup.ringing.card.isVisible())
    finally:
        startup.close()
        primary.release()


@dataclass(frozen=True)
class GatedLook(FirstLookFile):
    """A first look read only once *gate* is set (the frame alone on screen until then)."""

    gate: threading.Event = field(default_factory=threading.Event)

    def read(self) -> FirstLook | None:
        assert self.gate.wait(30)
        return super().read()
