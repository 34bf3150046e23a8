"""Whether what the agent typed is safe: "Saved", "Saving…", "Not saved" or "Not yet shared"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from callnotes.ui.common.autosave import SaveState
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.timeline.model import PendingEntry


class SaveStatusLabel(QLabel):
    """One word or two for the draft and the notes in line; while a save fails, a sentence in
    *banner* too, which goes once everything is saved again."""

    def __init__(self, banner: BannerWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._banner = banner
        self._failure = ""  # the banner text of a failing save, cleared on recovery
        self.setObjectName("saveStatus")
        self.setAccessibleName(self.tr("Save status"))
        # Wrapped rather than widening a narrow window when it says more ("Not yet shared"):
        # a wider window would have every note in the timeline measured again.
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def show_failure(self, message: str) -> None:
        """A save failed (*message* says why): the text is kept and saving is retried."""
        self._failure = self.tr("{problem} Your text is kept here; saving is retried.").format(
            problem=message
        )
        self._banner.show_message(self._failure)

    def show_not_shared(self, message: str, waiting: int) -> None:
        """The team database cannot be reached: the *waiting* notes wait on this computer, safe."""
        self._failure = self.tr(
            "{count} not yet shared: {problem} They are kept on this computer, even if "
            "callnotes is closed, and sent once as soon as the server answers."
        ).format(
            count=self.tr("1 note") if waiting == 1 else self.tr("{n} notes").format(n=waiting),
            problem=message,
        )
        self._banner.show_message(self._failure)

    def show_state(self, draft: SaveState, pending: Sequence[PendingEntry]) -> None:
        """Say where the *draft* and the notes *pending* (committed, not stored yet) stand."""
        failing = draft is SaveState.FAILED or any(p.problem for p in pending)
        if (
            failing
            and draft is not SaveState.FAILED
            and all(p.unshared for p in pending if p.problem)
        ):
            self.setText(self.tr("Not yet shared"))
            return
        if failing:
            self.setText(self.tr("Not saved"))
            return
        if draft is SaveState.UNSAVED or pending:
            self.setText(self.tr("Saving…"))
            return
        self.setText(self.tr("Saved"))
        if self._failure and self._banner.text() == self._failure:
            self._banner.clear()
        self._failure = ""
