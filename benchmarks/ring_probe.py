"""Inside the measured app: notes when the ringing card has been painted, one ring at a time.

The parent (:mod:`benchmarks.ring_to_card`) runs the real softphone hook, ``callnotes-event``,
once it reads :data:`READY`; the hook hands the event to the app through its local socket.
"Painted" is the rule of the start-up figure: the card's paint event has been handled and the
event loop has come back to idle (a zero timer after it). Each card is then dismissed with
its own button, as an agent would for a call that is not a client's, and the times go back
to the parent on one :data:`RING` line: when the app's event loop first saw socket activity
after the ring was asked for (the hook connecting), and when the card was painted.

The app builds its card at the first pause after start (1.5 s without a key) or at the first
ring; the probe waits for it to be built, as a ring usually finds it, before asking for one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMainWindow, QWidget

READY = "BENCH-READY"
RING = "BENCH-RING "
CARD_NAME = "ringingCard"
DISMISS_NAME = "ringingDismiss"


CARD_BUILT_WITHIN_S = 10.0


def ringing_card(window: QMainWindow) -> QWidget | None:
    """The window's ringing card, once the app has built it (hidden)."""
    card = window.findChild(QWidget, CARD_NAME)
    return card if isinstance(card, QWidget) else None


class RingProbe(QObject):
    """Reports each painted card on stdout; calls *finished* after *rings* of them."""

    def __init__(
        self,
        app: QApplication,
        window: QMainWindow,
        rings: int,
        finished: Callable[[list[float]], None],
    ) -> None:
        super().__init__()
        self._app = app
        self._window = window
        self._card = QWidget()  # the app's card, once built (see start)
        self._dismiss: QAbstractButton | None = None
        self._rings = rings
        self._finished = finished
        self._painted_at: list[float] = []
        self._received_at: float | None = None
        self._armed = False

    def start(self) -> None:
        """Wait for the card to be built, then for the first ring; tell the parent to send it."""
        self._when_built(time.monotonic() + CARD_BUILT_WITHIN_S)

    def _when_built(self, deadline: float) -> None:
        card = ringing_card(self._window)
        if card is None:
            if time.monotonic() > deadline:
                raise RuntimeError("the app built no ringing card")
            QTimer.singleShot(50, lambda: self._when_built(deadline))
            return
        dismiss = card.findChild(QAbstractButton, DISMISS_NAME)
        if not isinstance(dismiss, QAbstractButton):
            raise RuntimeError("the ringing card has no dismiss button")
        self._card, self._dismiss = card, dismiss
        self._arm()

    def _arm(self) -> None:
        if self._card.isVisible():
            raise RuntimeError("the ringing card is still shown before the ring")
        self._armed = True
        self._received_at = None
        self._app.installEventFilter(self)
        print(READY, flush=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Spot the hook's connection and the card's first paint after it; let all through."""
        if self._armed and self._received_at is None and event.type() == QEvent.Type.SockAct:
            self._received_at = time.monotonic()
        if self._armed and watched is self._card and event.type() == QEvent.Type.Paint:
            self._armed = False
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        painted_at = time.monotonic()
        self._painted_at.append(painted_at)
        view = getattr(self._card, "view", None)  # the app's RingingCard: who it showed
        known = bool(getattr(view, "callers", ()))
        times = {"received_at": self._received_at, "painted_at": painted_at, "known": known}
        print(RING + json.dumps(times), flush=True)
        assert self._dismiss is not None
        self._dismiss.click()
        if len(self._painted_at) >= self._rings:
            self._finished(self._painted_at)
        else:
            self._arm()
