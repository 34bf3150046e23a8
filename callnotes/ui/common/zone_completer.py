"""Suggesting a time zone as the agent types its city: "new york", "Sao Paulo", "europe/lon"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter

from callnotes.domain.time_zones import folded

_KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the zone's name as compared (see folded)


class ZoneCompleter(QCompleter):
    """Zones whose folded name contains what is typed, folded the same way (case, accents,
    ``_`` or a space); choosing one puts its IANA name in the field."""

    def __init__(self, zones: Sequence[str], parent: QObject | None = None) -> None:
        model = QStandardItemModel(parent)
        for zone in zones:
            item = QStandardItem(zone)
            item.setData(folded(zone), _KEY_ROLE)
            model.appendRow(item)
        super().__init__(model, parent)
        self.setCompletionRole(_KEY_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt API)
        """What is typed, compared as the zones' names are: folded."""
        return [folded(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        """The zone's IANA name, not its folded form."""
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")
