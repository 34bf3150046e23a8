"""Starting the app: become the single instance, or hand this launch's call to the one running."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from callnotes import instance
from callnotes.domain.call_events import CallEvent, event_from_arguments
from callnotes.domain.call_links import MalformedEventError, is_link
from callnotes.domain.drafts import OUTBOX_PREFIX
from callnotes.domain.timestamps import Clock, utc_now
from callnotes.errors import CallnotesError
from callnotes.paths import AppPaths, ensure_private_dir, resolve_paths
from callnotes.settings import Settings, load_settings
from callnotes.storage.read_only import connect_read_only

if TYPE_CHECKING:
    from pathlib import Path

    from callnotes.app import AppContext
    from callnotes.domain.cases import FirstLook
    from callnotes.domain.timeline import NoteDraft
    from callnotes.errors import DamagedDatabaseError
    from callnotes.recovery import Recovery
    from callnotes.storage.integrity import BackgroundCheck

log = logging.getLogger(__name__)

# Global options that take a value: their value is never mistaken for a link.
_VALUE_OPTIONS = ("--data-dir", "--db")


@dataclass
class Launch:
    """This process is the primary: its lock, and the call it was started with, if any."""

    primary: instance.Primary
    event: CallEvent | None

    def release(self) -> None:
        """Give up being the primary (at exit)."""
        self.primary.release()


@dataclass(frozen=True)
class FirstLookFile:
    """The first look of a database file: reading the case it opens on, and keeping what is
    typed at it as the case's note draft (``storage/first_look.py``, no SQLAlchemy)."""

    path: Path
    clock: Clock = utc_now

    def read(self) -> FirstLook | None:
        """The case at the top of the case list and its newest entries (None: no look)."""
        from callnotes.storage.first_look import read_first_look  # sqlite3 only: quick

        return read_first_look(self.path)

    def keep(self, case_id: int, note: NoteDraft) -> None:
        """Keep *note* as *case_id*'s note draft in the file."""
        from callnotes.storage.first_look import keep_draft

        keep_draft(self.path, case_id, note, self.clock)


@dataclass(frozen=True)
class Opening:
    """What the window needs before the database is open, and how to open it.

    The folders and settings are read in milliseconds, so the window can be painted with the
    user's theme and geometry at once; *open* (the database, its migration, the services and
    their imports) is the slow part and runs once the window is on screen. If it finds the
    database damaged, :meth:`set_aside` moves it out of the way and finds a backup to offer.
    """

    paths: AppPaths
    settings: Settings
    open: Callable[[], AppContext]
    owns_context: bool = True  # the context *open* returns is closed by whoever opened it
    clock: Clock = utc_now
    #: The case to show while *open* runs, read from the file in milliseconds, and where what
    #: is typed at it is kept (None: no such look — a team database, or a context open already).
    first_look: FirstLookFile | None = None

    @classmethod
    def prepare(cls, data_dir: str | None, db_url: str | None) -> Opening:
        """Resolve and check the folders and read the settings; the database is not touched."""
        paths = resolve_paths(data_dir)
        ensure_private_dir(paths.data_dir)
        settings = load_settings(paths.settings_file)
        # A team database has no look from the file: the case is on the server.
        team = bool(db_url or settings.team_database)
        look = None if team else FirstLookFile(paths.database)
        return cls(paths, settings, lambda: open_beside_check(data_dir, db_url), first_look=look)

    @classmethod
    def of(cls, ctx: AppContext) -> Opening:
        """An opening for a context that is open already (its owner closes it)."""
        return cls(ctx.paths, ctx.settings, lambda: ctx, owns_context=False)

    def held_notes(self) -> int:
        """How many notes entered on this computer wait to be stored in the team database:
        kept in this desktop's own file while the server could not be reached, and sent once
        it answers. Read only when the team database cannot be opened (no connection of the
        app holds the file then); 0 when there is no such file or it cannot be read."""
        path = self.paths.database
        if not path.is_file():
            return 0
        try:
            with contextlib.closing(
                # Off the GUI thread; the file may be busy a moment (the start-up check, a
                # backup, a machine under load): waiting 1 s said "no notes wait" wrongly, so
                # this waits SQLite's default 5 s.
                connect_read_only(path)
            ) as connection:
                row = connection.execute(
                    "SELECT count(*) FROM drafts WHERE instr(key, ?) > 0", (OUTBOX_PREFIX,)
                ).fetchone()
        except sqlite3.Error:
            return 0
        return int(row[0]) if row else 0

    def set_aside(self, damaged: DamagedDatabaseError) -> Recovery:
        """Move the damaged database aside and find the backup to offer in its place."""
        from callnotes.recovery import set_aside_damaged

        return set_aside_damaged(damaged, self.paths.backups, self.clock())


def open_checked(data_dir: str | None, db_url: str | None) -> AppContext:
    """Open the app's data as :func:`callnotes.app.open_context` does, checking the file first.

    The default SQLite file is checked on a thread of its own while SQLAlchemy and the
    services are imported; a damaged file raises
    :class:`~callnotes.errors.DamagedDatabaseError` before it is opened. The command line
    opens its data this way: it exists to write, so it has nothing to do before the verdict.
    """
    db_url = database_url(data_dir, db_url)
    check = _start_check(data_dir, db_url)
    from callnotes.app import open_context  # SQLAlchemy and the services: slow

    return open_context(data_dir, db_url, verdict=check.verdict() if check else None)


def open_beside_check(data_dir: str | None, db_url: str | None) -> AppContext:
    """Open the app's data while its file is being checked; writes wait for the verdict.

    The window reads and shows the case without waiting for a check that reads the whole
    file; the database holds every write until the verdict is in (storage/write_gate.py). A
    file SQLite cannot even open raises :class:`~callnotes.errors.DamagedDatabaseError` here;
    one whose damage only the check finds refuses the first write with it, and the check's
    listeners hear the verdict (``ctx.db.write_gate.when_checked``).
    """
    db_url = database_url(data_dir, db_url)
    check = _start_check(data_dir, db_url)
    from callnotes.app import open_context  # SQLAlchemy and the services: slow

    return open_context(data_dir, db_url, check=check)


def database_url(data_dir: str | None, db_url: str | None) -> str | None:
    """The database to open: ``--db`` when given, else the team database of the settings,
    else None (the embedded SQLite file in the data folder)."""
    if db_url:
        return db_url
    try:
        configured = load_settings(resolve_paths(data_dir).settings_file).team_database
    except CallnotesError:
        return None  # a damaged settings file is said where the settings are read
    return configured or None


def _start_check(data_dir: str | None, db_url: str | None) -> BackgroundCheck | None:
    from callnotes.storage.integrity import BackgroundCheck  # sqlite3 only: quick to import

    return None if db_url else BackgroundCheck.start(resolve_paths(data_dir).database)


def as_call_arguments(argv: Sequence[str]) -> list[str]:
    """``callnotes LINK`` (as a desktop link handler runs it) becomes ``callnotes call LINK``."""
    args = list(argv)
    skip = False
    for position, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg in _VALUE_OPTIONS:
            skip = True
            continue
        if arg == "--" or arg.startswith("-"):
            continue
        if is_link(arg):
            args.insert(position, "call")
        break
    return args


def claim_instance(args: argparse.Namespace) -> Launch | int:
    """Become the primary (a :class:`Launch`), or forward to it and return the exit status."""
    event = None
    if args.command == "call" and (args.number is not None or args.event is not None):
        try:
            event = event_from_arguments(
                [args.number] if args.number is not None else [],
                event=args.event,
                name=args.name,
                outbound=args.outbound,
            )
        except MalformedEventError as exc:
            print(f"callnotes: {exc}", file=sys.stderr)
            return 2
    message = event.as_message() if event is not None else instance.SHOW
    try:
        runtime = resolve_paths(args.data_dir).runtime_dir
        primary = instance.claim(instance.endpoint_for(runtime), message)
    except instance.InstanceError as exc:
        print(f"callnotes: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # platformdirs refuses a runtime folder another user could own
        print(f"callnotes: no private runtime folder for the app socket ({exc}).", file=sys.stderr)
        return 1
    if primary is None:
        return 0  # the running app has it now
    return Launch(primary, event)
