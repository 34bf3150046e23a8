"""A date and time that may be unknown: a check box to say "known", and the value beside it."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QWidget

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
        self._edit = QDateTimeEdit(self)
        self._edit.setAccessibleName(what)
        self._edit.setDisplayFormat(_FORMAT)
        self._edit.setCalendarPopup(True)
        self._edit.setEnabled(False)
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
            self._edit.setEnabled(value is not None)
            if value is not None:
                self._edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp())))
        finally:
            self._known.blockSignals(blockers[0])
            self._edit.blockSignals(blockers[1])

    def _on_known_toggled(self, known: bool) -> None:
        self._edit.setEnabled(known)
        if known:
            # A sensible start: the next full hour, from where the agent adjusts.
            now = QDateTime.currentDateTime()
            start = QDateTime(now.date(), QTime(now.time().hour(), 0)).addSecs(3600)
            self._edit.blockSignals(True)
            self._edit.setDateTime(start)
            self._edit.blockSignals(False)
            self._edit.setFocus()
        self.value_changed.emit()
        self.committed.emit()

    def _on_edit_changed(self, _value: QDateTime) -> None:
        if self._known.isChecked():
            self.value_changed.emit()
