"""Promises made in the client's name: kept, cancelled with a reason, edited, snoozed, reminded.

The promises are those of the case shown in the Updates panel, read from the panel's view (kept
up to date by the area); every write and the read of who can keep a promise go through the task
runner, and the change notice redraws the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog

from callnotes.domain.reminders import DEFAULT_SNOOZE, CommitmentReminder, commitment_reminders
from callnotes.ui.common.notice_bar import NoticeBar
from callnotes.ui.updates import texts
from callnotes.ui.updates.commitment_dialog import CommitmentDialog
from callnotes.ui.updates.promise_clock import PromiseClock

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from datetime import datetime

    from callnotes.domain.reminders import TrackedCommitment
    from callnotes.errors import CallnotesError
    from callnotes.ui.common.host import WindowHost
    from callnotes.ui.updates.actions import UpdatesActions
    from callnotes.ui.updates.panel import UpdatesPanel


class PromiseTracker(QObject):
    """What the agent does to the promises shown in *panel*, and the "Promise due" bar that
    reminds of the one due first (on *host*'s notice area)."""

    def __init__(
        self,
        host: WindowHost,
        actions: UpdatesActions,
        panel: UpdatesPanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._host = host
        self._actions = actions
        self._panel = panel
        self._case_id: int | None = None
        self._reminder: CommitmentReminder | None = None
        self.commitment_dialog: CommitmentDialog | None = None
        self.cancel_box: QInputDialog | None = None

        self.bar = NoticeBar(self.tr("Promise due"), host.dialog_parent)
        host.add_notice(self.bar)
        self.bar.follow(host.notice_changed)
        self.bar.add_button(
            "kept", self.tr("Kept"), self.tr("Mark the promise kept"), self._keep_reminded
        )
        self.bar.add_button(
            "snooze", self.tr("Snooze 15 min"), self.tr("Remind me again in 15 minutes"),
            self._snooze_reminded,
        )  # fmt: skip

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows (a promise's dialog opens only on its own case)."""
        self._case_id = case_id

    def remind(self, commitments: Iterable[TrackedCommitment], now: datetime) -> None:
        """Show the bar for the promise most overdue at *now* (saying how many more are due),
        or hide it when none is."""
        reminders = commitment_reminders(commitments, now)
        self._reminder = reminders[0] if reminders else None
        if self._reminder is None:
            self.bar.dismiss()
            return
        extra = len(reminders) - 1
        text = texts.reminder_text(self._reminder)
        if extra:
            text += self.tr(" (+{n} more)").format(n=extra)
        self.bar.show_text(text)

    @property
    def reminded(self) -> int | None:
        """The promise the "Promise due" bar reminds of, if it shows."""
        return self._reminder.commitment.id if self._reminder is not None else None

    def keep(self, commitment_id: int) -> None:
        """Mark a promise kept."""
        mark_kept = self._actions.mark_kept
        self._act(lambda: mark_kept(commitment_id))

    def ask_cancel(self, commitment_id: int) -> QInputDialog:
        """Ask why (optional), then cancel the promise."""
        cancel = self._actions.cancel
        box = QInputDialog(self._host.dialog_parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle(self.tr("Cancel promise"))
        box.setLabelText(self.tr("Why is it no longer needed? (optional)"))
        box.setOkButtonText(self.tr("Cancel the promise"))
        box.setCancelButtonText(self.tr("Keep it"))
        box.textValueSelected.connect(lambda why: self._act(lambda: cancel(commitment_id, why)))
        self.cancel_box = box
        box.open()
        return box

    def edit_promise(self, commitment_id: int) -> None:
        """Open the promise for editing: text, due time (client time), who keeps it."""
        view, case_id = self._panel.view, self._case_id
        item = next((c for c in view.commitments if c.id == commitment_id), None) if view else None
        if item is None or case_id is None or view is None or not item.is_open:
            return
        zone = ZoneInfo(view.plan.timezone)
        clock = PromiseClock.of(view.plan)

        def open_dialog(owners: Sequence[str]) -> None:
            if case_id != self._case_id:
                return
            now = self._actions.now
            dialog = CommitmentDialog(
                item,
                owners=owners,
                read_due=lambda text: clock.read(text, now()),
                closed_on=clock.closed_on,
                now=now(),
                zone=zone,
                parent=self._host.dialog_parent,
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.edit_requested.connect(lambda changes: self._on_edit_requested(dialog, changes))
            self.commitment_dialog = dialog
            dialog.open()

        self._host.runner.submit(
            self._actions.owners,
            on_result=open_dialog,
            on_error=self._show_problem,
            key="promise-owners",
            owner=self._panel,
        )

    def snooze(self, commitment_id: int) -> None:
        """No reminder about this promise for the next 15 minutes."""
        snooze = self._actions.snooze
        until = self._actions.now() + DEFAULT_SNOOZE
        self._act(lambda: snooze(commitment_id, until))

    def _on_edit_requested(self, dialog: CommitmentDialog, changes: dict[str, Any]) -> None:
        edit = self._actions.edit_promise
        commitment_id = dialog.commitment_id
        self._host.runner.submit(
            lambda: edit(commitment_id, changes),
            on_result=lambda _done: dialog.accept(),
            on_error=lambda exc: dialog.show_problem(str(exc)),
            owner=dialog,
        )

    def _keep_reminded(self) -> None:
        if self._reminder is not None:
            self.keep(self._reminder.commitment.id)

    def _snooze_reminded(self) -> None:
        if self._reminder is not None:
            self.snooze(self._reminder.commitment.id)

    def _act(self, action: Callable[[], object]) -> None:
        """Run a write off the GUI thread; a problem shows in the banner, the change everywhere
        (through the change notice)."""
        self._host.runner.submit(action, on_error=self._show_problem)

    def _show_problem(self, exc: CallnotesError) -> None:
        self._host.show_message(str(exc))
