"""The audit log window and a customer's history, driven like a person would, on the real thread pool."""

from __future__ import annotations

import pytest
import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app import customers, users
from app.vault import VAULT_DB, Vault
from tests.keyfiles import data_key
from ui.audit_dialog import AuditDialog
from ui.editor import CustomerEditor
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


def wait_ready(qtbot, dialog: AuditDialog) -> None:
    qtbot.waitUntil(lambda: dialog.verified is not None and not dialog.model._loading, timeout=15000)


def shown_rows(dialog: AuditDialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [
        (model.index(r, 1).data(), model.index(r, 2).data(), model.index(r, 3).data())
        for r in range(model.rowCount())
    ]


def test_tools_audit_log_shows_the_verified_log_and_filters_from_the_keyboard(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    first = customers.create(ui_vault, ui_vault.actor, {"name": "王芳", "phone": "13912340001"})
    customers.update(ui_vault, ui_vault.actor, first.id, {"company": "花园公司"})
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "actionAuditLog").trigger()
    dialog = window.findChild(AuditDialog)
    assert dialog is not None
    wait_ready(qtbot, dialog)
    assert "Intact" in dialog.verify_label.text() and "signed checkpoints" in dialog.verify_label.text()
    assert "cannot see" in dialog.limits_label.text()
    assert ("老板", "Customer changed", f"Customer {first.id}") in shown_rows(dialog)
    assert dialog.model.rowCount() > 3

    qtbot.keyClicks(dialog.customer, str(first.id))
    qtbot.keyClick(dialog.customer, Qt.Key.Key_Return)  # Enter applies the filters, never closes
    qtbot.waitUntil(lambda: not dialog.model._loading and dialog.model.rowCount() == 2, timeout=15000)
    assert dialog.isVisible()
    assert shown_rows(dialog) == [
        ("老板", "Customer changed", f"Customer {first.id}"),
        ("老板", "Customer added", f"Customer {first.id}"),
    ]
    dialog.action.setFocus()
    dialog.action.setCurrentIndex(dialog.action.findData("customer.create"))
    qtbot.keyClick(dialog.action, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.model._loading and dialog.model.rowCount() == 1, timeout=15000)
    assert dialog.count_label.text() == "Entries: 1"

    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.model._loading and dialog.model.rowCount() > 3, timeout=15000)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_scrolling_loads_older_pages_on_the_thread_pool(qtbot, ui_vault, settings, thread_runner) -> None:
    for _ in range(230):
        customers.view(ui_vault, ui_vault.actor, 1)
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "actionAuditLog").trigger()
    dialog = window.findChild(AuditDialog)
    wait_ready(qtbot, dialog)
    assert dialog.model.rowCount() == 200 and not dialog.model.at_end
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.model.at_end, timeout=15000)
    total = ui_vault.audit().head()[0]
    assert dialog.model.rowCount() == total
    seqs = [dialog.model.entry(r).seq for r in range(dialog.model.rowCount())]
    assert seqs == sorted(set(seqs), reverse=True)


def test_a_tampered_log_is_shown_in_red_with_what_was_found(qtbot, ui_vault, settings, thread_runner) -> None:
    customers.create(ui_vault, ui_vault.actor, {"name": "王芳"})
    ui_vault.lock()
    key = data_key(ui_vault.folder, UI_OWNER, UI_PASSWORD)
    conn = sqlcipher3.connect(str(ui_vault.folder / VAULT_DB), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE seq > ?", (last - 2,))
    conn.execute(
        "UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit WHERE seq = ?)", (last - 2, last - 2)
    )
    conn.close()
    vault = Vault.unlock(ui_vault.folder, UI_OWNER, UI_PASSWORD)
    try:
        dialog = AuditDialog(vault, thread_runner)
        qtbot.addWidget(dialog)
        dialog.show()
        wait_ready(qtbot, dialog)
        assert not dialog.verified.ok
        assert "tampered" in dialog.verify_label.text() and "missing" in dialog.verify_label.text()
        dialog.close()
    finally:
        thread_runner.wait_all()
        vault.lock()


def test_a_sales_user_gets_no_audit_log_and_no_history(qtbot, ui_vault, settings, inline_runner) -> None:
    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-1", "sales")
    sally = Vault.unlock(ui_vault.folder, "sally", "sales-pass-1")
    sally.change_password("sales-pass-1", "sales-pass-2")
    try:
        window = make_window(qtbot, sally, settings, inline_runner)
        assert not action(window, "actionAuditLog").isVisible()
        assert not action(window, "actionCustomerHistory").isVisible()
        editor = CustomerEditor(sally, 1, inline_runner)
        qtbot.addWidget(editor)
        assert editor.full_history_button is None
        # Built anyway (not reachable from the UI), the window shows the core's refusal and no entry.
        dialog = AuditDialog(sally, inline_runner, customer_id=1)
        qtbot.addWidget(dialog)
        assert dialog.model.rowCount() == 0
        assert "may not view the audit log" in dialog.count_label.text()
        assert "may not view the audit log" in dialog.verify_label.text()
        window.close()
    finally:
        sally.lock()


def test_the_editor_opens_this_customers_history_and_enter_still_saves(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    customer = customers.create(ui_vault, ui_vault.actor, {"name": "王芳", "phone": "13912340001"})
    editor = CustomerEditor(ui_vault, customer.id, thread_runner)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.full_history_button is not None
    qtbot.mouseClick(editor.full_history_button, Qt.MouseButton.LeftButton)
    dialog = editor.history_dialog
    assert dialog is not None and "王芳" in dialog.windowTitle()
    wait_ready(qtbot, dialog)
    assert shown_rows(dialog) == [
        ("老板", "Customer opened", f"Customer {customer.id}"),
        ("老板", "Customer added", f"Customer {customer.id}"),
    ]
    dialog.close()
    name = editor.widget("name")
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Wang Fang")
    with qtbot.waitSignal(editor.saved, timeout=15000):
        qtbot.keyClick(name, Qt.Key.Key_Return)
    assert customers.get(ui_vault, ui_vault.actor, customer.id).name == "Wang Fang"


def test_history_from_the_customer_list_shows_the_selected_customers_entries(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=15000)
    rect = window.table.visualRect(window.model.index(0, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    selected = window.selected_customer_id()
    assert selected is not None and action(window, "actionCustomerHistory").isEnabled()
    action(window, "actionCustomerHistory").trigger()
    dialog = window.findChild(AuditDialog)
    wait_ready(qtbot, dialog)
    assert dialog.current_filter().customer == selected
    rows = shown_rows(dialog)
    assert rows and all(about == f"Customer {selected}" for _, _, about in rows)
    assert ("老板", "Customer added", f"Customer {selected}") in rows
