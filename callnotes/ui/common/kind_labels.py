"""How an entry's kind is named on screen, wherever an entry or a kind is shown."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from callnotes.domain.timeline import EntryKind


def kind_label(kind: EntryKind) -> str:
    """The kind's short name, passed through the translator under the ``EntryKind`` context."""
    return QCoreApplication.translate("EntryKind", kind.label)
