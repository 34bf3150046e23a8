"""Draws a search result: what it is and the matched text (two lines at most), then where."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from callnotes.ui.common.item_painting import color_group, draw_item_background, item_colors
from callnotes.ui.search.result_model import (
    DATE_ROLE,
    DETAIL_ROLE,
    KIND_ROLE,
    SPANS_ROLE,
    TEXT_ROLE,
)

_PAD_X, _PAD_Y, _LINE_GAP, _DATE_GAP = 8, 6, 3, 12
_MAX_LINES = 2


class SearchResultDelegate(QStyledItemDelegate):
    """The kind in small bold, the text with matching words marked, the client and date beneath.

    Matches are marked with a tint and an underline rather than bold, so marking never moves
    a line break; colours come from the view's palette, so selection and dark mode just work.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Background and focus from the style; the text and the detail line drawn here."""
        opt = draw_item_background(self, painter, option, index)
        text_color, muted = item_colors(opt)
        area = opt.rect.adjusted(_PAD_X, _PAD_Y, -_PAD_X, -_PAD_Y)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        mark = opt.palette.color(color_group(opt), QPalette.ColorRole.Highlight)
        layout = _text_layout(opt.font, index, area.width(), muted, mark, selected)
        height = _height(layout)

        painter.save()
        painter.setPen(text_color)
        clip = QRectF(area.left(), area.top(), area.width(), height)  # in painter coordinates
        layout.draw(painter, QPointF(area.topLeft()), [], clip)
        metrics = opt.fontMetrics
        top = area.top() + int(height) + _LINE_GAP
        painter.setFont(opt.font)
        painter.setPen(muted)
        date = str(index.data(DATE_ROLE) or "")
        date_width = metrics.horizontalAdvance(date)
        line = QRect(area.left(), top, area.width(), metrics.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, date)
        detail = str(index.data(DETAIL_ROLE) or "")
        room = max(area.width() - date_width - _DATE_GAP, 0)
        painter.drawText(
            QRect(area.left(), top, room, metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            metrics.elidedText(detail, Qt.TextElideMode.ElideRight, room),
        )
        painter.restore()

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """One or two lines of text, the detail line and padding, at the view's width."""
        view = option.widget
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 300
        # Measured as if the scroll bar were there: a row then never gets more lines than
        # its height allows, whether the bar comes or goes with the next results.
        bar = view.verticalScrollBar() if isinstance(view, QAbstractItemView) else None
        spare = bar.sizeHint().width() if bar is not None and not bar.isVisible() else 0
        text_width = max(width - spare - 2 * _PAD_X, 40)
        black = QColor(Qt.GlobalColor.black)
        layout = _text_layout(option.font, index, text_width, black, black, False)
        height = int(_height(layout)) + _LINE_GAP + option.fontMetrics.height()
        return QSize(width, height + 2 * _PAD_Y)


def _text_layout(
    font: QFont,
    index: QModelIndex | QPersistentModelIndex,
    width: int,
    muted: QColor,
    mark: QColor,
    selected: bool,
) -> QTextLayout:
    """“Issue  the matched text…” laid out in at most two lines, the second elided."""
    prefix = f"{index.data(KIND_ROLE) or ''}  "
    text = prefix + str(index.data(TEXT_ROLE) or "")
    spans = [(start + len(prefix), length) for start, length in index.data(SPANS_ROLE) or []]
    kind = QTextCharFormat()
    kind.setFontWeight(QFont.Weight.Bold)
    kind.setFontPointSize(max(font.pointSizeF() - 1, 6.0))
    if not selected:
        kind.setForeground(muted)
    found = QTextCharFormat()
    found.setFontUnderline(True)
    if not selected:
        tint = QColor(mark)
        tint.setAlpha(70)
        found.setBackground(tint)
    formats = [_format(0, len(prefix) - 2, kind)] + [_format(s, n, found) for s, n in spans]
    layout = _lay_out(text, formats, font, width)
    if layout.lineCount() > _MAX_LINES:
        cut = layout.lineAt(_MAX_LINES - 1).textStart()
        tail = QFontMetrics(font).elidedText(text[cut:], Qt.TextElideMode.ElideRight, width)
        text = text[:cut] + tail
        kept = [f for f in formats if f.start < len(text)]
        layout = _lay_out(text, kept, font, width)
    return layout


def _format(start: int, length: int, char_format: QTextCharFormat) -> QTextLayout.FormatRange:
    found = QTextLayout.FormatRange()
    found.start = start
    found.length = length
    found.format = char_format
    return found


def _lay_out(
    text: str, formats: list[QTextLayout.FormatRange], font: QFont, width: int
) -> QTextLayout:
    layout = QTextLayout(text, font)
    layout.setFormats(formats)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    top = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, top))
        top += line.height()
    layout.endLayout()
    return layout


def _height(layout: QTextLayout) -> float:
    """The height of the lines shown (two at most)."""
    shown = min(layout.lineCount(), _MAX_LINES)
    return sum(layout.lineAt(n).height() for n in range(shown))
