"""An inline banner that shows a user error where it happened, until dismissed or fixed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

# Translucent red reads as "problem" on light and dark palettes alike; the text keeps the
# palette's own colour so contrast follows the theme.
_STYLE = """
#banner {
    background: rgba(220, 53, 69, 0.14);
    border: 1px solid rgba(220, 53, 69, 0.6);
    border-radius: 4px;
}
"""


class BannerWidget(QFrame):
    """A hidden-by-default strip with one message and a dismiss button."""

    def __init__(self, parent: QWidget | None = None, *, dismissable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName(self.tr("Problem"))
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setAccessibleName(self.tr("Problem message"))
        dismiss = QToolButton(self)
        dismiss.setText("✕")
        dismiss.setAutoRaise(True)
        dismiss.setToolTip(self.tr("Dismiss"))
        dismiss.setAccessibleName(self.tr("Dismiss message"))
        dismiss.clicked.connect(self.clear)
        dismiss.setVisible(dismissable)  # a problem that stays until it is solved has none
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        """The message shown, or an empty string."""
        return self._label.text()

    def show_message(self, message: str) -> None:
        """Show *message* (one sentence from a :class:`CallnotesError`)."""
        self._label.setText(message)
        self.setAccessibleDescription(message)
        self.show()

    def clear(self) -> None:
        """Hide the banner."""
        self._label.clear()
        self.setAccessibleDescription("")
        self.hide()
