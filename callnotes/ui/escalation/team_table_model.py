"""The team directory's table: one colleague per row, who manages them, availability, clients."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.phones import display_number
from callnotes.domain.team import availability_at, short_when

COLUMNS = ("Name", "Role", "Team", "Manager", "Phone", "Availability", "Usual contact for")


class TeamTableModel(QAbstractTableModel):
    """The team, one member per row (data only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._members: list[TeamMemberRecord] = []
        self._now: datetime | None = None
        self._clients: dict[int, list[str]] = {}

    def set_members(
        self,
        members: Sequence[TeamMemberRecord],
        now: datetime,
        clients: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        """Show *members*, their availability as at *now*, and the names of the clients each
        is the usual contact of (*clients*, by member id)."""
        self.beginResetModel()
        self._members = list(members)
        self._now = now
        self._clients = {k: list(v) for k, v in (clients or {}).items()}
        self.endResetModel()

    def member_at(self, row: int) -> TeamMemberRecord | None:
        """The member on *row*, or None."""
        return self._members[row] if 0 <= row < len(self._members) else None

    def row_of(self, member_id: int) -> int | None:
        """The row of *member_id*, or None."""
        return next((n for n, m in enumerate(self._members) if m.id == member_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        """One row per member."""
        return 0 if parent is not None and parent.isValid() else len(self._members)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        """Name, role, team, manager, phone, availability, clients."""
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = 0
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """The text of one cell."""
        member = self.member_at(index.row()) if index.isValid() else None
        if member is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        column = index.column()
        if column == 0:
            return member.name
        if column == 1:
            return member.role
        if column == 2:
            return member.team
        if column == 3:
            boss = next((m for m in self._members if m.id == member.manager_id), None)
            return boss.name if boss is not None else ""
        if column == 4:
            return display_number(member.phone) if member.phone else ""
        if column == 5:
            return self._availability(member)
        if column == 6:
            return ", ".join(self._clients.get(member.id, []))
        return None

    def _availability(self, member: TeamMemberRecord) -> str:
        now = self._now
        if now is None:
            return ""
        seen = availability_at(member, now)
        if seen.available or seen.until is None:
            return self.tr("Available")
        text = self.tr("Away until {when}").format(when=short_when(seen.until, now))
        text = f"{text} — {seen.reason}" if seen.reason else text
        stand_in = next((m.name for m in self._members if m.id == member.stand_in_id), "")
        if stand_in:
            text += self.tr(" · covered by {name}").format(name=stand_in)
        return text
