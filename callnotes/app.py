"""The composition root: paths, settings, database and services wired in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from callnotes.domain.changes import Changes
from callnotes.domain.timestamps import Clock, utc_now
from callnotes.errors import CorruptDatabaseError, InvalidInputError, StorageError
from callnotes.paths import AppPaths, ensure_private_dir, resolve_paths
from callnotes.recovery import damaged_error, refuse_if_damaged
from callnotes.reports.render import ReportRenderer
from callnotes.resources import playbooks_dir, templates_dir
from callnotes.services.calls.call_facts import CallFactsService
from callnotes.services.calls.calls import CallService
from callnotes.services.calls.intake import IntakeService
from callnotes.services.calls.playbooks import PlaybookLibrary
from callnotes.services.cases.cases import CaseService
from callnotes.services.cases.closing import CaseClosingService
from callnotes.services.cases.drafts import DraftService
from callnotes.services.cases.timeline import TimelineService
from callnotes.services.clients.clients import ClientService
from callnotes.services.clients.erasure import ClientErasureService
from callnotes.services.clients.export import ClientExportService
from callnotes.services.demo.demo import DemoService
from callnotes.services.documents.documents import DocumentService
from callnotes.services.documents.reporting import ReportService
from callnotes.services.escalation.escalation import EscalationService
from callnotes.services.escalation.most_context import MostContextService
from callnotes.services.escalation.team import TeamService
from callnotes.services.escalation.team_notices import TeamNoticeService
from callnotes.services.issues.issues import IssueService
from callnotes.services.issues.recurring import RecurringService
from callnotes.services.resolution.follow_up import FollowUpService
from callnotes.services.resolution.handback import HandbackService
from callnotes.services.resolution.investigation import InvestigationService
from callnotes.services.resolution.reviews import ReviewService
from callnotes.services.search.full_text import SearchService
from callnotes.services.transfer.case_export import CaseExportService
from callnotes.services.transfer.case_import import CaseImportService
from callnotes.services.updates.commitments import CommitmentService
from callnotes.services.updates.plan import CommunicationPlanService
from callnotes.services.updates.updates import UpdateService
from callnotes.settings import Settings, SettingsStore, load_settings
from callnotes.storage.database import Database
from callnotes.storage.engine import sqlite_path, sqlite_url
from callnotes.storage.failures import as_storage_error
from callnotes.storage.integrity import IntegrityVerdict
from callnotes.storage.migrate import MigrationResult, upgrade_database


@dataclass
class AppContext:
    """Everything the command line and the GUI need, built once per process."""

    paths: AppPaths
    settings_store: SettingsStore
    db: Database
    migration: MigrationResult
    clock: Clock
    clients: ClientService
    cases: CaseService
    calls: CallService
    timeline: TimelineService
    issues: IssueService
    search: SearchService
    demo: DemoService
    reports: ReportService
    exporter: CaseExportService
    importer: CaseImportService
    drafts: DraftService
    call_facts: CallFactsService
    intake: IntakeService
    playbooks: PlaybookLibrary
    documents: DocumentService
    follow_up: FollowUpService
    reviews: ReviewService
    recurring: RecurringService
    handback: HandbackService
    case_closing: CaseClosingService
    investigation: InvestigationService
    # Updates and promises: the communication plan, the update log, commitments, team notices.
    plans: CommunicationPlanService
    updates: UpdateService
    commitments: CommitmentService
    team_notices: TeamNoticeService
    # Escalation: the team directory, the ladder and its attempts, who has the most context.
    team: TeamService
    escalation: EscalationService
    most_context: MostContextService
    # Privacy: everything held about one client, exported or erased.
    client_export: ClientExportService
    client_erasure: ClientErasureService

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        return self.settings_store.current

    def subscribe_changes(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """Hear what each commit changed (on the committing thread); return how to stop."""
        return self.db.subscribe(listener)

    def close(self) -> None:
        """Release the database."""
        self.db.dispose()


def open_context(
    data_dir: str | None = None,
    db_url: str | None = None,
    clock: Clock = utc_now,
    verdict: IntegrityVerdict | None = None,
) -> AppContext:
    """Resolve folders, load settings, open and migrate the database, build the services.

    A SQLite file is checked first (or *verdict*, its check made already, is used): a
    damaged one raises :class:`~callnotes.errors.DamagedDatabaseError` and is left untouched.
    """
    paths = resolve_paths(data_dir)
    ensure_private_dir(paths.data_dir)
    settings = load_settings(paths.settings_file)
    url = db_url or sqlite_url(paths.database)
    refuse_if_damaged(_sqlite_file(url), verdict)
    db = _open_database(url)
    try:
        migration = upgrade_database(db, paths.backups, clock())
    except SQLAlchemyError as exc:
        db.dispose()
        known = as_storage_error(exc, Path(db.path).parent if db.path is not None else None)
        if isinstance(known, CorruptDatabaseError) and db.path is not None:
            known = damaged_error(Path(db.path))
        raise known or StorageError(
            f"The database could not be opened: {_first_line(exc)}."
        ) from exc
    except BaseException:
        db.dispose()
        raise
    return build_context(paths, settings, db, migration, clock)


def build_context(
    paths: AppPaths, settings: Settings, db: Database, migration: MigrationResult, clock: Clock
) -> AppContext:
    """Wire the services on an opened database."""
    store = SettingsStore(paths.settings_file, settings)
    cases = CaseService(db, clock)
    issues = IssueService(db, clock, store.agent_name)
    clients = ClientService(db, settings.default_region)
    calls = CallService(db, clock, settings.default_region, store.agent_name)
    timeline = TimelineService(db, clock, store.agent_name)
    team = TeamService(db, clock, settings.default_region)

    def apply(changed: Settings) -> None:
        clients.default_region = changed.default_region
        team.default_region = changed.default_region
        calls.default_region = changed.default_region

    store.subscribe(apply)
    reports = ReportService(db, clock, cases, lambda: store.current)
    follow_up = FollowUpService(db, clock, store.agent_name)
    recurring = RecurringService(db)
    exporter = CaseExportService(db)
    return AppContext(
        paths=paths,
        settings_store=store,
        db=db,
        migration=migration,
        clock=clock,
        clients=clients,
        cases=cases,
        calls=calls,
        timeline=timeline,
        issues=issues,
        search=SearchService(db),
        demo=DemoService(db, clock),
        reports=reports,
        exporter=exporter,
        importer=CaseImportService(db),
        drafts=DraftService(db, clock),
        call_facts=CallFactsService(db, issues),
        intake=IntakeService(db, clients, cases, calls),
        playbooks=PlaybookLibrary(playbooks_dir(), paths.playbooks_dir),
        documents=DocumentService(
            reports,
            ReportRenderer(templates_dir(), paths.templates_dir),
            region=lambda: store.current.default_region,
        ),
        follow_up=follow_up,
        reviews=ReviewService(db, clock, recurring, follow_up, store.agent_name),
        recurring=recurring,
        handback=HandbackService(db, clock, store.agent_name),
        case_closing=CaseClosingService(db, clock, cases, store.agent_name),
        investigation=InvestigationService(db, clock, store.agent_name),
        plans=CommunicationPlanService(db, clock, store.agent_name),
        updates=UpdateService(db, clock, store.agent_name),
        commitments=CommitmentService(db, clock, store.agent_name),
        team_notices=TeamNoticeService(db, clock, store.agent_name),
        team=team,
        escalation=EscalationService(db, clock, timeline),
        most_context=MostContextService(db, clock),
        client_export=ClientExportService(db, exporter, clock),
        client_erasure=ClientErasureService(db),
    )


def _open_database(url: str) -> Database:
    try:
        return Database(url)
    except ArgumentError as exc:
        raise InvalidInputError(f"{url!r} is not a database URL callnotes understands.") from exc
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise InvalidInputError(
            f"No database driver is installed for {url.split(':')[0]!r}."
        ) from exc


def _sqlite_file(url: str) -> Path | None:
    try:
        return sqlite_path(url)
    except ArgumentError:
        return None  # not a URL at all: _open_database says so


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else type(exc).__name__
