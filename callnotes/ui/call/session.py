"""The call in progress: which case and call the window follows, started and wrapped up here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callnotes.domain.calls import CallRecord
from callnotes.domain.cases import CaseSummary
from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.common.bidi import isolated
from callnotes.ui.common.contact_fields import ContactFields
from callnotes.ui.common.write_queue import is_refusal

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.services.calls.intake import CallerCard
    from callnotes.settings import Settings
    from callnotes.ui.common.task_runner import TaskRunner
    from callnotes.ui.common.write_queue import WriteQueue


class CallSession(QObject):
    """Starts, follows and ends calls through the services; widgets listen to its signals."""

    call_started = Signal(object, object)  # CallRecord, CallerCard
    call_resumed = Signal(object, object)  # CallRecord, CallerCard (after a restart)
    call_ended = Signal(object)  # CallRecord
    call_hung_up = Signal(object)  # CallRecord: the phone ended it; wrap-up is still to come

    def __init__(
        self,
        ctx: AppContext,
        writes: WriteQueue,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        """*writes* stores the call's start and end in line with the notes; *runner* reads."""
        super().__init__(parent)
        self._ctx = ctx
        self._writes = writes
        self._runner = runner
        self.call: CallRecord | None = None
        self.card: CallerCard | None = None
        self._card_call_id: int | None = None  # the card outlives its call until case change
        self._following: int | None = None  # the case whose unfinished call is being read
        #: A call's start is in line (not stored yet): no other call starts meanwhile.
        self.starting = False
        self._start_handle: object | None = None  # the start in line (see cancel_start)
        #: The case of the call started last, as read when it was stored.
        self.started_case: CaseSummary | None = None
        #: The call in progress is being wrapped up (the end is in line, not stored yet).
        self.ending = False

    @property
    def call_id(self) -> int | None:
        """The call in progress, or None."""
        return self.call.id if self.call is not None else None

    @property
    def busy(self) -> bool:
        """Whether a call is in progress, or being started."""
        return self.call is not None or self.starting

    def start(
        self,
        choice: CallChoice,
        *,
        on_failed: Callable[[CallnotesError], None] | None = None,
    ) -> bool:
        """Start the call the agent chose in the New call dialog; False if one is being started.

        The start is stored in line with the notes, off the GUI thread: ``call_started`` is
        emitted once it is. *on_failed* hears each failure (a refusal ends the attempt; a
        known problem, the database locked say, is retried until the start is stored).
        """
        if self.starting:
            return False
        intake, cases = self._ctx.intake, self._ctx.cases

        def write() -> tuple[CallRecord, CallerCard, CaseSummary]:
            if choice.case_id is not None:
                started = intake.start_on_case(
                    choice.case_id,
                    contact_id=choice.contact_id,
                    number=choice.number,
                    direction=choice.direction,
                    phone_name=choice.phone_name,
                )
            else:
                started = intake.start_new_case(
                    case_title=choice.case_title,
                    number=choice.number,
                    contact_name=choice.caller_name,
                    client_id=choice.client_id,
                    client_name=choice.client_name,
                    contact_id=choice.contact_id,
                    direction=choice.direction,
                    phone_name=choice.phone_name,
                )
            # The call's case as the list shows it, read with it: the window shows that case
            # at once, before the list is read again (notes typed meanwhile go to it).
            case_id = started.call.case_id
            return started.call, intake.card(started.call.id), cases.get_case(case_id)

        def failed(error: CallnotesError) -> None:
            if is_refusal(error):
                self.starting = False  # out of line: the agent may try again
            if on_failed is not None:
                on_failed(error)

        self.starting = True
        self._start_handle = self._writes.put(write, on_done=self._on_started, on_failed=failed)
        return True

    def cancel_start(self) -> bool:
        """Withdraw the start waiting in line (retried while the database is locked, say):
        True if it will never be stored; False if it is being stored right now, or stored."""
        if not self.starting or not self._writes.withdraw(self._start_handle):
            return False
        self.starting = False
        self._start_handle = None
        return True

    def _on_started(self, started: tuple[CallRecord, CallerCard, CaseSummary]) -> None:
        call, card, self.started_case = started
        self.starting = False
        self.call = call
        self._card_call_id = call.id
        self.card = card
        self.call_started.emit(call, card)

    def follow_case(self, case_id: int | None) -> None:
        """The window shows *case_id*: pick up its unfinished call, if it has one (read off
        the GUI thread; ``call_resumed`` is emitted when it is found)."""
        self._following = case_id
        if case_id is None or self.busy:
            return  # a live call (on this case or another) stays the call in progress
        calls, intake = self._ctx.calls, self._ctx.intake

        def read() -> tuple[CallRecord, CallerCard] | None:
            open_call = calls.open_call(case_id)
            return (open_call, intake.card(open_call.id)) if open_call is not None else None

        self._runner.submit(
            read,
            on_result=lambda found: self._on_open_call(case_id, found),
            on_error=lambda _error: None,  # no call to pick up: the case is shown as it is
            key=("open-call", id(self)),
            owner=self,
        )

    def _on_open_call(self, case_id: int, found: tuple[CallRecord, CallerCard] | None) -> None:
        if found is None or self.busy or self._following != case_id:
            return  # a call started meanwhile, or the window moved on
        self.call, self.card = found
        self._card_call_id = self.call.id
        self.call_resumed.emit(self.call, self.card)

    def hang_up(self, talk_seconds: int, hold_seconds: int) -> None:
        """The phone says the call ended: its end and talk time are stored (in line).

        The call stays the one in progress until the agent wraps it up; ``call_hung_up`` is
        emitted once the end is stored.
        """
        assert self.call is not None
        call_id, calls = self.call.id, self._ctx.calls
        if self.call.ended_at is None:  # hung up now; the stored end replaces this one
            from dataclasses import replace

            self.call = replace(
                self.call,
                ended_at=self._ctx.clock(),
                talk_seconds=talk_seconds,
                hold_seconds=hold_seconds,
                held_since=None,
            )

        def stored(call: CallRecord) -> None:
            if self.call is not None and self.call.id == call.id:
                self.call = call
            self.call_hung_up.emit(call)

        self._writes.put(
            lambda: calls.hang_up(call_id, talk_seconds=talk_seconds, hold_seconds=hold_seconds),
            on_done=stored,
        )

    def wrap_up(
        self,
        talk_seconds: int,
        hold_seconds: int,
        missing: list[str],
        *,
        on_failed: Callable[[CallnotesError], None] | None = None,
    ) -> bool:
        """End the call (in line after the notes); what was missing (if the agent wrapped up
        anyway) is recorded. ``call_ended`` is emitted, and the call is None, once stored.
        False if there is no call, or its end is in line already."""
        if self.call is None or self.ending:
            return False
        call_id, calls = self.call.id, self._ctx.calls

        def stored(ended: CallRecord) -> None:
            self.ending = False
            if self.call is not None and self.call.id == ended.id:
                self.call = None
            self.call_ended.emit(ended)

        def failed(error: CallnotesError) -> None:
            if is_refusal(error):
                self.ending = False  # the call stays in progress: it may be wrapped up again
            if on_failed is not None:
                on_failed(error)

        self.ending = True
        self._writes.put(
            lambda: calls.wrap_up(
                call_id, talk_seconds=talk_seconds, hold_seconds=hold_seconds, missing=missing
            ),
            on_done=stored,
            on_failed=failed,
        )
        return True

    def save_contact(self, card: CallerCard, fields: ContactFields) -> CallerCard:
        """Store the client card's form (run off the GUI thread: the session is not changed
        here, the window takes the card it returns); an unknown caller becomes a contact.

        *card* is the card as the agent found it when they opened the form: a detail a
        colleague changed since keeps theirs, and the agent's is kept on the case's timeline
        (the card returned says so in ``kept_beside``).
        """
        call_id = self._card_call_id
        clients = self._ctx.clients
        args = {
            "role": fields.role,
            "phones": fields.phones,
            "email": fields.email,
            "preferred_method": fields.preferred_method,
            "best_times": fields.best_times,
        }
        if card.contact is not None:
            contact = clients.update_contact(
                card.contact.id,
                name=fields.name,
                started_from=card.contact,
                case_id=card.case_id,
                **args,  # type: ignore[arg-type]
            )
        else:
            contact = clients.add_contact(card.client.id, fields.name, **args)  # type: ignore[arg-type]
            if call_id is not None:
                self._ctx.calls.set_contact(call_id, contact.id)
        if call_id is None:
            stored = replace(card, contact=contact)
        else:
            stored = self._ctx.intake.card(call_id)
        return replace(stored, kept_beside=tuple(s for _f, s in contact.kept_beside))

    def record(self, case_id: int, call_id: int, text: str, kind: EntryKind) -> EntryRecord:
        """Add an entry the guide writes (for example: "anything else?" was asked)."""
        return self._ctx.timeline.add_entry(case_id, text, kind, call_id=call_id)

    def elapsed(self, now: datetime) -> float:
        """Seconds since the call in progress started."""
        return (now - self.call.started_at).total_seconds() if self.call is not None else 0.0

    def on_hold_for(self, now: datetime) -> float | None:
        """Seconds the caller of the call in progress has been on hold, as last kept (None:
        not on hold)."""
        if self.call is None or self.call.held_since is None:
            return None
        return (now - self.call.held_since).total_seconds()

    def keep_hold(self, hold_seconds: int, on_hold: bool) -> None:
        """The agent put the caller on hold (*on_hold*) or took them off it, with
        *hold_seconds* of holds ended: kept on the call (in line), so that a crash does not
        count the hold as talk."""
        if self.call is None or self.call.ended_at is not None:
            return
        held_since = self._ctx.clock() if on_hold else None
        self.call = replace(self.call, hold_seconds=hold_seconds, held_since=held_since)
        call_id, calls = self.call.id, self._ctx.calls
        self._writes.put(
            lambda: calls.keep_hold(call_id, hold_seconds=hold_seconds, held_since=held_since),
            merge=("hold", call_id),  # each write keeps the whole hold: the last one will do
        )


def caller_label(card: CallerCard) -> str:
    """Who is on the line, for the call bar: "Dana Whitfield, Northwind Logistics" (each name
    isolated: a right-to-left name must not reorder the other or the bar's words)."""
    if card.contact is not None and not card.client.is_client(card.contact):
        return f"{isolated(card.contact.name)}, {isolated(card.client.name)}"
    return isolated(card.client.name)  # nobody named yet, or the client in person


def rail_values(
    settings: Settings,
    card: CallerCard | None,
    now: datetime | None = None,
    *,
    outbound: bool = False,
) -> dict[str, str]:
    """The guide's placeholders: the agent and company, and what the card says; and, for the
    wording of the steps, whether the agent placed the call (*outbound*).

    Only what is known is given: the guide words each missing value itself. ``away_until``
    (when the usual contact is back, in the client's time zone) is given only while they are
    away at *now* (None: the computer's clock).
    """
    from datetime import UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from PySide6.QtCore import QCoreApplication

    from callnotes.domain.playbooks import DIRECTION_VALUE
    from callnotes.domain.team import short_when

    values = {"agent": settings.agent_name.strip(), "company": settings.company.strip()}
    if outbound:
        values[DIRECTION_VALUE] = "outbound"
    if card is not None:
        values["client"] = card.client.name
        values["caller"] = card.contact.name if card.contact else ""
        usual = card.client.usual_contact
        moment = now if now is not None else datetime.now(UTC)
        if usual is not None:
            values["usual_contact"] = usual.name
            if usual.is_away(moment) and usual.away_until is not None:
                values["away_reason"] = usual.away_reason
                try:
                    zone = ZoneInfo(card.client.timezone)
                except (ZoneInfoNotFoundError, ValueError, OSError):
                    zone = None
                same_day = (
                    usual.away_until.astimezone(zone).date() == moment.astimezone(zone).date()
                )
                if same_day:
                    back = QCoreApplication.translate("CallSession", "at {when}")
                else:
                    back = QCoreApplication.translate("CallSession", "on {when}")
                values["away_until"] = back.format(when=short_when(usual.away_until, moment, zone))
    return {name: value for name, value in values.items() if value}
