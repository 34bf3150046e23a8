"""Phone numbers normalised to E.164, so a caller matches however the number was written."""

from __future__ import annotations

import re
import unicodedata
from types import ModuleType
from typing import Any

MAX_NUMBER_CHARS = 64
MAX_EXTENSION_DIGITS = 10
_ALLOWED = frozenset("0123456789+-() ./")
# Shorter strings are extensions or typos, never a caller we could match.
MIN_DIGITS = 5
# A search finds a number from this many digits of it: "7946 0321" without its area code, but
# not a year or a four-digit extension.
MIN_SEARCH_DIGITS = 6
# Dashes NFKC leaves alone: hyphen, non-breaking hyphen, figure dash, en and em dash, minus.
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
# What a signature, a web page or a CRM puts before a number: "Phone:", "Tel.", "M +49 …".
_LABEL = re.compile(
    r"(?:phone|telephone|tel|ph|mobile|mob|cell|fon|telefon|handy|mobil|t|m|p)"
    r"(?:\s*(?:number|no|nr))?\s*\.?\s*:?\s*(?=[+(0-9])",
    re.IGNORECASE,
)
# An extension after the number: "x12", "ext. 12", "extension 12", "#12", ";ext=12".
_EXTENSION = re.compile(
    rf"[\s,;]*(?:extension|ext|x|#)[\s.:=]*[0-9]{{1,{MAX_EXTENSION_DIGITS}}}$", re.IGNORECASE
)


def _phonenumbers() -> ModuleType:
    """libphonenumber, imported at the first number read or shown: its metadata is a tenth of
    the app's start-up imports, and a window opens before any number is needed."""
    import phonenumbers

    return phonenumbers


def normalise_number(raw: str, default_region: str) -> str | None:
    """Return *raw* as E.164 (``+4930123456``), or None if it is not a usable number.

    *default_region* (an ISO 3166 code such as ``DE``) applies to numbers written without a
    country code. A number is accepted as people paste it (see :func:`pasted_form`); anything
    else around the digits — words, other punctuation — makes it no number.
    """
    found = _possible_number(raw, default_region)
    if found is None:
        return None
    phonenumbers = _phonenumbers()
    return str(phonenumbers.format_number(found[1], phonenumbers.PhoneNumberFormat.E164))


def _possible_number(raw: str, default_region: str) -> tuple[str, Any] | None:
    """*raw* as pasted (:func:`pasted_form`) and parsed — a number that could be dialled in
    *default_region* — or None when it is none."""
    text = pasted_form(raw)
    if text is None or not text or not set(text) <= _ALLOWED:
        return None
    if sum(ch.isdigit() for ch in text) < MIN_DIGITS:
        return None
    phonenumbers = _phonenumbers()
    try:
        parsed = phonenumbers.parse(text, default_region.upper() or None)
    except phonenumbers.NumberParseException:
        return None
    return (text, parsed) if phonenumbers.is_possible_number(parsed) else None


def searched_digits(raw: str) -> str | None:
    """The digits by which a typed *raw* finds a stored E.164 number, or None if it is no number.

    Leading zeros go (a trunk prefix "0", an international "00"), so what remains is found
    inside ``+442079460321`` whether the agent typed ``020 7946 0321`` as the client's country
    writes it, ``+44 20 7946 0321``, ``0044…`` or only ``7946 0321``, whatever their own region.
    """
    text = pasted_form(raw)
    if text is None or not text or not set(text) <= _ALLOWED:
        return None
    digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
    return digits if len(digits) >= MIN_SEARCH_DIGITS else None


def number_search_words(raw: str, default_region: str) -> list[str] | None:
    """The words a full-text search looks for when *raw* is a phone number written as its
    country writes it, nationally or internationally; None for any other query.

    A note holds a number as someone wrote it: ``020 7946 0321`` and ``+44 20 7946 0321`` share
    no first word, so neither typed form finds the other. Both end with the groups after the
    area code (``7946``, ``0321``), and those are what is searched: everything the typed words
    found, and the number's other form. A number grouped otherwise (``0207 946 0321``) or in one
    piece is searched as typed (its words may be how a note holds it).
    """
    found = _possible_number(raw, default_region) if searched_digits(raw) is not None else None
    if found is None:
        return None
    text, parsed = found
    phonenumbers = _phonenumbers()
    national = re.findall(
        r"[0-9]+", phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    )
    international = re.findall(
        r"[0-9]+",
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    )
    after_area = national[1:]
    if not after_area or international[-len(after_area) :] != after_area:
        return None  # the two forms group the number differently: no words they share
    typed = re.findall(r"[0-9]+", text)
    if len(typed) <= len(after_area) or typed[-len(after_area) :] != after_area:
        return None  # grouped otherwise, or only those groups typed: searched as typed
    return after_area


# A run of a query that may be a phone number: digits with what numbers are written with.
_NUMBER_RUN = re.compile(r"[+(]?[0-9][0-9 ()./-]*[0-9]")


def number_search_query(query: str, default_region: str) -> str | None:
    """*query* with the phone number in it searched for as :func:`number_search_words` says —
    the whole query, or each number among its words (``020 7946 0321 mobile``) — or None when
    it holds no such number (then it is searched as typed)."""
    whole = number_search_words(query, default_region)
    if whole is not None:
        return " ".join(whole)
    found = False

    def searched(run: re.Match[str]) -> str:
        nonlocal found
        words = number_search_words(run.group(), default_region)
        if words is None:
            return run.group()
        found = True
        return " ".join(words)

    rewritten = _NUMBER_RUN.sub(searched, query)
    return rewritten if found else None


def pasted_form(raw: str) -> str | None:
    """*raw* with what copying adds taken away; None when it is longer than any number.

    Full-width digits and signs become ASCII (NFKC), digits of other scripts become 0-9, every
    kind of space becomes a space and every dash a ``-``; invisible format characters (bidi
    marks, zero-width spaces, soft hyphens) go. A leading label ("Phone:", "Tel.") and a
    trailing extension ("x12", "ext. 12") are dropped: a caller is found by the main number.
    """
    if len(raw) > MAX_NUMBER_CHARS:
        return None
    chars = []
    for char in unicodedata.normalize("NFKC", raw):
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        if category == "Zs":
            chars.append(" ")
        elif char in _DASHES:
            chars.append("-")
        elif category == "Nd" and not char.isascii():
            chars.append(str(unicodedata.decimal(char)))
        else:
            chars.append(char)
    text = "".join(chars).strip()
    if len(text) > MAX_NUMBER_CHARS:  # NFKC can lengthen a text
        return None
    label = _LABEL.match(text)
    if label is not None:
        text = text[label.end() :]
    return _EXTENSION.sub("", text).strip()


def display_number(e164: str) -> str:
    """Format an E.164 number for reading aloud (international format)."""
    phonenumbers = _phonenumbers()
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def zone_of_number(e164: str) -> str | None:
    """The IANA time zone a number belongs to, when the number names exactly one.

    ``+49 30 …`` is Berlin; an Australian mobile could be anywhere from Perth to Sydney, and a
    number libphonenumber cannot place gives nothing, so the caller asks someone else.
    """
    from phonenumbers import timezone  # its tables load on first use, not with the app

    phonenumbers = _phonenumbers()
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    zones = timezone.time_zones_for_number(parsed)
    if len(zones) != 1 or zones[0] == timezone.UNKNOWN_TIMEZONE:
        return None
    return str(zones[0])
