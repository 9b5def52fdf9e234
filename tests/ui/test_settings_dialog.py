"""The settings dialog: shows the stored values, saves what changed, says what changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

from ui.settings import DEFAULT_VAULT, IDLE_LOCK_MINUTES, LANGUAGE, TABLE_DENSITY
from ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_dialog(qtbot, settings) -> SettingsDialog:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def press(qtbot, dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def choose(combo, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_shows_the_defaults(qtbot, settings) -> None:
    dialog = make_dialog(qtbot, settings)
    assert dialog.language_combo.currentData() == "system"
    assert dialog.language_combo.currentText() == "System default"
    assert [dialog.language_combo.itemData(i) for i in range(dialog.language_combo.count())] == [
        "system",
        "zh_CN",
        "en",
    ]
    assert dialog.idle_spin.value() == 10
    assert (dialog.idle_spin.minimum(), dialog.idle_spin.maximum()) == (1, 240)
    assert dialog.folder_edit.text() == ""
    assert dialog.density_combo.currentData() == "comfortable"


def test_ok_saves_the_changes_and_reports_which(qtbot, settings, tmp_path) -> None:
    dialog = make_dialog(qtbot, settings)
    choose(dialog.language_combo, "zh_CN")
    dialog.idle_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.idle_spin, "45")
    qtbot.keyClicks(dialog.folder_edit, str(tmp_path / "vault"))
    choose(dialog.density_combo, "compact")

    with qtbot.waitSignal(dialog.settings_changed) as signal:
        press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert set(signal.args[0]) == {LANGUAGE, IDLE_LOCK_MINUTES, DEFAULT_VAULT, TABLE_DENSITY}
    assert set(dialog.changed) == set(signal.args[0])
    assert settings.get(LANGUAGE) == "zh_CN"
    assert settings.get(IDLE_LOCK_MINUTES) == 45
    assert settings.get(DEFAULT_VAULT) == str(tmp_path / "vault")
    assert settings.get(TABLE_DENSITY) == "compact"

    again = make_dialog(qtbot, settings)  # and they come back next time
    assert again.language_combo.currentData() == "zh_CN"
    assert again.idle_spin.value() == 45
    assert again.folder_edit.text() == str(tmp_path / "vault")
    assert again.density_combo.currentData() == "compact"


def test_only_what_changed_is_reported(qtbot, settings) -> None:
    settings.set(LANGUAGE, "en")
    dialog = make_dialog(qtbot, settings)
    choose(dialog.language_combo, "system")
    with qtbot.waitSignal(dialog.settings_changed) as signal:
        press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert signal.args[0] == [LANGUAGE]
    assert settings.get(LANGUAGE) == "system"


def test_ok_without_changes_reports_nothing(qtbot, settings) -> None:
    dialog = make_dialog(qtbot, settings)
    with qtbot.assertNotEmitted(dialog.settings_changed):
        press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.changed == []


def test_cancel_saves_nothing(qtbot, settings) -> None:
    dialog = make_dialog(qtbot, settings)
    choose(dialog.density_combo, "compact")
    dialog.idle_spin.setValue(200)
    with qtbot.assertNotEmitted(dialog.settings_changed):
        press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert settings.get(TABLE_DENSITY) == "comfortable"
    assert settings.get(IDLE_LOCK_MINUTES) == 10


def test_idle_minutes_stay_within_range(qtbot, settings) -> None:
    settings.set(IDLE_LOCK_MINUTES, 5000)  # written by hand into the settings file
    dialog = make_dialog(qtbot, settings)
    assert dialog.idle_spin.value() == 240
    dialog.idle_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.idle_spin, "0")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert 1 <= settings.get(IDLE_LOCK_MINUTES) <= 240


def test_browse_fills_in_the_folder(qtbot, settings, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    dialog = make_dialog(qtbot, settings)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.folder_edit.text() == str(tmp_path)
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert settings.get(DEFAULT_VAULT) == str(tmp_path)
