"""The question after a damaged database was set aside: restore a backup, start empty, or quit.

A message box, like every other question at start-up, opened window-modal over the empty
frame. Enter restores the backup when there is one; Esc quits; an empty database is only ever
started by choosing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

if TYPE_CHECKING:
    from datetime import datetime

    from callnotes.recovery import Recovery


def backup_time_text(moment: datetime) -> str:
    """When a backup was taken, in local time: "Sat 21 Nov 2026, 10:15"."""
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")


class RestoreDialog(QMessageBox):
    """Says where the damaged file went and offers the newest good backup in its place."""

    restore_chosen = Signal()  # restore the backup on offer, then open it
    empty_chosen = Signal()  # start with an empty database
    quit_chosen = Signal()  # quit; the next start asks again

    def __init__(self, recovery: Recovery, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("callnotes"))
        self.setAccessibleName(self.tr("The database is damaged"))
        self.setText(self.tr("The database file is damaged and cannot be read."))
        self.setInformativeText(self._explanation(recovery))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button: QAbstractButton | None = None
        taken_at = recovery.backup_taken_at
        if taken_at is not None:
            self.restore_button = self.addButton(
                self.tr("&Restore the backup from {when}").format(when=backup_time_text(taken_at)),
                QMessageBox.ButtonRole.AcceptRole,
            )
        self.empty_button = self.addButton(
            self.tr("Start with an &empty database"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.quit_button = self.addButton(self.tr("&Quit"), QMessageBox.ButtonRole.RejectRole)
        # Without a backup, Enter quits: an empty start must be chosen, never fallen into.
        self.setDefaultButton(self.restore_button or self.quit_button)
        self.setEscapeButton(self.quit_button)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.finished.connect(self._on_finished)

    @property
    def explanation(self) -> str:
        """What the dialog says under its first sentence."""
        return self.informativeText()

    def _explanation(self, recovery: Recovery) -> str:
        moved = self.tr("callnotes moved it aside, untouched:\n{path}").format(
            path=recovery.set_aside_as
        )
        if recovery.backup_taken_at is None:
            offer = self.tr(
                "There is no good backup to restore. You can start with an empty database; "
                "the damaged file stays where it is."
            )
        elif recovery.backup_cases is None:
            offer = self.tr("Anything written after the backup was taken is not in it.")
        else:
            holds = (
                self.tr("The backup holds 1 case.")
                if recovery.backup_cases == 1
                else self.tr("The backup holds {count} cases.").format(count=recovery.backup_cases)
            )
            offer = holds + " " + self.tr("Anything written after it was taken is not in it.")
        return f"{moved}\n\n{offer}"

    def _on_finished(self, _result: int) -> None:
        chosen = self.clickedButton()
        if chosen is not None and chosen is self.restore_button:
            self.restore_chosen.emit()
        elif chosen is self.empty_button:
            self.empty_chosen.emit()
        else:
            self.quit_chosen.emit()
