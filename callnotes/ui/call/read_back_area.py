"""The read-back before hanging up: the recap panel under the guide and its commands.

The area never touches the guide: the shell tells it the step the guide stands at
(:meth:`ReadBackArea.follow_step`) and the end of the call (:meth:`ReadBackArea.end_call`),
gives it the title of the guide's read-back step to ask for, and passes the client's
confirmation (``confirmed``) on to the guide, which records it in line with the notes and ticks
the step. The confirm key pressed anywhere else says in the banner where it works, rather than
nothing — until it no longer applies: the guide's step or the case shown changes, the call
ends, or the agent gives the window's next command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from callnotes.domain.playbooks import Condition, PlaybookStep
from callnotes.ui.call.read_back_panel import CONFIRM_KEYS, ReadBackActions, ReadBackPanel
from callnotes.ui.common.deferred import deferred
from callnotes.ui.common.key_names import worded

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.domain.calls import CallRecord
    from callnotes.ui.common.host import WindowHost


class ReadBackArea(QObject):
    """The Call menu's read-back commands and the recap shown under the guide."""

    confirmed = Signal(str)  # what the client confirmed, for the guide to record

    def __init__(
        self, host: WindowHost, ctx: AppContext, read_back_title: Callable[[], str] = lambda: ""
    ) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._read_back_title = read_back_title  # named when the key cannot act
        self._said = ""  # where the key works, as said in the banner (gone once it changes)
        self._said_at: tuple[int | None, str] = (None, "")  # the case and step it was said at
        self._step = ""  # the id of the step the guide stands at ("" without a call)
        # The recap's service reads the whole report context: built at the first recap.
        self.panel = ReadBackPanel(
            ReadBackActions(
                read_back=deferred(lambda: ctx.read_back.read_back),
                email_draft=deferred(lambda: ctx.read_back.email_draft),
            ),
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
            menu, self.tr("Read-back &confirmed by the client"), CONFIRM_KEYS, self._on_confirm
        )
        self.copy_action = add(menu, self.tr("Copy read-&back as text"), "", self.panel.copy_text)
        self.email_action = add(menu, self.tr("Read-back as e-&mail draft…"), "", self.panel.email)
        self.panel.set_key_action(self.confirm_action)
        for name in ("call", "entry", "view", "client", "case", "documents", "settings"):
            host.menu(name).triggered.connect(self._on_menu_triggered)
        self._update_actions()

    # -- the Area interface -------------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """The recap follows the call in progress, not the case shown; where the confirm key
        works was said of the case shown then."""
        if case_id != self._said_at[0]:
            self._withdraw()

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """The guide itself says when the read-back was never confirmed."""
        return []

    # -- told by the shell ------------------------------------------------------------------------

    def follow_step(self, step: PlaybookStep | None, done: bool) -> None:
        """The guide stands at *step* (None: no call): the recap shows at a read-back step."""
        self._step = step.id if step is not None else ""
        if self._step != self._said_at[1]:
            self._withdraw()
        call = self._host.current_call()
        if step is not None and step.done_when is Condition.READ_BACK and call is not None:
            self.panel.show_for(call.case_id, confirmed=done)
        else:
            self.panel.hide_recap()
        self._update_actions()

    def end_call(self, _call: CallRecord) -> None:
        """The call ended: the recap goes with it."""
        self._withdraw()
        self.panel.hide_recap()
        self._update_actions()

    def _on_confirm(self) -> None:
        if self.panel.case_id is not None:
            self.panel.confirm()
            return
        # The key works at one step only: pressed elsewhere, say where rather than nothing.
        title = self._read_back_title()
        if title:
            text = worded(
                self.tr("{key} confirms the read-back at step '{step}' of the guide."),
                self.tr("Read-back confirmed works at step '{step}' of the guide."),
                self.confirm_action,
                step=title,
            )
        else:
            text = worded(
                self.tr("{key} confirms the read-back at the guide's read-back step, on a call."),
                self.tr("Read-back confirmed works at the guide's read-back step, on a call."),
                self.confirm_action,
            )
        self._withdraw()
        self._host.show_message(text)
        self._said = text
        self._said_at = (self._host.shown_case_id(), self._step)

    def _on_menu_triggered(self, action: QAction) -> None:
        if action is not self.confirm_action:
            self._withdraw()  # the agent went on to something else

    def _withdraw(self) -> None:
        """What was said about the confirm key no longer applies: out of the banner."""
        if self._said:
            self._host.clear_message(self._said)
            self._said = ""

    def _update_actions(self) -> None:
        # Confirm stays on, to say where it works; copying needs a recap.
        shown = self.panel.case_id is not None
        for action in (self.copy_action, self.email_action):
            action.setEnabled(shown)
