"""The sign-in dialog: password, automatic sign-in, errors inline, and the recovery code."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QDialog, QFileDialog, QMessageBox

import app.vault.autosignin
from app import users
from app.errors import KeyringUnavailableError, WrongPasswordError
from app.vault import VAULT_DB, VAULT_KEYS, Vault, autosignin
from ui.settings import DEFAULT_VAULT, LAST_USER
from ui.signin import SignInDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

OWNER = "老板"  # tests/ui/conftest.py UI_OWNER
PASSWORD = "owner-pass-1"
CLERK = "clerk"
CLERK_PASSWORD = "clerk-pass-1"
WRONG = "Wrong password. Nothing was changed; please try again."


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, str]:
    """A locked vault with the owner 老板 and a sales clerk; returns (folder, recovery code)."""
    folder = tmp_path / "vault"
    vault, code = Vault.create(folder, owner=OWNER, password=PASSWORD, business_name="王记五金店")
    users.add(vault, vault.actor, CLERK, CLERK_PASSWORD, "sales")
    vault.lock()
    return folder, code


@pytest.fixture
def folder(made: tuple[Path, str]) -> Path:
    return made[0]


@pytest.fixture(autouse=True)
def lock_opened_vaults(monkeypatch) -> list[Vault]:
    """Every vault the dialogs unlock, locked again after the test."""
    opened: list[Vault] = []
    real_open = Vault._open.__func__

    def recording_open(cls, *args, **kwargs):
        vault = real_open(cls, *args, **kwargs)
        opened.append(vault)
        return vault

    monkeypatch.setattr(Vault, "_open", classmethod(recording_open))
    yield opened
    for vault in opened:
        vault.lock()


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    where = QPoint(8, button.height() // 2) if isinstance(button, QCheckBox) else QPoint()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)


def make_dialog(qtbot, folder, settings, runner, **kwargs) -> SignInDialog:
    dialog = SignInDialog(folder, settings, runner, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def sign_in(qtbot, dialog: SignInDialog, password: str) -> None:
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    click(qtbot, dialog.sign_in_button)


def vault_files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in (VAULT_DB, VAULT_KEYS)}


def test_sign_in_with_the_password(qtbot, folder, settings, inline_runner) -> None:
    settings.set(LAST_USER, OWNER)
    dialog = make_dialog(qtbot, folder, settings, inline_runner)
    assert dialog.user_combo.currentText() == OWNER  # the last user, preselected
    assert sorted(dialog.user_combo.itemText(i) for i in range(dialog.user_combo.count())) == sorted(
        [OWNER, CLERK]
    )
    assert str(folder) in dialog.folder_label.full_text()
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password

    sign_in(qtbot, dialog, PASSWORD)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vault is not None and not dialog.vault.is_locked
    assert dialog.vault.user == OWNER
    assert dialog.password_edit.text() == ""
    assert settings.get(LAST_USER) == OWNER


def test_another_user_signs_in_and_becomes_the_last_user(qtbot, folder, settings, inline_runner) -> None:
    settings.set(LAST_USER, OWNER)
    dialog = make_dialog(qtbot, folder, settings, inline_runner)
    dialog.user_combo.setCurrentText(CLERK)
    sign_in(qtbot, dialog, CLERK_PASSWORD)
    assert dialog.vault.user == CLERK
    assert settings.get(LAST_USER) == CLERK


def test_sign_in_runs_in_a_worker_with_the_form_disabled(
    qtbot, folder, settings, thread_runner, monkeypatch
) -> None:
    threads: list[int] = []
    real_unlock = Vault.unlock.__func__

    def recording_unlock(cls, *args, **kwargs):
        threads.append(threading.get_ident())
        return real_unlock(cls, *args, **kwargs)

    monkeypatch.setattr(Vault, "unlock", classmethod(recording_unlock))
    dialog = make_dialog(qtbot, folder, settings, thread_runner, user=OWNER, automatic=False)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    click(qtbot, dialog.sign_in_button)

    assert not dialog.sign_in_button.isEnabled()  # busy: no second click
    assert not dialog.password_edit.isEnabled()
    assert dialog.busy_bar.isVisible()
    assert dialog.sign_in_button.text() == "Signing in…"
    qtbot.waitUntil(lambda: dialog.vault is not None, timeout=20_000)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert threads and threads[0] != threading.get_ident()


def test_wrong_password_says_so_clears_the_field_and_changes_nothing(
    qtbot, folder, settings, inline_runner
) -> None:
    before = vault_files(folder)
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    sign_in(qtbot, dialog, "not-the-password")

    assert dialog.isVisible() and dialog.vault is None
    assert dialog.message.isVisible() and dialog.message.kind == "error"
    assert dialog.message.text() == WRONG
    assert dialog.password_edit.text() == ""
    assert dialog.focusWidget() is dialog.password_edit
    assert dialog.sign_in_button.isEnabled()
    assert vault_files(folder) == before

    sign_in(qtbot, dialog, PASSWORD)  # and the right one still works
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_repeated_failures_are_throttled_with_the_wait(qtbot, folder, settings, inline_runner) -> None:
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    for _ in range(3):
        sign_in(qtbot, dialog, "guess-guess")
        assert dialog.message.text() == WRONG
    sign_in(qtbot, dialog, PASSWORD)  # even the right password must wait now

    text = dialog.message.text()
    assert text.startswith("Too many wrong passwords. Please wait ")
    assert "second(s)" in text and any(ch.isdigit() for ch in text)
    assert dialog.vault is None


def test_damaged_vault_is_reported(qtbot, folder, settings, inline_runner) -> None:
    db = folder / VAULT_DB
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    sign_in(qtbot, dialog, PASSWORD)

    assert dialog.vault is None
    assert dialog.message.text().startswith(
        "The vault is damaged and cannot be opened. Restore it from a backup."
    )


def test_missing_key_file_is_reported_when_the_dialog_opens(qtbot, folder, settings, inline_runner) -> None:
    (folder / VAULT_KEYS).unlink()
    settings.set(LAST_USER, OWNER)  # would normally try automatic sign-in first
    dialog = make_dialog(qtbot, folder, settings, inline_runner)
    qtbot.wait(20)
    assert dialog.message.kind == "error"
    assert "vault.keys is missing" in dialog.message.text()
    assert dialog.vault is None


def test_vault_from_a_newer_custos_is_refused(qtbot, folder, settings, inline_runner) -> None:
    vault = Vault.unlock(folder, OWNER, PASSWORD)
    vault.connection().execute("PRAGMA user_version = 999")
    vault.lock()
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    sign_in(qtbot, dialog, PASSWORD)
    assert "newer version of Custos" in dialog.message.text()
    assert dialog.vault is None


def test_unknown_user_is_reported(qtbot, folder, settings, inline_runner) -> None:
    dialog = make_dialog(qtbot, folder, settings, inline_runner)
    dialog.user_combo.setEditText("")
    qtbot.keyClicks(dialog.user_combo.lineEdit(), "nobody")
    sign_in(qtbot, dialog, PASSWORD)
    assert dialog.message.text() == "There is no user with that name in this vault."
    assert dialog.password_edit.text() == ""


def test_empty_password_is_not_sent(qtbot, folder, settings, inline_runner) -> None:
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    click(qtbot, dialog.sign_in_button)
    assert dialog.message.text() == "Enter your password."
    assert dialog.vault is None


def test_without_a_keyring_automatic_sign_in_is_disabled_and_says_why(
    qtbot, folder, settings, inline_runner, no_keyring
) -> None:
    reason = autosignin.status().reason
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)

    assert not dialog.automatic_check.isEnabled()
    assert not dialog.automatic_check.isChecked()
    assert dialog.automatic_check.toolTip() == reason
    assert dialog.automatic_note.isVisible()
    assert reason in dialog.automatic_note.text()

    sign_in(qtbot, dialog, PASSWORD)  # the password still works, and the check box stays off
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.automatic_check.isEnabled() is False


def test_ticking_automatic_sign_in_lets_the_next_dialog_sign_in_by_itself(
    qtbot, folder, settings, inline_runner, memory_keyring
) -> None:
    settings.set(LAST_USER, OWNER)
    first = make_dialog(qtbot, folder, settings, inline_runner)
    assert first.automatic_check.isEnabled() and not first.automatic_note.isVisible()
    assert first.vault is None  # nothing saved yet: the automatic attempt fell back quietly
    assert not first.message.isVisible()
    click(qtbot, first.automatic_check)
    sign_in(qtbot, first, PASSWORD)
    assert first.result() == QDialog.DialogCode.Accepted
    assert memory_keyring.store  # the slot key is in the keyring
    first.vault.lock()

    second = SignInDialog(folder, settings, inline_runner)
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.accepted, timeout=10_000):
        second.show()
    assert second.vault is not None and second.vault.user == OWNER
    assert second.password_edit.text() == ""  # nobody typed anything


def test_after_a_lock_automatic_sign_in_is_not_tried(
    qtbot, folder, settings, inline_runner, memory_keyring
) -> None:
    vault = Vault.unlock(folder, OWNER, PASSWORD)
    vault.enable_automatic_signin(PASSWORD)
    vault.lock()
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER, automatic=False)
    qtbot.wait(50)
    assert dialog.vault is None and dialog.isVisible()


def test_keyring_refusing_the_key_still_signs_in_and_says_so(
    qtbot, folder, settings, inline_runner, monkeypatch
) -> None:
    def refuse(*_args):
        raise KeyringUnavailableError("The keyring refused to store the key: locked collection")

    monkeypatch.setattr(app.vault.autosignin, "store", refuse)
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    click(qtbot, dialog.automatic_check)
    sign_in(qtbot, dialog, PASSWORD)

    notice = dialog.notice
    assert notice is not None and notice.isVisible()  # open(), not exec(): nothing blocks
    assert "automatic sign-in could not be turned on" in notice.text()
    assert "locked collection" in notice.text()
    assert dialog.vault is not None  # signed in all the same
    click(qtbot, notice.button(QMessageBox.StandardButton.Ok))
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_forgot_password_resets_it_with_the_recovery_code_and_signs_in(
    qtbot, made, settings, inline_runner
) -> None:
    folder, code = made
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    click(qtbot, dialog.forgot_button)
    recovery = dialog.recovery_dialog
    assert recovery is not None and recovery.isVisible()
    assert recovery.user_combo.currentText() == OWNER

    qtbot.keyClicks(recovery.code_edit, code.lower().replace("-", " "))  # typed loosely
    qtbot.keyClicks(recovery.password_edit, "brand-new-pass-2")
    qtbot.keyClicks(recovery.confirm_edit, "brand-new-pass-2")
    click(qtbot, recovery.reset_button)

    assert recovery.result() == QDialog.DialogCode.Accepted
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vault is not None and dialog.vault.user == OWNER
    with pytest.raises(WrongPasswordError):
        Vault.unlock(folder, OWNER, PASSWORD)
    Vault.unlock(folder, OWNER, "brand-new-pass-2").lock()
    Vault.unlock(folder, CLERK, CLERK_PASSWORD).lock()  # other users are untouched


def test_forgot_password_with_a_wrong_code_says_so(qtbot, folder, settings, inline_runner) -> None:
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    click(qtbot, dialog.forgot_button)
    recovery = dialog.recovery_dialog
    qtbot.keyClicks(recovery.code_edit, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    qtbot.keyClicks(recovery.password_edit, "brand-new-pass-2")
    qtbot.keyClicks(recovery.confirm_edit, "brand-new-pass-2")
    click(qtbot, recovery.reset_button)

    assert recovery.isVisible()
    assert recovery.message.text().startswith("That recovery code is not right for this vault.")
    assert dialog.vault is None
    Vault.unlock(folder, OWNER, PASSWORD).lock()  # nothing was changed


def test_forgot_password_checks_the_new_password_first(qtbot, made, settings, inline_runner) -> None:
    folder, code = made
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    click(qtbot, dialog.forgot_button)
    recovery = dialog.recovery_dialog
    qtbot.keyClicks(recovery.code_edit, code)
    qtbot.keyClicks(recovery.password_edit, "brand-new-pass-2")
    qtbot.keyClicks(recovery.confirm_edit, "brand-new-pass-3")
    click(qtbot, recovery.reset_button)
    assert recovery.message.text() == "The two passwords do not match."

    recovery.password_edit.clear()
    recovery.confirm_edit.clear()
    qtbot.keyClicks(recovery.password_edit, "short")
    click(qtbot, recovery.reset_button)
    assert recovery.message.text() == "The new password needs at least 8 characters."
    Vault.unlock(folder, OWNER, PASSWORD).lock()  # nothing was reset


def test_open_another_vault_switches_folder_and_users(
    qtbot, folder, settings, inline_runner, tmp_path, monkeypatch
) -> None:
    other = tmp_path / "branch-vault"
    Vault.create(other, owner="manager", password="manager-pass-1")[0].lock()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(other))
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    click(qtbot, dialog.switch_button)

    assert dialog.folder == other
    assert str(other) in dialog.folder_label.full_text()
    assert [dialog.user_combo.itemText(i) for i in range(dialog.user_combo.count())] == ["manager"]
    dialog.user_combo.setCurrentText("manager")
    sign_in(qtbot, dialog, "manager-pass-1")
    assert dialog.vault.folder == other
    assert settings.get(DEFAULT_VAULT) == str(other)  # the vault chosen here opens next time


def test_open_another_vault_refuses_a_plain_folder(
    qtbot, folder, settings, inline_runner, tmp_path, monkeypatch
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(plain))
    dialog = make_dialog(qtbot, folder, settings, inline_runner, user=OWNER)
    click(qtbot, dialog.switch_button)
    assert dialog.folder == folder
    assert dialog.message.text().startswith("This folder is not a Custos vault.")


def test_switching_can_be_turned_off(qtbot, folder, settings, inline_runner) -> None:
    dialog = make_dialog(qtbot, folder, settings, inline_runner, can_switch=False)
    assert not dialog.switch_button.isVisible()


def test_a_vault_unlocked_after_cancel_is_locked_again(
    qtbot, folder, settings, thread_runner, lock_opened_vaults
) -> None:
    dialog = make_dialog(qtbot, folder, settings, thread_runner, user=OWNER, automatic=False)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    click(qtbot, dialog.sign_in_button)
    dialog.reject()  # Esc while the worker is still deriving the key
    thread_runner.wait_all()
    qtbot.waitUntil(lambda: bool(lock_opened_vaults) and lock_opened_vaults[0].is_locked, timeout=10_000)
    assert dialog.vault is None
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_a_long_sign_in_says_it_is_still_working_and_then_signs_in(
    qtbot, tmp_path, settings, thread_runner, monkeypatch
) -> None:
    """A sign-in that outlasts the usual second (here Argon2id at a high cost; in real life the
    first sign-in after an update upgrading a large vault) says why the bar is still moving."""
    import ui.signin
    from app.vault.keyslots import KdfParams

    folder = tmp_path / "slow-vault"
    costly = KdfParams(time_cost=4, memory_kib=256 * 1024, parallelism=1)
    Vault.create(folder, owner=OWNER, password=PASSWORD, kdf=costly)[0].lock()
    monkeypatch.setattr(ui.signin, "SLOW_SIGNIN_MS", 50)
    dialog = make_dialog(qtbot, folder, settings, thread_runner, user=OWNER, automatic=False)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Still signing in" in dialog.message.text(), timeout=20_000)
    assert dialog.busy_bar.isVisible() and not dialog.password_edit.isEnabled()
    qtbot.waitUntil(lambda: dialog.vault is not None, timeout=60_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.slow_timer.isActive()
