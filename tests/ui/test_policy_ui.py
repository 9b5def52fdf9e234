"""The written policy on the desktop: read and acknowledge at sign-in before any customer is shown,
and the owner's window to edit, preview, publish and follow acknowledgements."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app import customers, policy, users
from app.access import Actor
from app.vault import Vault
from tests.ui.test_app_flow import adopt, main_window_class, make_launcher, sign_in
from ui import policy_window
from ui.i18n import Translations
from ui.messages import describe
from ui.policy_view import PolicyAcknowledgeDialog
from ui.policy_window import PolicyDialog
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


# ------------------------------------------------------------------------------ the owner's window


def _type(qtbot, widget, text: str) -> None:
    """Latin keys as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def _click_section(qtbot, dialog: PolicyDialog, key: str) -> None:
    row = policy.SECTIONS.index(key)
    rect = dialog.sections.visualItemRect(dialog.sections.item(row))
    qtbot.mouseClick(dialog.sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.sections.currentRow() == row


def _open(qtbot, vault, runner, language="en") -> PolicyDialog:
    dialog = PolicyDialog(vault, runner, language)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog._busy)
    return dialog


def test_the_owner_writes_texts_previews_the_draft_and_publishes_off_the_gui_thread(
    qtbot, ui_vault, thread_runner, monkeypatch
):
    opened: list[str] = []
    monkeypatch.setattr(
        policy_window.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-1", "sales")
    dialog = _open(qtbot, ui_vault, thread_runner)
    _click_section(qtbot, dialog, "protection")
    qtbot.mouseClick(dialog.text_zh.viewport(), Qt.MouseButton.LeftButton)
    assert dialog.text_zh.hasFocus()
    _type(qtbot, dialog.text_zh, "应急电话 400-000-0000")
    qtbot.keyClick(dialog.text_zh, Qt.Key.Key_Tab)  # Tab moves on to the English text
    assert dialog.text_en.hasFocus()
    _type(qtbot, dialog.text_en, "Incident line 400-000-0000")
    _click_section(qtbot, dialog, "training")  # moving on keeps the edit
    _type(qtbot, dialog.text_en, "Training every quarter.")
    _click_section(qtbot, dialog, "protection")
    assert dialog.text_zh.toPlainText() == "应急电话 400-000-0000"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._busy and not dialog.has_unsaved_texts(), timeout=10000)
    texts = policy.own_texts(ui_vault, ui_vault.actor)
    assert texts["protection"] == {"zh": "应急电话 400-000-0000", "en": "Incident line 400-000-0000"}
    assert texts["training"]["en"] == "Training every quarter."

    dialog.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.preview_opened, timeout=20000) as preview:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        assert not dialog.preview_button.isEnabled()  # while the PDF renders on the pool
    assert opened == [preview.args[0]]
    text = "".join(page.extract_text() for page in pypdf.PdfReader(preview.args[0]).pages)
    assert "DRAFT" in text and "Incident line 400-000-0000" in text.replace("\n", " ")

    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    confirm = dialog.publish_dialog
    qtbot.waitExposed(confirm)
    qtbot.keyClicks(confirm.note, "first version")
    qtbot.keyClick(confirm.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.versions.rowCount() == 1 and not dialog._busy, timeout=20000)
    current = policy.current_version(ui_vault)
    assert (current.number, current.note, current.published_by) == (1, "first version", ui_vault.actor.user)
    assert dialog.versions.item(0, 3).text() == current.short_hash
    assert "1 of 2 users have not acknowledged version 1: sally" in dialog.ack_summary.text()
    rows = {
        dialog.acks.item(r, 0).text(): dialog.acks.item(r, 4).text() for r in range(dialog.acks.rowCount())
    }
    assert rows == {ui_vault.actor.user: "yes", "sally": "NO"}

    dialog.versions.selectRow(0)
    target = ui_vault.folder.parent / "v1.pdf"
    with qtbot.waitSignal(dialog.pdf_written, timeout=20000):
        dialog.save_pdf(str(target))
    assert current.sha256[:40] in pypdf.PdfReader(target).pages[0].extract_text().replace("\n", "")


def test_a_manager_reads_versions_and_acknowledgements_but_cannot_edit_or_publish(
    qtbot, ui_vault, inline_runner
):
    owner = ui_vault.actor
    policy.set_own_text(ui_vault, owner, "review", en="Reviewed every June.")
    policy.publish(ui_vault, owner)
    users.add(ui_vault, owner, "mia", "manager-pass-1", "manager")
    manager_vault = Vault.unlock(ui_vault.folder, "mia", "manager-pass-1")
    try:
        dialog = _open(qtbot, manager_vault, inline_runner)
        assert dialog.text_en.isReadOnly() and dialog.text_zh.isReadOnly()
        assert not dialog.publish_button.isVisible() and not dialog.save_button.isVisible()
        assert not dialog.preview_button.isVisible()
        assert "Only an owner" in dialog.texts_intro.text()
        _click_section(qtbot, dialog, "review")
        assert dialog.text_en.toPlainText() == "Reviewed every June."
        assert dialog.tabs.isTabEnabled(2) and "mia" in dialog.ack_summary.text()
        dialog.publish("sneaky")  # the core refuses whatever the window offers
        assert "Only an owner" in dialog.note.text()
        assert policy.current_version(manager_vault).number == 1
    finally:
        manager_vault.lock()


def test_closing_with_unsaved_texts_asks_and_cancel_keeps_them(qtbot, ui_vault, inline_runner):
    dialog = _open(qtbot, ui_vault, inline_runner)
    _click_section(qtbot, dialog, "purpose")
    qtbot.keyClicks(dialog.text_en, "Our own words")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.unsaved_box
    assert box is not None and box.isVisible() and dialog.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.has_unsaved_texts()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.unsaved_box.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert policy.own_texts(ui_vault, ui_vault.actor)["purpose"]["en"] == "Our own words"


def test_a_version_published_while_a_user_works_is_explained_in_the_desktop_error(qtbot, ui_vault):
    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-1", "sales")
    policy.publish(ui_vault, ui_vault.actor)
    with pytest.raises(policy.PolicyNotAcknowledgedError) as caught:
        customers.search(ui_vault, Actor("sally", "sales"), "张")
    text = describe(caught.value)
    assert "Lock Custos (Ctrl+L) and sign in again" in text and "(1)" in text


def test_tools_written_policy_is_offered_to_owners_and_auditors_but_not_to_sales(
    qtbot, ui_vault, settings, inline_runner
):
    main_window = main_window_class()
    owner = ui_vault.actor
    users.add(ui_vault, owner, "sally", "sales-pass-1", "sales")
    users.add(ui_vault, owner, "audrey", "audit-pass-1", "auditor")
    for user, password, offered in (
        (None, None, True),
        ("sally", "sales-pass-1", False),
        ("audrey", "audit-pass-1", True),
    ):
        vault = ui_vault if user is None else Vault.unlock(ui_vault.folder, user, password)
        window = main_window(vault, settings, inline_runner, None)
        qtbot.addWidget(window)
        window.show()
        action = window.findChild(QAction, "actionWrittenPolicy")
        assert action.isVisible() is offered and action.isEnabled() is offered, user
        if offered:
            action.trigger()
            dialog = window.findChild(PolicyDialog)
            assert dialog is not None and dialog.isVisible()
            assert (not dialog.publish_button.isHidden()) is (user is None)  # publishing: owners only
            dialog.close()
        window.lock()  # stops the window's timers before its vault goes away
        window.close()
