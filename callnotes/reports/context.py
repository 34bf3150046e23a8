"""Plain context objects every document is rendered from, so all documents agree on facts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property

from callnotes.domain.audit import AuditHead
from callnotes.domain.calls import CallRecord
from callnotes.domain.case_chart import CaseChart, GivenUpdate, case_chart
from callnotes.domain.cases import CaseStatus, CaseSummary
from callnotes.domain.commitments import CommitmentRecord, CommitmentState
from callnotes.domain.communications import Audience, CommunicationRecord
from callnotes.domain.follow_up import CheckOutcome, FollowUpCheckRecord, latest_outcomes
from callnotes.domain.issues import IssueRecord
from callnotes.domain.next_update import NextUpdate, names_next_update, next_update
from callnotes.domain.people import ClientRecord, ContactMethod, ContactRecord, TeamMemberRecord
from callnotes.domain.phones import display_number
from callnotes.domain.recurring import IssueSample, RecurringGroup
from callnotes.domain.resolution import changed_since as since_away
from callnotes.domain.resolution import client_noticed, steps_to_resolution, we_detected
from callnotes.domain.reviews import ReviewRecord
from callnotes.domain.timeline import CHANGE_KINDS, EntryKind, EntryRecord, client_may_read
from callnotes.domain.unnamed import NEW_CASE_TITLE, is_unnamed

# What a status report tells the client "we know" about an issue, and what "the plan" is.
_KNOWN_KINDS = frozenset(
    {EntryKind.NEW_INFORMATION, EntryKind.NOTE, EntryKind.STATUS_CHANGE, EntryKind.COMMUNICATION}
)
_PLAN_KINDS = frozenset(
    {EntryKind.DECISION, EntryKind.ACTION, EntryKind.COMMITMENT, EntryKind.ESCALATION}
)
# A status report lists this many of an issue's latest facts and plan steps beside it, so a long
# case stays readable; every fact is still in the report's timeline.
RECENT_FACTS = 3


@dataclass(frozen=True)
class IssueView:
    """An issue with the names and facts a document needs beside it."""

    issue: IssueRecord
    position: int
    owner_name: str
    owner_role: str = ""
    entries: tuple[EntryRecord, ...] = ()

    @property
    def known(self) -> tuple[EntryRecord, ...]:
        """Client-visible facts learned about this issue, oldest first."""
        return tuple(e for e in self.entries if client_may_read(e) and e.kind in _KNOWN_KINDS)

    @property
    def plan(self) -> tuple[EntryRecord, ...]:
        """Client-visible decisions, actions and promises about this issue, oldest first."""
        return tuple(e for e in self.entries if client_may_read(e) and e.kind in _PLAN_KINDS)

    @property
    def recent_known(self) -> tuple[EntryRecord, ...]:
        """The latest facts about the issue; the status report's timeline holds the rest."""
        return self.known[-RECENT_FACTS:]

    @property
    def earlier_known(self) -> int:
        """How many facts ``recent_known`` leaves out."""
        return max(0, len(self.known) - RECENT_FACTS)

    @property
    def recent_plan(self) -> tuple[EntryRecord, ...]:
        """The latest steps of the plan; the status report's timeline holds the rest."""
        return self.plan[-RECENT_FACTS:]

    @property
    def earlier_plan(self) -> int:
        """How many steps ``recent_plan`` leaves out."""
        return max(0, len(self.plan) - RECENT_FACTS)


@dataclass(frozen=True)
class CasePlan:
    """How the client is kept informed, and whether the case went back to its usual contact."""

    uid: str
    update_cadence_minutes: int | None
    update_channel: ContactMethod | None
    handed_over_to: str
    handed_over_at: datetime | None
    handback_acknowledged_at: datetime | None
    closed_at: datetime | None
    # Since when the client's usual contact was away, when that is recorded.
    away_since: datetime | None = None
    # Since when the update clock is paused, waiting on the client (None: running).
    update_paused_since: datetime | None = None


@dataclass(frozen=True)
class Detection:
    """When the client noticed the problem and when we knew; *derived* when no review says so."""

    client_noticed_at: datetime | None
    detected_at: datetime | None
    derived: bool

    @property
    def gap(self) -> timedelta | None:
        """How long the client knew before we did, when both times are known."""
        if self.client_noticed_at is None or self.detected_at is None:
            return None
        return self.detected_at - self.client_noticed_at


@dataclass(frozen=True)
class FollowUpLine:
    """One criterion of an issue and the client's latest answer on it (None: not asked yet)."""

    position: int
    issue_title: str
    criterion: str
    check: FollowUpCheckRecord | None

    @property
    def confirmed(self) -> bool:
        """Whether the client confirmed it."""
        return self.check is not None and self.check.outcome is CheckOutcome.CONFIRMED

    @property
    def still_wrong(self) -> bool:
        """Whether the client said it is still wrong."""
        return self.check is not None and self.check.outcome is CheckOutcome.STILL_WRONG


@dataclass(frozen=True)
class Attendee:
    """Someone on one of the case's calls, with what a document says beside their name."""

    name: str
    # A contact's role at the client; for the team, the company.
    about: str = ""


@dataclass(frozen=True)
class Workload:
    """What one person is working on: issues they own and promises they must keep."""

    name: str
    role: str
    issues: tuple[IssueView, ...]
    commitments: tuple[CommitmentRecord, ...]


@dataclass(frozen=True)
class ReportContext:
    """Every fact about one case that any document may show."""

    case: CaseSummary
    client: ClientRecord
    caller: ContactRecord | None
    agent_name: str
    company: str
    generated_at: datetime
    timezone: str
    calls: tuple[CallRecord, ...]
    issues: tuple[IssueView, ...]
    entries: tuple[EntryRecord, ...]
    commitments: tuple[CommitmentRecord, ...]
    communications: tuple[CommunicationRecord, ...]
    team: tuple[TeamMemberRecord, ...]
    review: ReviewRecord | None
    plan: CasePlan | None = None
    follow_up_checks: tuple[FollowUpCheckRecord, ...] = ()
    # Groups of alike issues of this client that an issue of this case belongs to.
    recurring: tuple[RecurringGroup, ...] = ()
    # Communications also written to the timeline (their entry already tells the change).
    logged_communication_ids: frozenset[int] = frozenset()
    # The head of the case's audit chain on a team database (None on one desktop's file).
    audit_head: AuditHead | None = None

    @property
    def client_visible_entries(self) -> tuple[EntryRecord, ...]:
        """Entries that may appear in documents written for the client."""
        return tuple(e for e in self.entries if client_may_read(e))

    def for_client(self) -> ReportContext:
        """A copy holding only what the client may read, for a document written for them.

        Every entry the client may not read (``client_may_read``) is gone from the timeline and
        from each issue, with the promises those entries made; only the updates exchanged with
        the client remain, and the team's review is left out. A template (a user's own too)
        rendered from this copy cannot show what it was never given.
        """
        entries = self.client_visible_entries
        left_out = {e.id for e in self.entries} - {e.id for e in entries}
        updates = self.client_updates
        case, client, caller = self._named_for_client()
        return replace(
            self,
            case=case,
            client=client,
            caller=caller,
            entries=entries,
            issues=tuple(
                replace(v, entries=tuple(e for e in v.entries if client_may_read(e)))
                for v in self.issues
            ),
            commitments=tuple(c for c in self.commitments if c.entry_id not in left_out),
            communications=updates,
            logged_communication_ids=self.logged_communication_ids & {c.id for c in updates},
            review=None,
        )

    @property
    def unfilled(self) -> tuple[str, ...]:
        """What a document for the client would otherwise say in the app's own placeholders
        (see :mod:`callnotes.domain.unnamed`), one sentence each, for the agent to fill in
        before the client reads it."""
        found = []
        numbers = [n for c in self.client.contacts for n in c.phones]
        recipient = self.recipient
        names = [self.client.name] + ([recipient.name] if recipient else [])
        placeholder = next((n for n in names if is_unnamed(n, numbers)), None)
        if placeholder is not None:
            found.append(
                f"The client is known only by their number (“{placeholder}”): add their name "
                "on the client card before this goes to them."
            )
        if self.case.title == NEW_CASE_TITLE and not self.issues:
            found.append(
                f"The case is still “{NEW_CASE_TITLE}” with no issue recorded: add the issue "
                "the client called about before this goes to them."
            )
        return tuple(found)

    def _named_for_client(self) -> tuple[CaseSummary, ClientRecord, ContactRecord | None]:
        """The case, client and caller in words for the client: a caller known only by their
        number is named by the number, and a case still "New call" by its first issue."""

        def named(contact: ContactRecord) -> ContactRecord:
            if not is_unnamed(contact.name, contact.phones):
                return contact
            number = display_number(contact.phones[0]) if contact.phones else ""
            return replace(contact, name=number or "you")

        contacts = tuple(named(c) for c in self.client.contacts)
        client = self.client
        numbers = [n for c in client.contacts for n in c.phones]
        if is_unnamed(client.name, numbers):
            pairs = zip(client.contacts, contacts, strict=True)
            same = (n.name for c, n in pairs if c.name == client.name)
            shown = display_number(numbers[0]) if numbers else "you"
            client = replace(client, name=next(same, shown))
        client = replace(client, contacts=contacts)
        caller = named(self.caller) if self.caller is not None else None
        case = self.case
        if case.title == NEW_CASE_TITLE:
            first = self.issues[0].issue.title if self.issues else ""
            case = replace(case, title=first or "Your call")
        return case, client, caller

    @property
    def decisions(self) -> tuple[EntryRecord, ...]:
        """Decision entries, in order."""
        return tuple(e for e in self.entries if e.kind is EntryKind.DECISION)

    @property
    def client_words(self) -> tuple[EntryRecord, ...]:
        """What the client said, in their words, in order."""
        return tuple(e for e in self.entries if e.kind is EntryKind.CLIENT_SAID)

    @property
    def changes(self) -> tuple[EntryRecord, ...]:
        """Decisions, new information, promises, actions and updates, in order."""
        return tuple(e for e in self.entries if e.kind in CHANGE_KINDS)

    @property
    def open_commitments(self) -> tuple[CommitmentRecord, ...]:
        """Promises still to keep, soonest due first (undated ones last)."""
        pending = [c for c in self.commitments if c.state is CommitmentState.OPEN]
        return tuple(sorted(pending, key=lambda c: (c.due_at is None, c.due_at or c.created_at)))

    @cached_property  # asked once per entry shown: worked out once per document
    def cancelled_promises(self) -> frozenset[int]:
        """The promise entries whose promise was cancelled after it was made.

        The client read the promise; a document for them says it no longer holds. Why it was
        cancelled is on the timeline as the agent's action, which the client reads only when
        the agent marks it for them (the reason may be the team's own).
        """
        cancelled = {c.entry_id for c in self.commitments if c.state is CommitmentState.CANCELLED}
        return frozenset(
            e.id for e in self.entries if e.kind is EntryKind.COMMITMENT and e.id in cancelled
        )

    @property
    def overdue_commitments(self) -> tuple[CommitmentRecord, ...]:
        """Open promises whose time has passed when the document was written."""
        return tuple(
            c
            for c in self.open_commitments
            if c.due_at is not None and c.due_at < self.generated_at
        )

    @property
    def open_issues(self) -> tuple[IssueView, ...]:
        """Issues on which work remains, in the agreed order."""
        return tuple(v for v in self.issues if v.issue.status.is_open)

    @property
    def client_updates(self) -> tuple[CommunicationRecord, ...]:
        """Updates exchanged with the client (never the team's or managers' ones)."""
        return tuple(c for c in self.communications if c.audience is Audience.CLIENT)

    @cached_property  # read several times by every document: worked out once
    def coming_update(self) -> NextUpdate:
        """The next update every document, the read-back and the calendar file name, by the
        rule every other place follows (:mod:`callnotes.domain.next_update`): the plan's next
        update once late, else the soonest of it and the promises to contact the client still
        ahead; no time while the clock is paused."""
        promised = [c.due_at for c in self.client_contact_promises]
        return next_update(
            self.planned_update_at,
            promised,
            self.generated_at,
            paused_since=self.update_paused_since,
        )

    @property
    def next_update_at(self) -> datetime | None:
        """When the next update is (:attr:`coming_update`); None while the clock is paused."""
        return self.coming_update.at

    @property
    def update_paused_since(self) -> datetime | None:
        """Since when the update clock is paused, waiting on the client (None: running)."""
        return self.plan.update_paused_since if self.plan is not None else None

    @property
    def planned_update_at(self) -> datetime | None:
        """The plan's next update: the case's, else the latest promised in an update to the
        client (never one promised to the team or managers)."""
        if self.case.next_update_due_at is not None:
            return self.case.next_update_due_at
        promised = [c.next_update_at for c in self.client_updates if c.next_update_at]
        return max(promised) if promised else None

    @cached_property
    def client_contact_promises(self) -> tuple[CommitmentRecord, ...]:
        """Open promises, with a due time, to contact the client, soonest first.

        Only promises the client may read count (a promise made in an entry kept from the
        client is not a time they expect to hear from us), so a document for the client and
        the team's documents name the same next update.
        """
        kept_from_client = {e.id for e in self.entries if not client_may_read(e)}
        names = [c.name for c in self.client.contacts]
        return tuple(
            c
            for c in self.open_commitments
            if names_next_update(
                c.text,
                c.due_at,
                client_reads=c.entry_id not in kept_from_client,
                client_name=self.client.name,
                contact_names=names,
            )
        )

    @property
    def upcoming_update_at(self) -> datetime | None:
        """The promised next update, unless its time had passed when the document was written."""
        due = self.next_update_at
        return due if due is not None and due >= self.generated_at else None

    @property
    def update_channel(self) -> ContactMethod | None:
        """How the next update reaches the client: the agreed channel, else their preference."""
        if self.plan is not None and self.plan.update_channel is not None:
            return self.plan.update_channel
        return self.caller.preferred_method if self.caller else None

    @property
    def recipient(self) -> ContactRecord | None:
        """The client contact documents for the client are addressed to."""
        if self.caller is not None and self.caller.email:
            return self.caller
        with_email = [c for c in self.client.contacts if c.email]
        return with_email[0] if with_email else self.caller

    @property
    def client_is_person(self) -> bool:
        """Whether the client is a person, not an organisation (rule: ``ClientRecord.person``)."""
        return self.client.person is not None

    @property
    def caller_is_client(self) -> bool:
        """Whether the caller is the client in person: "Rosa Moreau called", not "… of …"."""
        return self.client.is_client(self.caller)

    @property
    def recipient_is_client(self) -> bool:
        """Whether the client's document goes to the client in person: "For Rosa Moreau"."""
        return self.client.is_client(self.recipient)

    @property
    def agent(self) -> TeamMemberRecord | None:
        """The agent writing the document, when they are also on the team list."""
        return next((t for t in self.team if self.agent_name and t.name == self.agent_name), None)

    @property
    def attendees(self) -> tuple[Attendee, ...]:
        """Who was on the case's calls: the client's people on them, then the agents who took
        them (whoever wrote on a call), each once, in the order of the calls.

        Not whoever writes the document: a colleague may write the minutes of a call someone
        else took. A case without calls has no call to go by: its caller and the writer.
        """
        if not self.calls:
            people = [Attendee(self.caller.name, self.caller.role)] if self.caller else []
            if self.agent_name:
                people.append(Attendee(self.agent_name, self.company))
            return tuple(people)
        contacts = {c.id: c for c in self.client.contacts}
        clients: dict[str, Attendee] = {}
        agents: dict[str, Attendee] = {}
        for call in self.calls:
            contact = contacts.get(call.contact_id) if call.contact_id is not None else None
            if contact is not None:
                clients.setdefault(contact.name, Attendee(contact.name, contact.role))
            for entry in self.entries:
                if entry.call_id == call.id and entry.author:
                    agents.setdefault(entry.author, Attendee(entry.author, self.company))
        return tuple(clients.values()) + tuple(agents.values())

    @property
    def usual_contact_away(self) -> bool:
        """Whether the client's usual contact is still away when the document is written."""
        usual = self.client.usual_contact
        return usual is not None and usual.is_away(self.generated_at)

    @property
    def is_resolved(self) -> bool:
        """Whether the case has been resolved or closed."""
        return self.case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)

    @property
    def detection(self) -> Detection:
        """The detection gap: from the review when it records the times, else from the facts.

        Without a review the client noticed at the earliest "first noticed" of the issues, and
        we knew when the case was opened, which is when the client told us.
        """
        review = self.review
        if review is not None and (review.client_noticed_at or review.detected_at):
            return Detection(review.client_noticed_at, review.detected_at, derived=False)
        noticed = client_noticed(v.issue.first_noticed_at for v in self.issues)
        first = self.entries[0].at if self.entries else None
        return Detection(noticed, we_detected(self.case.opened_at, first), derived=True)

    @property
    def case_chart(self) -> CaseChart:
        """The case over time (see :mod:`callnotes.domain.case_chart`) for the team's documents.

        Escalation attempts are internal entries: a copy made ``for_client`` has none, yet the
        client's documents show no chart at all (the cadence measured is the team's yardstick).
        """
        detection = self.detection
        knew = detection.detected_at or self.case.opened_at
        fixed = []
        for view in self.issues:
            if view.issue.status.is_open:
                continue
            changes = [e.at for e in view.entries if e.kind is EntryKind.STATUS_CHANGE]
            if changes:
                fixed.append((max(changes), view.issue.title))
        return case_chart(
            noticed_at=detection.client_noticed_at,
            knew_at=knew,
            updates=[GivenUpdate(c.at, c.next_update_at) for c in self.client_updates],
            cadence_minutes=self.plan.update_cadence_minutes if self.plan else None,
            next_due_at=None if self.is_resolved else self.upcoming_update_at,
            escalations=[(e.at, e.text) for e in self.entries if e.kind is EntryKind.ESCALATION],
            fixed=fixed,
            now=self.plan.closed_at if self.plan and self.plan.closed_at else self.generated_at,
        )

    @property
    def changed_since(self) -> datetime:
        """Since when the usual contact was away (the case's opening when not recorded)."""
        if self.plan is None:
            return self.case.opened_at
        return since_away(self.plan.away_since, self.case.opened_at, self.plan.handed_over_at)

    @property
    def handover_from(self) -> str:
        """Who the handover is from: whoever handed the case back (the author of that entry,
        written when it was handed back), else the agent writing it — not the colleague it
        went back to, printing it on their return."""
        handed_at = self.plan.handed_over_at if self.plan is not None else None
        if handed_at is not None:
            for entry in self.entries:
                if entry.at == handed_at and entry.kind is EntryKind.ACTION and entry.author:
                    return entry.author
        return self.agent_name

    @property
    def changes_since_away(self) -> tuple[EntryRecord, ...]:
        """Everything recorded since the usual contact went away, in order: what the client
        said and the team's notes too, as their "since you left" lists them."""
        return tuple(e for e in self.entries if e.at >= self.changed_since)

    @property
    def communications_since_away(self) -> tuple[CommunicationRecord, ...]:
        """The updates exchanged since the usual contact went away and not on the timeline."""
        return tuple(
            c
            for c in self.communications
            if c.at >= self.changed_since and c.id not in self.logged_communication_ids
        )

    @property
    def steps_to_resolution(self) -> tuple[EntryRecord, ...]:
        """What was done, decided and changed on the way to the fix, in order."""
        return steps_to_resolution(self.entries)

    @property
    def follow_up(self) -> tuple[FollowUpLine, ...]:
        """Each criterion of each issue with the client's latest answer, in the agreed order."""
        latest = latest_outcomes(self.follow_up_checks)
        return tuple(
            FollowUpLine(v.position, v.issue.title, text, latest.get((v.issue.id, text)))
            for v in self.issues
            for text in v.issue.fixed_looks_like
        )

    @property
    def follow_up_done(self) -> bool:
        """Whether the client has been asked about at least one criterion."""
        return bool(self.follow_up_checks)

    @property
    def similar_issues(self) -> tuple[IssueSample, ...]:
        """Alike issues of this client from other cases, oldest first."""
        found = {
            i.issue_id: i for g in self.recurring for i in g.issues if i.case_id != self.case.id
        }
        return tuple(sorted(found.values(), key=lambda i: (i.raised_at, i.issue_id)))

    @property
    def root_causes(self) -> tuple[IssueView, ...]:
        """Issues whose root cause is known."""
        return tuple(v for v in self.issues if v.issue.root_cause)

    @property
    def workloads(self) -> tuple[Workload, ...]:
        """Who is working on what: owners of open issues and open promises, by name."""
        names: list[str] = []
        for view in self.open_issues:
            if view.owner_name and view.owner_name not in names:
                names.append(view.owner_name)
        for commitment in self.open_commitments:
            if commitment.owner and commitment.owner not in names:
                names.append(commitment.owner)
        roles = {t.name: t.role for t in self.team}
        return tuple(
            Workload(
                name=name,
                role=roles.get(name, ""),
                issues=tuple(v for v in self.open_issues if v.owner_name == name),
                commitments=tuple(c for c in self.open_commitments if c.owner == name),
            )
            for name in names
        )

    @property
    def unowned_issues(self) -> tuple[IssueView, ...]:
        """Open issues nobody has taken yet."""
        return tuple(v for v in self.open_issues if not v.owner_name)
