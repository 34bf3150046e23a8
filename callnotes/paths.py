"""Where callnotes keeps its files: platformdirs folders, overridable for one data folder."""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from callnotes.errors import InvalidInputError, ReadOnlyError

APP_NAME = "callnotes"
DATA_DIR_ENV = "CALLNOTES_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    """The folders the app reads and writes."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    runtime_dir: Path

    @property
    def database(self) -> Path:
        """The embedded SQLite database."""
        return self.data_dir / "callnotes.db"

    @property
    def backups(self) -> Path:
        """Backup copies: one a day, and one before each schema upgrade (ten kept)."""
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        """The user's settings."""
        return self.config_dir / "settings.json"

    @property
    def templates_dir(self) -> Path:
        """User report templates that override the built-in ones."""
        return self.config_dir / "templates"

    @property
    def playbooks_dir(self) -> Path:
        """User call playbooks, next to the built-in ones."""
        return self.config_dir / "playbooks"


def resolve_paths(data_dir: str | None = None, env: Mapping[str, str] | None = None) -> AppPaths:
    """Folders from ``--data-dir``, then ``CALLNOTES_DATA_DIR``, then the platform defaults.

    An explicit data folder holds everything (config, logs, runtime files too), so a second
    data folder is a complete, separate installation, which is what tests and demos want.
    """
    environ = os.environ if env is None else env
    chosen = data_dir or environ.get(DATA_DIR_ENV) or None
    if chosen:
        root = Path(chosen).expanduser().absolute()
        return AppPaths(root, root / "config", root / "logs", root / "run")
    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR platformdirs warns and falls back to a private /tmp folder,
        # which is what we want anyway.
        warnings.simplefilter("ignore")
        runtime = platformdirs.user_runtime_dir(APP_NAME, appauthor=False)
    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        Path(runtime),
    )


def make_private_dirs(path: Path) -> Path:
    """Create *path* and each missing folder above it, all mode 0700 whatever the umask.

    ``Path.mkdir(parents=True, mode=0o700)`` gives the mode to the last folder only: the ones
    above it (``~/.local/state/callnotes`` above the log folder, a new ``--data-dir`` parent)
    would be 0755 and list what the app keeps. Folders that exist already are left as they are.
    """
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made by another process in the meantime: theirs to set
        os.chmod(folder, 0o700)
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create *path* (and the missing folders above it) mode 0700; check it can be written."""
    try:
        if path.exists() and not path.is_dir():
            raise InvalidInputError(f"{path} is a file, not a folder.")
        make_private_dirs(path)
        with tempfile.TemporaryFile(dir=path):
            pass
    except PermissionError as exc:
        raise ReadOnlyError(f"The folder {path} cannot be written (permission denied).") from exc
    except OSError as exc:
        if isinstance(exc, InvalidInputError):
            raise
        reason = exc.strerror or type(exc).__name__
        raise ReadOnlyError(f"The folder {path} cannot be written ({reason.lower()}).") from exc
    return path
