"""The filters every event of the application passes through: each installed once.

The window installs them once its panels are built (after the frame has painted); a second
window, or a test, asks again and is given the one already there.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

F = TypeVar("F", bound=QObject)


def install_once(app: QApplication, kind: type[F]) -> tuple[F, bool]:
    """The filter of *kind* on *app* (made and installed if there is none yet), and whether it
    was made just now."""
    name = f"callnotes-{kind.__name__}"
    found = app.findChild(kind, name)
    if found is not None:
        return found, False
    made = kind(app)
    made.setObjectName(name)
    app.installEventFilter(made)
    return made, True
