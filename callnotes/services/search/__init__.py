"""Searching notes and issues, and earlier issues like the one described."""
