"""A window onto what is read off the GUI thread, read again when the change notice says one of
its parts changed: the cover brief, "since you left", the team view.

It opens at once and fills when the read comes back (through the window's task runner); a read
that fails says so in its banner. It owns the frame they share: the title, an optional form of
choosers on top, a line that introduces what is shown, the body, the banner, and Close beside
the dialog's own buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.changes import Changes, Part
from callnotes.errors import CallnotesError
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.task_runner import TaskRunner


class ReadingDialog(QDialog):
    """Subclasses set :attr:`parts`, build their body, call :meth:`lay_out` and implement
    :meth:`reload` with :meth:`read`."""

    #: What the dialog shows is made of these: a change to any of them is read again.
    parts: tuple[Part, ...] = ()

    def __init__(
        self,
        title: str,
        runner: TaskRunner,
        changes: ChangeNotice | None,
        parent: QWidget | None,
        *,
        intro: str,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.banner = BannerWidget(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self._form = QFormLayout()
        if changes is not None:
            changes.changed.connect(self._on_changes_changed)

    def add_chooser(self, label: str, object_name: str, accessible_name: str) -> QComboBox:
        """A chooser in the form on top (*label* with its mnemonic)."""
        chooser = QComboBox(self)
        chooser.setObjectName(object_name)
        chooser.setAccessibleName(accessible_name)
        self._form.addRow(label, chooser)
        return chooser

    def add_button(self, button: QAbstractButton) -> None:
        """One of the dialog's own buttons, beside Close."""
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)

    def lay_out(self, body: QWidget, width: int, height: int) -> None:
        """Place the form, the intro, *body* (taking the room left), the banner, the buttons."""
        layout = QVBoxLayout(self)
        if self._form.rowCount():
            layout.addLayout(self._form)
        layout.addWidget(self.intro)
        layout.addWidget(body, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.resize(width, height)

    def read(
        self,
        fn: Callable[[], Any],
        on_result: Callable[[Any], None],
        *,
        key: str | None = None,
        on_error: Callable[[CallnotesError], None] | None = None,
    ) -> None:
        """Run *fn* off the GUI thread and hand its answer to *on_result*. Reads with the same
        *key* replace one another (only the newest is shown); a failure goes to *on_error*, by
        default the banner."""
        runner_key: Hashable | None = (key, id(self)) if key is not None else None
        self._runner.submit(
            fn,
            on_result=on_result,
            on_error=on_error or self.show_problem,
            key=runner_key,
            owner=self,
        )

    def show_problem(self, error: CallnotesError) -> None:
        """Say in the banner why something could not be read or written."""
        self.banner.show_message(str(error))

    def reload(self) -> None:
        """Read what is shown again."""
        raise NotImplementedError

    def _on_changes_changed(self, changes: Changes) -> None:
        if changes.touches(*self.parts):
            self.reload()
