"""Shared fixtures: a real database in a temporary folder, real services, a fixed clock."""

from __future__ import annotations

import os

# Qt must never try to open a display in tests; this runs before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callnotes.app import AppContext, open_context


class FakeClock:
    """A clock that moves only when told to, one second per reading by default."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(seconds=1)):
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now = self.now + self.step
        return current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def ctx(data_dir: Path, clock: FakeClock) -> Iterator[AppContext]:
    context = open_context(str(data_dir), clock=clock)
    yield context
    context.close()


@pytest.fixture(autouse=True)
def _clear_clipboard_after_test():
    """Qt's offscreen platform crashes at exit if the clipboard still owns rich mime data
    (real platforms do not); tests that copy leave it empty again."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.clipboard().clear()
