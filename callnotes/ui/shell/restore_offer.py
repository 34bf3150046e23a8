"""A damaged database set aside and the newest good backup (or an empty file) offered instead."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callnotes.errors import StorageError

if TYPE_CHECKING:
    from callnotes.errors import DamagedDatabaseError
    from callnotes.launch import Opening
    from callnotes.ui.shell.main_window import MainWindow
    from callnotes.ui.shell.restore_dialog import RestoreDialog


class RestoreOffer(QObject):
    """Moves the damaged file aside, says so in the window, asks (:class:`RestoreDialog`) and
    puts the chosen database file in its place; what follows is the start-up's to do."""

    #: The backup was restored or an empty database file made: the database can be opened.
    replaced = Signal()
    #: The file could not be moved aside or replaced (the :class:`StorageError` saying why).
    failed = Signal(object)
    #: The agent chose to quit; the next start asks again.
    quit_chosen = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: RestoreDialog | None = None  # the question, once asked

    def offer(self, damaged: DamagedDatabaseError, opening: Opening, window: MainWindow) -> None:
        """Set *damaged* aside and ask over *window* what to open in its place."""
        from callnotes.ui.shell.restore_dialog import RestoreDialog

        try:
            recovery = opening.set_aside(damaged)
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            text = self.tr("The database file is damaged and could not be moved aside ({reason}).")
            self.failed.emit(StorageError(text.format(reason=reason)))
            return
        message = self.tr("The database file is damaged and cannot be read.")
        print(f"callnotes: {message} It was set aside as {recovery.set_aside_as}.", file=sys.stderr)
        if window.is_attached:
            window.banner.show_message(message)
        else:
            window.show_opening_problem(message)
        dialog = RestoreDialog(recovery, window)
        dialog.restore_chosen.connect(lambda: self._on_dialog_choice(recovery.restore))
        dialog.empty_chosen.connect(lambda: self._on_dialog_choice(recovery.start_empty))
        dialog.quit_chosen.connect(self.quit_chosen)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_choice(self, replace: Callable[[], None]) -> None:
        try:
            replace()  # the backup restored, or an empty database file created
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            text = self.tr("The database could not be replaced ({reason}).")
            self.failed.emit(StorageError(text.format(reason=reason)))
            return
        self.replaced.emit()
