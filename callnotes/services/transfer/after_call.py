"""The after-call part of the case JSON (format version 2): escalation attempts, team notices,
the investigation checklist, linked past cases and follow-up answers.

Documents of version 1 have none of these fields; they import with empty lists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.communications import Channel
from callnotes.domain.escalation import Outcome
from callnotes.domain.follow_up import CheckOutcome
from callnotes.domain.investigation import InvestigationCheck
from callnotes.domain.timestamps import to_iso
from callnotes.services.transfer.json_fields import Fields
from callnotes.storage import models as m

Json = dict[str, Any]
UidOf = Callable[[int | None], str | None]

# Added in version 2; absent from version 1 documents.
AFTER_CALL_KEYS = (
    "escalation_attempts",
    "team_notices",
    "investigation",
    "linked_cases",
    "follow_up_checks",
)


def members_mentioned(session: Session, case_id: int) -> set[int | None]:
    """Team members the after-call records point at (they travel with the case)."""
    attempts = session.scalars(
        select(m.EscalationAttempt.member_id).where(m.EscalationAttempt.case_id == case_id)
    )
    notices = session.scalars(select(m.TeamNotice.member_id).where(m.TeamNotice.case_id == case_id))
    author = session.scalar(select(m.Review.author_id).where(m.Review.case_id == case_id))
    return {*attempts, *notices, author}


def export_after_call(
    session: Session,
    case_id: int,
    member_uid: UidOf,
    entry_uid: UidOf,
    issue_uid: UidOf,
    call_uid: UidOf,
) -> Json:
    """The after-call lists of *case_id*, in the order they were recorded."""
    attempts = session.scalars(
        select(m.EscalationAttempt)
        .where(m.EscalationAttempt.case_id == case_id)
        .order_by(m.EscalationAttempt.id)
    )
    notices = session.scalars(
        select(m.TeamNotice).where(m.TeamNotice.case_id == case_id).order_by(m.TeamNotice.id)
    )
    steps = session.scalars(
        select(m.InvestigationStep)
        .where(m.InvestigationStep.case_id == case_id)
        .order_by(m.InvestigationStep.id)
    )
    links = session.execute(
        select(m.CaseLink, m.Case)
        .join(m.Case, m.Case.id == m.CaseLink.linked_case_id)
        .where(m.CaseLink.case_id == case_id)
        .order_by(m.CaseLink.id)
    )
    checks = session.scalars(
        select(m.FollowUpCheck)
        .where(m.FollowUpCheck.case_id == case_id)
        .order_by(m.FollowUpCheck.id)
    )
    return {
        "escalation_attempts": [
            {
                "uid": a.uid,
                "member": member_uid(a.member_id),
                "who": a.who,
                "rung": a.rung,
                "at": _time(a.at),
                "outcome": a.outcome,
                "note": a.note,
                "entry": entry_uid(a.entry_id),
            }
            for a in attempts
        ],
        "team_notices": [
            {
                "uid": n.uid,
                "entry": entry_uid(n.entry_id),
                "member": member_uid(n.member_id),
                "who": n.who,
                "channel": n.channel,
                "told_at": _time(n.told_at),
                "acknowledged_at": _time(n.acknowledged_at),
            }
            for n in notices
        ],
        "investigation": [
            {
                "uid": s.uid,
                "check": s.step,
                "findings": s.findings,
                "at": _time(s.at),
                "entry": entry_uid(s.entry_id),
            }
            for s in steps
        ],
        "linked_cases": [
            {
                "case": case.uid,
                "title": case.title,
                "reason": link.reason,
                "created_at": _time(link.created_at),
            }
            for link, case in links
        ],
        "follow_up_checks": [
            {
                "uid": c.uid,
                "issue": issue_uid(c.issue_id),
                "call": call_uid(c.call_id),
                "criterion": c.criterion,
                "outcome": c.outcome,
                "note": c.note,
                "at": _time(c.at),
            }
            for c in checks
        ],
    }


class AfterCallImport:
    """The after-call lists of a document, checked and built before anything is written.

    Rows point at entries, issues and calls of the same document (objects, given ids when the
    case is flushed) and at team members by uid (which may already be in the database).
    """

    def __init__(
        self,
        f: Fields,
        ref: Callable[[Fields, str, dict[str, Any]], Any],
        uid: Callable[..., str],
        team: dict[str, m.TeamMember],
        entries: dict[str, m.TimelineEntry],
        issues: dict[str, m.Issue],
        calls: dict[str, m.Call],
    ) -> None:
        self._team = team

        def listed(key: str) -> list[Fields]:
            return f.objects(key) if f.has(key) else []

        def member(item: Fields) -> str | None:
            found = ref(item, "member", team)
            return found.uid if found is not None else None

        self._rows: list[tuple[Any, str | None, Any, Any, Any]] = []
        for a in listed("escalation_attempts"):
            row: Any = m.EscalationAttempt(
                uid=uid(a),
                who=a.line("who", required=True),
                rung=a.integer("rung", high=1_000),
                at=a.time("at"),
                outcome=a.choice("outcome", Outcome).value,
                note=a.text("note"),
            )
            self._rows.append((row, member(a), ref(a, "entry", entries), None, None))
        for n in listed("team_notices"):
            channel = n.choice("channel", Channel).value if n.line("channel") else ""
            row = m.TeamNotice(
                uid=uid(n),
                who=n.line("who", required=True),
                channel=channel,
                told_at=n.time("told_at"),
                acknowledged_at=n.optional_time("acknowledged_at"),
            )
            self._rows.append((row, member(n), ref(n, "entry", entries), None, None))
        for s in listed("investigation"):
            row = m.InvestigationStep(
                uid=uid(s),
                step=s.choice("check", InvestigationCheck).value,
                findings=s.text("findings", required=True),
                at=s.time("at"),
            )
            self._rows.append((row, None, ref(s, "entry", entries), None, None))
        for c in listed("follow_up_checks"):
            issue = ref(c, "issue", issues)
            if issue is None:
                raise c.fail("issue", "the uid of an issue in this document")
            row = m.FollowUpCheck(
                uid=uid(c),
                criterion=c.line("criterion", required=True),
                outcome=c.choice("outcome", CheckOutcome).value,
                note=c.text("note"),
                at=c.time("at"),
            )
            self._rows.append((row, None, None, issue, ref(c, "call", calls)))
        self._links = [
            (uid(link, "case"), link.line("reason"), link.time("created_at"))
            for link in listed("linked_cases")
        ]

    def add_to(self, session: Session, case: m.Case, known: Mapping[str, m.TeamMember]) -> None:
        """Attach everything to *case* (already flushed, so it and its entries have ids).

        *known* holds the members found in the database, by their uid in the document (a
        colleague found by name has another uid here). Links to past cases not in this
        database are left out: there is nothing to point at.
        """
        wanted = {member for _, member, _, _, _ in self._rows if member is not None}
        # Members only these records mention are not reached through the case: add them too
        # (the team map holds only members not already in the database).
        for uid in wanted:
            if uid in self._team:
                session.add(self._team[uid])
        session.flush()
        members = {uid: t.id for uid, t in self._team.items() if uid in wanted}
        members.update({uid: t.id for uid, t in known.items() if uid in wanted})
        for row, member, entry, issue, call in self._rows:
            row.case_id = case.id
            if isinstance(row, m.EscalationAttempt | m.TeamNotice):
                row.member_id = members.get(member) if member else None
            if entry is not None:
                row.entry_id = entry.id
            if issue is not None:
                row.issue_id = issue.id
            if call is not None:
                row.call_id = call.id
            session.add(row)
        if not self._links:
            return
        stored_cases = dict(
            session.execute(
                select(m.Case.uid, m.Case.id).where(m.Case.uid.in_([u for u, _, _ in self._links]))
            ).all()
        )
        for linked_uid, reason, created_at in self._links:
            if linked_uid in stored_cases and stored_cases[linked_uid] != case.id:
                session.add(
                    m.CaseLink(
                        case_id=case.id,
                        linked_case_id=stored_cases[linked_uid],
                        reason=reason,
                        created_at=created_at,
                    )
                )


def _time(value: datetime | None) -> str | None:
    return to_iso(value) if value is not None else None
