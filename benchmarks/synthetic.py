"""Seeded synthetic rows (people, cases, issues, timeline) shaped like the real tables."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from benchmarks.phones import NumberPlan
from benchmarks.profile import END, Profile
from benchmarks.vocabulary import TextMaker, company_name, person_name

Row = dict[str, Any]

_KINDS = (
    ("note", 40), ("client_said", 20), ("action", 12), ("decision", 6), ("commitment", 5),
    ("new_information", 5), ("escalation", 4), ("communication", 5), ("status_change", 3),
)  # fmt: skip
_ISSUE_STATES = ("new", "investigating", "cause_identified", "fix_in_progress", "resolved")
_IMPACTS = ("whole_business", "department", "few_users", "one_user")
_URGENCIES = ("critical", "high", "medium", "low")
_CHANNELS = ("phone", "email", "sms", "chat")
_TWO_YEARS = timedelta(days=730)
SECOND_PHONE_SHARE = 0.3


@dataclass
class CasePlan:
    """One case and what hangs off it, decided before any timeline entry is written."""

    id: int
    client_id: int
    opened_at: datetime
    last_at: datetime
    entries: int
    issue_ids: list[int] = field(default_factory=list)
    call_ids: list[int] = field(default_factory=list)


class Synthesizer:
    """Builds every row of a database for one profile and seed, always the same ones."""

    def __init__(self, profile: Profile, seed: int) -> None:
        self.profile = profile
        self.seed = seed
        self.text = TextMaker(seed)
        self.numbers = NumberPlan(seed)
        self._rng = random.Random(f"{seed}-records")
        self._kinds = [k for k, _ in _KINDS]
        self._kind_weights = [w for _, w in _KINDS]
        self.contact_clients: list[int] = []
        self.plans: list[CasePlan] = []

    @property
    def report_case_id(self) -> int:
        """The newest case, holding the report-sized issue list and timeline."""
        return self.profile.cases

    def uid(self, rng: random.Random | None = None) -> str:
        """A 32-hex-digit uid from the seeded stream."""
        return f"{(rng or self._rng).getrandbits(128):032x}"

    def team_rows(self) -> list[Row]:
        """Colleagues; every tenth is away, so handovers have someone to hand back to."""
        rng, rows = self._rng, []
        for i in range(1, self.profile.team + 1):
            away = i % 10 == 1
            rows.append(
                {
                    "id": i,
                    "name": person_name(rng),
                    "role": rng.choice(("Engineer", "Account manager", "Team lead", "Agent")),
                    "team": rng.choice(("Service desk", "Network", "Applications", "Field")),
                    "manager_id": None if i <= 3 else rng.randint(1, 3),
                    "phone": self.numbers.e164(10_000_000 + i),
                    "email": f"colleague{i}@example.com",
                    "away_until": END + timedelta(days=7) if away else None,
                    "away_reason": "annual leave" if away else "",
                    "uid": self.uid(),
                }
            )
        return rows

    def client_rows(self) -> list[Row]:
        """Client organisations with a usual contact in the team."""
        rng = self._rng
        return [
            {
                "id": i,
                "name": company_name(rng, self.text.ranked[-2000:]),
                "timezone": rng.choice(("America/New_York", "Europe/London", "UTC")),
                "business_hours": "Mon–Fri 08:00–18:00",
                "notes": self.text.sentence(rng, 5, 15),
                "usual_contact_id": rng.randint(1, self.profile.team),
                "uid": self.uid(),
            }
            for i in range(1, self.profile.clients + 1)
        ]

    def contact_rows(self) -> tuple[list[Row], list[Row]]:
        """Contacts spread over the clients, and their E.164 numbers (some have two)."""
        rng, p = self._rng, self.profile
        contacts: list[Row] = []
        phones: list[Row] = []
        for i in range(1, p.contacts + 1):
            client_id = i if i <= p.clients else rng.randint(1, p.clients)
            self.contact_clients.append(client_id)
            contacts.append(
                {
                    "id": i,
                    "client_id": client_id,
                    "name": person_name(rng),
                    "role": rng.choice(("Office manager", "CTO", "Owner", "Buyer", "")),
                    "email": f"contact{i}@client.example",
                    "preferred_method": rng.choice((*_CHANNELS, None)),
                    "best_times": rng.choice(("mornings", "after 14:00", "")),
                    "uid": self.uid(),
                }
            )
            phones.append({"contact_id": i, "number": self.numbers.e164(i - 1), "label": "work"})
            if rng.random() < SECOND_PHONE_SHARE:
                number = self.numbers.e164(p.contacts + i - 1)
                phones.append({"contact_id": i, "number": number, "label": "mobile"})
        return contacts, phones

    def plan_cases(self) -> list[CasePlan]:
        """Decide every case's client, dates and entry count; the last is the report case."""
        rng, p = self._rng, self.profile
        opened = sorted(END - _TWO_YEARS * rng.random() for _ in range(p.cases - 1))
        weights = [rng.lognormvariate(0, 0.8) for _ in opened]
        counts = _share(p.entries - p.report_entries, weights)
        for i, (start, count) in enumerate(zip(opened, counts, strict=True), start=1):
            span = min(timedelta(days=rng.uniform(1, 30)), END - timedelta(days=1) - start)
            client = rng.randint(1, p.clients)
            self.plans.append(CasePlan(i, client, start, start + max(span, timedelta()), count))
        self.plans.append(
            CasePlan(
                p.cases,
                1,
                END - timedelta(days=3),
                END - timedelta(minutes=10),
                p.report_entries,
            )
        )
        return self.plans

    def case_rows(self) -> list[Row]:
        """Cases: old ones closed, recent ones open with an agreed update cadence."""
        rng, rows = self._rng, []
        for plan in self.plans:
            recent = END - plan.last_at < timedelta(days=14)
            rows.append(
                {
                    "id": plan.id,
                    "client_id": plan.client_id,
                    "title": self.text.title(rng),
                    "status": rng.choice(("open", "monitoring")) if recent else "closed",
                    "opened_at": plan.opened_at,
                    "closed_at": None if recent else plan.last_at,
                    "update_cadence_minutes": 60 if recent else None,
                    "next_update_due_at": END + timedelta(hours=1) if recent else None,
                    "update_channel": rng.choice(_CHANNELS) if recent else None,
                    "handed_over_to_id": None,
                    "handed_over_at": None,
                    "handback_acknowledged_at": None,
                    "uid": self.uid(),
                }
            )
        return rows

    def call_rows(self) -> list[Row]:
        """One to three calls a case (five for the report case), from one of the client's people."""
        rng, rows, call_id = self._rng, [], 0
        by_client: dict[int, list[int]] = {}
        for contact_id, client_id in enumerate(self.contact_clients, start=1):
            by_client.setdefault(client_id, []).append(contact_id)
        for plan in self.plans:
            calls = 5 if plan.id == self.report_case_id else rng.randint(1, 3)
            for n in range(calls):
                call_id += 1
                plan.call_ids.append(call_id)
                started = plan.opened_at + (plan.last_at - plan.opened_at) * (n / calls)
                talk = rng.randint(120, 2400)
                contact = rng.choice(by_client[plan.client_id])
                rows.append(
                    {
                        "id": call_id,
                        "case_id": plan.id,
                        "direction": "inbound" if n == 0 else rng.choice(("inbound", "outbound")),
                        "contact_id": contact,
                        "number": self.numbers.e164(contact - 1),
                        "started_at": started,
                        "ended_at": started + timedelta(seconds=talk),
                        "talk_seconds": talk,
                        "hold_seconds": rng.choice((0, 0, 30, 90)),
                        "rail_state": "{}",
                        "uid": self.uid(),
                    }
                )
        return rows

    def issue_rows(self) -> list[Row]:
        """Zero to four issues a case; the report case gets its full, client-ordered list."""
        rng, rows, issue_id = self._rng, [], 0
        for plan in self.plans:
            is_report = plan.id == self.report_case_id
            count = self.profile.report_issues if is_report else rng.choice((0, 1, 1, 2, 3, 4))
            for rank in range(1, count + 1):
                issue_id += 1
                plan.issue_ids.append(issue_id)
                state = rng.choice(_ISSUE_STATES[:4]) if is_report else rng.choice(_ISSUE_STATES)
                rows.append(
                    {
                        "id": issue_id,
                        "case_id": plan.id,
                        "title": self.text.title(rng),
                        "client_words": self.text.sentence(rng, 8, 30),
                        "fixed_looks_like": "\n".join(
                            self.text.sentence(rng, 4, 10) for _ in range(rng.randint(1, 3))
                        ),
                        "impact": rng.choice(_IMPACTS),
                        "urgency": rng.choice(_URGENCIES),
                        "time_sensitive": rng.random() < 0.3,
                        "business_critical": rng.random() < 0.2,
                        "timeframe": rng.choice(("today", "by Friday", "this week", "")),
                        "deadline": plan.last_at + timedelta(days=2) if rank % 4 == 0 else None,
                        "first_noticed_at": plan.opened_at - timedelta(hours=rng.randint(1, 48)),
                        "status": state,
                        "owner_id": rng.randint(1, self.profile.team),
                        "eta": plan.last_at + timedelta(hours=rng.randint(2, 72)),
                        "roadblocks": self.text.sentence(rng, 5, 12) if rank % 3 == 0 else "",
                        "root_cause": self.text.sentence(rng, 5, 12) if state == "resolved" else "",
                        "agreed_rank": rank if is_report or rng.random() < 0.5 else None,
                        "created_at": plan.opened_at + timedelta(minutes=rank),
                        "uid": self.uid(),
                    }
                )
        return rows

    def promise_rows(self) -> tuple[list[Row], list[Row]]:
        """Commitments and communications: a few per case, a dozen for the report case."""
        rng = self._rng
        commitments: list[Row] = []
        communications: list[Row] = []
        for plan in self.plans:
            many = plan.id == self.report_case_id
            for _ in range(12 if many else rng.randint(0, 2)):
                commitments.append(
                    {
                        "case_id": plan.id,
                        "entry_id": None,
                        "text": self.text.sentence(rng, 5, 12),
                        "due_at": plan.last_at + timedelta(hours=rng.randint(1, 48)),
                        "owner": person_name(rng),
                        "state": rng.choice(("open", "done")) if many else "done",
                        "created_at": plan.opened_at,
                        "uid": self.uid(),
                    }
                )
            for n in range(8 if many else rng.randint(0, 2)):
                communications.append(
                    {
                        "case_id": plan.id,
                        "at": plan.opened_at + timedelta(hours=n + 1),
                        "audience": rng.choice(("client", "team", "manager")),
                        "channel": rng.choice(_CHANNELS),
                        "kind": rng.choice(("routine", "plan", "eta", "roadblock")),
                        "summary": self.text.sentence(rng, 8, 20),
                        "next_update_at": plan.opened_at + timedelta(hours=n + 2),
                        "uid": self.uid(),
                    }
                )
        return commitments, communications

    def entry_chunks(self, size: int) -> Iterator[tuple[list[Row], list[Row]]]:
        """Timeline entries in insertion (sequence) order, with the few revisions, in chunks."""
        rng = random.Random(f"{self.seed}-entries")
        entries: list[Row] = []
        revisions: list[Row] = []
        entry_id = 0
        for plan in self.plans:
            if plan.entries == 0:
                continue
            step = (plan.last_at - plan.opened_at) / plan.entries
            kinds = rng.choices(self._kinds, weights=self._kind_weights, k=plan.entries)
            for n, kind in enumerate(kinds):
                entry_id += 1
                at = plan.opened_at + step * (n + 1)
                entries.append(
                    {
                        "id": entry_id,
                        "case_id": plan.id,
                        "call_id": rng.choice(plan.call_ids) if rng.random() < 0.5 else None,
                        "issue_id": (
                            rng.choice(plan.issue_ids)
                            if plan.issue_ids and rng.random() < 0.3
                            else None
                        ),
                        "at": at,
                        "kind": kind,
                        "text": self.text.sentence(rng, 6, 24),
                        "author": "Agent",
                        "internal": rng.random() < 0.1,
                        "uid": self.uid(rng),
                    }
                )
                if rng.random() < 0.02:
                    revisions.append(
                        {
                            "entry_id": entry_id,
                            "revised_at": at + timedelta(minutes=5),
                            "revised_by": "Agent",
                            "previous_kind": "note",
                            "previous_text": self.text.sentence(rng, 4, 12),
                        }
                    )
                if len(entries) >= size:
                    yield entries, revisions
                    entries, revisions = [], []
        if entries:
            yield entries, revisions


def _share(total: int, weights: list[float]) -> list[int]:
    """Split *total* into integer parts proportional to *weights* that sum exactly to it."""
    scale = sum(weights) or 1.0
    counts = [int(total * w / scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts
