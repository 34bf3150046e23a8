"""Time zones as an agent names them: "New York", "sao paulo", or the IANA name itself.

An IANA name writes a city with underscores and accents nobody types mid-call
(``America/Sao_Paulo``). Typed text and zone names are compared folded: case, accents,
underscores and runs of spaces do not matter. A city names a zone when exactly one zone ends
in it ("Indianapolis" names two, so neither), so "London" is ``Europe/London``.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime
from functools import cache

from callnotes.domain.text import without_accents


def folded(text: str) -> str:
    """*text* as compared: accents dropped, case folded, ``_`` a space, spaces single."""
    return " ".join(without_accents(text.replace("_", " ")).split())


@cache
def known_zones() -> tuple[str, ...]:
    """Every zone this computer knows, sorted (the tz database or the tzdata package)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_named(typed: str, zones: Iterable[str] | None = None) -> str | None:
    """The IANA name of the zone *typed* names (its IANA name in any case, or its city with
    spaces and without accents), or None when it names none or several of *zones* (every
    known zone by default)."""
    wanted = folded(typed)
    if not wanted:
        return None
    cities: list[str] = []
    for zone in known_zones() if zones is None else zones:
        key = folded(zone)
        if key == wanted:
            return zone
        if key.rpartition("/")[2] == wanted:
            cities.append(zone)
    return cities[0] if len(cities) == 1 else None


def is_zone(name: str) -> bool:
    """Whether *name* is exactly a zone's IANA name ("America" is a folder, not a zone)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


# The names of Coordinated Universal Time itself (and of GMT, its offset): said "UTC", never
# "Etc/UTC time (UTC)".
_UNIVERSAL = frozenset(
    {
        "UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich",
        "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "Etc/GMT0",
        "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich",
    }
)  # fmt: skip


def zone_label(name: str) -> str:
    """A zone as a reader names it: its city ("London", "Sao Paulo"), "UTC" for universal
    time, and the IANA name itself for a zone with no city (``Etc/GMT+5``)."""
    if name in _UNIVERSAL:
        return "UTC"
    area, _, city = name.rpartition("/")
    if not area or area == "Etc":
        return name
    return city.replace("_", " ")


def times_note(name: str, at: datetime | None = None) -> str:
    """The line under a document saying which clock its times are on: "Times are London time
    (BST)" with the abbreviation in force *at* (left out without *at*), "Times are UTC"."""
    label = zone_label(name)
    if label == "UTC":
        return "Times are UTC"
    if at is None or not is_zone(name):
        return f"Times are {label} time"
    abbreviation = at.astimezone(zoneinfo.ZoneInfo(name)).strftime("%Z")
    return f"Times are {label} time ({abbreviation})"
