"""Call events from the softphone hook and later launches, held until the window shows its case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from callnotes.ui.shell.idle_watch import LOOK_IN_PAUSE_MS, PAUSE_S, IdleWatch

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.domain.call_events import CallEvent
    from callnotes.launch import Launch
    from callnotes.ui.shell.instance_server import InstanceServer
    from callnotes.ui.shell.main_window import MainWindow
    from callnotes.ui.shell.ringing import RingingController


class CallEventDelivery(QObject):
    """Listens for call events (a ring, a link) and launches ("show the window"), and hands
    them in order to the ringing card once the start-up says the window shows its case.

    Until then they wait, behind the event this app was started with; after it, they are
    handled as they come. The ringing card is built at the first of them, or at the first
    pause in the agent's typing (a few hundredths of a second of the GUI thread), laid over
    the panels; never once closed, nor for a window that is gone.
    """

    def __init__(self, launch: Launch | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._launch = launch
        self._server: InstanceServer | None = None
        self._waiting: list[CallEvent | None] = []  # None: "show the window", from a launch
        self._target: tuple[AppContext, MainWindow] | None = None  # where events go, once ready
        self._ringing: RingingController | None = None
        self._closed = False
        self._pause = IdleWatch(lambda: False, self, quiet_s=PAUSE_S, look_ms=LOOK_IN_PAUSE_MS)

    @property
    def ready(self) -> bool:
        """Whether call events are acted on (the window shows its case)."""
        return self._target is not None

    @property
    def waiting(self) -> int:
        """Call events and launches received that wait for the window to show its case."""
        return len(self._waiting)

    @property
    def ringing(self) -> RingingController | None:
        """The ringing card's controller, once built."""
        return self._ringing

    def listen(self) -> None:
        """Take events from now on: the one this app was started with first, then the socket's
        (nothing without a launch: this process is not the single instance)."""
        if self._launch is None:
            return
        from callnotes.ui.shell.instance_server import InstanceServer

        if self._launch.event is not None:
            self._waiting.append(self._launch.event)
        self._server = InstanceServer(self._launch.primary, self)
        self._server.event_received.connect(self._on_server_event_received)
        self._server.show_requested.connect(self._on_server_show_requested)

    def deliver_to(self, ctx: AppContext, window: MainWindow) -> None:
        """*window*, attached to *ctx*, shows its case: hand it what waits, then each event as
        it comes."""
        if self._closed:
            return
        self._target = (ctx, window)
        # Gone, the window no longer waits for a pause in the typing.
        window.destroyed.connect(self._pause.stop)
        waiting, self._waiting = self._waiting, []
        for event in waiting:
            self._handle(event)
        if self._ringing is None:
            self._pause.when_idle(self._build_ringing)

    def hold(self) -> None:
        """The window let its database go (found damaged): events wait again, for the window
        filled from the database chosen in its place, which gets a card of its own."""
        self._target = None
        self._ringing = None

    def close(self) -> None:
        """Stop listening (before this process lets the instance lock go); build nothing more."""
        self._closed = True
        self._pause.stop()
        if self._server is not None:
            self._server.close()

    def _build_ringing(self) -> None:
        self._ringing_controller()

    def _ringing_controller(self) -> RingingController | None:
        """The ringing card's controller, built the first time it is needed."""
        if self._ringing is None and self._target is not None and not self._closed:
            from callnotes.ui.shell.ringing import RingingController

            self._ringing = RingingController(*self._target)
        return self._ringing

    def _handle(self, event: CallEvent | None) -> None:
        ringing = self._ringing_controller()
        if ringing is None:
            return  # let go meanwhile (found damaged)
        if event is None:
            ringing.bring_to_front()
        else:
            ringing.handle(event)

    def _on_server_event_received(self, event: CallEvent) -> None:
        if self.ready:
            self._handle(event)
        else:
            self._waiting.append(event)

    def _on_server_show_requested(self) -> None:
        if self.ready:
            self._handle(None)
        else:
            self._waiting.append(None)
