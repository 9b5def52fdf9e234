"""The Chinese catalogue is complete, current and compiled; switching language takes effect."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from ui.i18n import TRANSLATIONS_DIR, Translations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TS = TRANSLATIONS_DIR / "custos_zh_CN.ts"
QM = TRANSLATIONS_DIR / "custos_zh_CN.qm"
UI_DIR = Path(__file__).resolve().parents[2] / "ui"


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (ctx.findtext("name"), m.findtext("source"), m.find("translation"))
        for ctx in root.iter("context")
        for m in ctx.iter("message")
    ]


def test_every_chinese_string_is_translated_and_none_is_empty() -> None:
    found = messages(TS)
    assert len(found) > 100
    missing = [
        (c, s)
        for c, s, t in found
        if t is None
        or t.get("type") in ("unfinished", "vanished", "obsolete")
        or not "".join(t.itertext()).strip()
    ]
    assert missing == []


def test_catalogue_lists_every_string_in_the_code(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = shutil.which("pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(lupdate), *map(str, sorted(UI_DIR.glob("*.py"))), "-ts", str(fresh)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    in_code = {(c, s) for c, s, _ in messages(fresh)}
    in_catalogue = {(c, s) for c, s, _ in messages(TS)}
    assert in_code - in_catalogue == set(), "run `make translations` and translate the new strings"


def test_compiled_catalogue_is_newer_than_its_source() -> None:
    assert QM.exists()
    assert QM.stat().st_mtime >= TS.stat().st_mtime - 1


@pytest.mark.parametrize(("language", "expected"), [("zh_CN", "锁定"), ("en", "Lock")])
def test_switching_language_changes_translated_text(qapp, language: str, expected: str) -> None:
    translations = Translations(qapp)
    try:
        translations.apply(language)
        assert QCoreApplication.translate("MainWindow", "Lock") == expected
    finally:
        translations.apply("en")


def test_main_window_switches_language_live(qtbot, ui_vault, settings, inline_runner, qapp) -> None:
    from ui.main_window import MainWindow

    translations = Translations(qapp)
    translations.apply("en")
    window = MainWindow(ui_vault, settings, inline_runner, translations)
    qtbot.addWidget(window)
    header = window.table.model().headerData
    assert window.action_lock.text() == "Lock"
    assert header(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Name"
    try:
        translations.apply("zh_CN")
        qtbot.waitUntil(lambda: window.action_lock.text() == "锁定")
        assert "客户" in window.search_box.placeholderText()
        qtbot.waitUntil(lambda: header(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "姓名")
    finally:
        translations.apply("en")
    qtbot.waitUntil(lambda: window.action_lock.text() == "Lock")


def test_chinese_buttons_and_menus_show_no_access_key_letters(qtbot, ui_vault, settings, inline_runner, qapp):
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.test_lock import make_window

    translations = Translations(qapp)
    translations.apply("zh_CN")
    try:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "?",
            "?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        qtbot.addWidget(box)
        assert sorted(b.text() for b in box.buttons()) == ["否", "是"]  # Qt's catalogue says 是(&Y)
        window = make_window(qtbot, ui_vault, settings, inline_runner)
        texts = [a.text() for a in window.findChildren(type(window.action_lock))]
        texts += [m.title() for m in window.menus.values()]
        assert "新建客户" in texts, texts
        assert [t for t in texts if "(&" in t] == []
    finally:
        translations.apply("en")
    assert [t.text for _c, _s, t in messages(TS) if t is not None and t.text and "(&" in t.text] == []
