"""A date and time field whose day steps as a calendar's do: Up on "Thu 31 Dec" is "Fri 1 Jan".

Qt's ``QDateTimeEdit`` steps a day section within its month and a weekday section within its
week: Up on Sunday did nothing, and Up on "Thu 31 Dec" went back to "Fri 25 Dec" — an absence
set from the keyboard ended a week early. Here Up and Down (and the wheel, and Page Up/Down)
on the day or the weekday move the date by whole days, across the end of a month or a year,
keeping the time; the other sections step as Qt steps them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QDateTimeEdit, QWidget


class DateTimeEdit(QDateTimeEdit):
    """``QDateTimeEdit`` with the day and the weekday stepping by calendar days."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt's name)
        """Step the shown section; the day and the weekday by *steps* calendar days."""
        if self.currentSection() != QDateTimeEdit.Section.DaySection:
            super().stepBy(steps)
            return
        moved = self.dateTime().addDays(steps)
        if moved < self.minimumDateTime() or moved > self.maximumDateTime():
            return
        section = self.currentSectionIndex()
        self.setDateTime(moved)
        # Setting the value puts the cursor back at the first section; the key stays on the day.
        self.setCurrentSectionIndex(section)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 (Qt's name)
        """Whether Up and Down can step: on the day, while a day more or less is in range."""
        if self.currentSection() != QDateTimeEdit.Section.DaySection:
            return super().stepEnabled()
        enabled = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.isReadOnly():
            return enabled
        if self.dateTime().addDays(1) <= self.maximumDateTime():
            enabled |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self.dateTime().addDays(-1) >= self.minimumDateTime():
            enabled |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return enabled
