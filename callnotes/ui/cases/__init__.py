"""The case list and the shown case's header."""
