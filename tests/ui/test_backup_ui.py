"""Back up now, Restore from backup, Test restore, Backup settings and the status bar, driven with
the keyboard and mouse on the real thread pool."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox

from app import backup, backup_log, backup_schedule, customers, restore, users
from app.vault import Vault
from ui.backup import BackupDialog, BackupSettingsDialog, RestoreDialog
from ui.main_window import MainWindow

UI_OWNER, UI_PASSWORD = "老板", "owner-pass-1"  # tests/ui/conftest.py

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_window(qtbot, vault: Vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def status(window: MainWindow) -> QLabel:
    return window.findChild(QLabel, "backupStatus")


def replace_text(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_back_up_now_with_the_mouse_warns_about_the_same_disk_and_reports_it_verified(
    qtbot, ui_vault, settings, thread_runner, tmp_path: Path
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    assert "No backup yet" in status(window).text()
    action(window, "backupNow").trigger()
    dialog = window.findChild(BackupDialog)
    assert (
        dialog.warning.isVisible() and "same disk" in dialog.warning.text()
    )  # the default, beside the vault
    target = tmp_path / "usb"
    replace_text(qtbot, dialog.folder, str(target))
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.kind == "success", timeout=30000)
    assert "verified" in dialog.message.text() and "6 customers" in dialog.message.text()
    assert dialog.start.isEnabled() and not dialog.work.isVisible()
    assert [p.suffix for p in target.iterdir()] == [backup.SUFFIX]
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert status(window).text().startswith("Last backup: just now, verified")


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs a second file system")
def test_another_disk_is_not_flagged(qtbot, ui_vault, settings, inline_runner) -> None:
    dialog = BackupDialog(ui_vault, inline_runner)
    qtbot.addWidget(dialog)
    replace_text(qtbot, dialog.folder, "/dev/shm/custos-usb")
    assert not dialog.warning.isVisible()


def test_a_failing_backup_is_shown_in_red_and_keeps_the_dialog_usable(
    qtbot, ui_vault, settings, thread_runner, tmp_path: Path
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "backupNow").trigger()
    dialog = window.findChild(BackupDialog)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    replace_text(qtbot, dialog.folder, str(blocker / "inside"))
    qtbot.keyClick(dialog.folder, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=30000)
    assert "is the drive connected" in dialog.message.text()
    assert dialog.isVisible() and dialog.start.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: "failed" in status(window).text(), timeout=5000)


def test_the_restore_wizard_from_the_keyboard_restores_into_a_new_folder(
    qtbot, ui_vault, settings, thread_runner, tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    made = backup.create(ui_vault, ui_vault.actor, tmp_path / "b")
    customers.create(ui_vault, ui_vault.actor, {"name": "备份之后"})
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "restoreBackup").trigger()
    dialog = window.findChild(RestoreDialog)
    qtbot.keyClicks(dialog.file, str(made.path))
    qtbot.keyClick(dialog.file, Qt.Key.Key_Return)  # check
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=30000)
    assert "Verified" in dialog.checked.text()
    assert dialog.findChild(QLabel, "backup_3").text() == "6"  # customers in the backup, beside today's 7
    qtbot.keyClick(dialog.file, Qt.Key.Key_Return)  # on to signing in
    assert dialog.pages.currentIndex() == dialog.SIGN_IN
    assert "password the user had THEN" in dialog.sign_in_note.text()
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=30000)
    assert "password 老板 had then" in dialog.message.text()
    assert dialog.pages.currentIndex() == dialog.SIGN_IN
    replace_text(qtbot, dialog.password, UI_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.WHERE, timeout=30000)
    assert "6 customers" in dialog.verified.text()
    replace_text(qtbot, dialog.new_folder, str(tmp_path / "restored"))
    qtbot.keyClick(dialog.new_folder, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.DONE, timeout=30000)
    assert "6 customers" in dialog.done_text.text()
    restored = Vault.unlock(tmp_path / "restored", UI_OWNER, UI_PASSWORD)
    try:
        assert customers.count(restored, restored.actor) == 6
    finally:
        restored.lock()
    assert not window.is_locked


def test_replacing_from_the_wizard_with_the_recovery_code_locks_the_window(
    qtbot, tmp_path: Path, settings, thread_runner, monkeypatch
) -> None:
    vault, code = Vault.create(tmp_path / "v", owner=UI_OWNER, password=UI_PASSWORD)
    customers.create(vault, vault.actor, {"name": "王芳"})
    (tmp_path / "b").mkdir()
    made = backup.create(vault, vault.actor, tmp_path / "b")
    customers.create(vault, vault.actor, {"name": "李娜"})
    window = make_window(qtbot, vault, settings, thread_runner)
    dialog = window.feature(__import__("ui.backup", fromlist=["x"]).BackupFeature).open_restore(
        str(made.path)
    )
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=30000)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.with_code, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.code, code)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.WHERE, timeout=30000)
    assert "recovery code" in dialog.verified.text()
    qtbot.mouseClick(dialog.to_replace, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.DONE, timeout=30000)
    assert "kept at" in dialog.done_text.text()
    dialog.reject()
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    again = Vault.unlock(tmp_path / "v", UI_OWNER, UI_PASSWORD)
    try:
        assert [c.name for c in customers.CustomerView(again, again.actor).rows(0, 10)] == ["王芳"]
    finally:
        again.lock()


def test_test_restore_reports_and_the_status_bar_shows_the_drill(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    backup_schedule.ensure_folder(backup_schedule.target_folder(ui_vault))
    backup.create(ui_vault, ui_vault.actor, backup_schedule.target_folder(ui_vault))
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "testRestore").trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "drillResult") is not None, timeout=30000)
    box = window.findChild(QMessageBox, "drillResult")
    assert "Test restore passed" in box.text() and "6 customers" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert "test restore just now" in status(window).text()
    assert backup_log.last_successful_drill(ui_vault) is not None


def test_settings_from_the_keyboard_are_saved_in_the_vault_and_preview_pruning(
    qtbot, ui_vault, settings, thread_runner, tmp_path: Path
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "backupSettings").trigger()
    dialog = window.findChild(BackupSettingsDialog)
    replace_text(qtbot, dialog.folder, str(tmp_path / "nas"))
    qtbot.mouseClick(dialog.on_close, Qt.MouseButton.LeftButton)
    dialog.spins["keep_last"].selectAll()
    qtbot.keyClicks(dialog.spins["keep_last"], "3")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.kind == "info", timeout=30000)
    assert "delete 0" in dialog.message.text()
    qtbot.keyClick(dialog.spins["keep_last"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    saved = backup_schedule.load_settings(ui_vault)
    assert saved.folder == str(tmp_path / "nas") and saved.keep_last == 3 and saved.on_close


def test_closing_the_window_backs_up_first_when_the_schedule_says_so(
    qtbot, ui_vault, settings, thread_runner, tmp_path: Path
) -> None:
    backup_schedule.save_settings(
        ui_vault, ui_vault.actor, backup_schedule.Settings(folder=str(tmp_path / "usb"), on_close=True)
    )
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    assert len(list((tmp_path / "usb").glob("*" + backup.SUFFIX))) == 1


def test_a_role_without_backup_rights_sees_no_backup_actions_or_status(
    qtbot, ui_vault, settings, inline_runner, tmp_path: Path
) -> None:
    users.add(ui_vault, ui_vault.actor, "sally", "sally-pass-12", "sales")
    ui_vault.connection().execute("UPDATE users SET must_change_password = 0")
    sally = Vault.unlock(ui_vault.folder, "sally", "sally-pass-12")
    try:
        window = make_window(qtbot, sally, settings, inline_runner)
        for name in ("backupNow", "restoreBackup", "testRestore", "backupSettings"):
            assert not action(window, name).isVisible()
        assert status(window).isHidden()
    finally:
        sally.lock()


def test_the_audit_log_window_names_every_backup_action(
    qtbot, ui_vault, settings, inline_runner, tmp_path: Path
) -> None:
    from ui.audit_dialog import action_label

    (tmp_path / "b").mkdir()
    made = backup.create(ui_vault, ui_vault.actor, tmp_path / "b")
    restore.drill(ui_vault, ui_vault.actor, made.path)
    backup_schedule.prune(ui_vault, ui_vault.actor, tmp_path / "b")
    backup_schedule.save_settings(ui_vault, ui_vault.actor, backup_schedule.Settings(keep_last=2))
    recorded = {e.action for e in ui_vault.audit().entries(limit=50) if e.action.startswith("backup.")}
    assert recorded == {"backup.create", "backup.drill", "backup.prune", "backup.settings_changed"}
    for action_name in (*recorded, "backup.failed", "backup.restored"):
        assert action_label(action_name) != action_name


def test_a_vault_that_lost_its_key_slots_is_restored_from_the_sign_in_dialog(
    qtbot, settings, thread_runner, tmp_path: Path
) -> None:
    from ui.signin import SignInDialog

    vault, _code = Vault.create(tmp_path / "v", owner=UI_OWNER, password=UI_PASSWORD)
    customers.create(vault, vault.actor, {"name": "王芳"})
    (tmp_path / "b").mkdir()
    made = backup.create(vault, vault.actor, tmp_path / "b")
    vault.lock()
    (tmp_path / "v" / "vault.keys").unlink()  # nobody can sign in now
    dialog = SignInDialog(tmp_path / "v", settings, thread_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "vault.keys is missing" in dialog.message.text()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wizard = dialog.restore_dialog
    qtbot.keyClicks(wizard.file, str(made.path))
    qtbot.keyClick(wizard.file, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.found is not None, timeout=30000)
    assert "after you sign in" in wizard.checked.text() and wizard.to_replace.isEnabled()
    qtbot.keyClick(wizard.file, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.password, UI_PASSWORD)
    qtbot.keyClick(wizard.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.WHERE, timeout=30000)
    qtbot.mouseClick(wizard.to_replace, Qt.MouseButton.LeftButton)
    wizard._confirm_replace = lambda: True
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE, timeout=30000)
    qtbot.mouseClick(wizard.close_button, Qt.MouseButton.LeftButton)
    assert dialog.user_combo.currentText() == UI_OWNER and not dialog.message.text()  # signs in again
    assert list(tmp_path.glob("v.before-restore-*"))
