"""Fixtures for widget tests: a real context on a temporary folder and one sample case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings

from callnotes.app import AppContext, open_context
from callnotes.domain.cases import CaseSummary
from callnotes.domain.timeline import EntryKind


@pytest.fixture
def ctx(tmp_path) -> Iterator[AppContext]:
    context = open_context(str(tmp_path / "data"))
    yield context
    context.close()


@pytest.fixture
def case(ctx: AppContext) -> CaseSummary:
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    opened = ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels")
    ctx.timeline.add_entry(
        opened.id, "No delivery labels print since this morning.", EntryKind.CLIENT_SAID
    )
    ctx.timeline.add_entry(opened.id, "Printer driver update pushed at 22:40.")
    return ctx.cases.get_case(opened.id)


@pytest.fixture
def window_state(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "window-state.ini"), QSettings.Format.IniFormat)
