"""A case's timeline as a Qt table model: time, kind and text of each entry.

The kind cell also says whether the client reads the entry in their documents.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from callnotes.domain.timeline import EntryKind, EntryRecord, client_may_read

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TIME_COLUMN, KIND_COLUMN, TEXT_COLUMN = range(3)
_COLUMN_COUNT = 3
_ROOT = QModelIndex()
# A tooltip is a glance, not a reader: very long notes are cut there (never in the table).
_TOOLTIP_CHARS = 600
_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


def kind_label(kind: EntryKind) -> str:
    """The kind's short name, passed through the translator under the ``EntryKind`` context."""
    return QCoreApplication.translate("EntryKind", kind.label)


class TimelineModel(QAbstractTableModel):
    """Entries of one case in recorded order; times shown in *tz* (None: the computer's zone)."""

    def __init__(self, parent: QObject | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._entries: list[EntryRecord] = []

    def set_entries(self, entries: Sequence[EntryRecord]) -> None:
        """Replace every entry shown."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def append_entry(self, entry: EntryRecord) -> None:
        """Add one entry at the end, as the service returned it."""
        row = len(self._entries)
        self.beginInsertRows(_ROOT, row, row)
        self._entries.append(entry)
        self.endInsertRows()

    def replace_entry(self, entry: EntryRecord) -> None:
        """Show an amended entry in place of its earlier version."""
        for row, shown in enumerate(self._entries):
            if shown.id == entry.id:
                self._entries[row] = entry
                self.dataChanged.emit(self.index(row, 0), self.index(row, _COLUMN_COUNT - 1))
                return

    def row_of(self, entry_id: int) -> int:
        """The row showing *entry_id*, or -1."""
        return next((n for n, e in enumerate(self._entries) if e.id == entry_id), -1)

    def entry_at(self, row: int) -> EntryRecord:
        """The entry shown on *row*."""
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        """Number of entries; a table has no children."""
        return 0 if parent.isValid() else len(self._entries)

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
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # Rows grow when a note wraps; time and kind stay level with its first line.
            return _TOP_LEFT
        if role == ENTRY_ID_ROLE:
            return entry.id
        return None

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._tz)

    def _display(self, entry: EntryRecord, column: int) -> str | None:
        if column == TIME_COLUMN:
            return f"{self._local(entry.at):%H:%M}"
        if column == KIND_COLUMN:
            if not client_may_read(entry):
                # On a second line so the column stays narrow; agents read notes back to
                # clients and must see at a glance what is for the team only.
                return self.tr("{kind}\n(internal)").format(kind=kind_label(entry.kind))
            if entry.for_client:
                # A note or action the agent shared: the client reads it too.
                return self.tr("{kind}\nfor the client").format(kind=kind_label(entry.kind))
            return kind_label(entry.kind)
        if column == TEXT_COLUMN:
            if entry.amended:
                return self.tr("{text} (amended)").format(text=entry.text)
            return entry.text
        return None

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
