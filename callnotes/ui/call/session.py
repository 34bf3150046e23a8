"""The call in progress: which case and call the window follows, started and wrapped up here."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callnotes.domain.calls import CallRecord
from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.common.contact_fields import ContactFields

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.services.calls.intake import CallerCard, StartedCall
    from callnotes.settings import Settings


class CallSession(QObject):
    """Starts, follows and ends calls through the services; widgets listen to its signals."""

    call_started = Signal(object, object)  # CallRecord, CallerCard
    call_resumed = Signal(object, object)  # CallRecord, CallerCard (after a restart)
    call_ended = Signal(object)  # CallRecord
    call_hung_up = Signal(object)  # CallRecord: the phone ended it; wrap-up is still to come

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.call: CallRecord | None = None
        self.card: CallerCard | None = None
        self._card_call_id: int | None = None  # the card outlives its call until case change

    @property
    def call_id(self) -> int | None:
        """The call in progress, or None."""
        return self.call.id if self.call is not None else None

    def start(self, choice: CallChoice) -> StartedCall:
        """Start the call the agent chose in the New call dialog."""
        intake = self._ctx.intake
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
        self.call = started.call
        self._card_call_id = started.call.id
        self.card = intake.card(started.call.id)
        self.call_started.emit(self.call, self.card)
        return started

    def follow_case(self, case_id: int | None) -> None:
        """The window shows *case_id*: pick up its unfinished call, if it has one."""
        if case_id is None or (self.call is not None and self.call.case_id == case_id):
            return
        if self.call is not None:
            return  # a live call on another case stays the call in progress
        try:
            open_call = self._ctx.calls.open_call(case_id)
        except CallnotesError:
            return
        if open_call is not None:
            self.call = open_call
            self._card_call_id = open_call.id
            self.card = self._ctx.intake.card(open_call.id)
            self.call_resumed.emit(self.call, self.card)

    def hang_up(self, talk_seconds: int, hold_seconds: int) -> CallRecord:
        """The phone says the call ended: its end and talk time are recorded now.

        The call stays the one in progress until the agent wraps it up.
        """
        assert self.call is not None
        self.call = self._ctx.calls.hang_up(
            self.call.id, talk_seconds=talk_seconds, hold_seconds=hold_seconds
        )
        self.call_hung_up.emit(self.call)
        return self.call

    def wrap_up(self, talk_seconds: int, hold_seconds: int, missing: list[str]) -> CallRecord:
        """End the call; what was missing (if the agent wrapped up anyway) is recorded."""
        assert self.call is not None
        ended = self._ctx.calls.wrap_up(
            self.call.id, talk_seconds=talk_seconds, hold_seconds=hold_seconds, missing=missing
        )
        self.call = None
        self.call_ended.emit(ended)
        return ended

    def save_contact(self, card: CallerCard, fields: ContactFields) -> CallerCard:
        """Store the client card's form; an unknown caller becomes a contact of the client."""
        clients = self._ctx.clients
        args = {
            "role": fields.role,
            "phones": fields.phones,
            "email": fields.email,
            "preferred_method": fields.preferred_method,
            "best_times": fields.best_times,
        }
        if card.contact is not None:
            clients.update_contact(card.contact.id, name=fields.name, **args)  # type: ignore[arg-type]
        else:
            contact = clients.add_contact(card.client.id, fields.name, **args)  # type: ignore[arg-type]
            if self._card_call_id is not None:
                self._ctx.calls.set_contact(self._card_call_id, contact.id)
        if self._card_call_id is None:
            return card
        self.card = self._ctx.intake.card(self._card_call_id)
        return self.card

    def record(self, case_id: int, call_id: int, text: str, kind: EntryKind) -> EntryRecord:
        """Add an entry the guide writes (for example: "anything else?" was asked)."""
        return self._ctx.timeline.add_entry(case_id, text, kind, call_id=call_id)

    def elapsed(self, now: datetime) -> float:
        """Seconds since the call in progress started."""
        return (now - self.call.started_at).total_seconds() if self.call is not None else 0.0


def caller_label(card: CallerCard) -> str:
    """Who is on the line, for the call bar: "Dana Whitfield, Northwind Logistics"."""
    if card.contact is not None:
        return f"{card.contact.name}, {card.client.name}"
    return card.client.name


def rail_values(
    settings: Settings, card: CallerCard | None, now: datetime | None = None
) -> dict[str, str]:
    """The guide's placeholders: the agent and company, and what the card says.

    Only what is known is given: the guide words each missing value itself. ``away_until``
    (when the usual contact is back, in the client's time zone) is given only while they are
    away at *now* (None: the computer's clock).
    """
    from datetime import UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from PySide6.QtCore import QCoreApplication

    from callnotes.domain.team import short_when

    values = {"agent": settings.agent_name.strip(), "company": settings.company.strip()}
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
