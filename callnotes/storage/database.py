"""The database handle the services use: one engine, one short unit of work per action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from callnotes.storage.engine import make_engine, sqlite_path
from callnotes.storage.failures import as_storage_error


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine if engine is not None else make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        """Whether the store is the embedded SQLite database."""
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> str | None:
        """The database file, for SQLite files; None otherwise."""
        path = sqlite_path(self.url)
        return str(path) if path is not None else None

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Known storage failures (locked, full, read-only) surface as user-facing errors.
        """
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except Exception as exc:
            known = as_storage_error(exc)
            if known is not None:
                raise known from exc
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection (checkpointing the WAL on SQLite)."""
        self.engine.dispose()
