"""Starting a call: a number typed, pasted or taken from the clipboard finds the caller."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.calls import CallDirection
from callnotes.services.calls.intake import CallerOption
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner


@dataclass(frozen=True)
class CallChoice:
    """What the agent chose: an existing case, a new case for a known client, or a new client.

    ``phone_name`` is the name the softphone showed, given to a known caller who has none yet.
    """

    number: str
    caller_name: str
    case_id: int | None = None
    contact_id: int | None = None
    client_id: int | None = None
    client_name: str = ""
    case_title: str = ""
    direction: CallDirection = CallDirection.INBOUND
    phone_name: str = ""


Lookup = Callable[[str], Sequence[CallerOption]]
_CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1


class NewCallDialog(QDialog):
    """Type or paste a number; known callers and their open cases appear as you type.

    Nothing has to be filled in: Start call (Enter) starts at once, and a new caller is kept
    with their number so the names can be given later on the client card.
    """

    start_requested = Signal(object)  # CallChoice

    def __init__(
        self,
        lookup: Lookup,
        clipboard_number: str = "",
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New call"))
        self.setAccessibleName(self.tr("New call"))
        self._lookup = lookup
        # The callers of the number are looked up off the GUI thread as it is typed; Enter
        # pressed before the answer waits for it (a known caller is never taken for new).
        self._runner = runner if runner is not None else SynchronousTaskRunner(self)
        self._looking_up: str | None = None  # the number being looked up
        self._accept_when_read = False
        self.number = QLineEdit(clipboard_number, self)
        self.number.setAccessibleName(self.tr("Phone number"))
        self.number.setPlaceholderText(self.tr("Number (pasted or typed)"))
        self.caller = QLineEdit(self)
        self.caller.setAccessibleName(self.tr("Caller's name"))
        self.client = QLineEdit(self)
        self.client.setAccessibleName(self.tr("Client (company)"))
        self.client.setPlaceholderText(self.tr("For a new client"))
        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Case title"))
        self.title.setPlaceholderText(self.tr("What the call is about (can wait)"))
        self.choices = QListWidget(self)
        self.choices.setAccessibleName(self.tr("Matching callers and cases"))
        # A long case title wraps within a docked window's width, read whole, never scrolled.
        self.choices.setWordWrap(True)
        self.choices.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.choices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start call"))
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Number"), self.number)
        form.addRow(self.tr("C&aller"), self.caller)
        form.addRow(self.tr("&Client"), self.client)
        form.addRow(self.tr("Ca&se"), self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.number.textChanged.connect(self._on_number_text_changed)
        self.resize(420, 420)
        self._on_number_text_changed(clipboard_number)

    @property
    def looking_up(self) -> bool:
        """Whether the callers of the typed number are still being looked up."""
        return self._looking_up is not None

    def _on_number_text_changed(self, text: str) -> None:
        if not text.strip():
            self._looking_up = None
            self._show_options(text, [])
            return
        self._looking_up = text
        lookup = self._lookup
        self._runner.submit(
            lambda: lookup(text),
            on_result=lambda options: self._on_lookup_read(text, options),
            on_error=lambda error: self._on_lookup_failed(text, str(error)),
            key=("new-call-lookup", id(self)),
            owner=self,
        )

    def _on_lookup_read(self, text: str, options: Sequence[CallerOption]) -> None:
        if text != self._looking_up:
            return  # typed on since: the newer number's answer follows
        self._looking_up = None
        self._show_options(text, options)
        if self._accept_when_read:
            self._accept_when_read = False
            self._on_buttons_accepted()

    def _on_lookup_failed(self, text: str, message: str) -> None:
        if text != self._looking_up:
            return
        self._looking_up = None
        self._accept_when_read = False  # unknown whether the caller is known: ask again
        self._show_options(text, [])
        self.show_problem(message)

    def _show_options(self, text: str, options: Sequence[CallerOption]) -> None:
        self.choices.clear()
        self.hint.setStyleSheet("")
        for option in options:
            who = f"{option.contact.name} — {option.client_name}"
            for case in option.open_cases:
                self._add(
                    self.tr("Continue “{title}” · {who}").format(title=case.title, who=who),
                    CallChoice(
                        number=text,
                        caller_name=option.contact.name,
                        case_id=case.id,
                        contact_id=option.contact.id,
                        client_id=option.client_id,
                    ),
                )
            self._add(
                self.tr("New case · {who}").format(who=who),
                CallChoice(
                    number=text,
                    caller_name=option.contact.name,
                    contact_id=option.contact.id,
                    client_id=option.client_id,
                ),
            )
        self._add(self.tr("New client and case (names can wait)"), None)
        self.choices.setCurrentRow(0)
        if options:
            hint = self.tr("Known caller: choose their open case or a new one.")
        elif text.strip():
            hint = self.tr(
                "No client has this number yet: start the call now; the names can wait for "
                "the client card."
            )
        else:
            hint = self.tr("Type or paste the number, or start the call now without one.")
        self.hint.setText(hint)

    def show_problem(self, message: str) -> None:
        """Say why the call could not start; everything typed stays."""
        self.hint.setText(message)
        self.hint.setStyleSheet("color: #c62828;")

    def _add(self, text: str, choice: CallChoice | None) -> None:
        item = QListWidgetItem(text, self.choices)
        item.setData(_CHOICE_ROLE, choice)

    def _on_buttons_accepted(self) -> None:
        if self._looking_up is not None:
            self._accept_when_read = True
            return
        item = self.choices.currentItem()
        choice: CallChoice | None = item.data(_CHOICE_ROLE) if item is not None else None
        if choice is None:
            choice = CallChoice(
                number=self.number.text(),
                caller_name=self.caller.text(),
                client_name=self.client.text(),
                case_title=self.title.text(),
            )
        else:
            choice = CallChoice(
                number=choice.number,
                caller_name=choice.caller_name,
                case_id=choice.case_id,
                contact_id=choice.contact_id,
                client_id=choice.client_id,
                case_title=self.title.text(),
            )
        self.start_requested.emit(choice)
