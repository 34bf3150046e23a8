"""Since you left: one digest across every client of a colleague back from an absence.

What changed on their clients' cases, the updates sent, what was promised in their name and
what is still open, in that order, each item acknowledged with Space (or Enter) on the list.
Acknowledgements go through the window's write queue and come back through the change notice,
which redraws the list; the dialog opens for the agent named in Settings when they have been
away, else for the colleague most recently back, else for the one away now, with the keyboard
on the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton, QWidget

from callnotes.domain.changes import Part
from callnotes.domain.cover import DigestItem, DigestSection, SinceYouLeft
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import short_when
from callnotes.errors import CallnotesError
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.reading_dialog import ReadingDialog
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.common.write_queue import WriteQueue
from callnotes.ui.cover.actions import CoverActions

#: What the digest is made of: a change to any of these is read again.
DIGEST_PARTS = (
    Part.TEAM,
    Part.CLIENTS,
    Part.CASE,
    Part.TIMELINE,
    Part.ISSUES,
    Part.PROMISES,
    Part.UPDATES,
)
_KEY_ROLE = Qt.ItemDataRole.UserRole


class SinceYouLeftDialog(ReadingDialog):
    """The returning colleague's digest; Space or Enter acknowledges the item under the cursor."""

    parts = DIGEST_PARTS

    def __init__(
        self,
        actions: CoverActions,
        runner: TaskRunner,
        writes: WriteQueue,
        changes: ChangeNotice | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Since you left"), runner, changes, parent, intro=self.tr("Reading the team…")
        )
        self._actions = actions
        self._writes = writes
        self._digest: SinceYouLeft | None = None
        self._pending: set[str] = set()  # acknowledged here, not yet read back
        self.colleague = self.add_chooser(
            self.tr("&Colleague back"), "sinceColleague", self.tr("Colleague back")
        )
        self.summary = self.intro  # what the digest holds, and what is still to acknowledge
        self.items = QListWidget(self)
        self.items.setObjectName("sinceItems")
        self.items.setAccessibleName(self.tr("Since you left, item by item"))
        self.items.setWordWrap(True)
        self.items.installEventFilter(self)
        self.ack_button = QPushButton(self.tr("&Acknowledge"), self)
        self.ack_button.setToolTip(self.tr("Acknowledge the chosen item (Space on the list)"))
        self.ack_button.clicked.connect(self.acknowledge_current)
        self.add_button(self.ack_button)
        self.ack_button.setEnabled(False)  # until an item still to read is chosen
        self.items.currentItemChanged.connect(lambda *_: self._enable())
        self.colleague.currentIndexChanged.connect(self._on_colleague_changed)
        # A colleague chosen from the chooser's list (or Enter on it) hands the keyboard back
        # to the items, where Space acknowledges; arrows on the closed chooser stay in it.
        self._chooser_open = False
        self._chooser_list = self.colleague.view().window()  # the list the chooser pops up
        self.colleague.installEventFilter(self)
        self._chooser_list.installEventFilter(self)
        self.colleague.activated.connect(self._on_colleague_activated)
        self.lay_out(self.items, 620, 560)
        members, back = self._actions.members, self._actions.back_from_absence
        self.read(lambda: (members(), back()), lambda found: self._show_members(*found))
        self.items.setFocus()

    @property
    def digest(self) -> SinceYouLeft | None:
        """The digest shown (None until read)."""
        return self._digest

    def member_id(self) -> int | None:
        """The colleague whose digest is shown."""
        found = self.colleague.currentData()
        return int(found) if found is not None else None

    def reload(self) -> None:
        """Read the chosen colleague's digest again."""
        member_id = self.member_id()
        if member_id is None:
            return
        read = self._actions.since_you_left
        self.read(
            lambda: read(member_id),
            self._show_digest,
            key="since-you-left",
            on_error=self._on_read_failed,
        )

    def acknowledge_current(self) -> None:
        """Acknowledge the item under the cursor, then move to the next one still to read."""
        item = self.items.currentItem()
        member_id = self.member_id()
        found = self._item_of(item)
        if found is None or member_id is None or found.acknowledged:
            return
        if found.key in self._pending:
            return
        self._pending.add(found.key)
        assert item is not None
        self._paint(item, found, acknowledged=True)
        self._enable()
        acknowledge = self._actions.acknowledge
        self._writes.put(
            lambda: acknowledge(member_id, found.key, found.client_id),
            on_failed=self.show_problem,
        )
        self._next_unread(self.items.row(item))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Space or Enter on the list acknowledges the item under the cursor; Enter on the
        colleague chooser goes to the list."""
        kind = event.type()
        if watched is self.items and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if plain and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.acknowledge_current()
                return True
        elif watched is self.colleague and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.items.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        elif watched is self._chooser_list:
            if kind == QEvent.Type.Show:
                self._chooser_open = True
            elif kind == QEvent.Type.Hide:
                # The choice, if any, is announced right after the list hides.
                QTimer.singleShot(0, self, self._on_chooser_closed)
        return super().eventFilter(watched, event)

    # Drawing ------------------------------------------------------------------------------

    def _show_members(self, members: Sequence[TeamMemberRecord], back: Sequence[int]) -> None:
        """List the team; choose the agent named in Settings if they have been away, else the
        colleague most recently back from an absence, else the one most recently gone."""
        self.colleague.blockSignals(True)
        for member in members:
            self.colleague.addItem(member.name, member.id)
        chosen = _first_to_show(members, back, self._actions.agent_name(), self._actions.now())
        self.colleague.setCurrentIndex(max(self.colleague.findData(chosen), 0))
        self.colleague.blockSignals(False)
        if not members:
            self.summary.setText(self.tr("There is nobody in the team directory yet."))
            return
        self.reload()

    def _show_digest(self, digest: SinceYouLeft) -> None:
        current = self._item_of(self.items.currentItem())
        self._digest = digest
        self._pending -= {i.key for i in digest.items if i.acknowledged}
        self.banner.clear()
        self.items.clear()
        section: DigestSection | None = None
        select_row = None
        for found in digest.items:
            if found.section is not section:
                section = found.section
                self._heading(self._section_title(section))
            item = QListWidgetItem(self.items)
            item.setData(_KEY_ROLE, found.key)
            self._paint(item, found, acknowledged=found.acknowledged or found.key in self._pending)
            if current is not None and found.key == current.key:
                select_row = self.items.row(item)
        waiting = sum(not i.acknowledged and i.key not in self._pending for i in digest.items)
        clients = len(digest.client_names)
        since = short_when(digest.since, self._actions.now())
        if not digest.items:
            self.summary.setText(
                self.tr("Nothing changed on {name}'s clients since {since}.").format(
                    name=digest.member_name, since=since
                )
            )
            return
        across = (
            self.tr("on their one client")
            if clients == 1
            else self.tr("across their {n} clients").format(n=clients)
        )
        self.summary.setText(
            self.tr(
                "Since {since}, {across}: {waiting} of {total} still to acknowledge. "
                "Space acknowledges the chosen one."
            ).format(since=since, across=across, waiting=waiting, total=len(digest.items))
        )
        if select_row is not None:
            self.items.setCurrentRow(select_row)
        else:
            self._next_unread(-1)

    def _section_title(self, section: DigestSection) -> str:
        return {
            DigestSection.CHANGED: self.tr("What changed"),
            DigestSection.UPDATES: self.tr("Updates sent"),
            DigestSection.PROMISED: self.tr("Promised in your name"),
            DigestSection.OPEN: self.tr("Still open"),
        }[section]

    def _heading(self, text: str) -> None:
        item = QListWidgetItem(text, self.items)
        font = QFont(self.items.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: never the current item
        item.setForeground(self.palette().brush(QPalette.ColorRole.Link))

    def _paint(self, item: QListWidgetItem, found: DigestItem, *, acknowledged: bool) -> None:
        mark = "✓" if acknowledged else "•"
        when = f"{short_when(found.at, self._actions.now())} · " if found.at else ""
        item.setText(f"{mark} {found.client_name} — {found.case_title}\n    {when}{found.text}")
        role = QPalette.ColorRole.PlaceholderText if acknowledged else QPalette.ColorRole.Text
        item.setForeground(QBrush(self.palette().color(role)))
        item.setToolTip(self.tr("Acknowledged") if acknowledged else self.tr("Not yet read"))

    def _item_of(self, item: QListWidgetItem | None) -> DigestItem | None:
        if item is None or self._digest is None:
            return None
        key = item.data(_KEY_ROLE)
        return next((i for i in self._digest.items if i.key == key), None)

    def _next_unread(self, after: int) -> None:
        for row in [*range(after + 1, self.items.count()), *range(0, max(after, 0))]:
            found = self._item_of(self.items.item(row))
            if found is not None and not found.acknowledged and found.key not in self._pending:
                self.items.setCurrentRow(row)
                return

    def _enable(self) -> None:
        found = self._item_of(self.items.currentItem())
        unread = found is not None and not found.acknowledged and found.key not in self._pending
        self.ack_button.setEnabled(unread)

    def _on_colleague_changed(self, _index: int) -> None:
        self._digest = None
        self._pending.clear()
        self.items.clear()
        self.reload()

    def _on_colleague_activated(self, _index: int) -> None:
        if self._chooser_open:
            self._chooser_open = False
            self.items.setFocus(Qt.FocusReason.PopupFocusReason)

    def _on_chooser_closed(self) -> None:
        self._chooser_open = False

    def _on_read_failed(self, exc: CallnotesError) -> None:
        self._digest = None
        self.items.clear()
        self.summary.setText(str(exc))


def _first_to_show(
    members: Sequence[TeamMemberRecord], back: Sequence[int], agent_name: str, now: datetime
) -> int | None:
    """Whose digest the dialog opens on: the agent at the desk when they have been away, else
    the colleague most recently back (*back*: most recently gone first), else the one away now
    who left last; None when nobody has an absence on record."""
    away = sorted(
        (m for m in members if m.is_away(now)),
        key=lambda m: m.away_since or datetime.min.replace(tzinfo=UTC),
        reverse=True,
    )
    been_away = [*back, *(m.id for m in away)]
    me = agent_name.casefold()
    mine = next((m.id for m in members if m.name.casefold() == me and m.id in been_away), None)
    if mine is not None:
        return mine
    return been_away[0] if been_away else None
