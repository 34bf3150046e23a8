"""Draws an issue as it is read out: position, title and priority badge, then its progress.

    1  Delivery labels do not print in the             [P1]
       warehouse
       Investigating · Marco Rossi · ETA Tue 3 Mar 14:00

Titles wrap rather than elide: at 380 px an elided title would hide what the client said.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from callnotes.ui.common.item_painting import color_group, draw_item_background, item_colors
from callnotes.ui.issues.list_model import (
    DETAIL_ROLE,
    POSITION_ROLE,
    PRIORITY_ROLE,
    PRIORITY_TEXT_ROLE,
    TITLE_ROLE,
)

_PAD_X, _PAD_Y, _GAP, _LINE_GAP = 8, 7, 8, 3
_BADGE_PAD_X, _BADGE_PAD_Y = 6, 1
# Badge colours by priority; white text on each except the amber P3, which takes black.
_BADGES = {
    1: (QColor(198, 40, 40), QColor(255, 255, 255)),
    2: (QColor(230, 81, 0), QColor(255, 255, 255)),
    3: (QColor(249, 168, 37), QColor(0, 0, 0)),
    4: (QColor(21, 101, 192), QColor(255, 255, 255)),
    5: (QColor(96, 125, 139), QColor(255, 255, 255)),
}
_WRAP = Qt.TextFlag.TextWordWrap


class IssueDelegate(QStyledItemDelegate):
    """Wrapped title with a priority badge, and a muted detail line, in the view's palette."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Background, selection and focus from the style; the text and badge drawn here."""
        opt = draw_item_background(self, painter, option, index)
        text_color, muted = item_colors(opt)
        layout = _Layout(opt, index)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(text_color)
        painter.setFont(layout.number_font)
        painter.drawText(layout.visual(layout.number), layout.align(right=True), layout.number_text)
        painter.setFont(layout.title_font)
        painter.drawText(layout.visual(layout.title), layout.align() | _WRAP, layout.title_text)
        if layout.detail_text:
            painter.setFont(opt.font)
            painter.setPen(muted)
            painter.drawText(
                layout.visual(layout.detail), layout.align() | _WRAP, layout.detail_text
            )
        _draw_badge(painter, layout, opt, color_group(opt))
        painter.restore()

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """As tall as the wrapped title and detail at the width the view offers."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        layout = _Layout(opt, index)
        return QSize(layout.width, layout.height)


class _Layout:
    """Where each part of one row goes, in left-to-right coordinates (mirrored when drawn)."""

    def __init__(self, opt: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        self.direction = opt.direction
        self.width = _available_width(opt)
        self.outer = QRect(opt.rect.left(), opt.rect.top(), self.width, max(opt.rect.height(), 1))
        self.number_text = f"{index.data(POSITION_ROLE) or ''}"
        self.title_text = str(index.data(TITLE_ROLE) or "")
        self.detail_text = str(index.data(DETAIL_ROLE) or "")
        self.badge_text = str(index.data(PRIORITY_TEXT_ROLE) or "")
        self.priority: int | None = index.data(PRIORITY_ROLE)

        self.title_font = QFont(opt.font)
        self.title_font.setBold(True)
        self.number_font = QFont(self.title_font)
        self.number_font.setPointSizeF(self.title_font.pointSizeF() * 1.25)
        number_metrics = QFontMetrics(self.number_font)
        title_metrics = QFontMetrics(self.title_font)
        detail_metrics = QFontMetrics(opt.font)
        badge_font = QFont(opt.font)
        badge_font.setBold(True)
        self.badge_font = badge_font
        badge_metrics = QFontMetrics(badge_font)

        left = self.outer.left() + _PAD_X
        top = self.outer.top() + _PAD_Y
        number_width = number_metrics.horizontalAdvance("88")
        self.number = QRect(left, top, number_width, number_metrics.height())
        badge_width = badge_metrics.horizontalAdvance("P?") + 2 * _BADGE_PAD_X
        badge_height = badge_metrics.height() + 2 * _BADGE_PAD_Y
        right = self.outer.left() + self.width - _PAD_X
        self.badge = QRect(right - badge_width, top, badge_width, badge_height)
        text_left = self.number.right() + 1 + _GAP
        title_width = max(self.badge.left() - _GAP - text_left, 40)
        title_height = title_metrics.boundingRect(
            QRect(0, 0, title_width, 10_000), int(_WRAP), self.title_text
        ).height()
        # The number sits on the title's first line, whatever the two fonts' heights.
        self.title = QRect(text_left, top, title_width, max(title_height, title_metrics.height()))
        self.number.moveTop(top + title_metrics.ascent() - number_metrics.ascent())
        detail_width = max(right - text_left, 40)
        detail_height = 0
        if self.detail_text:
            detail_height = detail_metrics.boundingRect(
                QRect(0, 0, detail_width, 10_000), int(_WRAP), self.detail_text
            ).height()
        self.detail = QRect(
            text_left, self.title.bottom() + 1 + _LINE_GAP, detail_width, detail_height
        )
        bottom = self.detail.bottom() if detail_height else self.title.bottom()
        self.height = max(bottom + 1 - self.outer.top(), badge_height) + _PAD_Y

    def visual(self, rect: QRect) -> QRect:
        """*rect* mirrored for right-to-left languages."""
        return QStyle.visualRect(self.direction, self.outer, rect)

    def align(self, *, right: bool = False) -> Qt.AlignmentFlag:
        """Top alignment at the reading start (or, with *right*, the reading end)."""
        horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
        return QStyle.visualAlignment(self.direction, horizontal | Qt.AlignmentFlag.AlignTop)


def _draw_badge(
    painter: QPainter, layout: _Layout, opt: QStyleOptionViewItem, group: QPalette.ColorGroup
) -> None:
    rect = QRectF(layout.visual(layout.badge)).adjusted(0.5, 0.5, -0.5, -0.5)
    painter.setFont(layout.badge_font)
    colours = _BADGES.get(layout.priority or 0)
    if colours is None:
        # Unknown priority: an outline only, so it reads as "to be decided" in any theme.
        outline = opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.setPen(QPen(outline, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(outline)
    else:
        fill, text = colours
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(text)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, layout.badge_text)


def _available_width(opt: QStyleOptionViewItem) -> int:
    view = opt.widget
    if isinstance(view, QAbstractScrollArea):
        return max(view.viewport().width(), 120)
    return max(opt.rect.width(), 120)
