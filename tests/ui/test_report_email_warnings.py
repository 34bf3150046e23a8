"""Saving an e-mail draft says in the dialog what the agent must still do by hand."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from callnotes.app import AppContext
from callnotes.ui.documents.report_preview import ReportPreviewDialog


class Desktop:
    """The file dialog answers at once; the desktop opens files when *opens* says so."""

    def __init__(self, folder: Path, opens: bool) -> None:
        self.folder = folder
        self.opens = opens
        self.opened: list[Path] = []

    def ask_save_path(self, parent, caption, suggested, name_filter, on_chosen) -> None:
        on_chosen(self.folder / suggested.name)

    def open_file(self, path: Path) -> bool:
        self.opened.append(path)
        return self.opens


def preview(qtbot, ctx: AppContext, case_id: int, desktop: Desktop) -> ReportPreviewDialog:
    dialog = ReportPreviewDialog(
        partial(ctx.documents.build, case_id),
        ctx.documents.export,
        ask_save_path=desktop.ask_save_path,
        open_file=desktop.open_file,
        folder=desktop.folder,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document is not None)
    return dialog


@pytest.fixture
def no_address(ctx: AppContext) -> int:
    """A case whose caller left a name and a number, no e-mail address."""
    return ctx.intake.start_new_case(
        case_title="Labels do not print",
        number="+44 20 7946 0321",
        contact_name="Dana Whitfield",
        client_name="Northwind Logistics",
    ).case.id


def test_a_draft_without_a_recipient_says_so(qtbot, ctx: AppContext, no_address, tmp_path):
    dialog = preview(qtbot, ctx, no_address, Desktop(tmp_path, opens=True))
    with qtbot.waitSignal(dialog.document_saved):
        dialog.buttons["eml"].click()
    assert dialog.banner.isVisible()
    assert "No e-mail address for the client: the draft has no recipient." in (dialog.banner.text())
    assert "Saved" in dialog.status.text()


def test_no_mail_program_says_where_the_draft_is(qtbot, ctx: AppContext, tmp_path):
    desktop = Desktop(tmp_path, opens=False)
    dialog = preview(qtbot, ctx, ctx.demo.load_demo(), desktop)
    with qtbot.waitSignal(dialog.document_saved) as saved:
        dialog.buttons["eml"].click()
    [path] = desktop.opened
    assert str(path) == saved.args[0]
    assert dialog.banner.isVisible()
    text = dialog.banner.text()
    assert f"No mail program could be opened: the file is saved at {path}." in text
    assert "recipient" not in text, "Dana has an address"


def test_a_draft_that_opens_with_its_recipient_needs_no_warning(qtbot, ctx: AppContext, tmp_path):
    dialog = preview(qtbot, ctx, ctx.demo.load_demo(), Desktop(tmp_path, opens=True))
    with qtbot.waitSignal(dialog.document_saved):
        dialog.buttons["eml"].click()
    assert not dialog.banner.isVisible()
