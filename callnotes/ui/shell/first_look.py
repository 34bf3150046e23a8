"""The case the window opens on, shown while its panels are built.

The frame paints first and the database opens behind it (``application.py``); opening it and
building the panels takes most of a second. Meanwhile the window shows the case at the top of
the case list with its timeline, read from the file in milliseconds
(``storage/first_look.py``): its newest entries, a window's worth (measuring the rows of a
whole long timeline twice held the panels back a tenth of a second), in the same header and
timeline table the panels show them in. The panels then take its place, with the call bar, the
reminders and the guide above the case.

The agent who sees the case may start typing at once (after a restart in the middle of a call,
they will): the look has the note editor's own widget, which takes the keys, and what it holds
moves into the panels' editor when they take over — after the case's saved draft, as anything
typed while a draft is read. Nothing can be stored before the database is open, so Enter there
breaks the line and the note is stored with the next Enter in the panels' editor; the line
above it says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from callnotes.ui.cases.header import CaseHeader
from callnotes.ui.timeline.model import TimelineModel
from callnotes.ui.timeline.note_editor import NoteEditor
from callnotes.ui.timeline.view import TimelineView

if TYPE_CHECKING:
    from callnotes.domain.cases import FirstLook


class FirstLookView(QWidget):
    """The case's header and timeline, and the note editor, laid out as the panels lay them."""

    def __init__(self, look: FirstLook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstLook")
        self.header = CaseHeader(self)
        self.header.show_case(look.case)
        self.model = TimelineModel(self)
        self.model.set_entries(look.entries)
        self.table = TimelineView(self.model, self)
        tabs = QTabWidget(self)
        tabs.setObjectName("firstLookTabs")
        tabs.addTab(self.table, self.tr("Timeline"))
        tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys go to the note
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = QLabel(self.tr("Opening the rest of the case and the other panels…"), self)
        self.status.setObjectName("firstLookStatus")
        self.status.setWordWrap(True)
        self.status.setEnabled(False)  # the muted colour of a note about the window itself
        self.editor = NoteEditor(self)
        self.editor.setObjectName("firstLookInput")
        self.editor.setAccessibleName(self.tr("New entry"))
        self.editor.setPlaceholderText(self.tr("Type: the note is kept while the window opens"))
        self.editor.submitted.connect(self._on_editor_submitted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)  # as the panels' (ui/shell/panels.py)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.editor)
        self.setFocusProxy(self.editor)
        self.table.show_from_the_end()

    @property
    def typed(self) -> str:
        """What the agent has typed here, for the panels' editor."""
        return self.editor.text()

    def _on_editor_submitted(self, _text: str) -> None:
        # Nothing is stored yet: the line breaks, and the note waits for the panels' Enter.
        self.editor.insertPlainText("\n")
        self.status.setText(
            self.tr("Opening… Your note is kept: Enter stores it once the window is open.")
        )
