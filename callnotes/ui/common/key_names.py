"""The key of a command as the agent's keyboard names it, read from the shortcut that answers it.

Text that names a key ("New call (Ctrl+N)") is built from the QAction, QShortcut or key sequence
that really answers the key, never written by hand: a changed shortcut changes what is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence, QShortcut

#: Anything that names keys: an action or shortcut (its shortcut), a sequence, or its portable text.
KeySource = QAction | QShortcut | QKeySequence | str | None


def key_text(source: KeySource) -> str:
    """The key of *source* as this keyboard names it (``Ctrl+N``, ``⌘N``); empty: no key."""
    if source is None:
        return ""
    if isinstance(source, QAction):
        keys = source.shortcut()
        if keys.isEmpty() and "\t" in source.text():
            # A key only shown beside the item (it works elsewhere: Delete in a list).
            return source.text().partition("\t")[2]
    elif isinstance(source, QShortcut):
        keys = source.key()
    elif isinstance(source, str):
        keys = QKeySequence(source)
    else:
        keys = source
    return keys.toString(QKeySequence.SequenceFormat.NativeText)


def with_key(text: str, source: KeySource) -> str:
    """``New call (Ctrl+N)``: *text* and the key of *source* in brackets; *text* when none."""
    key = key_text(source)
    return f"{text} ({key})" if key else text


def worded(with_key_text: str, without_key_text: str, source: KeySource, **values: str) -> str:
    """*with_key_text* with ``{key}`` filled in from *source*; *without_key_text* when no key.

    Other ``{name}`` fields of either text are filled in from *values*.
    """
    key = key_text(source)
    if key:
        return with_key_text.format(key=key, **values)
    return without_key_text.format(**values)


def follow_keys(action: QAction | None, show: Callable[[], None]) -> None:
    """Call *show* now and again whenever *action* changes (its shortcut among others)."""
    if action is not None:
        action.changed.connect(show)
    show()


def literal_label(text: str) -> str:
    """*text* the agent or a client typed (a case title, a name), made safe for a button, check
    box, menu item or tab: Qt reads ``&`` there as a mnemonic ("Labels & driver" would show
    "Labels _driver" and answer Alt+D); ``&&`` shows one ``&``."""
    return text.replace("&", "&&")
