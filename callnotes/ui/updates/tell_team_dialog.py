"""Telling the team: who was told the new information (ticked as suggested), and how."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.communications import Channel
from callnotes.domain.team import short_when
from callnotes.domain.team_notices import TeamCandidate
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.updates import texts

MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1


class TellTeamDialog(QDialog):
    """Tick who was told and how; *tell_requested* carries ``(member ids, channel)``."""

    tell_requested = Signal(list, object)  # member ids, Channel

    def __init__(
        self,
        about: str,
        candidates: Sequence[TeamCandidate],
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tell the team"))
        self.setAccessibleName(self.tr("Tell the team"))
        # The entry's kind is "new information": typed by the agent, from the client or not.
        self.about = QLabel(self.tr("New information: {what}").format(what=about))
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.members = QListWidget(self)
        self.members.setAccessibleName(self.tr("Who was told"))
        self.members.setWordWrap(True)
        for candidate in candidates:
            self.members.addItem(self._item(candidate, now))
        self.members.setCurrentRow(0)
        self.channel = QComboBox(self)
        self.channel.setAccessibleName(self.tr("How they were told"))
        for channel in Channel:
            self.channel.addItem(texts.channel_label(channel), channel.value)
        self.channel.setCurrentIndex(self.channel.findData(Channel.CHAT.value))
        self.banner = BannerWidget(self)
        buttons = QDialogButtonBox(self)
        self.tell_button = buttons.addButton(
            self.tr("&Record that I told them"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.tell_button.setDefault(True)
        buttons.accepted.connect(self._on_tell_clicked)
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Space ticks or unticks the person chosen."), self)
        channel_label = QLabel(self.tr("&By"), self)
        channel_label.setBuddy(self.channel)
        row = QHBoxLayout()
        row.addWidget(channel_label)
        row.addWidget(self.channel, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.about)
        layout.addWidget(self.members, 1)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.members.setFocus()
        self.resize(420, 420)

    def chosen(self) -> list[int]:
        """The ids of the people ticked."""
        return [
            int(self.members.item(n).data(MEMBER_ROLE))
            for n in range(self.members.count())
            if self.members.item(n).checkState() == Qt.CheckState.Checked
        ]

    def show_problem(self, message: str) -> None:
        """Say what is wrong; the ticks stay."""
        self.banner.show_message(message)

    def _on_tell_clicked(self) -> None:
        self.tell_requested.emit(self.chosen(), Channel(self.channel.currentData()))

    def _item(self, candidate: TeamCandidate, now: datetime) -> QListWidgetItem:
        member = candidate.member
        text = member.name
        details = [d for d in (member.role, candidate.reason) if d]
        if member.is_away(now) and member.away_until is not None:
            details.append(
                self.tr("away until {when}").format(when=short_when(member.away_until, now))
            )
        if details:
            text += " — " + ", ".join(details)
        item = QListWidgetItem(text)
        item.setData(MEMBER_ROLE, member.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(
            Qt.CheckState.Checked if candidate.suggested else Qt.CheckState.Unchecked
        )
        return item
