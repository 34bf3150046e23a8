"""The reminder bar that says nobody has acknowledged the escalation, and who to try next."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from callnotes.domain.escalation import EscalationPrompt, waited_phrase
from callnotes.domain.phones import display_number
from callnotes.domain.team import away_phrase
from callnotes.ui.common.key_names import worded


class EscalationPromptBar(QFrame):
    """Hidden until a prompt is due; its button selects the suggested rung."""

    #: Select the suggested person on the ladder (their member id).
    rung_requested = Signal(int)
    #: The agent dismissed the prompt (until the next attempt).
    dismissed = Signal()
    #: Shown or hidden: the notice area resizes.
    visibility_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._prompt: EscalationPrompt | None = None
        self._log_action: QAction | None = None
        self.setObjectName("escalationPrompt")
        self.setAccessibleName(self.tr("Escalation waiting"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        accent = QFrame(self)
        accent.setFixedWidth(4)
        accent.setAutoFillBackground(True)
        accent.setBackgroundRole(QPalette.ColorRole.Highlight)
        self._label = QLabel(self)
        self._label.setObjectName("escalationPromptText")
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.select_button = QPushButton(self)
        self.select_button.setObjectName("escalationPromptSelect")
        self.select_button.setAutoDefault(False)
        self.select_button.clicked.connect(self._on_select_button_clicked)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss until the next attempt"))
        close.setAccessibleName(self.tr("Dismiss escalation reminder"))
        close.clicked.connect(self._on_close_clicked)
        self.close_button = close
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(8)
        layout.addWidget(accent)
        layout.addWidget(self._label, 1)
        layout.addWidget(self.select_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    @property
    def prompt(self) -> EscalationPrompt | None:
        """The prompt shown, or None."""
        return self._prompt if not self.isHidden() else None

    def text(self) -> str:
        """What the bar says."""
        return self._label.text()

    def set_log_action(self, action: QAction) -> None:
        """The window's command that logs an attempt: the select button names its key."""
        self._log_action = action

    def show_prompt(self, prompt: EscalationPrompt) -> None:
        """Say how long nobody has acknowledged, and who to try next."""
        self._prompt = prompt
        waited = waited_phrase(prompt.waited)
        rung = prompt.rung
        if rung is None:
            text = self.tr(
                "Nobody has acknowledged for {waited}, and everyone on the ladder has been tried."
            ).format(waited=waited)
        else:
            who = rung.title
            if rung.member.phone:
                who += f", {display_number(rung.member.phone)}"
            text = self.tr("Nobody has acknowledged for {waited} — try {who}").format(
                waited=waited, who=who
            )
            away = away_phrase(rung.availability, prompt.waiting_since + prompt.waited, self._tz)
            if away:
                text += self.tr(" (though {away})").format(away=away)
            first_name = rung.member.name.split()[0]
            self.select_button.setText(self.tr("Select {name}").format(name=first_name))
            self.select_button.setToolTip(
                worded(
                    self.tr("Select {name} on the ladder; {key} then logs the call"),
                    self.tr("Select {name} on the ladder to log the call"),
                    self._log_action,
                    name=rung.member.name,
                )
            )
        self.select_button.setVisible(rung is not None)
        self._label.setText(text)
        self.setAccessibleDescription(text)
        was_hidden = self.isHidden()
        self.show()
        if was_hidden:
            self.visibility_changed.emit()

    def clear(self) -> None:
        """Hide the bar (nothing due)."""
        self._prompt = None
        if not self.isHidden():
            self.hide()
            self.visibility_changed.emit()

    def _on_select_button_clicked(self) -> None:
        if self._prompt is not None and self._prompt.rung is not None:
            self.rung_requested.emit(self._prompt.rung.member.id)

    def _on_close_clicked(self) -> None:
        self.clear()
        self.dismissed.emit()
