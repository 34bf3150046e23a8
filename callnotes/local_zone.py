"""The IANA name of this computer's time zone (the agent's own), read without extra packages."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FALLBACK_ZONE = "UTC"
_LOCALTIME = Path("/etc/localtime")
_TIMEZONE_FILE = Path("/etc/timezone")


def local_zone_name(
    env: Mapping[str, str] | None = None,
    localtime: Path = _LOCALTIME,
    timezone_file: Path = _TIMEZONE_FILE,
) -> str:
    """``Europe/Berlin`` or the like: ``$TZ``, else the system's setting, else ``UTC``.

    Python knows the local offset but not the zone's name, which a client's record needs
    (offsets change with daylight saving time). Linux and macOS name it in the target of the
    ``/etc/localtime`` link; Debian also in ``/etc/timezone``. A name that is not a known IANA
    zone (a POSIX rule such as ``CET-1CEST``) is passed over.
    """
    environ = os.environ if env is None else env
    candidates = [environ.get("TZ", "").removeprefix(":")]
    try:
        target = os.readlink(localtime)
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.rsplit("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for name in candidates:
        if _is_zone(name):
            return name
    return FALLBACK_ZONE


def _is_zone(name: str) -> bool:
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
