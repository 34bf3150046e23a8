"""Draws a case in the list as two lines: the title in bold, client and status beneath."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter
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

# Lines from the last one read at which moving the current line reads the next page.
_FETCH_WITHIN = 20
_ROOT = QModelIndex()

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


class CaseListView(QListView):
    """The list of cases, which reads the next page when the agent nears its end.

    The view asks for it (``fetchMore``) when its end comes into sight by scrolling; the
    keyboard asks too as soon as the current line is near the last read (End, Page Down,
    arrows, even on the last line already), so the next page is there when the key is pressed
    again.
    """

    def currentChanged(  # noqa: N802 (Qt API)
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Move the current line; read the next page if it is near the last read."""
        super().currentChanged(current, previous)
        self._fetch_near(current)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Move as the key says; read the next page if the current line is near the end."""
        super().keyPressEvent(event)
        self._fetch_near(self.currentIndex())

    def _fetch_near(self, current: QModelIndex | QPersistentModelIndex) -> None:
        model = self.model()
        if model is None or not current.isValid():
            return
        if current.row() >= model.rowCount() - _FETCH_WITHIN and model.canFetchMore(_ROOT):
            model.fetchMore(_ROOT)


def case_list_view(model: QAbstractItemModel, parent: QWidget) -> QListView:
    """The list of cases: two lines per case, one chosen at a time, read-only."""
    view = CaseListView(parent)
    view.setObjectName("caseList")
    view.setAccessibleName(view.tr("Cases"))
    view.setModel(model)
    view.setItemDelegate(CaseDelegate(view))
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setUniformItemSizes(True)
    return view
