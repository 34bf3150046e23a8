"""What the cover brief and "since you left" may do, as plain callables (built by the area)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from callnotes.atomic import write_atomic
from callnotes.domain.cover import SinceYouLeft
from callnotes.domain.people import TeamMemberRecord
from callnotes.reports.cover_brief import CoverBriefDocument

if TYPE_CHECKING:
    from callnotes.app import AppContext


@dataclass(frozen=True)
class CoverActions:
    """The use cases behind the two dialogs; each one short unit of work, off the GUI thread."""

    #: Colleagues with an absence not yet over, by name.
    away: Callable[[], Sequence[TeamMemberRecord]]
    #: Every colleague, by name.
    members: Callable[[], Sequence[TeamMemberRecord]]
    #: ``brief_document(member_id)``: the brief, rendered.
    brief_document: Callable[[int], CoverBriefDocument]
    #: ``write_pdf(document, path)``: the brief as a PDF file, never half-written.
    write_pdf: Callable[[CoverBriefDocument, Path], Path]
    #: Colleagues back from an absence, the most recently gone first (ids).
    back_from_absence: Callable[[], Sequence[int]]
    #: ``since_you_left(member_id)``: the digest across their clients.
    since_you_left: Callable[[int], SinceYouLeft]
    #: ``acknowledge(member_id, item_key, client_id)``
    acknowledge: Callable[[int, str, int], object]
    #: The agent's name in Settings: the returning colleague, when they are the one at the desk.
    agent_name: Callable[[], str]
    now: Callable[[], datetime]

    @classmethod
    def from_context(cls, ctx: AppContext) -> CoverActions:
        """Wire every action to the services."""
        cover, team = ctx.cover, ctx.team

        def write_pdf(document: CoverBriefDocument, path: Path) -> Path:
            from callnotes.reports.pdf import html_to_pdf  # Qt's printer: loaded when needed

            pdf = html_to_pdf(document.html, title=document.title, footer=document.footer)
            write_atomic(path, pdf)
            return path

        return cls(
            away=cover.away_now,
            members=team.members,
            brief_document=cover.brief_document,
            write_pdf=write_pdf,
            back_from_absence=cover.back_from_absence,
            since_you_left=cover.since_you_left,
            acknowledge=cover.acknowledge,
            agent_name=lambda: ctx.settings.agent_name,
            now=ctx.clock,
        )
