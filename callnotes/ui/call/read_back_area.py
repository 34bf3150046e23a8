"""The read-back before hanging up: the recap panel under the guide and its commands.

The area never touches the guide: the shell tells it the step the guide stands at
(:meth:`ReadBackArea.follow_step`) and the end of the call (:meth:`ReadBackArea.end_call`),
and passes the client's confirmation (``confirmed``) on to the guide, which records it in line
with the notes and ticks the step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callnotes.domain.playbooks import Condition, PlaybookStep
from callnotes.ui.call.read_back_panel import CONFIRM_KEYS, ReadBackActions, ReadBackPanel

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.domain.calls import CallRecord
    from callnotes.ui.common.host import WindowHost


class ReadBackArea(QObject):
    """The Call menu's read-back commands and the recap shown under the guide."""

    confirmed = Signal(str)  # what the client confirmed, for the guide to record

    def __init__(self, host: WindowHost, ctx: AppContext) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        service = ctx.read_back
        self.panel = ReadBackPanel(
            ReadBackActions(read_back=service.read_back, email_draft=service.email_draft),
            host.runner,
            host.dialog_parent,
            changes=host.changes,
        )
        host.add_panel(self.panel)  # right under the guide it completes
        self.panel.problem.connect(host.show_message)
        self.panel.confirmed.connect(self.confirmed)
        menu = host.menu("call")
        menu.addSeparator()
        add = host.add_command
        self.confirm_action = add(
            menu, self.tr("Read-back &confirmed by the client"), CONFIRM_KEYS, self.panel.confirm
        )
        self.copy_action = add(menu, self.tr("Copy read-&back as text"), "", self.panel.copy_text)
        self.email_action = add(menu, self.tr("Read-back as e-&mail draft…"), "", self.panel.email)
        self.panel.set_key_action(self.confirm_action)
        self._update_actions()

    # -- the Area interface -------------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """The recap follows the call in progress, not the case shown: nothing to do."""

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """The guide itself says when the read-back was never confirmed."""
        return []

    # -- told by the shell ------------------------------------------------------------------------

    def follow_step(self, step: PlaybookStep | None, done: bool) -> None:
        """The guide stands at *step* (None: no call): the recap shows at a read-back step."""
        call = self._host.current_call()
        if step is not None and step.done_when is Condition.READ_BACK and call is not None:
            self.panel.show_for(call.case_id, confirmed=done)
        else:
            self.panel.hide_recap()
        self._update_actions()

    def end_call(self, _call: CallRecord) -> None:
        """The call ended: the recap goes with it."""
        self.panel.hide_recap()
        self._update_actions()

    def _update_actions(self) -> None:
        shown = self.panel.case_id is not None
        for action in (self.confirm_action, self.copy_action, self.email_action):
            action.setEnabled(shown)
