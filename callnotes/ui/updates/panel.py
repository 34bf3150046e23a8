"""The Updates tab: the communication plan with its countdown, the promises, the update log and
who was told what.

The panel shows what it is given and asks for changes through signals; the services are called
by :mod:`callnotes.ui.updates.area`, :mod:`~callnotes.ui.updates.promises` and
:mod:`~callnotes.ui.updates.team_telling`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.cadence import CommunicationPlan, DueState, due_state
from callnotes.domain.communications import CommunicationRecord
from callnotes.domain.reminders import TrackedCommitment
from callnotes.domain.team_notices import TeamNoticeRecord
from callnotes.ui.common.key_names import follow_keys, key_text, with_key
from callnotes.ui.updates import texts

ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class UpdatesView:
    """Everything the tab shows for one case."""

    plan: CommunicationPlan
    commitments: Sequence[TrackedCommitment]
    updates: Sequence[CommunicationRecord]
    notices: Sequence[TeamNoticeRecord]


class UpdatesPanel(QWidget):
    """Plan and countdown, promises (open first), update log (newest first), team notices."""

    log_requested = Signal()
    plan_requested = Signal()
    kept_requested = Signal(int)  # commitment id
    cancel_requested = Signal(int)
    edit_requested = Signal(int)
    acknowledge_requested = Signal(int)  # team notice id
    pause_requested = Signal()  # pause the update clock, or resume it when paused

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("updatesPanel")
        self._view: UpdatesView | None = None
        self._plan_action: QAction | None = None
        self._promise_key = ""
        self.plan_label = self._label("planSummary", self.tr("Communication plan"))
        self.countdown = self._label("updateCountdown", self.tr("Next update"))
        bold = QFont(self.countdown.font())
        bold.setBold(True)
        self.countdown.setFont(bold)
        self.client_time = self._label("clientTime", self.tr("Client time and business hours"))
        self.log_button = self._button(self.tr("Lo&g update…"), self.log_requested.emit)
        self.plan_button = self._button(self.tr("&Plan…"), self.plan_requested.emit)
        # No mnemonic of its own: the window's command (its key in the tooltip) does this.
        self.pause_button = self._button(
            self.tr("Waiting on the client"), self.pause_requested.emit
        )
        self.pause_button.setObjectName("pauseUpdateClock")
        self.commitments = self._list("commitmentList", self.tr("Promises"))
        self.commitments.itemActivated.connect(
            lambda item: self.edit_requested.emit(item.data(ID_ROLE))
        )
        self.kept_button = self._button(self.tr("&Kept"), self._on_kept_clicked)
        self.edit_button = self._button(self.tr("Ed&it…"), self._on_edit_clicked)
        self.cancel_button = self._button(self.tr("Ca&ncel…"), self._on_cancel_clicked)
        self.updates = self._list("updateLog", self.tr("Update log"))
        self.notices = self._list("teamNotices", self.tr("Told the team"))
        self.notices.itemActivated.connect(
            lambda item: self.acknowledge_requested.emit(item.data(ID_ROLE))
        )
        self.ack_button = self._button(self.tr("Ackn&owledged"), self._on_ack_clicked)
        self.notices_heading = self._heading(self.tr("Told the team"), self.notices)
        self.commitments.currentItemChanged.connect(lambda *_: self._enable())
        self.notices.currentItemChanged.connect(lambda *_: self._enable())
        self._build_layout()
        self.show_view(None, None)

    # -- showing ------------------------------------------------------------------------------

    @property
    def view(self) -> UpdatesView | None:
        """What is shown."""
        return self._view

    def set_plan_action(self, action: QAction) -> None:
        """The window's Communication plan command: the plan line names its key."""
        self._plan_action = action

    def set_pause_action(self, action: QAction) -> None:
        """The window's pause command: the button names its key."""
        follow_keys(action, lambda: self._show_pause_key(action))

    def _show_pause_key(self, action: QAction) -> None:
        tip = with_key(self.tr("Pause the update clock while waiting on the client"), action)
        self.pause_button.setToolTip(tip)
        self.pause_button.setAccessibleDescription(tip)

    def set_promise_key(self, keys: str) -> None:
        """The key that makes the next entry a Commitment: the empty promise list names it."""
        self._promise_key = keys

    def show_view(self, view: UpdatesView | None, now: datetime | None) -> None:
        """Show *view* as it stands at *now* (None: no case)."""
        self._view = view
        chosen = self.selected_commitment()
        self.commitments.clear()
        self.updates.clear()
        self.notices.clear()
        if view is None or now is None:
            self.plan_label.setText(self.tr("Choose a case to see its updates and promises."))
            self.countdown.clear()
            self.client_time.clear()
            self._enable()
            return
        zone = ZoneInfo(view.plan.timezone)
        self.pause_button.setText(
            self.tr("Resume the update clock")
            if view.plan.paused
            else self.tr("Waiting on the client")
        )
        self.plan_label.setText(
            texts.plan_line(view.plan, now, zone, plan_key=key_text(self._plan_action))
        )
        for item in view.commitments:
            self._add_item(
                self.commitments, texts.commitment_line(item, now, zone), item.id,
                closed=not item.is_open, late=item.state_at(now) is DueState.OVERDUE,
            )  # fmt: skip
        for update in view.updates:
            self._add_item(self.updates, texts.update_line(update, now, zone), update.id)
        for notice in view.notices:
            self._add_item(
                self.notices, texts.notice_line(notice, now, zone), notice.id,
                closed=notice.acknowledged,
            )  # fmt: skip
        if not view.updates:
            self._add_item(self.updates, self.tr("No updates logged yet."), None, closed=True)
        if not view.commitments:
            self._add_item(self.commitments, self._no_promises_text(), None, closed=True)
        self.notices_heading.setVisible(bool(view.notices))
        self.notices.setVisible(bool(view.notices))
        self.ack_button.setVisible(bool(view.notices))
        self.select_commitment(chosen)
        self.tick(now)

    def tick(self, now: datetime) -> None:
        """Count down again (the timer calls this)."""
        view = self._view
        if view is None:
            return
        zone = ZoneInfo(view.plan.timezone)
        self.countdown.setText(texts.countdown(view.plan, now, zone))
        state = due_state(view.plan.next_update(now).at, now)
        attention = state.needs_attention and not view.plan.paused
        self.countdown.setForegroundRole(
            QPalette.ColorRole.Highlight if attention else QPalette.ColorRole.WindowText
        )
        self.client_time.setText(texts.client_time_line(view.plan, now, zone))

    # -- selection ----------------------------------------------------------------------------

    def selected_commitment(self) -> int | None:
        """The id of the promise chosen in the list."""
        item = self.commitments.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def select_commitment(self, commitment_id: int | None) -> bool:
        """Choose a promise in the list (the first open one when *commitment_id* is None);
        whether there was one to choose."""
        view = self._view
        open_ids = {c.id for c in view.commitments if c.is_open} if view is not None else set()
        for row in range(self.commitments.count()):
            item = self.commitments.item(row)
            ident = item.data(ID_ROLE)
            if ident is not None and (
                ident == commitment_id if commitment_id is not None else ident in open_ids
            ):
                self.commitments.setCurrentRow(row)
                return True
        return False

    def chosen_commitment_rect(self) -> QRect:
        """Where the chosen promise is, in this panel's coordinates (empty: none chosen)."""
        item = self.commitments.currentItem()
        if item is None:
            return QRect()
        rect = self.commitments.visualItemRect(item)
        return QRect(self.commitments.viewport().mapTo(self, rect.topLeft()), rect.size())

    def selected_open_commitment(self) -> TrackedCommitment | None:
        """The chosen promise when it is still open."""
        chosen = self.selected_commitment()
        view = self._view
        if chosen is None or view is None:
            return None
        return next((c for c in view.commitments if c.id == chosen and c.is_open), None)

    # -- reactions ----------------------------------------------------------------------------

    def _on_kept_clicked(self) -> None:
        item = self.selected_open_commitment()
        if item is not None:
            self.kept_requested.emit(item.id)

    def _on_cancel_clicked(self) -> None:
        item = self.selected_open_commitment()
        if item is not None:
            self.cancel_requested.emit(item.id)

    def _on_edit_clicked(self) -> None:
        chosen = self.selected_commitment()
        if chosen is not None:
            self.edit_requested.emit(chosen)

    def _on_ack_clicked(self) -> None:
        item = self.notices.currentItem()
        if item is not None and item.data(ID_ROLE) is not None:
            self.acknowledge_requested.emit(item.data(ID_ROLE))

    def _enable(self) -> None:
        is_open = self.selected_open_commitment() is not None
        self.kept_button.setEnabled(is_open)
        self.cancel_button.setEnabled(is_open)
        self.edit_button.setEnabled(is_open)
        notice = self.notices.currentItem()
        view = self._view
        waiting = (
            notice is not None
            and view is not None
            and any(n.id == notice.data(ID_ROLE) and not n.acknowledged for n in view.notices)
        )
        self.ack_button.setEnabled(waiting)

    # -- building -----------------------------------------------------------------------------

    def _no_promises_text(self) -> str:
        if not self._promise_key:
            return self.tr("No promises yet (a Commitment entry).")
        key = key_text(self._promise_key)
        return self.tr("No promises yet ({key}: a Commitment entry).").format(key=key)

    def _add_item(
        self,
        target: QListWidget,
        text: str,
        ident: int | None,
        *,
        closed: bool = False,
        late: bool = False,
    ) -> None:
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, ident)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
        if closed:
            item.setForeground(
                self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            )
        if late:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        target.addItem(item)

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _button(self, text: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _list(self, name: str, accessible: str) -> QListWidget:
        widget = _CompactList(self)
        widget.setObjectName(name)
        widget.setAccessibleName(accessible)
        widget.setWordWrap(True)
        widget.setTextElideMode(Qt.TextElideMode.ElideNone)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setAlternatingRowColors(True)  # rows of several lines stay apart
        widget.setSpacing(1)
        return widget

    def _heading(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(f"<b>{text}</b>", self)
        label.setBuddy(buddy)
        return label

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.countdown)
        layout.addWidget(self.client_time)
        layout.addLayout(_row(self.log_button, self.plan_button, self.pause_button))
        layout.addWidget(self._heading(self.tr("Promises"), self.commitments))
        layout.addWidget(self.commitments, 3)
        layout.addLayout(_row(self.kept_button, self.edit_button, self.cancel_button))
        layout.addWidget(self._heading(self.tr("Update log"), self.updates))
        layout.addWidget(self.updates, 3)
        layout.addWidget(self.notices_heading)
        layout.addWidget(self.notices, 1)
        layout.addLayout(_row(self.ack_button))


class _CompactList(QListWidget):
    """A list that asks for three lines and grows into the room the tab has."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Three lines high: the tab scrolls only when even that does not fit."""
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * 3 + 8)


def _row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row
