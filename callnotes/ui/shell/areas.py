"""The areas of the call window beyond the call itself, built and wired in one place.

Each area (escalation, updates and promises, resolution, investigation, the client, search) is
its own package with the same small interface: built on a host, told which case is shown, and
asked what is still open before a call is wrapped up. The window knows only this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QVBoxLayout, QWidget

from callnotes.ui.call.read_back_area import ReadBackArea
from callnotes.ui.callbacks.area import CallBacksArea
from callnotes.ui.clients.area import ClientArea
from callnotes.ui.cover.area import CoverArea
from callnotes.ui.escalation.area import EscalationArea
from callnotes.ui.resolution.area import ResolutionArea
from callnotes.ui.resolution.investigation_area import InvestigationArea
from callnotes.ui.search.area import SearchArea
from callnotes.ui.team_view.area import TeamViewArea
from callnotes.ui.updates.area import UpdatesArea

if TYPE_CHECKING:
    from collections.abc import Callable

    from callnotes.ui.shell.main_window import MainWindow


class NoticeArea(QWidget):
    """A stack of reminder bars under the call bar (update due, escalation waiting, …)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeArea")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.setVisible(False)  # no room taken until a notice shows

    def add_notice(self, widget: QWidget) -> None:
        """Place *widget* in the stack; it shows and hides itself (see ``notice_changed``)."""
        self._layout.addWidget(widget)
        self.notice_changed()

    def notice_changed(self) -> None:
        """Show the area only while one of its notices is shown."""
        shown = any(
            not w.isHidden() for w in self.findChildren(QWidget) if w.parentWidget() is self
        )
        self.setVisible(shown)


class Area(Protocol):
    """One area of the window beyond the call itself (see ``docs/architecture.md``)."""

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows."""

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """What is still open on *case_id*, listed before a call is wrapped up."""


class Areas:
    """Builds every area for *window*, wires each to the panels, and fans out the shown case.

    This is where areas meet: each is handed the window as a
    :class:`~callnotes.ui.common.host.WindowHost` and speaks to the rest by signals connected
    here, one builder function per area. Built in tab order: Escalation, then Updates.
    """

    def __init__(self, window: MainWindow) -> None:
        self.escalation = _escalation(window)
        self.updates = _updates(window)
        self.resolution = _resolution(window)
        self.read_back = _read_back(window)
        self.investigation = _investigation(window)
        self.client = _client(window, self.escalation)
        self.search = _search(window)
        self.cover = _cover(window)
        self.call_backs = _call_backs(window)
        self.team_view = _team_view(window)
        self._areas: list[Area] = [
            self.escalation,
            self.updates,
            self.resolution,
            self.read_back,
            self.investigation,
            self.client,
            self.search,
            self.cover,
            self.call_backs,
            self.team_view,
        ]

    def show_case(self, case_id: int | None) -> None:
        """Tell every area which case is shown."""
        for area in self._areas:
            area.show_case(case_id)

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Everything still open on *case_id*, from every area."""
        return [line for area in self._areas for line in area.wrap_up_warnings(case_id)]


# -- one builder per area: build it, then wire its signals to the window's panels -----------


def _escalation(window: MainWindow) -> EscalationArea:
    return EscalationArea(window, window.ctx)


def _updates(window: MainWindow) -> UpdatesArea:
    from callnotes.domain.timeline import EntryKind
    from callnotes.ui.timeline.kind_chooser import KIND_SHORTCUTS

    area = UpdatesArea(window, window.ctx)
    area.panel.set_promise_key(KIND_SHORTCUTS[EntryKind.COMMITMENT])
    window.timeline.entry_added.connect(area.entry_added)  # new information: tell the team?

    def open_status_report() -> None:
        preview = window.show_documents("status")
        if preview is None:
            return
        preview.document_saved.connect(lambda _path, fmt: area.report_sent(preview.kind, fmt))
        preview.document_copied.connect(lambda _kind: area.report_sent(preview.kind, "copy"))

    area.status_report_requested.connect(open_status_report)
    return area


def _resolution(window: MainWindow) -> ResolutionArea:
    from callnotes.domain.calls import CallDirection, CallRecord
    from callnotes.domain.playbooks import Playbook
    from callnotes.errors import CallnotesError
    from callnotes.ui.call.new_call_dialog import CallChoice
    from callnotes.ui.call.session import rail_values
    from callnotes.ui.common.write_queue import is_refusal

    def start_call(
        case_id: int, number: str, contact_id: int | None, on_started: Callable[[CallRecord], None]
    ) -> None:
        # In line after the notes; the area walks the call once it is stored.
        def started(call: CallRecord, _card: object) -> None:
            window.session.call_started.disconnect(started)
            on_started(call)

        def failed(error: CallnotesError) -> None:
            if is_refusal(error):
                window.session.call_started.disconnect(started)
            window.show_message(str(error))

        choice = CallChoice(
            number=number,
            caller_name="",
            case_id=case_id,
            contact_id=contact_id,
            direction=CallDirection.OUTBOUND,
        )
        if window.session.start(choice, on_failed=failed):
            window.session.call_started.connect(started)

    area = ResolutionArea(window, window.ctx, start_call=start_call)

    def show_guide(playbook: Playbook, call: CallRecord | None) -> None:
        # The follow-up script for the length of the follow-up call, then the usual guide.
        card = window.session.card if call is not None else None
        values = rail_values(window.ctx.settings, card, window.ctx.clock())
        window.rail.set_playbook(playbook, values)
        if call is not None:
            window.rail.set_call(call.case_id, call.id)
            area.follow_step(window.rail.current)

    area.guide_wanted.connect(show_guide)
    area.panel.advance_requested.connect(window.rail.next_step)
    window.rail.step_changed.connect(area.follow_step)
    window.session.call_ended.connect(area.end_follow_up)
    return area


def _read_back(window: MainWindow) -> ReadBackArea:
    rail = window.rail
    # Under the guide; built after the follow-up box. The confirm key pressed elsewhere names
    # the guide's read-back step.
    area = ReadBackArea(window, window.ctx, lambda: rail.read_back_title)

    def follow(_index: int = 0) -> None:
        step, done, current = rail.current_step, rail.done, rail.current
        area.follow_step(step, current < len(done) and done[current])

    rail.step_changed.connect(follow)
    area.confirmed.connect(rail.confirm_read_back)  # recorded in line with the notes, ticked
    window.session.call_ended.connect(area.end_call)
    return area


def _investigation(window: MainWindow) -> InvestigationArea:
    # The checklist's drafts and findings keep their order with the notes: the same line.
    return InvestigationArea(window, window.ctx, writes=window.writes)


def _cover(window: MainWindow) -> CoverArea:
    # Acknowledgements keep their order with the window's other writes: the same line.
    return CoverArea(window, window.ctx, writes=window.writes)


def _team_view(window: MainWindow) -> TeamViewArea:
    return TeamViewArea(window, window.ctx)


def _client(window: MainWindow, escalation: EscalationArea) -> ClientArea:
    from dataclasses import replace

    card = window.card
    area = ClientArea(window, window.ctx)  # the Client menu
    # The card redraws itself from the notice; with an empty team it names the directory's key.
    card.set_client_actions(replace(area.card_actions, team_action=escalation.team_action))
    area.choose_usual_contact_action.triggered.connect(card.edit_usual_contact)
    return area


def _call_backs(window: MainWindow) -> CallBacksArea:
    from callnotes.domain.call_backs import CallBackRecord
    from callnotes.domain.calls import CallDirection
    from callnotes.ui.call.new_call_dialog import CallChoice

    # The queue is written in line with the notes: a missed ring is stored after them.
    area = CallBacksArea(window, window.ctx, writes=window.writes)

    def call_back(record: CallBackRecord) -> None:
        # An outbound call to the number, started as New call starts one; its start clears
        # the call-back (and any other waiting for the number).
        if window.session.busy:
            window.show_message(
                window.tr("Wrap up the call in progress before calling a client back.")
            )
            return
        choice = CallChoice(
            number=record.number,
            caller_name=record.caller_name,
            case_id=record.case_id,
            contact_id=record.contact_id,  # the caller it was: not a new, unknown one
            client_id=record.client_id if record.case_id is None else None,
            case_title=window.tr("Call back") if record.case_id is None else "",
            direction=CallDirection.OUTBOUND,
        )
        window.session.start(choice, on_failed=lambda error: window.show_message(str(error)))

    area.call_back_requested.connect(call_back)
    window.session.call_ended.connect(area.call_ended)
    return area


def _search(window: MainWindow) -> SearchArea:
    from PySide6.QtCore import QPoint

    from callnotes.domain.cases import CaseSummary

    def cases() -> list[CaseSummary]:  # the cases the list shows, read on the GUI thread
        model = window.case_model
        return [model.case_at(row) for row in range(model.rowCount())]

    def top() -> int:  # under the call bar: the call's time and buttons stay in view
        bar = window.call_bar
        return bar.mapTo(window, QPoint(0, bar.height())).y()

    area = SearchArea(window, window.ctx, cases=cases, top=top)  # View ▸ Find (Ctrl+F)
    area.timeline_wanted.connect(lambda: window.show_tab(window.timeline))
    area.issue_list_focus_wanted.connect(window.issues.list_view.setFocus)
    return area
