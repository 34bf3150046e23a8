"""Keep PySide6 from holding the source text of every module imported after it.

To support ``from __feature__ import snake_case``, PySide6 asks of every module imported
once it is loaded whether that module mentions "PySide6", and it finds out with
``inspect.getsource``: that reads the whole file into :mod:`linecache`, which keeps it for
the life of the process. The GUI imports PySide6 first (the window paints before the
database layer loads), so SQLAlchemy, Jinja2 and callnotes itself, some 700 modules, were
all read that way: 23 MB of source text held for nothing, a sixth of the app's memory, and
read line by line at start-up.

:func:`spare_module_sources` asks the same question by reading the file's bytes without
keeping them. Where PySide6 has no such check (other versions), nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6.QtCore  # noqa: F401 (loads the feature check this module adjusts)

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def spare_module_sources() -> bool:
    """Replace PySide6's source check with one that keeps nothing; whether it was replaced."""
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _CHECK, None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "spares_sources", False):
        return True
    setattr(feature, _CHECK, _uses_pyside_checker(original))
    return True


def _uses_pyside_checker(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        """Whether *module*'s source file mentions PySide6 (the question PySide6 asks)."""
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)  # built-in, compiled or zipped: PySide6's own answer
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.spares_sources = True  # type: ignore[attr-defined]
    return uses_pyside
