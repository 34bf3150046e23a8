"""The investigation checklist in the call window: Case ▸ Investigation checklist…"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from callnotes.ui.resolution.investigation_dialog import InvestigationActions, InvestigationDialog

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.ui.shell.main_window import MainWindow


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


class InvestigationTools:
    """Opens the checklist of the shown case; what it records shows on the timeline at once."""

    def __init__(self, window: MainWindow, ctx: AppContext) -> None:
        self._window = window
        self._ctx = ctx
        self._case_id: int | None = None
        self.dialog: InvestigationDialog | None = None
        self.action = window.menus.add(
            window.menus.case, window.tr("&Investigation checklist…"), "Ctrl+Shift+I", self.open
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
            investigation_actions(self._ctx), self._case_id, self._window.runner, self._window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(lambda _record: self._window.timeline.reload())
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.show()
        dialog.activateWindow()
        return dialog

    def _forget(self, dialog: InvestigationDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
