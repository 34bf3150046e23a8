"""View ▸ Find (Ctrl+F) in the call window: the search popup and what opening a result does.

Opening a result shows its case the way choosing it in the case list does: the draft being
typed is saved first, and a call in progress stays the call in progress (the call bar and the
client card keep following it). When that moves the window off the call's case, the popup
says so and offers the way back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget

from callnotes.domain.cases import CaseSummary
from callnotes.ui.search.popup import MAX_RESULTS, SearchActions, SearchPopup
from callnotes.ui.search.results import ResultKind, SearchResult
from callnotes.ui.shell.main_window import ISSUES_TAB, TIMELINE_TAB

if TYPE_CHECKING:
    from callnotes.ui.shell.main_window import MainWindow


class SearchTools:
    """Opens the search over the window and carries out what the agent picks in it."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._case_id: int | None = None
        self._return_to: QWidget | None = None
        self._opened: SearchResult | None = None
        self.popup: SearchPopup | None = None
        menu = window.menus.view
        first = menu.actions()[0] if menu.actions() else None
        self.action = window.menus.add(
            menu, window.tr("&Find a client, issue or note…"), "Ctrl+F", self.open
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
        if not popup.isVisible():
            focus = QApplication.focusWidget()
            inside = focus is not None and focus.window() is self._window
            self._return_to = focus if inside else None
            self._opened = None
        popup.set_client(self._client())
        bar = self._window.call_bar  # stays in view: the call's time and buttons
        popup.open_over(self._window, bar.mapTo(self._window, QPoint(0, bar.height())).y())
        return popup

    # -- reactions -------------------------------------------------------------------------

    def _on_popup_result_activated(self, result: SearchResult) -> None:
        window = self._window
        popup = self.popup
        assert popup is not None
        call = window.session.call
        if not window.select_case(result.case_id):
            popup.show_outcome(popup.tr("That case is no longer in the list."))
            return
        self._opened = result
        if result.kind is ResultKind.ISSUE:
            window.tabs.setCurrentIndex(ISSUES_TAB)
            found = window.issues.select_issue(result.item_id)
            missing = popup.tr("That issue is no longer on it.")
        else:
            window.tabs.setCurrentIndex(TIMELINE_TAB)
            found = result.kind is ResultKind.CASE or window.timeline.select_entry(result.item_id)
            missing = popup.tr("That note is no longer on it.")
        lines = [
            popup.tr("Showing “{case}”, {client}.").format(
                case=result.case_title, client=result.client_name
            )
        ]
        if not found:
            lines.append(missing)
        away = call is not None and call.case_id != result.case_id
        if call is not None and away:
            lines.append(
                popup.tr(
                    "You are still on the call about “{case}”; its draft is saved. "
                    "Notes typed now go to the case shown."
                ).format(case=self._title(call.case_id))
            )
        popup.show_outcome(" ".join(lines), offer_back=away)

    def _on_popup_back_requested(self) -> None:
        window = self._window
        call = window.session.call
        popup = self.popup
        if call is None or popup is None:
            return
        window.select_case(call.case_id)
        window.tabs.setCurrentIndex(TIMELINE_TAB)
        self._opened = None
        popup.show_outcome(
            popup.tr("Back on the call's case, “{case}”.").format(case=self._title(call.case_id))
        )

    def _on_popup_finished(self, _result: int) -> None:
        """Closed: the cursor goes where the agent types next."""
        window = self._window
        opened, self._opened = self._opened, None
        window.activateWindow()
        if opened is not None and opened.kind is ResultKind.ISSUE:
            window.issues.list_view.setFocus()
        elif opened is not None:
            window.focus_editor()
        elif self._return_to is not None and shiboken6.isValid(self._return_to):
            self._return_to.setFocus()
        self._return_to = None

    # -- helpers ---------------------------------------------------------------------------

    def _build(self) -> SearchPopup:
        window = self._window
        search = window.ctx.search

        def cases() -> list[CaseSummary]:
            model = window.case_model
            return [model.case_at(row) for row in range(model.rowCount())]

        popup = SearchPopup(
            SearchActions(
                search=lambda query, client_id: search.search(
                    query, limit=MAX_RESULTS, client_id=client_id
                ),
                cases=cases,
            ),
            window.runner,
            window,
        )
        popup.result_activated.connect(self._on_popup_result_activated)
        popup.back_requested.connect(self._on_popup_back_requested)
        popup.finished.connect(self._on_popup_finished)
        self.popup = popup
        return popup

    def _case(self, case_id: int | None) -> CaseSummary | None:
        model = self._window.case_model
        row = model.row_of(case_id) if case_id is not None else None
        return model.case_at(row) if row is not None else None

    def _client(self) -> tuple[int, str] | None:
        case = self._case(self._case_id)
        return (case.client_id, case.client_name) if case is not None else None

    def _title(self, case_id: int) -> str:
        case = self._case(case_id)
        return case.title if case is not None else ""
