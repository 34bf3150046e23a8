"""Keeping the window beside the softphone: always on top and docked to a screen edge.

Neither works under Wayland, where clients may not place themselves; callers hide the options.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

EDGES = ("left", "right")


def placement_supported() -> bool:
    """Whether the platform lets a window keep itself on top and move itself."""
    return QGuiApplication.platformName() not in ("wayland", "wayland-egl")


def set_always_on_top(window: QWidget, on: bool) -> None:
    """Keep *window* above others (re-shown, as changing window flags hides it)."""
    visible = window.isVisible()
    window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
    if visible:
        window.show()


def docked_geometry(available: QRect, width: int, edge: str) -> QRect:
    """Full available height at the *edge* of the screen, *width* wide."""
    width = min(width, available.width())
    x = available.left() if edge == "left" else available.right() - width + 1
    return QRect(x, available.top(), width, available.height())


def dock(window: QWidget, edge: str) -> None:
    """Move *window* to the left or right edge of its screen, full height."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or edge not in EDGES:
        return
    frame_extra = window.frameGeometry().height() - window.geometry().height()
    target = docked_geometry(screen.availableGeometry(), window.width(), edge)
    target.setHeight(target.height() - max(frame_extra, 0))
    window.setGeometry(target)
