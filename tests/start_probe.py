"""Child process for the start-up tests: the real entry point offscreen, watched from inside.

Usage: ``python tests/start_probe.py CALLNOTES-ARGS...``. Runs ``callnotes.cli.main`` and prints
one line ``PROBE {json}`` at exit: at the main window's first paint, its class and whether
SQLAlchemy, Jinja2 and the panels were loaded yet; whether the window was then attached to
the database; what its first look showed, if it showed one (the case read from the file
before the panels are built), and what was loaded then; the text of any message box (closed
as soon as seen); and the exit code.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

GIVE_UP_MS = 30_000
report: dict[str, object] = {"dialogs": []}


class FirstPaint(QObject):
    """Notes what was loaded when a main window first painted; then waits for it to fill."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            self._app.removeEventFilter(self)
            kind = type(watched)
            report["first_paint"] = {
                "class": f"{kind.__module__}.{kind.__qualname__}",
                "visible": watched.isVisible(),
                "sqlalchemy": "sqlalchemy" in sys.modules,
                "jinja2": "jinja2" in sys.modules,
                "panels": "callnotes.ui.timeline.panel" in sys.modules,
                "attached": bool(getattr(watched, "is_attached", True)),
            }
            filled = getattr(watched, "filled", None)
            if filled is not None:
                filled.connect(lambda: self._on_filled(watched))
            self._look = QTimer(self, interval=5)
            self._look.timeout.connect(lambda: self._watch_first_look(watched))
            self._look.start()
        return False

    def _watch_first_look(self, window: QMainWindow) -> None:
        look = window.centralWidget()
        if look is None or look.objectName() != "firstLook" or "first_look" in report:
            return
        model = look.model
        report["first_look"] = {
            "title": window.windowTitle(),
            "header": look.header.text,
            "rows": [model.entry_at(row).text for row in range(model.rowCount())],
            "status": look.status.text(),
            "sqlalchemy": "sqlalchemy" in sys.modules,
            "panels": "callnotes.ui.timeline.panel" in sys.modules,
        }

    def _on_filled(self, window: QMainWindow) -> None:
        self._look.stop()
        report["filled"] = {
            "look_left": window.findChild(QWidget, "firstLook") is not None,
            "title": window.windowTitle(),
            "sqlalchemy": "sqlalchemy" in sys.modules,
        }
        QTimer.singleShot(200, self._app.quit)


def close_message_boxes() -> None:
    """Note and close every message box shown (a start that failed says why in one)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            dialogs = report["dialogs"]
            assert isinstance(dialogs, list)
            dialogs.append(widget.text())
            widget.close()


def main() -> int:
    app = QApplication([sys.argv[0]])
    probe = FirstPaint(app)
    boxes = QTimer(interval=20)
    boxes.timeout.connect(close_message_boxes)
    boxes.start()
    QTimer.singleShot(GIVE_UP_MS, app.quit)
    from callnotes.cli import main as callnotes_main

    code = callnotes_main(sys.argv[1:])
    report["exit_code"] = code
    print("PROBE " + json.dumps(report), flush=True)
    del probe
    return code


if __name__ == "__main__":
    sys.exit(main())
