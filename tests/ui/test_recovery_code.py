"""Tools → Replace recovery code…: owners only, the new code shown once with its kit, in force
only after Done; the old code works until then."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app import users
from app.errors import WrongPasswordError
from app.vault import Vault
from tests.ui.test_lock import make_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def owner_vault(tmp_path) -> tuple[Vault, str]:
    vault, code = Vault.create(
        tmp_path / "v", owner="老板", password="owner-pass-1", business_name="王记五金店"
    )
    yield vault, code
    vault.lock()


def replace_action(window):
    return next(f for f in window.features if type(f).__name__ == "RecoveryCodeFeature")


def test_owner_replaces_the_code_with_the_keyboard_and_the_old_one_stops_working(
    qtbot, owner_vault, settings, thread_runner, tmp_path, monkeypatch
) -> None:
    vault, old_code = owner_vault
    window = make_window(qtbot, vault, settings, thread_runner)
    feature = replace_action(window)
    assert feature.action_replace.isVisible() and feature.action_replace.isEnabled()
    feature.action_replace.trigger()
    dialog = feature.dialog
    qtbot.waitUntil(dialog.isVisible)

    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Make a new code
    qtbot.waitUntil(lambda: dialog.showing_code and not dialog.busy, timeout=20_000)
    new_code = dialog.panel.code_label.text()
    assert new_code and new_code != old_code
    Vault.unlock_with_recovery_code(vault.folder, old_code).lock()  # not in force yet

    kit = tmp_path / "kit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(kit), ""))
    qtbot.mouseClick(dialog.panel.kit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.panel.kit_message.kind == "success", timeout=20_000)
    assert kit.read_bytes().startswith(b"%PDF")

    qtbot.keyClick(dialog.panel.stored_check, Qt.Key.Key_Return)  # Done is not enabled yet
    assert dialog.isVisible()
    qtbot.keyClick(dialog.panel.stored_check, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.panel.stored_check, Qt.Key.Key_Return)  # Done
    qtbot.waitUntil(lambda: dialog.replaced, timeout=20_000)

    assert "in force" in window.statusBar().currentMessage()
    with pytest.raises(WrongPasswordError):
        Vault.unlock_with_recovery_code(vault.folder, old_code)
    Vault.unlock_with_recovery_code(vault.folder, new_code).lock()


def test_closing_before_done_asks_and_keeps_the_old_code(
    qtbot, owner_vault, settings, inline_runner, monkeypatch
) -> None:
    vault, old_code = owner_vault
    window = make_window(qtbot, vault, settings, inline_runner)
    dialog = replace_action(window).open()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.showing_code
    asked: list[str] = []

    def question(_parent, title, *_args):
        asked.append(title)
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Close without the new code?"]
    assert not dialog.isVisible() and not dialog.replaced
    assert dialog.panel.code_label.text() == ""  # not left in a widget
    Vault.unlock_with_recovery_code(vault.folder, old_code).lock()


def test_only_owners_are_offered_the_replacement(qtbot, owner_vault, settings, inline_runner) -> None:
    vault, _code = owner_vault
    users.add(vault, vault.actor, "boss2", "manager-pass-1", "manager")
    users.reset_password(vault, vault.actor, "boss2", "manager-pass-1", must_change=False)
    manager = Vault.unlock(vault.folder, "boss2", "manager-pass-1")
    try:
        window = make_window(qtbot, manager, settings, inline_runner)
        feature = replace_action(window)
        assert not feature.action_replace.isVisible() and not feature.action_replace.isEnabled()
    finally:
        manager.lock()
