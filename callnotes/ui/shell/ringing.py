"""Softphone events in the window: a card on ringing, the call on answer, wrap-up on hang-up.

Nothing here activates or raises the window for a call event: the agent is clicking "Answer"
in the softphone and the keyboard must stay where it is. Only an explicit second launch of
callnotes brings the window to the front.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from callnotes.domain.call_events import CallEvent, EventKind
from callnotes.domain.calls import CallRecord
from callnotes.domain.cover import ClientCover
from callnotes.domain.people import ClientRecord
from callnotes.domain.phones import display_number, normalise_number
from callnotes.errors import CallnotesError
from callnotes.services.calls.intake import CallerOption, CaseNews
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.call.ring_view import (
    ANSWERED,
    MAX_CASES,
    MISSED,
    RINGING,
    RingingView,
    ring_choices,
)
from callnotes.ui.call.ringing_card import RingingCard
from callnotes.ui.common.key_names import worded

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Caller:
    """Who a ringing number belongs to, as read for the card."""

    number: str | None  # normalised; None when no call can be started with it
    callers: tuple[CallerOption, ...]
    client: ClientRecord | None
    news: Mapping[int, CaseNews]
    cover: ClientCover | None = None


# A dismissed card means "not a client call": answering it within this time starts nothing.
DISMISS_MEMORY_S = 15 * 60
_MARGIN = 8


class RingingController(QObject):
    """Turns call events into what the window shows, through the window's public API."""

    handled = Signal(object)  # the CallEvent, once acted on

    def __init__(self, ctx: AppContext, window: MainWindow) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        host = window.centralWidget()
        assert host is not None
        self.card = RingingCard(host)
        self.card.set_key_actions(
            window.menus.new_call, window.menus.wrap_up, window.areas.call_backs.queue_action
        )
        host.installEventFilter(self)
        self._dismissed: dict[str, float] = {}
        self._events: deque[CallEvent] = deque()  # waiting their turn (see handle)
        self._reading: CallEvent | None = None  # the event whose caller is being read
        self._focus_on_start = False  # a call started from the phone: the editor, once stored
        # A call answered on the phone while another is still in callnotes (hung up and being
        # wrapped up, say): it starts once that one is stored as ended.
        self._waiting_answer: tuple[CallEvent, Caller] | None = None
        self.card.start_requested.connect(self._on_card_start_requested)
        self.card.new_client_requested.connect(self._on_card_new_client_requested)
        self.card.dismissed.connect(self._on_card_dismissed)
        window.session.call_started.connect(self._on_session_call_started)
        window.session.call_ended.connect(self._on_session_call_ended)

    def handle(self, event: CallEvent) -> None:
        """Act on one event from the softphone (:attr:`handled` says when it has been).

        Events are acted on in the order they came: a ring or an answer waits for its caller
        to be looked up, off the GUI thread, and what follows it waits its turn (a hang-up
        is never acted on before the ring it ends).
        """
        self._events.append(event)
        self._next()

    def _next(self) -> None:
        while self._events and self._reading is None:
            event = self._events.popleft()
            if event.kind is EventKind.ENDED:
                self._act(event, partial(self._ended, event))
            else:
                self._read_caller(event)

    def _read_caller(self, event: CallEvent) -> None:
        self._reading = event
        number = self._normalised(event.number)
        intake, clients, cover = self._ctx.intake, self._ctx.clients, self._ctx.cover

        def read() -> Caller:
            callers = tuple(intake.lookup(number)) if number else ()
            case_ids = [case.id for o in callers for case in o.open_cases][:MAX_CASES]
            client = clients.get_client(callers[0].client_id) if callers else None
            covered = cover.for_client(client.id) if client is not None else None
            return Caller(number, callers, client, intake.news(case_ids), covered)

        self._window.runner.submit(
            read,
            on_result=lambda caller: self._on_caller_read(event, caller),
            on_error=lambda error: self._on_caller_failed(event, error),
            owner=self,
        )

    def _on_caller_read(self, event: CallEvent, caller: Caller) -> None:
        self._reading = None
        if event.kind is EventKind.RINGING:
            self._act(event, lambda: self._ringing(event, caller))
        else:
            self._act(event, lambda: self._answered(event, caller))
        self._next()

    def _on_caller_failed(self, event: CallEvent, error: CallnotesError) -> None:
        self._reading = None
        self._window.banner.show_message(str(error))
        self.handled.emit(event)
        self._next()

    def _act(self, event: CallEvent, action: Callable[[], None]) -> None:
        try:
            action()
        except CallnotesError as exc:
            self._window.banner.show_message(str(exc))
        self.handled.emit(event)

    def bring_to_front(self) -> None:
        """Someone started callnotes again by hand: show the window they asked for."""
        window = self._window
        if window.isMinimized():
            window.showNormal()
        else:
            window.show()
        window.raise_()
        window.activateWindow()
        log.info("window brought to the front for another launch")
        if self._ctx.settings_store.is_first_run:
            window.show_settings(first_run=True)

    # -- events ------------------------------------------------------------------------------

    def _ringing(self, event: CallEvent, caller: Caller) -> None:
        call = self._window.session.call
        live = call if call is not None and call.ended_at is None else None  # not hung up
        if live is not None and live.number and caller.number == live.number:
            return  # the call in progress, announced again
        view = self._view(event, RINGING, caller)
        self._dismissed.pop(view.number, None)  # it rings again: a new call, a new decision
        self._show(view)

    def _answered(self, event: CallEvent, caller: Caller) -> None:
        call = self._window.session.call
        if call is not None:
            if not self._same_call(event, call):
                self._waiting_answer = (event, caller)
                self._show(self._view(event, ANSWERED, caller))
            return
        if self._window.session.starting:
            return  # the answer, announced again while its call is being stored
        key = self._normalised(event.number) or event.number
        if time.monotonic() - self._dismissed.get(key, -DISMISS_MEMORY_S) < DISMISS_MEMORY_S:
            log.info("answered call not started: its card was dismissed")
            return
        shown = self.card.view
        choice = None
        if shown is not None and shown.number == key and shown.state != MISSED:
            choice = self.card.choice()
        view = self._view(event, RINGING, caller)
        if choice is None:
            choices = ring_choices(view, self.tr)
            choice = choices[0].choice if choices else None
        if choice is None:  # withheld, or a number no call can be started with
            self._show(replace(view, state=ANSWERED))
            return
        if event.name and not choice.phone_name:
            # The name may come with the answer only (MicroSIP rings with the number alone).
            choice = replace(choice, phone_name=event.name)
            if choice.contact_id is None and not choice.caller_name:
                choice = replace(choice, caller_name=event.name)
        self._start(replace(choice, direction=event.direction))

    def _ended(self, event: CallEvent) -> None:
        call = self._window.session.call
        shown = self.card.view
        if call is not None and self._same_call(event, call):
            if shown is not None and shown.number == call.number:
                self.card.close_card()
            bar = self._window.call_bar
            if call.ended_at is None:
                # Recorded now: the wrap-up may wait for the agent, the caller's time may not.
                talk, hold = bar.hang_up()
                self._window.session.hang_up(talk, hold)  # stored in line, before the wrap-up
                log.info("call ended on the phone: end and talk time recorded, wrap-up")
                self._window.wrap_up()
            return
        if shown is None or not self._matches(event, shown.number):
            return
        if shown.state == RINGING:
            self._show(replace(shown, state=MISSED, at=self._ctx.clock()))
            if shown.usable and not shown.outbound:  # the client waits for a call back
                self._window.areas.call_backs.record_missed(shown.number, shown.phone_name)
        else:
            self.card.close_card()

    # -- card --------------------------------------------------------------------------------

    def _on_card_start_requested(self, choice: CallChoice) -> None:
        if self._window.session.busy:
            self._window.banner.show_message(
                worded(
                    self.tr("Wrap up the call in progress ({key}) before starting another."),
                    self.tr("Wrap up the call in progress before starting another."),
                    self._window.menus.wrap_up,
                )
            )
            return
        self._start(choice)

    def _on_card_new_client_requested(self) -> None:
        shown = self.card.view
        self._window.new_call(shown.number if shown is not None else "")

    def _on_card_dismissed(self) -> None:
        shown = self.card.view
        if shown is not None and shown.state == RINGING:
            self._dismissed[shown.number] = time.monotonic()
        self.card.close_card()

    def _on_session_call_started(self, call: CallRecord, _card: object) -> None:
        shown = self.card.view
        if shown is not None and shown.number and shown.number == call.number:
            self.card.close_card()
        if self._focus_on_start:
            self._focus_on_start = False
            # Where the keyboard goes when the agent turns to callnotes; the window is not
            # activated.
            self._window.focus_editor()

    def _on_session_call_ended(self, _call: CallRecord) -> None:
        waiting, self._waiting_answer = self._waiting_answer, None
        shown = self.card.view
        if shown is None or not shown.busy:
            return
        if waiting is not None and shown.state == ANSWERED:
            event, caller = waiting
            if shown.number == (self._normalised(event.number) or event.number):
                # Answered on the phone already: it starts now, on the case chosen on the card
                # (what the card said it would), however long the wrap-up took to store.
                self._answered(event, caller)
                return
        self._show(replace(shown, busy=False))  # the other call is over: this one can start now

    def _start(self, choice: CallChoice) -> None:
        window = self._window
        # In line after the notes typed so far (nothing to wait for); the window follows the
        # call once it is stored (call_started).
        if not window.session.start(
            choice, on_failed=lambda error: window.banner.show_message(str(error))
        ):
            return
        self.card.close_card()
        log.info("call started from the phone")
        self._focus_on_start = True

    def _show(self, view: RingingView) -> None:
        self.card.show_view(view)
        self._place()
        # Labels settle their wrapped height once the layout request is handled: measure again.
        QTimer.singleShot(0, self, self._place)
        if not self._window.isActiveWindow():
            QApplication.alert(self._window)  # taskbar / urgency hint: never takes the focus
        cases = sum(len(c.open_cases) for c in view.callers)
        log.info(
            "ringing card shown: %s, %s caller, %d open case(s)",
            view.state,
            "known" if view.callers else "unknown",
            cases,
        )

    def _view(self, event: CallEvent, state: str, caller: Caller) -> RingingView:
        normalised = caller.number
        return RingingView(
            state=state,
            number=normalised or event.number,
            display_number=display_number(normalised) if normalised else event.number,
            phone_name=event.name,
            usable=normalised is not None,
            callers=caller.callers,
            client=caller.client,
            news=caller.news,
            outbound=event.direction.value == "outbound",
            at=self._ctx.clock(),
            busy=self._window.session.busy,
            cover=caller.cover,
        )

    def _place(self) -> None:
        host = self.card.parentWidget()
        if host is None or not self.card.isVisible():
            return
        top = self._window.call_bar.geometry().bottom() + 6
        width = max(200, host.width() - 2 * _MARGIN)
        height = self.card.heightForWidth(width)
        if height <= 0:
            height = self.card.sizeHint().height()
        # Just short of the case header or the tabs: reach it, so no half-covered line of the
        # guide peeks out below the card.
        for below in (self._window.header, self._window.tabs):
            reach = below.mapTo(host, QPoint(0, 0)).y() - 4 - top
            if 0 <= reach - height < 48:
                height = reach
                break
        height = min(height, max(120, host.height() - top - _MARGIN))
        self.card.setGeometry(_MARGIN, top, width, height)
        self.card.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Keep the card over the top of the window as it is resized."""
        if isinstance(watched, QWidget) and event.type() == QEvent.Type.Resize:
            self._place()
        return super().eventFilter(watched, event)

    # -- numbers -----------------------------------------------------------------------------

    def _normalised(self, number: str) -> str | None:
        return normalise_number(number, self._ctx.settings.default_region) if number else None

    def _matches(self, event: CallEvent, number: str) -> bool:
        if not event.numbers or not number:
            return True
        return any((self._normalised(n) or n) == number for n in event.numbers)

    def _same_call(self, event: CallEvent, call: CallRecord) -> bool:
        """Whether *event* is about *call*; an event without a number is about the live call."""
        return self._matches(event, call.number)
