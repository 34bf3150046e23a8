"""The timeline of one case and the editor where the agent types the next entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import EntryKind, EntryRecord, client_reads_by_default
from callnotes.errors import CallnotesError
from callnotes.ui.common.autosave import (
    DEBOUNCE_MS,
    MAX_WAIT_MS,
    RETRY_MS,
    DraftAutosaver,
    SaveState,
)
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.key_names import follow_keys, with_key
from callnotes.ui.timeline.entry_edit_dialog import (
    CAPTURE_KINDS,
    FOR_CLIENT_SHORTCUT,
    EntryEditDialog,
)
from callnotes.ui.timeline.model import TimelineModel
from callnotes.ui.timeline.model import kind_label as kind_label
from callnotes.ui.timeline.note_editor import NoteEditor
from callnotes.ui.timeline.view import TimelineView

# One key each, shown in the Entry menu, beside the kind chooser and in the cheat-sheet.
# Alt with a digit: Alt with a letter belongs to the menus', tabs' and buttons' mnemonics, and a
# key two things answer does neither (tests/ui/test_shortcuts.py keeps it that way).
KIND_SHORTCUTS = {
    EntryKind.NOTE: "Alt+1",
    EntryKind.CLIENT_SAID: "Alt+2",
    EntryKind.ACTION: "Alt+3",
    EntryKind.DECISION: "Alt+4",
    EntryKind.COMMITMENT: "Alt+5",
    EntryKind.NEW_INFORMATION: "Alt+6",
}


@dataclass(frozen=True)
class NewEntry:
    """What the agent committed with Enter."""

    case_id: int
    text: str
    kind: EntryKind
    call_id: int | None
    draft_key: str
    # Marked for the client: a note or action then reaches the client's documents.
    for_client: bool = False


@dataclass(frozen=True)
class TimelineActions:
    """What the panel needs from the services."""

    load_entries: Callable[[int], Sequence[EntryRecord]]
    add_entry: Callable[[NewEntry], EntryRecord]
    amend_entry: Callable[[int, str, EntryKind, bool], EntryRecord]  # id, text, kind, for client
    save_draft: Callable[[str, str], None]
    load_draft: Callable[[str], str]


class TimelinePanel(QWidget):
    """Shows a case's entries and appends what the agent types; nothing typed is ever lost."""

    entry_added = Signal(object)  # the EntryRecord the service returned
    entry_amended = Signal(object)
    editor_wanted = Signal()  # a kind key was pressed: the agent is about to type an entry

    def __init__(
        self,
        actions: TimelineActions,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        retry_ms: int = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._case_id: int | None = None
        self._call_id: int | None = None
        self._save_failure = ""  # the banner text of a failing autosave, cleared on recovery
        self._model = TimelineModel(self, tz=tz)
        self._table = TimelineView(self._model, self)
        self._banner = BannerWidget(self)
        self._editor = NoteEditor(self)
        self._editor.setObjectName("noteInput")
        self._editor.setAccessibleName(self.tr("New entry"))
        self._kind = QComboBox(self)
        self._kind.setObjectName("entryKind")
        self._kind.setAccessibleName(self.tr("Entry kind"))
        for kind in CAPTURE_KINDS:
            self._kind.addItem(f"{kind_label(kind)}  ({KIND_SHORTCUTS[kind]})", kind)
        # Whether the client reads the next entry: a decision the agent makes, one key away.
        self._for_client = QCheckBox(self)
        self._for_client.setObjectName("entryForClient")
        self._for_client.setAccessibleName(self.tr("For the client"))
        self._for_client.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the typing
        self._status = QLabel(self)
        self._status.setObjectName("saveStatus")
        self._status.setAccessibleName(self.tr("Save status"))
        self._autosaver = DraftAutosaver(
            actions.save_draft,
            self,
            debounce_ms=debounce_ms,
            max_wait_ms=max_wait_ms,
            retry_ms=retry_ms,
        )
        self.kind_actions = self._build_kind_actions()
        self.for_client_action = self._build_for_client_action()
        self.edit_action = QAction(self.tr("&Amend selected entry…"), self)
        self.edit_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.edit_action.triggered.connect(self.edit_selected)
        self.addAction(self.edit_action)

        self._editor.submitted.connect(self._on_editor_submitted)
        self._editor.textChanged.connect(self._on_editor_text_changed)
        self._editor.focus_left.connect(self._autosaver.flush)
        self._editor.notice.connect(self._banner.show_message)
        self._autosaver.state_changed.connect(self._on_autosaver_state_changed)
        self._table.doubleClicked.connect(self.edit_selected)
        self._kind.currentIndexChanged.connect(self._show_for_client)
        self._for_client.clicked.connect(self.for_client_action.setChecked)
        follow_keys(self.for_client_action, self._name_for_client_key)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._kind)
        row.addWidget(self._for_client)
        row.addStretch(1)
        row.addWidget(self._status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._banner)
        layout.addLayout(row)
        layout.addWidget(self._editor)
        self.show_case(None)

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
    def case_id(self) -> int | None:
        """The case shown, or None."""
        return self._case_id

    @property
    def autosaver(self) -> DraftAutosaver:
        """The draft autosaver (its state is what the status label shows)."""
        return self._autosaver

    @property
    def save_status(self) -> str:
        """The save state as shown to the agent."""
        return self._status.text()

    @property
    def kind(self) -> EntryKind:
        """The kind the next entry will have."""
        # Qt hands enum members back as plain strings.
        return EntryKind(self._kind.currentData())

    def set_kind(self, kind: EntryKind) -> None:
        """Choose the kind of the next entry."""
        self._kind.setCurrentIndex(max(0, self._kind.findData(kind)))

    @property
    def marked_for_client(self) -> bool:
        """Whether the agent marked the next entry for the client."""
        return self.for_client_action.isChecked()

    @property
    def for_client_box(self) -> QCheckBox:
        """The "For the client" toggle beside the kind chooser."""
        return self._for_client

    def set_call(self, call_id: int | None) -> None:
        """Entries typed from now on belong to this call (None: between calls)."""
        self._call_id = call_id

    def show_case(self, case_id: int | None) -> None:
        """Show *case_id*'s timeline and its saved draft; the previous draft is flushed first."""
        self._autosaver.flush()
        self._case_id = case_id
        self._banner.clear()
        key = note_draft_key(case_id) if case_id is not None else None
        text = ""
        if key is not None:
            try:
                text = self._actions.load_draft(key)
            except CallnotesError as exc:
                self._banner.show_message(str(exc))
        self._editor.blockSignals(True)
        self._editor.setText(text)
        self._editor.blockSignals(False)
        self._autosaver.set_key(key, text)
        self._editor.setEnabled(case_id is not None)
        self._editor.setPlaceholderText(
            self.tr("Type and press Enter · Shift+Enter for a new line")
            if case_id is not None
            else self.tr("Choose or start a case first")
        )
        self.reload()

    def flush(self) -> bool:
        """Save the draft now; False if it could not be saved."""
        return self._autosaver.flush()

    def select_entry(self, entry_id: int) -> bool:
        """Select *entry_id* and scroll to it; False when the case shown has no such entry."""
        if (row := self._model.row_of(entry_id)) < 0:
            return False
        self._table.show_row(row)
        return True

    def reload(self) -> None:
        """Fetch the shown case's entries again; the text being typed is kept."""
        if self._case_id is None:
            self._model.set_entries([])
            return
        try:
            entries = self._actions.load_entries(self._case_id)
        except CallnotesError as exc:
            self._model.set_entries([])
            self._banner.show_message(str(exc))
            return
        self._model.set_entries(entries)
        self._table.show_from_the_end()

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
        elif self._model.rowCount():
            row = self._model.rowCount() - 1
        else:
            self._banner.show_message(self.tr("There is no entry to amend yet."))
            return
        dialog = EntryEditDialog(self._model.entry_at(row), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.amend_requested.connect(self._on_dialog_amend_requested)
        dialog.open()

    def _on_dialog_amend_requested(
        self, entry_id: int, text: str, kind: EntryKind, for_client: bool
    ) -> None:
        try:
            entry = self._actions.amend_entry(entry_id, text, kind, for_client)
        except CallnotesError as exc:
            self._banner.show_message(str(exc))
            return
        self._model.replace_entry(entry)
        self._table.resizeRowToContents(self._model.row_of(entry.id))
        self.entry_amended.emit(entry)

    def _on_editor_text_changed(self) -> None:
        self._autosaver.text_changed(self._editor.text())

    def _on_editor_submitted(self, text: str) -> None:
        if self._case_id is None or not text.strip():
            return
        entry_text = text
        try:
            entry = self._actions.add_entry(
                NewEntry(
                    self._case_id,
                    entry_text,
                    self.kind,
                    self._call_id,
                    note_draft_key(self._case_id),
                    for_client=self.marked_for_client,
                )
            )
        except CallnotesError as exc:
            # The text stays in the editor and in the draft; the agent can retry with Enter.
            self._banner.show_message(str(exc))
            self._autosaver.flush()
            return
        self._banner.clear()
        self._editor.blockSignals(True)
        self._editor.clear()
        self._editor.blockSignals(False)
        self._autosaver.mark_saved("")
        self.set_kind(EntryKind.NOTE)
        self.for_client_action.setChecked(False)  # like the kind: each entry is marked anew
        self._model.append_entry(entry)
        self._table.show_appended()
        self.entry_added.emit(entry)

    def _on_autosaver_state_changed(self, state: SaveState, message: str) -> None:
        if state is SaveState.FAILED:
            self._status.setText(self.tr("Not saved"))
            self._save_failure = self.tr(
                "{problem} Your text is kept here; saving is retried."
            ).format(problem=message)
            self._banner.show_message(self._save_failure)
        elif state is SaveState.UNSAVED:
            self._status.setText(self.tr("Saving…"))
        else:
            self._status.setText(self.tr("Saved"))
            if self._save_failure and self._banner.text() == self._save_failure:
                self._banner.clear()
            self._save_failure = ""

    def _build_kind_actions(self) -> list[QAction]:
        actions = []
        for kind in CAPTURE_KINDS:
            action = QAction(kind_label(kind), self)
            action.setShortcut(QKeySequence(KIND_SHORTCUTS[kind]))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, k=kind: self._choose_kind(k))
            self.addAction(action)
            actions.append(action)
        return actions

    def _build_for_client_action(self) -> QAction:
        action = QAction(self.tr("For the client"), self)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(FOR_CLIENT_SHORTCUT))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(self.tr("The client reads the next note or action in their documents"))
        action.toggled.connect(self._show_for_client)
        action.triggered.connect(self._on_for_client_triggered)
        self.addAction(action)
        return action

    def _on_for_client_triggered(self) -> None:
        self.editor_wanted.emit()  # from another tab too: the entry is typed here
        self._editor.setFocus()

    def _name_for_client_key(self) -> None:
        self._for_client.setText(with_key(self.tr("For the client"), self.for_client_action))
        self._show_for_client()

    def _show_for_client(self) -> None:
        """Tick the toggle when the client will read the next entry: marked, or a kind the client
        reads anyway (the client said, a decision, a promise, new information)."""
        by_default = client_reads_by_default(self.kind)
        self._for_client.setChecked(by_default or self.for_client_action.isChecked())
        self._for_client.setEnabled(not by_default)
        self._for_client.setToolTip(
            self.tr("The client reads every entry of this kind in their documents.")
            if by_default
            else self.tr(
                "Ticked: the client reads this note or action in their documents. "
                "Unticked: it stays with the team."
            )
        )

    def _choose_kind(self, kind: EntryKind) -> None:
        self.set_kind(kind)
        self.editor_wanted.emit()  # from another tab too: the entry is typed here
        self._editor.setFocus()
