"""The real app in a real X server, typed into with real key codes, then killed: nothing lost.

Xvfb with a window manager (openbox; without one, X focus falls to the root window whenever
a dialog closes), ``callnotes --data-dir`` started as the user starts it, and ``xdotool``
pressing keys: notes committed with Enter (non-ASCII too), other kinds chosen with their
keys, half a sentence left in the editor. The app is then killed with SIGKILL and the
database is read back through the services.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from callnotes.app import open_context
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import EntryKind
from callnotes.settings import Settings

TOOLS = ("Xvfb", "openbox", "xdotool")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"needs {', '.join(MISSING)} (apt-get install xvfb openbox xdotool)"
)

HERE = Path(__file__).resolve().parent
GRAB = HERE / "x_screen_grab.py"
sys.path.insert(0, str(HERE))
from x_keymap import bind_characters, key_name, runs  # noqa: E402

# Tall enough for the window's first size (440 x 900), so the screenshot shows the editor.
SCREEN = "1280x1024x24"
CASE_TITLE = "Labels stuck in the print queue"
START_TIMEOUT_S = 60
KEY_DELAY_MS = 25
# The draft is saved at most 0.8 s after the first unsaved key; wait a little longer.
DRAFT_WAIT_S = 1.5

PLAIN_NOTE = "Caller says no labels have printed since 9:00"
FOREIGN_NOTE = "Müller – café ☕ 東京 שלום"
BACK_TO_NOTE = "Spooler log attached to the case"
HALF_SENTENCE = "Next update promised by 19:00, the driver rollback wi"
KIND_NOTES = {
    EntryKind.CLIENT_SAID: "Grüße vom Lager: we lose every truck after 11",
    EntryKind.ACTION: "Restarted the spooler on the warehouse server",
    EntryKind.DECISION: "Roll the printer driver back tonight",
    EntryKind.COMMITMENT: "Call back by 12:30 with the result",
    EntryKind.NEW_INFORMATION: "Only the Zebra printers are affected",
}
MODIFIERS = {"Ctrl": "ctrl", "Alt": "alt", "Shift": "shift", "Meta": "super"}


def xdotool_keys(shortcut: str) -> str:
    """``Alt+S`` (Qt's portable text) as xdotool's ``alt+s``."""
    *mods, key = shortcut.split("+")
    return "+".join([*(MODIFIERS[m] for m in mods), key.lower() if len(key) == 1 else key])


class Session:
    """The processes of one X session; all of them are killed when it ends."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.env = self._private_env(root)

    @staticmethod
    def _private_env(root: Path) -> dict[str, str]:
        """This machine's environment without its desktop, and home folders under *root*."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("QT_", "XDG_", "CALLNOTES_", "WAYLAND_", "DBUS_"))
            and k not in {"DISPLAY", "XAUTHORITY", "HOME"}
        }
        for name, sub in [
            ("HOME", "home"),
            ("XDG_CONFIG_HOME", "home/.config"),
            ("XDG_DATA_HOME", "home/.local/share"),
            ("XDG_CACHE_HOME", "home/.cache"),
            ("XDG_STATE_HOME", "home/.local/state"),
            ("XDG_RUNTIME_DIR", "runtime"),
        ]:
            folder = root / sub
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            env[name] = str(folder)
        env["LANG"] = env["LC_ALL"] = "C.UTF-8"
        return env

    def start(self, name: str, args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        """Start *args*, its output kept in ``NAME.log`` (see :meth:`log`)."""
        with open(self.root / f"{name}.log", "wb") as log:
            process = subprocess.Popen(
                args, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, **kwargs
            )
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        """What the process started as *name* printed."""
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def run(self, *args: str, timeout: float = 20) -> str:
        """Run a command on the display; its output."""
        done = subprocess.run(
            list(args), env=self.env, capture_output=True, text=True, timeout=timeout, check=True
        )
        return done.stdout.strip()

    def start_x(self) -> None:
        """Xvfb on the first free display (it says which), then openbox on it."""
        read_end, write_end = os.pipe()
        try:
            self.start(
                "xvfb",
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN,
                 "-nolisten", "tcp", "-noreset"],
                pass_fds=(write_end,),
            )  # fmt: skip
        finally:
            os.close(write_end)
        number = b""
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not number.endswith(b"\n"):
                ready, _, _ = select.select([read_end], [], [], deadline - time.monotonic())
                chunk = os.read(read_end, 16) if ready else b""
                if not chunk:
                    pytest.fail(f"Xvfb did not name its display:\n{self.log('xvfb')}")
                number += chunk
        finally:
            os.close(read_end)
        self.env["DISPLAY"] = f":{int(number)}"
        self.start("openbox", ["openbox", "--sm-disable"])
        # openbox publishes the desktops once it manages the screen.
        self.wait_for(lambda: self.succeeds("xdotool", "get_num_desktops"), "openbox")

    def succeeds(self, *args: str) -> bool:
        """Whether a command on the display succeeds and prints something."""
        done = subprocess.run(list(args), env=self.env, capture_output=True, timeout=10)
        return done.returncode == 0 and bool(done.stdout.strip())

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Poll *condition*; fail when it stays false or a process of the session ends."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while not condition():
            for name, process in self.processes.items():
                if process.poll() is not None:
                    pytest.fail(f"{name} ended while waiting for {what}:\n{self.log(name)}")
            if time.monotonic() > deadline:
                pytest.fail(f"gave up waiting for {what}")
            time.sleep(0.1)

    def close(self) -> None:
        """End every process still running, the X server last (asked first, so it tidies)."""
        for process in reversed(self.processes.values()):
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    running = Session(tmp_path)
    try:
        yield running
    finally:
        running.close()


def prepare(data_dir: Path) -> int:
    """A client and an open case, and an agent who has answered the first-run questions."""
    ctx = open_context(str(data_dir))
    try:
        ctx.settings_store.save(Settings(agent_name="Vinh", company="August", default_region="DE"))
        client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/Berlin")
        return ctx.cases.open_case(client.id, CASE_TITLE).id
    finally:
        ctx.close()


def app_command(data_dir: Path) -> list[str]:
    """``callnotes --data-dir DIR``, the installed script when there is one."""
    script = Path(sys.executable).with_name("callnotes")
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "callnotes"]
    return [*entry, "--data-dir", str(data_dir)]


def test_a_call_typed_with_real_keys_survives_sigkill(session: Session, tmp_path: Path) -> None:
    from callnotes.ui.timeline.kind_chooser import KIND_SHORTCUTS

    data_dir = tmp_path / "data"
    case_id = prepare(data_dir)
    session.start_x()
    # The agent's keyboard has keys for the characters they type (see tests/x_keymap.py).
    bind_characters(session.env["DISPLAY"], "".join([FOREIGN_NOTE, *KIND_NOTES.values()]))
    session.env["QT_QPA_PLATFORM"] = "xcb"
    app = session.start("app", app_command(data_dir))

    # The case's title is in the window's title once the case is shown (first from the file,
    # by the first look, where Enter cannot enter a note yet); the log says when the panels
    # show it.
    search = ["xdotool", "search", "--onlyvisible", "--name", CASE_TITLE]
    session.wait_for(lambda: session.succeeds(*search), "the window showing the case")
    app_log = data_dir / "logs" / "callnotes.log"
    session.wait_for(
        lambda: "window ready" in (app_log.read_text() if app_log.exists() else ""),
        "the panels showing the case",
    )
    window = session.run(*search).splitlines()[0]
    session.run("xdotool", "windowactivate", "--sync", window)
    assert session.run("xdotool", "getactivewindow") == window

    def type_text(text: str) -> None:
        for is_ascii, run in runs(text):
            if is_ascii:
                session.run("xdotool", "type", "--delay", str(KEY_DELAY_MS), "--", run)
            else:
                session.run("xdotool", "key", "--delay", str(KEY_DELAY_MS), *map(key_name, run))

    def press(kind: EntryKind | None = None) -> None:
        keys = xdotool_keys(KIND_SHORTCUTS[kind]) if kind is not None else "Return"
        session.run("xdotool", "key", "--delay", str(KEY_DELAY_MS), keys)

    expected: list[tuple[EntryKind, str]] = []

    def commit(text: str, kind: EntryKind = EntryKind.NOTE) -> None:
        type_text(text)
        press()
        expected.append((kind, text))

    commit(PLAIN_NOTE)
    commit(FOREIGN_NOTE)
    others = [kind for kind in KIND_SHORTCUTS if kind is not EntryKind.NOTE]
    for kind in others:
        press(kind)
        commit(KIND_NOTES.get(kind, f"{kind.label} chosen with its key"), kind)
    # A kind chosen, then back to a plain note with the Note key.
    press(others[0])
    press(EntryKind.NOTE)
    commit(BACK_TO_NOTE)
    type_text(HALF_SENTENCE)
    last_key = time.monotonic()

    # A look at the screen while the draft is being saved (tests/x_screen_grab.py).
    screenshot = tmp_path / "screen.png"
    grab = session.start("grab", [sys.executable, str(GRAB), str(screenshot)])
    time.sleep(DRAFT_WAIT_S)
    focused = session.run("xdotool", "getactivewindow")
    assert app.poll() is None, f"the app ended:\n{session.log('app')}"
    try:
        grab.wait(timeout=30)
    except subprocess.TimeoutExpired:
        grab.kill()
        grab.wait(timeout=30)
    app.send_signal(signal.SIGKILL)
    app.wait(timeout=30)
    killed_after = time.monotonic() - last_key
    shot = screenshot if grab.returncode == 0 else f"none\n{session.log('grab')}"
    print(f"killed {killed_after:.1f} s after the last key; the screen before: {shot}")

    db = sqlite3.connect(data_dir / "callnotes.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()
    ctx = open_context(str(data_dir))
    try:
        stored = [(entry.kind, entry.text) for entry in ctx.timeline.entries(case_id)]
        draft = ctx.drafts.load(note_draft_key(case_id))
        found_foreign = [hit.text for hit in ctx.search.search("café Müller")]
    finally:
        ctx.close()
    log = session.log("app")
    assert stored == expected, f"every note committed with Enter, of its kind:\n{log}"
    assert draft == HALF_SENTENCE, f"the half sentence is in the saved draft:\n{log}"
    assert found_foreign == [FOREIGN_NOTE], "the search index holds what was typed"
    assert focused == window, "the window kept the keyboard while the call was typed"
    assert "Ambiguous shortcut" not in log, log
    assert "Traceback" not in log, log
