"""Starting the GUI: the window painted first, its data loaded behind it.

The frame of the main window is shown before the database is opened: Python, Qt and the frame
take a fraction of a second, while SQLAlchemy, the migration check and the panels take several
times that. Once the frame has painted, :class:`Startup` opens the database (checking the file
first), attaches the window to it and has call events handed to it, which wait until then
(``call_events.py``). The file's check runs beside all that (it reads the whole file: seconds
for years of calls), and the database holds every write until its verdict. A damaged database
is set aside and the newest good backup offered in its place (``restore_offer.py``) — before
the window is filled when SQLite cannot open it, or once the check has found it damaged, in
which case a fresh window is filled from what the agent chose. Once the agent is idle between
calls, the day's backup is taken and the search index checked on the window's runner.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
import threading
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from callnotes.errors import (
    SEARCH_INDEX_REBUILT,
    CallnotesError,
    DamagedDatabaseError,
    ServerUnreachableError,
    TeamDatabaseError,
)
from callnotes.launch import Opening
from callnotes.ui.common import messages
from callnotes.ui.shell.call_events import CallEventDelivery
from callnotes.ui.shell.crash_hook import install_excepthook
from callnotes.ui.shell.idle_watch import IdleWatch
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.restore_offer import RestoreOffer
from callnotes.ui.shell.theme import apply_theme, pin_interface_font

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from callnotes.app import AppContext
    from callnotes.domain.cases import FirstLook
    from callnotes.domain.changes import Changes
    from callnotes.launch import Launch
    from callnotes.settings import Settings
    from callnotes.ui.shell.restore_dialog import RestoreDialog
    from callnotes.ui.shell.ringing import RingingController

log = logging.getLogger(__name__)

_STATE_FILE = "window-state.ini"
# Filled anyway after this long if the frame is not painted (started minimised, say).
PAINT_WAIT_MS = 500


def run_gui(source: AppContext | Opening, argv: list[str], launch: Launch | None = None) -> int:
    """Show the main window, fill it from the database, run the event loop; the exit code.

    *source* is an :class:`Opening` (the database is opened once the window has painted; if
    it cannot be, its one-sentence reason is shown in a dialog and the exit code is 1; if it
    is damaged, it is set aside and a backup offered) or a context that is open already.
    With *launch* (this process is the single instance) the window also takes call events
    from the softphone hook and later launches; one that started the app is shown quietly.
    """
    opening = source if isinstance(source, Opening) else Opening.of(source)
    app = application(argv)
    window = build_frame(opening, app)
    startup = Startup(opening, window, launch)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app, startup.theme))
    previous = install_excepthook(lambda: startup.window)
    try:
        startup.begin()
        code = app.exec()
        return startup.exit_code if startup.exit_code is not None else code
    finally:
        startup.close()  # stop listening while this process still holds the instance lock
        sys.excepthook = previous


def application(argv: list[str]) -> QApplication:
    """The one QApplication, named for the desktop (created if needed)."""
    # Set before the QApplication exists: the platform plugin reads them (the Wayland app id).
    QApplication.setApplicationName("callnotes")
    QApplication.setOrganizationName("callnotes")
    QGuiApplication.setDesktopFileName("callnotes")
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    pin_interface_font(app)
    return app


def build_frame(opening: Opening, app: QApplication) -> MainWindow:
    """The themed main window frame with its state file; drafts are flushed when the app quits."""
    apply_theme(app, opening.settings.theme)
    # Kept in the config folder rather than QSettings' default place, so a --data-dir
    # installation (a demo, a test) never moves the everyday window around.
    state = QSettings(str(opening.paths.config_dir / _STATE_FILE), QSettings.Format.IniFormat)
    window = MainWindow(state=state)
    app.aboutToQuit.connect(window.flush)
    if app.platformName() == "offscreen":
        # Qt's offscreen platform crashes at exit while its clipboard owns rich mime data
        # (X11, Wayland, Windows and macOS do not); headless runs leave it empty.
        app.aboutToQuit.connect(lambda: QApplication.clipboard().clear())
    return window


def show_frame(window: MainWindow, *, quietly: bool = False) -> None:
    """Show the window where it was docked.

    *quietly* (started by a call event): shown without taking the keyboard from the softphone.
    """
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, quietly)
    window.show()
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)
    edge = window.saved_edge
    if edge:
        window.dock_to(edge)


def show_startup_problem(message: str, argv: list[str]) -> None:
    """Before any window: the reason the app cannot start, in a dialog, until it is closed."""
    app = application(argv)
    box = messages.show_error(None, message)
    box.finished.connect(app.quit)
    app.exec()


@dataclasses.dataclass(frozen=True)
class _TeamProblem:
    """The team database could not be opened, and how many notes wait on this computer."""

    error: TeamDatabaseError
    held_notes: int


class Startup(QObject):
    """Fills the painted frame: opens the database, attaches the window, takes call events.

    Events that arrive before the window shows its case (a ring, a link, another launch) wait
    in order behind the one this app was started with (:class:`CallEventDelivery`), and are
    handled as soon as it does. A damaged database goes to the :class:`RestoreOffer`.
    """

    #: The file's check found the open database damaged (carried to the GUI thread).
    damage_found = Signal(object)
    #: The database opened (its context), or why not (the exception), from the opening thread.
    _opened = Signal(object)
    #: The first look read (or None), from its thread.
    _looked = Signal(object)

    def __init__(self, opening: Opening, window: MainWindow, launch: Launch | None = None):
        super().__init__()
        self._opening = opening
        self._window = window
        self.quietly = launch is not None and launch.event is not None
        self.ctx: AppContext | None = None
        self.exit_code: int | None = None  # set when the app cannot open its data
        self.call_events = CallEventDelivery(launch, self)
        self.restore_offer = RestoreOffer(self)
        self.restore_offer.replaced.connect(self._on_restore_offer_replaced)
        self.restore_offer.failed.connect(self._refuse)
        self.restore_offer.quit_chosen.connect(self._on_restore_offer_quit_chosen)
        self._team_problem_wired = False
        self._painted = False
        # The day's backup waits for a moment the agent is not working (see idle_watch.py).
        self.idle = IdleWatch(self._on_a_call, self)
        # It watches for the window: gone, nothing waits for a moment in it any more.
        window.destroyed.connect(self.idle.stop)
        self._paint_wait = QTimer(self, singleShot=True, interval=PAINT_WAIT_MS)
        self._paint_wait.timeout.connect(self._on_painted)
        # Queued even when the verdict is in already: heard once _open has finished.
        self.damage_found.connect(self._on_damage_found, Qt.ConnectionType.QueuedConnection)
        self._opened.connect(self._on_opened, Qt.ConnectionType.QueuedConnection)
        self._looked.connect(self._on_looked, Qt.ConnectionType.QueuedConnection)

    @property
    def window(self) -> MainWindow:
        """The main window (a fresh one once a database found damaged has been replaced)."""
        return self._window

    @property
    def theme(self) -> str:
        """The theme setting in force."""
        return (self.ctx.settings if self.ctx is not None else self._opening.settings).theme

    @property
    def ready(self) -> bool:
        """Whether call events are acted on (the window shows its case)."""
        return self.call_events.ready

    @property
    def waiting(self) -> int:
        """Call events and launches received that wait for the window to show its case."""
        return self.call_events.waiting

    @property
    def ringing(self) -> RingingController | None:
        """The ringing card's controller, once built."""
        return self.call_events.ringing

    @property
    def restore_dialog(self) -> RestoreDialog | None:
        """The question shown for a damaged database, once asked."""
        return self.restore_offer.dialog

    def begin(self) -> None:
        """Show the frame; the rest follows once it has painted."""
        self._window.installEventFilter(self)
        show_frame(self._window, quietly=self.quietly)
        self._paint_wait.start()

    def close(self) -> None:
        """Stop taking events and let the database go (if this startup opened it)."""
        self.idle.stop()
        self.call_events.close()
        if self.ctx is not None and self._opening.owns_context:
            self.ctx.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Spot the frame's first paint; let every event through."""
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._on_painted()
        return False

    def _on_painted(self) -> None:
        if self._painted:
            return
        self._painted = True
        self._paint_wait.stop()
        self._window.removeEventFilter(self)
        self._after_the_paint(self._fill)

    def _after_the_paint(self, then: Callable[[], None]) -> None:
        # Two turns of the loop later: the paint has been flushed to the screen, and whatever
        # else waited for it (an accessibility client, a test's probe) has had its turn.
        QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, then))

    def _fill(self) -> None:
        self.call_events.listen()  # what arrives while the database opens waits
        first_look = self._opening.first_look
        if first_look is None:
            self._open()
            return

        def look() -> FirstLook | None:
            try:
                return first_look.read()
            except Exception:  # a look, not the opening: that says what is wrong
                log.exception("first look not read")
                return None

        # Read before the opening starts: its imports would take Python's lock in turns.
        _beside("first-look", look, self._looked)

    def _on_looked(self, look: FirstLook | None) -> None:
        if look is not None and self._opening.first_look is not None:
            self._window.show_first_look(look, self._opening.first_look.keep)
        # The opening goes on once the look has painted, as the look once the frame has: its
        # imports would hold the look back otherwise.
        self._after_the_paint(self._open)

    def _open(self) -> None:
        """Open the database on a thread of its own (the imports, the connection, the schema
        version read): the painted frame keeps answering meanwhile; :meth:`_on_opened` goes on
        on the GUI thread."""
        opening = self._opening

        def outcome() -> object:
            try:
                return opening.open()
            except TeamDatabaseError as exc:  # said with the notes that wait on this computer
                return _TeamProblem(exc, opening.held_notes())
            except BaseException as exc:  # handed to the GUI thread, which says or raises it
                return exc

        _beside("open-database", outcome, self._opened)

    def _on_opened(self, outcome: object) -> None:
        if isinstance(outcome, DamagedDatabaseError):
            self.restore_offer.offer(outcome, self._opening, self._window)
            return
        if isinstance(outcome, _TeamProblem):
            self._show_team_database_problem(outcome.error, outcome.held_notes)
            return
        if isinstance(outcome, CallnotesError):
            self._refuse(outcome)
            return
        if isinstance(outcome, BaseException):
            self.exit_code = 1
            self._window.show_opening_problem(self.tr("callnotes could not open its data."))
            raise outcome  # the crash dialog, with the details to copy
        ctx = cast("AppContext", outcome)
        self.ctx = ctx
        window = self._window
        # Call events wait until the window shows its case (the ringing card's imports cost the
        # first paint of the case a tenth of a second otherwise).
        window.filled.connect(
            lambda: QTimer.singleShot(0, self, self._deliver),
            Qt.ConnectionType.SingleShotConnection,
        )
        window.filled.connect(
            lambda: log.info("window ready: the panels show the first case"),
            Qt.ConnectionType.SingleShotConnection,
        )
        window.attach(ctx)
        ctx.listen()  # a team database: other desktops' changes join the change notice
        ctx.when_found_damaged(self.damage_found.emit)  # from the check's thread
        if ctx.settings_store.is_first_run and not self.quietly:
            window.show_settings(first_run=True)  # the first-run questions wait for a start by hand
        else:
            window.focus_editor()
        # The day's backup copies and checks the whole file (gigabytes after years of calls, the
        # disk busy for tens of seconds, every note's commit waiting behind it), and FTS5's own
        # check reads the whole index holding the write lock (seconds at a million notes, every
        # write waiting): both wait for the agent to be idle, between calls, off the GUI thread.
        self.idle.when_idle(lambda: self._take_daily_backup(ctx))
        self.idle.when_idle(lambda: self._check_search_index(ctx))
        if ctx.keeps_drafts_apart:  # a team desktop: what others erase goes from here too,
            # erased while this one was closed (found at start), or while it runs (a client gone
            # is a change to the clients: looked at then).
            self.idle.when_idle(lambda: self._forget_what_was_erased_elsewhere(ctx))
            window.changes.changed.connect(lambda changes: self._on_changes(ctx, changes))

    def _deliver(self) -> None:
        if self.ctx is None:
            return  # let go meanwhile (found damaged)
        self.call_events.deliver_to(self.ctx, self._window)

    def _show_team_database_problem(self, exc: TeamDatabaseError, held_notes: int) -> None:
        """The team database cannot be opened: the window stays, says why (and that the notes
        entered before, *held_notes*, wait safe on this computer), and offers to try again (by
        itself, while the server cannot be reached), change the address, or quit."""
        log.info("team database not opened: %s", type(exc).__name__)
        print(f"callnotes: {exc}", file=sys.stderr)
        panel = self._window.team_database_problem()
        if not self._team_problem_wired:
            self._team_problem_wired = True
            panel.retry_requested.connect(self._open)
            panel.settings_requested.connect(self._show_team_database_settings)
            panel.quit_requested.connect(self._on_team_problem_quit_requested)
        panel.show_problem(
            str(exc), retry=isinstance(exc, ServerUnreachableError), held_notes=held_notes
        )

    def _show_team_database_settings(self) -> None:
        from callnotes.ui.shell.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._opening.settings, parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_chosen.connect(self._on_team_database_settings_chosen)
        dialog.team_database.setFocus(Qt.FocusReason.OtherFocusReason)  # taken when shown
        dialog.team_database.selectAll()
        dialog.open()

    def _on_team_database_settings_chosen(self, settings: Settings) -> None:
        """Saved; the next attempt opens what they name (``--db`` still wins, as at start)."""
        from callnotes.settings import save_settings

        panel = self._window.team_database_problem()
        try:
            save_settings(self._opening.paths.settings_file, settings)
        except (OSError, CallnotesError) as exc:
            panel.show_problem(
                self.tr("Settings not saved: {reason}").format(reason=exc), retry=False
            )
            return
        self._opening = dataclasses.replace(self._opening, settings=settings)
        panel.show_trying()
        self._open()

    def _on_team_problem_quit_requested(self) -> None:
        self.exit_code = 1
        QApplication.quit()

    def _on_a_call(self) -> bool:
        return self.ctx is not None and self._window.is_attached and self._window.session.busy

    def _take_daily_backup(self, ctx: AppContext) -> None:
        if ctx is not self.ctx:
            return  # found damaged and let go meanwhile
        from callnotes.recovery import daily_backup

        self._window.runner.submit(lambda: daily_backup(ctx), key="daily-backup")

    def _on_changes(self, ctx: AppContext, changes: Changes) -> None:
        from callnotes.domain.changes import Part

        if changes.touches(Part.CLIENTS):
            self._forget_what_was_erased_elsewhere(ctx)

    def _forget_what_was_erased_elsewhere(self, ctx: AppContext) -> None:
        if ctx is not self.ctx:
            return
        self._window.runner.submit(
            ctx.client_erasure.forget_what_was_erased_elsewhere,
            on_error=lambda _exc: None,  # tried again at the next start
            key="forget-erased-elsewhere",
            owner=self._window,
        )

    def _check_search_index(self, ctx: AppContext) -> None:
        if ctx is not self.ctx:
            return  # found damaged and let go meanwhile
        self._window.runner.submit(
            ctx.db.check_search_index,
            on_result=lambda rebuilt: self._search_index_checked(
                ctx, bool(rebuilt or ctx.db.rebuilt_search_tables)
            ),
            on_error=lambda _exc: None,  # met again, and said, where it fails
            key="search-index-check",
            owner=self._window,
        )

    def _search_index_checked(self, ctx: AppContext, rebuilt: bool) -> None:
        if rebuilt:  # here or by whatever met the damage first (a background search, say)
            self._window.banner.show_message(self.tr(SEARCH_INDEX_REBUILT))
        if ctx is not self.ctx:
            return  # found damaged and let go meanwhile
        # The newest rows' indexes are merged while the agent is still idle (a second or so,
        # holding the write lock: see storage/search/fts5_schema.py).
        self._window.runner.submit(
            ctx.db.tidy_search_index,
            on_error=lambda _exc: None,  # tried again at the next start
            key="search-index-tidy",
            owner=self._window,
        )

    def _on_damage_found(self, damaged: DamagedDatabaseError) -> None:
        """The check found the file damaged after the window was filled from it: nothing was
        written to it (the writes wait for the verdict). Let it go, set it aside, ask."""
        ctx = self.ctx
        if ctx is None:
            return
        self._window.let_go()
        self.call_events.hold()  # for the window filled from the chosen database
        self.ctx = None
        if self._opening.owns_context:
            ctx.close()
        self.restore_offer.offer(damaged, self._opening, self._window)

    def _on_restore_offer_replaced(self) -> None:
        if self._window.is_attached:  # filled from the damaged file: a fresh frame in its place
            self._replace_window()
        self._open()

    def _replace_window(self) -> None:
        old = self._window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._window = build_frame(self._opening, app)
        self._window.setGeometry(old.geometry())
        show_frame(self._window, quietly=self.quietly)
        old.close()
        old.deleteLater()

    def _on_restore_offer_quit_chosen(self) -> None:
        self.exit_code = 1
        QApplication.quit()

    def _refuse(self, exc: CallnotesError) -> None:
        log.info("refused: %s", type(exc).__name__)  # the message may name a private path
        message = str(exc)
        print(f"callnotes: {message}", file=sys.stderr)
        self.exit_code = 1
        self._window.show_opening_problem(message)
        box = messages.show_error(self._window, message)
        box.finished.connect(QApplication.quit)


def _beside(name: str, work: Callable[[], object], answer: SignalInstance) -> None:
    """Run *work* on a thread of its own and emit what it returns on *answer* (a queued
    signal: heard on the GUI thread). *work* returns its failures; it never raises."""

    def run() -> None:
        outcome = work()
        with contextlib.suppress(RuntimeError):  # the app quit meanwhile
            answer.emit(outcome)

    threading.Thread(target=run, name=name, daemon=True).start()
