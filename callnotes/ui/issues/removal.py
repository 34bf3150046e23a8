"""Removing an issue added by mistake: Delete or the list's menu asks why, then it goes in line.

Delete works in the issue list only (in a text field it deletes text); the same action is
offered in the list's context menu and, through :attr:`IssueRemover.action`, in the window's
menu. The question is :class:`~callnotes.ui.issues.removal_dialog.IssueRemovalDialog`; the
removal is written in line with the panel's other writes (:mod:`callnotes.ui.issues.writes`),
off the GUI thread. Refused, the dialog says why and keeps the reason typed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from callnotes.domain.issues import OrderState
from callnotes.domain.timeline import EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.list_model import IssueListModel
from callnotes.ui.issues.list_view import IssueListView
from callnotes.ui.issues.removal_dialog import IssueRemovalDialog
from callnotes.ui.issues.writes import IssueWrites


class IssueRemover(QObject):
    """Asks whether to remove the issue selected in *view*, and why, and stores the removal.

    The question and the list's menu are children of *parent*, the widget around the list.
    """

    #: The agent asked to remove the selected issue; the question opens right after this
    #: (what is pending goes in line first, to land on the issues it names).
    removal_asked = Signal()
    #: The issue was removed from the case shown: (issue id, the row it was on or None, the
    #: entry recording the removal (EntryRecord), the order state after it (OrderState)).
    issue_removed = Signal(int, object, object, object)
    #: A removal failed with no question open to say so; the one-sentence message.
    problem = Signal(str)

    def __init__(
        self,
        actions: IssueActions,
        model: IssueListModel,
        view: IssueListView,
        writes: IssueWrites,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._model = model
        self._view = view
        self._writes = writes
        self._owner = parent  # the question and the menu belong to the widget around the list
        self._case_id: int | None = None
        self._dialog: IssueRemovalDialog | None = None
        self._action = QAction(self.tr("&Remove issue…"), view)
        # Delete only in the list: in a text field it deletes text.
        self._action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self._action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self._action.triggered.connect(self.remove_selected)
        view.addAction(self._action)
        # The menu's own item, its key only shown: sharing the list's action, an open menu
        # that holds it took Delete for it (Qt matches a shortcut in a menu on screen), and a
        # Delete pressed with the Case menu open asked to remove the selected issue.
        delete = QKeySequence(QKeySequence.StandardKey.Delete).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self._menu_action = QAction(self.tr("&Remove issue…") + "\t" + delete, parent)
        self._menu_action.triggered.connect(self.remove_selected)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_view_context_menu_requested)

    @property
    def action(self) -> QAction:
        """“Remove issue…” for menus that offer it too (Delete works in the list only)."""
        return self._menu_action

    @property
    def dialog(self) -> IssueRemovalDialog | None:
        """The removal question while it is open."""
        return self._dialog

    def show_case(self, case_id: int | None) -> None:
        """Issues are removed from *case_id* (None: none can be)."""
        self._case_id = case_id

    def update_action(self) -> None:
        """Offer “Remove issue…” only with an issue selected in a case shown."""
        enabled = self._case_id is not None and self._view.currentIndex().isValid()
        self._action.setEnabled(enabled)
        self._menu_action.setEnabled(enabled)

    def remove_selected(self) -> bool:
        """Ask whether to remove the selected issue, and why; False if nothing was asked."""
        current = self._view.currentIndex()
        if self._case_id is None or not current.isValid() or self._dialog is not None:
            return False
        self.removal_asked.emit()
        dialog = IssueRemovalDialog(self._model.issue_at(current.row()), self._owner)
        dialog.remove_requested.connect(self._on_dialog_remove_requested)
        dialog.finished.connect(self._on_dialog_finished)
        self._dialog = dialog
        dialog.open()
        return True

    def _on_dialog_remove_requested(self, issue_id: int, reason: str) -> None:
        case_id, actions = self._case_id, self._actions
        if case_id is None:
            return
        row = self._model.row_of(issue_id)

        def remove() -> tuple[EntryRecord, OrderState]:
            return actions.remove_issue(issue_id, reason), actions.order_state(case_id)

        self._writes.put(
            remove,
            on_done=lambda removed: self._on_removed(case_id, issue_id, row, *removed),
            on_failed=self._on_failed,
        )

    def _on_removed(
        self,
        case_id: int,
        issue_id: int,
        row: int | None,
        entry: EntryRecord,
        state: OrderState,
    ) -> None:
        if self._dialog is not None:
            self._dialog.accept()
        if case_id != self._case_id:
            return
        self.issue_removed.emit(issue_id, row, entry, state)

    def _on_failed(self, error: CallnotesError) -> None:
        if self._dialog is not None:
            self._dialog.show_problem(str(error))  # the reason typed stays
        else:
            self.problem.emit(str(error))

    def _on_dialog_finished(self, _result: int) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = None
        self._view.setFocus()

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        if not self._view.indexAt(pos).isValid():
            return
        menu = QMenu(self._owner)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self._action)
        menu.popup(self._view.viewport().mapToGlobal(pos))
