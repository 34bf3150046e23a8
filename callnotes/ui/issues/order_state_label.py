"""One line saying whether the order shown is the one the client agreed to."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from callnotes.domain.issues import OrderState
from callnotes.ui.issues.labels import short_time


class OrderStateLabel(QLabel):
    """“Order agreed with the client at 10:42”, “…changed since: confirm again”, or “not yet”."""

    def __init__(self, parent: QWidget | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.setObjectName("orderState")
        self.setAccessibleName(self.tr("Order agreement"))
        self.setWordWrap(True)

    def show_state(self, state: OrderState | None, *, changed: bool = False) -> None:
        """Say where the order stands; None (no case, no issues) says nothing.

        *changed* marks a move the panel has not stored yet.
        """
        agreed_at = state.confirmed_at if state is not None else None
        changed = changed or (state is not None and state.changed_since)
        if state is None:
            text = ""
        elif agreed_at is None:
            text = self.tr("Order not yet agreed with the client")
        elif changed:
            text = self.tr(
                "Order changed since the client agreed it at {time}: confirm again"
            ).format(time=short_time(agreed_at, self._tz))
        else:
            text = self.tr("Order agreed with the client at {time}").format(
                time=short_time(agreed_at, self._tz)
            )
        self.setText(text)
        self.setAccessibleDescription(text)
        # Agreed reads as settled; anything else is muted until the client confirms.
        settled = agreed_at is not None and not changed
        self.setForegroundRole(
            QPalette.ColorRole.WindowText if settled else QPalette.ColorRole.PlaceholderText
        )
