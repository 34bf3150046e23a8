"""What the frame shows when the team database cannot be opened, and what the agent can do.

A desktop that starts while the team's server is down, the network is gone or the login is
refused keeps its window: a banner with the one sentence that says why, and three buttons —
**Try again**, **Team database…** (the address, in the settings; saving it tries at once) and
**Quit**. When the server cannot be reached, it tries again by itself every
:data:`RETRY_EVERY_S` seconds and counts down to it, so an agent who starts callnotes before the
VPN is up is in as soon as it is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from callnotes.ui.common.banner import BannerWidget

RETRY_EVERY_S = 15


class OpeningProblem(QWidget):
    """The banner and its buttons, in place of the panels until the database opens."""

    retry_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openingProblem")
        self.banner = BannerWidget(self, dismissable=False)
        self.banner.setAccessibleName(self.tr("The team database cannot be opened"))
        self.held = QLabel(self)
        self.held.setObjectName("heldNotes")
        self.held.setWordWrap(True)
        self.held.hide()
        self.countdown = QLabel(self)
        self.countdown.setObjectName("retryCountdown")
        self.countdown.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("&Try again"), self)
        self.retry_button.setDefault(True)
        self.retry_button.setAutoDefault(True)
        self.settings_button = QPushButton(self.tr("Team &database…"), self)
        self.settings_button.setToolTip(
            self.tr("Change the team database's address, or keep the data on this computer")
        )
        self.quit_button = QPushButton(self.tr("&Quit"), self)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.settings_button.clicked.connect(self.settings_requested)
        self.quit_button.clicked.connect(self.quit_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.banner)
        layout.addWidget(self.held)
        layout.addWidget(self.countdown)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._left_s = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)

    @property
    def message(self) -> str:
        """The sentence shown."""
        return self.banner.text()

    def show_problem(self, message: str, *, retry: bool, held_notes: int = 0) -> None:
        """Say *message* (and that *held_notes* notes entered before wait on this computer);
        with *retry*, try again by itself in :data:`RETRY_EVERY_S` s."""
        self.banner.show_message(message)
        if held_notes:
            held = (
                self.tr("1 note entered earlier is kept on this computer")
                if held_notes == 1
                else self.tr("{count} notes entered earlier are kept on this computer").format(
                    count=held_notes
                )
            )
            self.held.setText(
                self.tr("{held}: stored as soon as the team database answers.").format(held=held)
            )
        self.held.setVisible(bool(held_notes))
        self._set_busy(False)
        self._left_s = RETRY_EVERY_S if retry else 0
        if retry:
            self._tick.start()
        else:
            self._tick.stop()
        self._show_countdown()
        self.retry_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_trying(self) -> None:
        """The database is being opened again: the buttons wait."""
        self._tick.stop()
        self._set_busy(True)
        self.countdown.setText(self.tr("Connecting to the team database…"))

    def _set_busy(self, busy: bool) -> None:
        self.retry_button.setEnabled(not busy)
        self.settings_button.setEnabled(not busy)

    def _show_countdown(self) -> None:
        if self._left_s > 0:
            self.countdown.setText(
                self.tr("Trying again in {seconds} s.").format(seconds=self._left_s)
            )
        else:
            self.countdown.setText("")

    def _on_tick_timeout(self) -> None:
        self._left_s -= 1
        if self._left_s <= 0:
            self._on_retry_button_clicked()
            return
        self._show_countdown()

    def _on_retry_button_clicked(self) -> None:
        self.show_trying()
        self.retry_requested.emit()
