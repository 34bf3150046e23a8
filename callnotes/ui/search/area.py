"""View ▸ Find (Ctrl+F) in the call window: the search popup and what opening a result does.

Opening a result shows its case the way choosing it in the case list does: the draft being
typed is saved first, and a call in progress stays the call in progress (the call bar and the
client card keep following it). When that moves the window off the call's case, the popup
says so and offers the way back.

The area is given the cases the list shows (*cases*) and where the popup's top edge goes
(*top*, under the call bar); it asks the shell for the Timeline tab (``timeline_wanted``) and
for the keyboard in the issue list (``issue_list_focus_wanted``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from callnotes.domain.cases import CaseSummary
from callnotes.ui.common.deferred import deferred
from callnotes.ui.search.popup import MAX_RESULTS, SearchActions, SearchPopup
from callnotes.ui.search.results import ResultKind, SearchResult

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.ui.common.host import WindowHost


class SearchArea(QObject):
    """Opens the search over the window and carries out what the agent picks in it."""

    timeline_wanted = Signal()  # show the Timeline tab (back on the call's case)
    issue_list_focus_wanted = Signal()  # an issue was opened: the keyboard goes to the list

    def __init__(
        self,
        host: WindowHost,
        ctx: AppContext,
        *,
        cases: Callable[[], Sequence[CaseSummary]],
        top: Callable[[], int] = lambda: 0,
    ) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._search = ctx.search
        self._find_cases = deferred(lambda: ctx.case_finder.find)  # built at the first search
        self._cases = cases
        self._top = top
        self._case_id: int | None = None
        self._return_to: QWidget | None = None
        self._opened: SearchResult | None = None
        self.popup: SearchPopup | None = None
        menu = host.menu("view")
        first = menu.actions()[0] if menu.actions() else None
        self.action = host.add_command(
            menu, self.tr("&Find a client, issue or note…"), "Ctrl+F", self.open
        )
        if first is not None:  # first in the View menu, apart from the tabs
            menu.insertAction(first, self.action)
            menu.insertSeparator(first)

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows: its client is what “only this client” means."""
        self._case_id = case_id
        if self.popup is not None:
            self.popup.set_client(self._client())

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Searching never holds a call back."""
        return []

    def open(self) -> SearchPopup:
        """Show the search over the window, the query field ready for typing."""
        popup = self.popup if self.popup is not None else self._build()
        window = self._host.dialog_parent
        if not popup.isVisible():
            focus = QApplication.focusWidget()
            inside = focus is not None and focus.window() is window
            self._return_to = focus if inside else None
            self._opened = None
        popup.set_client(self._client())
        popup.open_over(window, self._top())  # under the call bar: the call's time stays in view
        return popup

    # -- reactions -------------------------------------------------------------------------

    def _on_popup_result_activated(self, result: SearchResult) -> None:
        host = self._host
        popup = self.popup
        assert popup is not None
        call = host.current_call()

        def missing() -> None:  # erased since it was found
            self._opened = None
            popup.show_outcome(popup.tr("That case is no longer in the list."))

        host.select_case(result.case_id, if_missing=missing)
        self._opened = result
        lines = [
            popup.tr("Showing “{case}”, {client}.").format(
                case=result.case_title, client=result.client_name
            )
        ]
        away = call is not None and call.case_id != result.case_id
        if call is not None and away:
            lines.append(
                popup.tr(
                    "You are still on the call about “{case}”; its draft is saved. "
                    "Notes typed now go to the case shown."
                ).format(case=self._title(call.case_id))
            )

        def say_missing(missing: str) -> None:  # the case has been read and lacks the item
            if self.popup is popup:
                popup.show_outcome(" ".join([lines[0], missing, *lines[1:]]), offer_back=away)

        popup.show_outcome(" ".join(lines), offer_back=away)
        if result.kind is ResultKind.ISSUE:
            missing_issue = popup.tr("That issue is no longer on it.")
            host.show_issue(result.item_id, lambda: say_missing(missing_issue))
        elif result.kind is ResultKind.CASE:
            self.timeline_wanted.emit()
        else:
            missing_note = popup.tr("That note is no longer on it.")
            host.show_entry(result.item_id, lambda: say_missing(missing_note))

    def _on_popup_back_requested(self) -> None:
        call = self._host.current_call()
        popup = self.popup
        if call is None or popup is None:
            return
        self._host.select_case(call.case_id)
        self.timeline_wanted.emit()
        self._opened = None
        popup.show_outcome(
            popup.tr("Back on the call's case, “{case}”.").format(case=self._title(call.case_id))
        )

    def _on_popup_finished(self, _result: int) -> None:
        """Closed: the cursor goes where the agent types next."""
        opened, self._opened = self._opened, None
        self._host.dialog_parent.activateWindow()
        if opened is not None and opened.kind is ResultKind.ISSUE:
            self.issue_list_focus_wanted.emit()
        elif opened is not None:
            self._host.focus_editor()
        elif self._return_to is not None and shiboken6.isValid(self._return_to):
            self._return_to.setFocus()
        self._return_to = None

    # -- helpers ---------------------------------------------------------------------------

    def _build(self) -> SearchPopup:
        search = self._search
        popup = SearchPopup(
            SearchActions(
                search=lambda query, client_id, older: search.search_page(
                    query, limit=MAX_RESULTS, client_id=client_id, below=older
                ),
                cases=self._cases,
                find_cases=lambda query, client_id, listed: self._find_cases(
                    query, listed=listed, client_id=client_id
                ),
            ),
            self._host.runner,
            self._host.dialog_parent,
        )
        popup.result_activated.connect(self._on_popup_result_activated)
        popup.back_requested.connect(self._on_popup_back_requested)
        popup.finished.connect(self._on_popup_finished)
        self.popup = popup
        return popup

    def _case(self, case_id: int | None) -> CaseSummary | None:
        return next((case for case in self._cases() if case.id == case_id), None)

    def _client(self) -> tuple[int, str] | None:
        case = self._case(self._case_id)
        return (case.client_id, case.client_name) if case is not None else None

    def _title(self, case_id: int) -> str:
        case = self._case(case_id)
        return case.title if case is not None else ""
