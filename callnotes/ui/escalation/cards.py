"""Compact cards for narrow lists: a bold title with a tag at the right, then wrapped lines.

The escalation view shows its ladder, its attempts and "most context" this way, so a person's
name, why they are listed and whether they can be reached fit in 440 pixels without a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from callnotes.ui.common.item_painting import draw_item_background, item_colors

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
_PAD_X, _PAD_Y, _GAP = 8, 5, 2
_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


@dataclass(frozen=True)
class CardLine:
    """One line under the title; muted lines are quieter (details, absences)."""

    text: str
    muted: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Card:
    """What one row shows; *key* identifies what it stands for (a member id, an attempt id)."""

    key: int
    title: str
    tag: str = ""
    lines: tuple[CardLine, ...] = ()
    tooltip: str = ""

    @property
    def spoken(self) -> str:
        """The whole card as one sentence for screen readers."""
        parts = [self.title, self.tag, *(line.text for line in self.lines)]
        return ". ".join(part for part in parts if part)


class CardListModel(QAbstractListModel):
    """A list of cards (data only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cards: list[Card] = []

    def set_cards(self, cards: Sequence[Card]) -> None:
        """Replace every card; nothing happens when they are the same (the periodic re-check
        must not disturb the agent's place in the list)."""
        if list(cards) == self._cards:
            return
        self.beginResetModel()
        self._cards = list(cards)
        self.endResetModel()

    def cards(self) -> list[Card]:
        """The cards shown, in order."""
        return list(self._cards)

    def card_at(self, row: int) -> Card | None:
        """The card on *row*, or None."""
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def row_of(self, key: int) -> int | None:
        """The row of the card with *key*, or None."""
        return next((n for n, card in enumerate(self._cards) if card.key == key), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        """Number of cards (a flat list: no children)."""
        if parent is not None and parent.isValid():
            return 0
        return len(self._cards)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """Title for display, the whole card for screen readers and the delegate."""
        card = self.card_at(index.row()) if index.isValid() else None
        if card is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return card.spoken
        if role == Qt.ItemDataRole.ToolTipRole:
            return card.tooltip or None
        if role == CARD_ROLE:
            return card
        if role == KEY_ROLE:
            return card.key
        return None


class CardDelegate(QStyledItemDelegate):
    """Paints a card in the palette's colours; the height follows the wrapped lines."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Background and focus by the style, then the title, the tag and the lines."""
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        opt = draw_item_background(self, painter, option, index)
        text, muted = item_colors(opt)
        area = opt.rect.adjusted(_PAD_X, _PAD_Y, -_PAD_X, -_PAD_Y)
        painter.save()
        bold, small = _fonts(opt.font)
        tag_width = 0
        if card.tag:
            painter.setFont(small)
            painter.setPen(muted)
            tag_width = QFontMetrics(small).horizontalAdvance(card.tag) + 8
            painter.drawText(
                area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, card.tag
            )
        painter.setFont(bold)
        painter.setPen(text)
        metrics = QFontMetrics(bold)
        title = metrics.elidedText(
            card.title, Qt.TextElideMode.ElideRight, area.width() - tag_width
        )
        painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, title)
        top = area.top() + metrics.height() + _GAP
        for line in card.lines:
            font = _line_font(opt.font, line)
            painter.setFont(font)
            painter.setPen(muted if line.muted else text)
            box = QRect(area.left(), top, area.width(), 10_000)
            used = QFontMetrics(font).boundingRect(box, int(_WRAP), line.text)
            painter.drawText(box, int(_WRAP), line.text)
            top += used.height() + _GAP
        painter.restore()

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Tall enough for the title and every wrapped line at the view's width."""
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            return super().sizeHint(option, index)
        widget = option.widget
        width = widget.viewport().width() if isinstance(widget, QAbstractItemView) else 400
        inner = max(80, width - 2 * _PAD_X)
        bold, _small = _fonts(option.font)
        height = QFontMetrics(bold).height() + _GAP
        for line in card.lines:
            box = QRect(0, 0, inner, 10_000)
            font = _line_font(option.font, line)
            height += QFontMetrics(font).boundingRect(box, int(_WRAP), line.text).height() + _GAP
        return QSize(width, height + 2 * _PAD_Y)


def card_list_view(model: CardListModel, name: str, parent: QWidget) -> QListView:
    """A list view for cards: one column, rows as tall as their text, keyboard first."""
    view = QListView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setItemDelegate(CardDelegate(view))
    view.setUniformItemSizes(False)
    view.setWordWrap(True)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    return view


def _fonts(base: QFont) -> tuple[QFont, QFont]:
    bold = QFont(base)
    bold.setBold(True)
    small = QFont(base)
    small.setPointSizeF(base.pointSizeF() * 0.9)
    return bold, small


def _line_font(base: QFont, line: CardLine) -> QFont:
    font = QFont(base)
    font.setItalic(line.italic)
    return font
