"""Plain domain types and rules: no Qt, no SQLAlchemy."""
