"""The review's prevention actions: what stops it happening again, with an owner and a due date.

Each change is stored through the task runner; ``changed`` follows once it is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.reviews import PreventionActionRecord
from callnotes.ui.common.optional_datetime import OptionalDateTimeEdit
from callnotes.ui.common.task_runner import TaskRunner

_ACTION_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class PreventionActions:
    """What the list needs from the review service."""

    add: Callable[..., PreventionActionRecord]  # (case_id, text, owner=, due_at=)
    update: Callable[..., PreventionActionRecord]  # (action_id, text=, owner=, due_at=, done=)


class PreventionActionsWidget(QWidget):
    """The list of actions, and a small form to add one or change the one selected."""

    changed = Signal()
    problem = Signal(str)

    def __init__(
        self,
        actions: PreventionActions,
        case_id: int,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._runner = runner
        self._case_id = case_id
        self.list = QListWidget(self)
        self.list.setObjectName("preventionActions")
        self.list.setAccessibleName(self.tr("Prevention actions"))
        self.list.setMinimumHeight(70)
        self.list.setWordWrap(True)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("What we will do so it doesn't happen again"))
        self.owner = QLineEdit(self)
        self.owner.setPlaceholderText(self.tr("Who"))
        self.due = OptionalDateTimeEdit(self.tr("Due date"), self)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.save_button = QPushButton(self.tr("Save change"), self)
        self.done_button = QPushButton(self.tr("Mark done"), self)
        form = QFormLayout()
        form.addRow(self.tr("Action"), self.text)
        form.addRow(self.tr("Owner"), self.owner)
        form.addRow(self.tr("Due"), self.due)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.done_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save_selected)
        self.done_button.clicked.connect(self.toggle_done)
        self.text.returnPressed.connect(self.add)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self._update_buttons()

    def set_actions(self, actions: tuple[PreventionActionRecord, ...]) -> None:
        """Show *actions*, keeping the selection where it can."""
        chosen = self.selected()
        self.list.clear()
        for action in actions:
            item = QListWidgetItem(self._line(action), self.list)
            item.setData(_ACTION_ROLE, action)
            if chosen is not None and action.id == chosen.id:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def selected(self) -> PreventionActionRecord | None:
        """The action picked in the list."""
        item = self.list.currentItem()
        return item.data(_ACTION_ROLE) if item is not None else None

    def lines(self) -> list[str]:
        """The list as shown."""
        return [self.list.item(n).text() for n in range(self.list.count())]

    def add(self) -> None:
        """Add the action typed in the form; the form empties once it is stored."""
        add, case_id = self._actions.add, self._case_id
        text, owner, due = self.text.text(), self.owner.text(), self.due.value()
        self._run(lambda: add(case_id, text, owner=owner, due_at=due), then=self._clear_form)

    def _clear_form(self) -> None:
        self.text.clear()
        self.owner.clear()
        self.due.set_value(None)

    def save_selected(self) -> None:
        """Store the form's text, owner and due date on the selected action."""
        action = self.selected()
        if action is not None and action.id is not None:
            action_id, update = action.id, self._actions.update
            text, owner, due = self.text.text(), self.owner.text(), self.due.value()
            self._run(
                lambda: update(action_id, text=text, owner=owner, due_at=due, done=action.done)
            )

    def toggle_done(self) -> None:
        """Mark the selected action done (or not done after all)."""
        action = self.selected()
        if action is not None and action.id is not None:
            action_id, update = action.id, self._actions.update
            self._run(
                lambda: update(
                    action_id,
                    text=action.text,
                    owner=action.owner,
                    due_at=action.due_at,
                    done=not action.done,
                )
            )

    def _run(self, write: Callable[[], object], then: Callable[[], None] | None = None) -> None:
        def stored(_result: object) -> None:
            if then is not None:
                then()
            self.changed.emit()

        self._runner.submit(
            write,
            on_result=stored,
            on_error=lambda exc: self.problem.emit(str(exc)),
            owner=self,
        )

    def _on_list_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        action = current.data(_ACTION_ROLE) if current is not None else None
        if action is not None:
            self.text.setText(action.text)
            self.owner.setText(action.owner)
            self.due.set_value(action.due_at)
        self._update_buttons()

    def _update_buttons(self) -> None:
        action = self.selected()
        self.save_button.setEnabled(action is not None)
        self.done_button.setEnabled(action is not None)
        self.done_button.setText(
            self.tr("Not done yet") if action is not None and action.done else self.tr("Mark done")
        )

    def _line(self, action: PreventionActionRecord) -> str:
        mark = "✓" if action.done else "○"
        owner = action.owner or self.tr("no owner yet")
        due = _day(action.due_at) if action.due_at else self.tr("no due date")
        return f"{mark} {action.text} — {owner}, {due}"


def _day(moment: datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %Y")
