"""A client's details: the name (a typo made during a hurried call), time zone, business hours,
usual contact."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.business_hours import parse_business_hours
from callnotes.domain.people import ClientRecord, TeamMemberRecord
from callnotes.domain.team import short_when
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.zone_completer import ZoneCompleter

NAME_CHARS = 300
HOURS_CHARS = 100


class ClientDetailsDialog(QDialog):
    """The client's name, time zone, business hours and usual contact; ``details_chosen``
    carries (name, time zone, business hours), :meth:`usual_contact_id` the colleague chosen.

    The dialog stays open until the details are stored, so a refused name can be corrected
    without typing it again.
    """

    details_chosen = Signal(str, str, str)

    def __init__(
        self,
        client: ClientRecord,
        zones: Sequence[str],
        parent: QWidget | None = None,
        *,
        team: Sequence[TeamMemberRecord] = (),
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientDetailsDialog")
        self.client_id = client.id
        self.found = client  # as the agent found it: what a colleague changes since stays theirs
        title = self.tr("Client details")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.name = QLineEdit(client.name, self)
        self.name.setObjectName("clientName")
        self.name.setAccessibleName(self.tr("Client name"))
        self.name.setMaxLength(NAME_CHARS)
        self.timezone = QComboBox(self)
        self.timezone.setObjectName("clientTimezone")
        self.timezone.setAccessibleName(self.tr("Time zone"))
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.addItems(list(zones))
        self.timezone.setCurrentText(client.timezone)
        # A city as typed ("New York") finds its zone; the service takes the city too.
        self.timezone.setCompleter(ZoneCompleter(list(zones), self.timezone))
        # The hours the update clock counts in ("in business hours"), in the client's time.
        self.hours = QLineEdit(client.business_hours, self)
        self.hours.setObjectName("clientBusinessHours")
        self.hours.setAccessibleName(self.tr("Business hours (client time)"))
        self.hours.setPlaceholderText(self.tr("Mon–Fri 09:00–17:30 (empty: no set hours)"))
        self.hours.setMaxLength(HOURS_CHARS)
        self.hours_preview = QLabel(self)
        self.hours_preview.setObjectName("clientBusinessHoursPreview")
        self.hours_preview.setWordWrap(True)
        self.hours_preview.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hours.textChanged.connect(self._preview_hours)
        self._preview_hours(self.hours.text())
        self.usual_contact = QComboBox(self)
        self.usual_contact.setObjectName("clientUsualContact")
        self.usual_contact.setAccessibleName(self.tr("Usual contact (a team member)"))
        self.usual_contact.addItem(self.tr("(nobody yet)"), None)
        members = list(team)
        usual = client.usual_contact
        if usual is not None and all(m.id != usual.id for m in members):
            members.append(usual)
        for member in members:
            label = member.name
            if now is not None and member.is_away(now) and member.away_until is not None:
                label = self.tr("{name} — away until {until}").format(
                    name=member.name, until=short_when(member.away_until, now)
                )
            self.usual_contact.addItem(label, member.id)
        self.usual_contact.setCurrentIndex(
            max(0, self.usual_contact.findData(usual.id if usual else None))
        )
        hint = QLabel(
            self.tr(
                "The new name shows on every case of this client. Notes already written keep "
                "their words. New hours or a new time zone recount the next update due."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.problem = BannerWidget(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Time zone"), self.timezone)
        form.addRow(self.tr("Business &hours"), self.hours)
        form.addRow("", self.hours_preview)
        form.addRow(self.tr("&Usual contact"), self.usual_contact)
        # Wrapped text under the form, not in it: a form row does not grow with wrapped lines.
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        self.name.setFocus()
        self.name.selectAll()

    def show_problem(self, message: str) -> None:
        """The details were refused: say why, keep what was typed."""
        self.problem.show_message(message)
        self.adjustSize()  # room for the message, however many lines it wraps to

    def usual_contact_id(self) -> int | None:
        """The colleague chosen as the client's usual contact (None: nobody)."""
        data = self.usual_contact.currentData()
        return int(data) if data is not None else None

    def _preview_hours(self, text: str) -> None:
        """How the hours typed are read, as the update clock will count them."""
        try:
            hours = parse_business_hours(text)
        except ValueError as exc:
            self.hours_preview.setText(str(exc))
            return
        if hours.always:
            self.hours_preview.setText(
                self.tr("No set hours: updates are counted round the clock.")
            )
        else:
            self.hours_preview.setText(self.tr("Read as {hours}").format(hours=hours.describe()))

    def _on_buttons_accepted(self) -> None:
        self.details_chosen.emit(self.name.text(), self.timezone.currentText(), self.hours.text())
