"""After resolution: the follow-up call, the review, recurring issues, handing back and closing.

The follow-up call reuses the call guide (the rail): for the length of the call the guide
shows the follow-up playbook, written out with one step per "what fixed looks like" criterion,
so F4 / Shift+F4, the progress marks, the saved position and the wrap-up check work as in any
call. Under the guide, a small answer box records what each step asks for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from callnotes.domain.calls import CallDirection, CallRecord
from callnotes.domain.follow_up import FOLLOW_UP_PLAYBOOK, FollowUpScript, latest_outcomes
from callnotes.domain.playbooks import PlaybookError
from callnotes.errors import CallnotesError
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.call.session import rail_values
from callnotes.ui.common.key_names import worded
from callnotes.ui.resolution.follow_up_panel import (
    CONFIRM_KEYS,
    WRONG_KEYS,
    FollowUpActions,
    FollowUpPanel,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from callnotes.ui.shell.main_window import MainWindow


class ResolutionTools:
    """Plugs this area into the call window (see case_tools)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        # The window's services: every after-call area works with the same context.
        self._ctx = window.ctx
        self._case_id: int | None = None
        self._script: FollowUpScript | None = None
        self.dialog: QDialog | None = None
        follow_up = self._ctx.follow_up
        self.panel = FollowUpPanel(
            FollowUpActions(
                record_check=follow_up.record_check,
                record_satisfaction=follow_up.record_satisfaction,
                record_reassurance=follow_up.record_reassurance,
                suggested_reassurance=follow_up.suggested_reassurance,
                checks=follow_up.checks,
            ),
            window,
        )
        # Right under the guide it completes; the window's layout has no other slot for it.
        central = window.centralWidget()
        layout = central.layout() if central is not None else None
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(window.rail) + 1, self.panel)
        self.panel.recorded.connect(self._on_panel_recorded)
        self.panel.advance_requested.connect(window.rail.next_step)
        self.panel.problem.connect(window.banner.show_message)
        window.rail.step_changed.connect(self._on_rail_step_changed)
        window.session.call_ended.connect(self._on_session_call_ended)
        menus, menu = window.menus, window.menus.case
        menu.addSeparator()
        self.follow_up_action = menus.add(
            menu, window.tr("Start &follow-up call"), "Ctrl+Shift+F", self.start_follow_up
        )
        self.confirm_action = menus.add(
            menu, window.tr("Follow-up: criterion &confirmed"), CONFIRM_KEYS, self.panel.confirm
        )
        self.wrong_action = menus.add(
            menu, window.tr("Follow-up: criterion still &wrong"), WRONG_KEYS, self.panel.still_wrong
        )
        self.review_action = menus.add(menu, window.tr("Re&view…"), "Ctrl+Shift+R", self.review)
        self.recurring_action = menus.add(
            menu, window.tr("Recurring i&ssues…"), "Ctrl+Shift+G", self.recurring
        )
        self.handback_action = menus.add(
            menu, window.tr("&Hand back to usual contact…"), "Ctrl+Shift+B", self.hand_back
        )
        self.close_action = menus.add(menu, window.tr("Cl&ose case…"), "", self.close_case)
        self.panel.set_key_actions(self.confirm_action, self.wrong_action, menus.next_step)
        self._update_actions()

    # -- the CaseTool interface ---------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows; pick up a follow-up call left open."""
        self._case_id = case_id
        call = self._window.session.call
        if call is not None and self._script is None and self._is_follow_up(call.id):
            self._begin(call)
        self._update_actions()

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Criteria of the follow-up call not yet asked about."""
        if self._script is None or self.panel.case_id != case_id:
            return []
        call_id = self._window.session.call_id
        try:
            checks = [c for c in self._ctx.follow_up.checks(case_id) if c.call_id == call_id]
        except CallnotesError:
            return []
        latest = latest_outcomes(checks)
        left = [c for c in self._script.criteria.values() if (c.issue_id, c.text) not in latest]
        if not left:
            return []
        return [
            self._window.tr("{count} criteria not checked with the client yet.").format(
                count=len(left)
            )
            if len(left) > 1
            else self._window.tr("One criterion not checked with the client yet.")
        ]

    # -- actions --------------------------------------------------------------------------------

    def start_follow_up(self) -> None:
        """Call the client back on the shown case and walk the follow-up script."""
        window = self._window
        if self._case_id is None:
            window.banner.show_message(window.tr("Choose a case to follow up first."))
            return
        if window.session.call is not None:
            window.banner.show_message(
                worded(
                    window.tr("Wrap up the call in progress ({key}) before the follow-up call."),
                    window.tr("Wrap up the call in progress before the follow-up call."),
                    window.menus.wrap_up,
                )
            )
            return
        window.flush()
        try:
            calls = self._ctx.calls.calls(self._case_id)
            last = calls[-1] if calls else None
            window.session.start(
                CallChoice(
                    number=last.number if last is not None else "",
                    caller_name="",
                    case_id=self._case_id,
                    contact_id=last.contact_id if last is not None else None,
                    direction=CallDirection.OUTBOUND,
                )
            )
        except CallnotesError as exc:
            window.banner.show_message(str(exc))
            return
        call = window.session.call
        assert call is not None
        try:
            self._ctx.calls.save_rail_state(call.id, {"playbook": FOLLOW_UP_PLAYBOOK})
        except CallnotesError as exc:
            window.banner.show_message(str(exc))
        self._begin(call)
        self.panel.answer.setFocus()

    def review(self) -> QDialog | None:
        """Ctrl+Shift+R: the team's review of the shown case."""
        if self._case_id is None:
            return None
        from callnotes.ui.resolution.review_dialog import ReviewDialog

        dialog = ReviewDialog(
            self._ctx, self._case_id, self._window, follow_up_keys=self.follow_up_action
        )
        dialog.saved.connect(self._window.timeline.reload)
        dialog.case_chosen.connect(self._window.select_case)
        return self._open(dialog)

    def recurring(self) -> QDialog:
        """Alike issues across cases; choosing one shows its case."""
        from callnotes.ui.resolution.recurring_dialog import RecurringDialog

        client_id = None
        if self._case_id is not None:
            try:
                client_id = self._ctx.cases.get_case(self._case_id).client_id
            except CallnotesError:
                client_id = None
        dialog = RecurringDialog(
            self._ctx.recurring.groups, client_id, self._window.runner, self._window
        )
        dialog.case_chosen.connect(self._window.select_case)
        return self._open(dialog)

    def hand_back(self) -> QDialog | None:
        """Hand the case back to the usual contact, with the handover document."""
        if self._case_id is None:
            return None
        from callnotes.ui.resolution.handback_dialog import HandbackDialog

        dialog = HandbackDialog(self._ctx, self._case_id, self._window)
        dialog.changed.connect(self._window.timeline.reload)
        dialog.preview_requested.connect(lambda: self._window.show_documents("handover"))
        return self._open(dialog)

    def close_case(self) -> QDialog | None:
        """Close the case, carrying open commitments over when the agent says so."""
        if self._case_id is None:
            return None
        from callnotes.ui.resolution.handback_dialog import CloseCaseDialog

        dialog = CloseCaseDialog(self._ctx, self._case_id, self._window)
        dialog.closed.connect(lambda _case: self._window.refresh())
        dialog.closed.connect(lambda _case: self._window.timeline.reload())
        return self._open(dialog)

    # -- reactions -------------------------------------------------------------------------------

    def _begin(self, call: CallRecord) -> None:
        window = self._window
        try:
            playbook = self._ctx.playbooks.get(FOLLOW_UP_PLAYBOOK)
            if playbook.id != FOLLOW_UP_PLAYBOOK:
                raise PlaybookError("The follow-up call script could not be read.")
            self._script = self._ctx.follow_up.script(call.case_id, playbook)
        except (CallnotesError, PlaybookError) as exc:
            window.banner.show_message(str(exc))
            return
        window.rail.set_playbook(
            self._script.playbook, rail_values(self._ctx.settings, window.session.card)
        )
        window.rail.set_call(call.case_id, call.id)
        self.panel.start(call.case_id, call.id, self._script)
        self.panel.show_step(self._script.playbook.steps[window.rail.current])
        self._update_actions()

    def _on_rail_step_changed(self, index: int) -> None:
        if self._script is not None and 0 <= index < len(self._script.playbook.steps):
            self.panel.show_step(self._script.playbook.steps[index])

    def _on_panel_recorded(self) -> None:
        self._window.timeline.reload()
        self._window.issues.show_case(self.panel.case_id)

    def _on_session_call_ended(self, _call: CallRecord) -> None:
        if self._script is None:
            return
        self._script = None
        self.panel.stop()
        try:
            playbook = self._ctx.playbooks.get()
        except PlaybookError as exc:
            self._window.banner.show_message(str(exc))
        else:
            self._window.rail.set_playbook(playbook, rail_values(self._ctx.settings, None))
        self._update_actions()

    # -- helpers --------------------------------------------------------------------------------

    def _is_follow_up(self, call_id: int) -> bool:
        try:
            return self._ctx.calls.rail_state(call_id).get("playbook") == FOLLOW_UP_PLAYBOOK
        except CallnotesError:
            return False

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
