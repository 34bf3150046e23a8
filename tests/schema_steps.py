"""Alembic run by hand on a test database: down to a revision and up again, one committed
step at a time, with the connection at hand to look at the schema in between."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from sqlalchemy import Connection, Engine

from callnotes.storage.database import Database
from callnotes.storage.migrate import alembic_config


class SchemaSteps:
    """Moves one connection's database between revisions."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._config = alembic_config()
        self._config.attributes["connection"] = connection

    def down(self, revision: str) -> None:
        command.downgrade(self._config, revision)
        self.connection.commit()

    def up(self, revision: str = "head") -> None:
        command.upgrade(self._config, revision)
        self.connection.commit()


@contextmanager
def schema_steps(engine: Engine) -> Iterator[SchemaSteps]:
    with engine.connect() as connection:
        yield SchemaSteps(connection)


@contextmanager
def schema_steps_at(url: str) -> Iterator[SchemaSteps]:
    """:func:`schema_steps` on the database at *url*, its engine made and disposed of here."""
    db = Database(url)
    try:
        with schema_steps(db.engine) as steps:
            yield steps
    finally:
        db.dispose()
