"""The call's course in the window: New call, the start and its resumption, hold, wrap-up.

The call itself is the session's (``ui/call/session.py``: its start and end stored in line
with the notes typed on it). This wires the window's pieces to it — the call bar's buttons and
clock, the client card, the guide, the timeline's call and the case shown — so that the main
window only builds and lays them out. It belongs to the shell: it speaks to several rooms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication

from callnotes.ui.common import messages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from callnotes.domain.calls import CallRecord
    from callnotes.errors import CallnotesError
    from callnotes.services.calls.intake import CallerCard
    from callnotes.ui.call.new_call_dialog import CallChoice, NewCallDialog
    from callnotes.ui.shell.main_window import MainWindow


class CallFlow(QObject):
    """Starts, follows and wraps up the window's call; built with the window's panels."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        #: The New call dialog last opened, and the wrap-up question last asked (None: none).
        self.new_call_dialog: NewCallDialog | None = None
        self.wrap_up_box: QMessageBox | None = None
        call_bar, session = window.call_bar, window.session
        call_bar.new_button.clicked.connect(lambda: self.new_call())
        call_bar.hold_button.clicked.connect(call_bar.toggle_hold)
        call_bar.hold_toggled.connect(self._on_call_bar_hold_toggled)
        call_bar.end_button.clicked.connect(self.wrap_up)
        session.call_started.connect(self._on_call_started)
        session.call_resumed.connect(self._on_call_resumed)
        window.card.saved.connect(self._on_card_saved)

    def new_call(self, number: str | None = None) -> NewCallDialog:
        """Open the New call dialog, with a number from the clipboard if there is one."""
        from callnotes.domain.phones import normalise_number
        from callnotes.ui.call.new_call_dialog import NewCallDialog

        window = self._window
        if number is None:
            # As pasted (odd spaces, "Tel.:", "x12"): normalise_number refuses a long text.
            clip = QGuiApplication.clipboard().text().strip()
            number = clip if normalise_number(clip, window.ctx.settings.default_region) else ""
        dialog = NewCallDialog(window.ctx.intake.lookup, number, window, runner=window.runner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.start_requested.connect(lambda choice: self._on_dialog_start(dialog, choice))
        self.new_call_dialog = dialog
        dialog.open()
        return dialog

    def wrap_up(self) -> None:
        """End the call: first list what the guide says is missing, if anything."""
        window = self._window
        session = window.session
        if session.call is None or session.ending:
            return
        window.issues.put_in_line()
        window.timeline.put_in_line()
        case_id = session.call.case_id
        # What the call captured is read in line after the notes and changes just put there:
        # it sees them all, and the window never waits for them (a locked database, say).
        window.rail.read_missing(
            lambda missing: self._ask_wrap_up(case_id, missing), behind=window.writes
        )

    def placeholders(
        self, card: CallerCard | None, call: CallRecord | None = None
    ) -> dict[str, str]:
        """The guide's {…} values for *card* and *call* (None: the call in progress)."""
        from callnotes.domain.calls import CallDirection
        from callnotes.ui.call.session import rail_values

        ctx = self._window.ctx
        call = call if call is not None else self._window.session.call
        outbound = call is not None and call.direction is CallDirection.OUTBOUND
        return rail_values(ctx.settings, card, ctx.clock(), outbound=outbound)

    def _ask_wrap_up(self, case_id: int, missing: list[str]) -> None:
        window = self._window
        if window.session.call is None or window.session.call.case_id != case_id:
            return  # wrapped up meanwhile
        warnings = window.areas.wrap_up_warnings(case_id)
        if not missing and not warnings:
            self._finish_call([])
            return
        box = messages.ask_wrap_up(window, missing, warnings)
        box.accepted.connect(lambda: self._finish_call(missing))
        self.wrap_up_box = box

    def _on_dialog_start(self, dialog: NewCallDialog, choice: CallChoice) -> None:
        # The start goes in line after the notes (nothing to wait for): the dialog stays open
        # until it is stored (a second Enter meanwhile starts nothing), and says why not.
        window = self._window
        session = window.session

        def failed(error: CallnotesError) -> None:
            from callnotes.ui.common.write_queue import WriteWithdrawnError, is_refusal

            if is_refusal(error):  # out of line: the agent may change the choice, try again
                forget()
            if isinstance(error, WriteWithdrawnError):
                return  # the agent pressed Escape while it was being tried: nothing to say
            if shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.show_problem(str(error))
            else:
                window.banner.show_message(str(error))

        def started(_call: CallRecord, _card: CallerCard) -> None:
            forget()
            if shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.accept()
                window.focus_editor()

        def cancelled() -> None:  # Escape while the start waits in line: it never happens
            if session.cancel_start():
                forget()

        def forget() -> None:
            session.call_started.disconnect(started)
            if shiboken6.isValid(dialog):
                dialog.rejected.disconnect(cancelled)

        if session.start(choice, on_failed=failed):
            session.call_started.connect(started)
            dialog.rejected.connect(cancelled)
        else:
            dialog.show_problem(self.tr("A call is being started already."))

    def _on_call_started(self, call: CallRecord, card: CallerCard) -> None:
        from callnotes.ui.call.session import caller_label

        window = self._window
        window.call_bar.start(caller_label(card))
        case = window.session.started_case
        if case is not None and case.id == call.case_id:
            window.case_feed.put_case(case)  # a new case: listed now, before the list is read
        window.select_case(call.case_id)
        self._follow_call(call, card)

    def _on_call_resumed(self, call: CallRecord, card: CallerCard) -> None:
        from callnotes.ui.call.session import caller_label

        window = self._window
        session = window.session
        now = window.ctx.clock()
        window.call_bar.clock.resume(
            session.elapsed(now), call.hold_seconds, session.on_hold_for(now)
        )
        window.call_bar.start_ticking(caller_label(card))
        self._follow_call(call, card)

    def _on_call_bar_hold_toggled(self, on_hold: bool) -> None:
        # The holds ended so far: at the moment of the toggle, the clock's whole hold time.
        window = self._window
        window.session.keep_hold(window.call_bar.clock.hold_seconds, on_hold)

    def _follow_call(self, call: CallRecord, card: CallerCard) -> None:
        window = self._window
        window.card.show_card(card)
        window.timeline.set_call(call.id)
        window.rail.set_values(self.placeholders(card, call))
        window.rail.set_call(call.case_id, call.id)

    def _finish_call(self, missing: list[str]) -> None:
        window = self._window
        session = window.session
        if session.call is None or session.ending:
            return  # wrapped up already (its end is in line)
        if missing:
            window.rail.record_wrapped_up_anyway()
        talk, hold = window.call_bar.stop()
        # In line after the notes: notes typed from now on belong to no call.
        session.wrap_up(
            talk, hold, missing, on_failed=lambda error: window.banner.show_message(str(error))
        )
        window.timeline.set_call(None)
        window.rail.set_call(None, None)
        window.focus_editor()  # the views redraw from the change notice

    def _on_card_saved(self, card: CallerCard) -> None:
        window = self._window
        session = window.session
        if session.card is not None and session.card.client.id == card.client.id:
            from dataclasses import replace

            if session.call is not None and card.case_id == session.card.case_id:
                session.card = card  # the caller saved as a contact, the usual contact, zone
            else:
                session.card = replace(session.card, client=card.client)  # usual contact, zone
            if session.call is not None:
                from callnotes.ui.call.session import caller_label

                window.call_bar.set_caller(caller_label(session.card))  # named, or renamed
        window.clear_message(window.card.refused)  # what the card refused before is now saved
        window.rail.set_values(self.placeholders(card))
