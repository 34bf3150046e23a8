"""The call-back area: the queue's reminder bar, the queue itself, and a call's outcome.

Built on the window's host. A ring nobody answered is put in the queue through the write
queue (the shell's ringing controller says so, :meth:`CallBacksArea.record_missed`); the bar
and the queue redraw from the change notice. Calling a client back is asked of the shell
(:attr:`CallBacksArea.call_back_requested`): it starts an outbound call as New call does, and
the call's start clears the call-back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from callnotes.domain.call_backs import CallBackDraft, CallBackReason, CallBackRecord
from callnotes.domain.calls import CallOutcome, CallRecord
from callnotes.domain.changes import Changes, Part
from callnotes.domain.phones import display_number
from callnotes.errors import CallnotesError
from callnotes.ui.callbacks import texts
from callnotes.ui.callbacks.actions import CallBacksActions
from callnotes.ui.callbacks.outcome_dialog import OutcomeDialog
from callnotes.ui.callbacks.queue_dialog import CallBackQueueDialog
from callnotes.ui.callbacks.request_dialog import CallBackRequestDialog
from callnotes.ui.common.notice_bar import NoticeBar

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from callnotes.app import AppContext
    from callnotes.ui.common.host import WindowHost
    from callnotes.ui.common.write_queue import WriteQueue

#: How often the bar looks at the clock (a call-back falls due without any write).
CHECK_INTERVAL_MS = 60_000


class CallBacksArea(QObject):
    """The call-back queue's bar and dialog, and the outcome of a call, on *host*."""

    #: Call this client back: the shell starts an outbound call to the number.
    call_back_requested = Signal(object)  # CallBackRecord

    def __init__(
        self,
        host: WindowHost,
        ctx: AppContext,
        *,
        writes: WriteQueue,
        check_interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._writes = writes
        self._actions = CallBacksActions.from_context(ctx)
        self._records: Sequence[CallBackRecord] = ()
        self._last_call: CallRecord | None = None  # wrapped up last: its outcome may follow
        self.queue_dialog: CallBackQueueDialog | None = None
        self.outcome_dialog: OutcomeDialog | None = None
        self.request_dialog: CallBackRequestDialog | None = None

        self.bar = NoticeBar(self.tr("Call-backs"), host.dialog_parent)
        host.add_notice(self.bar)
        self.bar.follow(host.notice_changed)
        self.bar.add_button(
            "open", self.tr("Open queue…"), self.tr("The calls owed to clients"), self.show_queue
        )
        host.menu("call").addSeparator()
        self.queue_action = host.add_command(
            "call", self.tr("Call-back &queue…"), "Ctrl+Shift+L", self.show_queue
        )
        self.request_action = host.add_command(
            "call", self.tr("Call-back &request…"), "Ctrl+Shift+J", self.request_call_back
        )
        self.outcome_action = host.add_command(
            "call", self.tr("Call &outcome…"), "Ctrl+Shift+O", self.choose_outcome
        )
        self.bar.name_key("open", self.queue_action)
        self.timer = QTimer(self)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.timer.start()
        host.changes.changed.connect(self._on_changes_changed)
        self.reload()

    # -- the area's interface ---------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """The queue is the agent's, whatever case is shown."""

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Nothing holds a wrap-up back: the outcome is asked after, never before."""
        return []

    def record_missed(self, number: str, caller_name: str) -> None:
        """A ring nobody answered: into the queue (in line with the other writes)."""
        record = self._actions.record
        self._writes.put(
            lambda: record(number, CallBackReason.MISSED, caller_name),
            on_failed=self._show_problem,
        )

    def call_ended(self, call: CallRecord) -> None:
        """A call was wrapped up: its outcome may be chosen now (the bar says how)."""
        self._last_call = call

    def show_queue(self) -> CallBackQueueDialog:
        """Open the queue (or bring it back), due first at the top."""
        if self.queue_dialog is None:
            dialog = CallBackQueueDialog(self._host.dialog_parent)
            dialog.call_requested.connect(self._on_call_requested)
            dialog.done_requested.connect(self._on_done_requested)
            self.queue_dialog = dialog
        self.queue_dialog.show_records(self._records, self._actions.now())
        self.queue_dialog.open()
        self.queue_dialog.list.setFocus()
        return self.queue_dialog

    def request_call_back(self) -> None:
        """ "Please call me back" or a voicemail, by hand: for the caller on screen, or else the
        shown case's client contact. The due time is proposed by the usual rule (read off the
        GUI thread); the agent may change it and add a note."""
        call = self._host.current_call()
        number = call.number if call is not None and call.number else None
        case_id = self._host.shown_case_id()
        draft = self._actions.draft
        self._host.runner.submit(
            lambda: draft(number, case_id),
            on_result=self._open_request,
            on_error=lambda exc: self._host.show_message(str(exc)),
            key=("call-back-draft",),
            owner=self,
        )

    def _open_request(self, draft: CallBackDraft) -> None:
        dialog = CallBackRequestDialog(draft, self._actions.now, self._host.dialog_parent)
        dialog.save_requested.connect(
            lambda reason, due_at, note: self._store_request(dialog, reason, due_at, note)
        )
        dialog.finished.connect(lambda _result: self._forget_request_dialog(dialog))
        self.request_dialog = dialog
        dialog.open()
        dialog.asked.setFocus()

    def _store_request(
        self, dialog: CallBackRequestDialog, reason: CallBackReason, due_at: datetime, note: str
    ) -> None:
        ask, number = self._actions.ask, dialog.draft.number
        self._writes.put(
            lambda: ask(number, reason, due_at, note),
            on_done=lambda _record: dialog.accept(),
            on_failed=lambda exc: dialog.show_problem(str(exc)),
        )

    def _forget_request_dialog(self, dialog: CallBackRequestDialog) -> None:
        if self.request_dialog is dialog:
            self.request_dialog = None
        dialog.deleteLater()

    def choose_outcome(self) -> None:
        """Say how the call in progress (or the one just wrapped up) ended: the dialog names
        the caller and their client (read off the GUI thread)."""
        call = self._host.current_call() or self._last_call
        if call is None:
            self._host.show_message(self.tr("There is no call to give an outcome to."))
            return
        caller_of = self._actions.caller_of
        self._host.runner.submit(
            lambda: caller_of(call.id),
            on_result=lambda names: self._open_outcome(call, names),
            on_error=lambda _exc: self._open_outcome(call, ("", "")),
            key=("call-outcome",),
            owner=self,
        )

    def _open_outcome(self, call: CallRecord, names: tuple[str, str]) -> None:
        number = display_number(call.number) if call.number else ""
        who = ", ".join(dict.fromkeys(n for n in names if n))
        if who and number:
            caller = self.tr("{who} ({number})").format(who=who, number=number)
        else:
            caller = who or number or self.tr("the caller")
        if self.outcome_dialog is not None:
            self.outcome_dialog.reject()
        dialog = OutcomeDialog(caller, call.outcome, self._host.dialog_parent)
        dialog.outcome_chosen.connect(lambda outcome: self._store_outcome(call.id, outcome))
        dialog.finished.connect(lambda _result: self._forget_outcome_dialog(dialog))
        self.outcome_dialog = dialog
        dialog.open()
        dialog.list.setFocus()

    def _forget_outcome_dialog(self, dialog: OutcomeDialog) -> None:
        if self.outcome_dialog is dialog:
            self.outcome_dialog = None
        dialog.deleteLater()

    # -- reading and redrawing --------------------------------------------------------------

    def reload(self) -> None:
        """Read the queue again (off the GUI thread)."""
        self._host.runner.submit(
            self._actions.waiting,
            on_result=self._on_read,
            on_error=lambda _exc: None,  # shown again with the next change
            key=("call-backs",),
            owner=self,
        )

    def check_now(self) -> None:
        """Look at the clock: the bar says what is due now."""
        now = self._actions.now()
        if self._records:
            self.bar.show_text(texts.bar_text(list(self._records), now))
        else:
            self.bar.dismiss()
        if self.queue_dialog is not None and self.queue_dialog.isVisible():
            self.queue_dialog.show_records(self._records, now)

    def _on_read(self, records: Sequence[CallBackRecord]) -> None:
        self._records = tuple(records)
        self.check_now()

    def _on_changes_changed(self, changes: Changes) -> None:
        if changes.touches(Part.CALL_BACKS):
            self.reload()

    # -- writes -----------------------------------------------------------------------------

    def _on_call_requested(self, record: CallBackRecord) -> None:
        if self.queue_dialog is not None:
            self.queue_dialog.accept()
        self.call_back_requested.emit(record)

    def _on_done_requested(self, record: CallBackRecord) -> None:
        mark_done = self._actions.mark_done
        self._writes.put(lambda: mark_done(record.id), on_failed=self._show_problem)

    def _store_outcome(self, call_id: int, outcome: CallOutcome) -> None:
        set_outcome = self._actions.set_outcome
        self._writes.put(lambda: set_outcome(call_id, outcome), on_failed=self._show_problem)

    def _show_problem(self, exc: CallnotesError) -> None:
        self._host.show_message(str(exc))
