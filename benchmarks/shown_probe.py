"""Inside the measured app: notes when the window shows its case, not only its frame.

The app paints its main window first and fills it from the database after; "case shown" is the
end of that: the timeline table has been painted with the newest entry of the case in view,
and the event loop has come back to idle (a zero timer after the paint, the rule of the
start-up figure). A case with no entries counts once its empty timeline is painted.

The case is shown first by the window's first look (read from the file before the panels are
built) and then by the panels: "shown" is the first of the two, "ready" (``panels_only``) the
panels' — what the agent types into.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

TIMELINE_NAME = "timelineTable"
FIRST_LOOK_NAME = "firstLook"  # the case shown while the panels are built (ui/shell/first_look.py)
WAIT_SHOWN_MS = 120_000


def timeline_table(window: QMainWindow, *, panels_only: bool = False) -> QTableView | None:
    """The window's timeline, once it has one (the frame has none): the first look's or the
    panels'; with *panels_only*, the panels' alone."""
    for table in window.findChildren(QTableView, TIMELINE_NAME):
        look = table.parent()
        while look is not None and look.objectName() != FIRST_LOOK_NAME:
            look = look.parent()
        if table.isVisible() and not (panels_only and look is not None):
            return table
    return None


def newest_entry_in_view(table: QTableView) -> bool:
    """Whether the table is shown with the end of its last row inside the viewport."""
    if not table.isVisible():
        return False
    model = table.model()
    rows = model.rowCount() if model is not None else 0
    if rows == 0:
        return True
    rect = table.visualRect(model.index(rows - 1, 0))
    return rect.isValid() and 0 <= rect.bottom() <= table.viewport().rect().bottom()


class ShownProbe(QObject):
    """Calls *then()* once *window* shows its case; raises through *failed* if it never does."""

    def __init__(
        self,
        app: QApplication,
        window: QMainWindow,
        then: Callable[[], None],
        failed: Callable[[str], None],
        *,
        panels_only: bool = False,
    ) -> None:
        super().__init__()
        self._panels_only = panels_only
        self._app = app
        self._window = window
        self._then = then
        self._failed = failed
        self._checking = False
        self._done = False
        self._deadline = QTimer(self, singleShot=True, interval=WAIT_SHOWN_MS)
        self._deadline.timeout.connect(self._on_deadline_timeout)

    def start(self) -> None:
        """Watch the timeline's paints from now on."""
        self._app.installEventFilter(self)
        self._deadline.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """After each paint of the timeline's rows, look again (once the loop is idle)."""
        if not self._checking and not self._done and event.type() == QEvent.Type.Paint:
            table = timeline_table(self._window, panels_only=self._panels_only)
            if table is not None and watched is table.viewport():
                self._checking = True
                QTimer.singleShot(0, self._check)
        return False

    def _check(self) -> None:
        self._checking = False
        table = timeline_table(self._window, panels_only=self._panels_only)
        if self._done or table is None or not newest_entry_in_view(table):
            return
        self._done = True
        self._deadline.stop()
        self._app.removeEventFilter(self)
        self._then()

    def _on_deadline_timeout(self) -> None:
        if not self._done:
            self._done = True
            self._app.removeEventFilter(self)
            self._failed("the window never showed the newest entry of its case")
