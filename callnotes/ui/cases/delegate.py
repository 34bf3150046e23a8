"""Draws a case in the list as two lines: the title in bold, client and status beneath."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from callnotes.ui.cases.list_model import CASE_DETAIL_ROLE, CASE_TITLE_ROLE
from callnotes.ui.common.item_painting import draw_item_background, item_colors

_PAD_X, _PAD_Y, _LINE_GAP = 8, 6, 2


class CaseDelegate(QStyledItemDelegate):
    """Two elided lines per case, in the view's palette so selection and dark mode just work."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Background and focus from the style; the two lines drawn here."""
        opt = draw_item_background(self, painter, option, index)
        text_color, detail_color = item_colors(opt)
        align = QStyle.visualAlignment(
            opt.direction, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )
        area = opt.rect.adjusted(_PAD_X, _PAD_Y, -_PAD_X, -_PAD_Y)

        painter.save()
        title_font = QFont(opt.font)
        title_font.setBold(True)
        title_metrics = QFontMetrics(title_font)
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = str(index.data(CASE_TITLE_ROLE) or "")
        title_rect = QRect(area.left(), area.top(), area.width(), title_metrics.height())
        painter.drawText(
            title_rect,
            align,
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, area.width()),
        )

        painter.setFont(option.font)
        painter.setPen(detail_color)
        detail = str(index.data(CASE_DETAIL_ROLE) or "")
        detail_top = title_rect.bottom() + 1 + _LINE_GAP
        detail_rect = QRect(area.left(), detail_top, area.width(), option.fontMetrics.height())
        painter.drawText(
            detail_rect,
            align,
            option.fontMetrics.elidedText(detail, Qt.TextElideMode.ElideRight, area.width()),
        )
        painter.restore()

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Two lines of text plus padding; the width is whatever the view offers."""
        bold = QFont(option.font)
        bold.setBold(True)
        height = QFontMetrics(bold).height() + _LINE_GAP + option.fontMetrics.height()
        return QSize(option.rect.width(), height + 2 * _PAD_Y)


def case_list_view(model: QAbstractItemModel, parent: QWidget) -> QListView:
    """The list of cases: two lines per case, one chosen at a time, read-only."""
    view = QListView(parent)
    view.setObjectName("caseList")
    view.setAccessibleName(view.tr("Cases"))
    view.setModel(model)
    view.setItemDelegate(CaseDelegate(view))
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setUniformItemSizes(True)
    return view
