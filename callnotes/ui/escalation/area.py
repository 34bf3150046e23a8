"""Escalation: the ladder from the usual contact up, the attempts, and who knows the client.

Built on the window's host: the Escalation tab (Ctrl+4), F9 to log an attempt on the selected
person, the team directory (Ctrl+Shift+T), and a reminder bar when nobody has acknowledged for
the minutes set in Settings. The tab and the bar redraw from the change notice; the reminder is
also re-checked on a timer (every 30 s), reading the time from the app's clock, so a test can
move the clock and check at once. Every read and write goes through the task runner.

"Most context" is the costly read (a full-text search per issue): it is worked out again only
when what it is worked out from changes (never for a note typed), and only while the tab is in
front; a change made while the tab is behind others is caught up when it is shown. The wrap-up
warning comes from the last read of the ladder, kept in memory: no read as the call ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from callnotes.domain.changes import Changes, Part
from callnotes.domain.context_ranking import RankedMember
from callnotes.domain.escalation import Outcome
from callnotes.errors import CallnotesError
from callnotes.ui.common.key_names import worded
from callnotes.ui.escalation.actions import EscalationActions, TeamActions
from callnotes.ui.escalation.attempt_dialog import AttemptDialog
from callnotes.ui.escalation.panel import EscalationPanel
from callnotes.ui.escalation.prompt_bar import EscalationPromptBar
from callnotes.ui.escalation.team_dialog import TeamDialog

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.services.escalation.escalation import EscalationOverview
    from callnotes.ui.common.host import WindowHost

CHECK_INTERVAL_MS = 30_000
_OVERVIEW_KEY = "escalation-overview"
_RANKING_KEY = "most-context"
#: What the ladder, the attempts and the reminder show.
_OVERVIEW_PARTS = (Part.ESCALATION, Part.TEAM, Part.CLIENTS, Part.CASE)
#: What "most context" is worked out from (see ``services/escalation/most_context.py``): the
#: colleagues and their absences, the client and its usual contact, the case's client and
#: handover, its issues (their titles and owners) and who answered an escalation. Not the
#: timeline nor the case list: a note typed never re-ranks.
_RANKING_PARTS = (Part.TEAM, Part.CLIENTS, Part.CASE, Part.ISSUES, Part.ESCALATION)


class EscalationArea(QObject):
    """The Escalation tab, its reminder bar and the team directory, on *host*."""

    def __init__(
        self, host: WindowHost, ctx: AppContext, *, check_interval_ms: int = CHECK_INTERVAL_MS
    ) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._actions = EscalationActions.from_context(ctx)
        self._team = TeamActions.from_service(ctx.team, ctx.clock)
        self._case_id: int | None = None
        self._dismissed_after: int | None = None
        # The last ladder read of the shown case and of the call's (read again when a change
        # concerns it): what the wrap-up warning is worked out from.
        self._overviews: dict[int, EscalationOverview] = {}
        self._ranking_stale = False  # changed while the tab was hidden: rank when shown
        self.attempt_dialog: AttemptDialog | None = None
        self.team_dialog: TeamDialog | None = None
        parent = host.dialog_parent
        self.panel = EscalationPanel(parent)
        self.panel.setObjectName("escalationPanel")
        host.add_tab(self.panel, self.tr("Escalation"))
        self.prompt_bar = EscalationPromptBar(parent)
        host.add_notice(self.prompt_bar)
        add = host.add_command
        self.show_action = add("case", self.tr("&Escalation"), "Ctrl+4", self.show_tab)
        self.log_action = add("case", self.tr("&Log escalation attempt…"), "F9", self.log_attempt)
        self.team_action = add("case", self.tr("Team &directory…"), "Ctrl+Shift+T", self.show_team)
        host.menu("case").addSeparator()
        self.panel.set_key_actions(self.log_action, self.team_action)
        self.prompt_bar.set_log_action(self.log_action)
        self.timer = QTimer(self.panel)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.panel.log_requested.connect(self.log_attempt)
        self.panel.team_requested.connect(self.show_team)
        self.prompt_bar.visibility_changed.connect(host.notice_changed)
        self.prompt_bar.rung_requested.connect(self._on_prompt_bar_rung_requested)
        self.prompt_bar.dismissed.connect(self._on_prompt_bar_dismissed)
        self.panel.shown.connect(self._on_panel_shown)
        host.changes.changed.connect(self._on_changes_changed)

    # The area's interface --------------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows."""
        if case_id != self._case_id:
            self._dismissed_after = None
            if case_id is not None:
                self.panel.show_none(self.tr("Reading the ladder…"))  # never another case's
                self.prompt_bar.clear()
        self._case_id = case_id
        call = self._host.current_call()
        kept = {case_id, call.case_id if call is not None else None}
        self._overviews = {k: v for k, v in self._overviews.items() if k in kept}
        self.reload()

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """An escalation nobody has acknowledged yet is still open.

        Asked by the window as the call is wrapped up: answered from the last read of the
        ladder (kept up to date by the change notice), never from the database.
        """
        overview = self._overviews.get(case_id)
        if overview is None or not overview.attempts or overview.acknowledged is not None:
            return []
        last = overview.attempts[0]
        return [
            self.tr("Nobody has acknowledged the escalation yet (last: {who}, {outcome}).").format(
                who=last.who, outcome=self.tr(last.outcome.label)
            )
        ]

    # Actions --------------------------------------------------------------------------------

    def set_check_interval(self, msecs: int) -> None:
        """How often the reminder is re-checked (tests use a short one)."""
        self.timer.setInterval(msecs)

    def reload(self) -> None:
        """Read the case again: ladder, attempts, reminder, and the ranking (all off the GUI
        thread)."""
        if self._read_overview():
            self._rank_when_shown()

    def check(self) -> None:
        """Re-read the ladder's availability and show the reminder if one is now due."""
        if self._case_id is not None:
            self._read_overview()

    def show_tab(self) -> None:
        """Ctrl+4: the Escalation tab, ladder focused (on the suggested person, if any)."""
        self._host.show_tab(self.panel)
        prompt = self.prompt_bar.prompt
        if prompt is not None and prompt.rung is not None:
            self.panel.select_member(prompt.rung.member.id)
        self.panel.focus_ladder()

    def log_attempt(self) -> AttemptDialog | None:
        """F9: ask how the call to the selected person went, then record it."""
        if self._case_id is None:
            self._host.show_message(self.tr("Select a case first."))
            return None
        chosen = self.panel.chosen_person()
        if chosen is None:
            self._host.show_message(
                worded(
                    self.tr("Select a person on the Escalation tab first ({key})."),
                    self.tr("Select a person on the Escalation tab first."),
                    self.show_action,
                )
            )
            return None
        member_id, name = chosen
        case_id = self._case_id
        dialog = AttemptDialog(name, self._host.dialog_parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.attempt_chosen.connect(
            lambda outcome, note: self._store_attempt(dialog, case_id, member_id, outcome, note)
        )
        self.attempt_dialog = dialog
        dialog.open()
        return dialog

    def show_team(self) -> TeamDialog:
        """Ctrl+Shift+T: the team directory (it reads and writes through the task runner)."""
        host = self._host
        dialog = TeamDialog(
            self._team, host.dialog_parent, runner=host.runner, changes=host.changes
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.team_dialog = dialog
        dialog.open()
        return dialog

    # Reactions ------------------------------------------------------------------------------

    def _on_changes_changed(self, changes: Changes) -> None:
        for kept in [k for k in self._overviews if k != self._case_id]:
            if changes.touches(*_OVERVIEW_PARTS, case_id=kept):
                self._read_kept(kept)  # the call's case, not shown: its warning stays true
        case_id = self._case_id
        if case_id is None:
            return
        if changes.touches(*_OVERVIEW_PARTS, case_id=case_id):
            self._read_overview()
        if changes.touches(*_RANKING_PARTS, case_id=case_id):
            self._rank_when_shown()

    def _on_panel_shown(self) -> None:
        if self._ranking_stale:
            self._read_ranking()

    def _store_attempt(
        self, dialog: AttemptDialog, case_id: int, member_id: int, outcome: Outcome, note: str
    ) -> None:
        log_attempt = self._actions.log_attempt
        self._host.runner.submit(
            lambda: log_attempt(case_id, member_id, outcome, note),
            on_result=lambda _attempt: self._on_attempt_stored(dialog, case_id),
            on_error=lambda exc: dialog.show_problem(str(exc)),  # the choice and note stay
            owner=dialog,
        )

    def _on_attempt_stored(self, dialog: AttemptDialog, case_id: int) -> None:
        dialog.accept()  # the ladder and the timeline redraw from the change notice
        if case_id == self._case_id:
            self._dismissed_after = None
        if self._host.tab_shown(self.panel):
            self.panel.focus_ladder()

    def _on_overview_read(self, case_id: int, overview: EscalationOverview) -> None:
        if case_id != self._case_id:
            return
        self._overviews[case_id] = overview
        self.panel.show_overview(overview)
        prompt = overview.prompt
        if prompt is None or prompt.after_attempt_id == self._dismissed_after:
            self.prompt_bar.clear()
        else:
            self.prompt_bar.show_prompt(prompt)

    def _on_ranking_read(self, case_id: int, ranked: Sequence[RankedMember]) -> None:
        if case_id == self._case_id:
            self.panel.show_ranking(ranked)

    def _on_prompt_bar_rung_requested(self, member_id: int) -> None:
        self._host.show_tab(self.panel)
        self.panel.select_member(member_id)

    def _on_prompt_bar_dismissed(self) -> None:
        overview = self.panel.overview
        prompt = overview.prompt if overview is not None else None
        self._dismissed_after = prompt.after_attempt_id if prompt is not None else None

    # Helpers --------------------------------------------------------------------------------

    def _read_overview(self) -> bool:
        """Ask for the ladder, attempts and reminder; False when there is no case to show."""
        runner = self._host.runner
        case_id = self._case_id
        if case_id is None:
            runner.cancel(_OVERVIEW_KEY)
            runner.cancel(_RANKING_KEY)
            self.panel.show_none(self.tr("Select a case first."))
            self.prompt_bar.clear()
            return False
        overview = self._actions.overview
        runner.submit(
            lambda: overview(case_id),
            on_result=lambda found: self._on_overview_read(case_id, found),
            on_error=lambda exc: self._host.show_message(str(exc)),
            key=_OVERVIEW_KEY,
            owner=self.panel,
        )
        return True

    def _read_kept(self, case_id: int) -> None:
        """Read again the ladder of a case kept for its wrap-up warning but not shown."""
        overview = self._actions.overview

        def keep(found: EscalationOverview) -> None:
            if case_id in self._overviews:
                self._overviews[case_id] = found

        def forget(_exc: CallnotesError) -> None:
            self._overviews.pop(case_id, None)  # not known now: nothing said about it

        self._host.runner.submit(
            lambda: overview(case_id),
            on_result=keep,
            on_error=forget,
            key=("escalation-kept", case_id),
            owner=self.panel,
        )

    def _rank_when_shown(self) -> None:
        """Rank now if the tab is in front, else once it is (one read however many changes)."""
        self._ranking_stale = True
        if self.panel.isVisible():
            self._read_ranking()
        else:
            self._host.runner.cancel(_RANKING_KEY)  # a ranking for a case no longer shown

    def _read_ranking(self) -> None:
        case_id = self._case_id
        if case_id is None:
            return
        self._ranking_stale = False
        self.panel.show_searching()
        rank = self._actions.rank
        self._host.runner.submit(
            lambda: rank(case_id),
            on_result=lambda ranked: self._on_ranking_read(case_id, ranked),
            on_error=lambda exc: self.panel.show_ranking_problem(str(exc)),
            key=_RANKING_KEY,
            owner=self.panel,
        )
