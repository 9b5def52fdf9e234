"""Enter presses a dialog's primary button in every state; Escape cancels.

Driven through the keyboard with the real thread-pool runner: the inline runner never lets
the form sit disabled while focus moves on, which is how Cancel became the default button
and the Enter after a wrong password quit the app.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QPushButton, QWidget, QWizard

import ui.setup_wizard as setup_wizard_mod
from app import customers
from app.access import list_roles
from app.customers import CustomerView
from app.fields import Catalogue
from app.users import list_users
from app.vault import Vault
from ui.columns import ColumnChooser
from ui.editor import CustomerEditor, RevealDialog
from ui.fields_dialog import AddFieldDialog, FieldCatalogueDialog
from ui.help import GettingStartedDialog, ShortcutsDialog
from ui.i18n import Translations
from ui.main import Launcher
from ui.password_dialog import ChangePasswordDialog
from ui.recovery_code import ReplaceRecoveryCodeDialog
from ui.roles_dialog import AddRoleDialog, RolesDialog
from ui.settings_dialog import SettingsDialog
from ui.setup_wizard import PAGE_ACCOUNT, PAGE_RECOVERY, SetupWizard
from ui.signin import RecoveryDialog, SignInDialog
from ui.users_dialog import AddUserDialog, ChangeRoleDialog, ResetPasswordDialog, UsersDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

OWNER = "老板"  # tests/ui/conftest.py
PASSWORD = "owner-pass-1"
SLOW = 20_000


def enter(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def typed(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


@pytest.fixture
def locked_vault(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "vault"
    vault, code = Vault.create(folder, owner=OWNER, password=PASSWORD, business_name="王记五金店")
    customers.create(vault, vault.actor, {"name": "王芳", "phone": "13812345678"})
    vault.lock()
    return folder, code


@pytest.fixture
def no_questions(monkeypatch) -> list[str]:
    """Any "Discard changes?"-style question is recorded and answered with Cancel."""
    asked: list[str] = []

    def question(_parent, title, *_args, **_kwargs):
        asked.append(title)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


# ------------------------------------------------------------------ sign-in, lock, recovery


def test_enter_after_a_wrong_password_signs_in_with_the_right_one(
    qtbot, locked_vault, settings, thread_runner
) -> None:
    dialog = shown(qtbot, SignInDialog(locked_vault[0], settings, thread_runner, user=OWNER, automatic=False))
    typed(qtbot, dialog.password_edit, "wrong-pass-1")
    enter(qtbot, dialog.password_edit)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.message.kind == "error", timeout=SLOW)
    assert dialog.isVisible()
    assert QApplication.focusWidget() is dialog.password_edit

    qtbot.keyClicks(dialog.password_edit, PASSWORD)  # typed where the focus is now
    enter(qtbot, dialog.password_edit)
    qtbot.waitUntil(lambda: dialog.vault is not None, timeout=SLOW)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vault.user == OWNER
    dialog.vault.lock()


def test_enter_while_signing_in_does_not_cancel(qtbot, locked_vault, settings, thread_runner) -> None:
    dialog = shown(qtbot, SignInDialog(locked_vault[0], settings, thread_runner, user=OWNER, automatic=False))
    typed(qtbot, dialog.password_edit, PASSWORD)
    enter(qtbot, dialog.password_edit)
    assert dialog.busy
    enter(qtbot, QApplication.focusWidget() or dialog)  # impatient: Enter again while busy
    qtbot.waitUntil(lambda: dialog.vault is not None, timeout=SLOW)
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.vault.lock()


def test_lock_screen_after_ctrl_l_takes_a_mistyped_password_then_unlocks(
    qtbot, locked_vault, settings, thread_runner, qapp
) -> None:
    folder = locked_vault[0]
    launcher = Launcher(settings, thread_runner, Translations(qapp), folder=folder)
    exits: list[int] = []
    launcher.exit_requested.connect(exits.append)
    launcher.start()
    first = launcher.signin
    qtbot.waitExposed(first)
    typed(qtbot, first.password_edit, PASSWORD)
    enter(qtbot, first.password_edit)
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=SLOW)
    window = launcher.window
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: launcher.signin is not None, timeout=SLOW)
    dialog = launcher.signin
    qtbot.waitExposed(dialog)
    assert window.is_locked

    typed(qtbot, dialog.password_edit, "owner-pass-2")
    enter(qtbot, dialog.password_edit)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.message.kind == "error", timeout=SLOW)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    enter(qtbot, dialog.password_edit)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=SLOW)

    assert exits == []  # the app did not quit
    assert launcher.signin is None and window.isVisible()
    assert window.vault is launcher.vault and window.vault.user == OWNER
    launcher.shutdown()


def test_recovery_code_dialog_takes_a_wrong_code_then_the_right_one(
    qtbot, locked_vault, settings, thread_runner
) -> None:
    folder, code = locked_vault
    dialog = shown(qtbot, RecoveryDialog(folder, thread_runner, user=OWNER))
    typed(qtbot, dialog.code_edit, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    typed(qtbot, dialog.password_edit, "a-new-pass-9")
    typed(qtbot, dialog.confirm_edit, "a-new-pass-9")
    enter(qtbot, dialog.confirm_edit)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.message.kind == "error", timeout=SLOW)
    assert dialog.isVisible()
    assert QApplication.focusWidget() is dialog.code_edit

    qtbot.keyClicks(dialog.code_edit, code)  # the wrong code is selected: typing replaces it
    enter(qtbot, dialog.code_edit)
    qtbot.waitUntil(lambda: dialog.vault is not None, timeout=SLOW)

    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.vault.lock()
    Vault.unlock(folder, OWNER, "a-new-pass-9").lock()


def test_change_password_after_a_wrong_current_password_with_enter(qtbot, ui_vault, thread_runner) -> None:
    dialog = shown(qtbot, ChangePasswordDialog(ui_vault, thread_runner))
    typed(qtbot, dialog.old_password, "not-my-pass-1")
    typed(qtbot, dialog.new_password, "a-new-pass-9")
    typed(qtbot, dialog.confirm_password, "a-new-pass-9")
    enter(qtbot, dialog.confirm_password)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=SLOW)
    assert dialog.isVisible()

    dialog.old_password.clear()
    typed(qtbot, dialog.old_password, PASSWORD)
    enter(qtbot, dialog.old_password)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=SLOW)
    assert not dialog.isVisible()


# ------------------------------------------------------------------ the customer editor


def test_editor_enter_after_a_refused_save_saves_the_fixed_form(
    qtbot, ui_vault, thread_runner, no_questions
) -> None:
    editor = shown(qtbot, CustomerEditor(ui_vault, None, thread_runner, None))
    saved: list = []
    editor.saved.connect(saved.append)
    typed(qtbot, editor.widget("name"), "Enter Test")
    typed(qtbot, editor.widget("email"), "not-an-address")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "email" in editor.shown_errors(), timeout=SLOW)
    assert editor.isVisible() and not saved

    email = editor.widget("email")
    email.clear()
    typed(qtbot, email, "enter@example.com")
    enter(qtbot, email)
    qtbot.waitUntil(lambda: bool(saved), timeout=SLOW)

    assert no_questions == []  # no "Discard changes?"
    assert saved[0].values["email"] == "enter@example.com"
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert any(c.name == "Enter Test" for c in CustomerView(ui_vault, ui_vault.actor))


def test_editor_escape_asks_only_when_something_would_be_lost(
    qtbot, ui_vault, inline_runner, no_questions
) -> None:
    editor = shown(qtbot, CustomerEditor(ui_vault, None, inline_runner, None))
    qtbot.keyClick(editor.widget("name"), Qt.Key.Key_Escape)
    assert not editor.isVisible() and no_questions == []

    editor = shown(qtbot, CustomerEditor(ui_vault, None, inline_runner, None))
    typed(qtbot, editor.widget("name"), "Half typed")
    qtbot.keyClick(editor.widget("name"), Qt.Key.Key_Escape)
    assert no_questions == ["Discard changes?"]
    assert editor.isVisible()  # answered Cancel: the typing is still there
    assert editor.values()["name"] == "Half typed"


# ------------------------------------------------------------------ the set-up wizard


def test_wizard_keyboard_path_creates_the_vault_with_the_real_runner(
    qtbot, settings, thread_runner, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(setup_wizard_mod, "confirm_close_without_code", lambda parent, folder: True)
    file_dialogs: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: file_dialogs.append(a[1]) or ("", ""))
    wizard = shown(qtbot, SetupWizard(settings, thread_runner, folder=tmp_path / "vault"))
    enter(qtbot, wizard.welcome_page.create_radio)  # Create a new vault → Next
    qtbot.waitUntil(lambda: wizard.location_page.isVisible())
    enter(qtbot, wizard.location_page.folder_edit)  # the proposed folder → Next
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_ACCOUNT)
    page = wizard.account_page
    typed(qtbot, page.owner_edit, "wang")
    typed(qtbot, page.password_edit, "correct-horse-battery-9")
    typed(qtbot, page.confirm_edit, "correct-horse-battery-9")
    enter(qtbot, page.confirm_edit)  # Create vault
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY, timeout=SLOW)

    enter(qtbot, wizard.recovery_page.stored_check)  # not yet confirmed: Enter does nothing
    assert wizard.isVisible() and wizard.currentId() == PAGE_RECOVERY
    qtbot.keyClick(wizard.recovery_page.stored_check, Qt.Key.Key_Space)
    enter(qtbot, wizard.recovery_page.stored_check)  # Finish

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert file_dialogs == []  # Enter never pressed "Save emergency kit…"
    assert wizard.vault is not None and wizard.vault.user == "wang"
    wizard.vault.lock()


# ------------------------------------------------------------------ every dialog


def _dialogs(vault: Vault, runner, settings) -> list[tuple[QDialog, str | None]]:
    """Each dialog of ui/ with the text of its primary button (None: no primary action)."""
    roles = list_roles(vault, vault.actor)
    me = list_users(vault, vault.actor)[0]
    first = next(iter(CustomerView(vault, vault.actor)))
    return [
        (SignInDialog(vault.folder, settings, runner, automatic=False), "Sign in"),
        (RecoveryDialog(vault.folder, runner), "Reset and sign in"),
        (ChangePasswordDialog(vault, runner), "Change password"),
        (CustomerEditor(vault, None, runner, None), "Save"),
        (CustomerEditor(vault, first.id, runner, None), "Save"),
        (RevealDialog("Phone"), "Reveal"),
        (AddUserDialog(roles), "Add user"),
        (ResetPasswordDialog("clerk"), "Reset password"),
        (ChangeRoleDialog(me, roles), "OK"),
        (UsersDialog(vault, runner), "Close"),
        (AddRoleDialog(roles), "Add role"),
        (RolesDialog(vault, runner), "Save"),
        (AddFieldDialog(vault, "en"), "Add field"),
        (FieldCatalogueDialog(vault), "Save changes"),
        (SettingsDialog(settings), "OK"),
        (GettingStartedDialog(), "Close"),
        (ReplaceRecoveryCodeDialog(vault, runner), "Make a new code"),
        (ShortcutsDialog([]), "Close"),
        (ColumnChooser(Catalogue.load(vault.connection()).active(), ["name"]), "OK"),
    ]


def test_focus_on_any_button_never_moves_enter_away_from_the_primary_button(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    for dialog, primary_text in _dialogs(ui_vault, inline_runner, settings):
        shown(qtbot, dialog)
        buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible() and b.window() is dialog]
        primary = next(b for b in buttons if b.text().replace("&", "") == primary_text)
        every = [b for b in dialog.findChildren(QPushButton) if b.window() is dialog]
        assert [b.text() for b in every if b.autoDefault()] == [], type(dialog).__name__
        assert [b for b in buttons if b.isDefault()] == [primary], type(dialog).__name__
        for button in buttons:
            if not button.isEnabled():
                continue
            button.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(button.hasFocus)
            defaults = [b for b in buttons if b.isDefault()]
            assert defaults == [primary], (type(dialog).__name__, button.text(), [b.text() for b in defaults])
            assert not button.autoDefault() or button is primary
        dialog.done(QDialog.DialogCode.Rejected)
