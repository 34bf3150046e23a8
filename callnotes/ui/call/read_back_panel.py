"""The read-back under the call guide: the recap to read aloud, confirmed with one key.

Shown while the guide stands at a read-back step. The recap is read off the GUI thread and
read again when what it is built from changes (the timeline, the issues, the promises, the
plan, the client's contact). "Confirmed" hands the sentence to record to whoever listens
(the guide records it in line with the notes); the same recap goes to the clipboard as plain
text for SMS or chat, or into an e-mail draft written off the GUI thread and opened in the mail
program.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from callnotes.atomic import write_atomic
from callnotes.domain.changes import Changes, Part
from callnotes.domain.read_back import ReadBack
from callnotes.errors import CallnotesError
from callnotes.ui.common import file_dialogs
from callnotes.ui.common.key_names import follow_keys, with_key

if TYPE_CHECKING:
    from callnotes.services.calls.read_back import RecapDraft
    from callnotes.ui.common.change_notice import ChangeNotice
    from callnotes.ui.common.task_runner import TaskRunner

#: The key that records the client's confirmation (free in the window and its menus).
CONFIRM_KEYS = "Ctrl+Shift+Y"
# What the recap is built from: a change to any of these reads it again.
_PARTS = (Part.TIMELINE, Part.ISSUES, Part.PROMISES, Part.CASE, Part.UPDATES, Part.CLIENTS)


@dataclass(frozen=True)
class ReadBackActions:
    """What the read-back needs from the services."""

    read_back: Callable[[int], ReadBack]
    email_draft: Callable[[int], RecapDraft]


class ReadBackPanel(QFrame):
    """The recap of the call, to read aloud; hidden unless the guide is at the read-back."""

    confirmed = Signal(str)  # what the client confirmed, for the timeline
    problem = Signal(str)

    def __init__(
        self,
        actions: ReadBackActions,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        changes: ChangeNotice | None = None,
        ask_save_path: file_dialogs.AskSavePath = file_dialogs.ask_save_path,
        open_file: file_dialogs.OpenFile = file_dialogs.open_with_default_app,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readBackPanel")
        self.setAccessibleName(self.tr("Read-back"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._actions = actions
        self._runner = runner
        self._ask_save_path = ask_save_path
        self._open_file = open_file
        self._folder = folder
        self._case_id: int | None = None
        self._recap: ReadBack | None = None
        self._confirmed = False
        self._confirm_keys: str | QAction = CONFIRM_KEYS
        self.heading = QLabel(self.tr("Read this back to the client"), self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.recap = QLabel(self)
        self.recap.setObjectName("readBackText")
        self.recap.setAccessibleName(self.tr("The recap to read aloud"))
        self.recap.setWordWrap(True)
        self.recap.setTextFormat(Qt.TextFormat.RichText)
        self.recap.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recap.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._recap_area = _RecapArea(self.recap, self)
        self.confirm_button = QPushButton(self)
        self.copy_button = QPushButton(self.tr("Copy as text"), self)
        self.copy_button.setToolTip(self.tr("The recap as plain text, for a text message or chat."))
        self.email_button = QPushButton(self.tr("E-mail draft…"), self)
        self.email_button.setToolTip(
            self.tr("The recap as an e-mail draft to the client's contact, opened in your mail.")
        )
        self.confirm_button.clicked.connect(self.confirm)
        self.copy_button.clicked.connect(self.copy_text)
        self.email_button.clicked.connect(self.email)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.confirm_button, self.copy_button, self.email_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the note
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel(self)
        self.status.setObjectName("readBackStatus")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self._recap_area)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._show_keys()
        if changes is not None:
            changes.changed.connect(self._on_changes_changed)
        self.setVisible(False)

    # -- public API -------------------------------------------------------------------------

    def set_key_action(self, confirm: QAction) -> None:
        """The window's command that confirms: its key is shown on the button."""
        self._confirm_keys = confirm
        follow_keys(confirm, self._show_keys)

    @property
    def case_id(self) -> int | None:
        """The case whose recap is shown (None: hidden)."""
        return self._case_id

    @property
    def read_back(self) -> ReadBack | None:
        """The recap as last read."""
        return self._recap

    @property
    def shown_text(self) -> str:
        """The recap as shown, in plain text."""
        return self._recap.text() if self._recap is not None and self.isVisible() else ""

    def show_for(self, case_id: int, *, confirmed: bool = False) -> None:
        """Show the recap of *case_id* (read off the GUI thread)."""
        if case_id != self._case_id:
            self._recap = None
            self.recap.setText(html.escape(self.tr("Reading what the call captured…")))
            self._recap_area.fit()
        self._case_id = case_id
        self._confirmed = confirmed
        self._say(self.tr("Confirmed by the client.") if confirmed else "")
        self.setVisible(True)
        self._read()

    def hide_recap(self) -> None:
        """The guide left the read-back, or the call ended."""
        self._case_id = None
        self._recap = None
        self._runner.cancel(("read-back", id(self)))
        self.setVisible(False)

    def confirm(self) -> None:
        """The client confirmed the recap: say so, for the timeline."""
        if self._case_id is None:
            return
        recap = self._recap
        if recap is None or recap.case_id != self._case_id:
            self.problem.emit(self.tr("The recap is still being read; confirm once it shows."))
            return
        self._confirmed = True
        self._say(self.tr("Confirmed by the client."))
        self.confirmed.emit(recap.confirmation())

    def copy_text(self) -> None:
        """The recap as plain text on the clipboard, for a text message or chat."""
        if self._recap is None:
            self.problem.emit(self.tr("The recap is still being read."))
            return
        QGuiApplication.clipboard().setText(self._recap.text())
        self._say(self.tr("Copied the recap as text: paste it into the message."))

    def email(self) -> None:
        """The recap as an e-mail draft: where to save it, then opened in the mail program."""
        case_id = self._case_id
        if case_id is None or self._recap is None:
            self.problem.emit(self.tr("The recap is still being read."))
            return
        folder = self._folder or file_dialogs.documents_folder()
        suggested = folder / f"recap-case-{case_id}.eml"
        self._ask_save_path(
            self,
            self.tr("Save the recap as an e-mail draft"),
            suggested,
            self.tr("E-mail draft (*.eml)"),
            lambda path: self._write_email(case_id, path),
        )

    # -- reactions ---------------------------------------------------------------------------

    def _on_changes_changed(self, changes: Changes) -> None:
        if self._case_id is not None and changes.touches(*_PARTS, case_id=self._case_id):
            self._read()

    def _read(self) -> None:
        case_id = self._case_id
        if case_id is None:
            return
        read_back = self._actions.read_back
        self._runner.submit(
            lambda: read_back(case_id),
            on_result=self._on_read,
            on_error=lambda exc: self.problem.emit(str(exc)),
            key=("read-back", id(self)),
            owner=self,
        )

    def _on_read(self, recap: ReadBack) -> None:
        if recap.case_id != self._case_id:
            return
        self._recap = recap
        out = []
        for section in recap.sections:
            out.append(f"<div style='margin-top:4px'><b>{html.escape(section.heading)}</b></div>")
            out.extend(f"<div>{html.escape(line)}</div>" for line in section.lines)
        out.append(
            f"<div style='color:#6b7280; margin-top:4px'>{html.escape(recap.zone_note)}</div>"
        )
        self.recap.setText("".join(out))
        self._recap_area.fit()

    def _write_email(self, case_id: int, path: Path) -> None:
        if path.suffix.lower() != ".eml":
            path = path.with_name(path.name + ".eml")
        draft = self._actions.email_draft

        def write() -> tuple[Path, bool]:  # on a worker thread: no widgets here
            made = draft(case_id)
            write_atomic(path, made.eml)
            return path, made.recipient is not None

        self._runner.submit(
            write, on_result=self._on_email_written, on_error=self._on_failed, owner=self
        )

    def _on_email_written(self, written: tuple[Path, bool]) -> None:
        from callnotes.reports.email_draft import no_recipient  # the mail modules: when first used

        path, addressed = written
        self._folder = path.parent
        problems = [] if addressed else [no_recipient(for_client=True)]
        unopened = file_dialogs.hand_over(self._open_file, path)
        if unopened:
            problems.append(unopened)
            self._say(self.tr("Saved {name}.").format(name=path.name))
        else:
            self._say(
                self.tr("Saved {name}; it opens in your mail program.").format(name=path.name)
            )
        if problems:
            self.problem.emit(" ".join(problems))

    def _on_failed(self, exc: CallnotesError) -> None:
        self.problem.emit(str(exc))

    def _say(self, text: str) -> None:
        # Shown only with something to say: empty, it would still take a line under the
        # buttons, a line the recap needs in a docked window.
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show_keys(self) -> None:
        self.confirm_button.setText(with_key(self.tr("Confirmed"), self._confirm_keys))


class _RecapArea(QScrollArea):
    """The recap in a frameless scroll area that asks for the height its text needs at the
    width it is given (up to a third of the screen).

    A word-wrapped label tells its layout a minimum height worked out at another width: in a
    docked window short of room the layout squeezed the recap and its last lines slid under
    the buttons. Here a window with room shows the whole recap, and one short of room (or a
    recap taller than a third of the screen) scrolls it: never under the buttons, and the
    window is never made taller than the screen for it.
    """

    def __init__(self, label: QLabel, parent: QWidget) -> None:
        super().__init__(parent)
        self._label = label
        self._needed = 0
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the note
        # The panel's own background shows through, as if the label sat in it directly.
        self.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)
        label.installEventFilter(self)

    def fit(self) -> None:
        """Ask for the height the recap needs at the present width (to a third of the screen)."""
        width = self.viewport().width() if self.isVisible() else self._label.sizeHint().width()
        needed = self._label.heightForWidth(max(width, 1))
        if needed < 0:
            needed = self._label.sizeHint().height()
        screen = self.screen()
        cap = screen.availableGeometry().height() // 3 if screen is not None else needed
        needed = min(needed, max(cap, self._label.fontMetrics().lineSpacing() * 4))
        if needed != self._needed:
            self._needed = needed
            self.setMinimumHeight(min(needed, self._label.fontMetrics().lineSpacing() * 3))
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """As wide as a scroll area would be, as tall as the recap needs."""
        return QSize(super().sizeHint().width(), self._needed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """The recap was given a new width: the height it needs follows."""
        if watched is self._label and event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)
