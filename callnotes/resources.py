"""Locating the shipped resources (templates, playbooks, icons) in a checkout or a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The resources folder: inside the installed package, or at the top of a source checkout.

    The wheel maps the top-level ``resources/`` folder to ``callnotes/resources/``.
    """
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("callnotes resources are missing from this installation")


def templates_dir() -> Path:
    """Built-in report templates."""
    return resources_dir() / "templates"


def playbooks_dir() -> Path:
    """Built-in call playbooks."""
    return resources_dir() / "playbooks"
