"""Duplicates in the desktop app: the warning before a save, and the merge tool.

Driven through the keyboard and the mouse with the real thread-pool runner: the check and
the merge run off the GUI thread, as they do for a person.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import customers, duplicates, users
from app.access import Actor
from app.vault import Vault
from ui.duplicate_warning import DuplicateWarning
from ui.duplicates import DuplicatesFeature
from ui.main_window import MainWindow
from ui.merge_dialog import MergeDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def type_text(qtbot, widget: QWidget, text: str) -> None:
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def press(qtbot, key: Qt.Key) -> None:
    """A key press where a person's key would go: the focused widget of the active window."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, key)


def wang(vault: Vault) -> customers.Customer:
    return next(c for c in customers.CustomerView(vault, vault.actor) if c.name == "王芳")


@pytest.fixture
def window(qtbot, ui_vault, settings, thread_runner) -> MainWindow:
    window = MainWindow(ui_vault, settings, thread_runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def new_customer_with_wangs_phone(qtbot, window: MainWindow):
    window.action_new.trigger()
    editor = window.editors[0]
    qtbot.waitUntil(editor.isActiveWindow)
    type_text(qtbot, editor.widget("name"), "王芳")
    type_text(qtbot, editor.widget("phone"), "+86 138 1234 5678")  # stored as 13812345678
    type_text(qtbot, editor.widget("notes"), "门店新登记")
    return editor


def wait_for_warning(qtbot, editor) -> DuplicateWarning:
    qtbot.waitUntil(lambda: editor.duplicate_warning is not None and editor.duplicate_warning.isVisible())
    warning = editor.duplicate_warning
    qtbot.waitUntil(warning.isActiveWindow)
    return warning


def test_a_second_customer_with_the_same_phone_is_not_saved_silently(qtbot, window, ui_vault) -> None:
    before = customers.count(ui_vault, ui_vault.actor)
    editor = new_customer_with_wangs_phone(qtbot, window)
    editor.widget("phone").setFocus()
    press(qtbot, Qt.Key.Key_Return)
    warning = wait_for_warning(qtbot, editor)
    assert warning.list.topLevelItemCount() == 1
    item = warning.list.topLevelItem(0)
    assert item.text(0) == str(wang(ui_vault).id) and item.text(1) == "王芳"
    assert "Phone" in item.text(item.columnCount() - 1)
    assert customers.count(ui_vault, ui_vault.actor) == before

    # Escape: back to the form with everything typed, nothing saved.
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.duplicate_warning is None)
    assert editor.isVisible()
    assert editor.values()["notes"] == "门店新登记"
    assert editor.values()["phone"] == "+86 138 1234 5678"
    assert customers.count(ui_vault, ui_vault.actor) == before

    # Save again with Enter, then "Save anyway" with the mouse.
    qtbot.waitUntil(editor.isActiveWindow)
    press(qtbot, Qt.Key.Key_Return)
    warning = wait_for_warning(qtbot, editor)
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.mouseClick(warning.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].get("phone") == "13812345678"
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert customers.count(ui_vault, ui_vault.actor) == before + 1


def test_enter_on_the_warning_opens_the_existing_customer_instead(qtbot, window, ui_vault) -> None:
    before = customers.count(ui_vault, ui_vault.actor)
    editor = new_customer_with_wangs_phone(qtbot, window)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_for_warning(qtbot, editor)
    with qtbot.waitSignal(editor.open_existing, timeout=5000) as chosen:
        press(qtbot, Qt.Key.Key_Return)
    assert chosen.args == [wang(ui_vault).id]
    qtbot.waitUntil(lambda: not editor.isVisible() and window.card.customer_id == wang(ui_vault).id)
    opened = window.card.editor  # the existing customer, on the card
    assert opened.customer is not None and opened.customer.id == wang(ui_vault).id
    assert customers.count(ui_vault, ui_vault.actor) == before
    assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]  # no "Discard changes?"


def test_changing_a_phone_to_another_customers_warns_too(qtbot, window, ui_vault) -> None:
    li = next(c for c in customers.CustomerView(ui_vault, ui_vault.actor) if c.name == "李娜")
    editor = window.open_customer(li.id)
    qtbot.waitUntil(editor.isActiveWindow)
    phone = editor.widget("phone")
    phone.selectAll()
    type_text(qtbot, phone, "138-1234-5678")
    press(qtbot, Qt.Key.Key_Return)
    warning = wait_for_warning(qtbot, editor)
    assert warning.chosen_id == wang(ui_vault).id
    qtbot.mouseClick(warning.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.duplicate_warning is None)
    assert customers.get(ui_vault, ui_vault.actor, li.id).get("phone") == "15011112222"


def test_locking_while_the_warning_is_open_wipes_it(qtbot, window, ui_vault) -> None:
    editor = new_customer_with_wangs_phone(qtbot, window)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    warning = wait_for_warning(qtbot, editor)
    window.lock()
    assert not warning.isVisible()
    assert warning.list.topLevelItemCount() == 0


# ------------------------------------------------------------------------------- the merge tool


@pytest.fixture
def twin(ui_vault) -> customers.Customer:
    return duplicates.add_customer(
        ui_vault,
        ui_vault.actor,
        {
            "name": "王芳",
            "phone": "13812345678",
            "email": "fang@example.cn",
            "address": "北京市朝阳区建国路88号",
        },
        allow_duplicate=True,
    )


def open_merge(qtbot, window: MainWindow) -> MergeDialog:
    action = window.feature(DuplicatesFeature).action_merge
    assert action.isVisible() and action.isEnabled()
    action.trigger()
    dialog = window.findChild(MergeDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pairs.topLevelItemCount() > 0 or "No likely" in dialog.status.text())
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_merge_two_records_field_by_field_with_mouse_and_keyboard(qtbot, window, ui_vault, twin) -> None:
    original = wang(ui_vault)
    dialog = open_merge(qtbot, window)
    assert dialog.pairs.topLevelItemCount() == 1
    row = dialog.pairs.topLevelItem(0)
    assert (row.text(0), row.text(2)) == (str(original.id), str(twin.id))
    # The kept record had no address: the other's is chosen already; e-mail starts on the kept one.
    assert dialog.choice("address") == duplicates.OTHER
    assert dialog.choice("email") == duplicates.KEEP
    other_email = dialog.findChild(QWidget, "other_email")
    # On its round button, where a person clicks (the cell is wider than button and text).
    qtbot.mouseClick(other_email, Qt.MouseButton.LeftButton, pos=QPoint(8, other_email.height() // 2))
    assert dialog.choice("email") == duplicates.OTHER

    press(qtbot, Qt.Key.Key_Return)  # Merge asks once more; Escape says no
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible())
    qtbot.waitUntil(dialog.confirmation.isActiveWindow)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.confirmation is None)
    assert customers.count(ui_vault, ui_vault.actor) == 7

    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isActiveWindow())
    with qtbot.waitSignal(dialog.merged, timeout=5000) as merged:
        press(qtbot, Qt.Key.Key_Return)
    assert merged.args == [original.id]
    kept = customers.get(ui_vault, ui_vault.actor, twin.id)
    assert kept.id == original.id and kept.merged_from == twin.id
    assert kept.get("email") == "fang@example.cn"
    assert kept.get("address") == "北京市朝阳区建国路88号"
    assert kept.get("company") == original.get("company")
    qtbot.waitUntil(lambda: "No likely duplicates" in dialog.status.text())
    assert f"Merged No. {twin.id} into No. {original.id}." in dialog.status.text()
    qtbot.waitUntil(lambda: window.model.rowCount() == 6)


def test_keep_the_other_one_swaps_which_record_stays(qtbot, window, ui_vault, twin) -> None:
    original = wang(ui_vault)
    dialog = open_merge(qtbot, window)
    qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
    assert dialog.choice("company") == duplicates.OTHER  # the new kept record has no company
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isActiveWindow())
    with qtbot.waitSignal(dialog.merged, timeout=5000) as merged:
        press(qtbot, Qt.Key.Key_Return)
    assert merged.args == [twin.id]
    assert customers.get(ui_vault, ui_vault.actor, original.id).id == twin.id


def test_the_merge_tool_is_not_offered_to_roles_without_the_permission(
    qtbot, ui_vault, settings, thread_runner, twin
) -> None:
    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-1", "sales")
    sales_vault = Vault.unlock(ui_vault.folder, "sally", "sales-pass-1")
    try:
        window = MainWindow(sales_vault, settings, thread_runner, None)
        qtbot.addWidget(window)
        feature = window.feature(DuplicatesFeature)
        assert not feature.action_merge.isVisible()
        assert feature.open_merge() is None
        # Even a dialog made by hand gets nothing: the core refuses the listing.
        dialog = MergeDialog(sales_vault, thread_runner, None)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: "Could not list" in dialog.status.text())
        assert dialog.pairs.topLevelItemCount() == 0
        (box,) = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
        assert "may not merge duplicate customers" in box.text()
        box.done(0)
        assert customers.count(sales_vault, Actor("sally", "sales")) == 7
    finally:
        thread_runner.wait_all()
        sales_vault.lock()
