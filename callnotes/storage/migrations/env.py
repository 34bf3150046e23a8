"""Alembic environment: runs on the connection the application hands over."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from callnotes.storage.models import Base
from callnotes.storage.schema_objects import in_migrations_only

config = context.config


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Keep autogenerate away from what migrations make outside the models: FTS5's virtual
    table and its shadow tables on SQLite; the search vectors and their indexes, and the audit
    log, on PostgreSQL."""
    return not in_migrations_only(name, type_)


def run_migrations_online() -> None:
    """Migrate through the connection in ``config.attributes['connection']``."""
    connection: Connection | None = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("callnotes migrations run through callnotes.storage.migrate")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("callnotes migrations run online only")
run_migrations_online()
