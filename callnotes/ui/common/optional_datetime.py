"""A date and time that may be unknown: a check box to say "known", and the value beside it.

An unknown value reads "not set", never a made-up date (Qt's default is 1 January 2000).
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QWidget

from callnotes.ui.common.date_time_edit import DateTimeEdit

_FORMAT = "ddd d MMM yyyy HH:mm"


class OptionalDateTimeEdit(QWidget):
    """Shows and edits an aware datetime, or None, in the computer's time zone."""

    #: The value changed in any way (each step of the spin box too).
    value_changed = Signal()
    #: The agent finished with the value: ticked or unticked, or left the field / pressed Enter.
    committed = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._known = QCheckBox(self)
        self._known.setAccessibleName(self.tr("{what} known").format(what=what))
        self._known.setToolTip(self.tr("Tick when the {what} is known").format(what=what.lower()))
        self._edit = DateTimeEdit(self)
        self._edit.setAccessibleName(what)
        self._edit.setDisplayFormat(_FORMAT)
        self._edit.setCalendarPopup(True)
        self._show_unset()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._known)
        layout.addWidget(self._edit, 1)
        self.setFocusProxy(self._known)
        self._known.toggled.connect(self._on_known_toggled)
        self._edit.dateTimeChanged.connect(self._on_edit_changed)
        self._edit.editingFinished.connect(self.committed)

    @property
    def check_box(self) -> QCheckBox:
        """Ticked when the value is known."""
        return self._known

    @property
    def editor(self) -> QDateTimeEdit:
        """The date and time."""
        return self._edit

    def value(self) -> datetime | None:
        """The value in UTC, or None when not known."""
        if not self._known.isChecked():
            return None
        return datetime.fromtimestamp(self._edit.dateTime().toSecsSinceEpoch(), UTC)

    def set_value(self, value: datetime | None) -> None:
        """Show *value* (None: not known) without emitting anything."""
        blockers = (self._known.blockSignals(True), self._edit.blockSignals(True))
        try:
            self._known.setChecked(value is not None)
            if value is None:
                self._show_unset()
            else:
                self._show_known(QDateTime.fromSecsSinceEpoch(int(value.timestamp())))
        finally:
            self._known.blockSignals(blockers[0])
            self._edit.blockSignals(blockers[1])

    @property
    def shown_text(self) -> str:
        """What the field reads, as the agent sees it."""
        return self._edit.text()

    def _show_unset(self) -> None:
        """The field empty but for "not set" (the minimum date stands for no value)."""
        blocked = self._edit.blockSignals(True)
        try:
            self._edit.setSpecialValueText(self.tr("not set"))
            self._edit.setDateTime(self._edit.minimumDateTime())
            self._edit.setEnabled(False)
        finally:
            self._edit.blockSignals(blocked)

    def _show_known(self, value: QDateTime) -> None:
        blocked = self._edit.blockSignals(True)
        try:
            self._edit.setSpecialValueText("")
            self._edit.setEnabled(True)
            self._edit.setDateTime(value)
        finally:
            self._edit.blockSignals(blocked)

    def _on_known_toggled(self, known: bool) -> None:
        if known:
            # A sensible start: the next full hour, from where the agent adjusts.
            now = QDateTime.currentDateTime()
            self._show_known(QDateTime(now.date(), QTime(now.time().hour(), 0)).addSecs(3600))
            self._edit.setFocus()
        else:
            self._show_unset()
        self.value_changed.emit()
        self.committed.emit()

    def _on_edit_changed(self, _value: QDateTime) -> None:
        if self._known.isChecked():
            self.value_changed.emit()
