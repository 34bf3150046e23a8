"""The issue list itself: drawn to be read aloud, reordered by drag and drop or the keyboard.

Alt+Up / Alt+Down move the selected issue one place, Alt+Home / Alt+End to the top or bottom.
Each move is announced to screen readers ("Labels do not print: now 2 of 4").
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from callnotes.ui.common.key_names import KeySource, key_text
from callnotes.ui.issues.delegate import IssueDelegate
from callnotes.ui.issues.list_model import IssueListModel

# Qt 6.8+: lets a screen reader say what a move did. Older Qt: the list still reads its rows.
_ANNOUNCEMENT = getattr(QtGui, "QAccessibleAnnouncementEvent", None)


class IssueListView(QListView):
    """A single-selection list of issues whose rows the agent moves."""

    #: The keys of the moves or of confirming the order changed: texts naming them follow.
    keys_changed = Signal()

    def __init__(self, model: IssueListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._issues = model
        self.setObjectName("issueList")
        self.setAccessibleName(self.tr("Issues in agreed order"))
        self._confirm_keys: KeySource = None
        #: The moves by key: "up", "down", "top", "bottom".
        self.move_actions: dict[str, QAction] = {}
        self.setModel(model)
        self.setItemDelegate(IssueDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # DragDrop rather than InternalMove: the model accepts only its own issues anyway, and
        # an issue dragged out (into an e-mail, say) arrives as its read-aloud line.
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDragDropOverwriteMode(False)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumHeight(120)
        for name, keys, offset, to_end in (
            ("up", "Alt+Up", -1, None),
            ("down", "Alt+Down", 1, None),
            ("top", "Alt+Home", None, False),
            ("bottom", "Alt+End", None, True),
        ):
            action = QAction(self)
            self.move_actions[name] = action
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(
                lambda _checked=False, o=offset, e=to_end: self.move_selected(o, to_end=e)
            )
            self.addAction(action)
            action.changed.connect(self._show_keys)
        self._show_keys()

    @property
    def confirm_keys(self) -> KeySource:
        """What confirms the order with the client (an action of the panel around the list)."""
        return self._confirm_keys

    def set_confirm_keys(self, source: KeySource) -> None:
        """Name *source*'s key as the one that confirms the order."""
        if isinstance(self._confirm_keys, QAction):
            self._confirm_keys.changed.disconnect(self._show_keys)
        self._confirm_keys = source
        if isinstance(source, QAction):
            source.changed.connect(self._show_keys)
        self._show_keys()

    def _show_keys(self) -> None:
        up, down = (key_text(self.move_actions.get(name)) for name in ("up", "down"))
        confirm = key_text(self._confirm_keys)
        moves = (
            self.tr("{up} and {down} move the selected issue").format(up=up, down=down)
            if up and down
            else self.tr("Drag an issue to move it")
        )
        if confirm:
            moves = self.tr("{moves}; {key} confirms the order").format(moves=moves, key=confirm)
        self.setAccessibleDescription(moves)
        self.keys_changed.emit()

    def move_selected(self, offset: int | None = None, *, to_end: bool | None = None) -> bool:
        """Move the selected issue by *offset* rows, or to the top (False) or bottom (True)."""
        row = self.currentIndex().row()
        count = self._issues.rowCount()
        if row < 0:
            return False
        if to_end is not None:
            target = count - 1 if to_end else 0
        else:
            target = min(max(row + (offset or 0), 0), count - 1)
        if not self._issues.move_issue(row, target):
            return False
        self.scrollTo(self.currentIndex())
        self.announce(
            self.tr("{title}: now {position} of {count}").format(
                title=self._issues.issue_at(target).title, position=target + 1, count=count
            )
        )
        return True

    def announce(self, message: str) -> None:
        """Tell a screen reader what just happened (the list itself would not say it)."""
        if _ANNOUNCEMENT is not None and QAccessible.isActive():
            QAccessible.updateAccessibility(_ANNOUNCEMENT(self, message))
