"""The issue list the client helps order, the quick-add line and the selected issue's details.

Keyboard: type a title in the quick-add line and press Enter (focus stays there for the next);
in the list, Alt+Up / Alt+Down move the selected issue, Alt+Home / Alt+End to the top or bottom,
and Delete removes an issue added by mistake (after asking why); Ctrl+Return anywhere in the
panel confirms the order with the client. How moves are stored is in
:mod:`callnotes.ui.issues.order_keeper`, how an issue is removed in
:mod:`callnotes.ui.issues.removal`, how the list and the details share the height in
:mod:`callnotes.ui.issues.splitter`.

The GUI thread never waits on the database: the panel reads through the window's task runner
and writes in line on its write queue (:mod:`callnotes.ui.issues.writes`), showing each result
when it arrives and the problem in its banner (or the removal dialog) when it fails, with
what was typed kept. It redraws from the change notice (issues, or the team, of its case), but
not for its own writes, whose results it shows already; and a redraw never overwrites what the
agent is typing in the form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.changes import Changes, Part
from callnotes.domain.issues import IssueRecord, OrderState, by_suggested_priority
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.timeline import EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.common.write_queue import FLUSH_WAIT_MS, WriteQueue
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.editor import IssueEditor
from callnotes.ui.issues.list_model import IssueListModel
from callnotes.ui.issues.list_pane import IssueListPane
from callnotes.ui.issues.list_view import IssueListView
from callnotes.ui.issues.order_keeper import IssueOrderKeeper
from callnotes.ui.issues.removal import IssueRemover
from callnotes.ui.issues.removal_dialog import IssueRemovalDialog
from callnotes.ui.issues.splitter import IssueSplitter
from callnotes.ui.issues.writes import IssueWrites

if TYPE_CHECKING:
    from callnotes.ui.common.change_notice import ChangeNotice


_Loaded = tuple[Sequence[IssueRecord], Sequence[TeamMemberRecord], OrderState]


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
        writes: WriteQueue | None = None,
    ) -> None:
        """*writes*: the window's write queue (by default one of the panel's own on *runner*)."""
        super().__init__(parent)
        self._actions = actions
        self._runner = runner
        self._tz = tz
        self._case_id: int | None = None
        self._just_added: int | None = None  # Tab from the new-issue line goes to its words
        self._adding: str | None = None  # the title being added, until stored
        self._tab_after_add = False  # Tab was pressed with a title typed: go on once added
        self._wanted: int | None = None  # the issue to select once the list is read
        self._if_missing: Callable[[], None] | None = None  # … and what to do if it is not
        self._reload_due = False  # a notice asked for a reload while own writes were on the way
        self._reading = False  # the list is being read
        self._load_key = ("issues", id(self))
        queue = writes if writes is not None else WriteQueue(self, runner=runner)
        self._writes = IssueWrites(queue, self)
        self._model = IssueListModel(self, tz=tz)
        self._pane = IssueListPane(self._model, self, tz=tz)
        self._list = self._pane.list_view
        self._quick_add = self._pane.quick_add
        self._banner = self._pane.banner
        self._order = IssueOrderKeeper(
            actions, self._model, self._pane.order_label, self._writes, self
        )
        self._editor = IssueEditor(actions, runner, self._writes, self, tz=tz)
        self._remover = IssueRemover(actions, self._model, self._list, self._writes, self)
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
    def splitter(self) -> IssueSplitter:
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
        return self._remover.action

    @property
    def removal_dialog(self) -> IssueRemovalDialog | None:
        """The removal question while it is open."""
        return self._remover.dialog

    @property
    def order_text(self) -> str:
        """What the panel says about the order (agreed, changed, not yet agreed)."""
        return self._pane.order_label.text()

    def show_case(self, case_id: int | None) -> None:
        """Show *case_id*'s issues (None: nothing); unsaved work on the previous case is put in
        line first. The same case again (the case list was read anew) only reads it again:
        what is being typed stays."""
        if case_id is not None and case_id == self._case_id:
            self.reload()
            return
        self._put_in_line()
        self._case_id = case_id
        self._order.show_case(case_id)
        self._remover.show_case(case_id)
        self._wanted = None
        self._adding = None
        self._banner.clear()
        self._quick_add.clear()
        enabled = case_id is not None
        self._quick_add.setEnabled(enabled)
        self._quick_add.setPlaceholderText(
            self.tr("New issue: type its title, press Enter")
            if enabled
            else self.tr("Select a case first")
        )
        if case_id is not None and self._model.rowCount():
            # Nothing of the case before stays on screen while this one is read.
            self._model.set_issues([])
            self._select(None)
        self.reload()

    def reload(self, *, fallback_row: int = 0) -> None:
        """Read the issues, the team and the order state again (on the runner); the selection
        is kept.

        When the issue selected is gone, the one now on *fallback_row* (or the last) is selected.
        """
        self._reload_due = False
        case_id = self._case_id
        if case_id is None:
            self._runner.cancel(self._load_key)
            self._reading = False
            self._model.set_issues([])
            self._order.show_state(OrderState(None, False))
            self._select(None)
            return
        actions = self._actions

        def read() -> _Loaded:
            return (
                actions.list_issues(case_id),
                actions.list_team(),
                actions.order_state(case_id),
            )

        self._reading = True
        generation = self._writes.generation
        self._runner.submit(
            read,
            on_result=lambda loaded: self._on_read(case_id, fallback_row, generation, loaded),
            on_error=self._on_load_failed,
            key=self._load_key,
            owner=self,
        )

    def put_in_line(self) -> None:
        """Put every pending change (details and order) in line now, without waiting."""
        self._put_in_line()

    def flush(self, wait_ms: int = FLUSH_WAIT_MS) -> bool:
        """Put every pending change (details and order) in line and wait, at most *wait_ms*,
        until it is stored; False if something is not stored yet (a save in line is retried)."""
        self._put_in_line()
        drained = self._writes.drain(wait_ms)
        return drained and not self._editor.has_unsaved_changes and not self._order.unsettled

    def focus_quick_add(self) -> None:
        """Put the cursor in the quick-add line."""
        self._quick_add.setFocus()

    def select_issue(self, issue_id: int, if_missing: Callable[[], None] | None = None) -> bool:
        """Select *issue_id*, its details beneath; False when the case shown has no such issue.

        While the list is being read, the issue is selected once it is (True meanwhile), and
        *if_missing* is called if the case turns out not to have it.
        """
        row = self._model.row_of(issue_id)
        if row is not None:
            self._wanted, self._if_missing = None, None
            self._select(row)
            return True
        if self._reading:
            self._wanted, self._if_missing = issue_id, if_missing
            return True
        if if_missing is not None:
            if_missing()
        return False

    def confirm_order(self) -> bool:
        """The client agreed to the order shown: record it (in line after what is typed)."""
        if self._case_id is None or self._model.rowCount() == 0:
            return False
        self._put_in_line()
        self._order.confirm()
        return True

    def sort_by_priority(self) -> None:
        """Put the issues in suggested-priority order; stored like any other move."""
        self._order.sort_by_priority()

    def remove_selected(self) -> bool:
        """Ask whether to remove the selected issue, and why; False if nothing was asked."""
        return self._remover.remove_selected()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Hiding or closing the panel is a transition: what is typed goes in line."""
        self._put_in_line()
        super().hideEvent(event)

    # Slots -----------------------------------------------------------------------------------

    def _on_quick_add_return_pressed(self) -> None:
        title = self._quick_add.text()
        case_id = self._case_id
        if case_id is None or not title.strip() or self._adding is not None:
            return
        self._order.save()  # the new issue comes after the order already shown
        self._adding = title
        actions = self._actions

        def add() -> tuple[IssueRecord, OrderState]:
            return actions.add_issue(case_id, title), actions.order_state(case_id)

        self._writes.put(
            add,
            on_done=lambda added: self._on_issue_stored(case_id, title, *added),
            on_failed=lambda exc: self._on_issue_refused(case_id, exc),
        )

    def _on_issue_stored(
        self, case_id: int, title: str, issue: IssueRecord, state: OrderState
    ) -> None:
        self._adding = None
        if case_id != self._case_id:
            return
        self._banner.clear()
        as_typed = self._quick_add.text() == title
        if as_typed:
            self._quick_add.clear()
        self._model.append_issue(issue)
        self._order.show_state(state)
        self._select(self._model.rowCount() - 1)
        self._just_added = issue.id
        self.issue_added.emit(issue)
        if self._tab_after_add and as_typed and self._quick_add.hasFocus():
            self._just_added = None
            self._editor.form.client_words.setFocus(Qt.FocusReason.TabFocusReason)
        self._tab_after_add = False

    def _on_issue_refused(self, case_id: int, error: CallnotesError) -> None:
        self._adding = None
        self._tab_after_add = False
        if case_id == self._case_id:
            self._banner.show_message(str(error))  # the title stays, ready to retry

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Tab in the new-issue line goes on to the new issue's words.

        With a title typed, Tab adds the issue as Enter does and moves on once it is added;
        right after Enter, Tab moves on to the issue just added. What the agent asks next is
        the client's own words, so the keyboard skips the title field (Shift+Tab goes back to
        it).
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
            self._tab_after_add = True
            self._on_quick_add_return_pressed()
            return True  # on to its words once added (the banner says why if it is not)
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
        self._reload_if_due()

    def _on_order_confirmed(self, entry: EntryRecord) -> None:
        self._banner.clear()
        self._list.announce(self.tr("Order confirmed with the client"))
        self.order_confirmed.emit(entry)
        self.timeline_changed.emit()

    def _on_remover_removal_asked(self) -> None:
        self._put_in_line()  # pending edits and moves land first, on the issues they name

    def _on_remover_issue_removed(
        self, issue_id: int, row: int | None, entry: EntryRecord, state: OrderState
    ) -> None:
        self._banner.clear()
        self._model.set_issues([i for i in self._model.issues() if i.id != issue_id])
        self._order.show_state(state)
        if self._model.rowCount():
            self._select(min(row or 0, self._model.rowCount() - 1))
        else:
            self._select(None)
        self._list.setFocus()
        self._list.announce(self.tr("Issue removed"))
        self.issue_removed.emit(entry)
        self.timeline_changed.emit()

    def _on_changes_changed(self, changes: Changes) -> None:
        # Written elsewhere (an investigation's root cause, a colleague's absence, the command
        # line): what is typed here goes in line first, then the list is read again once it
        # has landed. The notice of the panel's own writes is not news: it shows them already.
        case_id = self._case_id
        if case_id is None or not changes.touches(Part.ISSUES, Part.TEAM, case_id=case_id):
            return
        if self._writes.is_own(changes, case_id):
            return
        self._put_in_line()
        self._reload_due = True
        self._reload_if_due()

    # Helpers ---------------------------------------------------------------------------------

    def _put_in_line(self) -> None:
        """Everything typed or moved, in line now (nothing waits for it)."""
        self._editor.flush()
        self._order.save()

    def _reload_if_due(self) -> None:
        """Read again once the panel's own writes have landed (a read beside them could show
        the list as it was before them)."""
        if self._reload_due and self._writes.on_the_way == 0 and not self._editor.saving:
            self.reload()

    def _on_read(self, case_id: int, fallback_row: int, generation: int, loaded: _Loaded) -> None:
        if generation != self._writes.generation and case_id == self._case_id:
            # A write of the panel was put in line while this was read: the list read may
            # lack it (an issue just added would vanish). Read again once the writes landed.
            self._reload_due = True
            self._reload_if_due()
            return
        self._on_loaded(case_id, fallback_row, *loaded)

    def _on_load_failed(self, error: CallnotesError) -> None:
        self._reading = False
        self._banner.show_message(str(error))

    def _on_loaded(
        self,
        case_id: int,
        fallback_row: int,
        issues: Sequence[IssueRecord],
        team: Sequence[TeamMemberRecord],
        state: OrderState,
    ) -> None:
        if case_id != self._case_id:
            return
        self._reading = False
        keep = self._wanted if self._wanted is not None else self._selected_id()
        wanted, if_missing = self._wanted, self._if_missing
        if wanted is not None and if_missing is not None and all(i.id != wanted for i in issues):
            QTimer.singleShot(0, self, if_missing)  # once the list below is drawn
        self._wanted, self._if_missing = None, None
        shown_order = self._model.issue_ids() if self._order.unsettled else None
        self._model.set_owner_names({member.id: member.name for member in team})
        if [i.id for i in issues] == self._model.issue_ids():
            self._model.update_issues(issues)  # the same list: redrawn in place, no flicker
        else:
            self._model.set_issues(issues)
            if shown_order is not None:
                self._model.set_order(shown_order)  # a move not stored yet stays where it is
        self._editor.set_team(team)
        self._order.show_state(state)
        row = self._model.row_of(keep) if keep is not None else None
        if row is None and issues:
            row = min(fallback_row, len(issues) - 1)
        self._select(row)
        current = self._editor.issue
        fresh = next((i for i in issues if current is not None and i.id == current.id), None)
        if fresh is not None:
            self._editor.set_issue(fresh, self._case_id)  # what the agent types stays

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
        self._remover.update_action()

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

        self._splitter = IssueSplitter(self._pane, scroll, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._splitter)

    def _connect(self) -> None:
        self._list.selectionModel().currentChanged.connect(self._on_list_current_changed)
        for changed in (
            self._model.modelReset,
            self._model.rowsInserted,
            self._model.rowsRemoved,
            self._model.dataChanged,
        ):
            changed.connect(self._count_open)
        # The selected row moves when the list sorts itself or is read again (its current
        # index follows the issue without a currentChanged): ▲ / ▼ follow its new place.
        for moved in (
            self._model.layoutChanged,
            self._model.rowsMoved,
            self._model.modelReset,
            self._model.rowsInserted,
            self._model.rowsRemoved,
        ):
            moved.connect(self._update_buttons)
        self._order.changed.connect(self._update_buttons)
        self._order.records_stored.connect(self._refresh_records)
        self._order.timeline_written.connect(self.timeline_changed)
        self._order.confirmed.connect(self._on_order_confirmed)
        self._order.problem.connect(self._banner.show_message)
        self._writes.settled.connect(self._reload_if_due)
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
        self._remover.removal_asked.connect(self._on_remover_removal_asked)
        self._remover.issue_removed.connect(self._on_remover_issue_removed)
        self._remover.problem.connect(self._banner.show_message)

    def _shortcut(self, keys: str, handler: object) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        self.addAction(action)
        return action
