"""The order agreed with the client: checking a new order and reading back what was agreed."""

from __future__ import annotations

from collections.abc import Sequence

from callnotes.domain.issues import IssueRecord, OrderState
from callnotes.domain.timeline import EntryRecord
from callnotes.errors import InvalidInputError
from callnotes.services.issues.entries import is_order_agreed, is_order_changed


def checked_order(current: Sequence[IssueRecord], requested: Sequence[int]) -> list[int]:
    """*requested* as a list, if it names each of the case's issues exactly once."""
    wanted = list(requested)
    known = {issue.id for issue in current}
    if len(wanted) != len(set(wanted)) or set(wanted) != known:
        raise InvalidInputError(
            f"The new order must list each of the case's {len(known)} issues exactly once."
        )
    return wanted


def latest_agreement(decisions: Sequence[EntryRecord]) -> EntryRecord | None:
    """The most recent confirmation among a case's DECISION entries (in recorded order)."""
    for entry in reversed(decisions):
        if is_order_agreed(entry):
            return entry
    return None


def order_state(decisions: Sequence[EntryRecord], issues: Sequence[IssueRecord]) -> OrderState:
    """Whether the order was confirmed, and whether it moved or grew since."""
    agreed = latest_agreement(decisions)
    if agreed is None:
        return OrderState(confirmed_at=None, changed_since=False)
    after = [e for e in decisions if e.seq > agreed.seq]
    changed = any(is_order_changed(e) for e in after) or any(
        issue.agreed_rank is None for issue in issues
    )
    return OrderState(confirmed_at=agreed.at, changed_since=changed)


def positions(ordered: Sequence[IssueRecord]) -> dict[int, int | None]:
    """Each issue's position in *ordered*; None for issues without an agreed rank yet."""
    return {
        issue.id: (n if issue.agreed_rank is not None else None)
        for n, issue in enumerate(ordered, 1)
    }
