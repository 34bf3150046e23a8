"""The call-back queue: the calls owed to clients, due first at the top, worked by keys.

    Call-back queue
    Due first at the top; times on the client's clock.
    ┌──────────────────────────────────────────────────────┐
    │ Dana Whitfield, Northwind Logistics                   │
    │ +44 20 7946 0321 · missed call · overdue 5 min (…)    │
    └──────────────────────────────────────────────────────┘
    Enter: call back · Delete: done without a call · Esc: close
                                  [Call back] [Done] [Close]

Rows wrap rather than scroll sideways: the window is docked narrow beside the softphone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.call_backs import CallBackRecord
from callnotes.ui.callbacks import texts
from callnotes.ui.common.item_painting import draw_item_background, item_colors

_RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
_TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
_DETAIL_ROLE = Qt.ItemDataRole.UserRole + 3
_DUE_ROLE = Qt.ItemDataRole.UserRole + 4
_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete)
_PAD_X, _PAD_Y, _LINE_GAP = 8, 6, 2
_WRAP = int(Qt.TextFlag.TextWordWrap)


class CallBackDelegate(QStyledItemDelegate):
    """Who waits (bold), then the number, the reason and when it is due (muted), wrapped."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Background, selection and focus from the style; the two lines drawn here."""
        opt = draw_item_background(self, painter, option, index)
        text_color, muted = item_colors(opt)
        title, detail = _rects(opt, index)
        align = QStyle.visualAlignment(
            opt.direction, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )
        painter.save()
        painter.setPen(text_color)
        painter.setFont(_bold(opt.font))
        painter.drawText(
            QStyle.visualRect(opt.direction, opt.rect, title),
            int(align) | _WRAP,
            str(index.data(_TITLE_ROLE) or ""),
        )
        painter.setFont(opt.font)
        painter.setPen(text_color if index.data(_DUE_ROLE) else muted)
        painter.drawText(
            QStyle.visualRect(opt.direction, opt.rect, detail),
            int(align) | _WRAP,
            str(index.data(_DETAIL_ROLE) or ""),
        )
        painter.restore()

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """As tall as the two wrapped lines at the width the view offers."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        _title, detail = _rects(opt, index)
        return QSize(_width(opt), detail.bottom() + 1 - opt.rect.top() + _PAD_Y)


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def _width(opt: QStyleOptionViewItem) -> int:
    view = opt.widget
    if isinstance(view, QAbstractScrollArea):
        return max(view.viewport().width(), 120)
    return max(opt.rect.width(), 120)


def _rects(
    opt: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
) -> tuple[QRect, QRect]:
    inner = _width(opt) - 2 * _PAD_X
    left, top = opt.rect.left() + _PAD_X, opt.rect.top() + _PAD_Y
    title_height = (
        QFontMetrics(_bold(opt.font))
        .boundingRect(QRect(0, 0, inner, 10_000), _WRAP, str(index.data(_TITLE_ROLE) or ""))
        .height()
    )
    detail_height = (
        QFontMetrics(opt.font)
        .boundingRect(QRect(0, 0, inner, 10_000), _WRAP, str(index.data(_DETAIL_ROLE) or ""))
        .height()
    )
    title = QRect(left, top, inner, title_height)
    return title, QRect(left, title.bottom() + 1 + _LINE_GAP, inner, detail_height)


class CallBackQueueDialog(QDialog):
    """Enter calls the chosen client back (an outbound call, like New call); Delete marks it
    done without a call; Esc closes. Redrawn by the area from the change notice."""

    call_requested = Signal(object)  # CallBackRecord
    done_requested = Signal(object)  # CallBackRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Call-back queue"))
        self.setAccessibleName(self.tr("Call-back queue"))
        self.heading = QLabel(self.tr("Call-back queue"), self)
        heading_font = _bold(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
        self.heading.setFont(heading_font)
        self.summary = QLabel(self.tr("Due first at the top; times on the client's clock."), self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Calls owed to clients, due first"))
        self.list.setItemDelegate(CallBackDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.installEventFilter(self)
        self.list.itemActivated.connect(self._on_activated)
        self.empty = QLabel(self.tr("Nobody waits for a call back."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.hint = QLabel(
            self.tr("Enter: call back · Delete: done without a call · Esc: close"), self
        )
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.call_button = QPushButton(self.tr("&Call back"), self)
        self.done_button = QPushButton(self.tr("&Done"), self)
        for button in (self.call_button, self.done_button):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.call_button.clicked.connect(lambda: self._ask(self.call_requested))
        self.done_button.clicked.connect(lambda: self._ask(self.done_requested))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.resize(400, 320)

    def show_records(self, records: Sequence[CallBackRecord], now: datetime) -> None:
        """Show *records* (due first), keeping the chosen one chosen where it still waits."""
        chosen = self.chosen()
        had_focus = self.list.hasFocus()
        self.list.clear()
        for record in records:
            item = QListWidgetItem(texts.row_text(record, now))
            item.setData(_RECORD_ROLE, record)
            item.setData(_TITLE_ROLE, texts.row_title(record))
            item.setData(_DETAIL_ROLE, texts.row_detail(record, now))
            item.setData(_DUE_ROLE, record.is_due(now))
            self.list.addItem(item)
            if chosen is not None and record.id == chosen.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.setVisible(bool(records))
        self.empty.setVisible(not records)
        self.call_button.setEnabled(bool(records))
        self.done_button.setEnabled(bool(records))
        if had_focus and not records:
            self.setFocus()

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
                self._ask(self.done_requested if key == Qt.Key.Key_Delete else self.call_requested)
                return True
        return super().eventFilter(watched, event)

    def _ask(self, signal: SignalInstance) -> None:
        chosen = self.chosen()
        if chosen is not None:
            signal.emit(chosen)

    def _on_activated(self, item: QListWidgetItem) -> None:
        found = item.data(_RECORD_ROLE)
        if isinstance(found, CallBackRecord):
            self.call_requested.emit(found)
