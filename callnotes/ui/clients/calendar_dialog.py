"""The client's calendar: whose public holidays close them, and their closures (.ics import).

The dialog shows what it is given and asks for changes through signals; the area runs them off
the GUI thread and shows the calendar again once stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.ui.common.banner import BannerWidget

if TYPE_CHECKING:
    from callnotes.services.clients.calendar import ClientCalendar, ClosureRecord

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ClientCalendarDialog(QDialog):
    """Holidays (country and region codes), the closures list (Delete removes the chosen one)
    and Import .ics…; Save stores the holidays chosen."""

    holidays_chosen = Signal(str, str)  # country, region
    import_requested = Signal()
    remove_requested = Signal(int)  # closure id

    def __init__(
        self,
        calendar: ClientCalendar,
        client_name: str,
        countries: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientCalendarDialog")
        title = self.tr("Calendar of {client}").format(client=client_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.client_id = calendar.client_id
        self.country = QLineEdit(calendar.holiday_country, self)
        self.country.setObjectName("holidayCountry")
        self.country.setAccessibleName(self.tr("Country of the public holidays"))
        self.country.setPlaceholderText(self.tr("GB, DE, AU… (empty: none)"))
        self.country.setMaxLength(8)
        completer = QCompleter(list(countries), self.country)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Completed in place, without a popup: a popup would take the Enter that saves.
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.country.setCompleter(completer)
        self.region = QLineEdit(calendar.holiday_subdivision, self)
        self.region.setObjectName("holidayRegion")
        self.region.setAccessibleName(self.tr("Region of the public holidays"))
        self.region.setPlaceholderText(self.tr("SCT, BY, NSW… (optional)"))
        self.region.setMaxLength(16)
        self.closures = QListWidget(self)
        self.closures.setObjectName("closureList")
        self.closures.setAccessibleName(self.tr("Closures"))
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.closures)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._on_remove_pressed)
        self.import_button = QPushButton(self.tr("&Import .ics…"), self)
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(lambda _checked=False: self.import_requested.emit())
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(self.tr("Remove the chosen closure (Delete)"))
        self.remove_button.clicked.connect(lambda _checked=False: self._on_remove_pressed())
        self.result_label = QLabel(self)
        self.result_label.setObjectName("closureImportResult")
        self.result_label.setWordWrap(True)
        self.problem = BannerWidget(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(
            lambda: self.holidays_chosen.emit(self.country.text(), self.region.text())
        )
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Public holidays of &country"), self.country)
        form.addRow(self.tr("Re&gion"), self.region)
        heading = QLabel(self.tr("C&losures (from the client's calendar file)"), self)
        heading.setBuddy(self.closures)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(heading)
        layout.addWidget(self.closures, 1)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.show_calendar(calendar)
        self.country.setFocus()

    def show_calendar(self, calendar: ClientCalendar) -> None:
        """Show the closures as stored (the holidays typed stay as typed)."""
        zone = _zone(calendar.timezone)
        chosen = self.closures.currentItem()
        chosen_id = chosen.data(ID_ROLE) if chosen is not None else None
        self.closures.clear()
        for closure in calendar.closures:
            item = QListWidgetItem(closure_line(closure, zone), self.closures)
            item.setData(ID_ROLE, closure.id)
            if closure.id == chosen_id:
                self.closures.setCurrentItem(item)
        if not calendar.closures:
            item = QListWidgetItem(self.tr("No closures yet: import the client's .ics file."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.closures.addItem(item)
        elif self.closures.currentItem() is None:
            self.closures.setCurrentRow(0)
        self.remove_button.setEnabled(bool(calendar.closures))

    def show_result(self, text: str) -> None:
        """Say what an import or removal did."""
        self.problem.hide()
        self.result_label.setText(text)

    def show_problem(self, message: str) -> None:
        """A change was refused: say why, keep what was typed."""
        self.problem.show_message(message)
        self.adjustSize()

    def _on_remove_pressed(self) -> None:
        item = self.closures.currentItem()
        closure_id = item.data(ID_ROLE) if item is not None else None
        if closure_id is not None:
            self.remove_requested.emit(int(closure_id))


def closure_line(closure: ClosureRecord, zone: ZoneInfo) -> str:
    """``Mon 28 Dec 2026 – Tue 29 Dec 2026 · Stocktake`` or ``Mon 4 Jan 2027 09:00–13:00 · …``
    (client time)."""
    start, end = closure.starts_at.astimezone(zone), closure.ends_at.astimezone(zone)
    whole_days = start.time() == end.time() == datetime.min.time()
    if whole_days:
        last = (end - timedelta(days=1)).date()
        first_text = f"{start:%a} {start.day} {start:%b %Y}"
        if last <= start.date():
            when = first_text
        else:
            when = f"{first_text} – {last:%a} {last.day} {last:%b %Y}"
    elif start.date() == end.date():
        when = f"{start:%a} {start.day} {start:%b %Y %H:%M}–{end:%H:%M}"
    else:
        when = f"{start:%a} {start.day} {start:%b %Y %H:%M} – {end:%a} {end.day} {end:%b %H:%M}"
    return f"{when} · {closure.summary}"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")
