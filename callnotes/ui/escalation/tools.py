"""Escalation: the ladder from the usual contact up, the attempts, and who knows the client.

Plugs into the call window: the Escalation tab (Ctrl+4), F9 to log an attempt on the selected
person, the team directory (Ctrl+Shift+T), and a reminder bar when nobody has acknowledged for
the minutes set in Settings. The reminder is re-checked on a timer (every 30 s), reading the
time from the app's clock, so a test can move the clock and check at once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer

from callnotes.domain.context_ranking import RankedMember
from callnotes.domain.escalation import Outcome
from callnotes.errors import CallnotesError
from callnotes.ui.common.key_names import worded
from callnotes.ui.escalation.attempt_dialog import AttemptDialog
from callnotes.ui.escalation.panel import EscalationPanel
from callnotes.ui.escalation.prompt import EscalationPromptBar
from callnotes.ui.team.directory_dialog import TeamDialog

if TYPE_CHECKING:
    from callnotes.services.escalation.escalation import EscalationOverview
    from callnotes.ui.shell.main_window import MainWindow

CHECK_INTERVAL_MS = 30_000
_RANKING_KEY = "most-context"


class EscalationTools:
    """Plugs this area into the call window (see case_tools)."""

    def __init__(self, window: MainWindow, *, check_interval_ms: int = CHECK_INTERVAL_MS) -> None:
        self._window = window
        self._ctx = window.ctx
        self._case_id: int | None = None
        self._dismissed_after: int | None = None
        self.attempt_dialog: AttemptDialog | None = None
        self.team_dialog: TeamDialog | None = None
        tr = window.tr
        self.panel = EscalationPanel(window)
        self.panel.setObjectName("escalationPanel")
        self.tab_index = window.tabs.addTab(self.panel, tr("Escalation"))
        self.prompt_bar = EscalationPromptBar(window)
        window.notices.add_notice(self.prompt_bar)
        menu = window.menus.case
        add = window.menus.add
        self.show_action = add(menu, tr("&Escalation"), "Ctrl+4", self.show_tab)
        self.log_action = add(menu, tr("&Log escalation attempt…"), "F9", self.log_attempt)
        self.team_action = add(menu, tr("Team &directory…"), "Ctrl+Shift+T", self.show_team)
        menu.addSeparator()
        self.panel.set_key_actions(self.log_action, self.team_action)
        self.prompt_bar.set_log_action(self.log_action)
        self.timer = QTimer(self.panel)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.panel.log_requested.connect(self.log_attempt)
        self.panel.team_requested.connect(self.show_team)
        self.prompt_bar.visibility_changed.connect(window.notices.notice_changed)
        self.prompt_bar.rung_requested.connect(self._on_prompt_bar_rung_requested)
        self.prompt_bar.dismissed.connect(self._on_prompt_bar_dismissed)

    # The case-tool interface ---------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows."""
        if case_id != self._case_id:
            self._dismissed_after = None
        self._case_id = case_id
        self.reload()

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """An escalation nobody has acknowledged yet is still open."""
        try:
            overview = self._overview(case_id)
        except CallnotesError:
            return []
        if not overview.attempts or overview.acknowledged is not None:
            return []
        last = overview.attempts[0]
        return [
            self._window.tr(
                "Nobody has acknowledged the escalation yet (last: {who}, {outcome})."
            ).format(who=last.who, outcome=self._window.tr(last.outcome.label))
        ]

    # Actions --------------------------------------------------------------------------------

    def set_check_interval(self, msecs: int) -> None:
        """How often the reminder is re-checked (tests use a short one)."""
        self.timer.setInterval(msecs)

    def reload(self) -> None:
        """Read the case again: ladder, attempts, reminder, and (off the GUI thread) the ranking."""
        if not self._refresh():
            return
        case_id = self._case_id
        if case_id is None:
            return
        self.panel.show_searching()
        rank = self._ctx.most_context.rank
        self._window.runner.submit(
            lambda: rank(case_id),
            on_result=self._on_ranking_found,
            on_error=lambda error: self.panel.show_ranking_problem(str(error)),
            key=_RANKING_KEY,
            owner=self.panel,
        )

    def check(self) -> None:
        """Re-read the ladder's availability and show the reminder if one is now due."""
        if self._case_id is not None:
            self._refresh()

    def show_tab(self) -> None:
        """Ctrl+4: the Escalation tab, ladder focused (on the suggested person, if any)."""
        self._window.tabs.setCurrentWidget(self.panel)
        prompt = self.prompt_bar.prompt
        if prompt is not None and prompt.rung is not None:
            self.panel.select_member(prompt.rung.member.id)
        self.panel.focus_ladder()

    def log_attempt(self) -> AttemptDialog | None:
        """F9: ask how the call to the selected person went, then record it."""
        if self._case_id is None:
            self._window.banner.show_message(self._window.tr("Select a case first."))
            return None
        chosen = self.panel.chosen_person()
        if chosen is None:
            self._window.banner.show_message(
                worded(
                    self._window.tr("Select a person on the Escalation tab first ({key})."),
                    self._window.tr("Select a person on the Escalation tab first."),
                    self.show_action,
                )
            )
            return None
        member_id, name = chosen
        case_id = self._case_id
        dialog = AttemptDialog(name, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.attempt_chosen.connect(
            lambda outcome, note: self._store_attempt(dialog, case_id, member_id, outcome, note)
        )
        self.attempt_dialog = dialog
        dialog.open()
        return dialog

    def show_team(self) -> TeamDialog:
        """Ctrl+Shift+T: the team directory."""
        dialog = TeamDialog(self._ctx.team, self._ctx.clock, self._window)
        dialog.team_changed.connect(self._on_team_dialog_team_changed)
        self.team_dialog = dialog
        dialog.open()
        return dialog

    # Reactions ------------------------------------------------------------------------------

    def _store_attempt(
        self, dialog: AttemptDialog, case_id: int, member_id: int, outcome: Outcome, note: str
    ) -> None:
        try:
            self._ctx.escalation.log_attempt(case_id, member_id, outcome, note)
        except CallnotesError as exc:
            dialog.show_problem(str(exc))  # the choice and the note stay for a retry
            return
        dialog.accept()
        self._window.timeline.reload()
        if case_id == self._case_id:
            self._dismissed_after = None
            self.reload()
        if self._window.tabs.currentWidget() is self.panel:
            self.panel.focus_ladder()

    def _on_ranking_found(self, ranked: list[RankedMember]) -> None:
        self.panel.show_ranking(ranked)

    def _on_prompt_bar_rung_requested(self, member_id: int) -> None:
        self._window.tabs.setCurrentWidget(self.panel)
        self.panel.select_member(member_id)

    def _on_prompt_bar_dismissed(self) -> None:
        overview = self.panel.overview
        prompt = overview.prompt if overview is not None else None
        self._dismissed_after = prompt.after_attempt_id if prompt is not None else None

    def _on_team_dialog_team_changed(self) -> None:
        self.reload()
        self._window.issues.reload()  # owners are chosen from the team

    # Helpers --------------------------------------------------------------------------------

    def _overview(self, case_id: int) -> EscalationOverview:
        minutes = self._ctx.settings.escalate_after_minutes
        return self._ctx.escalation.overview(case_id, timedelta(minutes=minutes))

    def _refresh(self) -> bool:
        """Show the ladder, attempts and reminder; False when there is nothing to show."""
        if self._case_id is None:
            self._window.runner.cancel(_RANKING_KEY)
            self.panel.show_none(self._window.tr("Select a case first."))
            self.prompt_bar.clear()
            return False
        try:
            overview = self._overview(self._case_id)
        except CallnotesError as exc:
            self._window.banner.show_message(str(exc))
            return False
        self.panel.show_overview(overview)
        prompt = overview.prompt
        if prompt is None or prompt.after_attempt_id == self._dismissed_after:
            self.prompt_bar.clear()
        else:
            self.prompt_bar.show_prompt(prompt)
        return True
