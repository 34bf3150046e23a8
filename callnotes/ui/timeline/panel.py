"""The timeline of one case and the editor where the agent types the next entry.

Nothing typed waits on the database: the draft autosave, each note committed with Enter and each
amendment go, in the order they were made, through one
:class:`~callnotes.ui.common.write_queue.WriteQueue`. Enter clears the editor at once; the note
shows "saving…" at the end of the timeline until it is stored, and stays there, retried, while
the database is locked or the disk is full.

Reads (a case's draft and timeline when it is shown, what changed after a notice) run on the
task runner too. After a change notice the panel reads only what it lacks — entries newer than
the newest it shows and those amended since it last read — so a note committed costs the read
of one entry, not of the hundreds shown.

The panel composes its parts: the table (:mod:`.view`), the editor (:mod:`.note_editor`), the
kind of the next entry (:mod:`.kind_chooser`), the word that says whether what was typed is safe
(:mod:`.save_status`) and the way a note committed goes to the database (:mod:`.note_sender`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from callnotes.domain.changes import ANY_CASE, Changes, Part
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import EntryKind, EntryRecord, NoteDraft, NoteToShare
from callnotes.errors import CallnotesError, ServerUnreachableError
from callnotes.services.cases.timeline import TimelineRead
from callnotes.ui.common.autosave import (
    DEBOUNCE_MS,
    MAX_WAIT_MS,
    RETRY_MS,
    DraftAutosaver,
    SaveState,
)
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner
from callnotes.ui.common.write_queue import FLUSH_WAIT_MS, WriteQueue, is_refusal
from callnotes.ui.timeline.entry_edit_dialog import EntryEditDialog
from callnotes.ui.timeline.kind_chooser import KindChooser
from callnotes.ui.timeline.model import PendingEntry, TimelineModel
from callnotes.ui.timeline.note_editor import NoteEditor
from callnotes.ui.timeline.note_sender import NewEntry, NoteSender
from callnotes.ui.timeline.save_status import SaveStatusLabel
from callnotes.ui.timeline.view import TimelineView

if TYPE_CHECKING:
    from callnotes.ui.common.change_notice import ChangeNotice


@dataclass(frozen=True)
class TimelineActions:
    """What the panel needs from the services."""

    #: (case, after entry, after revision): entries added or amended since; (case, 0, 0): all.
    read_entries: Callable[[int, int, int], TimelineRead]
    add_entry: Callable[[NewEntry], EntryRecord]
    # id, text, kind, for client; started_from: the entry as the agent found it
    amend_entry: Callable[..., EntryRecord]
    #: The note being typed, kept with the kind and marking chosen for it.
    save_draft: Callable[[str, NoteDraft], None]
    load_draft: Callable[[str], NoteDraft]
    #: Notes entered earlier and not stored yet (a team database that could not be reached).
    notes_to_share: Callable[[], list[NoteToShare]] = list
    #: The app's clock: a note's time is when Enter was pressed, however late it is stored.
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    #: A team database: the note is first held on this computer (``hold_entry``, in a line of
    #: local writes with the draft saves, never behind the server's), then shared.
    hold_entry: Callable[[NewEntry], None] | None = None
    share_entry: Callable[[NewEntry], EntryRecord] | None = None
    release_entry: Callable[[NewEntry], None] | None = None


class TimelinePanel(QWidget):
    """Shows a case's entries and appends what the agent types; nothing typed is ever lost.

    *writes* is the line the draft saves and the notes committed with Enter go through, off the
    GUI thread; *reads* the runner its reads go through (without them, a line and a runner that
    run at once: for tests of the panel alone). With *changes*, the table catches up when the
    notice says the shown case's timeline changed.
    """

    entry_added = Signal(object)  # the EntryRecord the service returned, once stored
    entry_amended = Signal(object)
    editor_wanted = Signal()  # a kind key was pressed: the agent is about to type an entry
    draft_shown = Signal()  # the shown case's saved draft has been read and put in the editor
    case_read = Signal(int)  # the case's whole timeline has been read and put in the table

    def __init__(
        self,
        actions: TimelineActions,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        retry_ms: int = RETRY_MS,
        writes: WriteQueue | None = None,
        changes: ChangeNotice | None = None,
        reads: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._writes = (
            writes
            if writes is not None
            else WriteQueue(self, runner=SynchronousTaskRunner(self), retry_ms=retry_ms)
        )
        self._pending: list[PendingEntry] = []  # notes committed with Enter, not stored yet
        self._reads = reads if reads is not None else SynchronousTaskRunner(self)
        self._case_id: int | None = None
        self._loaded: int | None = None  # the case whose whole timeline the table shows
        # An entry asked for while the case's timeline was on its way, and what to do if the
        # case turns out not to have it.
        self._wanted: tuple[int, Callable[[], None] | None] | None = None
        self._last_revision = 0  # the newest amendment the table has caught up with
        self._draft_wanted: int | None = None  # the case whose draft is being read
        self._entered_early: list[PendingEntry] = []  # Enter pressed before the first case
        # The first look's typing, taken over: its case, and how to learn its draft as stored.
        self._adopted: tuple[int, Callable[[Callable[[NoteDraft], None]], None]] | None = None
        self._call_id: int | None = None
        self._model = TimelineModel(self, tz=tz)
        self._table = TimelineView(self._model, self)
        self._banner = BannerWidget(self)
        self._editor = NoteEditor(self)
        self._editor.setObjectName("noteInput")
        self._editor.setAccessibleName(self.tr("New entry"))
        self._chooser = KindChooser(self)
        self._status = SaveStatusLabel(self._banner, self)
        self._sender = NoteSender(
            self._writes,
            actions.add_entry,
            self,
            hold=actions.hold_entry,
            share=actions.share_entry,
            release=actions.release_entry,
            retry_ms=retry_ms,
        )
        self._autosaver = DraftAutosaver(
            actions.save_draft,
            self,
            debounce_ms=debounce_ms,
            max_wait_ms=max_wait_ms,
            retry_ms=retry_ms,
            queue=self._sender.drafts_line,
        )
        self.kind_actions = self._chooser.kind_actions
        self.for_client_action = self._chooser.for_client_action
        self.edit_action = QAction(self.tr("&Amend selected entry…"), self)
        self.edit_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.edit_action.triggered.connect(self.edit_selected)
        self.addAction(self.edit_action)

        self._editor.submitted.connect(self._on_editor_submitted)
        self._editor.textChanged.connect(self._on_editor_text_changed)
        self._editor.focus_left.connect(self._autosaver.flush)
        self._editor.notice.connect(self._banner.show_message)
        self._autosaver.state_changed.connect(self._on_autosaver_state_changed)
        self._writes.pending_changed.connect(lambda _count: self._show_save_status())
        if changes is not None:
            changes.changed.connect(self._on_changes_changed)
        self._table.doubleClicked.connect(self.edit_selected)
        self._chooser.editor_wanted.connect(self._on_chooser_editor_wanted)
        self._chooser.choice_changed.connect(self._on_editor_text_changed)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._chooser)
        row.addStretch(1)
        row.addWidget(self._status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._banner)
        layout.addLayout(row)
        layout.addWidget(self._editor)
        # No case yet: the window is reading its first one. The editor takes what is typed
        # meanwhile, kept for that case (see show_case); a window with no case disables it.
        self._editor.setPlaceholderText(
            self.tr("Type and press Enter · Shift+Enter for a new line")
        )

    @property
    def table_view(self) -> TimelineView:
        """The table of entries."""
        return self._table

    @property
    def note_input(self) -> NoteEditor:
        """The editor the agent types into."""
        return self._editor

    @property
    def banner(self) -> BannerWidget:
        """Where save and load problems are shown."""
        return self._banner

    @property
    def model(self) -> TimelineModel:
        """The entries shown."""
        return self._model

    @property
    def draft_shown_already(self) -> bool:
        """Whether the shown case's saved draft is in the editor (it is read off the GUI
        thread when a case is shown)."""
        return self._draft_wanted is None

    @property
    def case_id(self) -> int | None:
        """The case shown, or None."""
        return self._case_id

    @property
    def autosaver(self) -> DraftAutosaver:
        """The draft autosaver (its state is what the status label shows)."""
        return self._autosaver

    @property
    def writes(self) -> WriteQueue:
        """The line of writes (draft saves, notes) this panel waits for when flushed."""
        return self._writes

    @property
    def pending_texts(self) -> list[str]:
        """The notes committed with Enter and not stored yet, oldest first (any case)."""
        return [pending.text for pending in self._pending]

    @property
    def save_status(self) -> str:
        """The save state as shown to the agent."""
        return self._status.text()

    @property
    def kind(self) -> EntryKind:
        """The kind the next entry will have."""
        return self._chooser.kind

    def set_kind(self, kind: EntryKind) -> None:
        """Choose the kind of the next entry."""
        self._chooser.set_kind(kind)

    @property
    def marked_for_client(self) -> bool:
        """Whether the agent marked the next entry for the client."""
        return self._chooser.marked_for_client

    @property
    def for_client_box(self) -> QCheckBox:
        """The "For the client" toggle beside the kind chooser."""
        return self._chooser.for_client_box

    def set_call(self, call_id: int | None) -> None:
        """Entries typed from now on belong to this call (None: between calls)."""
        self._call_id = call_id

    def adopt_typing(
        self,
        case_id: int,
        shown: NoteDraft,
        when_stored: Callable[[Callable[[NoteDraft], None]], None],
    ) -> None:
        """Take over what the first look's editor holds (*shown*, typed at *case_id*'s draft)
        before the first case is shown. Its saves were made elsewhere: *when_stored* calls back
        with the draft as stored once none is left in line, and this editor's own saves of the
        case's draft start from there (nothing saved twice, nothing older saved over newer)."""
        self._adopted = (case_id, when_stored)
        self._editor.blockSignals(True)
        self._editor.setText(shown.text)
        self._editor.blockSignals(False)
        if shown.text:
            self._chooser.choose(shown.kind, for_client=shown.for_client)

    def show_case(self, case_id: int | None) -> None:
        """Show *case_id*'s timeline and its saved draft; the previous draft is flushed first.

        Both are read off the GUI thread and shown on arrival. The agent may type at once: what
        is typed before the draft arrives is kept after it.
        """
        if case_id is not None and case_id == self._case_id:
            self.reload()  # the same case again (the case list was read anew): typing stays
            return
        self._autosaver.flush()
        # Typed before the window had read its first case (at start-up): kept, for that case.
        # Typed for another case: flushed as that case's draft just above.
        typed = self._editor.text()
        if self._adopted is not None and self._adopted[0] != case_id:
            # Typed at the first look of another case: its own draft, kept there by the look.
            self._adopted = None
            typed = ""
            self._chooser.start_anew()
        kept = typed if self._case_id is None and case_id is not None else ""
        left_a_draft = self._case_id is not None and bool(typed)
        self._case_id = case_id
        self._banner.clear()
        self._editor.blockSignals(True)
        self._editor.setText(kept)
        self._editor.blockSignals(False)
        self._autosaver.set_key(None)  # until the draft is known, nothing overwrites it
        if left_a_draft:  # its kind and marking went with it; this case's come with its own
            self._chooser.start_anew()
        self._editor.setEnabled(case_id is not None)
        self._editor.setPlaceholderText(
            self.tr("Type and press Enter · Shift+Enter for a new line")
            if case_id is not None
            else self.tr("Choose or start a case first")
        )
        self._draft_wanted = case_id
        self._loaded = None
        self._wanted = None
        self._model.set_entries([])  # never another case's entries, even for a moment
        if case_id is not None:
            early, self._entered_early = self._entered_early, []
            for entered in early:  # in line before the draft is read: it clears what they were
                self._enter(entered)
            self._read_draft(case_id)
        self.reload()

    def put_in_line(self) -> None:
        """Put the draft's save in line now, without waiting (a draft still being read is
        saved once it has arrived, with what was typed meanwhile)."""
        if self._draft_wanted is None:
            self._autosaver.flush()

    def flush(self, wait_ms: int = FLUSH_WAIT_MS) -> bool:
        """Save the draft now and wait (at most *wait_ms*) for every note in line to be stored;
        False if something is not stored yet (it stays in line and is retried)."""
        if self._draft_wanted is not None:  # what is typed is saved once the draft is known
            loop = QEventLoop()
            self.draft_shown.connect(loop.quit)
            QTimer.singleShot(wait_ms, loop.quit)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            self.draft_shown.disconnect(loop.quit)
        self._autosaver.flush()
        return self._sender.drain(wait_ms)

    def select_entry(self, entry_id: int, if_missing: Callable[[], None] | None = None) -> bool:
        """Select *entry_id* and scroll to it; False when the case shown has no such entry.

        While the case's timeline is being read, the entry is selected once it arrives (True
        meanwhile), and *if_missing* is called if the case turns out not to have it.
        """
        if (row := self._model.row_of(entry_id)) >= 0:
            self._wanted = None
            self._table.show_row(row)
            return True
        if self._case_id is not None and self._loaded != self._case_id:
            self._wanted = (entry_id, if_missing)
            return True
        if if_missing is not None:
            if_missing()
        return False

    def reload(self) -> None:
        """Read the shown case's whole timeline again (off the GUI thread); the text being typed
        is kept."""
        self._show_pending()
        if self._case_id is not None:
            self._read(self._case_id, 0, 0)

    def _read(self, case_id: int, after_id: int, after_revision: int) -> None:
        read_entries = self._actions.read_entries
        # A read-only unit of work: in WAL it never waits for another program's write.
        self._reads.submit(
            lambda: read_entries(case_id, after_id, after_revision),
            on_result=lambda read: self._on_entries_read(case_id, after_id, read),
            on_error=lambda error: self._on_read_failed(case_id, error),
            key=("timeline", id(self)),
            owner=self,
        )

    def _on_read_failed(self, case_id: int, error: CallnotesError) -> None:
        if case_id == self._case_id:
            self._banner.show_message(str(error))

    def _on_entries_read(self, case_id: int, after_id: int, read: TimelineRead) -> None:
        if case_id != self._case_id:
            return
        if after_id == 0:
            if self._loaded == case_id:  # read again: only the rows that changed are touched
                self._model.show_entries(read.entries)
            else:
                self._model.set_entries(read.entries)
                self._table.show_from_the_end()
            self._loaded = case_id
            self._last_revision = read.last_revision
            wanted, self._wanted = self._wanted, None
            if wanted is not None:
                self.select_entry(*wanted)
            self.case_read.emit(case_id)
            return
        added = self._model.merge_entries(read.entries)
        self._last_revision = max(self._last_revision, read.last_revision)
        if self._model.count_up_to(read.last_id) != read.count:
            self.reload()  # entries were removed (an issue taken out, say): read them all
            return
        if added:
            self._table.show_appended()

    def _read_draft(self, case_id: int) -> None:
        if self._adopted is not None and self._adopted[0] == case_id:
            when_stored, self._adopted = self._adopted[1], None
            when_stored(lambda stored: self._on_draft_adopted(case_id, stored))
            return
        key = note_draft_key(case_id)
        known = self._autosaver.unsaved_text(key)
        if known is None and any(p.case_id == case_id for p in self._pending):
            known = NoteDraft("")  # a note in line clears the draft it came from when stored
        if known is not None:  # the line holds newer than the database: no read needed
            self._on_draft_read(case_id, known)
            return
        load_draft = self._actions.load_draft
        self._reads.submit(
            lambda: load_draft(key),
            on_result=lambda draft: self._on_draft_read(case_id, draft),
            on_error=lambda error: self._on_draft_failed(case_id, error),
            key=("timeline-draft", id(self)),
            owner=self,
        )

    def _on_draft_failed(self, case_id: int, error: CallnotesError) -> None:
        self._on_draft_read(case_id, NoteDraft(""))
        self._banner.show_message(str(error))

    def _on_draft_read(self, case_id: int, draft: NoteDraft) -> None:
        if case_id != self._case_id or self._draft_wanted != case_id:
            return
        self._draft_wanted = None
        text = draft.text
        typed = self._editor.text()  # typed while the draft was read: kept after it
        merged = f"{text}\n{typed}" if text and typed else text or typed
        if merged != typed:
            self._editor.blockSignals(True)
            self._editor.setText(merged)
            self._editor.blockSignals(False)
        if text:  # shown as it was typed: a decision stays a decision, a marked note marked
            self._chooser.choose(draft.kind, for_client=draft.for_client)
        self._autosaver.set_key(note_draft_key(case_id), draft)
        if (shown := self._typed()) != draft:
            self._autosaver.text_changed(shown)
        self.draft_shown.emit()

    def _on_draft_adopted(self, case_id: int, stored: NoteDraft) -> None:
        """The first look's draft of *case_id* is *stored*: the editor holds it and what was
        typed since, and saves from here on."""
        if case_id != self._case_id or self._draft_wanted != case_id:
            return
        self._draft_wanted = None
        self._autosaver.set_key(note_draft_key(case_id), stored)
        if (shown := self._typed()) != stored:
            self._autosaver.text_changed(shown)
        self.draft_shown.emit()

    def edit_selected(self) -> None:
        """Open the amend dialog: the row the timeline's cursor is on when the timeline has the
        keyboard, else the selected entry, else the newest (F2 from the editor: the entry just
        committed)."""
        selected = self._table.selectionModel().selectedRows()
        current = self._table.currentIndex()
        if self._table.hasFocus() and current.isValid():
            row = current.row()
        elif selected:
            row = selected[0].row()
        elif self._model.stored_count:
            row = self._model.stored_count - 1
        else:
            self._banner.show_message(self.tr("There is no entry to amend yet."))
            return
        if self._model.pending_at(row) is not None:
            self._banner.show_message(
                self.tr("This note is still being saved: amend it once it is stored.")
            )
            return
        dialog = EntryEditDialog(self._model.entry_at(row), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.amend_requested.connect(
            lambda entry_id, text, kind, for_client: self._on_dialog_amend_requested(
                dialog, entry_id, text, kind, for_client
            )
        )
        dialog.open()

    def _on_dialog_amend_requested(
        self, dialog: EntryEditDialog, entry_id: int, text: str, kind: EntryKind, for_client: bool
    ) -> None:
        """In line behind the notes typed before it (it may amend one just stored); the dialog
        stays open until it is stored, and says why if it is not."""
        amend, began = self._actions.amend_entry, dialog.entry
        self._writes.put(
            lambda: amend(entry_id, text, kind, for_client, started_from=began),
            on_done=lambda entry: self._on_entry_amended(dialog, entry),
            on_failed=lambda error: self._on_amend_failed(dialog, error),
        )

    def _on_entry_amended(self, dialog: EntryEditDialog, entry: EntryRecord) -> None:
        if shiboken6.isValid(dialog):
            dialog.accept()
        if entry.case_id == self._case_id and (row := self._model.row_of(entry.id)) >= 0:
            self._model.replace_entry(entry)
            self._table.resizeRowToContents(row)
        self.entry_amended.emit(entry)
        if entry.kept_beside:  # a colleague amended it meanwhile: theirs shows, ours is kept
            self._banner.show_message(" ".join(sentence for _part, sentence in entry.kept_beside))

    def _on_amend_failed(self, dialog: EntryEditDialog, error: CallnotesError) -> None:
        retrying = not is_refusal(error)
        if shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.show_problem(str(error), retrying=retrying)
        else:
            self._banner.show_message(str(error))

    def _typed(self) -> NoteDraft:
        """What the editor holds, with the kind and marking chosen for it."""
        return NoteDraft(self._editor.text(), self.kind, self.marked_for_client)

    def _on_editor_text_changed(self) -> None:
        self._autosaver.text_changed(self._typed())

    def _on_editor_submitted(self, text: str) -> None:
        if not text.strip() or not self._editor.isEnabled():
            return
        entered = PendingEntry(
            self._case_id or 0, text, self.kind, self.marked_for_client, self._actions.now()
        )
        # The editor is free for the next note at once; this one is in line behind the draft
        # saves before it (the write clears the draft it came from, in the same transaction).
        self._editor.blockSignals(True)
        self._editor.clear()
        self._editor.blockSignals(False)
        self._chooser.start_anew()
        if self._case_id is None:
            # Entered before the window had read its first case (at start-up): kept, and
            # entered in that case once it is known (show_case), in the order entered.
            self._entered_early.append(entered)
            return
        self._autosaver.mark_saved(NoteDraft(""))  # the kind and marking went with the note
        self._enter(entered)

    def _enter(self, entered: PendingEntry) -> None:
        """Put the note *entered* (for the case shown) in line to be stored."""
        assert self._case_id is not None
        pending = replace(entered, case_id=self._case_id)
        entry = NewEntry(
            pending.case_id,
            pending.text,
            pending.kind,
            self._call_id,
            note_draft_key(pending.case_id),
            for_client=pending.for_client,
            entered_at=pending.at,
        )
        self._pending.append(pending)
        self._show_pending()
        self._table.show_appended()
        self._send(entry, pending)

    def send_kept_notes(self) -> None:
        """Send again the notes entered earlier and kept on this computer (the team database
        could not be reached, or the app was closed before they were stored): read off the GUI
        thread, shown as waiting, sent in line before anything typed from now."""
        read = self._actions.notes_to_share
        self._reads.submit(read, on_result=self._on_kept_notes_read, owner=self)

    def _on_kept_notes_read(self, notes: list[NoteToShare]) -> None:
        waiting = {p.uid for p in self._pending}
        for note in notes:
            if note.uid in waiting:
                continue  # in line already
            entry = NewEntry.kept(note)
            pending = PendingEntry(
                note.case_id, note.text, note.kind, note.for_client, note.at, uid=note.uid
            )
            self._pending.append(pending)
            self._send(entry, pending, held=True)
        self._show_pending()

    def _send(self, entry: NewEntry, pending: PendingEntry, *, held: bool = False) -> None:
        pending.uid = entry.uid
        self._sender.send(
            entry,
            on_stored=lambda stored: self._on_entry_stored(pending, stored),
            on_failed=lambda error: self._on_entry_failed(pending, error),
            held=held,
        )

    def shutdown_local(self) -> None:
        """Stop the line of local writes (the window is closing, or let go)."""
        self._sender.shutdown_local()

    def _on_entry_stored(self, pending: PendingEntry, entry: EntryRecord) -> None:
        self._pending = [p for p in self._pending if p is not pending]
        if entry.case_id == self._case_id and self._model.row_of(entry.id) < 0:
            self._model.append_entry(entry)
        self._show_pending()
        self._table.show_appended()
        self._show_save_status()
        self.entry_added.emit(entry)

    def _on_entry_failed(self, pending: PendingEntry, error: CallnotesError) -> None:
        if is_refusal(error):
            # Never stored (its case is gone, say), and never retried: the text goes back to
            # the editor of its case rather than disappear.
            self._pending = [p for p in self._pending if p is not pending]
            if pending.case_id == self._case_id:
                typed = self._editor.text()
                self._editor.setText(f"{pending.text}\n{typed}" if typed else pending.text)
            self._show_pending()
            self._banner.show_message(str(error))
            return
        pending.problem = str(error)
        pending.unshared = isinstance(error, ServerUnreachableError)
        self._show_pending()
        if pending.unshared:
            self._status.show_not_shared(str(error), len(self._pending))
        else:
            self._status.show_failure(str(error))
        self._show_save_status()

    def _show_pending(self) -> None:
        self._model.set_pending([p for p in self._pending if p.case_id == self._case_id])
        self._table.measure_rows(range(self._model.stored_count, self._model.rowCount()))
        self._show_save_status()

    def _on_changes_changed(self, changes: Changes) -> None:
        case_id = self._case_id
        if case_id is None or not changes.touches(Part.TIMELINE, case_id=case_id):
            return
        if self._loaded != case_id or (Part.TIMELINE, ANY_CASE) in changes.items:
            self.reload()  # not read yet, or a statement that may have changed any entry
            return
        self._read(case_id, self._model.last_id, self._last_revision)

    def _on_autosaver_state_changed(self, state: SaveState, message: str) -> None:
        if state is SaveState.FAILED:
            self._status.show_failure(message)
        self._show_save_status()

    def _show_save_status(self) -> None:
        self._status.show_state(self._autosaver.state, self._pending)

    def _on_chooser_editor_wanted(self) -> None:
        self.editor_wanted.emit()  # from another tab too: the entry is typed here
        self._editor.setFocus()
