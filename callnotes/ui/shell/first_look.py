"""The case the window opens on, shown while its panels are built.

The frame paints first and the database opens behind it (``application.py``); opening it and
building the panels takes most of a second. Meanwhile the window shows the case at the top of
the case list with its timeline, read from the file in milliseconds
(``storage/first_look.py``): its newest entries, a window's worth (measuring the rows of a
whole long timeline twice held the panels back a tenth of a second), in the same header and
timeline table the panels show them in. The panels then take its place, with the call bar, the
reminders and the guide above the case.

The agent who sees the case may start typing at once (after a restart in the middle of a call,
they will): the look has the note editor's own widget, with the case's saved draft in it, and
takes the keys. What it holds is kept as that draft as the panels keep it — debounced, at most a
second late, in a line of its own off the GUI thread (:class:`LookDraft`, written with the
standard library's ``sqlite3``: SQLAlchemy is not loaded yet) — so the app killed while the
window opens loses no more than the panels would. When the panels take over, their editor holds
the same text and adopts the draft once the look's line has stored what was in it: nothing is
written twice, nor older over newer. No note can be entered before the database is open, so Enter
there breaks the line and the note is entered with the next Enter in the panels' editor; the line
above it says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import NoteDraft
from callnotes.ui.cases.header import CaseHeader
from callnotes.ui.common.autosave import DraftAutosaver, SaveState
from callnotes.ui.common.write_queue import WriteQueue
from callnotes.ui.timeline.model import TimelineModel
from callnotes.ui.timeline.note_editor import NoteEditor
from callnotes.ui.timeline.view import TimelineView

if TYPE_CHECKING:
    from callnotes.domain.cases import FirstLook


_MARGIN_TOP = 6

#: ``keep(case_id, note)``: store *note* as the draft of the case's note editor.
KeepDraft = Callable[[int, NoteDraft], None]


class LookDraft(QObject):
    """The case's note draft while the first look shows it: its saves, in a line of their own.

    It outlives the look (the window owns it), so that a save still in line when the panels take
    over is stored, and the panels' editor adopts the draft once it is (:meth:`when_stored`).
    """

    def __init__(self, case_id: int, draft: NoteDraft, keep: KeepDraft, parent: QObject) -> None:
        super().__init__(parent)
        self.case_id = case_id
        self.shown = draft
        self._stored = draft
        self.line = WriteQueue(self)
        self.autosaver = DraftAutosaver(
            lambda _key, note: keep(case_id, note), self, queue=self.line
        )
        self.autosaver.set_key(note_draft_key(case_id), draft)
        self.autosaver.saved.connect(self._on_saved)

    def typed(self, text: str) -> None:
        """The look's editor holds *text* now (with the draft's own kind and marking)."""
        self.shown = NoteDraft(text, self.shown.kind, self.shown.for_client)
        self.autosaver.text_changed(self.shown)

    def when_stored(self, then: Callable[[NoteDraft], None]) -> None:
        """Save what is unsaved now; call *then* with the draft as stored once nothing of it
        is left in line (at once when nothing is)."""
        self.autosaver.flush()
        if not self.line.pending:
            then(self._stored)
            return

        def drained() -> None:
            self.line.drained.disconnect(drained)
            then(self._stored)

        self.line.drained.connect(drained)

    def drain(self, wait_ms: int) -> bool:
        """Save what is unsaved and wait (at most *wait_ms*) for it to be stored."""
        self.autosaver.flush()
        return self.line.drain(wait_ms)

    def _on_saved(self, _key: str, note: NoteDraft) -> None:
        self._stored = note


class FirstLookView(QWidget):
    """The case's header and timeline, and the note editor, laid out as the panels lay them."""

    def __init__(
        self,
        look: FirstLook,
        draft: LookDraft,
        parent: QWidget | None = None,
        *,
        top: int = 0,
    ) -> None:
        """*top*: where the panels put the case's header, from the window's top (0: unknown);
        the look leaves the room above it empty, for the call bar and the guide to come."""
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
        self.editor.setText(draft.shown.text)
        self.editor.textChanged.connect(lambda: draft.typed(self.editor.text()))
        draft.autosaver.state_changed.connect(self._on_save_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, _MARGIN_TOP, 8, 8)  # as the panels' (ui/shell/panels.py)
        layout.setSpacing(6)
        if (room := top - _MARGIN_TOP) > 0:  # (a spacer takes no spacing beside it)
            layout.addSpacing(room)
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

    def _on_save_state(self, state: SaveState, message: str) -> None:
        # The look's saves are retried as the panels' are; while they fail, the agent is told
        # why (not muted: it is about their note), and when they are stored after all.
        if state is SaveState.FAILED:
            self.status.setText(message)
            self.status.setEnabled(True)
        elif state is SaveState.SAVED and self.status.isEnabled():
            self.status.setText(self.tr("Saved. Opening the rest of the case…"))
            self.status.setEnabled(False)

    def _on_editor_submitted(self, _text: str) -> None:
        # Nothing is stored yet: the line breaks, and the note waits for the panels' Enter.
        self.editor.insertPlainText("\n")
        self.status.setText(
            self.tr("Opening… Your note is kept: Enter stores it once the window is open.")
        )
