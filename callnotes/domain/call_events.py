"""Call events from a softphone: ringing, answered, ended; read from arguments or Twinkle."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from callnotes.domain.call_links import (
    MalformedEventError,
    clean_name,
    clean_number,
    parse_target,
    sip_display_name,
)
from callnotes.domain.calls import CallDirection

SOURCES = ("microsip", "twinkle", "link", "tel", "sip", "callto", "cli")


class EventKind(StrEnum):
    """What happened to the call on the phone."""

    RINGING = "ringing"
    ANSWERED = "answered"
    ENDED = "ended"


# Twinkle names the moment in TWINKLE_TRIGGER; outgoing calls have their own triggers.
TWINKLE_TRIGGERS: Mapping[str, tuple[EventKind, CallDirection]] = {
    "in_call": (EventKind.RINGING, CallDirection.INBOUND),
    "in_call_answered": (EventKind.ANSWERED, CallDirection.INBOUND),
    "in_call_failed": (EventKind.ENDED, CallDirection.INBOUND),
    "local_release": (EventKind.ENDED, CallDirection.INBOUND),
    "remote_release": (EventKind.ENDED, CallDirection.INBOUND),
    "out_call": (EventKind.RINGING, CallDirection.OUTBOUND),
    "out_call_answered": (EventKind.ANSWERED, CallDirection.OUTBOUND),
    "out_call_failed": (EventKind.ENDED, CallDirection.OUTBOUND),
}
_RELEASES = frozenset({"local_release", "remote_release"})


@dataclass(frozen=True)
class CallEvent:
    """One event about one call; ``number`` is ``+`` and digits, or empty when withheld.

    ``other_numbers`` are further candidates for the other party, for events whose source
    cannot say which side is which (Twinkle's release triggers).
    """

    kind: EventKind
    number: str = ""
    name: str = ""
    source: str = "cli"
    direction: CallDirection = CallDirection.INBOUND
    other_numbers: tuple[str, ...] = ()

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every number the event may be about, the likeliest first."""
        return tuple(n for n in (self.number, *self.other_numbers) if n)

    def as_message(self) -> dict[str, object]:
        """The event as a JSON-ready object (what the hook sends to the app)."""
        return {
            "type": "event",
            "kind": self.kind.value,
            "number": self.number,
            "name": self.name,
            "source": self.source,
            "direction": self.direction.value,
            "other_numbers": list(self.other_numbers),
        }

    @classmethod
    def from_message(cls, data: Mapping[str, object]) -> CallEvent:
        """Read an event sent by another process, checking every field as untrusted input."""
        fields = {}
        for key in ("kind", "number", "name", "source", "direction"):
            value = data.get(key, "")
            if not isinstance(value, str):
                raise MalformedEventError(f"The event's {key} is not text.")
            fields[key] = value
        others = data.get("other_numbers", [])
        if not isinstance(others, list) or len(others) > 4:
            raise MalformedEventError("The event's other numbers are not a short list.")
        if not all(isinstance(n, str) for n in others):
            raise MalformedEventError("The event's other numbers are not text.")
        source = fields["source"] if fields["source"] in SOURCES else "cli"
        return cls(
            kind=parse_kind(fields["kind"]),
            number=clean_number(fields["number"]),
            name=clean_name(fields["name"]),
            source=source,
            direction=parse_direction(fields["direction"]),
            other_numbers=tuple(n for n in (clean_number(n) for n in others) if n),
        )


def parse_kind(text: str) -> EventKind:
    """``ringing``, ``answered`` or ``ended`` (any case)."""
    try:
        return EventKind(text.strip().lower())
    except ValueError:
        raise MalformedEventError("The event must be ringing, answered or ended.") from None


def parse_direction(text: str) -> CallDirection:
    """``inbound`` (the default) or ``outbound``."""
    try:
        return CallDirection(text.strip().lower() or CallDirection.INBOUND.value)
    except ValueError:
        raise MalformedEventError("The direction must be inbound or outbound.") from None


def event_from_arguments(
    targets: Sequence[str],
    *,
    event: str | None = None,
    name: str | None = None,
    outbound: bool = False,
    source: str = "cli",
) -> CallEvent:
    """An event from a command line: the number (or link) is the one positional argument.

    This is the MicroSIP form — options first, the number appended last — and also what a
    desktop link handler runs. An event or name on the command line wins over the link's own;
    with no event at all the call is ringing: the card shows, nothing starts by itself.
    """
    if len(targets) > 1:
        raise MalformedEventError("Give one number or link, after the options.")
    target = parse_target(targets[0]) if targets else None
    if target is not None and target.source != "cli":
        source = target.source
    kind_text = event or (target.event if target else "") or EventKind.RINGING.value
    direction = "outbound" if outbound else (target.direction if target else "")
    return CallEvent(
        kind=parse_kind(kind_text),
        number=target.number if target else "",
        name=clean_name(name) if name is not None else (target.name if target else ""),
        source=source,
        direction=parse_direction(direction),
    )


def event_from_twinkle(env: Mapping[str, str]) -> CallEvent:
    """An event from the environment Twinkle gives its scripts (``TWINKLE_TRIGGER``, ``SIP_*``).

    Incoming calls name the caller in ``SIP_FROM_USER``, outgoing ones in ``SIP_TO_USER``. For
    the release triggers either side may be the client, so both are kept as candidates.
    """
    trigger = env.get("TWINKLE_TRIGGER", "").strip().lower()
    if trigger not in TWINKLE_TRIGGERS:
        raise MalformedEventError("TWINKLE_TRIGGER names no call event callnotes knows.")
    kind, direction = TWINKLE_TRIGGERS[trigger]
    side = "TO" if direction is CallDirection.OUTBOUND else "FROM"
    if trigger in _RELEASES:
        candidates = []
        for key in ("SIP_FROM_USER", "SIP_TO_USER"):
            try:
                number = clean_number(env.get(key, ""))
            except MalformedEventError:
                continue  # a SIP user name such as the agent's own: not the client
            if number and number not in candidates:
                candidates.append(number)
        return CallEvent(
            kind,
            number=candidates[0] if candidates else "",
            source="twinkle",
            direction=direction,
            other_numbers=tuple(candidates[1:]),
        )
    return CallEvent(
        kind,
        number=clean_number(env.get(f"SIP_{side}_USER", "")),
        name=sip_display_name(env.get(f"SIP_{side}", "")),
        source="twinkle",
        direction=direction,
    )
