"""Updates and promises: the communication plan, the update log, commitments, telling the team.

Plugs into the call window (see case_tools): the Updates tab, three reminder bars (update due,
promise due, tell the team), the Case menu actions, a timer that checks what is due on the
injected clock, and a tray message once per due time where the desktop has a tray.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QSystemTrayIcon

from callnotes.domain.cadence import CommunicationPlan, due_state
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.reminders import CommitmentReminder
from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.common.notice_bar import NoticeBar
from callnotes.ui.updates import texts
from callnotes.ui.updates.panel import UpdatesPanel, UpdatesView
from callnotes.ui.updates.plan_dialog import PlanChoice, PlanDialog
from callnotes.ui.updates.promise_actions import PromiseActions
from callnotes.ui.updates.tell_team_prompt import TeamTelling
from callnotes.ui.updates.update_dialog import LogUpdateDialog, UpdateDialogSetup, UpdateDraft

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.ui.documents.report_preview import ReportPreviewDialog
    from callnotes.ui.shell.main_window import MainWindow

#: How often the timer looks at the clock.
CHECK_INTERVAL_MS = 30_000


class UpdateTools(QObject):
    """Plugs this area into the call window (see case_tools)."""

    def __init__(self, window: MainWindow, *, check_interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(window)
        self._window = window
        self._ctx: AppContext = window.ctx
        self._case_id: int | None = None
        self._plan: CommunicationPlan | None = None
        self._reminder: CommitmentReminder | None = None
        self._tray: QSystemTrayIcon | None = None
        self._tray_told: set[tuple[int, datetime]] = set()
        self.update_dialog: LogUpdateDialog | None = None
        self.plan_dialog: PlanDialog | None = None
        self.report_dialog: ReportPreviewDialog | None = None

        self.panel = UpdatesPanel(window)
        # Scrolled, so the tab never makes the narrow window taller than the screen allows.
        scroll = QScrollArea(window)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.panel)
        self.tab_index = window.tabs.addTab(scroll, self.tr("Updates"))
        self.due_bar = self._bar(self.tr("Update due"))
        self.due_bar.add_button(
            "log", self.tr("Log update…"), self.tr("Log the update you gave"),
            self.log_update,
        )  # fmt: skip
        self.promise_bar = self._bar(self.tr("Promise due"))
        self.promise_bar.add_button(
            "kept", self.tr("Kept"), self.tr("Mark the promise kept"), self._keep_reminded
        )
        self.promise_bar.add_button(
            "snooze", self.tr("Snooze 15 min"), self.tr("Remind me again in 15 minutes"),
            self._snooze_reminded,
        )  # fmt: skip
        self.telling = TeamTelling(self, self._bar(self.tr("Tell the team")))
        self.tell_bar = self.telling.bar

        menus, case = window.menus, window.menus.case
        case.addSeparator()
        self.show_action = menus.add(
            case, self.tr("&Updates and promises"), "Ctrl+5", self.show_tab
        )
        self.log_action = menus.add(case, self.tr("Lo&g update…"), "Ctrl+U", self.log_update)
        self.plan_action = menus.add(
            case, self.tr("Communication &plan…"), "Ctrl+Shift+P", self.edit_plan
        )
        self.promises = PromiseActions(self)
        self.kept_action = menus.add(
            case, self.tr("Promise &kept"), "Ctrl+K", self.promises.keep_selected
        )
        self.cancel_action = menus.add(
            case, self.tr("Cancel pro&mise…"), "Ctrl+Shift+K", self.promises.cancel_selected
        )
        self.tell_action = menus.add(
            case, self.tr("&Tell the team…"), "Ctrl+Shift+N", self.telling.tell_team
        )
        self.due_bar.name_key("log", self.log_action)
        self.tell_bar.name_key("tell", self.tell_action)
        self.panel.set_plan_action(self.plan_action)

        self.timer = QTimer(self)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check_now)
        window.timeline.entry_added.connect(self._on_timeline_entry_added)
        self.panel.log_requested.connect(self.log_update)
        self.panel.plan_requested.connect(self.edit_plan)
        self.panel.kept_requested.connect(self.promises.keep)
        self.panel.cancel_requested.connect(self.promises.ask_cancel)
        self.panel.edit_requested.connect(self.promises.edit)
        self.panel.acknowledge_requested.connect(self._acknowledge)

    # -- the CaseTool interface -----------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows."""
        if case_id != self._case_id:
            self.telling.forget()
        self._case_id = case_id
        self.reload()
        if case_id is None:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Open promises, an update due, news nobody acknowledged: listed before wrap-up."""
        try:
            plan = self._ctx.plans.plan(case_id)
            ledger = self._ctx.commitments.ledger(case_id)
            notices = self._ctx.team_notices.notices(case_id)
        except CallnotesError:
            return []
        zone = ZoneInfo(plan.timezone)
        return texts.wrap_up_lines(plan, ledger, notices, self._ctx.clock(), zone)

    # -- what is shown ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the shown case's plan, promises, updates and notices again."""
        case_id = self._case_id
        if case_id is None:
            self._plan = None
            self.panel.show_view(None, None)
            self.check_now()
            return
        try:
            view = UpdatesView(
                plan=self._ctx.plans.plan(case_id),
                commitments=self._ctx.commitments.ledger(case_id),
                updates=self._ctx.updates.updates(case_id),
                notices=self._ctx.team_notices.notices(case_id),
            )
        except CallnotesError as exc:
            self._window.banner.show_message(str(exc))
            return
        self._plan = view.plan
        self.panel.show_view(view, self._ctx.clock())
        self.check_now()

    def check_now(self) -> None:
        """Look at the clock: count down, and show or hide the reminder bars."""
        now = self._ctx.clock()
        plan, case_id = self._plan, self._case_id
        if plan is None or case_id is None:
            self.due_bar.dismiss()
            self.promise_bar.dismiss()
            return
        self.panel.tick(now)
        due = plan.next_update_due_at
        if due is not None and due_state(due, now).needs_attention:
            text = texts.due_bar_text(plan, now)
            self.due_bar.show_text(text)
            if (case_id, due) not in self._tray_told:
                self._tray_told.add((case_id, due))
                self._tray_message(text)
        else:
            self.due_bar.dismiss()
        view = self.panel.view
        reminders = [] if view is None else self._ctx.commitments.reminders(case_id, now)
        self._reminder = reminders[0] if reminders else None
        if self._reminder is None:
            self.promise_bar.dismiss()
        else:
            extra = len(reminders) - 1
            text = texts.reminder_text(self._reminder)
            if extra:
                text += self.tr(" (+{n} more)").format(n=extra)
            self.promise_bar.show_text(text)

    @property
    def ctx(self) -> AppContext:
        """The services."""
        return self._ctx

    @property
    def window(self) -> MainWindow:
        """The call window."""
        return self._window

    @property
    def case_id(self) -> int | None:
        """The case shown."""
        return self._case_id

    def tab_shown(self) -> bool:
        """Whether the Updates tab is the one shown."""
        return self._window.tabs.currentIndex() == self.tab_index

    def show_tab(self) -> None:
        """Ctrl+5: the Updates tab, with the promises list ready for the keyboard."""
        self._window.tabs.setCurrentIndex(self.tab_index)
        if self.panel.selected_commitment() is None:
            self.panel.select_commitment(None)
        self.panel.commitments.setFocus()

    # -- logging an update ----------------------------------------------------------------------

    def log_update(self, prefill: dict[str, object] | None = None) -> LogUpdateDialog | None:
        """Ctrl+U: the Log update dialog for the shown case."""
        case_id, plan = self._case_id, self._plan
        if case_id is None or plan is None:
            return None
        if self.update_dialog is not None:
            self.update_dialog.close()
        setup = UpdateDialogSetup(
            read_promise=lambda text: self._ctx.updates.read_promise(case_id, text),
            by_cadence=lambda: self._ctx.updates.next_by_cadence(case_id),
            now=self._ctx.clock,
            zone=ZoneInfo(plan.timezone),
            channel=Channel(plan.channel) if plan.channel else None,
        )
        dialog = LogUpdateDialog(setup, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if prefill:
            dialog.fill(**prefill)  # type: ignore[arg-type]
        dialog.log_requested.connect(lambda draft: self._on_update_drafted(dialog, draft))
        dialog.report_requested.connect(lambda: self._open_status_report(dialog))
        dialog.destroyed.connect(lambda: setattr(self, "update_dialog", None))
        self.update_dialog = dialog
        dialog.open()
        return dialog

    def _on_update_drafted(self, dialog: LogUpdateDialog, draft: UpdateDraft) -> None:
        self._submit(
            dialog,
            lambda case_id: self._ctx.updates.log_update(
                case_id,
                audience=draft.audience,
                channel=draft.channel,
                kind=draft.kind,
                summary=draft.summary,
                next_update_at=draft.next_update_at,
                call_id=self._window.session.call_id,
            ),
        )

    def _submit(self, dialog: LogUpdateDialog | PlanDialog, save: Callable[[int], object]) -> None:
        """Save what *dialog* asks for on the shown case; a refusal stays in the dialog."""
        if self._case_id is None:
            return
        try:
            save(self._case_id)
        except CallnotesError as exc:
            dialog.show_problem(str(exc))
            return
        dialog.accept()
        self.changed()

    def _open_status_report(self, dialog: LogUpdateDialog) -> None:
        """Send the status report as the update: saved or copied, it comes back to be logged."""
        dialog.close()
        preview = self._window.show_documents("status")
        if preview is None:
            return
        self.report_dialog = preview
        preview.document_saved.connect(lambda _path, fmt: self._on_report_sent(preview, fmt))
        preview.document_copied.connect(lambda _kind: self._on_report_sent(preview, "copy"))

    def _on_report_sent(self, preview: ReportPreviewDialog, fmt: str) -> None:
        if preview.kind != "status" or self.update_dialog is not None:
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

    # -- the plan ---------------------------------------------------------------------------------

    def edit_plan(self) -> PlanDialog | None:
        """Ctrl+Shift+P: agree or change the plan; the suggestion and why come first."""
        case_id, plan = self._case_id, self._plan
        if case_id is None or plan is None:
            return None
        try:
            suggestion = self._ctx.plans.suggest(case_id)
        except CallnotesError as exc:
            self._window.banner.show_message(str(exc))
            return None
        dialog = PlanDialog(plan, suggestion, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.plan_chosen.connect(lambda choice: self._on_plan_chosen(dialog, choice))
        self.plan_dialog = dialog
        dialog.open()
        return dialog

    def _on_plan_chosen(self, dialog: PlanDialog, choice: PlanChoice) -> None:
        self._submit(
            dialog,
            lambda case_id: self._ctx.plans.save_plan(
                case_id,
                cadence_minutes=choice.cadence_minutes,
                channel=choice.channel,
                business_hours_only=choice.business_hours_only,
                agreed=choice.agreed,
                call_id=self._window.session.call_id,
            ),
        )

    def _keep_reminded(self) -> None:
        if self._reminder is not None:
            self.promises.keep(self._reminder.commitment.id)

    def _snooze_reminded(self) -> None:
        if self._reminder is not None:
            self.promises.snooze(self._reminder.commitment.id)

    # -- telling the team ------------------------------------------------------------------------

    def _acknowledge(self, notice_id: int) -> None:
        self.act(lambda: self._ctx.team_notices.acknowledge(notice_id))

    def _on_timeline_entry_added(self, entry: EntryRecord) -> None:
        if entry.case_id != self._case_id:
            return
        if entry.kind is EntryKind.NEW_INFORMATION:
            self.telling.prompt(entry)
        if entry.kind is EntryKind.COMMITMENT:
            self.reload()

    # -- helpers ----------------------------------------------------------------------------------

    def act(self, action: Callable[[], object]) -> None:
        """Run a service call; a problem shows in the banner, a success everywhere."""
        try:
            action()
        except CallnotesError as exc:
            self._window.banner.show_message(str(exc))
            return
        self.changed()

    def changed(self) -> None:
        """A change wrote to the timeline and may move the next update: show it everywhere."""
        self._window.timeline.reload()
        self.reload()
        self._window.refresh()

    def _bar(self, name: str) -> NoticeBar:
        bar = NoticeBar(name, self._window.notices)
        self._window.notices.add_notice(bar)
        bar.follow(self._window.notices.notice_changed)
        return bar

    def _tray_message(self, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            icon = self._window.windowIcon()
            if icon.isNull():
                icon = self._window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.messageClicked.connect(self._on_tray_message_clicked)
            self._tray.show()
        self._tray.showMessage(self.tr("callnotes"), text, QSystemTrayIcon.MessageIcon.Warning)

    def _on_tray_message_clicked(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
        self.log_update()
