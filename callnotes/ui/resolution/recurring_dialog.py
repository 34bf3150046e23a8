"""Recurring issues: alike issues of a client across cases, with counts and dates.

Each group shows how many issues, from when to when, in which cases; under it, each issue.
Activating an issue (Enter or double-click) shows its case in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.recurring import RecurringGroup
from callnotes.ui.common.task_runner import TaskRunner

_CASE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class RecurringActions:
    """What the recurring view reads (the recurring and case services in the app)."""

    groups: Callable[[int | None], list[RecurringGroup]]  # of a client (None: of everyone)
    client_of: Callable[[int], int]  # the client of a case


class RecurringDialog(QDialog):
    """Groups of alike issues; the shown case's client first, or everyone's."""

    case_chosen = Signal(int)

    def __init__(
        self,
        actions: RecurringActions,
        case_id: int | None,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recurringDialog")
        self.setWindowTitle(self.tr("Recurring issues"))
        self.resize(760, 460)
        self._actions = actions
        self._case_id = case_id
        self._runner = runner
        self.only_client = QCheckBox(self.tr("Only this case's client"), self)
        self.only_client.setChecked(case_id is not None)
        self.only_client.setEnabled(case_id is not None)
        self.only_client.toggled.connect(lambda _on: self.reload())
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("recurringGroups")
        self.tree.setAccessibleName(self.tr("Alike issues, grouped"))
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Issue"), self.tr("Case"), self.tr("Raised")])
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.only_client)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.shown: list[RecurringGroup] = []
        self.reload()

    def reload(self) -> None:
        """Group the issues again, off the GUI thread."""
        actions, case_id = self._actions, self._case_id
        only_client = self.only_client.isChecked()

        def groups() -> list[RecurringGroup]:
            client = actions.client_of(case_id) if case_id is not None and only_client else None
            return actions.groups(client)

        self.status.setText(self.tr("Looking for patterns…"))
        self._runner.submit(
            groups,
            on_result=self._show,
            on_error=lambda exc: self._failed(str(exc)),
            key="recurring",
            owner=self,
        )

    def _show(self, groups: list[RecurringGroup]) -> None:
        self.shown = list(groups)
        self.tree.clear()
        for group in groups:
            words = ", ".join(group.words) or self.tr("alike wording")
            cases = (
                self.tr("{cases} cases").format(cases=len(group.case_ids))
                if len(group.case_ids) > 1
                else self.tr("1 case")
            )
            head = QTreeWidgetItem(
                [
                    self.tr("{count} alike issues of {client} ({words}) · {cases} · {span}").format(
                        count=group.count,
                        client=group.client_name,
                        words=words,
                        cases=cases,
                        span=f"{_day(group.first_at)} – {_day(group.last_at)}",
                    )
                ]
            )
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for issue in group.issues:
                item = QTreeWidgetItem(
                    [
                        issue.title,
                        f"#{issue.case_id} {issue.case_title}",
                        _day(issue.raised_at),
                    ]
                )
                item.setData(0, _CASE_ROLE, issue.case_id)
                item.setToolTip(0, issue.client_words or issue.title)
                head.addChild(item)
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            head.setExpanded(True)
        self.tree.setColumnWidth(0, 340)
        self.tree.setColumnWidth(1, 250)
        self.status.setText(
            self.tr("Enter on an issue shows its case.")
            if groups
            else self.tr("No recurring issues: no two issues of a client look alike.")
        )
        first = self.tree.topLevelItem(0)
        member = first.child(0) if first is not None else None
        if member is not None:
            self.tree.setCurrentItem(member)
            self.tree.setFocus()

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        case_id = item.data(0, _CASE_ROLE)
        if isinstance(case_id, int):
            self.case_chosen.emit(case_id)


def _day(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y")
