"""The call window's frame: start-up, the main window, its menus and what it remembers."""
