"""What the list delegates share: the style's item background and the palette's text colours."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem


def draw_item_background(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
) -> QStyleOptionViewItem:
    """Let the style draw background, selection and focus; return the initialised option."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    style = opt.widget.style() if opt.widget is not None else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
    return opt


def color_group(opt: QStyleOptionViewItem) -> QPalette.ColorGroup:
    """Active colours in the focused window, inactive ones elsewhere."""
    if opt.state & QStyle.StateFlag.State_Active:
        return QPalette.ColorGroup.Active
    return QPalette.ColorGroup.Inactive


def item_colors(opt: QStyleOptionViewItem) -> tuple[QColor, QColor]:
    """(text, muted) colours for an item, following selection, focus and dark mode."""
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    group = color_group(opt)
    text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    muted_role = text_role if selected else QPalette.ColorRole.PlaceholderText
    return opt.palette.color(group, text_role), opt.palette.color(group, muted_role)
