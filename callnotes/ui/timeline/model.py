"""A case's timeline as a Qt table model: time, kind and text of each entry.

The kind cell also says whether the client reads the entry in their documents. Notes committed
with Enter and not stored yet follow the stored entries, marked "saving…" (or "not saved yet").
"""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from callnotes.domain.timeline import (
    EntryKind,
    EntryRecord,
    client_may_read,
    client_reads_by_default,
)
from callnotes.domain.timestamps import day_and_month
from callnotes.ui.common.kind_labels import kind_label as kind_label  # where it was first

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TIME_COLUMN, KIND_COLUMN, TEXT_COLUMN = range(3)
_COLUMN_COUNT = 3
_ROOT = QModelIndex()
# A tooltip is a glance, not a reader: very long notes are cut there (never in the table).
_TOOLTIP_CHARS = 600
_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


@dataclass(eq=False)  # each Enter is one pending note, even with the same text
class PendingEntry:
    """A note committed with Enter that is not stored yet (the write is in line, or retried)."""

    case_id: int
    text: str
    kind: EntryKind
    for_client: bool
    at: datetime
    problem: str = ""  # why the last try failed; empty while it is being saved
    uid: str = ""  # the note's uid, once it is in line
    unshared: bool = False  # the team database could not be reached: kept on this computer


class TimelineModel(QAbstractTableModel):
    """Entries of one case in recorded order; times shown in *tz* (None: the computer's zone)."""

    def __init__(self, parent: QObject | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._entries: list[EntryRecord] = []  # in id order (the order recorded)
        self._ids: list[int] = []  # their ids, to find a row without a scan
        self._pending: list[PendingEntry] = []

    def set_entries(self, entries: Sequence[EntryRecord]) -> None:
        """Replace every stored entry shown (the pending ones stay after them)."""
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda e: e.id)
        self._ids = [e.id for e in self._entries]
        self.endResetModel()

    def append_entry(self, entry: EntryRecord) -> None:
        """Add one stored entry in its place (after the others, before any pending one)."""
        self.merge_entries([entry])

    def merge_entries(self, entries: Sequence[EntryRecord]) -> bool:
        """Show *entries*: those shown already are redrawn in place if they changed, the others
        inserted in recorded order; nothing is reset. True when rows were added."""
        added = False
        for entry in entries:
            row = bisect_left(self._ids, entry.id)
            if row < len(self._ids) and self._ids[row] == entry.id:
                if self._entries[row] != entry:
                    self._entries[row] = entry
                    self.dataChanged.emit(self.index(row, 0), self.index(row, _COLUMN_COUNT - 1))
                continue
            self.beginInsertRows(_ROOT, row, row)
            self._entries.insert(row, entry)
            self._ids.insert(row, entry.id)
            self.endInsertRows()
            added = True
        return added

    @property
    def last_id(self) -> int:
        """The newest stored entry shown (0: none)."""
        return self._ids[-1] if self._ids else 0

    def count_up_to(self, entry_id: int) -> int:
        """How many stored entries shown are *entry_id* or older."""
        return bisect_right(self._ids, entry_id)

    def show_entries(self, entries: Sequence[EntryRecord]) -> bool:
        """Show *entries*, touching only the rows that changed; True when rows were added.

        After a note committed, the read that follows finds what is shown plus, at most, a few
        entries more: those are appended and nothing is reset (a reset lays out every row).
        """
        new, old = list(entries), self._entries
        count = len(old)
        if len(new) < count or [e.id for e in new[:count]] != self._ids:
            self.set_entries(new)
            return True
        for row in range(count):
            if new[row] != old[row]:
                old[row] = new[row]
                self.dataChanged.emit(self.index(row, 0), self.index(row, _COLUMN_COUNT - 1))
        if len(new) == count:
            return False
        self.beginInsertRows(_ROOT, count, len(new) - 1)
        old.extend(new[count:])
        self._ids.extend(e.id for e in new[count:])
        self.endInsertRows()
        return True

    def set_pending(self, pending: Sequence[PendingEntry]) -> None:
        """Show *pending* notes (not stored yet) after the stored entries."""
        first = len(self._entries)
        if len(pending) == len(self._pending):
            self._pending = list(pending)
            if pending:
                last = first + len(pending) - 1
                self.dataChanged.emit(self.index(first, 0), self.index(last, _COLUMN_COUNT - 1))
            return
        if self._pending:
            self.beginRemoveRows(_ROOT, first, first + len(self._pending) - 1)
            self._pending = []
            self.endRemoveRows()
        if pending:
            self.beginInsertRows(_ROOT, first, first + len(pending) - 1)
            self._pending = list(pending)
            self.endInsertRows()

    @property
    def stored_count(self) -> int:
        """How many rows show stored entries (the pending ones come after)."""
        return len(self._entries)

    def pending_at(self, row: int) -> PendingEntry | None:
        """The pending note on *row*, or None when the row shows a stored entry."""
        index = row - len(self._entries)
        return self._pending[index] if 0 <= index < len(self._pending) else None

    def replace_entry(self, entry: EntryRecord) -> None:
        """Show an amended entry in place of its earlier version."""
        row = self.row_of(entry.id)
        if row >= 0:
            self._entries[row] = entry
            self.dataChanged.emit(self.index(row, 0), self.index(row, _COLUMN_COUNT - 1))

    def row_of(self, entry_id: int) -> int:
        """The row showing *entry_id*, or -1."""
        row = bisect_left(self._ids, entry_id)
        return row if row < len(self._ids) and self._ids[row] == entry_id else -1

    def entry_at(self, row: int) -> EntryRecord:
        """The entry shown on *row*."""
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        """Number of entries; a table has no children."""
        return 0 if parent.isValid() else len(self._entries) + len(self._pending)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        """Time, kind and text."""
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            TIME_COLUMN: self.tr("Time"),
            KIND_COLUMN: self.tr("Kind"),
            TEXT_COLUMN: self.tr("Note"),
        }
        return titles.get(section)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """What each cell shows, its tooltip, alignment and the entry id."""
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        pending = self.pending_at(index.row())
        if pending is not None:
            return self._pending_data(pending, index.row(), index.column(), role)
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # Rows grow when a note wraps; time and kind stay level with its first line.
            return _TOP_LEFT
        if role == ENTRY_ID_ROLE:
            return entry.id
        return None

    def _pending_data(self, pending: PendingEntry, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _TOP_LEFT
        if role == Qt.ItemDataRole.ToolTipRole and column == TEXT_COLUMN:
            return pending.problem or self.tr("Being saved")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == TIME_COLUMN:
            return self._time_text(row, pending.at)
        if column == KIND_COLUMN:  # marked as it will be once stored: typed, never internal
            readable = pending.for_client or client_reads_by_default(pending.kind)
            return self._kind_text(pending.kind, readable, pending.for_client)
        if column == TEXT_COLUMN:
            if pending.problem:
                if pending.unshared:
                    return self.tr("{text}\n(not yet shared: kept on this computer)").format(
                        text=pending.text
                    )
                return self.tr("{text}\n(not saved yet: retrying)").format(text=pending.text)
            return self.tr("{text}\n(saving…)").format(text=pending.text)
        return None

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._tz)

    def _time_text(self, row: int, moment: datetime) -> str:
        """``14:05``; the first entry of a day says the day above it (``6 Dec``), so a call
        that runs past midnight, or a case over weeks, reads in order."""
        local = self._local(moment)
        clock = f"{local:%H:%M}"
        if row > 0 and self._row_at(row - 1).date() == local.date():
            return clock
        return f"{day_and_month(local)}\n{clock}"

    def _row_at(self, row: int) -> datetime:
        """When the entry of *row* was written, on this model's clock."""
        pending = self.pending_at(row)
        return self._local(pending.at if pending is not None else self._entries[row].at)

    def _display(self, row: int, entry: EntryRecord, column: int) -> str | None:
        if column == TIME_COLUMN:
            return self._time_text(row, entry.at)
        if column == KIND_COLUMN:
            return self._kind_text(entry.kind, client_may_read(entry), entry.for_client)
        if column == TEXT_COLUMN:
            if entry.amended:
                return self.tr("{text} (amended)").format(text=entry.text)
            return entry.text
        return None

    def _kind_text(self, kind: EntryKind, readable: bool, for_client: bool) -> str:
        """The kind, and whether the client reads it, as the kind column says it."""
        if not readable:
            # On a second line so the column stays narrow; agents read notes back to
            # clients and must see at a glance what is for the team only.
            return self.tr("{kind}\n(internal)").format(kind=kind_label(kind))
        if for_client:
            # A note or action the agent shared: the client reads it too.
            return self.tr("{kind}\nfor the client").format(kind=kind_label(kind))
        return kind_label(kind)

    def _tooltip(self, entry: EntryRecord, column: int) -> str | None:
        if column == TIME_COLUMN:
            return self.tr("{when}, by {author}").format(
                when=f"{self._local(entry.at):%Y-%m-%d %H:%M}", author=entry.author or "?"
            )
        if column == KIND_COLUMN:
            if entry.internal:
                return self.tr("{kind} (internal: not shared with the client)").format(
                    kind=kind_label(entry.kind)
                )
            if not client_may_read(entry):
                return self.tr(
                    "{kind} (not marked for the client: left out of their documents)"
                ).format(kind=kind_label(entry.kind))
            return self.tr("{kind} (the client reads it in their documents)").format(
                kind=kind_label(entry.kind)
            )
        if column != TEXT_COLUMN:
            return None
        # Rich text with everything escaped: a note may itself contain "<b>" or "&".
        parts = [f"<p>{_escaped(entry.text)}</p>"]
        if entry.revisions:  # a marking changed for the client is on record too
            parts.append(f"<p><b>{html.escape(self.tr('Earlier versions'))}</b></p><ul>")
            for revision in entry.revisions:
                kind = kind_label(revision.previous_kind)
                if revision.previous_for_client:
                    kind = self.tr("{kind}, for the client").format(kind=kind)
                line = self.tr("Changed {when} by {who}. Before: [{kind}] {text}").format(
                    when=f"{self._local(revision.revised_at):%Y-%m-%d %H:%M}",
                    who=revision.revised_by or "?",
                    kind=kind,
                    text=revision.previous_text,
                )
                parts.append(f"<li>{_escaped(line)}</li>")
            parts.append("</ul>")
        return "<qt>" + "".join(parts) + "</qt>"


def _escaped(text: str) -> str:
    if len(text) > _TOOLTIP_CHARS:
        text = text[:_TOOLTIP_CHARS] + "…"
    return html.escape(text).replace("\n", "<br>")
