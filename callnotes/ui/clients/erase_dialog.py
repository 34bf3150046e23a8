"""Erasing a client: what will go, what stays in backups, and typing the name to confirm."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.services.clients.erasure import ErasureCounts
from callnotes.ui.common.banner import BannerWidget

# What the counts are shown as, grouped in lines: who, their cases, after-call work, the end.
_GROUPS = (
    ("contacts", "phone_numbers", "closures"),
    ("cases", "calls", "call_backs", "issues", "entries", "revisions"),
    (
        "commitments",
        "communications",
        "escalation_attempts",
        "team_notices",
        "investigation_steps",
        "case_links",
        "mentions",
    ),
    ("follow_up_checks", "reviews", "prevention_actions", "cover_acknowledgements", "drafts"),
)


def names_match(typed: str, name: str) -> bool:
    """Whether *typed* is the client's name (spacing and capitals aside)."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


class ClientEraseDialog(QDialog):
    """Says what erasing the client removes; the Erase button waits for the client's name.

    ``erase_requested`` asks the owner to erase; it answers with :meth:`show_erased` or
    :meth:`show_problem`. While the erasure runs the dialog cannot be closed.
    """

    erase_requested = Signal()

    def __init__(self, counts: ErasureCounts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientEraseDialog")
        self._counts = counts
        self._busy = False
        title = self.tr("Erase client")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.heading = QLabel(self)
        self.heading.setObjectName("eraseHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.what = QLabel(self)
        self.what.setObjectName("eraseWhat")
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.what.setWordWrap(True)
        self.backups = QLabel(
            "<b>{}</b> {}".format(
                html.escape(self.tr("This cannot be undone.")),
                html.escape(
                    self.tr(
                        "Backups made before now still contain this client until they age out (a "
                        "year at most); delete them from the backups folder if the client must be "
                        "gone at once."
                    )
                ),
            ),
            self,
        )
        self.backups.setTextFormat(Qt.TextFormat.RichText)
        self.backups.setObjectName("eraseBackups")
        self.backups.setWordWrap(True)
        self.copy_hint = QLabel(
            self.tr("To keep a copy, first use Client ▸ Export client's data…"), self
        )
        self.copy_hint.setWordWrap(True)
        self.copy_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.prompt = QLabel(
            self.tr("Type the client's name, {name}, to confirm:").format(name=counts.client_name),
            self,
        )
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("eraseConfirmName")
        self.confirm.setAccessibleName(self.tr("The client's name, to confirm"))
        self.prompt.setBuddy(self.confirm)
        self.problem = BannerWidget(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.erase_button = QPushButton(self.tr("&Erase client"), self)
        self.erase_button.setObjectName("eraseButton")
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.erase_button, self.cancel_button):
            # Enter belongs to the name field: it erases only once the name matches.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.erase_button.clicked.connect(self._on_erase_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.confirm.textChanged.connect(self._on_confirm_text_changed)
        self.confirm.returnPressed.connect(self._on_erase_button_clicked)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        for widget in (self.heading, self.what, self.backups, self.copy_hint, self.prompt):
            layout.addWidget(widget)
        layout.addWidget(self.confirm)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._show_counts(counts, done=False)
        self._on_confirm_text_changed(self.confirm.text())
        self.confirm.setFocus()

    @property
    def client_id(self) -> int:
        """The client this dialog erases."""
        return self._counts.client_id

    @property
    def client_name(self) -> str:
        """The name of the client this dialog erases."""
        return self._counts.client_name

    @property
    def is_busy(self) -> bool:
        """Whether the erasure was asked for and has not answered yet."""
        return self._busy

    def set_busy(self, busy: bool) -> None:
        """While erasing: nothing can be typed, pressed or closed."""
        self._busy = busy
        self.confirm.setReadOnly(busy)
        self.cancel_button.setEnabled(not busy)
        self.erase_button.setText(self.tr("Erasing…") if busy else self.tr("&Erase client"))
        self._on_confirm_text_changed(self.confirm.text())

    def show_problem(self, message: str) -> None:
        """The erasure was refused or failed: nothing was erased; say why, keep the dialog."""
        self.set_busy(False)
        self.problem.show_message(message)
        self.adjustSize()

    def show_erased(self, counts: ErasureCounts) -> None:
        """The client is gone: say what was erased; only Close is left."""
        self.set_busy(False)
        self.problem.clear()
        self._show_counts(counts, done=True)
        for widget in (self.prompt, self.confirm, self.copy_hint, self.erase_button):
            widget.hide()
        self.backups.setTextFormat(Qt.TextFormat.PlainText)
        self.backups.setText(
            self.tr(
                "Backups made before now still contain this client until they age out (a year at "
                "most); delete them from the backups folder if the client must be gone at once."
            )
        )
        self.buttons.removeButton(self.cancel_button)
        self.cancel_button.hide()
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        close.setDefault(True)
        close.setFocus()

    def reject(self) -> None:
        """Escape and Cancel close the dialog, except while the erasure runs."""
        if not self._busy:
            super().reject()

    def _show_counts(self, counts: ErasureCounts, *, done: bool) -> None:
        name = counts.client_name
        if done:
            self.heading.setText(self.tr("{name} was erased").format(name=name))
            intro = self.tr("Erased:")
        else:
            self.heading.setText(self.tr("Erase everything about {name}?").format(name=name))
            intro = self.tr("This removes, for good:")
        lines = [intro]
        details = self.tr("the client's details")
        for n, group in enumerate(_GROUPS):
            parts = [self._counted(kind, getattr(counts, kind)) for kind in group]
            shown = [p for p in parts if p]
            if n == 0:
                shown.insert(0, details)
            if shown:
                lines.append("• " + ", ".join(shown))
        self.what.setText("\n".join(lines))

    def _counted(self, kind: str, count: int) -> str:
        if not count:
            return ""
        one, many = _LABELS[kind]
        return self.tr(one) if count == 1 else self.tr(many).format(count=count)

    def _on_confirm_text_changed(self, text: str) -> None:
        self.erase_button.setEnabled(not self._busy and names_match(text, self._counts.client_name))

    def _on_erase_button_clicked(self) -> None:
        if self._busy or not self.erase_button.isEnabled():
            return
        self.problem.clear()
        self.set_busy(True)
        self.erase_requested.emit()


_LABELS = {
    "contacts": ("1 contact", "{count} contacts"),
    "phone_numbers": ("1 phone number", "{count} phone numbers"),
    "cases": ("1 case", "{count} cases"),
    "calls": ("1 call", "{count} calls"),
    "call_backs": ("1 call-back owed", "{count} call-backs owed"),
    "closures": ("1 closure in their calendar", "{count} closures in their calendar"),
    "cover_acknowledgements": (
        "1 item a returning colleague acknowledged",
        "{count} items returning colleagues acknowledged",
    ),
    "issues": ("1 issue", "{count} issues"),
    "entries": ("1 timeline entry", "{count} timeline entries"),
    "revisions": ("1 earlier version of an entry", "{count} earlier versions of entries"),
    "commitments": ("1 promise", "{count} promises"),
    "communications": ("1 update", "{count} updates"),
    "escalation_attempts": ("1 escalation attempt", "{count} escalation attempts"),
    "team_notices": ("1 team notice", "{count} team notices"),
    "investigation_steps": ("1 investigation step", "{count} investigation steps"),
    "case_links": ("1 link between cases", "{count} links between cases"),
    "mentions": (
        "1 title quoted in another client's case",
        "{count} titles quoted in other clients' cases",
    ),
    "follow_up_checks": ("1 follow-up answer", "{count} follow-up answers"),
    "reviews": ("1 review", "{count} reviews"),
    "prevention_actions": ("1 prevention action", "{count} prevention actions"),
    "drafts": ("1 unsaved draft", "{count} unsaved drafts"),
}
