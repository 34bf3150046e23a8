"""A case's issues as a Qt list model, in the order agreed with the client; rows can be moved.

The model holds :class:`IssueRecord` values and a map of owner names, nothing else: it never
queries. Moving rows (drag and drop, or the keyboard) changes only the model; the panel stores
the new order through the service.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from callnotes.domain.issues import IssueRecord
from callnotes.ui.issues.labels import (
    issue_status_label,
    priority_label,
    priority_tooltip,
    read_aloud,
    short_time,
)

ISSUE_MIME_TYPE = "application/x-callnotes-issue-ids"
ISSUE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ISSUE_ROLE = Qt.ItemDataRole.UserRole + 2
POSITION_ROLE = Qt.ItemDataRole.UserRole + 3
TITLE_ROLE = Qt.ItemDataRole.UserRole + 4
PRIORITY_ROLE = Qt.ItemDataRole.UserRole + 5
PRIORITY_TEXT_ROLE = Qt.ItemDataRole.UserRole + 6
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 7
_ROOT = QModelIndex()
_Index = QModelIndex | QPersistentModelIndex


class IssueListModel(QAbstractListModel):
    """Issues in display order; the row is the position read out to the client."""

    def __init__(self, parent: QObject | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._issues: list[IssueRecord] = []
        self._owners: dict[int, str] = {}
        self._tz = tz

    # Content ---------------------------------------------------------------------------------

    def set_issues(self, issues: Sequence[IssueRecord]) -> None:
        """Replace every issue shown, in the order given."""
        self.beginResetModel()
        self._issues = list(issues)
        self.endResetModel()

    def set_owner_names(self, names: Mapping[int, str]) -> None:
        """Names of team members by id, for the owner shown under each issue."""
        self._owners = dict(names)
        self._changed(0, len(self._issues) - 1)

    def issues(self) -> list[IssueRecord]:
        """The issues, in the order shown."""
        return list(self._issues)

    def issue_ids(self) -> list[int]:
        """The issue ids, in the order shown."""
        return [issue.id for issue in self._issues]

    def issue_at(self, row: int) -> IssueRecord:
        """The issue on *row*."""
        return self._issues[row]

    def row_of(self, issue_id: int) -> int | None:
        """The row showing *issue_id*, or None."""
        for row, issue in enumerate(self._issues):
            if issue.id == issue_id:
                return row
        return None

    def append_issue(self, issue: IssueRecord) -> None:
        """Add a newly raised issue at the end (unagreed issues come last)."""
        row = len(self._issues)
        self.beginInsertRows(_ROOT, row, row)
        self._issues.append(issue)
        self.endInsertRows()

    def update_issue(self, issue: IssueRecord) -> None:
        """Show a changed issue where it is; nothing happens if it is not listed."""
        row = self.row_of(issue.id)
        if row is not None:
            self._issues[row] = issue
            self._changed(row, row)

    def update_issues(self, issues: Iterable[IssueRecord]) -> None:
        """Show several changed issues (such as the ranks the service stored) where they are."""
        for issue in issues:
            self.update_issue(issue)

    def set_order(self, issue_ids: Sequence[int]) -> bool:
        """Show the same issues in another order, keeping selection; False if ids differ."""
        by_id = {issue.id: issue for issue in self._issues}
        if sorted(issue_ids) != sorted(by_id):
            return False
        reordered = [by_id[issue_id] for issue_id in issue_ids]
        if reordered == self._issues:
            return True
        self.layoutAboutToBeChanged.emit()
        new_rows = {issue_id: row for row, issue_id in enumerate(issue_ids)}
        old = self.persistentIndexList()
        new = [self.index(new_rows[self._issues[index.row()].id], 0) for index in old]
        self._issues = reordered
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
        return True

    def move_issue(self, row: int, to_row: int) -> bool:
        """Move the issue on *row* so that it ends up on *to_row*."""
        if not (0 <= row < len(self._issues) and 0 <= to_row < len(self._issues)):
            return False
        if row == to_row:
            return False
        # moveRows wants the row *before which* to insert, counted before the move.
        destination = to_row + 1 if to_row > row else to_row
        return self.moveRows(_ROOT, row, 1, _ROOT, destination)

    # Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 (Qt API)
        """Number of issues; a list has no children."""
        return 0 if parent.isValid() else len(self._issues)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The read-aloud line, the detail line, the priority and its explanation."""
        if not index.isValid() or not 0 <= index.row() < len(self._issues):
            return None
        issue = self._issues[index.row()]
        position = index.row() + 1
        if role == Qt.ItemDataRole.DisplayRole:
            return read_aloud(position, issue)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            detail = self._detail(issue)
            return read_aloud(position, issue) + (f". {detail}" if detail else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return priority_tooltip(issue)
        if role == ISSUE_ID_ROLE:
            return issue.id
        if role == ISSUE_ROLE:
            return issue
        if role == POSITION_ROLE:
            return position
        if role == TITLE_ROLE:
            return issue.title
        if role == PRIORITY_ROLE:
            return issue.priority
        if role == PRIORITY_TEXT_ROLE:
            return priority_label(issue.priority)
        if role == DETAIL_ROLE:
            return self._detail(issue)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Items are dragged; drops land *between* items (on the list), never onto one."""
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt API)
        """Only moves: an issue is never copied."""
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 (Qt API)
        """Only moves."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt API)
        """The issue ids, as JSON."""
        return [ISSUE_MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 (Qt API)
        """The dragged issues' ids, in the order shown."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        mime = QMimeData()
        ids = [self._issues[row].id for row in rows]
        mime.setData(ISSUE_MIME_TYPE, QByteArray(json.dumps(ids).encode()))
        mime.setText("\n".join(read_aloud(row + 1, self._issues[row]) for row in rows))
        return mime

    def canDropMimeData(  # noqa: N802 (Qt API)
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Issues of this list may be moved between rows of it."""
        return action == Qt.DropAction.MoveAction and column <= 0 and bool(self._dropped_rows(data))

    def dropMimeData(  # noqa: N802 (Qt API)
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Move the dropped issues so they sit, in their order, before *row*."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = parent.row() if parent.isValid() else row
        if target < 0 or target > len(self._issues):
            target = len(self._issues)
        moving = [self._issues[row].id for row in self._dropped_rows(data)]
        for issue_id in moving:
            current = self.row_of(issue_id)
            assert current is not None
            if current < target:
                # Lands just above *target*; the next one goes below it, before the same row.
                if current + 1 != target:
                    self.moveRows(_ROOT, current, 1, _ROOT, target)
            else:
                if current != target:
                    self.moveRows(_ROOT, current, 1, _ROOT, target)
                target += 1
        # The rows were moved here; the view must not remove "the originals" afterwards.
        return True

    def moveRows(  # noqa: N802 (Qt API)
        self,
        source_parent: _Index,
        source_row: int,
        count: int,
        destination_parent: _Index,
        destination_child: int,
    ) -> bool:
        """Move *count* rows starting at *source_row* to before *destination_child*."""
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        last = source_row + count - 1
        if source_row < 0 or last >= len(self._issues):
            return False
        if not 0 <= destination_child <= len(self._issues):
            return False
        if source_row <= destination_child <= last + 1:
            return False  # onto itself
        if not self.beginMoveRows(_ROOT, source_row, last, _ROOT, destination_child):
            return False
        moving = self._issues[source_row : last + 1]
        rest = self._issues[:source_row] + self._issues[last + 1 :]
        insert_at = (
            destination_child if destination_child < source_row else destination_child - count
        )
        self._issues = rest[:insert_at] + moving + rest[insert_at:]
        self.endMoveRows()
        # Every row between the two places now has another position number.
        first = min(source_row, insert_at)
        self._changed(first, max(last, insert_at + count - 1))
        return True

    # Helpers ---------------------------------------------------------------------------------

    def _dropped_rows(self, data: QMimeData) -> list[int]:
        if not data.hasFormat(ISSUE_MIME_TYPE):
            return []
        try:
            ids = json.loads(bytes(data.data(ISSUE_MIME_TYPE).data()).decode())
        except (ValueError, UnicodeDecodeError):
            return []
        if not isinstance(ids, list):
            return []
        rows = [self.row_of(i) for i in ids if isinstance(i, int) and not isinstance(i, bool)]
        return sorted(row for row in rows if row is not None)

    def _detail(self, issue: IssueRecord) -> str:
        parts = [issue_status_label(issue.status)]
        if issue.owner_id is not None:
            parts.append(self._owners.get(issue.owner_id, self.tr("owner unknown")))
        if issue.eta is not None:
            parts.append(
                _unbroken(self.tr("ETA {when}").format(when=short_time(issue.eta, self._tz)))
            )
        if issue.deadline is not None:
            parts.append(
                _unbroken(
                    self.tr("deadline {when}").format(when=short_time(issue.deadline, self._tz))
                )
            )
        elif issue.timeframe:
            parts.append(issue.timeframe)
        if issue.business_critical:
            parts.append(self.tr("business-critical"))
        if issue.time_sensitive:
            parts.append(self.tr("time-sensitive"))
        if issue.roadblocks:
            parts.append(self.tr("blocked: {what}").format(what=issue.roadblocks))
        return self.tr(" · ").join(parts)

    def _changed(self, first: int, last: int) -> None:
        if first > last or not self._issues:
            return
        self.dataChanged.emit(self.index(first, 0), self.index(last, 0))


def _unbroken(text: str) -> str:
    # "ETA 13:30" must not wrap between its words in a narrow window.
    return text.replace(" ", "\u00a0")
