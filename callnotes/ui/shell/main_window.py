"""The call window: a thin shell that lays out the panels and wires their actions.

It starts as a light frame (title, geometry, "Opening…") that paints at once, shows the first
look at the case while the database opens (``first_look.py``), and ``attach`` then builds the
panels on the open database. Dialogs and panels are imported when first needed, so the frame
waits for none of them, nor for SQLAlchemy or Jinja2 behind them. A call's course through the
panels is ``call_flow.py``'s.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSettings, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from callnotes.domain.changes import Changes, Part
from callnotes.errors import CallnotesError, ServerUnreachableError
from callnotes.ui.common.autosave import DEBOUNCE_MS, MAX_WAIT_MS, RETRY_MS
from callnotes.ui.shell.window_state import WindowState

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QListView, QMenu, QTabWidget, QVBoxLayout

    from callnotes.app import AppContext
    from callnotes.domain.calls import CallRecord
    from callnotes.domain.cases import CaseSummary, FirstLook
    from callnotes.settings import Settings
    from callnotes.ui.call.call_bar import CallBar
    from callnotes.ui.call.new_call_dialog import NewCallDialog
    from callnotes.ui.call.rail import RailPanel
    from callnotes.ui.call.session import CallSession
    from callnotes.ui.cases.header import CaseHeader
    from callnotes.ui.cases.list_feed import CaseListFeed
    from callnotes.ui.cases.list_model import CaseListModel
    from callnotes.ui.clients.card import ClientCard
    from callnotes.ui.common.banner import BannerWidget
    from callnotes.ui.common.change_notice import ChangeNotice
    from callnotes.ui.common.host import MenuName
    from callnotes.ui.common.task_runner import TaskRunner
    from callnotes.ui.common.write_queue import WriteQueue
    from callnotes.ui.documents.report_preview import ReportPreviewDialog
    from callnotes.ui.documents.templates_dialog import TemplatesDialog
    from callnotes.ui.issues.panel import IssuePanel
    from callnotes.ui.shell.areas import Areas, NoticeArea
    from callnotes.ui.shell.call_flow import CallFlow
    from callnotes.ui.shell.cheat_sheet import CheatSheetDialog
    from callnotes.ui.shell.first_look import KeepDraft, LookDraft
    from callnotes.ui.shell.menus import WindowMenus
    from callnotes.ui.shell.opening_problem import OpeningProblem
    from callnotes.ui.shell.settings_dialog import SettingsDialog
    from callnotes.ui.timeline.panel import TimelinePanel

_DEFAULT_SIZE = (440, 900)  # narrow: it sits beside a softphone
TIMELINE_TAB, ISSUES_TAB, CASES_TAB = 0, 1, 2


class MainWindow(QMainWindow):
    """Call bar, client card, guide, then the case's timeline (and the case list in a tab)."""

    attached = Signal()  # the panels are built; the case list is being read
    #: Once, after attach: the window shows its first case with its timeline (or has no case,
    #: or could not read them and says why).
    filled = Signal()

    # Built by attach() (see callnotes/ui/shell/panels.py).
    session: CallSession
    call_bar: CallBar
    card: ClientCard
    rail: RailPanel
    timeline: TimelinePanel
    banner: BannerWidget
    notices: NoticeArea
    case_feed: CaseListFeed
    case_model: CaseListModel
    case_list: QListView
    header: CaseHeader
    tabs: QTabWidget
    runner: TaskRunner
    issues: IssuePanel
    menus: WindowMenus
    areas: Areas
    call_flow: CallFlow
    changes: ChangeNotice
    writes: WriteQueue
    panel_layout: QVBoxLayout

    def __init__(
        self,
        ctx: AppContext | None = None,
        *,
        state: QSettings | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        retry_ms: int = RETRY_MS,
        parent: QWidget | None = None,
    ) -> None:
        """The frame; with *ctx*, attached to it at once (see :meth:`attach`)."""
        super().__init__(parent)
        self._ctx: AppContext | None = None
        self._let_go = False  # the database was found damaged: nothing more is read or written
        self._timing = {"debounce_ms": debounce_ms, "max_wait_ms": max_wait_ms}
        self._timing["retry_ms"] = retry_ms
        self.window_state = WindowState(self, state if state is not None else QSettings())
        self.setWindowTitle(self.tr("callnotes"))
        self._placeholder = QLabel(self.tr("Opening…"), self)
        self._look_draft: LookDraft | None = None  # the first look's draft, and its saves
        # Typed at the bare frame, before the look or the panels could take it: theirs when
        # they come (None once the frame says why nothing comes).
        self._typed_early: str | None = ""
        self._placeholder.setObjectName("openingPlaceholder")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self.setCentralWidget(self._placeholder)
        self._opening_problem: OpeningProblem | None = None
        # Full height beside the softphone, but never taller than the screen: on a 768 px
        # laptop a 900 px window put the note editor below the bottom edge.
        available = self.screen().availableGeometry()
        self.resize(
            min(_DEFAULT_SIZE[0], available.width()), min(_DEFAULT_SIZE[1], available.height())
        )
        # Placed now, before the first paint: changing the on-top flag later re-maps the window.
        remembered = QAction(self)
        remembered.setCheckable(True)
        self.window_state.restore(remembered)
        self._on_top = remembered.isChecked()
        if self._on_top:
            self.window_state.set_always_on_top(True)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Build the panels on *ctx*'s services, wire them and load the case list (once)."""
        from callnotes.ui.shell.areas import Areas
        from callnotes.ui.shell.menus import WindowMenus
        from callnotes.ui.shell.panels import build_panels

        if self._ctx is not None:
            raise RuntimeError("the window is attached already")
        self._ctx = ctx
        from callnotes.ui.common.task_runner import TaskRunner

        self.runner = TaskRunner(self)  # the one runner for slow work in this window
        self._unreachable_said = ""  # the banner's "cannot be reached", to take back
        look_draft = self._look_draft if self._shows_first_look() else None
        build_panels(self, ctx, **self._timing)  # the case list's first page read meanwhile
        if look_draft is not None:  # what the look's editor holds, and its draft's saves
            self.timeline.adopt_typing(look_draft.case_id, look_draft.shown, look_draft.when_stored)
        elif self._typed_early:  # kept for the first case shown, after its saved draft
            self.timeline.note_input.setText(self._typed_early)
        self._typed_early = None
        self._opening_problem = None  # replaced by the panels (and deleted with its buttons)
        self.menus = WindowMenus(self)
        with QSignalBlocker(self.menus.always_on_top):  # the flag was set with the frame
            self.menus.always_on_top.setChecked(self._on_top)
        self.areas = Areas(self)
        from callnotes.ui.shell.alt_keys import install_alt_keys
        from callnotes.ui.shell.dialog_fit import install_dialog_fit
        from callnotes.ui.shell.focus_frames import install_focus_frames
        from callnotes.ui.shell.focus_return import FocusReturn
        from callnotes.ui.shell.type_ahead import install_type_ahead
        from callnotes.ui.shell.wheel_guard import install_wheel_guard

        # These watch every event of the application, so they start with the panels, after the
        # frame has painted: installed before, they cost start-up a tenth of its time.
        self.focus_return = FocusReturn(self, self.focus_editor, self.tabs)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_wheel_guard(app)  # the wheel scrolls forms, never changes a field unfocused
            install_focus_frames(app)  # a frame shows where the keys go, however it got there
            install_type_ahead(app)  # "United K" finds the United Kingdom in a list
            install_dialog_fit(app)  # no dialog cuts its own text
            install_alt_keys(app)  # an Alt key no menu takes is refused, not typed
        self._connect()
        self._load_playbook()
        self.attached.emit()

    def show_first_look(self, look: FirstLook, keep: KeepDraft) -> None:
        """Show *look* — the case the window opens on — until the panels take its place
        (nothing once they have, or once the frame says why it stays empty); what is typed at
        it is kept as the case's draft by *keep*."""
        from callnotes.ui.shell.first_look import FirstLookView, LookDraft

        if self._ctx is not None or self._let_go or self.centralWidget() is not self._placeholder:
            return
        self.takeCentralWidget()  # kept: said again if the database cannot be opened
        # The window's: its saves go on after the look is gone.
        self._look_draft = LookDraft(look.case.id, look.draft, keep, self)
        view = FirstLookView(look, self._look_draft, self, top=self.window_state.case_top)
        if self._typed_early:  # after the draft, where the cursor is
            view.editor.insertPlainText(self._typed_early)
        self._typed_early = ""
        self.setCentralWidget(view)
        self.setWindowTitle(self.tr("{case} — callnotes").format(case=look.case.title))
        view.setFocus(Qt.FocusReason.OtherFocusReason)  # the agent may type at once

    def _shows_first_look(self) -> bool:
        from callnotes.ui.shell.first_look import FirstLookView

        return isinstance(self.centralWidget(), FirstLookView)

    def show_opening_problem(self, text: str) -> None:
        """Say in the frame why it stays empty (the database could not be opened)."""
        self._typed_early = None
        if self._opening_problem is not None:
            self._opening_problem.show_problem(text, retry=False)
            return
        self._placeholder.setText(text)
        if self.centralWidget() is not self._placeholder:  # a first look: no longer so
            self.setCentralWidget(self._placeholder)
            self.setWindowTitle(self.tr("callnotes"))

    def team_database_problem(self) -> OpeningProblem:
        """The banner and buttons shown in the frame while the team database cannot be
        opened (made the first time; the panels replace it once the database opens)."""
        if self._opening_problem is None:
            from callnotes.ui.shell.opening_problem import OpeningProblem

            self._opening_problem = OpeningProblem(self)
            self.setCentralWidget(self._opening_problem)  # the "Opening…" label goes
        return self._opening_problem

    # -- public API -------------------------------------------------------------------------

    @property
    def ctx(self) -> AppContext:
        """The services this window works with (once attached)."""
        if self._ctx is None:
            raise RuntimeError("the window is not attached to a database yet")
        return self._ctx

    @property
    def is_attached(self) -> bool:
        """Whether the panels are built (see :meth:`attach`)."""
        return self._ctx is not None

    @property
    def header_text(self) -> str:
        """The shown case's title and client line."""
        return self.header.text

    @property
    def saved_edge(self) -> str:
        """The screen edge the window was last docked to, or an empty string."""
        return self.window_state.edge

    @property
    def cases_listed(self) -> bool:
        """Whether the case list has been read (its first page: the rest is read as it is
        scrolled, see :class:`~callnotes.ui.cases.list_feed.CaseListFeed`)."""
        return self.is_attached and self.case_feed.listed

    def refresh(self) -> None:
        """F5: read the case list and the shown timeline again (off the GUI thread), keeping
        the chosen case and what is being typed."""
        self.case_feed.read_again()
        self.timeline.reload()

    def select_case(self, case_id: int, if_missing: Callable[[], None] | None = None) -> bool:
        """Show *case_id*: at once when it is in the list (True); else once it has been read,
        off the GUI thread, and put in the list at its place in the order (a case opened a
        moment ago, or an old one found by a search: the pages before it come in as the list
        is scrolled), or *if_missing* if it does not exist (erased meanwhile)."""
        return self.case_feed.select_case(case_id, if_missing)

    def new_call(self, number: str | None = None) -> NewCallDialog:
        """Open the New call dialog, with a number from the clipboard if there is one."""
        return self.call_flow.new_call(number)

    def wrap_up(self) -> None:
        """End the call: first list what the guide says is missing, if anything."""
        self.call_flow.wrap_up()

    def show_settings(self, *, first_run: bool = False) -> SettingsDialog:
        """Open Settings (or the first-run questions)."""
        from callnotes.ui.shell.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx.settings, first_run=first_run, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_chosen.connect(self._on_settings_chosen)
        if not first_run:
            from callnotes.recovery import backups_of

            ctx = self.ctx
            self.runner.submit(  # a listing of the backups folder: off the GUI thread too
                lambda: backups_of(ctx),
                on_result=dialog.show_backup_usage,
                on_error=lambda error: dialog.backup_usage.setText(str(error)),
                owner=dialog,
            )
        dialog.open()
        return dialog

    def show_documents(self, kind: str = "status") -> ReportPreviewDialog | None:
        """Preview, print, save or send the documents of the shown case."""
        case_id = self.shown_case_id()
        if case_id is None:
            return None
        self.flush()  # a document must include what was just typed
        from callnotes.ui.documents.dialogs import DocumentActions, open_documents

        actions = DocumentActions.from_services(
            self.ctx.documents, self.ctx.settings.default_region
        )
        return open_documents(actions, case_id, kind, self.runner, self.changes, self)

    def show_templates(self) -> TemplatesDialog:
        """The user's report templates folder."""
        from callnotes.ui.documents.dialogs import TemplateActions, open_templates

        actions = TemplateActions.from_services(self.ctx.documents, self.ctx.paths.templates_dir)
        return open_templates(actions, self)

    def show_cheat_sheet(self) -> CheatSheetDialog:
        """F1: every shortcut."""
        from callnotes.ui.shell.cheat_sheet import CheatSheetDialog

        dialog = CheatSheetDialog(self.menus.all_actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def set_always_on_top(self, on: bool) -> None:
        """Keep the window above the softphone (not available under Wayland)."""
        self.window_state.set_always_on_top(on)

    def dock_to(self, edge: str) -> None:
        """Dock to the left or right screen edge, full height; remembered for next time."""
        self.window_state.dock_to(edge)

    def flush(self) -> bool:
        """Save everything being typed (the note draft, the issue being edited), waiting a
        little for the notes in line; False when something is not stored yet (it is retried)."""
        if self._ctx is None or self._let_go:
            return True  # nothing can have been typed yet, or nothing more can be stored
        self.issues.flush()
        return self.timeline.flush()

    def focus_editor(self) -> None:
        """Put the cursor back where the agent types."""
        self.tabs.setCurrentIndex(TIMELINE_TAB)
        self.timeline.note_input.setFocus()

    # -- the host every area is given (callnotes.ui.common.host.WindowHost) ----------------

    @property
    def dialog_parent(self) -> QWidget:
        """Dialogs and message boxes open over the window."""
        return self

    def add_tab(self, widget: QWidget, title: str) -> None:
        """Add an area's tab after those already there."""
        self.tabs.addTab(widget, title)

    def show_tab(self, widget: QWidget) -> None:
        """Bring *widget*'s tab to the front."""
        self.tabs.setCurrentWidget(widget)

    def tab_shown(self, widget: QWidget) -> bool:
        """Whether *widget*'s tab is in front."""
        return self.tabs.currentWidget() is widget

    def add_panel(self, widget: QWidget) -> None:
        """Place an area's panel right under the call guide."""
        self.panel_layout.insertWidget(self.panel_layout.indexOf(self.rail) + 1, widget)

    def add_notice(self, widget: QWidget) -> None:
        """Place a reminder bar in the notice area."""
        self.notices.add_notice(widget)

    def notice_changed(self) -> None:
        """A reminder bar showed or hid itself."""
        self.notices.notice_changed()

    def menu(self, name: MenuName) -> QMenu:
        """One of the window's menus."""
        return self.menus.by_name(name)

    def add_command(
        self, menu: MenuName | QMenu, text: str, keys: str, slot: Callable[[], object] | None
    ) -> QAction:
        """Add a command to a menu, with keys that work anywhere in the window."""
        target = self.menu(menu) if isinstance(menu, str) else menu
        return self.menus.add(target, text, keys, slot)

    def command(self, name: str) -> QAction:
        """A command of the window by name (``wrap_up``, ``edit_card``, …)."""
        found = getattr(self.menus, name, None)
        if not isinstance(found, QAction):
            raise KeyError(name)
        return found

    def show_message(self, text: str) -> None:
        """Say *text* in the banner."""
        self.banner.show_message(text)

    def clear_message(self, text: str) -> None:
        """Take *text* out of the banner if it still says it."""
        if text and self.banner.text() == text:
            self.banner.clear()

    def shown_case_id(self) -> int | None:
        """The case the window shows."""
        return self.case_feed.chosen_case_id()

    def current_call(self) -> CallRecord | None:
        """The call in progress."""
        return self.session.call

    def show_entry(self, entry_id: int, if_missing: Callable[[], None]) -> None:
        """The Timeline tab, with *entry_id* selected (once read); else *if_missing*."""
        self.tabs.setCurrentIndex(TIMELINE_TAB)
        self.timeline.select_entry(entry_id, if_missing)

    def show_issue(self, issue_id: int, if_missing: Callable[[], None]) -> None:
        """The Issues tab, with *issue_id* selected (once read); else *if_missing*."""
        self.tabs.setCurrentIndex(ISSUES_TAB)
        self.issues.select_issue(issue_id, if_missing)

    def let_go(self) -> None:
        """Stop reading and writing at once, keeping nothing in line: the database is about to
        be set aside (found damaged). Closing the window then saves only its place."""
        if self._ctx is None or self._let_go:
            return
        self._let_go = True
        self.timeline.shutdown_local()
        self.writes.shutdown()
        self.runner.shutdown()
        self.changes.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """The keys of text typed at the bare frame — the window is there, nothing in it takes
        keys yet — are kept for the note editor that comes (the first look's, or the panels')."""
        if self._typed_early is None or self.centralWidget() is not self._placeholder:
            super().keyPressEvent(event)
            return
        if event.key() == Qt.Key.Key_Backspace:
            self._typed_early = self._typed_early[:-1]
        elif (text := event.text()) and text.isprintable():
            self._typed_early += text
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Save the draft and the window's place before closing."""
        if self._look_draft is not None:  # typed at the first look: stored before anything
            from callnotes.ui.common.write_queue import CLOSE_WAIT_MS, HANG_UP_AFTER_MS

            self._look_draft.drain(CLOSE_WAIT_MS)
            self._look_draft.line.shutdown(HANG_UP_AFTER_MS)
        if self._ctx is not None and not self._let_go:
            from callnotes.ui.common.write_queue import CLOSE_WAIT_MS, HANG_UP_AFTER_MS

            waits = bool(self.writes.pending)
            if waits:
                # The wait below may last seconds (a team database that does not answer): the
                # window says what it waits for, drawn now, as the loop no longer runs.
                self.banner.show_message(
                    self.tr("Closing: storing what was typed (a few seconds at most)…")
                )
                self.banner.repaint()
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            # One wait for everything in line (the notes past a busy timeout), not one each.
            deadline = time.monotonic() + CLOSE_WAIT_MS / 1000
            self.issues.flush(CLOSE_WAIT_MS)
            self.timeline.flush(_left_ms(deadline))
            self.timeline.shutdown_local()
            deadline = time.monotonic() + HANG_UP_AFTER_MS / 1000
            ended = self.writes.shutdown(HANG_UP_AFTER_MS)
            ended = self.runner.shutdown(_left_ms(deadline)) and ended
            if not ended:
                # Waiting on a team database that never answers (packets dropped): what was
                # being written is kept on this computer; the line is hung up, not waited on.
                self._ctx.hang_up()
                self.writes.shutdown()
                self.runner.shutdown()
            self.changes.close()
            if waits:  # the cursor set above, not another one
                QApplication.restoreOverrideCursor()
        top = self.header.mapTo(self, QPoint(0, 0)).y() if self._ctx is not None else 0
        if top > 0:  # where the next start's first look shows the case (0: not laid out yet)
            self.window_state.remember_case_top(top)
        self.window_state.save()
        super().closeEvent(event)

    # -- reactions ---------------------------------------------------------------------------

    def _try_team_database(self, url: str) -> None:
        """The team database just set is tried at once (off the GUI thread): that it cannot
        be reached is said now, not found at the next start."""
        self.banner.show_message(self.tr("Trying the team database…"))
        reach = self.ctx.reach_database

        def answered(_none: None) -> None:
            self.banner.show_message(
                self.tr("The team database answers: it is used from the next start of callnotes.")
            )

        def failed(error: CallnotesError) -> None:
            self.banner.show_message(
                self.tr(
                    "Saved, but {problem} Until it answers, callnotes cannot open its data at "
                    "the next start: check the address in Settings (Ctrl+,), or empty it to "
                    "keep the data on this computer."
                ).format(problem=str(error).rstrip(".") + ".")
            )

        self.runner.submit(
            lambda: reach(url), on_result=answered, on_error=failed, key="reach-team-database"
        )

    def _on_card_problem_withdrawn(self, refusal: str) -> None:
        self.clear_message(refusal)  # the agent is correcting it: the old complaint goes

    def _on_settings_chosen(self, settings: Settings) -> None:
        before = self.ctx.settings.team_database
        try:
            self.ctx.settings_store.save(settings)
        except (OSError, CallnotesError) as exc:
            self.banner.show_message(self.tr("Settings not saved: {reason}").format(reason=exc))
            return
        if settings.team_database != before:
            if settings.team_database:
                self._try_team_database(settings.team_database)
            else:
                self.banner.show_message(
                    self.tr("From the next start, callnotes keeps its data on this computer.")
                )
        from callnotes.ui.shell.theme import apply_theme

        app = QGuiApplication.instance()
        if app is not None:
            apply_theme(app, settings.theme)  # type: ignore[arg-type]
        self.rail.set_values(self.call_flow.placeholders(self.session.card))

    def _on_case_feed_first_page_listed(self, any_case: bool) -> None:
        if any_case:  # its first case is being shown: filled once its timeline is read
            self.timeline.case_read.connect(
                lambda _case: self.filled.emit(), Qt.ConnectionType.SingleShotConnection
            )
        else:
            self.filled.emit()

    def _on_task_failed(self, _ticket: int, error: object) -> None:
        if isinstance(error, ServerUnreachableError):
            self._unreachable_said = str(error)

    def _on_changes_changed(self, changes: Changes) -> None:
        if changes.touches(Part.CONNECTION) and self._unreachable_said:
            # The server answers again: the banner no longer says it cannot be reached.
            self.clear_message(self._unreachable_said)
            self._unreachable_said = ""
        shown = self.shown_case_id()
        if shown is not None and changes.touches(Part.PRESENCE, case_id=shown):
            self.header.show_company(self.ctx.others_on(shown))  # from memory: no query

    def _show_header(self, case: CaseSummary | None) -> None:
        self.header.show_case(case)
        if case is None:
            self.setWindowTitle(self.tr("callnotes"))
        else:
            self.setWindowTitle(self.tr("{case} — callnotes").format(case=case.title))

    def _show_case(self, case: CaseSummary | None) -> None:
        self._show_header(case)
        self.ctx.here(case.id if case is not None else None)  # told to the other desktops
        self.header.show_company(self.ctx.others_on(case.id) if case is not None else [])
        if self.session.call is None and (
            self.card.card is None or case is None or self.card.card.case_id != case.id
        ):
            self.card.show_card(None)
        self.timeline.show_case(case.id if case is not None else None)
        self.issues.show_case(case.id if case is not None else None)
        self.session.follow_case(case.id if case is not None else None)
        self.areas.show_case(case.id if case is not None else None)

    # -- helpers -----------------------------------------------------------------------------

    def _load_playbook(self) -> None:
        from callnotes.ui.shell.menus import guide_commands

        self.rail.set_commands(guide_commands(self))  # {key:…} in the guide: the real keys
        try:
            playbook = self.ctx.playbooks.get()
        except ValueError as exc:
            self.banner.show_message(str(exc))
            return
        self.rail.set_playbook(playbook, self.call_flow.placeholders(None))
        for problem in self.ctx.playbooks.problems:
            self.banner.show_message(problem)

    def _connect(self) -> None:
        # Notes kept on this computer (a team database out of reach last time) go first.
        self.filled.connect(self.timeline.send_kept_notes, Qt.ConnectionType.SingleShotConnection)
        self.case_feed.case_chosen.connect(self._show_case)
        self.case_feed.chosen_case_read.connect(self._show_header)
        self.case_feed.first_page_listed.connect(self._on_case_feed_first_page_listed)
        self.case_feed.problem.connect(self.banner.show_message)
        from callnotes.ui.shell.call_flow import CallFlow

        self.call_flow = CallFlow(self)  # the call bar's buttons, the session's start and end
        self.timeline.editor_wanted.connect(self.focus_editor)
        self.card.editing_finished.connect(self.focus_editor)
        self.card.problem.connect(self.banner.show_message)
        self.card.problem_withdrawn.connect(self._on_card_problem_withdrawn)
        self.rail.problem.connect(self.banner.show_message)
        self.case_list.activated.connect(lambda _index: self.focus_editor())
        self.issues.seen_before_activated.connect(lambda match: self.select_case(match.case_id))
        # Every view redraws from the one change notice (the timeline, the issues, the guide,
        # the client card and the case list connect to it themselves); the shell keeps who
        # else is on the shown case.
        self.changes.changed.connect(self._on_changes_changed)
        self.runner.task_failed.connect(self._on_task_failed)


def _left_ms(deadline: float) -> int:
    """Milliseconds until *deadline* (a ``time.monotonic()`` reading), at least 0."""
    return max(0, int((deadline - time.monotonic()) * 1000))
