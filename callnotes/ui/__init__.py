"""The PySide6 desktop interface: windows, panels, item models and dialogs."""
