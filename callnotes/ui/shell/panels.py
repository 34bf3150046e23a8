"""The call window's panels, built on the services and laid out under the call bar.

Loaded only when the window is attached to an open database (``MainWindow.attach``): these
modules and the widgets they build are what the painted frame does not wait for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from callnotes.ui.call.call_bar import CallBar
from callnotes.ui.call.rail import RailActions, RailPanel
from callnotes.ui.call.session import CallSession
from callnotes.ui.cases.header import CaseHeader
from callnotes.ui.cases.list_feed import CaseListFeed
from callnotes.ui.cases.list_model import CaseListActions
from callnotes.ui.clients.card import ClientCard
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.deferred import deferred
from callnotes.ui.common.write_queue import WriteQueue
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.panel import IssuePanel
from callnotes.ui.shell.areas import NoticeArea
from callnotes.ui.timeline.note_sender import NewEntry
from callnotes.ui.timeline.panel import TimelineActions, TimelinePanel

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.domain.timeline import EntryRecord
    from callnotes.ui.shell.main_window import MainWindow


def build_panels(
    window: MainWindow, ctx: AppContext, *, debounce_ms: int, max_wait_ms: int, retry_ms: int
) -> None:
    """Give *window* its session and panels on *ctx*'s services, laid out as its centre."""
    window.changes = ChangeNotice(ctx.subscribe_changes, window)  # the one change notice
    # The note path's writes, in the order typed, on their own thread (the GUI never waits).
    window.writes = WriteQueue(window, retry_ms=retry_ms)
    # A call's start and end go in line with the notes typed on it (the start stored first).
    window.session = CallSession(ctx, window.writes, window.runner, window)
    window.call_bar = CallBar(parent=window)
    window.card = ClientCard(
        window.session.save_contact,
        ctx.clock,
        window,
        runner=window.runner,
        changes=window.changes,
    )
    window.rail = RailPanel(
        RailActions(
            facts=deferred(lambda: ctx.call_facts.facts),  # built at the first call
            load_state=ctx.calls.rail_state,
            save_state=ctx.calls.save_rail_state,
            record=window.session.record,
        ),
        window,
        changes=window.changes,
        runner=window.runner,
        writes=window.writes,
    )

    def add_entry(entry: NewEntry) -> EntryRecord:
        return ctx.timeline.add_note(entry.to_share(), draft_key=entry.draft_key)

    def hold_entry(entry: NewEntry) -> None:
        ctx.timeline.hold_note(entry.to_share(), draft_key=entry.draft_key)

    def share_entry(entry: NewEntry) -> EntryRecord:
        return ctx.timeline.share_note(entry.to_share())

    def release_entry(entry: NewEntry) -> None:
        ctx.timeline.release_note(entry.to_share())

    holds = ctx.keeps_drafts_apart

    window.timeline = TimelinePanel(
        TimelineActions(
            read_entries=ctx.timeline.entries_since,
            add_entry=add_entry,
            amend_entry=ctx.timeline.amend_entry,
            save_draft=ctx.drafts.save_note,
            load_draft=ctx.drafts.load_note,
            notes_to_share=ctx.timeline.notes_to_share,
            now=ctx.clock,
            hold_entry=hold_entry if holds else None,
            share_entry=share_entry if holds else None,
            release_entry=release_entry if holds else None,
        ),
        window,
        debounce_ms=debounce_ms,
        max_wait_ms=max_wait_ms,
        retry_ms=retry_ms,
        writes=window.writes,
        changes=window.changes,
        reads=window.runner,
    )
    window.banner = BannerWidget(window)
    window.notices = NoticeArea(window)  # reminders: update due, escalation waiting, …
    # Built here, after the notices, for its place in the window's tab order (Tab from the
    # list goes on to the tabs). Its first page is read while the rest is built (the read
    # waits in SQLite, the building in Python): the answer is shown once they are.
    window.case_feed = CaseListFeed(
        CaseListActions.from_services(ctx.cases), window.runner, window, changes=window.changes
    )
    window.case_feed.read_first()
    window.case_model = window.case_feed.model
    window.case_list = window.case_feed.view
    window.header = CaseHeader(window)
    window.tabs = QTabWidget(window)
    window.issues = IssuePanel(
        IssueActions.from_services(ctx.issues, ctx.clients, call_id=lambda: window.session.call_id),
        window.runner,
        window,
        changes=window.changes,
        writes=window.writes,  # in line with the notes: the GUI never waits on the database
    )
    _lay_out(window)


def _lay_out(window: MainWindow) -> None:
    tabs = window.tabs
    tabs.setObjectName("mainTabs")
    tabs.setAccessibleName(window.tr("Timeline, issues and cases"))
    # Tabs are reached with Ctrl+1 … Ctrl+5 (View menu), not mnemonics: Alt+letters belong
    # to the menu bar, and a letter shared with a menu makes neither answer.
    tabs.addTab(window.timeline, window.tr("Timeline"))
    tabs.addTab(window.issues, window.tr("Issues"))
    tabs.addTab(window.case_list, window.tr("Cases"))
    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(8, 6, 8, 8)
    layout.setSpacing(6)
    layout.addWidget(window.call_bar)
    layout.addWidget(window.banner)
    layout.addWidget(window.notices)
    layout.addWidget(window.card)
    layout.addWidget(window.rail)
    window.panel_layout = layout  # areas add theirs under the guide (WindowHost.add_panel)
    layout.addWidget(window.header)
    layout.addWidget(tabs, 1)
    window.setCentralWidget(central)
