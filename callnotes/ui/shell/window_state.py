"""What the call window remembers between runs: geometry, docked edge, always-on-top, and where
the case's header sits in it (for the first look to show the case there)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from callnotes.ui.shell.placement import EDGES, dock, placement_supported, set_always_on_top

_GEOMETRY_KEY = "main_window/geometry"
_EDGE_KEY = "main_window/edge"
_ON_TOP_KEY = "main_window/always_on_top"
_CASE_TOP_KEY = "main_window/case_top"


class WindowState:
    """Reads and writes *window*'s place in *state* (QSettings: window state only)."""

    def __init__(self, window: QMainWindow, state: QSettings) -> None:
        self._window = window
        self._state = state
        self.edge = ""

    def set_always_on_top(self, on: bool) -> None:
        """Keep the window above the softphone (not available under Wayland)."""
        if placement_supported():
            set_always_on_top(self._window, on)
            self._state.setValue(_ON_TOP_KEY, on)

    def dock_to(self, edge: str) -> None:
        """Dock to the left or right screen edge, full height; remembered for next time."""
        if placement_supported():
            dock(self._window, edge)
            self.edge = edge
            self._state.setValue(_EDGE_KEY, edge)

    def restore(self, always_on_top: QAction) -> None:
        """Put the window back where it was; *always_on_top* is checked if it was on top."""
        geometry = self._state.value(_GEOMETRY_KEY)
        if isinstance(geometry, QByteArray):
            self._window.restoreGeometry(geometry)
        if not placement_supported():
            return
        if self._state.value(_ON_TOP_KEY, False) in (True, "true"):
            always_on_top.setChecked(True)
        edge = self._state.value(_EDGE_KEY, "")
        if edge in EDGES:
            self.edge = str(edge)

    @property
    def case_top(self) -> int:
        """How far below the window's top the case's header was when it last closed (0: not
        known): the first look shows the case there, so it does not move when the panels come."""
        try:
            top = int(self._state.value(_CASE_TOP_KEY, 0))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return 0
        return top if 0 < top < self._window.height() // 2 else 0

    def remember_case_top(self, top: int) -> None:
        """The case's header is *top* pixels below the window's top now."""
        self._state.setValue(_CASE_TOP_KEY, top)

    def save(self) -> None:
        """Remember the window's geometry now."""
        self._state.setValue(_GEOMETRY_KEY, self._window.saveGeometry())
        self._state.sync()
