"""The call window's menus: every action once, with the shortcut shown beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from callnotes.domain.timeline import EntryKind
from callnotes.ui.common import messages
from callnotes.ui.common.host import MenuName
from callnotes.ui.common.kind_labels import kind_label
from callnotes.ui.shell.placement import placement_supported

if TYPE_CHECKING:
    from callnotes.ui.shell.main_window import MainWindow


class WindowMenus:
    """Builds the menu bar of *window*; actions work from anywhere in the window."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._actions: list[QAction] = []
        w = window
        bar = window.menuBar()

        call = bar.addMenu(w.tr("&Call"))
        self.call = call
        self.new_call = self._add(call, w.tr("&New call…"), "Ctrl+N", lambda: w.new_call())
        self.next_step = self._add(call, w.tr("Ne&xt step"), "F4", w.rail.next_step)
        self.previous_step = self._add(
            call, w.tr("&Previous step"), "Shift+F4", w.rail.previous_step
        )
        self.hold = self._add(call, w.tr("&Hold / resume"), "F6", w.call_bar.toggle_hold)
        self.wrap_up = self._add(call, w.tr("&Wrap up call…"), "F8", w.wrap_up)
        call.addSeparator()
        self.edit_card = self._add(call, w.tr("&Edit client card"), "Ctrl+E", w.card.edit)
        # The call bar's tooltips and the empty case header name these commands' keys.
        w.call_bar.set_key_actions(self.new_call, self.hold, self.wrap_up)
        w.header.set_new_call_action(self.new_call)

        entry = bar.addMenu(w.tr("&Entry"))
        self.entry = entry
        for action in w.timeline.kind_actions:
            entry.addAction(action)
            self._actions.append(action)
        entry.addAction(w.timeline.for_client_action)  # one key marks the next entry
        self._actions.append(w.timeline.for_client_action)
        entry.addSeparator()
        entry.addAction(w.timeline.edit_action)
        self._actions.append(w.timeline.edit_action)
        self._add(entry, w.tr("&Focus the note editor"), "Ctrl+L", w.focus_editor)

        view = bar.addMenu(w.tr("&View"))
        self.view = view  # Find (Ctrl+F) heads it: see search_tools
        self._add(view, w.tr("&Timeline"), "Ctrl+1", lambda: w.tabs.setCurrentIndex(0))
        self._add(view, w.tr("&Issues"), "Ctrl+2", self._show_issues)
        self._add(view, w.tr("Ca&ses"), "Ctrl+3", self._show_cases)
        self._add(view, w.tr("&Refresh"), "F5", w.refresh)
        view.addSeparator()
        self.always_on_top = self._add(view, w.tr("&Always on top"), "Ctrl+T", None)
        self.always_on_top.setCheckable(True)
        self.always_on_top.toggled.connect(w.set_always_on_top)
        self.dock_left = self._add(
            view, w.tr("Dock to &left edge"), "Ctrl+Alt+Left", lambda: w.dock_to("left")
        )
        self.dock_right = self._add(
            view, w.tr("Dock to ri&ght edge"), "Ctrl+Alt+Right", lambda: w.dock_to("right")
        )
        supported = placement_supported()
        for action in (self.always_on_top, self.dock_left, self.dock_right):
            action.setVisible(supported)

        # Filled by the areas (clients; escalation, updates, resolution): see areas.py.
        self.client = bar.addMenu(w.tr("C&lient"))
        self.case = bar.addMenu(w.tr("C&ase"))
        self.case.addAction(w.issues.remove_action)  # Delete works in the issue list
        self._actions.append(w.issues.remove_action)
        self.case.addSeparator()

        documents = bar.addMenu(w.tr("&Documents"))
        self.documents = documents
        self._add(documents, w.tr("&Documents…"), "Ctrl+D", lambda: w.show_documents())
        self._add(
            documents,
            w.tr("&Handover for the usual contact…"),
            "Ctrl+Shift+H",
            lambda: w.show_documents("handover"),
        )
        self._add(
            documents,
            w.tr("&Minutes of the call…"),
            "Ctrl+Shift+M",
            lambda: w.show_documents("minutes"),
        )

        settings = bar.addMenu(w.tr("&Settings"))
        self.settings = settings
        self._add(settings, w.tr("&Settings…"), "Ctrl+,", lambda: w.show_settings())
        self._add(settings, w.tr("Report &templates…"), "", w.show_templates)

        help_menu = bar.addMenu(w.tr("&Help"))
        self._add(help_menu, w.tr("&Keyboard shortcuts"), "F1", w.show_cheat_sheet)
        about = self._add(help_menu, w.tr("&About callnotes"), "", lambda: messages.show_about(w))
        about.setMenuRole(QAction.MenuRole.AboutRole)
        quit_action = self._add(settings, w.tr("&Quit"), "Ctrl+Q", w.close)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    def by_name(self, name: MenuName) -> QMenu:
        """One of the menus by name (see :class:`~callnotes.ui.common.host.WindowHost`)."""
        found = getattr(self, name, None)
        if not isinstance(found, QMenu):
            raise KeyError(name)
        return found

    def all_actions(self) -> list[QAction]:
        """Every action of the window, in menu order."""
        return list(self._actions)

    def _show_issues(self) -> None:
        self._window.tabs.setCurrentIndex(1)
        self._window.issues.focus_quick_add()

    def _show_cases(self) -> None:
        self._window.tabs.setCurrentIndex(2)
        self._window.case_list.setFocus()

    def add(self, menu: object, text: str, keys: str, slot: Callable[[], object] | None) -> QAction:
        """Add an action to *menu* with *keys*, working from anywhere in the window."""
        return self._add(menu, text, keys, slot)

    def _add(
        self, menu: object, text: str, keys: str, slot: Callable[[], object] | None
    ) -> QAction:
        action = QAction(text, self._window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        self._window.addAction(action)
        self._actions.append(action)
        return action


def guide_commands(window: MainWindow) -> dict[str, QAction]:
    """The window's commands the guide may name with ``{key:NAME}``.

    Call, entry and client-card commands are named here; every other command of the window is
    reachable by its menu text in lower case with ``_`` for spaces (``{key:log_update}``).
    """
    menus = window.menus
    commands: dict[str, QAction] = {}
    for action in menus.all_actions():
        name = _command_name(action.text())
        if name:
            commands.setdefault(name, action)
    named = {
        "new_call": menus.new_call,
        "next_step": menus.next_step,
        "previous_step": menus.previous_step,
        "hold": menus.hold,
        "wrap_up": menus.wrap_up,
        "edit_card": menus.edit_card,
        "amend_entry": window.timeline.edit_action,
    }
    commands.update(named)
    labels = {kind_label(kind).casefold(): kind for kind in EntryKind}
    for action in window.timeline.kind_actions:
        kind = labels.get(action.text().replace("&", "").casefold())
        if kind is not None:
            commands[kind.value] = action
    areas = getattr(window, "areas", None)  # built after the panels
    extra = {
        "team_directory": ("escalation", "team_action"),
        "escalation_attempt": ("escalation", "log_action"),
        "log_update": ("updates", "log_action"),
        "criterion_confirmed": ("resolution", "confirm_action"),
        "criterion_wrong": ("resolution", "wrong_action"),
        "follow_up": ("resolution", "follow_up_action"),
        "read_back_confirmed": ("read_back", "confirm_action"),
        "hand_back": ("resolution", "handback_action"),
        "find": ("search", "action"),
        "choose_usual_contact": ("client", "choose_usual_contact_action"),
    }
    for name, (area, attribute) in extra.items():
        found = getattr(getattr(areas, area, None), attribute, None)
        if isinstance(found, QAction):
            commands[name] = found
    return commands


def _command_name(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in text.replace("&", "").casefold())
    return "_".join(words.split())
