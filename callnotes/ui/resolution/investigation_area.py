"""The investigation checklist in the call window: Case ▸ Investigation checklist…

What the checklist records reaches the timeline through the change notice, like any write. Its
drafts and findings go through the window's line of writes (*writes*), in order with the notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from callnotes.ui.resolution.investigation_dialog import InvestigationActions, InvestigationDialog

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.ui.common.host import WindowHost
    from callnotes.ui.common.write_queue import WriteQueue


def investigation_actions(ctx: AppContext) -> InvestigationActions:
    """The dialog's actions, backed by the services."""
    return InvestigationActions(
        load=ctx.investigation.investigation,
        record=ctx.investigation.record,
        link_case=ctx.investigation.link_case,
        issues=ctx.issues.issues,
        seen_before=ctx.issues.seen_before,
        save_draft=ctx.drafts.save,
        load_draft=ctx.drafts.load,
    )


class InvestigationArea(QObject):
    """Opens the checklist of the shown case (Ctrl+Shift+I)."""

    def __init__(self, host: WindowHost, ctx: AppContext, *, writes: WriteQueue) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._writes = writes
        self._actions = investigation_actions(ctx)
        self._case_id: int | None = None
        self.dialog: InvestigationDialog | None = None
        self.action = host.add_command(
            "case", self.tr("&Investigation checklist…"), "Ctrl+Shift+I", self.open
        )

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows (an open checklist stays on its own case)."""
        self._case_id = case_id
        self.action.setEnabled(case_id is not None)

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """The checklist never holds a call back."""
        return []

    def open(self) -> InvestigationDialog | None:
        """Show the checklist of the shown case."""
        if self._case_id is None:
            return None
        if self.dialog is not None:
            self.dialog.close()  # one checklist at a time, on the case shown now
        dialog = InvestigationDialog(
            self._actions,
            self._case_id,
            self._host.runner,
            self._host.dialog_parent,
            writes=self._writes,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.show()
        dialog.activateWindow()
        return dialog

    def _forget(self, dialog: InvestigationDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
