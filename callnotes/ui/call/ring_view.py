"""What the ringing card shows, and the ways it offers to take the call (no widgets here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from callnotes.domain.cover import ClientCover
from callnotes.domain.people import ClientRecord
from callnotes.services.calls.intake import CallerOption, CaseNews
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.common.case_labels import open_issues_label, status_label

RINGING, ANSWERED, MISSED = "ringing", "answered", "missed"
MAX_CASES = 3  # more would push the card over the notes; the rest are one click away


@dataclass(frozen=True)
class RingingView:
    """Everything the card shows about one ringing call."""

    state: str
    number: str  # E.164 when callnotes can use it, else as the phone sent it
    display_number: str
    phone_name: str  # the name the softphone showed, if any
    usable: bool  # whether the number can start a call
    callers: tuple[CallerOption, ...] = ()
    client: ClientRecord | None = None
    news: Mapping[int, CaseNews] = field(default_factory=dict)
    outbound: bool = False
    at: datetime | None = None
    busy: bool = False  # another call is in progress
    # The client's usual contact is away: the cover brief's part for this client, shown first.
    cover: ClientCover | None = None


@dataclass(frozen=True)
class RingChoice:
    """One way to take the call, as the card offers it."""

    label: str
    detail: str
    choice: CallChoice


def ring_choices(view: RingingView, tr: Callable[[str], str]) -> list[RingChoice]:
    """The open cases of the caller(s), most recently active first, then a new case."""
    choices: list[RingChoice] = []
    several = len(view.callers) > 1
    for option in view.callers:
        who = f" · {option.contact.name}" if several else ""
        for case in option.open_cases:
            detail = tr("{status} · {issues}").format(
                status=status_label(case.status), issues=open_issues_label(case.open_issue_count)
            )
            choices.append(
                RingChoice(
                    case.title + who,
                    detail,
                    CallChoice(
                        number=view.number,
                        caller_name=option.contact.name,
                        case_id=case.id,
                        contact_id=option.contact.id,
                        client_id=option.client_id,
                        phone_name=view.phone_name,
                    ),
                )
            )
    choices = choices[:MAX_CASES]
    for option in view.callers[:2]:
        choices.append(
            RingChoice(
                tr("New case for {client}").format(client=option.client_name)
                + (f" · {option.contact.name}" if several else ""),
                "",
                CallChoice(
                    number=view.number,
                    caller_name=option.contact.name,
                    contact_id=option.contact.id,
                    client_id=option.client_id,
                    phone_name=view.phone_name,
                ),
            )
        )
    if not view.callers and view.usable:
        # Named after the caller (or their number, until someone asks): kept as a contact with
        # the number, so the next call from it finds them.
        choices.append(
            RingChoice(
                tr("New client"),
                "",
                CallChoice(number=view.number, caller_name=view.phone_name),
            )
        )
    return choices
