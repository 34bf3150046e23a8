"""The user's settings: who the agent is, the company, the default phone region."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from callnotes.errors import InvalidInputError

DEFAULT_ESCALATE_AFTER_MINUTES = 15
MAX_MINUTES = 24 * 60
# The space the database's backup copies may take (see storage/backup.py), in megabytes.
DEFAULT_BACKUP_BUDGET_MB = 5_000
MIN_BACKUP_BUDGET_MB, MAX_BACKUP_BUDGET_MB = 100, 10_000_000
# Settings held as whole numbers rather than text, with the values they may take.
_WHOLE_NUMBERS = {
    "escalate_after_minutes": (1, MAX_MINUTES),
    "backup_budget_mb": (MIN_BACKUP_BUDGET_MB, MAX_BACKUP_BUDGET_MB),
}


@dataclass(frozen=True)
class Settings:
    """Preferences stored as JSON in the user config folder."""

    agent_name: str = ""
    company: str = ""
    default_region: str = "US"
    theme: str = "system"  # system, light or dark
    # Prompt the next rung of the escalation ladder when nobody has acknowledged for this long.
    escalate_after_minutes: int = DEFAULT_ESCALATE_AFTER_MINUTES
    # Backups beyond this are thinned oldest first (the newest copy always stays).
    backup_budget_mb: int = DEFAULT_BACKUP_BUDGET_MB
    # The team's PostgreSQL database, never with its password (libpq's ~/.pgpass holds that);
    # empty: the embedded SQLite file. ``--db`` on the command line wins over it.
    team_database: str = ""

    def with_changes(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def team_database_problem(url: str) -> str:
    """Why *url* cannot be the team database setting, in one sentence; empty when it can.

    Read without SQLAlchemy (the settings are read before it is loaded): a PostgreSQL address,
    ``postgresql://user@host:5432/db`` or a libpq service (``postgresql:///?service=team``),
    without a password.
    """
    if not url:
        return ""
    parsed = urlsplit(url)
    if parsed.scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
        return "The team database is a PostgreSQL address starting with postgresql://."
    if parsed.password is not None or "password=" in parsed.query:
        return (
            "Leave the password out of the address: libpq reads it from ~/.pgpass "
            "(see README, Team database)."
        )
    return ""


def load_settings(path: Path) -> Settings:
    """Read settings; a missing file gives the defaults, a damaged one a clear error."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"The settings file {path} cannot be read: {exc}.") from exc
    if not isinstance(raw, dict):
        raise InvalidInputError(f"The settings file {path} does not hold a JSON object.")
    known = {f.name for f in fields(Settings)}
    values: dict[str, object] = {
        k: str(v) for k, v in raw.items() if k in known and isinstance(v, str)
    }
    for name, (lowest, highest) in _WHOLE_NUMBERS.items():
        value = raw.get(name)
        # A hand-edited file may hold nonsense; the default is kinder than refusing to start.
        values.pop(name, None)
        if isinstance(value, int) and not isinstance(value, bool) and lowest <= value <= highest:
            values[name] = value
    return Settings(**values)  # type: ignore[arg-type]


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically (temporary file, then rename), readable by the user only."""
    from callnotes.paths import make_private_dirs  # platformdirs: only when writing

    make_private_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(settings), handle, indent=2, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SettingsStore:
    """The current settings, saved on change; services read through it, so a change
    in the Settings dialog applies at once."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self._path = path
        self._settings = settings
        self._listeners: list[Callable[[Settings], None]] = []

    @property
    def current(self) -> Settings:
        """The settings in force."""
        return self._settings

    @property
    def is_first_run(self) -> bool:
        """Whether the agent has not introduced themselves yet."""
        return not self._path.exists() or not self._settings.agent_name

    def agent_name(self) -> str:
        """The agent's name (for timeline authors and documents)."""
        return self._settings.agent_name

    def save(self, settings: Settings) -> None:
        """Write *settings* and tell every listener."""
        save_settings(self._path, settings)
        self._settings = settings
        for listener in list(self._listeners):
            listener(settings)

    def subscribe(self, listener: Callable[[Settings], None]) -> None:
        """Call *listener* after every change."""
        self._listeners.append(listener)
