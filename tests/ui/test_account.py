"""File → Sign in automatically on this PC: on (proving the password) and off, from the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.vault import Vault
from tests.ui.test_lock import make_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PASSWORD = "owner-pass-1"  # tests/ui/conftest.py


def test_automatic_sign_in_turns_on_with_the_password_and_off_again(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action = window.findChild(type(window.action_lock), "actionAutomaticSignin")
    assert action.isEnabled() and not action.isChecked()

    action.trigger()
    prompt = window.features[0].password_prompt
    qtbot.waitUntil(prompt.isVisible)
    assert not action.isChecked()  # not before the password proved it
    edit = prompt.findChild(type(window.search_box))
    qtbot.keyClicks(edit, PASSWORD)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(action.isChecked, timeout=10_000)
    assert ui_vault.automatic_signin_enabled
    Vault.unlock_automatically(ui_vault.folder, ui_vault.user).lock()

    action.trigger()
    qtbot.waitUntil(lambda: "off" in window.statusBar().currentMessage(), timeout=10_000)
    assert not action.isChecked() and not ui_vault.automatic_signin_enabled


def test_a_wrong_password_leaves_automatic_sign_in_off(qtbot, ui_vault, settings, inline_runner) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    action = window.findChild(type(window.action_lock), "actionAutomaticSignin")
    action.trigger()
    prompt = window.features[0].password_prompt
    prompt.setTextValue("not-my-password")
    prompt.accept()
    assert not action.isChecked() and not ui_vault.automatic_signin_enabled
    assert "Wrong password" in window.statusBar().currentMessage()


def test_without_a_keyring_the_action_is_disabled_and_says_why(
    qtbot, ui_vault, settings, inline_runner, no_keyring
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    action = window.findChild(type(window.action_lock), "actionAutomaticSignin")
    assert not action.isEnabled()
    assert action.toolTip().startswith("Not available: No secure keyring")
