"""PySide6 no longer keeps the source of every module imported after it (module_sources)."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

import callnotes.ui  # noqa: F401 (installs the check)
from callnotes.ui.shell.module_sources import spare_module_sources

feature = sys.modules.get("shibokensupport.feature")
pytestmark = pytest.mark.skipif(
    feature is None or not hasattr(feature, "_mod_uses_pyside"),
    reason="this PySide6 has no source check on imports",
)


def test_modules_imported_later_are_classified_without_keeping_their_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cn_probe_qt.py").write_text("import PySide6\nVALUE = 1\n", encoding="utf-8")
    (tmp_path / "cn_probe_plain.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert spare_module_sources()
    try:
        exec("import cn_probe_qt, cn_probe_plain", {})  # through the import hook, as the app does
        decided = feature.pyside_feature_dict  # type: ignore[union-attr]
        # The same answers PySide6 gives: 0 = uses PySide6 (features switch), -1 = ignore.
        assert decided["cn_probe_qt"] == 0
        assert decided["cn_probe_plain"] == -1
        assert str(tmp_path / "cn_probe_qt.py") not in linecache.cache
        assert str(tmp_path / "cn_probe_plain.py") not in linecache.cache
    finally:
        for name in ("cn_probe_qt", "cn_probe_plain"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)  # type: ignore[union-attr]


def test_installing_twice_keeps_one_replacement() -> None:
    assert spare_module_sources()
    first = feature._mod_uses_pyside  # type: ignore[union-attr]
    assert spare_module_sources()
    assert feature._mod_uses_pyside is first  # type: ignore[union-attr]
