"""The written policy on the desktop: read and acknowledge at sign-in before any customer is shown,
and the owner's window to edit, preview, publish and follow acknowledgements."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app import customers, policy, users
from app.vault import Vault
from tests.ui.test_app_flow import adopt, main_window_class, make_launcher, sign_in
from ui.i18n import Translations
from ui.policy_view import PolicyAcknowledgeDialog
from ui.signin import SignInDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

OWNER = "owner"
PASSWORD = "owner-pass-1"
ARTIFACTS = Path("/work/artifacts/policy")


@pytest.fixture
def translations(qapp) -> Translations:
    return Translations(qapp)


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A vault whose current policy version was published by a second owner, not by OWNER."""
    folder = tmp_path / "vault"
    vault = Vault.create(folder, owner=OWNER, password=PASSWORD, business_name="王记五金店")[0]
    users.add(vault, vault.actor, "boss2", "second-owner-1", "owner")
    customers.create(vault, vault.actor, {"name": "张三", "phone": "13812345678"})
    vault.lock()
    _publish_as_boss2(folder)
    return folder


def _publish_as_boss2(folder: Path) -> policy.Version:
    other = Vault.unlock(folder, "boss2", "second-owner-1")
    try:
        return policy.publish(other, other.actor, "from the other owner")
    finally:
        other.lock()


def _acknowledged(folder: Path) -> list[int]:
    vault = Vault.unlock(folder, "boss2", "second-owner-1")
    try:
        rows = vault.connection().execute(
            "SELECT version FROM policy_acknowledgements WHERE user = ? ORDER BY version", (OWNER,)
        )
        return [r[0] for r in rows]
    finally:
        vault.lock()


def _sign_in_as_owner(qtbot, launcher) -> None:
    dialog = adopt(qtbot, launcher.signin)
    dialog.user_combo.setCurrentText(OWNER)
    sign_in(qtbot, dialog)
    qtbot.waitUntil(lambda: launcher.policy_dialog is not None or launcher.window is not None, timeout=15000)


def _read_to_the_end(qtbot, dialog: PolicyAcknowledgeDialog) -> None:
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.acknowledge_button.isEnabled())


def test_the_policy_is_read_and_acknowledged_before_the_customer_list_enter_does_nothing_until_the_end(
    qtbot, settings, thread_runner, translations, published
):
    main_window_class()
    launcher, exits = make_launcher(qtbot, settings, thread_runner, translations, published)
    launcher.start()
    _sign_in_as_owner(qtbot, launcher)
    dialog = launcher.policy_dialog
    qtbot.waitExposed(dialog)
    assert launcher.window is None  # no customer list yet
    assert "王记五金店" in dialog.text.toPlainText() and "张三" not in dialog.text.toPlainText()
    assert "SHA-256" in dialog.hash_label.text()
    assert not dialog.acknowledge_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter before reading acknowledges nothing
    qtbot.wait(100)
    assert dialog.isVisible() and _acknowledged(published) == []

    _read_to_the_end(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=10000)
    window = adopt(qtbot, launcher.window)
    assert window.isVisible() and not window.is_locked and exits == []
    assert customers.get(window.vault, window.vault.actor, 1).name == "张三"  # the core lets them in now
    launcher.shutdown()
    assert _acknowledged(published) == [1]


def test_escape_signs_out_without_acknowledging(qtbot, settings, thread_runner, translations, published):
    launcher, exits = make_launcher(qtbot, settings, thread_runner, translations, published)
    launcher.start()
    _sign_in_as_owner(qtbot, launcher)
    dialog = launcher.policy_dialog
    vault = dialog._vault
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert vault.is_locked and launcher.window is None
    again = adopt(qtbot, launcher.signin)
    assert isinstance(again, SignInDialog) and again.isVisible()
    assert again.user_combo.currentText() == OWNER and exits == []
    assert _acknowledged(published) == []


def test_a_version_published_while_locked_is_acknowledged_before_the_window_unlocks(
    qtbot, settings, thread_runner, translations, published
):
    main_window_class()
    launcher, exits = make_launcher(qtbot, settings, thread_runner, translations, published)
    launcher.start()
    _sign_in_as_owner(qtbot, launcher)
    first = launcher.policy_dialog
    qtbot.waitExposed(first)
    _read_to_the_end(qtbot, first)
    qtbot.mouseClick(first.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=10000)
    window = adopt(qtbot, launcher.window)

    window.lock()
    _publish_as_boss2(published)  # version 2 while the window is locked
    sign_in(qtbot, adopt(qtbot, launcher.signin))
    qtbot.waitUntil(lambda: launcher.policy_dialog is not None, timeout=15000)
    dialog = launcher.policy_dialog
    assert dialog.version.number == 2 and dialog.parent() is window
    assert window.is_locked  # the customers stay behind the locked page until acknowledged
    _read_to_the_end(qtbot, dialog)
    qtbot.mouseClick(dialog.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10000)
    assert exits == []
    launcher.shutdown()
    assert _acknowledged(published) == [1, 2]
