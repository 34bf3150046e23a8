"""The excepthook: a known problem in its one sentence, a bug in a crash dialog to copy from."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from callnotes.errors import CallnotesError
from callnotes.ui.common import messages

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


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
