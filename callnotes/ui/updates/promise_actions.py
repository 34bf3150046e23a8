"""Acting on promises from the Updates tab and the reminder bar: kept, cancelled, edited."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog

from callnotes.domain.reminders import DEFAULT_SNOOZE
from callnotes.errors import CallnotesError
from callnotes.ui.updates.commitment_dialog import CommitmentDialog

if TYPE_CHECKING:
    from callnotes.ui.updates.tools import UpdateTools


class PromiseActions(QObject):
    """The promise actions of the updates area (*tools* gives the services and the panel)."""

    def __init__(self, tools: UpdateTools) -> None:
        super().__init__(tools)
        self._tools = tools
        self.commitment_dialog: CommitmentDialog | None = None
        self.cancel_box: QInputDialog | None = None

    def keep_selected(self) -> None:
        """Ctrl+K: the promise chosen in the Updates tab was kept (first press shows the tab)."""
        tools = self._tools
        item = tools.panel.selected_open_commitment()
        if not tools.tab_shown() or item is None:
            tools.show_tab()
            return
        self.keep(item.id)

    def cancel_selected(self) -> None:
        """Ctrl+Shift+K: cancel the chosen promise, with an optional reason."""
        tools = self._tools
        item = tools.panel.selected_open_commitment()
        if not tools.tab_shown() or item is None:
            tools.show_tab()
            return
        self.ask_cancel(item.id)

    def keep(self, commitment_id: int) -> None:
        """Mark a promise kept."""
        ctx = self._tools.ctx
        self._tools.act(lambda: ctx.commitments.mark_kept(commitment_id))

    def ask_cancel(self, commitment_id: int) -> QInputDialog:
        """Ask why (optional), then cancel the promise."""
        ctx = self._tools.ctx
        box = QInputDialog(self._tools.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle(self.tr("Cancel promise"))
        box.setLabelText(self.tr("Why is it no longer needed? (optional)"))
        box.setOkButtonText(self.tr("Cancel the promise"))
        box.setCancelButtonText(self.tr("Keep it"))
        box.textValueSelected.connect(
            lambda why: self._tools.act(lambda: ctx.commitments.cancel(commitment_id, why))
        )
        self.cancel_box = box
        box.open()
        return box

    def edit(self, commitment_id: int) -> CommitmentDialog | None:
        """Open the promise for editing: text, due time (client time), who keeps it."""
        tools = self._tools
        view, case_id = tools.panel.view, tools.case_id
        item = next((c for c in view.commitments if c.id == commitment_id), None) if view else None
        if item is None or case_id is None or view is None or not item.is_open:
            return None
        dialog = CommitmentDialog(
            item,
            owners=[m.name for m in tools.ctx.clients.team()],
            read_due=lambda text: tools.ctx.updates.read_promise(case_id, text),
            now=tools.ctx.clock(),
            zone=ZoneInfo(view.plan.timezone),
            parent=tools.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.edit_requested.connect(lambda changes: self._on_edit_requested(dialog, changes))
        self.commitment_dialog = dialog
        dialog.open()
        return dialog

    def snooze(self, commitment_id: int) -> None:
        """No reminder about this promise for the next 15 minutes."""
        ctx = self._tools.ctx
        until = ctx.clock() + DEFAULT_SNOOZE
        self._tools.act(lambda: ctx.commitments.snooze(commitment_id, until))

    def _on_edit_requested(self, dialog: CommitmentDialog, changes: dict[str, object]) -> None:
        try:
            self._tools.ctx.commitments.edit(dialog.commitment_id, **changes)  # type: ignore[arg-type]
        except CallnotesError as exc:
            dialog.show_problem(str(exc))
            return
        dialog.accept()
        self._tools.changed()
