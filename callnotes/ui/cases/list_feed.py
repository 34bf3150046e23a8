"""The Cases tab's list kept in step with the database, and the case chosen in it.

At start the first page of the most recent cases is read (:data:`FIRST_CASES`); the model reads
the next pages as the list is scrolled. From then on the list follows the change notice: a
change to a case reads only that case's line again (a note moves its case to the top, an
erased case goes), a change to every case reads the list again, as F5 does. Every read is made
off the GUI thread, through the window's task runner; the case chosen stays chosen throughout,
and the window hears of another only when the chosen one has left the list (``case_chosen``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QSignalBlocker, Signal

from callnotes.domain.changes import ANY_CASE, Changes, Part
from callnotes.errors import CallnotesError, NotFoundError
from callnotes.ui.cases.delegate import case_list_view
from callnotes.ui.cases.list_model import CaseListActions, CaseListModel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListView, QWidget

    from callnotes.domain.cases import CaseSummary
    from callnotes.ui.common.change_notice import ChangeNotice
    from callnotes.ui.common.task_runner import TaskRunner

# The cases read first at start (a screenful and more), and the least read again on F5; the
# list reads the next pages (PAGE_SIZE) as it is scrolled, off the GUI thread.
FIRST_CASES = 50


class CaseListFeed(QObject):
    """Reads the case list into its model and view, keeps it in step with every commit, and
    says which case is chosen in it."""

    #: Another case was chosen in the list (by the agent, or because the chosen one left the
    #: list): the case (a ``CaseSummary``), or None when the list is empty.
    case_chosen = Signal(object)
    #: The chosen case was read again, still chosen: what its line says may have changed
    #: (title, status, open issues); the ``CaseSummary``.
    chosen_case_read = Signal(object)
    #: The first page read at start is listed: True when it held a case (the first is chosen),
    #: False when it held none or could not be read (``problem`` said why just before).
    first_page_listed = Signal(bool)
    #: A read failed: why, in one sentence.
    problem = Signal(str)

    def __init__(
        self,
        actions: CaseListActions,
        runner: TaskRunner,
        parent: QWidget,
        *,
        changes: ChangeNotice | None = None,
    ) -> None:
        """The model and the view (a child of *parent*, for the Cases tab), empty until
        :meth:`read_first`; with *changes*, they follow every commit."""
        super().__init__(parent)
        self._actions = actions
        self._runner = runner
        self._listed = False
        # Read a page at a time as it is scrolled, on the window's runner.
        self.model = CaseListModel(parent, actions=actions, runner=runner)
        self.view: QListView = case_list_view(self.model, parent)
        self.model.page_failed.connect(self.problem)  # a page scrolled to that could not be read
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        if changes is not None:
            changes.changed.connect(self._on_changes_changed)

    # -- public ------------------------------------------------------------------------------

    @property
    def listed(self) -> bool:
        """Whether the case list has been read (its first page: the rest is read as it is
        scrolled, see :class:`~callnotes.ui.cases.list_model.CaseListModel`)."""
        return self._listed

    def chosen_case(self) -> CaseSummary | None:
        """The case chosen in the list, if any."""
        current = self.view.currentIndex()
        return self.model.case_at(current.row()) if current.isValid() else None

    def chosen_case_id(self) -> int | None:
        """The id of the case chosen in the list, if any."""
        chosen = self.chosen_case()
        return chosen.id if chosen is not None else None

    def put_case(self, case: CaseSummary) -> None:
        """List *case* now, at its place in the order (a case opened a moment ago, before the
        list is read again); choosing it is :meth:`select_case`'s."""
        self.model.put_case(case)

    def read_first(self) -> None:
        """At start: the first page of the most recent cases, so the newest is shown at once
        whatever the size of the history (off the GUI thread); the list reads the next pages
        as it is scrolled."""

        def first_read(cases: list[CaseSummary]) -> None:
            self._listed = True
            self._list_cases(cases, more=len(cases) >= FIRST_CASES)
            self.first_page_listed.emit(bool(cases))

        def failed(error: CallnotesError) -> None:
            self.problem.emit(str(error))
            self.first_page_listed.emit(False)

        read_page = self._actions.read_page
        self._runner.submit(
            lambda: read_page(None, FIRST_CASES),
            on_result=first_read,
            on_error=failed,
            key="first-cases",
            owner=self,
        )

    def read_again(self) -> None:
        """The case list again from the database (read on the runner): as many cases from the
        top as were read (a page at least), and those put in beyond them; the chosen case
        stays chosen (see :meth:`_show_cases`)."""
        model = self.model
        limit = max(FIRST_CASES, model.pages_length)
        beyond = model.beyond_pages()
        read_page, read_cases = self._actions.read_page, self._actions.read_cases

        def read() -> tuple[list[CaseSummary], list[CaseSummary]]:
            # Read-only units of work: they never wait for a writer.
            return read_page(None, limit), read_cases(beyond)

        def listed(answer: tuple[list[CaseSummary], list[CaseSummary]]) -> None:
            page, put_in = answer
            self._listed = True
            self._show_cases(page, put_in, more=len(page) >= limit)

        self._runner.submit(
            read,
            on_result=listed,
            on_error=lambda error: self.problem.emit(str(error)),
            key="case-list",
            owner=self,
        )

    def select_case(self, case_id: int, if_missing: Callable[[], None] | None = None) -> bool:
        """Choose *case_id*: at once when it is in the list (True); else once it has been read,
        off the GUI thread, and put in the list at its place in the order (a case opened a
        moment ago, or an old one found by a search: the pages before it come in as the list
        is scrolled), or *if_missing* if it does not exist (erased meanwhile)."""
        row = self.model.row_of(case_id)
        if row is not None:
            self._runner.cancel("wanted-case")
            self.view.setCurrentIndex(self.model.index(row, 0))
            return True

        def found(case: CaseSummary) -> None:
            self.model.put_case(case)
            self.view.setCurrentIndex(self.model.index(self.model.row_of(case.id) or 0, 0))

        def failed(error: CallnotesError) -> None:
            if isinstance(error, NotFoundError):
                if if_missing is not None:
                    if_missing()
                return
            self.problem.emit(str(error))

        read_case = self._actions.read_case
        self._runner.submit(
            lambda: read_case(case_id),
            on_result=found,
            on_error=failed,
            key="wanted-case",
            owner=self,
        )
        return False

    # -- reactions ---------------------------------------------------------------------------

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.case_chosen.emit(self.model.case_at(current.row()) if current.isValid() else None)

    def _on_changes_changed(self, changes: Changes) -> None:
        # A change to a case may move its line, bring it in (a note on an older case from
        # another desktop, if its place is among the pages read) or take it away (erased): only
        # those cases are read (a note: one line, not a hundred thousand).
        if not changes.touches(Part.CASE_LIST, Part.CASE):
            return
        ids = {case for part, case in changes.items if part in (Part.CASE_LIST, Part.CASE)}
        if ANY_CASE in ids:
            self.read_again()
            return
        read_cases = self._actions.read_cases
        self._runner.submit(
            lambda: read_cases(ids),
            on_result=lambda fresh: self._show_case_lines(ids, fresh),
            on_error=lambda error: self.problem.emit(str(error)),
            key=("case-lines", frozenset(ids)),
            owner=self,
        )

    # -- showing what was read ---------------------------------------------------------------

    def _list_cases(
        self,
        cases: list[CaseSummary],
        *,
        more: bool,
        beyond: list[CaseSummary] | None = None,
    ) -> None:
        """Show *cases* from scratch: the chosen case again if it is there, else the first."""
        chosen = self.chosen_case()
        if beyond is None:  # the chosen case stays listed, even if it is not among them
            beyond = [chosen] if chosen is not None else []
        self.model.set_cases(cases, more=more, beyond=beyond)
        if self.model.rowCount() == 0:
            self.case_chosen.emit(None)
            return
        row = self.model.row_of(chosen.id) if chosen is not None else None
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row or 0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def _show_cases(
        self, cases: list[CaseSummary], beyond: list[CaseSummary], *, more: bool
    ) -> None:
        """Show *cases* (and *beyond*, put in beyond them), the chosen case kept in view.

        Quietly: the panels keep showing the same case (what is being typed stays where it is);
        only when the chosen case has left the list is another chosen.
        """
        chosen = self.chosen_case_id()
        fresh = next((case for case in [*cases, *beyond] if case.id == chosen), None)
        if fresh is None:  # the chosen case is gone (erased, say): choose another
            self._list_cases(cases, more=more, beyond=beyond)
            return
        if self.model.update_cases(cases, more=more, beyond=beyond):
            self.chosen_case_read.emit(fresh)  # the same cases: lines redrawn in place
            return
        selection = self.view.selectionModel()
        with QSignalBlocker(selection):
            row = self.model.row_of(fresh.id)
            selection.setCurrentIndex(
                self.model.index(row or 0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
        self.view.viewport().update()
        self.chosen_case_read.emit(fresh)

    def _show_case_lines(self, ids: set[int], fresh: list[CaseSummary]) -> None:
        # Only these lines: redrawn, moved to their place if their activity changed, and
        # taken away if erased (a list of a hundred thousand cases is not rebuilt for one note).
        model = self.model
        model.refresh_cases(fresh)
        chosen = self.chosen_case_id()
        gone = ids - {case.id for case in fresh}
        if chosen is not None and chosen in gone:  # the chosen case was erased: the first
            selection = self.view.selectionModel()
            with QSignalBlocker(selection):
                model.remove_cases(gone)
                if model.rowCount():
                    selection.setCurrentIndex(
                        model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                    )
            self.case_chosen.emit(model.case_at(0) if model.rowCount() else None)
            return
        model.remove_cases(gone)
        shown = next((case for case in fresh if case.id == chosen), None)
        if shown is not None:
            self.chosen_case_read.emit(shown)
