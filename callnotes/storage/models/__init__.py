"""The ORM models, importable from one place (Alembic and the services need them all)."""

# Imported for its flush checks: text longer than its column is refused (see limits.py).
from callnotes.storage.models import limits  # noqa: F401
from callnotes.storage.models.base import Base
from callnotes.storage.models.calendar import ClientClosure
from callnotes.storage.models.cases import Call, CallBack, Case, CaseActivity, Issue
from callnotes.storage.models.cover import CoverAcknowledgement
from callnotes.storage.models.escalation import EscalationAttempt, TeamNotice
from callnotes.storage.models.follow_up import FollowUpCheck
from callnotes.storage.models.investigation import CaseLink, InvestigationStep
from callnotes.storage.models.people import Client, Contact, ContactPhone, TeamMember
from callnotes.storage.models.promises import Commitment, Communication, Draft
from callnotes.storage.models.reviews import PreventionAction, Review
from callnotes.storage.models.timeline import EntryRevision, TimelineEntry

__all__ = [
    "Base",
    "Call",
    "CallBack",
    "Case",
    "CaseActivity",
    "CaseLink",
    "Client",
    "ClientClosure",
    "Commitment",
    "Communication",
    "Contact",
    "ContactPhone",
    "CoverAcknowledgement",
    "Draft",
    "EntryRevision",
    "EscalationAttempt",
    "FollowUpCheck",
    "InvestigationStep",
    "Issue",
    "PreventionAction",
    "Review",
    "TeamMember",
    "TeamNotice",
    "TimelineEntry",
]
