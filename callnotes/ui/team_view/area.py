"""The team view (View ▸ Team view, Ctrl+Shift+E): charts across every open case.

Opens a window of its own; it reads through the window's task runner and redraws from the
change notice. Nothing follows the shown case: the view spans the team's open cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from callnotes.ui.team_view.actions import TeamViewActions

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.ui.common.host import WindowHost
    from callnotes.ui.team_view.dialog import TeamViewDialog

TEAM_VIEW_KEYS = "Ctrl+Shift+E"


class TeamViewArea(QObject):
    """The command and its window, on *host*."""

    def __init__(self, host: WindowHost, ctx: AppContext) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._actions = TeamViewActions.from_context(ctx)
        self.dialog: TeamViewDialog | None = None
        self.action = host.add_command(
            host.menu("view"), self.tr("Team &view of open cases…"), TEAM_VIEW_KEYS, self.show
        )

    # The area's interface (see ui/shell/areas.py) -----------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Nothing follows the shown case: the view spans every open case."""

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Nothing to warn about at wrap-up."""
        return []

    # Commands -----------------------------------------------------------------------------

    def show(self) -> TeamViewDialog:
        """Ctrl+Shift+E: the team view."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        # Imported when first opened: the SVG widgets are not loaded at start-up.
        from callnotes.ui.team_view.dialog import TeamViewDialog

        dialog = TeamViewDialog(
            self._actions, self._host.runner, self._host.changes, self._host.dialog_parent
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_destroyed(self) -> None:
        self.dialog = None
