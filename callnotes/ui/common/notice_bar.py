"""A reminder bar for the notice area: one line of text and a few buttons, in palette colours."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from callnotes.ui.common.key_names import follow_keys, with_key

# Palette roles only, so the bar follows light and dark themes; the border in the highlight
# colour sets it apart from the problem banner (red) above it.
_STYLE = """
QFrame#noticeBar {
    background: palette(alternate-base);
    border: 1px solid palette(highlight);
    border-radius: 4px;
}
"""


class NoticeBar(QFrame):
    """A hidden-by-default bar: a short message and its buttons; it tells the area when shown."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName(accessible_name)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 4, 4)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        self._tips: dict[str, tuple[str, QAction | None]] = {}
        self._on_change: Callable[[], None] | None = None
        self.hide()

    def add_button(self, key: str, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        """A button at the right; *key* names it in ``buttons``."""
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click must not take the typing focus
        button.clicked.connect(lambda _checked=False: slot())
        self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.buttons[key] = button
        self._tips[key] = (tip, None)
        return button

    def name_key(self, key: str, action: QAction) -> None:
        """Button *key* does what *action* does: its tooltip names the action's key."""
        self._tips[key] = (self._tips[key][0], action)
        follow_keys(action, self._show_keys)

    def _show_keys(self) -> None:
        for key, (tip, action) in self._tips.items():
            text = with_key(tip, action)
            self.buttons[key].setToolTip(text)
            self.buttons[key].setAccessibleDescription(text)

    def follow(self, on_change: Callable[[], None]) -> None:
        """Call *on_change* whenever the bar shows or hides (the notice area resizes)."""
        self._on_change = on_change

    @property
    def text(self) -> str:
        """The message shown."""
        return self.label.text()

    def show_text(self, text: str) -> None:
        """Show the bar with *text*."""
        self.label.setText(text)
        self.setAccessibleDescription(text)
        was_hidden = self.isHidden()
        self.show()
        if was_hidden and self._on_change is not None:
            self._on_change()

    def dismiss(self) -> None:
        """Hide the bar."""
        was_shown = not self.isHidden()
        self.hide()
        if was_shown and self._on_change is not None:
            self._on_change()
