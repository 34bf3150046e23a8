"""The issue list the client helps order, the quick-add line and the selected issue's details.

Keyboard: type a title in the quick-add line and press Enter (focus stays there for the next);
in the list, Alt+Up / Alt+Down move the selected issue, Alt+Home / Alt+End to the top or bottom;
Ctrl+Return anywhere in the panel confirms the order with the client. Moves are stored after a
short pause (and before anything that needs them), so walking an issue up three places records
one change, not three.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.issues import IssueRecord, OrderState, by_suggested_priority
from callnotes.errors import CallnotesError
from callnotes.ui.banner import BannerWidget
from callnotes.ui.issue_actions import IssueActions
from callnotes.ui.issue_editor import IssueEditor
from callnotes.ui.issue_list_model import IssueListModel
from callnotes.ui.issue_list_view import IssueListView
from callnotes.ui.order_state_label import OrderStateLabel
from callnotes.ui.task_runner import TaskRunner

ORDER_SAVE_DELAY_MS = 700


class IssuePanel(QWidget):
    """All of a case's issues: capture, order with the client, progress."""

    #: A new issue was raised (IssueRecord).
    issue_added = Signal(object)
    #: An issue changed (IssueRecord).
    issue_changed = Signal(object)
    #: The client agreed the order; the DECISION entry written (EntryRecord).
    order_confirmed = Signal(object)
    #: Something was written to the case timeline: reload it.
    timeline_changed = Signal()
    #: The agent opened a “seen before” match (SeenBeforeMatch); e.g. open that case.
    seen_before_activated = Signal(object)

    def __init__(
        self,
        actions: IssueActions,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._tz = tz
        self._case_id: int | None = None
        self._order_dirty = False
        self._order_state = OrderState(confirmed_at=None, changed_since=False)
        self._model = IssueListModel(self, tz=tz)
        self._list = IssueListView(self._model, self)
        self._order_label = OrderStateLabel(self, tz=tz)
        self._up = self._tool_button(
            "moveUp", "▲", self.tr("Move up"), self.tr("Move the selected issue up (Alt+Up)")
        )
        self._down = self._tool_button(
            "moveDown",
            "▼",
            self.tr("Move down"),
            self.tr("Move the selected issue down (Alt+Down)"),
        )
        self._sort = self._tool_button(
            "sortByPriority",
            self.tr("By priority"),
            self.tr("Order by suggested priority"),
            self.tr("Order by suggested priority, P1 first; issues can still be moved after"),
        )
        self._confirm = QPushButton(self.tr("Confirm order with client"), self)
        self._quick_add = QLineEdit(self)
        self._banner = BannerWidget(self)
        self._editor = IssueEditor(actions, runner, self, tz=tz)
        self._order_timer = QTimer(self)
        self._order_timer.setSingleShot(True)
        self._order_timer.setInterval(ORDER_SAVE_DELAY_MS)
        self._order_timer.timeout.connect(self._save_order)
        self._build()
        self._connect()
        self.show_case(None)

    # Public ----------------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case shown, or None."""
        return self._case_id

    @property
    def model(self) -> IssueListModel:
        """The issues shown, in agreed order."""
        return self._model

    @property
    def list_view(self) -> IssueListView:
        """The issue list."""
        return self._list

    @property
    def quick_add(self) -> QLineEdit:
        """Where a new issue's title is typed."""
        return self._quick_add

    @property
    def confirm_button(self) -> QPushButton:
        """“Confirm order with client”."""
        return self._confirm

    @property
    def editor(self) -> IssueEditor:
        """The selected issue's details."""
        return self._editor

    @property
    def splitter(self) -> QSplitter:
        """Between the list and the details; save and restore its state with the window's."""
        return self._splitter

    @property
    def banner(self) -> BannerWidget:
        """Where save problems are shown."""
        return self._banner

    @property
    def order_text(self) -> str:
        """What the panel says about the order (agreed, changed, not yet agreed)."""
        return self._order_label.text()

    def show_case(self, case_id: int | None) -> None:
        """Show *case_id*'s issues (None: nothing); unsaved work on the previous case is saved."""
        self.flush()
        self._case_id = case_id
        self._banner.clear()
        self._quick_add.clear()
        enabled = case_id is not None
        self._quick_add.setEnabled(enabled)
        self._quick_add.setPlaceholderText(
            self.tr("New issue: type its title, press Enter")
            if enabled
            else self.tr("Select a case first")
        )
        self.reload()

    def reload(self) -> None:
        """Fetch the issues, the team and the order state again; the selection is kept."""
        keep = self._selected_id()
        if self._case_id is None:
            self._model.set_issues([])
            self._set_order_state(OrderState(None, False))
            self._select(None)
            return
        try:
            issues = self._actions.list_issues(self._case_id)
            team = self._actions.list_team()
            state = self._actions.order_state(self._case_id)
        except CallnotesError as exc:
            self._banner.show_message(str(exc))
            return
        self._model.set_owner_names({member.id: member.name for member in team})
        self._model.set_issues(issues)
        self._editor.set_team(team)
        self._set_order_state(state)
        row = self._model.row_of(keep) if keep is not None else None
        self._select(row if row is not None else (0 if issues else None))

    def flush(self) -> bool:
        """Save every pending change (details and order) now; False if something failed."""
        saved = self._editor.flush()
        return self._save_order() and saved

    def focus_quick_add(self) -> None:
        """Put the cursor in the quick-add line."""
        self._quick_add.setFocus()

    def confirm_order(self) -> bool:
        """The client agreed to the order shown: record it."""
        if self._case_id is None or self._model.rowCount() == 0:
            return False
        if not self.flush():
            return False
        try:
            entry = self._actions.confirm_order(self._case_id)
            issues = self._actions.list_issues(self._case_id)
            state = self._actions.order_state(self._case_id)
        except CallnotesError as exc:
            self._banner.show_message(str(exc))
            return False
        self._banner.clear()
        self._refresh_records(issues)
        self._set_order_state(state)
        self._list.announce(self.tr("Order confirmed with the client"))
        self.order_confirmed.emit(entry)
        self.timeline_changed.emit()
        return True

    def sort_by_priority(self) -> None:
        """Put the issues in suggested-priority order; stored like any other move."""
        if self._model.set_order([i.id for i in by_suggested_priority(self._model.issues())]):
            self._on_order_moved()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Hiding or closing the panel is a transition: save first."""
        self.flush()
        super().hideEvent(event)

    # Slots -----------------------------------------------------------------------------------

    def _on_quick_add_return_pressed(self) -> None:
        title = self._quick_add.text()
        if self._case_id is None or not title.strip():
            return
        if not self._save_order():
            return  # the new issue must come after the order already shown
        try:
            issue = self._actions.add_issue(self._case_id, title)
            state = self._actions.order_state(self._case_id)
        except CallnotesError as exc:
            self._banner.show_message(str(exc))  # the title stays, ready to retry
            return
        self._banner.clear()
        self._quick_add.clear()
        self._model.append_issue(issue)
        self._set_order_state(state)
        self._select(self._model.rowCount() - 1)
        self.issue_added.emit(issue)

    def _on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        issue = self._model.issue_at(current.row()) if current.isValid() else None
        self._editor.set_issue(issue, self._case_id)
        self._update_buttons()

    def _on_editor_issue_saved(self, issue: IssueRecord) -> None:
        self._banner.clear()
        self._model.update_issue(issue)
        if not self._is_ordered_by_hand():
            # Until someone orders the list by hand, suggested priority is the order.
            self._model.set_order([i.id for i in by_suggested_priority(self._model.issues())])
            self._list.scrollTo(self._list.currentIndex())
        self.issue_changed.emit(issue)

    def _on_order_moved(self) -> None:
        self._order_dirty = True
        self._order_timer.start()
        self._update_buttons()
        if self._order_state.confirmed_at is not None:
            self._show_order_text(changed=True)

    # Helpers ---------------------------------------------------------------------------------

    def _save_order(self) -> bool:
        self._order_timer.stop()
        if not self._order_dirty or self._case_id is None:
            return True
        shown = self._model.issue_ids()
        try:
            stored = self._actions.reorder(self._case_id, shown)
            state = self._actions.order_state(self._case_id)
        except CallnotesError as exc:
            self._banner.show_message(str(exc))
            return False
        self._order_dirty = False
        self._refresh_records(stored)
        if state.confirmed_at is not None:
            self.timeline_changed.emit()  # the change after agreement was recorded
        self._set_order_state(state)
        return True

    def _refresh_records(self, issues: Sequence[IssueRecord]) -> None:
        """Newer records (their stored ranks) for issues shown, without moving anything."""
        self._model.update_issues(issues)
        current = self._editor.issue
        fresh = next((i for i in issues if current is not None and i.id == current.id), None)
        if fresh is not None:
            self._editor.set_issue(fresh, self._case_id)

    def _is_ordered_by_hand(self) -> bool:
        return self._order_dirty or any(i.agreed_rank is not None for i in self._model.issues())

    def _selected_id(self) -> int | None:
        current = self._list.currentIndex()
        return self._model.issue_at(current.row()).id if current.isValid() else None

    def _select(self, row: int | None) -> None:
        selection = self._list.selectionModel()
        if row is None or not 0 <= row < self._model.rowCount():
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
            self._editor.set_issue(None, self._case_id)
            self._update_buttons()
            return
        index = self._model.index(row, 0)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._list.scrollTo(index)

    def _set_order_state(self, state: OrderState) -> None:
        self._order_state = state
        self._show_order_text(changed=state.changed_since or self._order_dirty)
        self._update_buttons()

    def _show_order_text(self, *, changed: bool) -> None:
        shown = self._case_id is not None and self._model.rowCount() > 0
        self._order_label.show_state(self._order_state if shown else None, changed=changed)

    def _update_buttons(self) -> None:
        row = self._list.currentIndex().row()
        count = self._model.rowCount()
        self._up.setEnabled(row > 0)
        self._down.setEnabled(0 <= row < count - 1)
        self._sort.setEnabled(count > 1)
        self._confirm.setEnabled(count > 0)

    # Building --------------------------------------------------------------------------------

    def _tool_button(self, name: str, text: str, accessible: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(accessible)
        return button

    def _build(self) -> None:
        title = QLabel(self.tr("Issues"), self)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        title.setAccessibleName(self.tr("Issues"))
        self._confirm.setObjectName("confirmOrder")
        self._confirm.setAccessibleName(self.tr("Confirm order with client"))
        self._confirm.setToolTip(
            self.tr("The client agreed this order: record it on the timeline (Ctrl+Return)")
        )
        self._quick_add.setObjectName("quickAddIssue")
        self._quick_add.setAccessibleName(self.tr("New issue title"))
        self._quick_add.setClearButtonEnabled(True)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self._up)
        buttons.addWidget(self._down)
        buttons.addWidget(self._sort)
        buttons.addStretch(1)
        buttons.addWidget(self._confirm)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addWidget(title)
        top_layout.addWidget(self._order_label)
        top_layout.addWidget(self._list, 1)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self._quick_add)
        top_layout.addWidget(self._banner)

        scroll = QScrollArea(self)
        scroll.setObjectName("issueDetails")
        scroll.setAccessibleName(self.tr("Issue details"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._editor)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("issueSplitter")
        splitter.setAccessibleName(self.tr("Issue list and details"))
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        # Room for four or five issues; the details, which scroll, get the rest.
        splitter.setSizes([340, 560])
        self._splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self._list.selectionModel().currentChanged.connect(self._on_list_current_changed)
        self._model.rowsMoved.connect(lambda *_: self._on_order_moved())
        self._quick_add.returnPressed.connect(self._on_quick_add_return_pressed)
        self._up.clicked.connect(lambda: self._list.move_selected(-1))
        self._down.clicked.connect(lambda: self._list.move_selected(1))
        self._sort.clicked.connect(self.sort_by_priority)
        self._confirm.clicked.connect(self.confirm_order)
        self._list.activated.connect(lambda _index: self._editor.focus_title())
        self._editor.issue_saved.connect(self._on_editor_issue_saved)
        self._editor.timeline_written.connect(self.timeline_changed)
        self._editor.problem.connect(self._banner.show_message)
        self._editor.seen_before_activated.connect(self.seen_before_activated)
        self._shortcut("Ctrl+Return", self.confirm_order)
        self._shortcut("Ctrl+Enter", self.confirm_order)

    def _shortcut(self, keys: str, handler: object) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        self.addAction(action)
