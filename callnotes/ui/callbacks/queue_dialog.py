"""The call-back queue: the calls owed to clients, due first at the top, worked by keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from callnotes.domain.call_backs import CallBackRecord
from callnotes.ui.callbacks import texts

_RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete)


class CallBackQueueDialog(QDialog):
    """Enter calls the chosen client back (an outbound call, like New call); Delete marks it
    done without a call. Redrawn by the area from the change notice."""

    call_requested = Signal(object)  # CallBackRecord
    done_requested = Signal(object)  # CallBackRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Call-back queue"))
        self.setAccessibleName(self.tr("Call-back queue"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Calls owed to clients, due first"))
        self.list.installEventFilter(self)
        self.list.itemActivated.connect(self._on_activated)
        self.hint = QLabel(
            self.tr("Enter: call back · Delete: done without a call · Esc: close"), self
        )
        self.empty = QLabel(self.tr("Nobody waits for a call."), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.resize(520, 300)

    def show_records(self, records: Sequence[CallBackRecord], now: datetime) -> None:
        """Show *records* (due first), keeping the chosen one chosen where it still waits."""
        chosen = self.chosen()
        self.list.clear()
        for record in records:
            item = QListWidgetItem(texts.row_text(record, now))
            item.setData(_RECORD_ROLE, record)
            if record.is_due(now):
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if chosen is not None and record.id == chosen.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setVisible(not records)

    def chosen(self) -> CallBackRecord | None:
        """The call-back chosen in the list."""
        item = self.list.currentItem()
        found = item.data(_RECORD_ROLE) if item is not None else None
        return found if isinstance(found, CallBackRecord) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Enter calls the chosen client back; Delete marks the call-back done."""
        if watched is self.list and isinstance(event, QKeyEvent):
            key = event.key()
            if event.type() == QEvent.Type.KeyPress and key in _KEYS:
                chosen = self.chosen()
                if chosen is not None:
                    signal = (
                        self.done_requested if key == Qt.Key.Key_Delete else self.call_requested
                    )
                    signal.emit(chosen)
                return True
        return super().eventFilter(watched, event)

    def _on_activated(self, item: QListWidgetItem) -> None:
        found = item.data(_RECORD_ROLE)
        if isinstance(found, CallBackRecord):
            self.call_requested.emit(found)
