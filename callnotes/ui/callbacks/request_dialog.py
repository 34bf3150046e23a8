"""A call-back asked for by hand: "please call me back", or a voicemail the client left.

Call back Dana Whitfield, Northwind Logistics · +44 20 7946 0321
Reason       (•) Asked to be called back   ( ) Left a voicemail
When (client time)  [09:30                ]   due in 29 min (09:30, client time)
Note         [after the 10:00 meeting     ]
                                         [Save] [Cancel]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.business_hours import BusinessHours, parse_business_hours
from callnotes.domain.cadence import local_clock
from callnotes.domain.call_backs import CallBackDraft, CallBackReason
from callnotes.domain.due_text import read_promised_time
from callnotes.domain.phones import display_number
from callnotes.errors import CallnotesError, InvalidInputError
from callnotes.ui.common.banner import BannerWidget


class CallBackRequestDialog(QDialog):
    """*save_requested* carries ``(reason, due_at, note)``; the area stores it in line."""

    save_requested = Signal(object, object, str)  # CallBackReason, datetime, note

    def __init__(
        self,
        draft: CallBackDraft,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self._now = now
        try:
            self._zone = ZoneInfo(draft.client_timezone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            self._zone = ZoneInfo("UTC")
        try:
            self._hours = parse_business_hours(draft.business_hours)
        except ValueError:
            self._hours = BusinessHours()
        self.setWindowTitle(self.tr("Call-back request"))
        self.setAccessibleName(self.tr("Call-back request"))
        names = [n for n in (draft.caller_name, draft.client_name) if n]
        who = ", ".join(dict.fromkeys(names))
        number = display_number(draft.number)
        self.heading = QLabel(
            self.tr("Call back {who} · {number}").format(who=who, number=number)
            if who
            else self.tr("Call back {number}").format(number=number),
            self,
        )
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.asked = QRadioButton(self.tr("&Asked to be called back"), self)
        self.voicemail = QRadioButton(self.tr("Left a &voicemail"), self)
        self.asked.setChecked(True)
        self.reasons = QButtonGroup(self)
        self.reasons.addButton(self.asked)
        self.reasons.addButton(self.voicemail)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.asked)
        reason_row.addWidget(self.voicemail)
        reason_row.addStretch(1)
        self._due_shown = local_clock(draft.due_at, now(), self._zone)
        self.due = QLineEdit(self._due_shown, self)
        self.due.setAccessibleName(self.tr("When, client time"))
        self.due.setPlaceholderText(self.tr("14:00, 2pm, tomorrow 9:00, in 2 hours"))
        self.due_hint = QLabel(self.tr("By the client's hours, or the promise due first."), self)
        self.due_hint.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("Note (internal)"))
        self.note.setPlaceholderText(self.tr("Optional: what it is about"))
        self.banner = BannerWidget(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(QLabel(self.tr("Reason"), self), reason_row)
        due_label = QLabel(self.tr("&When (client time)"), self)
        due_label.setBuddy(self.due)
        form.addRow(due_label, self.due)
        form.addRow("", self.due_hint)
        note_label = QLabel(self.tr("N&ote"), self)
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.asked.setFocus()
        self.resize(420, self.sizeHint().height())

    def reason(self) -> CallBackReason:
        """The reason chosen."""
        return CallBackReason.VOICEMAIL if self.voicemail.isChecked() else CallBackReason.ASKED

    def show_problem(self, message: str) -> None:
        """Say what is wrong; the fields keep what was typed."""
        self.banner.show_message(message)

    def _on_save_clicked(self) -> None:
        due = self.draft.due_at
        if self.due.text().strip() != self._due_shown:
            try:
                due = self._read_due(self.due.text())
            except CallnotesError as exc:
                self.show_problem(str(exc))
                self.due.setFocus()
                return
        self.save_requested.emit(self.reason(), due, self.note.text())

    def _read_due(self, text: str) -> datetime:
        try:
            due = read_promised_time(text, self._now(), self._zone, self._hours)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from exc
        if due is None:
            raise InvalidInputError(self.tr("Say when to call back, e.g. 14:00 or in 2 hours."))
        return due
