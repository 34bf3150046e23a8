"""What the call-back area may do, as plain callables: no widget of it sees a service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from callnotes.domain.call_backs import CallBackDraft, CallBackReason, CallBackRecord
from callnotes.domain.calls import CallOutcome

if TYPE_CHECKING:
    from callnotes.app import AppContext


@dataclass(frozen=True)
class CallBacksActions:
    """The use cases behind the call-back queue and the outcome of a call."""

    waiting: Callable[[], Sequence[CallBackRecord]]
    mark_done: Callable[[int], object]
    #: ``record(number, reason, caller_name)``
    record: Callable[[str, CallBackReason, str], CallBackRecord]
    #: ``draft(number or None, case_id or None)``: a call-back by hand, as proposed
    draft: Callable[[str | None, int | None], CallBackDraft]
    #: ``ask(number, reason, due_at, note)``: a call-back by hand, stored
    ask: Callable[[str, CallBackReason, datetime, str], CallBackRecord]
    #: ``caller_of(call_id)``: (contact name or "", client name)
    caller_of: Callable[[int], tuple[str, str]]
    #: ``set_outcome(call_id, outcome)``
    set_outcome: Callable[[int, CallOutcome | None], object]
    now: Callable[[], datetime]

    @classmethod
    def from_context(cls, ctx: AppContext) -> CallBacksActions:
        """Wire every action to the services."""
        return cls(
            waiting=ctx.call_backs.waiting,
            mark_done=ctx.call_backs.mark_done,
            record=lambda number, reason, name: ctx.call_backs.record(
                number, reason, caller_name=name
            ),
            draft=ctx.call_backs.draft,
            ask=lambda number, reason, due_at, note: ctx.call_backs.record(
                number, reason, due_at=due_at, note=note
            ),
            caller_of=ctx.call_backs.caller_of,
            set_outcome=ctx.calls.set_outcome,
            now=ctx.clock,
        )
