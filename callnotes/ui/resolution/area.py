"""After resolution: the follow-up call, the review, recurring issues, handing back and closing.

The follow-up call reuses the call guide (the rail): for the length of the call the guide
shows the follow-up playbook, written out with one step per "what fixed looks like" criterion,
so F4 / Shift+F4, the progress marks, the saved position and the wrap-up check work as in any
call. Under the guide, a small answer box records what each step asks for.

The area never touches the guide or the call itself: it asks for the guide with
``guide_wanted`` and starts the call through the *start_call* it is given (both wired by the
shell), and it is told the guide's step (:meth:`ResolutionArea.follow_step`) and the end of the
call (:meth:`ResolutionArea.end_follow_up`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from callnotes.domain.follow_up import FOLLOW_UP_PLAYBOOK, FollowUpScript
from callnotes.domain.playbooks import Playbook, PlaybookError
from callnotes.ui.common.key_names import worded
from callnotes.ui.resolution.follow_up_panel import (
    CONFIRM_KEYS,
    WRONG_KEYS,
    FollowUpActions,
    FollowUpPanel,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from callnotes.app import AppContext
    from callnotes.domain.calls import CallRecord
    from callnotes.ui.common.host import WindowHost

#: ``start_call(case_id, number, contact_id, on_started)``: call the client back on the case;
#: *on_started* gets the call once it is stored (the shell starts it as any call, so the call
#: bar and the card follow it; the shell says why, if it cannot start).
StartCall = Callable[[int, str, "int | None", Callable[["CallRecord"], None]], None]


class ResolutionArea(QObject):
    """The Case menu's after-resolution commands and the follow-up answer box."""

    #: The guide should show this playbook (a Playbook) for this call (a CallRecord, or None
    #: when no call is in progress); the shell then tells :meth:`follow_step` where it stands.
    guide_wanted = Signal(object, object)

    def __init__(self, host: WindowHost, ctx: AppContext, *, start_call: StartCall) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._ctx = ctx
        self._start_call = start_call
        self._case_id: int | None = None
        self._script: FollowUpScript | None = None
        self.dialog: QDialog | None = None
        follow_up = ctx.follow_up
        self.panel = FollowUpPanel(
            FollowUpActions(
                record_check=follow_up.record_check,
                record_satisfaction=follow_up.record_satisfaction,
                record_reassurance=follow_up.record_reassurance,
                suggested_reassurance=follow_up.suggested_reassurance,
                checks=follow_up.checks,
            ),
            host.runner,
            host.dialog_parent,
        )
        host.add_panel(self.panel)  # right under the guide it completes
        self.panel.problem.connect(host.show_message)
        menu = host.menu("case")
        menu.addSeparator()
        add = host.add_command
        self.follow_up_action = add(
            menu, self.tr("Start &follow-up call"), "Ctrl+Shift+F", self.start_follow_up
        )
        self.confirm_action = add(
            menu, self.tr("Follow-up: criterion &confirmed"), CONFIRM_KEYS, self.panel.confirm
        )
        self.wrong_action = add(
            menu, self.tr("Follow-up: criterion still &wrong"), WRONG_KEYS, self.panel.still_wrong
        )
        self.review_action = add(menu, self.tr("Re&view…"), "Ctrl+Shift+R", self.review)
        self.recurring_action = add(
            menu, self.tr("Recurring i&ssues…"), "Ctrl+Shift+G", self.recurring
        )
        self.handback_action = add(
            menu, self.tr("&Hand back to usual contact…"), "Ctrl+Shift+B", self.hand_back
        )
        self.close_action = add(menu, self.tr("Cl&ose case…"), "", self.close_case)
        self.panel.set_key_actions(
            self.confirm_action, self.wrong_action, host.command("next_step")
        )
        self._update_actions()

    # -- the Area interface -------------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows; pick up a follow-up call left open."""
        self._case_id = case_id
        call = self._host.current_call()
        if call is not None and self._script is None:
            self._begin(call, started_now=False)
        self._update_actions()

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Criteria of the follow-up call not yet asked about."""
        if self._script is None or self.panel.case_id != case_id:
            return []
        left = self.panel.unchecked()
        if not left:
            return []
        return [
            self.tr("{count} criteria not checked with the client yet.").format(count=left)
            if left > 1
            else self.tr("One criterion not checked with the client yet.")
        ]

    # -- told by the shell ------------------------------------------------------------------------

    def follow_step(self, index: int) -> None:
        """The guide stands at step *index*: the answer box asks what that step asks."""
        if self._script is not None and 0 <= index < len(self._script.playbook.steps):
            self.panel.show_step(self._script.playbook.steps[index])

    def end_follow_up(self, _call: CallRecord) -> None:
        """The call ended: back to the usual guide if it was the follow-up call."""
        if self._script is None:
            return
        self._script = None
        self.panel.stop()
        self._update_actions()
        playbooks = self._ctx.playbooks

        def usual_guide() -> Playbook | str:
            try:
                return playbooks.get()  # read from the playbook files each time: off this thread
            except PlaybookError as exc:
                return str(exc)

        self._host.runner.submit(
            usual_guide,
            on_result=self._on_usual_guide_read,
            key="usual-guide",
            owner=self,
        )

    # -- actions --------------------------------------------------------------------------------

    def start_follow_up(self) -> None:
        """Call the client back on the shown case and walk the follow-up script."""
        host = self._host
        case_id = self._case_id
        if case_id is None:
            host.show_message(self.tr("Choose a case to follow up first."))
            return
        if host.current_call() is not None:
            host.show_message(
                worded(
                    self.tr("Wrap up the call in progress ({key}) before the follow-up call."),
                    self.tr("Wrap up the call in progress before the follow-up call."),
                    host.command("wrap_up"),
                )
            )
            return
        host.flush()
        calls = self._ctx.calls
        host.runner.submit(
            lambda: calls.calls(case_id),
            on_result=lambda found: self._call_back(case_id, found),
            on_error=lambda exc: host.show_message(str(exc)),
            key="follow-up-call",
            owner=self,
        )

    def review(self) -> QDialog | None:
        """Ctrl+Shift+R: the team's review of the shown case."""
        if self._case_id is None:
            return None
        from callnotes.ui.resolution.review_dialog import ReviewActions, ReviewDialog

        ctx = self._ctx
        dialog = ReviewDialog(
            ReviewActions(
                sheet=ctx.reviews.sheet,
                team=ctx.clients.team,
                save=ctx.reviews.save,
                add_action=ctx.reviews.add_action,
                update_action=ctx.reviews.update_action,
            ),
            self._case_id,
            self._host.runner,
            self._host.dialog_parent,
            follow_up_keys=self.follow_up_action,
        )
        dialog.case_chosen.connect(self._host.select_case)
        return self._open(dialog)

    def recurring(self) -> QDialog:
        """Alike issues across cases; choosing one shows its case."""
        from callnotes.ui.resolution.recurring_dialog import RecurringActions, RecurringDialog

        cases = self._ctx.cases
        dialog = RecurringDialog(
            RecurringActions(
                groups=self._ctx.recurring.groups,
                client_of=lambda case_id: cases.get_case(case_id).client_id,
            ),
            self._case_id,
            self._host.runner,
            self._host.dialog_parent,
        )
        dialog.case_chosen.connect(self._host.select_case)
        return self._open(dialog)

    def hand_back(self) -> QDialog | None:
        """Hand the case back to the usual contact, with the handover document."""
        if self._case_id is None:
            return None
        from callnotes.ui.resolution.handback_dialog import HandbackActions, HandbackDialog

        handback = self._ctx.handback
        dialog = HandbackDialog(
            HandbackActions(
                sheet=handback.sheet,
                team=self._ctx.clients.team,
                hand_back=handback.hand_back,
                acknowledge=handback.acknowledge,
            ),
            self._case_id,
            self._host.runner,
            self._host.dialog_parent,
        )
        dialog.preview_requested.connect(lambda: self._host.show_documents("handover"))
        return self._open(dialog)

    def close_case(self) -> QDialog | None:
        """Close the case, carrying open commitments over when the agent says so."""
        if self._case_id is None:
            return None
        from callnotes.ui.resolution.handback_dialog import CloseCaseActions, CloseCaseDialog

        closing = self._ctx.case_closing
        dialog = CloseCaseDialog(
            CloseCaseActions(
                open_commitments=closing.open_commitments,
                sheet=self._ctx.handback.sheet,
                close_case=closing.close_case,
            ),
            self._case_id,
            self._host.runner,
            self._host.dialog_parent,
        )
        return self._open(dialog)

    # -- reactions -------------------------------------------------------------------------------

    def _call_back(self, case_id: int, calls: list[CallRecord]) -> None:
        if self._host.current_call() is not None:
            return  # a call started meanwhile: it stays the call in progress
        last = calls[-1] if calls else None
        self._start_call(
            case_id,
            last.number if last is not None else "",
            last.contact_id if last is not None else None,
            lambda call: self._begin(call, started_now=True),
        )

    def _begin(self, call: CallRecord, *, started_now: bool) -> None:
        """Walk *call* through the follow-up script: a new follow-up call, or one left open."""
        ctx = self._ctx

        def script() -> FollowUpScript | str | None:
            if started_now:
                ctx.calls.save_rail_state(call.id, {"playbook": FOLLOW_UP_PLAYBOOK})
            elif ctx.calls.rail_state(call.id).get("playbook") != FOLLOW_UP_PLAYBOOK:
                return None  # an ordinary call
            try:
                playbook = ctx.playbooks.get(FOLLOW_UP_PLAYBOOK)
                if playbook.id != FOLLOW_UP_PLAYBOOK:
                    raise PlaybookError("The follow-up call script could not be read.")
            except PlaybookError as exc:
                return str(exc)
            return ctx.follow_up.script(call.case_id, playbook)

        self._host.runner.submit(
            script,
            on_result=lambda found: self._on_script_read(call, found, focus=started_now),
            on_error=lambda exc: self._host.show_message(str(exc)),
            key=("follow-up-script", call.id),  # the newest question about this call wins
            owner=self,
        )

    def _on_script_read(
        self, call: CallRecord, found: FollowUpScript | str | None, *, focus: bool
    ) -> None:
        if isinstance(found, str):
            self._host.show_message(found)
            return
        current = self._host.current_call()
        if found is None or self._script is not None or current is None or current.id != call.id:
            return  # not a follow-up call, already followed, or ended meanwhile
        self._script = found
        self.panel.start(call.case_id, call.id, found)
        self.guide_wanted.emit(found.playbook, call)  # the shell answers with follow_step
        self._update_actions()
        if focus:
            self.panel.answer.setFocus()

    def _on_usual_guide_read(self, found: Playbook | str) -> None:
        if isinstance(found, str):
            self._host.show_message(found)
        elif self._script is None:  # unless another follow-up call began meanwhile
            self.guide_wanted.emit(found, None)

    # -- helpers --------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        has_case = self._case_id is not None
        for action in (self.review_action, self.handback_action, self.close_action):
            action.setEnabled(has_case)
        self.follow_up_action.setEnabled(has_case and self._script is None)
        self.confirm_action.setEnabled(self._script is not None)
        self.wrong_action.setEnabled(self._script is not None)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
