"""The client-updates room: the communication plan, the update log, the clock of updates due.

Built on the window's host: the Updates tab, the "Update due" reminder bar, the Case menu
commands, a timer that checks what is due on the injected clock, and a tray message once per
due time where the desktop has a tray. It composes the promises
(:mod:`~callnotes.ui.updates.promises`, with the "Promise due" bar) and telling the team
(:mod:`~callnotes.ui.updates.team_telling`, with the "Tell the team" bar). The tab and the bars
redraw from the change notice; every read that fills them and every write goes through the
task runner. Nothing else reads: the dialogs read the promised time as typed from the plan last
read (see :mod:`~callnotes.ui.updates.promise_clock`), and the wrap-up warnings come from the
last read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QSystemTrayIcon

from callnotes.domain.cadence import CommunicationPlan, due_state
from callnotes.domain.changes import Changes, Part
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.timeline import EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.common.notice_bar import NoticeBar
from callnotes.ui.updates import texts
from callnotes.ui.updates.actions import UpdatesActions
from callnotes.ui.updates.log_update_dialog import LogUpdateDialog, UpdateDialogSetup, UpdateDraft
from callnotes.ui.updates.panel import UpdatesPanel, UpdatesView
from callnotes.ui.updates.plan_dialog import PlanChoice, PlanDialog
from callnotes.ui.updates.promise_clock import PromiseClock
from callnotes.ui.updates.promises import PromiseTracker
from callnotes.ui.updates.team_telling import TeamTelling

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from callnotes.app import AppContext
    from callnotes.ui.common.host import WindowHost

#: How often the timer looks at the clock.
CHECK_INTERVAL_MS = 30_000
_VIEW_KEY = "updates-view"
#: What the tab and the reminder bars show: the plan (on the case, with the client's clock and
#: contact), the promises, the update log and who was told.
_VIEW_PARTS = (Part.CASE, Part.CLIENTS, Part.PROMISES, Part.UPDATES, Part.TEAM_NOTICES)


class UpdatesArea(QObject):
    """The Updates tab, its reminder bars and its dialogs, on *host*."""

    #: Open the shown case's status report to send as the update; when it has been saved or
    #: copied, :meth:`report_sent` brings it back to be logged (wired in the shell).
    status_report_requested = Signal()

    def __init__(
        self, host: WindowHost, ctx: AppContext, *, check_interval_ms: int = CHECK_INTERVAL_MS
    ) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._actions = UpdatesActions.from_context(ctx)
        self._case_id: int | None = None
        self._plan: CommunicationPlan | None = None
        # The last read of the shown case and of the call's (read again when a change concerns
        # it): what the wrap-up warnings are worked out from.
        self._views: dict[int, UpdatesView] = {}
        # Asked for before the shown case's plan was read: done once it is (a key never lost).
        self._when_read: Callable[[], object] | None = None
        self._tray: QSystemTrayIcon | None = None
        self._tray_told: set[tuple[int, datetime]] = set()
        self.update_dialog: LogUpdateDialog | None = None
        self.plan_dialog: PlanDialog | None = None

        parent = host.dialog_parent
        self.panel = UpdatesPanel(parent)
        # Scrolled, so the tab never makes the narrow window taller than the screen allows.
        self.tab = QScrollArea(parent)
        self.tab.setWidgetResizable(True)
        self.tab.setFrameShape(QFrame.Shape.NoFrame)
        self.tab.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tab.setWidget(self.panel)
        host.add_tab(self.tab, self.tr("Updates"))
        self.due_bar = self._bar(self.tr("Update due"))
        self.due_bar.add_button(
            "log", self.tr("Log update…"), self.tr("Log the update you gave"),
            self.log_update,
        )  # fmt: skip
        self.due_bar.add_button(
            "resume", self.tr("Resume"), self.tr("The client answered: restart the update clock"),
            self.toggle_pause,
        )  # fmt: skip
        # Built in the order their bars stand in the notice area.
        self.promises = PromiseTracker(host, self._actions, self.panel, self)
        self.team_telling = TeamTelling(host, self._actions, self)

        host.menu("case").addSeparator()
        add = host.add_command
        self.show_action = add("case", self.tr("&Updates and promises"), "Ctrl+5", self.show_tab)
        self.log_action = add("case", self.tr("Lo&g update…"), "Ctrl+U", self.log_update)
        self.plan_action = add(
            "case", self.tr("Communication &plan…"), "Ctrl+Shift+P", self.edit_plan
        )
        self.kept_action = add("case", self.tr("Promise &kept"), "Ctrl+K", self.keep_selected)
        self.cancel_action = add(
            "case", self.tr("Cancel pro&mise…"), "Ctrl+Shift+K", self.cancel_selected
        )
        self.tell_action = add(
            "case", self.tr("&Tell the team…"), "Ctrl+Shift+N", self.team_telling.tell_team
        )
        self.pause_action = add(
            "case", texts.pause_command_text(None), "Ctrl+Shift+W", self.toggle_pause
        )
        self.due_bar.name_key("log", self.log_action)
        self.due_bar.name_key("resume", self.pause_action)
        self.team_telling.set_tell_action(self.tell_action)
        self.panel.set_plan_action(self.plan_action)
        self.panel.set_pause_action(self.pause_action)

        self.timer = QTimer(self)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.panel.log_requested.connect(self.log_update)
        self.panel.plan_requested.connect(self.edit_plan)
        self.panel.kept_requested.connect(self.promises.keep)
        self.panel.cancel_requested.connect(self.promises.ask_cancel)
        self.panel.edit_requested.connect(self.promises.edit_promise)
        self.panel.acknowledge_requested.connect(self.team_telling.acknowledge)
        self.panel.pause_requested.connect(self.toggle_pause)
        host.changes.changed.connect(self._on_changes_changed)

    # -- the area's interface ---------------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows."""
        self.team_telling.show_case(case_id)
        self.promises.show_case(case_id)
        if case_id != self._case_id:
            self._plan = None
            self._when_read = None
            self.panel.show_view(None, None)  # never another case's plan, even for a moment
        self._case_id = case_id
        call = self._host.current_call()
        kept = {case_id, call.case_id if call is not None else None}
        self._views = {k: v for k, v in self._views.items() if k in kept}
        self.reload()
        if case_id is None:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Open promises, an update due, news nobody acknowledged: listed before wrap-up.

        Asked by the window as the call is wrapped up: answered from the last read (kept up to
        date by the change notice), never from the database.
        """
        view = self._views.get(case_id)
        if view is None:
            return []
        zone = ZoneInfo(view.plan.timezone)
        return texts.wrap_up_lines(
            view.plan,
            list(view.commitments),
            list(view.notices),
            self._actions.now(),
            zone,
        )

    def entry_added(self, entry: EntryRecord) -> None:
        """An entry was typed: new information from the client prompts to tell the team."""
        self.team_telling.entry_added(entry)

    def report_sent(self, kind: str, fmt: str) -> None:
        """A document was saved or copied (*fmt*: ``eml``, ``pdf``, …, ``copy``): the status
        report comes back to be logged as the update."""
        if kind != "status" or self.update_dialog is not None:
            return
        how = {
            "eml": self.tr("Sent the status report by e-mail."),
            "copy": self.tr("Sent the status report (copied into a message)."),
        }.get(fmt, self.tr("Sent the status report ({fmt}).").format(fmt=fmt.upper()))
        channel = Channel.EMAIL if fmt in ("eml", "pdf", "html", "copy") else Channel.CHAT
        self.log_update(
            {
                "audience": Audience.CLIENT,
                "channel": channel,
                "kind": CommunicationKind.ROUTINE,
                "summary": how,
            }
        )

    # -- what is shown ----------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case shown."""
        return self._case_id

    def reload(self) -> None:
        """Read the shown case's plan, promises, updates and notices again (off the GUI thread)."""
        case_id = self._case_id
        if case_id is None:
            self._host.runner.cancel(_VIEW_KEY)
            self._plan = None
            self.panel.show_view(None, None)
            self.check_now()
            return
        view = self._actions.view
        self._host.runner.submit(
            lambda: view(case_id),
            on_result=lambda found: self._on_view_read(case_id, found),
            on_error=self._show_problem,
            key=_VIEW_KEY,
            owner=self.panel,
        )

    def check_now(self) -> None:
        """Look at the clock: count down, and show or hide the reminder bars."""
        now = self._actions.now()
        plan, case_id, view = self._plan, self._case_id, self.panel.view
        if plan is None or case_id is None or view is None:
            self.due_bar.dismiss()
            self.promises.remind((), now)
            return
        self.panel.tick(now)
        due = plan.next_update_due_at
        self.due_bar.buttons["resume"].setVisible(plan.paused)
        self.due_bar.buttons["log"].setVisible(not plan.paused)
        if plan.paused:
            # No update is due while we wait on the client; the bar says so until resumed.
            self.due_bar.show_text(texts.due_bar_text(plan, now, ZoneInfo(plan.timezone)))
        elif due is not None and due_state(due, now).needs_attention:
            text = texts.due_bar_text(plan, now, ZoneInfo(plan.timezone))
            self.due_bar.show_text(text)
            if (case_id, due) not in self._tray_told:
                self._tray_told.add((case_id, due))
                self._tray_message(text)
        else:
            self.due_bar.dismiss()
        self.promises.remind(view.commitments, now)

    def tab_shown(self) -> bool:
        """Whether the Updates tab is the one shown."""
        return self._host.tab_shown(self.tab)

    def show_tab(self) -> None:
        """Ctrl+5: the Updates tab, with the promises list ready for the keyboard."""
        self._host.show_tab(self.tab)
        if self.panel.selected_commitment() is None:
            self.panel.select_commitment(None)
        self.panel.commitments.setFocus()

    # -- logging an update ----------------------------------------------------------------------

    def log_update(self, prefill: dict[str, object] | None = None) -> LogUpdateDialog | None:
        """Ctrl+U: the Log update dialog for the shown case."""
        case_id, plan = self._case_id, self._plan
        if case_id is None:
            return None
        if plan is None:
            self._when_read = lambda: self.log_update(prefill)
            return None
        if self.update_dialog is not None:
            self.update_dialog.close()
        now, clock = self._actions.now, PromiseClock.of(plan)
        setup = UpdateDialogSetup(  # read as typed, in memory: no database per keystroke
            read_promise=lambda text: clock.read(text, now()),
            by_cadence=lambda: clock.by_cadence(now()),
            now=now,
            zone=ZoneInfo(plan.timezone),
            channel=Channel(plan.channel) if plan.channel else None,
            closed_on=clock.closed_on,
        )
        dialog = LogUpdateDialog(setup, self._host.dialog_parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if prefill:
            dialog.fill(**prefill)  # type: ignore[arg-type]
        dialog.log_requested.connect(lambda draft: self._on_update_drafted(dialog, draft))
        dialog.report_requested.connect(lambda: self._on_report_requested(dialog))
        dialog.destroyed.connect(lambda: setattr(self, "update_dialog", None))
        self.update_dialog = dialog
        dialog.open()
        return dialog

    def _on_update_drafted(self, dialog: LogUpdateDialog, draft: UpdateDraft) -> None:
        log = self._actions.log_update
        self._save(dialog, lambda case_id, call_id: log(case_id, draft, call_id))

    def _on_report_requested(self, dialog: LogUpdateDialog) -> None:
        """Send the status report as the update: saved or copied, it comes back to be logged."""
        dialog.close()
        self.status_report_requested.emit()

    # -- the plan ---------------------------------------------------------------------------------

    def edit_plan(self) -> PlanDialog | None:
        """Ctrl+Shift+P: agree or change the plan; the suggestion and why come as worked out."""
        case_id, plan = self._case_id, self._plan
        if case_id is None:
            return None
        if plan is None:
            self._when_read = self.edit_plan
            return None
        dialog = PlanDialog(plan, self._host.dialog_parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.plan_chosen.connect(lambda choice: self._on_plan_chosen(dialog, choice))
        self.plan_dialog = dialog
        suggest = self._actions.suggest_plan
        self._host.runner.submit(
            lambda: suggest(case_id),
            on_result=dialog.show_suggestion,
            on_error=lambda exc: dialog.show_problem(str(exc)),
            owner=dialog,
        )
        dialog.open()
        return dialog

    def _on_plan_chosen(self, dialog: PlanDialog, choice: PlanChoice) -> None:
        save = self._actions.save_plan
        self._save(dialog, lambda case_id, call_id: save(case_id, choice, call_id))

    # -- the update clock -------------------------------------------------------------------------

    def toggle_pause(self) -> None:
        """Ctrl+Shift+W: waiting on the client pauses the update clock; pressed again, resumes
        it (the next update then moves later by the time paused)."""
        case_id, plan = self._case_id, self._plan
        if case_id is None or plan is None:
            return
        call_id = self._call_id()
        change = self._actions.resume if plan.paused else self._actions.pause
        self._act(lambda: change(case_id, call_id))

    # -- the promise chosen in the tab -----------------------------------------------------------

    def keep_selected(self) -> None:
        """Ctrl+K: the promise chosen in the Updates tab was kept (a first press shows the
        tab with the promise due chosen, see :meth:`_show_promise_to_act_on`)."""
        item = self.panel.selected_open_commitment()
        if not self.tab_shown() or item is None:
            self._show_promise_to_act_on()
            return
        self.promises.keep(item.id)

    def cancel_selected(self) -> None:
        """Ctrl+Shift+K: cancel the chosen promise, with an optional reason."""
        item = self.panel.selected_open_commitment()
        if not self.tab_shown() or item is None:
            self._show_promise_to_act_on()
            return
        self.promises.ask_cancel(item.id)

    def _show_promise_to_act_on(self) -> None:
        """The tab, with the promise the next press acts on chosen and in view: the one the
        "Promise due" bar reminds of, else the one chosen if still open, else the first open
        (a kept or cancelled one chosen earlier is never acted on again)."""
        reminded = self.promises.reminded
        if not (reminded is not None and self.panel.select_commitment(reminded)) and (
            self.panel.selected_open_commitment() is None
        ):
            self.panel.select_commitment(None)
        self.show_tab()
        chosen = self.panel.chosen_commitment_rect()
        if not chosen.isEmpty():
            self.tab.ensureVisible(chosen.center().x(), chosen.center().y(), 0, chosen.height())

    # -- helpers ----------------------------------------------------------------------------------

    def _on_changes_changed(self, changes: Changes) -> None:
        for kept in [k for k in self._views if k != self._case_id]:
            if changes.touches(*_VIEW_PARTS, case_id=kept):
                self._read_kept(kept)  # the call's case, not shown: its warnings stay true
        if self._case_id is not None and changes.touches(*_VIEW_PARTS, case_id=self._case_id):
            self.reload()

    def _on_view_read(self, case_id: int, view: UpdatesView) -> None:
        if case_id != self._case_id:
            return
        self._views[case_id] = view
        self._plan = view.plan
        self.pause_action.setText(texts.pause_command_text(view.plan))
        self.panel.show_view(view, self._actions.now())
        self.check_now()
        wanted, self._when_read = self._when_read, None
        if wanted is not None:
            wanted()

    def _read_kept(self, case_id: int) -> None:
        """Read again a case kept for its wrap-up warnings but not shown."""
        view = self._actions.view

        def keep(found: UpdatesView) -> None:
            if case_id in self._views:
                self._views[case_id] = found

        def forget(_exc: CallnotesError) -> None:
            self._views.pop(case_id, None)  # not known now: nothing said about it

        self._host.runner.submit(
            lambda: view(case_id),
            on_result=keep,
            on_error=forget,
            key=("updates-kept", case_id),
            owner=self.panel,
        )

    def _save(self, dialog: QDialog, save: Callable[[int, int | None], object]) -> None:
        """Save what *dialog* asks for on the shown case; it closes once saved, and a refusal
        stays in it with everything typed."""
        case_id = self._case_id
        if case_id is None:
            return
        call_id = self._call_id()
        self._host.runner.submit(
            lambda: save(case_id, call_id),
            on_result=lambda _saved: dialog.accept(),
            on_error=lambda exc: dialog.show_problem(str(exc)),  # type: ignore[attr-defined]
            owner=dialog,
        )

    def _act(self, action: Callable[[], object]) -> None:
        """Run a write off the GUI thread; a problem shows in the banner, the change everywhere
        (through the change notice)."""
        self._host.runner.submit(action, on_error=self._show_problem)

    def _show_problem(self, exc: CallnotesError) -> None:
        self._host.show_message(str(exc))

    def _call_id(self) -> int | None:
        call = self._host.current_call()
        return call.id if call is not None else None

    def _bar(self, name: str) -> NoticeBar:
        bar = NoticeBar(name, self._host.dialog_parent)
        self._host.add_notice(bar)
        bar.follow(self._host.notice_changed)
        return bar

    def _tray_message(self, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            window = self._host.dialog_parent.window()
            icon = window.windowIcon()
            if icon.isNull():
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.messageClicked.connect(self._on_tray_message_clicked)
            self._tray.show()
        self._tray.showMessage(self.tr("callnotes"), text, QSystemTrayIcon.MessageIcon.Warning)

    def _on_tray_message_clicked(self) -> None:
        window = self._host.dialog_parent.window()
        window.showNormal()
        window.raise_()
        window.activateWindow()
        self.log_update()
