"""Phone numbers normalised to E.164, so a caller matches however the number was written."""

from __future__ import annotations

import phonenumbers

MAX_NUMBER_CHARS = 64
_ALLOWED = set("0123456789+-() ./")
# Shorter strings are extensions or typos, never a caller we could match.
MIN_DIGITS = 5


def normalise_number(raw: str, default_region: str) -> str | None:
    """Return *raw* as E.164 (``+4930123456``), or None if it is not a usable number.

    *default_region* (an ISO 3166 code such as ``DE``) applies to numbers written without a
    country code.
    """
    text = raw.strip()
    if not text or len(text) > MAX_NUMBER_CHARS or not set(text) <= _ALLOWED:
        return None
    if sum(ch.isdigit() for ch in text) < MIN_DIGITS:
        return None
    try:
        parsed = phonenumbers.parse(text, default_region.upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_number(e164: str) -> str:
    """Format an E.164 number for reading aloud (international format)."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def zone_of_number(e164: str) -> str | None:
    """The IANA time zone a number belongs to, when the number names exactly one.

    ``+49 30 …`` is Berlin; an Australian mobile could be anywhere from Perth to Sydney, and a
    number libphonenumber cannot place gives nothing, so the caller asks someone else.
    """
    from phonenumbers import timezone  # its tables load on first use, not with the app

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    zones = timezone.time_zones_for_number(parsed)
    if len(zones) != 1 or zones[0] == timezone.UNKNOWN_TIMEZONE:
        return None
    return str(zones[0])
