"""What the call window offers after the call, gathered in one place.

Each area (escalation, updates and promises, resolution) is its own module with the same small
interface: built with the window, told which case is shown, and asked what is still open before a
call is wrapped up. The window knows only this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QVBoxLayout, QWidget

from callnotes.ui.client_tools import ClientTools
from callnotes.ui.escalation_tools import EscalationTools
from callnotes.ui.investigation_tools import InvestigationTools
from callnotes.ui.resolution_tools import ResolutionTools
from callnotes.ui.search_tools import SearchTools
from callnotes.ui.update_tools import UpdateTools

if TYPE_CHECKING:
    from callnotes.ui.main_window import MainWindow


class NoticeArea(QWidget):
    """A stack of reminder bars under the call bar (update due, escalation waiting, …)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeArea")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.setVisible(False)  # no room taken until a notice shows

    def add_notice(self, widget: QWidget) -> None:
        """Place *widget* in the stack; it shows and hides itself (see ``notice_changed``)."""
        self._layout.addWidget(widget)
        self.notice_changed()

    def notice_changed(self) -> None:
        """Show the area only while one of its notices is shown."""
        shown = any(
            not w.isHidden() for w in self.findChildren(QWidget) if w.parentWidget() is self
        )
        self.setVisible(shown)


class CaseTool(Protocol):
    """One area of after-call work."""

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows."""

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """What is still open on *case_id*, listed before a call is wrapped up."""


class CaseTools:
    """Builds every after-call area for *window* and fans the window's events out to them."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.menu = window.menus.case
        # Built in this order: the Escalation tab comes before the Updates tab.
        self.escalation = EscalationTools(window)
        self.updates = UpdateTools(window)
        self.resolution = ResolutionTools(window)
        self.investigation = InvestigationTools(window, window.ctx)
        self.client = ClientTools(window)  # its own Client menu, before the Case menu
        self.search = SearchTools(window)  # View ▸ Find (Ctrl+F)
        self._tools: list[CaseTool] = [
            self.escalation,
            self.updates,
            self.resolution,
            self.investigation,
            self.client,
            self.search,
        ]

    def show_case(self, case_id: int | None) -> None:
        """Tell every area which case is shown."""
        for tool in self._tools:
            tool.show_case(case_id)

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Everything still open on *case_id*, from every area."""
        return [line for tool in self._tools for line in tool.wrap_up_warnings(case_id)]
