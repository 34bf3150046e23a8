"""Render the window of a desktop whose team database server cannot be reached at start.

Run from the project root: ``.venv/bin/python docs/screenshots/make_team_database.py [OUT]``.
Writes ``team-database-unreachable.png`` (440×900) next to this script: the real start-up on
an address where nothing listens (a free port on this computer), as an agent sees it before
the VPN is up.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: no display needed

from PySide6.QtWidgets import QApplication

from callnotes.launch import Opening, open_beside_check
from callnotes.paths import resolve_paths
from callnotes.settings import Settings, load_settings, save_settings
from callnotes.ui.shell.application import Startup, build_frame
from callnotes.ui.shell.opening_problem import OpeningProblem
from callnotes.ui.shell.theme import apply_theme

OUT = Path(__file__).resolve().parent / "team-database-unreachable.png"
WIDTH, HEIGHT = 440, 900


def main() -> int:
    """Write the screenshot; return the exit code."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    app = QApplication(sys.argv)
    apply_theme(app, "light")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        paths = resolve_paths(folder)
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        address = f"postgresql+psycopg://ann@127.0.0.1:{port}/callnotes"
        save_settings(paths.settings_file, Settings(agent_name="Ann", team_database=address))
        opening = Opening(
            paths, load_settings(paths.settings_file), lambda: open_beside_check(folder, None)
        )
        window = build_frame(opening, app)
        window.resize(WIDTH, HEIGHT)
        window.show()
        startup = Startup(opening, window)
        startup.begin()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            app.processEvents()
            panel = window.findChild(OpeningProblem)
            if panel is not None and panel.message:
                break
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)
        window.grab().save(str(out))
        startup.close()
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
