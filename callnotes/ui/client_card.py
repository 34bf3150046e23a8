"""The client card: who is calling, their usual contact, how to keep them informed."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.people import ClientRecord, ContactMethod
from callnotes.domain.phones import display_number
from callnotes.errors import CallnotesError
from callnotes.services.intake import CallerCard


@dataclass(frozen=True)
class ContactFields:
    """What the agent typed into the card's form."""

    name: str
    role: str
    phones: tuple[str, ...]
    email: str
    preferred_method: ContactMethod | None
    best_times: str


SaveContact = Callable[[CallerCard, ContactFields], CallerCard]

_METHOD_LABELS = {
    ContactMethod.PHONE: "Phone",
    ContactMethod.EMAIL: "E-mail",
    ContactMethod.SMS: "SMS",
    ContactMethod.CHAT: "Chat",
}


class ClientCard(QFrame):
    """Shows the caller; Ctrl+E edits in place, Enter saves, Escape cancels."""

    saved = Signal(object)  # the updated CallerCard
    problem = Signal(str)
    editing_finished = Signal()

    def __init__(
        self, save_contact: SaveContact, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientCard")
        self.setAccessibleName(self.tr("Client card"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._save_contact = save_contact
        self._now = now
        self._card: CallerCard | None = None
        self._view = QLabel(self)
        self._view.setObjectName("clientCardText")
        self._view.setAccessibleName(self.tr("Caller details"))
        self._view.setTextFormat(Qt.TextFormat.RichText)
        self._view.setWordWrap(True)
        self._view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form = QWidget(self)
        self.name = self._field("Name")
        self.role = self._field("Role")
        self.phones = self._field("Phone numbers (comma-separated)")
        self.email = self._field("E-mail")
        self.method = QComboBox(self._form)
        self.method.setAccessibleName(self.tr("Preferred contact method"))
        self.method.addItem(self.tr("Not asked yet"), None)
        for method, label in _METHOD_LABELS.items():
            self.method.addItem(self.tr(label), method)
        self.best_times = self._field("Best times")
        form = QFormLayout(self._form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Phone"), self.phones)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Prefers"), self.method)
        form.addRow(self.tr("Best times"), self.best_times)
        hint = QLabel(self.tr("Enter saves · Esc cancels"), self._form)
        hint.setEnabled(False)
        form.addRow(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self._view)
        layout.addWidget(self._form)
        self._form.hide()
        self.show_card(None)

    def _field(self, accessible: str) -> QLineEdit:
        field = QLineEdit(self._form)
        field.setAccessibleName(self.tr(accessible))
        field.returnPressed.connect(self.save)
        return field

    @property
    def card(self) -> CallerCard | None:
        """The card shown."""
        return self._card

    @property
    def is_editing(self) -> bool:
        """Whether the form is open."""
        return not self._form.isHidden()

    @property
    def summary_text(self) -> str:
        """The card as plain text (what a screen reader reads)."""
        return self._view.accessibleDescription()

    def show_card(self, card: CallerCard | None) -> None:
        """Show *card* (None: nobody on the line)."""
        self._card = card
        self._form.hide()
        self._view.show()
        self._view.setText(self._render(card))
        self._view.setAccessibleDescription(self._plain(card))
        self.setVisible(card is not None)

    def client_changed(self, client: ClientRecord) -> None:
        """The client's details were corrected: show them if this card is about that client."""
        card = self._card
        if card is None or card.client.id != client.id:
            return
        updated = replace(card, client=client)
        self.show_card(updated)
        self.saved.emit(updated)

    def client_erased(self, client_id: int) -> None:
        """The client was erased: nothing of theirs stays on screen."""
        if self._card is not None and self._card.client.id == client_id:
            self.show_card(None)

    def edit(self) -> None:
        """Open the form, first field focused."""
        card = self._card
        if card is None:
            return
        contact = card.contact
        self.name.setText(contact.name if contact else "")
        self.role.setText(contact.role if contact else "")
        numbers = (
            contact.phones
            if contact and contact.phones
            else ((card.number,) if card.number else ())
        )
        self.phones.setText(", ".join(display_number(n) for n in numbers))
        self.email.setText(contact.email if contact else "")
        self.method.setCurrentIndex(
            max(0, self.method.findData(contact.preferred_method if contact else None))
        )
        self.best_times.setText(contact.best_times if contact else "")
        self._view.hide()
        self._form.show()
        self.name.setFocus()
        self.name.selectAll()

    def save(self) -> None:
        """Store the form; the card stays open with the problem shown if it cannot be saved."""
        if self._card is None:
            return
        fields = ContactFields(
            name=self.name.text(),
            role=self.role.text(),
            phones=tuple(p.strip() for p in self.phones.text().split(",") if p.strip()),
            email=self.email.text(),
            preferred_method=ContactMethod(method)
            if (method := self.method.currentData())
            else None,
            best_times=self.best_times.text(),
        )
        try:
            card = self._save_contact(self._card, fields)
        except CallnotesError as exc:
            self.problem.emit(str(exc))
            return
        self.show_card(card)
        self.saved.emit(card)
        self.editing_finished.emit()

    def cancel(self) -> None:
        """Close the form without saving."""
        self.show_card(self._card)
        self.editing_finished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Escape closes the form."""
        if event.key() == Qt.Key.Key_Escape and self.is_editing:
            self.cancel()
            return
        super().keyPressEvent(event)

    def _render(self, card: CallerCard | None) -> str:
        if card is None:
            return ""
        e = html.escape
        contact = card.contact
        lines = []
        who = e(contact.name) if contact else self.tr("Unknown caller")
        role = f" · {e(contact.role)}" if contact and contact.role else ""
        lines.append(f"<b>{who}</b>{role} — {e(card.client.name)}")
        numbers = (
            contact.phones
            if contact and contact.phones
            else ((card.number,) if card.number else ())
        )
        reach = [display_number(n) for n in numbers]
        if contact and contact.email:
            reach.append(contact.email)
        if reach:
            lines.append(e(" · ".join(reach)))
        if contact and contact.preferred_method:
            prefers = self.tr("Prefers {method}").format(
                method=self.tr(_METHOD_LABELS[contact.preferred_method]).lower()
            )
            if contact.best_times:
                prefers += self.tr(", best {times}").format(times=contact.best_times)
            lines.append(e(prefers))
        else:
            lines.append(
                "<span style='color:#b45309'>"
                + e(self.tr("Preferred contact method not asked yet (Ctrl+E)"))
                + "</span>"
            )
        usual = card.client.usual_contact
        if usual is not None:
            if usual.is_away(self._now()):
                until = usual.away_until.astimezone().strftime("%H:%M") if usual.away_until else ""
                away = self.tr("Usual contact {name} is away until {until}").format(
                    name=usual.name, until=until
                )
                if usual.away_reason:
                    away += f" ({usual.away_reason})"
                lines.append(f"<span style='color:#8a8f98'>{e(away)}</span>")
            else:
                lines.append(
                    f"<span style='color:#8a8f98'>"
                    f"{e(self.tr('Usual contact: {name}').format(name=usual.name))}</span>"
                )
        return "<br>".join(lines)

    def _plain(self, card: CallerCard | None) -> str:
        doc = self._render(card)
        from PySide6.QtGui import QTextDocument

        text = QTextDocument()
        text.setHtml(doc)
        return text.toPlainText()
