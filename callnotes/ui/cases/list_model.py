"""The case list as a Qt item model: case summaries in the order the service returns them."""

from __future__ import annotations

import bisect
import html
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from callnotes.domain.cases import CaseSummary
from callnotes.ui.common.case_labels import open_issues_label, status_label

__all__ = ["CaseListModel", "open_issues_label", "status_label"]

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
CASE_DETAIL_ROLE = Qt.ItemDataRole.UserRole + 3
_ROOT = QModelIndex()


def _order(case: CaseSummary) -> tuple[float, int]:
    """The list's order as an ascending key: most recently active first, then newest."""
    return (-case.last_activity_at.timestamp(), -case.id)


class CaseListModel(QAbstractListModel):
    """A list of :class:`CaseSummary`; the window replaces it whole on refresh."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseSummary] = []
        self._rows: dict[int, int] = {}  # case id → row (tens of thousands of cases)

    def set_cases(self, cases: Sequence[CaseSummary]) -> None:
        """Replace every case shown."""
        self.beginResetModel()
        self._cases = list(cases)
        self._index_rows()
        self.endResetModel()

    def put_case(self, case: CaseSummary) -> None:
        """Show *case* now: its line redrawn if it is listed, else added first (the case a
        call has just been started on, before the list is read again)."""
        row = self.row_of(case.id)
        if row is not None:
            self._cases[row] = case
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
            return
        self.beginInsertRows(_ROOT, 0, 0)
        self._cases.insert(0, case)
        self._index_rows()
        self.endInsertRows()

    def _index_rows(self) -> None:
        self._rows = {case.id: row for row, case in enumerate(self._cases)}

    def update_cases(self, cases: Sequence[CaseSummary]) -> bool:
        """Show *cases*, touching only the lines that changed when the same cases are listed in
        the same order; False when the list had to be replaced whole (a reset)."""
        new = list(cases)
        if [c.id for c in new] != [c.id for c in self._cases]:
            self.set_cases(new)
            return False
        for row, case in enumerate(new):
            if case != self._cases[row]:
                self._cases[row] = case
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        return True

    def refresh_cases(self, fresh: Sequence[CaseSummary]) -> None:
        """Redraw the lines of *fresh* (cases listed already), each moved to its place in the
        order — most recently active first — when its activity changed: the work is the few
        lines that changed, not the whole list (a history of a hundred thousand cases).
        Selection and current row follow the cases they were on (Qt's persistent indexes)."""
        for case in fresh:
            row = self.row_of(case.id)
            if row is None:
                continue
            del self._cases[row]
            place = bisect.bisect_left(self._cases, _order(case), key=_order)
            self._cases.insert(row, case)
            if place == row:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
                continue
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
            client=case.client_name, status=status_label(case.status)
        )
