"""Saves the whole X screen named by $DISPLAY as a PNG: ``python tests/x_screen_grab.py OUT``."""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "xcb"

from PySide6.QtGui import QGuiApplication


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    saved = screen is not None and screen.grabWindow(0).save(sys.argv[1], "PNG")
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main())
