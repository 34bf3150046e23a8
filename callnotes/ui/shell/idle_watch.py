"""When the agent is idle: no key or click for a while, and no call in progress.

Work that competes with the agent for the disk (the day's backup copies the whole database
file: gigabytes after years of calls, with the disk busy for tens of seconds and every note's
commit waiting behind it) waits for such a moment instead of running at a fixed time after
start. One filter on the application notes the time of the last key press or click; a slow
timer looks at it, so nothing runs per event but a comparison.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

QUIET_S = 30.0  # no key or click for this long
LOOK_EVERY_MS = 2000
# A pause in the typing: long enough that a few hundredths of a second of work on the GUI
# thread fall between two words, not between two keys.
PAUSE_S = 1.5
LOOK_IN_PAUSE_MS = 250

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


class IdleWatch(QObject):
    """Runs actions once the agent has been idle for *quiet_s* (:data:`QUIET_S`: between
    calls; :data:`PAUSE_S`: a pause in the typing) and *busy* says no call is in progress;
    each action runs once, on the GUI thread."""

    def __init__(
        self,
        busy: Callable[[], bool],
        parent: QObject | None = None,
        *,
        quiet_s: float = QUIET_S,
        look_ms: int = LOOK_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self._busy = busy
        self.quiet_s = quiet_s
        self.last_input = time.monotonic()  # start-up counts as activity
        self._waiting: list[Callable[[], None]] = []
        self._watching = False
        self._look = QTimer(self, interval=look_ms)
        self._look.timeout.connect(self._on_look_timeout)
        if parent is not None:  # before this object goes: Qt would call a half-deleted filter
            parent.destroyed.connect(lambda: self.stop())

    @property
    def waiting(self) -> int:
        """Actions still waiting for an idle moment."""
        return len(self._waiting)

    def when_idle(self, action: Callable[[], None]) -> None:
        """Run *action* at the next idle moment."""
        self._waiting.append(action)
        if not self._watching:
            self._watching = True
            self.last_input = time.monotonic()
            _application().installEventFilter(self)
        self._look.start()

    def stop(self) -> None:
        """Stop watching; what waits is dropped (the app is closing)."""
        self._waiting = []
        self._look.stop()
        if self._watching:
            self._watching = False
            _application().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Note the time of the agent's input; every event goes through."""
        if event.type() in _INPUT:
            self.last_input = time.monotonic()
        return False

    def _on_look_timeout(self) -> None:
        if time.monotonic() - self.last_input < self.quiet_s or self._busy():
            return
        waiting = self._waiting
        self.stop()  # watched only while something waits
        for action in waiting:
            action()


def _application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
