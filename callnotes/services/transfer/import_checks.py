"""The checks that refuse a case document as a whole, each with one sentence naming the field.

Within the document: nesting depth, uids repeated in one list, manager cycles, two issues with
one agreed rank. Against the database: uids that items of another case already hold, contacts
stored under another client, a new client named like another one but for case.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.errors import InvalidInputError
from callnotes.services.transfer.json_fields import Fields
from callnotes.storage import models as m

# The case's lists whose items carry a uid, in the document's order, and their tables.
_UID_TABLES: dict[str, Any] = {
    "calls": m.Call,
    "issues": m.Issue,
    "timeline": m.TimelineEntry,
    "commitments": m.Commitment,
    "communications": m.Communication,
    "escalation_attempts": m.EscalationAttempt,
    "team_notices": m.TeamNotice,
    "investigation": m.InvestigationStep,
    "follow_up_checks": m.FollowUpCheck,
    "call_backs": m.CallBack,
}


def depth_within(data: Any, limit: int) -> bool:
    """Whether lists and objects nest at most *limit* deep (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return False
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items if isinstance(item, dict | list))
    return True


def refuse_repeated_uids(path: str, items: list[Fields], key: str = "uid") -> None:
    """Two items of one list with the same uid would be merged: refuse the second."""
    seen: dict[Any, int] = {}
    for n, item in enumerate(items):
        uid = item.raw(key) if item.has(key) else None
        if not isinstance(uid, str):
            continue
        if uid in seen:
            raise InvalidInputError(
                f"{path}[{n}].{key}: {uid[:40]} is also the {key} of {path}[{seen[uid]}]; each "
                "item appears once."
            )
        seen[uid] = n


def refuse_repeated_case_uids(case_fields: Fields) -> None:
    """No uid twice in any of the case's lists, nor a linked case twice."""
    for key in _UID_TABLES:
        if case_fields.has(key):
            refuse_repeated_uids(f"case.{key}", case_fields.objects(key))
    if case_fields.has("linked_cases"):
        refuse_repeated_uids("case.linked_cases", case_fields.objects("linked_cases"), "case")


def refuse_manager_cycles(team_fields: list[Fields], team: dict[str, m.TeamMember]) -> None:
    """A member may not be their own manager, directly or through others."""
    for f in team_fields:
        member = team[f.raw("uid")]
        if member.manager is member:
            raise InvalidInputError(f"{f.path}.manager: {member.name} cannot manage themselves.")
        seen = {id(member)}
        boss = member.manager
        while boss is not None:
            if boss is member:
                raise InvalidInputError(
                    f"{f.path}.manager: {member.name} would manage themselves through a chain "
                    "of managers."
                )
            if id(boss) in seen:
                break  # a cycle above this member: it is named at one of its own members
            seen.add(id(boss))
            boss = boss.manager


def refuse_uids_stored_elsewhere(session: Session, case_fields: Fields) -> None:
    """Calls, issues, entries… of another case already use these uids: refuse, naming one."""
    for key, model in _UID_TABLES.items():
        if not case_fields.has(key):
            continue
        items = case_fields.objects(key)
        uids = [item.raw("uid") for item in items]
        taken = set(session.scalars(select(model.uid).where(model.uid.in_(uids))))
        for item, uid in zip(items, uids, strict=True):
            if uid in taken:
                raise InvalidInputError(
                    f"{item.path}.uid: an item of another case in this database has this uid."
                )
    review = case_fields.optional_object("review")
    if review is not None and session.scalar(
        select(m.Review.id).where(m.Review.uid == review.raw("uid"))
    ):
        raise InvalidInputError("case.review.uid: a review of another case has this uid.")


def refuse_contacts_of_others(session: Session, client_uid: str, contacts: list[Fields]) -> None:
    """A contact of the document stored under another client may not move to this one."""
    uids = [c.raw("uid") for c in contacts]
    owners = dict(
        session.execute(
            select(m.Contact.uid, m.Client.uid)
            .join(m.Client, m.Client.id == m.Contact.client_id)
            .where(m.Contact.uid.in_(uids))
        ).all()
    )
    for f, uid in zip(contacts, uids, strict=True):
        if uid in owners and owners[uid] != client_uid:
            raise InvalidInputError(
                f"{f.path}.uid: this contact belongs to another client in this database."
            )


def refuse_similar_name(session: Session, name: str) -> None:
    """A new client may not share another's name but for case (the rename rule)."""
    folded = name.casefold()
    for other in session.scalars(select(m.Client.name)):
        if other.casefold() == folded:
            raise InvalidInputError(
                f"client.name: another client is already called {other}; rename one of them "
                "so the two can be told apart, then import again."
            )


def refuse_shared_ranks(fields: list[Fields], issues: list[m.Issue]) -> None:
    """The order agreed with the client gives each issue its own place."""
    ranked: dict[int, int] = {}
    for n, (f, issue) in enumerate(zip(fields, issues, strict=True)):
        if issue.agreed_rank is None:
            continue
        if issue.agreed_rank in ranked:
            raise f.fail(
                "agreed_rank",
                f"a rank no other issue has (case.issues[{ranked[issue.agreed_rank]}] is also "
                f"ranked {issue.agreed_rank})",
            )
        ranked[issue.agreed_rank] = n
