"""Starting the GUI: the Qt application, the main window wired to services, the excepthook."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from callnotes.errors import CallnotesError
from callnotes.ui import messages
from callnotes.ui.main_window import MainWindow
from callnotes.ui.ringing import RingingController
from callnotes.ui.theme import apply_theme

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.launch import Launch

log = logging.getLogger(__name__)

_STATE_FILE = "window-state.ini"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def run_gui(ctx: AppContext, argv: list[str], launch: Launch | None = None) -> int:
    """Show the main window on *ctx*'s services and run the event loop; return the exit code.

    With *launch* (this process is the single instance) the window also takes call events
    from the softphone hook and later launches; one that started the app is shown quietly.
    """
    # Set before the QApplication exists: the platform plugin reads them (the Wayland app id).
    QApplication.setApplicationName("callnotes")
    QApplication.setOrganizationName("callnotes")
    QGuiApplication.setDesktopFileName("callnotes")
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    window = build_window(ctx, app)
    ringing = RingingController(ctx, window)
    if launch is not None:
        ringing.listen(launch)
    previous = install_excepthook(lambda: window)
    try:
        show_window(ctx, window, quietly=launch is not None and launch.event is not None)
        return app.exec()
    finally:
        ringing.close()  # stop listening while this process still holds the instance lock
        sys.excepthook = previous


def build_window(ctx: AppContext, app: QApplication) -> MainWindow:
    """The themed main window with its state file; the draft is flushed when the app quits."""
    apply_theme(app, ctx.settings.theme)
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: apply_theme(app, ctx.settings.theme)
    )
    # Kept in the config folder rather than QSettings' default place, so a --data-dir
    # installation (a demo, a test) never moves the everyday window around.
    state = QSettings(str(ctx.paths.config_dir / _STATE_FILE), QSettings.Format.IniFormat)
    window = MainWindow(ctx, state=state)
    app.aboutToQuit.connect(window.flush)
    if app.platformName() == "offscreen":
        # Qt's offscreen platform crashes at exit while its clipboard owns rich mime data
        # (X11, Wayland, Windows and macOS do not); headless runs leave it empty.
        app.aboutToQuit.connect(lambda: QApplication.clipboard().clear())
    return window


def show_window(ctx: AppContext, window: MainWindow, *, quietly: bool = False) -> None:
    """Show the window where it was docked; ask the first-run questions if needed.

    *quietly* (started by a call event): shown without taking the keyboard from the
    softphone; the first-run questions wait for a start by hand.
    """
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, quietly)
    window.show()
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)
    edge = window.saved_edge
    if edge:
        window.dock_to(edge)
    if ctx.settings_store.is_first_run and not quietly:
        window.show_settings(first_run=True)
    else:
        window.focus_editor()


def install_excepthook(parent: Callable[[], QWidget | None]) -> ExceptHook:
    """Show exceptions that reach the event loop in a dialog; return the hook it replaced."""
    previous = sys.excepthook
    sys.excepthook = _ExceptHook(parent)
    return previous


class _ExceptHook:
    """Known problems get their one sentence; bugs get a crash dialog with copyable details."""

    def __init__(self, parent: Callable[[], QWidget | None]) -> None:
        self._parent = parent
        self._crash_box: QMessageBox | None = None

    def __call__(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, CallnotesError):
            log.warning("Unhandled user error: %s", kind.__qualname__)
            messages.show_error(self._parent(), str(exc))
            return
        # Frames only: an exception's message may quote note text, which logs must not hold.
        log.error("Unexpected %s\n%s", kind.__qualname__, "".join(traceback.format_tb(tb)))
        if self._crash_box is not None:
            return  # one dialog at a time: a fault that repeats must not stack up dozens
        details = "".join(traceback.format_exception(kind, exc, tb))
        try:
            self._crash_box = messages.show_crash(self._parent(), details)
        except Exception:
            # A fault while reporting a fault: a console trace beats a loop of dialogs.
            sys.__excepthook__(kind, exc, tb)
            return
        self._crash_box.finished.connect(self._on_crash_box_finished)

    def _on_crash_box_finished(self) -> None:
        self._crash_box = None
