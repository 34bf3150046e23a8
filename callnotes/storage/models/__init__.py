"""The ORM models, importable from one place (Alembic and the services need them all)."""

from callnotes.storage.models.base import Base
from callnotes.storage.models.cases import Call, Case, Issue
from callnotes.storage.models.people import Client, Contact, ContactPhone, TeamMember
from callnotes.storage.models.promises import Commitment, Communication, Draft
from callnotes.storage.models.reviews import PreventionAction, Review
from callnotes.storage.models.timeline import EntryRevision, TimelineEntry

__all__ = [
    "Base",
    "Call",
    "Case",
    "Client",
    "Commitment",
    "Communication",
    "Contact",
    "ContactPhone",
    "Draft",
    "EntryRevision",
    "Issue",
    "PreventionAction",
    "Review",
    "TeamMember",
    "TimelineEntry",
]
