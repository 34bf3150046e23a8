"""Telling the team what is new on a case: the prompt, who was told, their acknowledgement.

New information typed on the shown case raises the "Tell the team" bar; the dialog lists the
colleagues to tell (read with the news through the task runner) and records who was told; a
colleague's acknowledgement is recorded the same way. The change notice redraws the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.ui.common.notice_bar import NoticeBar
from callnotes.ui.updates.tell_team_dialog import TellTeamDialog

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QAction

    from callnotes.domain.communications import Channel
    from callnotes.domain.team_notices import TeamCandidate
    from callnotes.errors import CallnotesError
    from callnotes.ui.common.host import WindowHost
    from callnotes.ui.updates.actions import UpdatesActions


class TeamTelling(QObject):
    """The shown case's news for the team: the "Tell the team" bar (on *host*'s notice area),
    the dialog that records who was told, and their acknowledgements."""

    def __init__(
        self, host: WindowHost, actions: UpdatesActions, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._host = host
        self._actions = actions
        self._case_id: int | None = None
        self._news: EntryRecord | None = None
        self.tell_dialog: TellTeamDialog | None = None

        self.bar = NoticeBar(self.tr("Tell the team"), host.dialog_parent)
        host.add_notice(self.bar)
        self.bar.follow(host.notice_changed)
        self.bar.add_button(
            "tell", self.tr("Tell the team…"), self.tr("Choose who you told"),
            self.tell_team,
        )  # fmt: skip
        self.bar.add_button(
            "later", self.tr("Not now"), self.tr("Hide this prompt"), self.bar.dismiss
        )

    def set_tell_action(self, action: QAction) -> None:
        """The window's Tell the team command: the bar's button names its key."""
        self.bar.name_key("tell", action)

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows: another case's news is not this one's."""
        if case_id != self._case_id:
            self._forget_news()
        self._case_id = case_id

    def entry_added(self, entry: EntryRecord) -> None:
        """An entry was typed: new information prompts to tell the team."""
        if entry.case_id == self._case_id and entry.kind is EntryKind.NEW_INFORMATION:
            self._news = entry
            self.bar.show_text(self.tr("New information — tell the team?"))

    def tell_team(self) -> None:
        """Ctrl+Shift+N: record who was told the case's latest new information."""
        case_id = self._case_id
        if case_id is None:
            return
        actions, news = self._actions, self._news

        def read() -> tuple[EntryRecord | None, Sequence[TeamCandidate]]:
            entry = news or actions.latest_news(case_id)
            return entry, actions.candidates(case_id)

        self._host.runner.submit(
            read,
            on_result=lambda found: self._open_tell_dialog(case_id, *found),
            on_error=self._show_problem,
            key="tell-team",
            owner=self,
        )

    def acknowledge(self, notice_id: int) -> None:
        """A colleague acknowledged what they were told."""
        acknowledge = self._actions.acknowledge
        self._host.runner.submit(lambda: acknowledge(notice_id), on_error=self._show_problem)

    def _open_tell_dialog(
        self, case_id: int, entry: EntryRecord | None, candidates: Sequence[TeamCandidate]
    ) -> None:
        if case_id != self._case_id:
            return
        if not candidates:
            self._host.show_message(self.tr("There is nobody in the team list to tell yet."))
            return
        about = entry.text if entry is not None else self.tr("(no new information recorded)")
        dialog = TellTeamDialog(about, candidates, self._actions.now(), self._host.dialog_parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        entry_id = entry.id if entry is not None else None
        dialog.tell_requested.connect(
            lambda ids, channel: self._on_tell_requested(dialog, case_id, ids, channel, entry_id)
        )
        self.tell_dialog = dialog
        dialog.open()

    def _on_tell_requested(
        self,
        dialog: TellTeamDialog,
        case_id: int,
        ids: list[int],
        channel: Channel,
        entry_id: int | None,
    ) -> None:
        tell = self._actions.tell_team
        call = self._host.current_call()
        call_id = call.id if call is not None else None
        self._host.runner.submit(
            lambda: tell(case_id, ids, channel, entry_id, call_id),
            on_result=lambda _notices: self._on_team_told(dialog),
            on_error=lambda exc: dialog.show_problem(str(exc)),  # the ticks stay
            owner=dialog,
        )

    def _on_team_told(self, dialog: TellTeamDialog) -> None:
        dialog.accept()
        self._forget_news()

    def _forget_news(self) -> None:
        self._news = None
        self.bar.dismiss()

    def _show_problem(self, exc: CallnotesError) -> None:
        self._host.show_message(str(exc))
