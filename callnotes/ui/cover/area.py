"""Covering for a colleague: the cover brief (Ctrl+Shift+A) and "since you left" (Ctrl+Shift+D).

Both are commands of the Documents menu and open a dialog of their own; reads go through the
window's task runner, acknowledgements through its write queue, and both dialogs redraw from
the change notice. The stand-in is named where the absence is set: the team directory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from callnotes.ui.cover.actions import CoverActions

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.ui.common.host import WindowHost
    from callnotes.ui.common.write_queue import WriteQueue
    from callnotes.ui.cover.brief_dialog import CoverBriefDialog
    from callnotes.ui.cover.since_you_left_dialog import SinceYouLeftDialog

BRIEF_KEYS, SINCE_KEYS = "Ctrl+Shift+A", "Ctrl+Shift+D"


class CoverArea(QObject):
    """The two commands and their dialogs, on *host*."""

    def __init__(self, host: WindowHost, ctx: AppContext, *, writes: WriteQueue) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._writes = writes
        self._actions = CoverActions.from_context(ctx)
        self.brief_dialog: CoverBriefDialog | None = None
        self.since_dialog: SinceYouLeftDialog | None = None
        menu = host.menu("documents")
        menu.addSeparator()
        add = host.add_command
        self.brief_action = add(
            menu, self.tr("Co&ver brief for a colleague away…"), BRIEF_KEYS, self.show_brief
        )
        self.since_action = add(
            menu, self.tr("Since you &left (back from an absence)…"), SINCE_KEYS, self.show_since
        )

    # The area's interface (see ui/shell/areas.py) -----------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Nothing follows the shown case: the brief spans a colleague's clients."""

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Nothing to warn about at wrap-up."""
        return []

    # Commands -----------------------------------------------------------------------------

    def show_brief(self) -> CoverBriefDialog:
        """Ctrl+Shift+A: the cover brief of a colleague away."""
        if self.brief_dialog is not None:
            self.brief_dialog.raise_()
            self.brief_dialog.activateWindow()
            return self.brief_dialog
        # Imported when first opened: the print support is not loaded at start-up.
        from callnotes.ui.cover.brief_dialog import CoverBriefDialog

        dialog = CoverBriefDialog(
            self._actions, self._host.runner, self._host.changes, self._host.dialog_parent
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._on_brief_dialog_destroyed)
        self.brief_dialog = dialog
        dialog.open()
        return dialog

    def show_since(self) -> SinceYouLeftDialog:
        """Ctrl+Shift+D: what happened on a returning colleague's clients, to acknowledge."""
        if self.since_dialog is not None:
            self.since_dialog.raise_()
            self.since_dialog.activateWindow()
            return self.since_dialog
        from callnotes.ui.cover.since_you_left_dialog import SinceYouLeftDialog

        dialog = SinceYouLeftDialog(
            self._actions,
            self._host.runner,
            self._writes,
            self._host.changes,
            self._host.dialog_parent,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._on_since_dialog_destroyed)
        self.since_dialog = dialog
        dialog.open()
        return dialog

    def _on_brief_dialog_destroyed(self) -> None:
        self.brief_dialog = None

    def _on_since_dialog_destroyed(self) -> None:
        self.since_dialog = None
