"""Nothing is written to a SQLite file before its check has passed.

The app opens its database while the file's check (:mod:`callnotes.storage.integrity`) still
runs, so that the window shows the case without waiting for a check that reads the whole file.
Reading a damaged file does it no harm; writing to it could spread the damage over what a
backup or a recovery tool might still save. So every statement that would write waits here
for the verdict: a sound file lets it through, and every later one at no cost; a damaged one
refuses it with :class:`~callnotes.errors.DamagedDatabaseError` before it reaches SQLite, and
the app sets the file aside and offers a backup.

The gate sits on the engine, below every unit of work, migration and repair, so no write path
can forget it. A statement writes when SQLAlchemy compiled it as an insert, update, delete or
schema change, or, for SQL written by hand, when its first word says so.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine, event

from callnotes.storage.integrity import BackgroundCheck, IntegrityVerdict, damaged_error

WRITE_WORDS = frozenset(
    {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "VACUUM", "REINDEX"}
)


def writes(statement: str, context: Any) -> bool:
    """Whether *statement* (as about to be sent to the driver) changes the database."""
    if context is not None and (
        getattr(context, "isinsert", False)
        or getattr(context, "isupdate", False)
        or getattr(context, "isdelete", False)
        or getattr(context, "isddl", False)
    ):
        return True
    words = statement.lstrip(" \t\r\n(").split(None, 1)
    return bool(words) and words[0].upper() in WRITE_WORDS


class WriteGate:
    """Holds the writes to one engine until *check* has its verdict."""

    def __init__(self, check: BackgroundCheck) -> None:
        self._check = check
        self._passed = threading.Event()

    @property
    def passed(self) -> bool:
        """Whether the file was found sound (writes go straight through)."""
        return self._passed.is_set()

    def install(self, engine: Engine) -> None:
        """Hold *engine*'s writes from now on."""
        event.listen(engine, "before_cursor_execute", self._before_cursor_execute)

    def when_checked(self, listener: Any) -> None:
        """Call *listener(verdict)* once the check has one (on the check's thread, or now)."""
        self._check.when_done(listener)

    def wait(self) -> IntegrityVerdict:
        """Wait for the verdict; raise :class:`DamagedDatabaseError` if the file is damaged."""
        verdict = self._check.verdict()
        if verdict.damaged:
            raise damaged_error(verdict.path)
        self._passed.set()
        return verdict

    def _before_cursor_execute(
        self,
        _connection: Any,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        context: Any,
        _executemany: bool,
    ) -> None:
        if not self._passed.is_set() and writes(statement, context):
            self.wait()
