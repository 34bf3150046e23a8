"""The case the window opens on, shown while its panels are built.

The frame paints first and the database opens behind it (``application.py``); opening it and
building the panels takes most of a second. Meanwhile the window shows the case at the top of
the case list with its timeline, read from the file in milliseconds
(``storage/first_look.py``): its newest entries, a window's worth (measuring the rows of a
whole long timeline twice held the panels back a tenth of a second), in the same header and
timeline table the panels show them in. The panels then take its place, with the call bar, the
reminders and the guide above the case. It is a look, not a place to work: there is no editor
in it, and it says that the rest is opening.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from callnotes.ui.cases.header import CaseHeader
from callnotes.ui.timeline.model import TimelineModel
from callnotes.ui.timeline.view import TimelineView

if TYPE_CHECKING:
    from callnotes.domain.cases import FirstLook


class FirstLookView(QWidget):
    """The case's header and timeline, laid out where the panels will show them."""

    def __init__(self, look: FirstLook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstLook")
        self.header = CaseHeader(self)
        self.header.show_case(look.case)
        self.model = TimelineModel(self)
        self.model.set_entries(look.entries)
        self.table = TimelineView(self.model, self)
        tabs = QTabWidget(self)
        tabs.setObjectName("mainTabs")
        tabs.addTab(self.table, self.tr("Timeline"))
        tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing here takes keys yet
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = QLabel(
            self.tr("Opening the rest of the case, the note editor and the other panels…"), self
        )
        self.status.setObjectName("firstLookStatus")
        self.status.setWordWrap(True)
        self.status.setEnabled(False)  # the muted colour of a note about the window itself
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)  # as the panels' (ui/shell/panels.py)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.status)
        self.table.show_from_the_end()
