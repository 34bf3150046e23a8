"""Numbers and links from softphones, parsed strictly: every byte of them is untrusted."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# A link or argument longer than this is refused outright, before any parsing.
MAX_ARGUMENT_CHARS = 2048
# A written phone number (with separators) is never longer than this.
MAX_NUMBER_CHARS = 64
# E.164 allows 15 digits; an international prefix (00, 011) and a trunk digit fit in 20.
MAX_DIGITS = 20
MAX_NAME_CHARS = 80
MAX_EXTENSION_DIGITS = 10

# What a softphone sends instead of a number when the caller hides it.
WITHHELD = frozenset({"anonymous", "unknown", "restricted", "private", "withheld", "unavailable"})
LINK_SCHEMES = ("callnotes", "tel", "sip", "sips", "callto")
LINK_EVENTS = ("ringing", "answered", "ended")
_DIGITS = frozenset("0123456789")
_SEPARATORS = frozenset(" -.()/")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+-.")
# Bidirectional embeddings, overrides and isolates can make a name display as something else.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class MalformedEventError(ValueError):
    """Input callnotes refuses; the message names the problem and never repeats the input."""


@dataclass(frozen=True)
class LinkTarget:
    """What a link or argument says: a number, and from a callnotes link a name and event."""

    number: str
    source: str
    name: str = ""
    event: str = ""
    direction: str = ""


def clean_number(raw: str) -> str:
    """``+`` and ASCII digits from a written number; empty when the caller withheld it.

    Visual separators (space, ``-``, ``.``, ``(``, ``)``, ``/``) are dropped; anything else —
    letters, other scripts' digits, shell metacharacters, control characters — is refused.
    """
    if len(raw) > MAX_NUMBER_CHARS:
        raise MalformedEventError("The number is longer than any phone number.")
    text = raw.strip(" ")
    if not text or text.lower() in WITHHELD:
        return ""
    plus = text.startswith("+")
    digits = []
    for char in text[1:] if plus else text:
        if char in _DIGITS:
            digits.append(char)
        elif char not in _SEPARATORS:
            raise MalformedEventError(
                "A phone number may only hold the digits 0-9, a leading + and separators."
            )
    if not digits:
        raise MalformedEventError("The number holds no digits.")
    if len(digits) > MAX_DIGITS:
        raise MalformedEventError("The number has more digits than any phone number.")
    return ("+" if plus else "") + "".join(digits)


def clean_name(raw: str) -> str:
    """A display name made safe to show: one line, no control characters, at most 80 chars."""
    kept = []
    for char in raw[: MAX_ARGUMENT_CHARS * 2]:
        category = unicodedata.category(char)
        if char in _BIDI_CONTROLS or category in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):
            kept.append(" ")
        else:
            kept.append(char)
    text = " ".join("".join(kept).split())
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    if len(text) > MAX_NAME_CHARS:
        text = text[: MAX_NAME_CHARS - 1].rstrip() + "…"
    return text


def sip_display_name(header: str) -> str:
    """The display name of a SIP From/To header: ``"Dana W" <sip:…>`` gives ``Dana W``."""
    text = header.strip()
    if text.startswith('"'):
        name, escaped = [], False
        for char in text[1:]:
            if escaped:
                name.append(char)
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                break
            else:
                name.append(char)
        return clean_name("".join(name))
    before, bracket, _ = text.partition("<")
    return clean_name(before) if bracket else ""


def is_link(text: str) -> bool:
    """Whether *text* starts like a URI (``scheme:``) rather than a written number."""
    scheme, colon, _ = text.partition(":")
    first = scheme[:1]
    return bool(colon and first.isascii() and first.isalpha()) and set(scheme.lower()) <= (
        _SCHEME_CHARS
    )


def parse_target(text: str) -> LinkTarget:
    """A bare number, or a ``callnotes:``, ``tel:``, ``sip:``/``sips:`` or ``callto:`` link."""
    if len(text) > MAX_ARGUMENT_CHARS:
        raise MalformedEventError("The argument is longer than any link callnotes accepts.")
    if not is_link(text):
        return LinkTarget(clean_number(text), "cli")
    scheme, _, rest = text.partition(":")
    scheme = scheme.lower()
    if scheme not in LINK_SCHEMES:
        raise MalformedEventError(
            "callnotes understands callnotes:, tel:, sip: and callto: links only."
        )
    _refuse_controls(rest)
    if scheme == "callnotes":
        return _callnotes_link(rest)
    if scheme == "tel":
        return LinkTarget(_tel_number(_decoded(rest.removeprefix("//"))), "tel")
    if scheme == "callto":
        return LinkTarget(clean_number(_decoded(_strip_query(rest).strip("/"))), "callto")
    return LinkTarget(_sip_number(rest), "sip")


def _callnotes_link(rest: str) -> LinkTarget:
    from urllib.parse import parse_qsl  # only links need it; the hook stays quick to start

    path, _, query = rest.removeprefix("//").partition("#")[0].partition("?")
    if path.strip("/").lower() != "call":
        raise MalformedEventError("A callnotes link must look like callnotes://call?number=….")
    try:
        pairs = parse_qsl(query, keep_blank_values=True, errors="strict", max_num_fields=16)
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedEventError("The link's parameters cannot be read.") from exc
    values: dict[str, str] = {}
    for key, value in pairs:
        key = key.lower()
        if key in ("number", "name", "event", "direction"):
            if key in values:
                raise MalformedEventError(f"The link gives {key!r} twice.")
            if key != "name":  # a name is cleaned instead, so a stray control is no reason
                _refuse_controls(value)
            values[key] = value
    raw_number = values.get("number", "")
    if raw_number.lower().startswith("callnotes:"):
        raise MalformedEventError("A callnotes link cannot hold another callnotes link.")
    # Some PBX clients put the caller as a URI (sip:…) into the number placeholder.
    number = parse_target(raw_number).number if is_link(raw_number) else clean_number(raw_number)
    event = values.get("event", "").strip().lower()
    if event not in ("", *LINK_EVENTS):
        raise MalformedEventError("The link's event must be ringing, answered or ended.")
    direction = values.get("direction", "").strip().lower()
    if direction not in ("", "inbound", "outbound"):
        raise MalformedEventError("The link's direction must be inbound or outbound.")
    return LinkTarget(
        number, "link", name=clean_name(values.get("name", "")), event=event, direction=direction
    )


def _tel_number(rest: str) -> str:
    """RFC 3966: ``+1-201-555-0123;ext=12``, or a local number with a global phone-context."""
    local, *params = rest.split(";")
    context = ""
    for param in params:
        key, _, value = param.partition("=")
        key = key.strip().lower()
        if key == "ext":
            ext = value.strip()
            if not ext or len(ext) > MAX_EXTENSION_DIGITS or not set(ext) <= _DIGITS:
                raise MalformedEventError("The extension may only hold up to ten digits.")
        elif key == "phone-context":
            context = value.strip()
    number = clean_number(local)
    if number and not number.startswith("+") and context.startswith("+"):
        # A local number within a global prefix: tel:1234;phone-context=+49-30.
        number = clean_number(context + number)
    return number


def _sip_number(rest: str) -> str:
    """The user part of ``sip:0301234@pbx;user=phone`` (password and host dropped)."""
    address = _strip_query(rest.removeprefix("//"))
    user = address.rpartition("@")[0] if "@" in address else address.partition(";")[0]
    user = user.partition(":")[0]  # sip:user:password@host
    return _tel_number(_decoded(user))


def _strip_query(text: str) -> str:
    return text.partition("#")[0].partition("?")[0]


def _decoded(text: str) -> str:
    if "%" not in text:
        return text
    from urllib.parse import unquote

    try:
        decoded = unquote(text, errors="strict")
    except UnicodeDecodeError as exc:
        raise MalformedEventError("The link is not valid UTF-8.") from exc
    _refuse_controls(decoded)
    return decoded


def _refuse_controls(text: str) -> None:
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise MalformedEventError("The link contains control characters.")
