"""Every key a window answers, and who answers it: for tests that no two answer the same key.

Qt resolves a key press through one shortcut map holding QAction and QShortcut keys, the
mnemonics of the menu bar, tab bars, buttons and labels with buddies. Two entries for the same
key that can be active together make Qt log "Ambiguous shortcut overload" and do neither: the
press goes nowhere, or a second press opens a menu and the next letters run its items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QWidget,
)

_LOCAL = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)


@dataclass(frozen=True)
class KeyOwner:
    """One thing that answers *key*, active in *scope* (a path of pages; a prefix holds more)."""

    key: str
    what: str
    scope: tuple[str, ...]


def _name(widget: QWidget | QAction | QShortcut) -> str:
    text = widget.text() if hasattr(widget, "text") else ""  # type: ignore[union-attr]
    return f"{type(widget).__name__} {widget.objectName() or text!r}"


def _scope(widget: QWidget | None, stop: QWidget) -> tuple[str, ...]:
    """The pages (of tab widgets and stacks) *widget* sits in, outermost first.

    Only one page of a stack is visible at a time, so keys on two pages never compete; a key
    of the window (scope ``()``) competes with every page.
    """
    pages: list[str] = []
    while widget is not None and widget is not stop:
        parent = widget.parentWidget()
        if isinstance(parent, QStackedWidget):
            pages.append(f"{parent.objectName() or id(parent)}[{parent.indexOf(widget)}]")
        widget = parent
    return tuple(reversed(pages))


def _keys(sequences: list[QKeySequence]) -> list[str]:
    return [
        s.toString(QKeySequence.SequenceFormat.PortableText) for s in sequences if not s.isEmpty()
    ]


def key_owners(root: QWidget) -> list[KeyOwner]:
    """Everything in *root* (a window or dialog) that answers a key, and where."""
    owners: list[KeyOwner] = []
    widgets = [root, *root.findChildren(QWidget)]
    seen_actions: set[int] = set()
    for widget in widgets:
        scope = _scope(widget, root)
        for action in widget.actions():
            if id(action) in seen_actions or isinstance(widget, (QMenu, QMenuBar)):
                continue
            seen_actions.add(id(action))
            local = action.shortcutContext() in _LOCAL
            where = (*scope, f"focus:{id(widget)}") if local else scope
            owners += [KeyOwner(k, _name(action), where) for k in _keys(action.shortcuts())]
        if isinstance(widget, QMenuBar):
            for action in widget.actions():
                owners += [
                    KeyOwner(k, f"menu {action.text()!r}", scope)
                    for k in _keys([QKeySequence.mnemonic(action.text())])
                ]
        elif isinstance(widget, QMenu):
            inside = (*scope, f"menu:{id(widget)}")
            for action in widget.actions():
                # Inside an open menu the mnemonic letter alone picks the item.
                owners += [
                    KeyOwner(k.removeprefix("Alt+"), f"menu item {action.text()!r}", inside)
                    for k in _keys([QKeySequence.mnemonic(action.text())])
                ]
                # Shortcuts of actions that live only in the menu work window-wide too.
                if id(action) not in seen_actions and action.shortcutContext() not in _LOCAL:
                    seen_actions.add(id(action))
                    owners += [KeyOwner(k, _name(action), scope) for k in _keys(action.shortcuts())]
        elif isinstance(widget, QTabBar) and not isinstance(widget.parentWidget(), QTabWidget):
            owners += _tab_mnemonics(widget, scope)
        elif isinstance(widget, QTabWidget):
            owners += _tab_mnemonics(widget.tabBar(), scope)
        elif isinstance(widget, QAbstractButton):
            keys = _keys([QKeySequence.mnemonic(widget.text()), widget.shortcut()])
            owners += [KeyOwner(k, _name(widget), scope) for k in dict.fromkeys(keys)]
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            owners += [
                KeyOwner(k, _name(widget), scope)
                for k in _keys([QKeySequence.mnemonic(widget.text())])
            ]
    for shortcut in root.findChildren(QShortcut):
        parent = shortcut.parent()
        scope = _scope(parent, root) if isinstance(parent, QWidget) else ()
        if shortcut.context() in _LOCAL:
            scope = (*scope, f"focus:{id(parent)}")
        owners += [KeyOwner(k, _name(shortcut), scope) for k in _keys(shortcut.keys())]
    return owners


def _tab_mnemonics(bar: QTabBar, scope: tuple[str, ...]) -> list[KeyOwner]:
    return [
        KeyOwner(k, f"tab {bar.tabText(n)!r}", scope)
        for n in range(bar.count())
        for k in _keys([QKeySequence.mnemonic(bar.tabText(n))])
    ]


def collisions(owners: list[KeyOwner]) -> list[str]:
    """Pairs of owners answering the same key where both can be active at once."""
    by_key: dict[str, list[KeyOwner]] = defaultdict(list)
    for owner in owners:
        by_key[owner.key.casefold()].append(owner)
    found = []
    for key, group in sorted(by_key.items()):
        for n, first in enumerate(group):
            for second in group[n + 1 :]:
                short, long = sorted((first.scope, second.scope), key=len)
                if long[: len(short)] == short:
                    found.append(f"{key}: {first.what} and {second.what}")
    return found
