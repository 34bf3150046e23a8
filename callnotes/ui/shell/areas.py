"""The areas of the call window beyond the call itself, built and wired in one place.

Each area (escalation, updates and promises, resolution, investigation, the client, search) is
its own package with the same small interface: built on a host, told which case is shown, and
asked what is still open before a call is wrapped up. The window knows only this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QVBoxLayout, QWidget

from callnotes.ui.clients.tools import ClientTools
from callnotes.ui.escalation.tools import EscalationTools
from callnotes.ui.resolution.investigation_tools import InvestigationTools
from callnotes.ui.resolution.tools import ResolutionTools
from callnotes.ui.search.tools import SearchTools
from callnotes.ui.updates.tools import UpdateTools

if TYPE_CHECKING:
    from callnotes.ui.shell.main_window import MainWindow


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


class Area(Protocol):
    """One area of the window beyond the call itself (see ``docs/architecture.md``)."""

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows."""

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """What is still open on *case_id*, listed before a call is wrapped up."""


class Areas:
    """Builds every area for *window*, wires each to the panels, and fans out the shown case.

    This is where areas meet: each is handed the window as a
    :class:`~callnotes.ui.common.host.WindowHost` and speaks to the rest by signals connected
    here, one builder function per area. Built in tab order: Escalation, then Updates.
    """

    def __init__(self, window: MainWindow) -> None:
        self.escalation = _escalation(window)
        self.updates = _updates(window)
        self.resolution = _resolution(window)
        self.investigation = _investigation(window)
        self.client = _client(window)
        self.search = _search(window)
        self._areas: list[Area] = [
            self.escalation,
            self.updates,
            self.resolution,
            self.investigation,
            self.client,
            self.search,
        ]

    def show_case(self, case_id: int | None) -> None:
        """Tell every area which case is shown."""
        for area in self._areas:
            area.show_case(case_id)

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Everything still open on *case_id*, from every area."""
        return [line for area in self._areas for line in area.wrap_up_warnings(case_id)]


# -- one builder per area: build it, then wire its signals to the window's panels -----------


def _escalation(window: MainWindow) -> EscalationTools:
    return EscalationTools(window)


def _updates(window: MainWindow) -> UpdateTools:
    return UpdateTools(window)


def _resolution(window: MainWindow) -> ResolutionTools:
    return ResolutionTools(window)


def _investigation(window: MainWindow) -> InvestigationTools:
    return InvestigationTools(window, window.ctx)


def _client(window: MainWindow) -> ClientTools:
    return ClientTools(window)  # the Client menu, before the Case menu


def _search(window: MainWindow) -> SearchTools:
    return SearchTools(window)  # View ▸ Find (Ctrl+F)
