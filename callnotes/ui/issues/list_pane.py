"""The list side of the issue panel: heading, order state, the list, its buttons, quick-add.

Only widgets and which of them may be used; what they do is decided by the panel.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.key_names import with_key
from callnotes.ui.issues.list_model import IssueListModel
from callnotes.ui.issues.list_view import IssueListView
from callnotes.ui.issues.order_state_label import OrderStateLabel


class IssueListPane(QWidget):
    """The issues of a case, ready to be moved, sorted, confirmed and added to."""

    def __init__(
        self, model: IssueListModel, parent: QWidget | None = None, *, tz: tzinfo | None = None
    ) -> None:
        super().__init__(parent)
        self._model = model
        #: The issues, in the order shown.
        self.list_view = IssueListView(model, self)
        #: Whether the order shown is the one agreed.
        self.order_label = OrderStateLabel(self, tz=tz)
        self.up = self._tool_button("moveUp", "▲", self.tr("Move up"), "")
        self.down = self._tool_button("moveDown", "▼", self.tr("Move down"), "")
        self.sort = self._tool_button(
            "sortByPriority",
            self.tr("By priority"),
            self.tr("Order by suggested priority"),
            self.tr("Order by suggested priority, P1 first; issues can still be moved after"),
        )
        #: “Confirm order with client”.
        self.confirm = QPushButton(self.tr("Confirm order with client"), self)
        #: Where a new issue's title is typed.
        self.quick_add = QLineEdit(self)
        #: Where save problems are shown.
        self.banner = BannerWidget(self)
        self._build()
        self._show_keys()
        self.list_view.keys_changed.connect(self._show_keys)
        self.up.clicked.connect(lambda: self.list_view.move_selected(-1))
        self.down.clicked.connect(lambda: self.list_view.move_selected(1))

    def update_buttons(self) -> None:
        """Enable what makes sense for the issue selected and the number of issues."""
        row = self.list_view.currentIndex().row()
        count = self._model.rowCount()
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < count - 1)
        self.sort.setEnabled(count > 1)
        self.confirm.setEnabled(count > 0)

    def _show_keys(self) -> None:
        moves = self.list_view.move_actions
        self.up.setToolTip(with_key(self.tr("Move the selected issue up"), moves.get("up")))
        self.down.setToolTip(with_key(self.tr("Move the selected issue down"), moves.get("down")))
        self.confirm.setToolTip(
            with_key(
                self.tr("The client agreed this order: record it on the timeline"),
                self.list_view.confirm_keys,
            )
        )

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
        self.confirm.setObjectName("confirmOrder")
        self.confirm.setAccessibleName(self.tr("Confirm order with client"))
        self.quick_add.setObjectName("quickAddIssue")
        self.quick_add.setAccessibleName(self.tr("New issue title"))
        self.quick_add.setClearButtonEnabled(True)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addWidget(self.sort)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(self.order_label)
        layout.addWidget(self.list_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.quick_add)
        layout.addWidget(self.banner)
