"""The issue list the client helps order, the quick-add line and the selected issue's details.

Keyboard: type a title in the quick-add line and press Enter (focus stays there for the next);
in the list, Alt+Up / Alt+Down move the selected issue, Alt+Home / Alt+End to the top or bottom,
and Delete removes an issue added by mistake (after asking why); Ctrl+Return anywhere in the
panel confirms the order with the client. How moves are stored is in
:mod:`callnotes.ui.issues.order_keeper`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.changes import Changes, Part
from callnotes.domain.issues import IssueRecord, OrderState, by_suggested_priority
from callnotes.errors import CallnotesError
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.editor import IssueEditor
from callnotes.ui.issues.list_model import IssueListModel
from callnotes.ui.issues.list_pane import IssueListPane
from callnotes.ui.issues.list_view import IssueListView
from callnotes.ui.issues.order_keeper import IssueOrderKeeper
from callnotes.ui.issues.removal_dialog import IssueRemovalDialog

if TYPE_CHECKING:
    from callnotes.ui.common.change_notice import ChangeNotice

# The actions that write: the panel shows their result itself, and hears no notice for them.
_WRITES = (
    "add_issue",
    "update_issue",
    "set_status",
    "set_owner",
    "set_eta",
    "set_roadblocks",
    "reorder",
    "confirm_order",
    "remove_issue",
)


class IssuePanel(QWidget):
    """All of a case's issues: capture, order with the client, progress."""

    #: A new issue was raised (IssueRecord).
    issue_added = Signal(object)
    #: An issue changed (IssueRecord).
    issue_changed = Signal(object)
    #: The client agreed the order; the DECISION entry written (EntryRecord).
    order_confirmed = Signal(object)
    #: Something was written to the case timeline (the timeline redraws from the change notice).
    timeline_changed = Signal()
    #: The agent opened a “seen before” match (SeenBeforeMatch); e.g. open that case.
    seen_before_activated = Signal(object)
    #: An issue added by mistake was removed; the entry recording it (EntryRecord).
    issue_removed = Signal(object)
    #: The case shown (id) now has this many open issues: after a load, an add, a change of
    #: status or a removal.
    open_issues_counted = Signal(int, int)

    def __init__(
        self,
        actions: IssueActions,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
        changes: ChangeNotice | None = None,
    ) -> None:
        super().__init__(parent)
        self._writing = 0  # inside one of the panel's own writes
        actions = self._told_apart(actions)
        self._actions = actions
        self._tz = tz
        self._case_id: int | None = None
        self._just_added: int | None = None  # Tab from the new-issue line goes to its words
        self._model = IssueListModel(self, tz=tz)
        self._pane = IssueListPane(self._model, self, tz=tz)
        self._list = self._pane.list_view
        self._quick_add = self._pane.quick_add
        self._banner = self._pane.banner
        self._order = IssueOrderKeeper(
            actions, self._model, self._pane.order_label, lambda: self._case_id, self
        )
        self._editor = IssueEditor(actions, runner, self, tz=tz)
        self._remove = QAction(self.tr("&Remove issue…"), self._list)
        self._removal: IssueRemovalDialog | None = None
        self._build()
        self._connect()
        if changes is not None:
            changes.changed.connect(self._on_changes_changed)
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
        return self._pane.confirm

    @property
    def editor(self) -> IssueEditor:
        """The selected issue's details."""
        return self._editor

    @property
    def splitter(self) -> QSplitter:
        """Between the list and the details; save and restore its state with the window's."""
        return self._splitter

    @property
    def details_scroll(self) -> QScrollArea:
        """Where the selected issue's fields scroll."""
        return self._scroll

    @property
    def banner(self) -> BannerWidget:
        """Where save problems are shown."""
        return self._banner

    @property
    def remove_action(self) -> QAction:
        """“Remove issue…” (Delete in the list): for menus that offer it too."""
        return self._remove

    @property
    def removal_dialog(self) -> IssueRemovalDialog | None:
        """The removal question while it is open."""
        return self._removal

    @property
    def order_text(self) -> str:
        """What the panel says about the order (agreed, changed, not yet agreed)."""
        return self._pane.order_label.text()

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

    def reload(self, *, fallback_row: int = 0) -> None:
        """Fetch the issues, the team and the order state again; the selection is kept.

        When the issue selected is gone, the one now on *fallback_row* (or the last) is selected.
        """
        keep = self._selected_id()
        if self._case_id is None:
            self._model.set_issues([])
            self._order.show_state(OrderState(None, False))
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
        self._order.show_state(state)
        row = self._model.row_of(keep) if keep is not None else None
        if row is None and issues:
            row = min(fallback_row, len(issues) - 1)
        self._select(row)

    def flush(self) -> bool:
        """Save every pending change (details and order) now; False if something failed."""
        saved = self._editor.flush()
        return self._order.save() and saved

    def focus_quick_add(self) -> None:
        """Put the cursor in the quick-add line."""
        self._quick_add.setFocus()

    def select_issue(self, issue_id: int) -> bool:
        """Select *issue_id*, its details beneath; False when the case shown has no such issue."""
        row = self._model.row_of(issue_id)
        if row is not None:
            self._select(row)
        return row is not None

    def confirm_order(self) -> bool:
        """The client agreed to the order shown: record it."""
        if self._case_id is None or self._model.rowCount() == 0:
            return False
        if not self.flush():
            return False
        entry = self._order.confirm()
        if entry is None:
            return False
        self._banner.clear()
        self._list.announce(self.tr("Order confirmed with the client"))
        self.order_confirmed.emit(entry)
        self.timeline_changed.emit()
        return True

    def sort_by_priority(self) -> None:
        """Put the issues in suggested-priority order; stored like any other move."""
        self._order.sort_by_priority()

    def remove_selected(self) -> bool:
        """Ask whether to remove the selected issue, and why; False if nothing was asked."""
        current = self._list.currentIndex()
        if self._case_id is None or not current.isValid() or self._removal is not None:
            return False
        if not self.flush():  # pending edits and moves land first, on the issues they name
            return False
        dialog = IssueRemovalDialog(self._model.issue_at(current.row()), self)
        dialog.remove_requested.connect(self._on_removal_remove_requested)
        dialog.finished.connect(self._on_removal_finished)
        self._removal = dialog
        dialog.open()
        return True

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Hiding or closing the panel is a transition: save first."""
        self.flush()
        super().hideEvent(event)

    # Slots -----------------------------------------------------------------------------------

    def _on_quick_add_return_pressed(self) -> None:
        title = self._quick_add.text()
        if self._case_id is None or not title.strip():
            return
        if not self._order.save():
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
        self._order.show_state(state)
        self._select(self._model.rowCount() - 1)
        self._just_added = issue.id
        self.issue_added.emit(issue)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Tab in the new-issue line goes on to the new issue's words.

        With a title typed, Tab adds the issue as Enter does and moves on; right after Enter,
        Tab moves on to the issue just added. What the agent asks next is the client's own
        words, so the keyboard skips the title field (Shift+Tab goes back to it).
        """
        if not (
            watched is self._quick_add
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            return super().eventFilter(watched, event)
        if self._quick_add.text().strip():
            self._on_quick_add_return_pressed()
            if self._quick_add.text():
                return True  # not added (the banner says why): the title stays to retry
        issue = self._editor.issue
        if self._just_added is not None and issue is not None and issue.id == self._just_added:
            self._just_added = None
            self._editor.form.client_words.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        issue = self._model.issue_at(current.row()) if current.isValid() else None
        shown = self._editor.issue
        self._editor.set_issue(issue, self._case_id)
        if issue is None or shown is None or shown.id != issue.id:
            self._scroll.verticalScrollBar().setValue(0)  # another issue starts at its title
        self._update_buttons()

    def _forget_just_added(self) -> None:
        self._just_added = None

    def _on_app_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        # Qt scrolls a scroll area to a field only when Tab moves within it; a field reached
        # from outside it (Tab from the list, a click on a label) must come into view too.
        if now is not None and self._editor.isAncestorOf(now):
            # All of the field, not only its cursor line (what ensureWidgetVisible does for a
            # text box): the agent reads what is already written there before adding to it.
            area = self._scroll
            content = area.widget()
            if content is None or not content.isAncestorOf(now):
                return
            corner = now.mapTo(content, QPoint(0, 0))
            half_w, half_h = now.width() // 2, now.height() // 2
            area.ensureVisible(corner.x() + half_w, corner.y() + half_h, half_w + 8, half_h + 8)

    def _on_editor_issue_saved(self, issue: IssueRecord) -> None:
        self._banner.clear()
        self._model.update_issue(issue)
        if not self._order.ordered_by_hand:
            # Until someone orders the list by hand, suggested priority is the order.
            self._model.set_order([i.id for i in by_suggested_priority(self._model.issues())])
            self._list.scrollTo(self._list.currentIndex())
        self.issue_changed.emit(issue)

    def _on_removal_remove_requested(self, issue_id: int, reason: str) -> None:
        dialog = self._removal
        row = self._model.row_of(issue_id)
        try:
            entry = self._actions.remove_issue(issue_id, reason)
        except CallnotesError as exc:
            if dialog is not None:
                dialog.show_problem(str(exc))  # the reason typed stays
            return
        if dialog is not None:
            dialog.accept()
        self._banner.clear()
        self.reload(fallback_row=row or 0)
        self._list.setFocus()
        self._list.announce(self.tr("Issue removed"))
        self.issue_removed.emit(entry)
        self.timeline_changed.emit()

    def _on_removal_finished(self, _result: int) -> None:
        if self._removal is not None:
            self._removal.deleteLater()
        self._removal = None
        self._list.setFocus()

    def _on_list_context_menu_requested(self, pos: QPoint) -> None:
        if not self._list.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self._remove)
        menu.popup(self._list.viewport().mapToGlobal(pos))

    def _on_changes_changed(self, changes: Changes) -> None:
        # Written elsewhere (an investigation's root cause, a colleague's absence, the command
        # line): what is typed here lands first, then the list is read again.
        if (
            self._writing == 0
            and self._case_id is not None
            and changes.touches(Part.ISSUES, Part.TEAM, case_id=self._case_id)
        ):
            self.flush()
            self.reload()

    # Helpers ---------------------------------------------------------------------------------

    def _told_apart(self, actions: IssueActions) -> IssueActions:
        """*actions* whose writes mark themselves: the notice of the panel's own write is not
        news to it (it shows the result already; a reload would move the list under the
        agent's hands)."""

        def marked(write: Callable[..., Any]) -> Callable[..., Any]:
            def run(*args: Any, **kwargs: Any) -> Any:
                self._writing += 1
                try:
                    return write(*args, **kwargs)
                finally:
                    self._writing -= 1

            return run

        return dataclasses.replace(
            actions, **{name: marked(getattr(actions, name)) for name in _WRITES}
        )

    def _refresh_records(self, issues: Sequence[IssueRecord]) -> None:
        """Newer records (their stored ranks) for issues shown, without moving anything."""
        self._model.update_issues(issues)
        current = self._editor.issue
        fresh = next((i for i in issues if current is not None and i.id == current.id), None)
        if fresh is not None:
            self._editor.set_issue(fresh, self._case_id)

    def _count_open(self) -> None:
        if self._case_id is not None:
            open_count = sum(1 for issue in self._model.issues() if issue.status.is_open)
            self.open_issues_counted.emit(self._case_id, open_count)

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

    def _update_buttons(self) -> None:
        self._pane.update_buttons()
        self._remove.setEnabled(self._case_id is not None and self._list.currentIndex().isValid())

    # Building --------------------------------------------------------------------------------

    def _build(self) -> None:
        scroll = QScrollArea(self)
        scroll.setObjectName("issueDetails")
        scroll.setAccessibleName(self.tr("Issue details"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._editor)
        self._scroll = scroll

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("issueSplitter")
        splitter.setAccessibleName(self.tr("Issue list and details"))
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._pane)
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
        for changed in (
            self._model.modelReset,
            self._model.rowsInserted,
            self._model.rowsRemoved,
            self._model.dataChanged,
        ):
            changed.connect(self._count_open)
        self._order.changed.connect(self._update_buttons)
        self._order.records_stored.connect(self._refresh_records)
        self._order.timeline_written.connect(self.timeline_changed)
        self._order.problem.connect(self._banner.show_message)
        self._quick_add.returnPressed.connect(self._on_quick_add_return_pressed)
        self._quick_add.textEdited.connect(self._forget_just_added)
        self._quick_add.installEventFilter(self)
        # Tab goes from the new-issue line to the list (arrows choose, Alt+arrows move), then
        # into the chosen issue's form; the buttons above the list follow the form.
        QWidget.setTabOrder(self._quick_add, self._list)
        QWidget.setTabOrder(self._list, self._editor.form.title)
        self._pane.sort.clicked.connect(self.sort_by_priority)
        self._pane.confirm.clicked.connect(self.confirm_order)
        self._list.activated.connect(lambda _index: self._editor.focus_title())
        self._editor.issue_saved.connect(self._on_editor_issue_saved)
        self._editor.timeline_written.connect(self.timeline_changed)
        self._editor.problem.connect(self._banner.show_message)
        self._editor.seen_before_activated.connect(self.seen_before_activated)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)
        confirm = self._shortcut("Ctrl+Return", self.confirm_order)
        self._shortcut("Ctrl+Enter", self.confirm_order)
        self._list.set_confirm_keys(confirm)  # the list and its Confirm button name this key
        # Delete only in the list: in a text field it deletes text.
        self._remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self._remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self._remove.triggered.connect(self.remove_selected)
        self._list.addAction(self._remove)
        self._list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._list.customContextMenuRequested.connect(self._on_list_context_menu_requested)

    def _shortcut(self, keys: str, handler: object) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        self.addAction(action)
        return action
