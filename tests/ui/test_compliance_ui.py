"""Tools → Compliance report… and Verify a report…: chosen from the keyboard, made off the GUI thread,
cancelled without a trace, errors said in the window, the result checked against the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import compliance_record, users
from app.vault import Vault
from ui.compliance_dialog import (
    CUSTOM,
    LAST_MONTH,
    LAST_QUARTER,
    THIS_YEAR,
    ComplianceFeature,
    ComplianceReportDialog,
    VerifyReportDialog,
    preset_period,
)
from ui.main_window import MainWindow

ARTIFACTS = Path("/work/artifacts/compliance")
# The offscreen platform says so for the date fields' calendar popups; nothing to do with us.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    return window


def _report_dialog(qtbot, window) -> ComplianceReportDialog:
    window.feature(ComplianceFeature).action_report.trigger()
    dialog = window.findChild(ComplianceReportDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _type_file(qtbot, edit, path: Path) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, str(path))


def test_the_presets_cover_last_month_last_quarter_and_this_year() -> None:
    today = date(2026, 2, 14)
    assert preset_period(LAST_MONTH, today) == (date(2026, 1, 1), date(2026, 1, 31))
    assert preset_period(LAST_QUARTER, today) == (date(2025, 10, 1), date(2025, 12, 31))
    assert preset_period(THIS_YEAR, today) == (date(2026, 1, 1), today)
    assert preset_period(LAST_QUARTER, date(2026, 5, 2)) == (date(2026, 1, 1), date(2026, 3, 31))


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_a_report_is_made_from_the_keyboard_and_verified(
    qtbot, ui_vault, settings, request, runner_name, tmp_path
) -> None:
    runner = request.getfixturevalue(runner_name)
    window = _window(qtbot, ui_vault, settings, runner)
    dialog = _report_dialog(qtbot, window)
    dialog.preset.setFocus()
    qtbot.keyClick(dialog.preset, Qt.Key.Key_Down)  # last month → last quarter
    qtbot.keyClick(dialog.preset, Qt.Key.Key_Down)  # → this year
    assert dialog.preset.currentData() == THIS_YEAR
    assert dialog.period() == (date(date.today().year, 1, 1), date.today())
    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Down)
    assert dialog.language.currentData() == "en"
    target = tmp_path / "year report"  # .pdf is added
    _type_file(qtbot, dialog.out, target)
    qtbot.keyClick(dialog.out, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=60_000)
    made = dialog.made
    pdf = tmp_path / "year report.pdf"
    assert made.path == pdf and pdf.is_file()
    assert made.record.code in dialog.message.text() and dialog.message.kind == "success"
    assert dialog.open_folder.isVisible() and dialog.make.isEnabled()
    assert "Personal information protection compliance report" in PdfReader(pdf).pages[0].extract_text()
    assert compliance_record.verify(ui_vault, ui_vault.actor, pdf.read_bytes()).ok
    opened = []
    dialog.open_url = opened.append
    qtbot.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(tmp_path)]
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    window.feature(ComplianceFeature).action_verify.trigger()
    verify = window.findChild(VerifyReportDialog)
    qtbot.waitUntil(verify.isVisible)
    qtbot.keyClicks(verify.file, str(pdf))
    qtbot.keyClick(verify.file, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: verify.verdict is not None, timeout=20_000)
    assert verify.message.kind == "success" and "Matches the report made by 老板" in verify.message.text()
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    verify.verdict = None
    verify.file.selectAll()
    qtbot.keyClicks(verify.file, str(altered))
    qtbot.keyClick(verify.file, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: verify.verdict is not None, timeout=20_000)
    assert verify.message.kind == "error" and verify.message.text().startswith("Altered")
    verify.verdict = None
    verify.file.clear()
    qtbot.keyClicks(verify.code, made.record.code.lower())
    qtbot.keyClick(verify.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: verify.verdict is not None, timeout=20_000)
    assert verify.message.kind == "success" and made.record.code in verify.message.text()


def test_cancelling_writes_and_records_nothing(qtbot, ui_vault, settings, inline_runner, tmp_path) -> None:
    window = _window(qtbot, ui_vault, settings, inline_runner)
    dialog = _report_dialog(qtbot, window)
    target = tmp_path / "cancelled.pdf"
    _type_file(qtbot, dialog.out, target)
    shown = dialog._progress

    def press_cancel_at_the_first_step(done: int, total: int, text: str) -> None:
        shown(done, total, text)
        if dialog.cancel_button.isEnabled():
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialog._progress = press_cancel_at_the_first_step
    qtbot.mouseClick(dialog.make, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.kind == "info")
    assert "no report was written" in dialog.message.text()
    assert not target.exists() and not list(tmp_path.glob(".cancelled.pdf.*"))
    assert compliance_record.list_reports(ui_vault, ui_vault.actor) == []
    assert dialog.make.isEnabled() and not dialog.progress_row.isVisible()


def test_a_bad_period_or_folder_is_said_in_the_window_and_nothing_is_recorded(
    qtbot, ui_vault, settings, thread_runner, tmp_path
) -> None:
    window = _window(qtbot, ui_vault, settings, thread_runner)
    dialog = _report_dialog(qtbot, window)
    _type_file(qtbot, dialog.out, tmp_path / "no such folder" / "r.pdf")
    qtbot.mouseClick(dialog.make, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=20_000)
    assert "does not exist" in dialog.message.text()
    dialog.end.setFocus()
    dialog.end.setDate(dialog.start.date().addDays(-3))  # typed dates make the period custom
    assert dialog.preset.currentData() == CUSTOM
    _type_file(qtbot, dialog.out, tmp_path / "r.pdf")
    qtbot.mouseClick(dialog.make, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.kind == "error" and "before its start" in dialog.message.text())
    dialog.out.clear()
    qtbot.mouseClick(dialog.make, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Choose where to save the report."
    assert compliance_record.list_reports(ui_vault, ui_vault.actor) == []


def test_only_roles_that_make_reports_see_the_actions(qtbot, ui_vault, settings, inline_runner) -> None:
    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-12", "sales")
    users.add(ui_vault, ui_vault.actor, "audrey", "audit-pass-12", "auditor")
    ui_vault.connection().execute("UPDATE users SET must_change_password = 0")
    folder = ui_vault.folder
    for name, password, offered in (("sally", "sales-pass-12", False), ("audrey", "audit-pass-12", True)):
        vault = Vault.unlock(folder, name, password)
        try:
            window = _window(qtbot, vault, settings, inline_runner)
            feature = window.feature(ComplianceFeature)
            assert feature.action_report.isVisible() is offered
            assert feature.action_verify.isEnabled() is offered
            window.close()
        finally:
            vault.lock()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_screenshots_of_both_dialogs(
    qtbot, ui_vault, settings, inline_runner, qapp, tmp_path, language
) -> None:
    from ui.i18n import Translations

    translations = Translations(qapp)
    translations.apply(language)
    try:
        window = _window(qtbot, ui_vault, settings, inline_runner)
        dialog = _report_dialog(qtbot, window)
        _type_file(qtbot, dialog.out, tmp_path / "report.pdf")
        qtbot.mouseClick(dialog.make, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.made is not None, timeout=60_000)
        if language == "zh_CN":
            assert dialog.make.text() == "生成报告" and "验证码" in dialog.message.text()
        QApplication.processEvents()
        if ARTIFACTS.parent.exists():
            ARTIFACTS.mkdir(exist_ok=True)
            dialog.grab().save(str(ARTIFACTS / f"dialog-report-{language}.png"))
        dialog.close()
        window.feature(ComplianceFeature).action_verify.trigger()
        verify = window.findChild(VerifyReportDialog)
        qtbot.keyClicks(verify.file, str(tmp_path / "report.pdf"))
        qtbot.keyClick(verify.file, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: verify.verdict is not None)
        if ARTIFACTS.parent.exists():
            verify.grab().save(str(ARTIFACTS / f"dialog-verify-{language}.png"))
        if language == "zh_CN":
            assert verify.message.text().startswith("与")
    finally:
        translations.apply("en")


def test_without_a_documents_folder_the_suggested_file_is_saved_in_the_home_folder(
    qtbot, ui_vault, settings, thread_runner, home_folder
) -> None:
    """A minimal Linux desktop has no ~/Documents: the suggestion must still be a place the
    report can be written, so pressing Enter on the untouched dialog makes it."""
    home = home_folder
    window = _window(qtbot, ui_vault, settings, thread_runner)
    dialog = _report_dialog(qtbot, window)
    suggested = Path(dialog.out.text())
    assert suggested.parent == home
    qtbot.keyClick(dialog.out, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=60_000)
    assert dialog.made.path == suggested and suggested.is_file()
    assert not (home / "Documents").exists()


def test_return_in_a_date_field_keeps_the_chosen_period_until_a_date_really_changes(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    window = _window(qtbot, ui_vault, settings, inline_runner)
    dialog = _report_dialog(qtbot, window)
    assert dialog.preset.currentData() == LAST_MONTH
    dialog.start.setFocus()
    qtbot.keyClick(dialog.start, Qt.Key.Key_Return)  # Qt re-reads the same date and says "changed"
    assert dialog.preset.currentData() == LAST_MONTH
    qtbot.keyClick(dialog.start, Qt.Key.Key_Down)  # one step earlier: now it is the user's own period
    assert dialog.preset.currentData() == CUSTOM
