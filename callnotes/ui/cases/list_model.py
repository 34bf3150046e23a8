"""The case list as a Qt item model, read a page at a time as it is scrolled.

The model holds the cases read so far, always in the list's order (most recently active
first). The first pages are contiguous: every case up to the last one read (its *edge*) is
here, and the next page is read after it (``canFetchMore``/``fetchMore``, which the view calls
when its end comes into sight), off the GUI thread, through the window's task runner. A case
put in by hand (opened from a search, say) may stand beyond the edge, at its place in the
order: the pages read later come in before it.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from callnotes.domain.cases import CaseSummary, ListPosition, list_position
from callnotes.errors import CallnotesError
from callnotes.ui.common.bidi import isolated
from callnotes.ui.common.case_labels import open_issues_label, status_label

if TYPE_CHECKING:
    from callnotes.services.cases.cases import CaseService
    from callnotes.ui.common.task_runner import TaskRunner

__all__ = ["PAGE_SIZE", "CaseListActions", "CaseListModel", "open_issues_label", "status_label"]

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
CASE_DETAIL_ROLE = Qt.ItemDataRole.UserRole + 3
#: Cases read per page as the list is scrolled (a few screenfuls).
PAGE_SIZE = 200
_ROOT = QModelIndex()


@dataclass(frozen=True)
class CaseListActions:
    """What the case list reads, each a read-only unit of work made off the GUI thread."""

    #: The *limit* cases after a place in the list (from the top when None), most recently
    #: active first.
    read_page: Callable[[ListPosition | None, int], list[CaseSummary]]
    #: The cases of some ids that exist (an erased one is left out), in list order.
    read_cases: Callable[[Iterable[int]], list[CaseSummary]]
    #: One case; :class:`~callnotes.errors.NotFoundError` if it does not exist.
    read_case: Callable[[int], CaseSummary]

    @classmethod
    def from_services(cls, cases: CaseService) -> CaseListActions:
        """Wire every read to the case service."""
        return cls(
            read_page=cases.case_page, read_cases=cases.cases_by_id, read_case=cases.get_case
        )


def _order(case: CaseSummary) -> tuple[float, int]:
    """The list's order as an ascending key: most recently active first, then newest."""
    return (-case.last_activity_at.timestamp(), -case.id)


def _key(position: ListPosition) -> tuple[float, int]:
    return (-position[0].timestamp(), -position[1])


class CaseListModel(QAbstractListModel):
    """The cases read so far, in the list's order; more are read as the view asks."""

    #: A page read as the view scrolled has come in (or the list was found complete).
    page_read = Signal()
    #: A page could not be read: why.
    page_failed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        actions: CaseListActions | None = None,
        runner: TaskRunner | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._runner = runner
        self._page_size = page_size
        self._cases: list[CaseSummary] = []
        self._rows: dict[int, int] = {}  # case id → row
        # Every case up to this place is here (None: none yet); more may follow if _more.
        self._edge: ListPosition | None = None
        self._more = False
        self._reading: ListPosition | None = None  # the edge a page is being read after

    # -- pages ---------------------------------------------------------------------------

    def set_cases(
        self,
        cases: Sequence[CaseSummary],
        *,
        more: bool = False,
        beyond: Sequence[CaseSummary] = (),
    ) -> None:
        """Show *cases* — the first of the list, in its order — and nothing else; with
        *more*, the cases after them are read as the view scrolls to them. *beyond*: cases put
        in beyond them (see :meth:`put_case`)."""
        self.beginResetModel()
        self._take(cases, more, beyond)
        self.endResetModel()

    def update_cases(
        self,
        cases: Sequence[CaseSummary],
        *,
        more: bool = False,
        beyond: Sequence[CaseSummary] = (),
    ) -> bool:
        """Show *cases* as :meth:`set_cases` does, touching only the lines that changed when
        the same cases are listed in the same order; False when the list had to be replaced
        whole (a reset)."""
        ids = {case.id for case in cases}
        new = sorted([*cases, *(c for c in beyond if c.id not in ids)], key=_order)
        if [c.id for c in new] != [c.id for c in self._cases]:
            self.set_cases(cases, more=more, beyond=beyond)
            return False
        old = self._cases
        self._take(cases, more, beyond)
        for row, case in enumerate(self._cases):
            if case != old[row]:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        return True

    def _take(
        self, cases: Sequence[CaseSummary], more: bool, beyond: Sequence[CaseSummary]
    ) -> None:
        pages = sorted(cases, key=_order)
        self._edge = list_position(pages[-1]) if pages else None
        self._more = more and bool(pages)
        self._reading = None
        ids = {case.id for case in pages}
        self._cases = sorted([*pages, *(c for c in beyond if c.id not in ids)], key=_order)
        self._index_rows()

    @property
    def has_more(self) -> bool:
        """Whether cases older than those read may follow (read as the view scrolls)."""
        return self._more

    @property
    def reading(self) -> bool:
        """Whether a page is being read."""
        return self._reading is not None

    @property
    def pages_length(self) -> int:
        """How many cases the pages read hold (the first rows, without the cases put in
        beyond them)."""
        if self._edge is None:
            return 0
        edge = _key(self._edge)
        return bisect.bisect_right(self._cases, edge, key=_order)

    def beyond_pages(self) -> list[int]:
        """The ids of the cases put in beyond the pages read (see :meth:`put_case`)."""
        return [case.id for case in self._cases[self.pages_length :]]

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:  # noqa: N802
        """Whether the view may ask for the next page now."""
        return (
            not parent.isValid()
            and self._more
            and self._reading is None
            and self._actions is not None
            and self._runner is not None
        )

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> None:  # noqa: N802
        """Read the next page off the GUI thread; its cases come in when it arrives."""
        if not self.canFetchMore(parent):
            return
        assert self._actions is not None and self._runner is not None
        after, read_page, limit = self._edge, self._actions.read_page, self._page_size
        self._reading = after

        def failed(error: CallnotesError) -> None:
            if self._reading == after:
                self._reading = None
            self.page_failed.emit(str(error))

        self._runner.submit(
            lambda: read_page(after, limit),
            on_result=lambda cases: self._add_page(after, cases),
            on_error=failed,
            key=("case-page", id(self)),
            owner=self,
        )

    def _add_page(self, after: ListPosition | None, cases: list[CaseSummary]) -> None:
        if self._reading != after or self._edge != after:
            return  # the list was read again meanwhile: this page follows an old edge
        self._reading = None
        self._more = len(cases) >= self._page_size
        if not cases:
            self.page_read.emit()
            return
        self._edge = list_position(cases[-1])
        new = [case for case in cases if case.id not in self._rows]
        if new and (not self._cases or _order(self._cases[-1]) < _order(new[0])):
            # The usual page: after every line shown, in one insertion.
            start = len(self._cases)
            self.beginInsertRows(_ROOT, start, start + len(new) - 1)
            self._cases.extend(new)
            self._index_from(start)
            self.endInsertRows()
            added = {case.id for case in new}
            self.merge_cases((c for c in cases if c.id not in added), newer_only=True)
        else:
            self.merge_cases(cases, newer_only=True)
        self.page_read.emit()

    # -- lines ---------------------------------------------------------------------------

    def put_case(self, case: CaseSummary) -> None:
        """Show *case* now, at its place in the order: its line redrawn (and moved) if it is
        listed, else put in — even beyond the pages read (a case a call has just started
        on, or opened from a search); the pages read later come in before it."""
        self.merge_cases([case], put=True)

    def refresh_cases(self, fresh: Sequence[CaseSummary]) -> None:
        """Redraw the lines of *fresh*, each moved to its place in the order — most recently
        active first — when its activity changed; a case not listed comes in if its place is
        among the pages read (a note on an older case, from another desktop), and is left to
        its page otherwise. The work is the few lines that changed, not the whole list.
        Selection and current row follow the cases they were on (Qt's persistent indexes)."""
        self.merge_cases(fresh)

    def merge_cases(
        self, cases: Iterable[CaseSummary], *, put: bool = False, newer_only: bool = False
    ) -> None:
        """Each of *cases* at its place: see :meth:`refresh_cases` (and with *put*,
        :meth:`put_case`). With *newer_only*, a case listed already keeps its line when the
        one given is older (a page read before a note was written: its line came since)."""
        edge = _key(self._edge) if self._edge is not None else None
        for case in cases:
            row = self.row_of(case.id)
            if row is None:
                if not put and self._more and (edge is None or _order(case) > edge):
                    continue  # its page will bring it
                place = bisect.bisect_left(self._cases, _order(case), key=_order)
                self.beginInsertRows(_ROOT, place, place)
                self._cases.insert(place, case)
                self._index_from(place)
                self.endInsertRows()
                continue
            if newer_only and self._cases[row].last_activity_at > case.last_activity_at:
                continue
            self._move(row, case)

    def _move(self, row: int, case: CaseSummary) -> None:
        del self._cases[row]
        place = bisect.bisect_left(self._cases, _order(case), key=_order)
        self._cases.insert(row, case)
        if place == row:
            if self._cases[row] != case:
                self._cases[row] = case
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
            return
        # Qt's destination is the row before which the moved row lands, counted before
        # the move: one more when moving down.
        destination = place if place < row else place + 1
        self.beginMoveRows(_ROOT, row, row, _ROOT, destination)
        del self._cases[row]
        self._cases.insert(place, case)
        for moved in range(min(row, place), max(row, place) + 1):
            self._rows[self._cases[moved].id] = moved
        self.endMoveRows()
        self.dataChanged.emit(self.index(place, 0), self.index(place, 0))

    def remove_cases(self, case_ids: Iterable[int]) -> None:
        """Take the lines of *case_ids* away (erased cases); those not listed are ignored."""
        for case_id in case_ids:
            row = self.row_of(case_id)
            if row is None:
                continue
            self.beginRemoveRows(_ROOT, row, row)
            del self._cases[row]
            del self._rows[case_id]
            self._index_from(row)
            self.endRemoveRows()

    def _index_rows(self) -> None:
        self._rows = {case.id: row for row, case in enumerate(self._cases)}

    def _index_from(self, start: int) -> None:
        for row in range(start, len(self._cases)):
            self._rows[self._cases[row].id] = row

    def set_open_issue_count(self, case_id: int, count: int) -> None:
        """The issue list of *case_id* changed: its line and tooltip say the new count."""
        row = self.row_of(case_id)
        if row is None or self._cases[row].open_issue_count == count:
            return
        self._cases[row] = replace(self._cases[row], open_issue_count=count)
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def case_at(self, row: int) -> CaseSummary:
        """The case shown on *row*."""
        return self._cases[row]

    def row_of(self, case_id: int) -> int | None:
        """The row showing *case_id*, or None when it is not listed."""
        return self._rows.get(case_id)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        """Number of cases; a list has no children."""
        if parent.isValid():
            return 0
        return len(self._cases)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Title and client for display; id, status and issue count through other roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        case = self._cases[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{case.title}\n{self._detail(case)}"
        if role == CASE_TITLE_ROLE:
            return case.title
        if role == CASE_DETAIL_ROLE:
            return self._detail(case)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("<b>{title}</b><br>{client}<br>Status: {status}<br>{issues}").format(
                title=html.escape(case.title),
                client=html.escape(case.client_name),
                status=html.escape(status_label(case.status)),
                issues=html.escape(open_issues_label(case.open_issue_count)),
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("{title}, {client}, {status}, {issues}").format(
                title=case.title,
                client=case.client_name,
                status=status_label(case.status),
                issues=open_issues_label(case.open_issue_count),
            )
        if role == CASE_ID_ROLE:
            return case.id
        return None

    def _detail(self, case: CaseSummary) -> str:
        return self.tr("{client} · {status}").format(
            client=isolated(case.client_name), status=status_label(case.status)
        )
