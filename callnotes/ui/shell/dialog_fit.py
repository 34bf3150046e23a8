"""A dialog is always tall enough for what it says.

Qt sizes a window once, from its layout's size hint, and a label that wraps its words does
not tell that hint how tall it becomes at the window's width. A dialog whose text wraps (a
suggestion and why, a hint, a problem shown in its banner after the agent pressed Enter) then
opened squeezed, or kept its height when a banner appeared: lines were cut at the top and the
bottom, and fields squashed to a sliver. One filter on the application grows any dialog of the
window to the height its content needs at its width, when it is shown and whenever its content
changes; it never shrinks one the agent made taller.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from callnotes.ui.shell.app_filters import install_once

_WHEN = (QEvent.Type.Show, QEvent.Type.LayoutRequest)


class DialogFit(QObject):
    """The application-wide filter; see the module's description."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """After a dialog is shown or laid out anew, make it tall enough."""
        if (
            event.type() in _WHEN
            and isinstance(watched, QDialog)
            and watched.isWindow()
            and not isinstance(watched, QMessageBox)  # sizes itself to its text
        ):
            QTimer.singleShot(0, watched, partial(fit_height, watched))
        return False


def fit_height(dialog: QDialog) -> None:
    """Grow *dialog* to the height its layout needs at its width (within the screen)."""
    layout = dialog.layout()
    if layout is None or not dialog.isVisible():
        return
    layout.activate()
    width = dialog.width()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(width)
    else:
        needed = layout.totalMinimumSize().height()
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height())
    if needed > dialog.height():
        dialog.resize(width, needed)


def install_dialog_fit(app: QApplication) -> DialogFit:
    """Put the filter on *app* once (later calls return the one installed)."""
    return install_once(app, DialogFit)[0]
