"""Escalation: the ladder from the usual contact up, the attempts, and who knows the client."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callnotes.ui.main_window import MainWindow


class EscalationTools:
    """Plugs this area into the call window (see case_tools)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._case_id: int | None = None

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows."""
        self._case_id = case_id

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """What is still open on *case_id*, listed before a call is wrapped up."""
        return []
