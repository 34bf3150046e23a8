"""The kind of the next entry and whether the client reads it, each one key away."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from callnotes.domain.timeline import EntryKind, client_reads_by_default
from callnotes.ui.common.key_names import follow_keys, with_key
from callnotes.ui.timeline.entry_edit_dialog import CAPTURE_KINDS, FOR_CLIENT_SHORTCUT
from callnotes.ui.timeline.model import kind_label

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


class KindChooser(QWidget):
    """The kind chooser and the "For the client" toggle beside it.

    Their keys (:attr:`kind_actions`, :attr:`for_client_action`) answer anywhere in the window,
    from another tab too: the Entry menu shows them.
    """

    editor_wanted = Signal()  # a key was pressed: the agent is about to type the entry
    choice_changed = Signal()  # the kind or the marking changed (kept with the draft)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.kind_actions = self._build_kind_actions()
        self.for_client_action = self._build_for_client_action()

        self._kind.currentIndexChanged.connect(self._show_for_client)
        self._kind.currentIndexChanged.connect(self.choice_changed)
        self.for_client_action.toggled.connect(self.choice_changed)
        self._for_client.clicked.connect(self.for_client_action.setChecked)
        follow_keys(self.for_client_action, self._name_for_client_key)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)  # the spacing of the panel's rows, which this row was one of
        row.addWidget(self._kind)
        row.addWidget(self._for_client)

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
        """The "For the client" toggle."""
        return self._for_client

    def start_anew(self) -> None:
        """An entry was committed: the next is a plain note, and each entry is marked anew."""
        self.choose(EntryKind.NOTE, for_client=False)

    def choose(self, kind: EntryKind, *, for_client: bool) -> None:
        """Show *kind* and the marking for the client (a draft's, read back with its text)."""
        self.set_kind(kind)
        self.for_client_action.setChecked(for_client)

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
