"""The strip at the top: who is on the line, talk and hold time, hold and end."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from callnotes.domain.call_clock import CallClock
from callnotes.ui.common.key_names import follow_keys, with_key


def clock_text(seconds: int) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` beyond."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class CallBar(QWidget):
    """Talk and hold counters that tick every second while a call runs."""

    hold_toggled = Signal(bool)

    def __init__(self, clock: CallClock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock or CallClock()
        self._status = QLabel(self)
        self._status.setObjectName("callStatus")
        self._status.setAccessibleName(self.tr("Call status"))
        self._timers = QLabel(self)
        self._timers.setObjectName("callTimers")
        self._timers.setAccessibleName(self.tr("Talk and hold time"))
        self.new_button = self._button(self.tr("New call"), "newCallButton")
        self.hold_button = self._button(self.tr("Hold"), "holdButton")
        self.hold_button.setCheckable(True)
        self.end_button = self._button(self.tr("Wrap up"), "endCallButton")
        self._key_actions: dict[str, QAction | None] = {"new": None, "hold": None, "end": None}
        self._show_keys()
        self._status.setWordWrap(True)
        font = self._timers.font()
        font.setBold(True)
        self._timers.setFont(font)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        buttons.addWidget(self._timers)
        buttons.addStretch(1)
        buttons.addWidget(self.hold_button)
        buttons.addWidget(self.end_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._status)
        layout.addLayout(buttons)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.update_text)
        self._caller = ""
        self._hung_up = False
        self.set_caller(None)

    def set_key_actions(self, new_call: QAction, hold: QAction, wrap_up: QAction) -> None:
        """The window's commands the buttons stand for: their tooltips name these keys."""
        self._key_actions = {"new": new_call, "hold": hold, "end": wrap_up}
        for action in (new_call, hold, wrap_up):
            follow_keys(action, self._show_keys)

    def _show_keys(self) -> None:
        keys = self._key_actions
        self.new_button.setToolTip(with_key(self.tr("New call"), keys["new"]))
        self.hold_button.setToolTip(with_key(self.tr("Hold / resume"), keys["hold"]))
        self.end_button.setToolTip(with_key(self.tr("Wrap up the call"), keys["end"]))

    def _button(self, text: str, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        return button

    @property
    def timers_text(self) -> str:
        """The counters as shown."""
        return self._timers.text()

    @property
    def status_text(self) -> str:
        """Who is on the line, or that they hung up, as shown."""
        return self._status.text()

    @property
    def hung_up(self) -> bool:
        """Whether the phone ended the call and its wrap-up is still to come."""
        return self._hung_up

    def set_caller(self, caller: str | None) -> None:
        """Show who is on the line (None: no call)."""
        self._caller = caller or ""
        if not caller:
            text = self.tr("No call")
        elif self._hung_up:
            text = self.tr("Hung up: {caller} · wrap up the call").format(caller=caller)
        else:
            text = self.tr("On call: {caller}").format(caller=caller)
        self._status.setText(text)
        self.update_text()

    def start(self, caller: str) -> None:
        """A call began: start counting."""
        self.clock.start()
        self.start_ticking(caller)

    def start_ticking(self, caller: str) -> None:
        """Show the counters of the clock as it stands (a resumed call keeps its time)."""
        self._hung_up = False
        self.hold_button.setChecked(self.clock.on_hold)
        self._tick.start()
        self.set_caller(caller)

    def hang_up(self) -> tuple[int, int]:
        """The phone ended the call: the counters stop, wrap-up stays; (talk, hold) seconds."""
        self.clock.stop()
        self._tick.stop()
        self._hung_up = True
        self.hold_button.setChecked(False)
        self.set_caller(self._caller)
        return self.clock.talk_seconds, self.clock.hold_seconds

    def toggle_hold(self) -> None:
        """Put the caller on hold or take them off it."""
        on_hold = self.clock.toggle_hold()
        self.hold_button.setChecked(on_hold)
        self.update_text()
        self.hold_toggled.emit(on_hold)

    def stop(self) -> tuple[int, int]:
        """The call ended: stop counting and return (talk, hold) seconds."""
        self.clock.stop()
        self._tick.stop()
        talk, hold = self.clock.talk_seconds, self.clock.hold_seconds
        self._hung_up = False
        self.hold_button.setChecked(False)
        self.set_caller(None)
        return talk, hold

    def update_text(self) -> None:
        """Redraw the counters (after a hang-up: the times the call ended with)."""
        running = self.clock.running
        self.hold_button.setEnabled(running)
        self.end_button.setEnabled(running or self._hung_up)
        if not running and not self._hung_up:
            self._timers.setText("")
            return
        hold = self.clock.hold_seconds
        text = self.tr("Talk {talk}").format(talk=clock_text(self.clock.talk_seconds))
        if hold or self.clock.on_hold:
            text += self.tr(" · Hold {hold}").format(hold=clock_text(hold))
        self._timers.setText(text)
