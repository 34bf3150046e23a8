"""The composition root: paths, settings, database and services wired in one place.

Each service is built, and its module imported, when it is first asked for (``ctx.reports``,
``ctx.demo``…): the window needs a handful of them to show the case in view, and the rest —
report rendering and Jinja2, the calendar and e-mail writers, import/export, erasure,
reviews, the demo — load when the agent first uses them, which keeps start-up short and
memory small. ``ctx.<name>`` reads the same whichever way it was built.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from callnotes.domain.changes import Changes, Part
from callnotes.domain.timestamps import Clock, utc_now
from callnotes.errors import (
    CorruptDatabaseError,
    DamagedDatabaseError,
    InvalidInputError,
    StorageError,
)
from callnotes.paths import AppPaths, ensure_private_dir, resolve_paths
from callnotes.recovery import refuse_if_damaged, refuse_if_set_aside
from callnotes.settings import Settings, SettingsStore, load_settings
from callnotes.storage.database import Database, open_database
from callnotes.storage.engine import sqlite_path, sqlite_url
from callnotes.storage.failures import as_storage_error
from callnotes.storage.integrity import (
    BackgroundCheck,
    IntegrityVerdict,
    damaged_error,
)
from callnotes.storage.migrate import MigrationResult, upgrade_database
from callnotes.storage.write_gate import WriteGate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from callnotes.services.calls.call_backs import CallBackService
    from callnotes.services.calls.call_facts import CallFactsService
    from callnotes.services.calls.calls import CallService
    from callnotes.services.calls.intake import IntakeService
    from callnotes.services.calls.playbooks import PlaybookLibrary
    from callnotes.services.calls.read_back import ReadBackService
    from callnotes.services.cases.cases import CaseService
    from callnotes.services.cases.closing import CaseClosingService
    from callnotes.services.cases.drafts import DraftService
    from callnotes.services.cases.team_view import TeamViewService
    from callnotes.services.cases.timeline import TimelineService
    from callnotes.services.clients.calendar import ClientCalendarService
    from callnotes.services.clients.clients import ClientService
    from callnotes.services.clients.erasure import ClientErasureService
    from callnotes.services.clients.export import ClientExportService
    from callnotes.services.demo.demo import DemoService
    from callnotes.services.documents.documents import DocumentService
    from callnotes.services.documents.reporting import ReportService
    from callnotes.services.escalation.cover import CoverService
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
    from callnotes.services.search.case_finder import CaseFinder
    from callnotes.services.search.full_text import SearchService
    from callnotes.services.transfer.case_export import CaseExportService
    from callnotes.services.transfer.case_import import CaseImportService
    from callnotes.services.updates.commitments import CommitmentService
    from callnotes.services.updates.plan import CommunicationPlanService
    from callnotes.services.updates.updates import UpdateService

T = TypeVar("T")

# How long the author's name read from a team database is used before it is read again.
AUTHOR_READ_AGAIN_S = 60.0

# Services that keep the default region for the phone numbers they are given.
_REGIONAL = ("clients", "calls", "call_backs", "team", "case_finder", "search")


class service(Generic[T]):  # noqa: N801 (used as a decorator, like functools.cached_property)
    """A service of the context, built on first use and kept: ``@service`` over its builder.

    Like :class:`functools.cached_property`, but built once even when two threads ask at the
    same moment (a worker and the GUI thread): a service must be one object per context.
    """

    def __init__(self, build: Callable[[AppContext], T]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, ctx: None, owner: type) -> service[T]: ...
    @overload
    def __get__(self, ctx: AppContext, owner: type) -> T: ...
    def __get__(self, ctx: AppContext | None, owner: type) -> service[T] | T:
        if ctx is None:
            return self
        with ctx._building:
            built: T
            try:
                built = ctx.__dict__[self._name]
            except KeyError:
                built = self._build(ctx)
                ctx.__dict__[self._name] = built  # found before this descriptor from now on
            return built


class AppContext:
    """Everything the command line and the GUI need, built once per process.

    The paths, settings, database and clock are here from the start; each service is built
    when first used (see the module's docstring).
    """

    def __init__(
        self,
        paths: AppPaths,
        settings_store: SettingsStore,
        db: Database,
        migration: MigrationResult,
        clock: Clock,
    ) -> None:
        self.paths = paths
        self.settings_store = settings_store
        self.db = db
        self.migration = migration
        self.clock = clock
        self._building = threading.RLock()
        self._server_author: tuple[str, float] | None = None  # the name, when it was read
        self._local_db: Database | None = None  # this desktop's file, beside a team database
        settings_store.subscribe(self._apply_settings)
        if not db.is_sqlite:
            db.subscribe(self._forget_server_author)

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        return self.settings_store.current

    @property
    def built_services(self) -> tuple[str, ...]:
        """The names of the services built so far (the others load on first use)."""
        return tuple(name for name in vars(self) if isinstance(vars(type(self)).get(name), service))

    def author(self) -> str:
        """Whom what this desktop writes is recorded as written by.

        On SQLite, the name in the settings. On a team database, the name the server gives the
        login (the colleague the team directory links to it, or the login itself): the server
        sets it on every entry whatever the desktop sends (``storage/authorship.py``), and the
        desktop shows the same at once. Read again after a change of the directory on this
        desktop, and at most :data:`AUTHOR_READ_AGAIN_S` after the last reading (a lead may
        link the login from another desktop meanwhile).
        """
        if self.db.is_sqlite:
            return self.settings_store.agent_name()
        known = self._server_author
        if known is not None and time.monotonic() - known[1] < AUTHOR_READ_AGAIN_S:
            return known[0]
        from callnotes.storage.authorship import session_author

        with self.db.unit_of_work(read_only=True) as session:
            name = session_author(session)
        self._server_author = (name, time.monotonic())
        return name

    def signer(self, session: Session) -> str:
        """The name a document is signed with, read in the document's own unit of work: the
        author's name, except that on a team database a login nobody is linked to signs with
        the name in the settings (a client reads a person's name, not a login)."""
        if self.db.is_sqlite:
            return self.settings_store.agent_name()
        from callnotes.storage.authorship import linked_colleague

        return linked_colleague(session) or self.settings_store.agent_name()

    def _forget_server_author(self, changes: Changes) -> None:
        if changes.touches(Part.TEAM):
            self._server_author = None

    def subscribe_changes(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """Hear what each commit changed (on the committing thread); return how to stop."""
        return self.db.subscribe(listener)

    def when_found_damaged(self, listener: Callable[[DamagedDatabaseError], None]) -> None:
        """Call *listener* if the check of the file, still running when it was opened, finds it
        damaged (on the check's thread; every write is refused meanwhile). Never called for a
        sound file, nor for a database whose check was done before it was opened."""
        gate = self.db.write_gate
        if gate is not None:
            gate.when_checked(
                lambda verdict: listener(damaged_error(verdict.path)) if verdict.damaged else None
            )

    def listen(self) -> None:
        """Hear other desktops' changes in the change notice (a team database; the window
        does this once it shows the record, the command line never)."""
        self.db.listen()

    def here(self, case_id: int | None) -> None:
        """The agent now has *case_id* open (None: none): the other desktops of a team
        database show it ("Ann is on this case"); nothing on SQLite."""
        if self.db.live is not None:
            self.db.live.here(case_id)

    def others_on(self, case_id: int) -> list[str]:
        """Who else has *case_id* open now, by name (read from memory: no database call)."""
        return self.db.live.others_on(case_id) if self.db.live is not None else []

    def reach_database(self, url: str) -> None:
        """Try the database at *url* (a team database being set): its one-sentence error if
        it cannot be reached or refuses this login; nothing is kept open."""
        from callnotes.storage.database import reach

        reach(url)

    def hang_up(self) -> None:
        """Quitting: stop waiting on a team database that does not answer (see
        :meth:`callnotes.storage.database.Database.hang_up`); nothing on SQLite."""
        self.db.hang_up()

    def close(self) -> None:
        """Release the database (and this desktop's own file, when it was opened beside)."""
        self.db.dispose()
        if self._local_db is not None:
            self._local_db.dispose()

    def _apply_settings(self, changed: Settings) -> None:
        with self._building:  # a service being built meanwhile reads the new region
            for name in _REGIONAL:
                built: Any = vars(self).get(name)
                if built is not None:
                    built.default_region = changed.default_region

    # -- cases, calls and the timeline: what the window shows first ------------------------

    @service
    def cases(self) -> CaseService:
        """Cases: opened, listed, one case's summary."""
        from callnotes.services.cases.cases import CaseService

        return CaseService(self.db, self.clock)

    @service
    def clients(self) -> ClientService:
        """Clients, their contacts and phone numbers."""
        from callnotes.services.clients.clients import ClientService

        return ClientService(self.db, self.settings.default_region, self.clock, self.author)

    @service
    def calls(self) -> CallService:
        """Calls started and ended."""
        from callnotes.services.calls.calls import CallService

        return CallService(self.db, self.clock, self.settings.default_region, self.author)

    @service
    def call_backs(self) -> CallBackService:
        """The call-back queue: calls that slipped, due by the client's promise or hours."""
        from callnotes.services.calls.call_backs import CallBackService

        return CallBackService(self.db, self.clock, self.settings.default_region)

    @service
    def timeline(self) -> TimelineService:
        """A case's timeline: notes written, edited, removed."""
        from callnotes.services.cases.timeline import TimelineService

        return TimelineService(self.db, self.clock, self.author, self._drafts_apart())

    @service
    def issues(self) -> IssueService:
        """A case's issues, their order and state."""
        from callnotes.services.issues.issues import IssueService

        return IssueService(self.db, self.clock, self.author)

    @service
    def drafts(self) -> DraftService:
        """What is being typed, kept across a crash."""
        from callnotes.services.cases.drafts import DraftService

        if self.db.is_sqlite:
            return DraftService(self.db, self.clock)
        from callnotes.services.cases.drafts import draft_scope

        return DraftService(self._own_file, self.clock, scope=draft_scope(self.db.url))

    @property
    def keeps_drafts_apart(self) -> bool:
        """Whether drafts, and notes not yet stored, are kept on this computer apart from the
        record (a team database), rather than in it (one desktop's SQLite file)."""
        return not self.db.is_sqlite

    def _drafts_apart(self) -> DraftService | None:
        """The drafts, when they are not in the record's database (a team database)."""
        return None if self.db.is_sqlite else self.drafts

    def _own_file(self) -> Database:
        """This desktop's own SQLite file, for what stays on the agent's computer while the
        record is on a team database (the drafts): opened, and upgraded, on first use."""
        with self._building:
            if self._local_db is None:
                local = open_database(sqlite_url(self.paths.database))
                try:
                    upgrade_database(local, self.paths.backups, self.clock())
                except BaseException:
                    local.dispose()
                    raise
                local.subscribe(self.db.announce)  # one change notice, wherever it was written
                self._local_db = local
            return self._local_db

    @service
    def call_facts(self) -> CallFactsService:
        """What the call guide knows of the call in progress."""
        from callnotes.services.calls.call_facts import CallFactsService

        return CallFactsService(self.db, self.issues)

    @service
    def intake(self) -> IntakeService:
        """A ringing number: who calls, their open cases, the call started."""
        from callnotes.services.calls.intake import IntakeService

        return IntakeService(self.db, self.clients, self.cases, self.calls)

    @service
    def playbooks(self) -> PlaybookLibrary:
        """The call guides, shipped and the user's own."""
        from callnotes.resources import playbooks_dir
        from callnotes.services.calls.playbooks import PlaybookLibrary

        return PlaybookLibrary(playbooks_dir(), self.paths.playbooks_dir)

    @service
    def case_closing(self) -> CaseClosingService:
        """Closing a case, and what stands in the way."""
        from callnotes.services.cases.closing import CaseClosingService

        return CaseClosingService(self.db, self.clock, self.cases, self.author)

    @service
    def search(self) -> SearchService:
        """Full-text search over notes and issues."""
        from callnotes.services.search.full_text import SearchService

        return SearchService(self.db, self.settings.default_region)

    @service
    def case_finder(self) -> CaseFinder:
        """The cases a search names: by title, client, or a contact's name or number."""
        from callnotes.services.search.case_finder import CaseFinder

        return CaseFinder(self.db, self.cases, self.settings.default_region)

    # -- updates and promises: the communication plan, the update log, commitments ----------

    @service
    def plans(self) -> CommunicationPlanService:
        """The communication plan of a case."""
        from callnotes.services.updates.plan import CommunicationPlanService

        return CommunicationPlanService(self.db, self.clock, self.author)

    @service
    def client_calendar(self) -> ClientCalendarService:
        """A client's public holidays and closures."""
        from callnotes.services.clients.calendar import ClientCalendarService

        return ClientCalendarService(self.db, self.clock)

    @service
    def updates(self) -> UpdateService:
        """Updates sent to the client."""
        from callnotes.services.updates.updates import UpdateService

        return UpdateService(self.db, self.clock, self.author)

    @service
    def commitments(self) -> CommitmentService:
        """Promises made to the client."""
        from callnotes.services.updates.commitments import CommitmentService

        return CommitmentService(self.db, self.clock, self.author)

    @service
    def team_notices(self) -> TeamNoticeService:
        """What the team was told."""
        from callnotes.services.escalation.team_notices import TeamNoticeService

        return TeamNoticeService(self.db, self.clock, self.author)

    # -- escalation: the team directory, the ladder, who has the most context --------------

    @service
    def team(self) -> TeamService:
        """The team directory."""
        from callnotes.services.escalation.team import TeamService

        return TeamService(self.db, self.clock, self.settings.default_region)

    @service
    def cover(self) -> CoverService:
        """Stand-ins, the cover brief and "since you left"."""
        from callnotes.resources import templates_dir
        from callnotes.services.escalation.cover import CoverService

        return CoverService(self.db, self.clock, templates_dir())

    @service
    def team_view(self) -> TeamViewService:
        """The team's view across open cases (updates on time, promises, case ages)."""
        from callnotes.services.cases.team_view import TeamViewService

        return TeamViewService(self.db, self.clock)

    @service
    def escalation(self) -> EscalationService:
        """The escalation ladder and its attempts."""
        from callnotes.services.escalation.escalation import EscalationService

        return EscalationService(self.db, self.clock, self.timeline)

    @service
    def most_context(self) -> MostContextService:
        """Who on the team knows the case best."""
        from callnotes.services.escalation.most_context import MostContextService

        return MostContextService(self.db, self.clock)

    # -- resolution: investigation, handback, follow-up, reviews, recurring issues ---------

    @service
    def investigation(self) -> InvestigationService:
        """Hypotheses and what was tried."""
        from callnotes.services.resolution.investigation import InvestigationService

        return InvestigationService(self.db, self.clock, self.author, self._drafts_apart())

    @service
    def handback(self) -> HandbackService:
        """A case handed over and back."""
        from callnotes.services.resolution.handback import HandbackService

        return HandbackService(self.db, self.clock, self.author)

    @service
    def follow_up(self) -> FollowUpService:
        """Checks that a fix held."""
        from callnotes.services.resolution.follow_up import FollowUpService

        return FollowUpService(self.db, self.clock, self.author)

    @service
    def recurring(self) -> RecurringService:
        """Alike issues across a client's cases."""
        from callnotes.services.issues.recurring import RecurringService

        return RecurringService(self.db)

    @service
    def reviews(self) -> ReviewService:
        """The review after resolution."""
        from callnotes.services.resolution.reviews import ReviewService

        return ReviewService(self.db, self.clock, self.recurring, self.follow_up, self.author)

    # -- documents: the report context, rendering, PDF, calendar and e-mail ----------------

    @service
    def reports(self) -> ReportService:
        """The one report context of a case, read in one unit of work."""
        from callnotes.services.documents.reporting import ReportService

        store = self.settings_store
        return ReportService(
            self.db, self.clock, self.recurring, self.follow_up, lambda: store.current, self.signer
        )

    @service
    def read_back(self) -> ReadBackService:
        """The recap read back to the client before hanging up, and sent as text."""
        from callnotes.services.calls.read_back import ReadBackService

        return ReadBackService(self.reports)

    @service
    def documents(self) -> DocumentService:
        """Documents rendered, printed, saved and sent."""
        from callnotes.reports.render import ReportRenderer
        from callnotes.resources import templates_dir
        from callnotes.services.documents.documents import DocumentService

        store = self.settings_store
        return DocumentService(
            self.reports,
            ReportRenderer(templates_dir(), self.paths.templates_dir),
            region=lambda: store.current.default_region,
        )

    # -- transfer and privacy: cases exported and imported, a client's data exported/erased --

    @service
    def exporter(self) -> CaseExportService:
        """A case written to a file."""
        from callnotes.services.transfer.case_export import CaseExportService

        return CaseExportService(self.db)

    @service
    def importer(self) -> CaseImportService:
        """A case read from a file."""
        from callnotes.services.transfer.case_import import CaseImportService

        return CaseImportService(self.db)

    @service
    def client_export(self) -> ClientExportService:
        """Everything held about one client, exported."""
        from callnotes.services.clients.export import ClientExportService

        return ClientExportService(self.db, self.exporter, self.clock, self._drafts_apart())

    @service
    def client_erasure(self) -> ClientErasureService:
        """Everything held about one client, erased."""
        from callnotes.services.clients.erasure import ClientErasureService

        return ClientErasureService(self.db, self._drafts_apart())

    @service
    def demo(self) -> DemoService:
        """The sample client and case."""
        from callnotes.services.demo.demo import DemoService

        return DemoService(self.db, self.clock)


def open_context(
    data_dir: str | None = None,
    db_url: str | None = None,
    clock: Clock = utc_now,
    verdict: IntegrityVerdict | None = None,
    check: BackgroundCheck | None = None,
) -> AppContext:
    """Resolve folders, load settings, open and migrate the database, build the services.

    A SQLite file is checked first (or *verdict*, its check made already, is used): a
    damaged one raises :class:`~callnotes.errors.DamagedDatabaseError` and is left untouched.
    With *check* (a check still running on the file) the database opens at once and holds
    every write until the check's verdict (``storage/write_gate.py``): a damaged file is read
    but never written to, and a write made meanwhile raises the same error.
    """
    paths = resolve_paths(data_dir)
    ensure_private_dir(paths.data_dir)
    settings = load_settings(paths.settings_file)
    url = db_url or sqlite_url(paths.database)
    database = _sqlite_file(url)
    if db_url and database is not None and not database.exists():
        # The data folder's own file is made at the first start; a file named with --db is
        # one the agent means to open: a mistyped path made a new, empty database ("No cases
        # yet") and its folders.
        raise InvalidInputError(
            f"There is no callnotes database at {database}: check the --db address "
            "(without --db, callnotes opens the one in its data folder)."
        )
    if check is not None and database is not None and check.path == database:
        refuse_if_set_aside(database)
        if not check.wal:  # new, empty or not yet WAL: opening writes
            refuse_if_damaged(database, check.verdict())
    else:
        refuse_if_damaged(database, verdict)
        check = None
    db = open_database(url)
    if check is not None:
        db.hold_writes(WriteGate(check))
    try:
        migration = upgrade_database(db, paths.backups, clock())
    except SQLAlchemyError as exc:
        _let_go(db, check)
        known = as_storage_error(exc, Path(db.path).parent if db.path is not None else None)
        if isinstance(known, CorruptDatabaseError) and db.path is not None:
            known = damaged_error(Path(db.path))
        raise known or StorageError(
            f"The database could not be opened: {_first_line(exc)}."
        ) from exc
    except BaseException:
        _let_go(db, check)
        raise
    return build_context(paths, settings, db, migration, clock)


def _let_go(db: Database, check: BackgroundCheck | None) -> None:
    """Close a database that failed to open, once nothing reads its file any more.

    The check still running on it would otherwise go on reading while whoever hears the
    failure sets the file aside: SQLite opens the ``-shm`` companion by name, so a late read
    creates a new one where the database was, in the way of the backup restored there.
    """
    db.dispose()
    if check is not None:
        check.wait()


def build_context(
    paths: AppPaths, settings: Settings, db: Database, migration: MigrationResult, clock: Clock
) -> AppContext:
    """Wire the services on an opened database (each built when first used)."""
    return AppContext(paths, SettingsStore(paths.settings_file, settings), db, migration, clock)


def _sqlite_file(url: str) -> Path | None:
    try:
        return sqlite_path(url)
    except ArgumentError:
        return None  # not a URL at all: open_database says so


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else type(exc).__name__
