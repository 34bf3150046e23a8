"""What the team view may do, as plain callables (built by the area)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from callnotes.domain.case_chart import TeamView

if TYPE_CHECKING:
    from callnotes.app import AppContext


@dataclass(frozen=True)
class TeamViewActions:
    """The one read behind the team view: one short read-only unit of work, off the GUI thread."""

    #: Updates on time vs late per open case, promises by due time, open cases by age.
    team_view: Callable[[], TeamView]

    @classmethod
    def from_context(cls, ctx: AppContext) -> TeamViewActions:
        """Wire the action to the service."""
        return cls(team_view=lambda: ctx.team_view.team_view())
