"""The Log update dialog: who was told, how, what about, and when they hear next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.business_hours import ClosedSpan
from callnotes.domain.cadence import format_duration, local_clock
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.errors import CallnotesError
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.updates import texts


@dataclass(frozen=True)
class UpdateDraft:
    """What the agent filled in."""

    audience: Audience
    channel: Channel
    kind: CommunicationKind
    summary: str
    next_update_at: datetime | None


@dataclass(frozen=True)
class UpdateDialogSetup:
    """What the dialog needs to read and preview the promised time, on the client's clock."""

    read_promise: Callable[[str], datetime | None]
    by_cadence: Callable[[], datetime | None]
    now: Callable[[], datetime]
    zone: tzinfo
    channel: Channel | None = None
    #: The client's holidays and closures on the day of a moment (said under a typed time).
    closed_on: Callable[[datetime], Sequence[ClosedSpan]] = lambda _moment: ()


class LogUpdateDialog(QDialog):
    """Fill in an update; *log_requested* carries it. Problems show inside; nothing is lost."""

    log_requested = Signal(object)  # UpdateDraft
    report_requested = Signal()  # "Open the status report to send…"

    def __init__(self, setup: UpdateDialogSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setup = setup
        self.setWindowTitle(self.tr("Log update"))
        self.setAccessibleName(self.tr("Log update"))
        self.audience = self._combo([(a, texts.audience_label(a)) for a in Audience])
        self.channel = self._combo([(c, texts.channel_label(c)) for c in Channel])
        if setup.channel is not None:
            self.channel.setCurrentIndex(self.channel.findData(setup.channel))
        self.kind = self._combo([(k, texts.kind_label(k)) for k in CommunicationKind])
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setAccessibleName(self.tr("What the update said"))
        self.summary.setPlaceholderText(self.tr("What they were told, in a sentence or two"))
        self.summary.setFixedHeight(self.fontMetrics().lineSpacing() * 5)
        self.next_update = QLineEdit(self)
        self.next_update.setAccessibleName(self.tr("Next update by"))
        self.next_update.setPlaceholderText(self.tr("14:00, 2pm, tomorrow 9:00 — empty: by plan"))
        self.next_preview = QLabel(self)
        self.next_preview.setAccessibleName(self.tr("Next update, client time"))
        self.next_preview.setWordWrap(True)
        self.banner = BannerWidget(self)
        self.report_button = QPushButton(self.tr("Open the status &report to send…"), self)
        self.report_button.setAutoDefault(False)
        self.report_button.setToolTip(
            self.tr("Save or copy the status report; it comes back here as a routine update")
        )
        buttons = QDialogButtonBox(self)
        self.log_button = buttons.addButton(
            self.tr("&Log update"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.log_button.setDefault(True)
        buttons.accepted.connect(self._on_log_clicked)
        buttons.rejected.connect(self.reject)
        self.report_button.clicked.connect(lambda _c=False: self.report_requested.emit())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._on_log_clicked)
        self.next_update.textChanged.connect(self._preview)
        self.audience.currentIndexChanged.connect(self._preview)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._buddy(self.tr("&To"), self.audience), self.audience)
        form.addRow(self._buddy(self.tr("&By"), self.channel), self.channel)
        form.addRow(self._buddy(self.tr("&About"), self.kind), self.kind)
        form.addRow(self._buddy(self.tr("&Said"), self.summary), self.summary)
        form.addRow(self._buddy(self.tr("&Next update"), self.next_update), self.next_update)
        form.addRow("", self.next_preview)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.summary.setFocus()
        self._preview()
        self.resize(420, self.sizeHint().height())

    def fill(
        self,
        *,
        audience: Audience,
        channel: Channel,
        kind: CommunicationKind,
        summary: str,
    ) -> None:
        """Pre-fill the fields (a document sent as the update)."""
        self.audience.setCurrentIndex(self.audience.findData(audience))
        self.channel.setCurrentIndex(self.channel.findData(channel))
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.summary.setPlainText(summary)
        self.summary.setFocus()

    def show_problem(self, message: str) -> None:
        """Say what is wrong; the fields keep what was typed."""
        self.banner.show_message(message)

    def draft(self) -> UpdateDraft:
        """The fields as an update; a clear error if the next update time cannot be read."""
        return UpdateDraft(
            audience=Audience(self.audience.currentData()),
            channel=Channel(self.channel.currentData()),
            kind=CommunicationKind(self.kind.currentData()),
            summary=self.summary.toPlainText(),
            next_update_at=self._setup.read_promise(self.next_update.text()),
        )

    def _on_log_clicked(self) -> None:
        try:
            draft = self.draft()
        except CallnotesError as exc:
            self.show_problem(str(exc))
            self.next_update.setFocus()
            return
        self.log_requested.emit(draft)

    def _preview(self) -> None:
        now = self._setup.now()
        try:
            promised = self._setup.read_promise(self.next_update.text())
        except CallnotesError:
            self.next_preview.setText(self.tr("Not a time yet (try 14:00 or tomorrow 9:00)."))
            return
        client = self.audience.currentData() == Audience.CLIENT
        due = promised or (self._setup.by_cadence() if client else None)
        if due is None:
            self.next_preview.setText(
                self.tr("No next update promised.") if not client else self.tr("Updates on change.")
            )
            return
        text = self.tr("{when} client time, in {left}").format(
            when=local_clock(due, now, self._setup.zone), left=format_duration(due - now)
        )
        if promised is None:
            text += self.tr(" (by the plan)")
        closed = texts.closed_day_text(self._setup.closed_on(due), due, self._setup.zone)
        if closed:
            # The agent may keep it (a promise is theirs to make), but never by surprise.
            text += " — " + closed
        self.next_preview.setText(text)

    def _combo(self, items: list[tuple[object, str]]) -> QComboBox:
        box = QComboBox(self)
        for value, label in items:
            box.addItem(label, value)
        return box

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        widget.setAccessibleName(widget.accessibleName() or text.replace("&", ""))
        return label
