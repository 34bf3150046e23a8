"""Use cases: plain arguments in, frozen dataclasses out, one unit of work per action."""
