"""The mouse wheel scrolls the form under the pointer; it never changes a field without focus.

Qt lets a wheel turned over a combo box, spin box, date edit or slider change its value even
when the pointer merely passes over it on the way down a form: an issue's impact went from
"Whole business" to "One user" that way. :func:`install_wheel_guard` puts one filter on the
application. Such fields take focus by click or Tab only (not by the wheel), and a wheel over
one without focus is handed to the scroll area around it, which scrolls as if the field were
not there. A field with focus still answers the wheel: the agent chose it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDial,
    QSlider,
    QWidget,
)

from callnotes.ui.shell.app_filters import install_once

_GUARDED = (QComboBox, QAbstractSpinBox, QSlider, QDial)


class WheelGuard(QObject):
    """The application-wide filter; see the module's description."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Keep the wheel from fields without focus; scroll their form instead."""
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, _GUARDED):
            _no_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel and isinstance(watched, QWidget):
            field = guarded_field(watched)
            if field is not None and not _has_focus(field):
                assert isinstance(event, QWheelEvent)
                _no_wheel_focus(field)
                _scroll_around(field, watched, event)
                return True
        return False


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Put the guard on *app* once (later calls return the one installed)."""
    guard, new = install_once(app, WheelGuard)
    if new:  # fields polished before the guard arrived: wheel focus off for them too
        for widget in app.allWidgets():
            if isinstance(widget, _GUARDED):
                _no_wheel_focus(widget)
    return guard


def guarded_field(widget: QWidget) -> QWidget | None:
    """The value field *widget* belongs to (a combo's or spin box's inner line edit: the box)."""
    current: QWidget | None = widget
    while current is not None and not current.isWindow():
        if isinstance(current, _GUARDED):
            return current
        if isinstance(current, QAbstractScrollArea):
            return None  # a list inside a field's pop-up, say: its own wheel is its own
        current = current.parentWidget()
    return None


def _has_focus(field: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is field or field.isAncestorOf(focus))


def _no_wheel_focus(field: QWidget) -> None:
    if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _scroll_around(field: QWidget, receiver: QWidget, event: QWheelEvent) -> None:
    """Hand the wheel to the nearest scroll area holding *field*; nothing happens without one."""
    area = _scroll_area_of(field)
    if area is None:
        return
    viewport = area.viewport()
    position = QPointF(receiver.mapTo(viewport, event.position().toPoint()))
    forwarded = QWheelEvent(
        position,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    QApplication.sendEvent(viewport, forwarded)


def _scroll_area_of(field: QWidget) -> QAbstractScrollArea | None:
    current = field.parentWidget()
    while current is not None:
        if isinstance(current, QAbstractScrollArea) and current.viewport().isAncestorOf(field):
            return current
        if current.isWindow():
            return None
        current = current.parentWidget()
    return None
