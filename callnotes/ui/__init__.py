"""The PySide6 desktop interface: windows, panels, item models and dialogs."""

from callnotes.ui.shell.module_sources import spare_module_sources

# Before the panels, the database layer and the reports are imported (see module_sources).
spare_module_sources()
