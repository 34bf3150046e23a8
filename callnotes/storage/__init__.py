"""Persistence: SQLAlchemy models, the engine, migrations and full-text search."""
