"""What an area of the call window may ask of the window it lives in.

Areas (escalation, updates, resolution, clients, search, …) never import the shell or each
other: each is handed a :class:`WindowHost` (the main window implements it) and speaks to other
areas by signals that the main window wires. Data changes reach every area through the one
:class:`~callnotes.ui.common.change_notice.ChangeNotice` (``host.changes``), never through a
refresh called by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QWidget

    from callnotes.domain.calls import CallRecord
    from callnotes.ui.common.change_notice import ChangeNotice
    from callnotes.ui.common.task_runner import TaskRunner

#: The menus an area may add commands to.
MenuName = Literal["call", "entry", "view", "client", "case", "documents", "settings"]


class WindowHost(Protocol):
    """The call window as an area sees it."""

    @property
    def runner(self) -> TaskRunner:
        """The window's one task runner: database work and other slow work goes through it."""
        ...

    @property
    def changes(self) -> ChangeNotice:
        """The one change notice: what each commit changed, on the GUI thread."""
        ...

    @property
    def dialog_parent(self) -> QWidget:
        """The widget dialogs and message boxes are opened over."""
        ...

    def add_tab(self, widget: QWidget, title: str) -> None:
        """Add a tab after those already there (areas are built in tab order)."""

    def show_tab(self, widget: QWidget) -> None:
        """Bring the tab holding *widget* to the front."""

    def tab_shown(self, widget: QWidget) -> bool:
        """Whether *widget*'s tab is the one in front."""
        ...

    def add_panel(self, widget: QWidget) -> None:
        """Place *widget* under the call guide (the follow-up answer box, say)."""

    def add_notice(self, widget: QWidget) -> None:
        """Place a reminder bar in the notice area; it shows and hides itself."""

    def notice_changed(self) -> None:
        """A reminder bar showed or hid itself: the notice area takes room only when needed."""

    def menu(self, name: MenuName) -> QMenu:
        """One of the window's menus, to add commands to."""
        ...

    def add_command(
        self, menu: MenuName | QMenu, text: str, keys: str, slot: Callable[[], object] | None
    ) -> QAction:
        """Add a command with its keys, working from anywhere in the window (F1 lists it)."""
        ...

    def command(self, name: str) -> QAction:
        """A command of the window by name (``wrap_up``, ``edit_card``, …) to name its key."""
        ...

    def show_message(self, text: str) -> None:
        """Say *text* in the banner (a user's mistake or a problem, until dismissed)."""

    def clear_message(self, text: str) -> None:
        """Take *text* out of the banner once it no longer applies, if the banner still says
        it (a problem said since stays)."""

    def shown_case_id(self) -> int | None:
        """The case the window shows, if any."""
        ...

    def select_case(self, case_id: int, if_missing: Callable[[], None] | None = None) -> bool:
        """Show *case_id*: True when shown at once; else it is looked for (off the GUI thread)
        and shown, or *if_missing* is called."""
        ...

    def current_call(self) -> CallRecord | None:
        """The call in progress, if any."""
        ...

    def flush(self) -> bool:
        """Save what is being typed; False when it could not be saved yet."""
        ...

    def focus_editor(self) -> None:
        """Put the keyboard back in the note editor."""

    def show_documents(self, kind: str) -> object:
        """Open the shown case's documents at *kind* (status, minutes, handover, …)."""

    def show_entry(self, entry_id: int, if_missing: Callable[[], None]) -> None:
        """Show the Timeline tab with *entry_id* selected, now or once the shown case's
        timeline has been read; *if_missing* is called if the case has no such entry."""

    def show_issue(self, issue_id: int, if_missing: Callable[[], None]) -> None:
        """Show the Issues tab with *issue_id* selected, now or once the shown case's issues
        have been read; *if_missing* is called if the case has no such issue."""
