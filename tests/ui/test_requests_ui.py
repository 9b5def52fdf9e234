"""The requests register in the desktop app: overdue requests at sign-in and in the status bar,
Tools → Customers' requests (new, identity, close, reply PDF off the GUI thread), who sees it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from app import requests, users
from app.vault import Vault
from ui.main_window import MainWindow
from ui.requests_dialog import RequestsDialog, RequestsFeature

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def english_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def overdue(ui_vault: Vault) -> requests.Request:
    return requests.add(
        ui_vault,
        ui_vault.actor,
        type="delete",
        requester="王芳",
        received_at=date.today() - timedelta(days=60),
    )


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a person: Latin keys as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def _window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    return window


def test_an_owner_is_shown_overdue_requests_at_sign_in_and_in_the_status_bar(
    qtbot, ui_vault, overdue, settings, thread_runner
) -> None:
    window = _window(qtbot, ui_vault, settings, thread_runner)
    qtbot.waitUntil(lambda: window.requests_box is not None and window.requests_box.isVisible())
    assert f"{overdue.reference} overdue since" in window.requests_box.text()
    assert window.requests_label.isVisible()
    assert window.requests_label.text() == "Requests: 1 overdue, 0 due soon"
    ok = window.requests_box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.requests_box is None)
    window.lock()
    assert not window.requests_label.isVisible()


def test_a_sales_user_is_not_told_about_requests_and_has_no_register(
    qtbot, ui_vault, overdue, settings, inline_runner, tmp_path
) -> None:
    users.add(ui_vault, ui_vault.actor, "sally", "sally-pass-123", "sales")
    ui_vault.connection().execute("UPDATE users SET must_change_password = 0")
    folder = ui_vault.folder
    ui_vault.lock()
    sales = Vault.unlock(folder, "sally", "sally-pass-123")
    try:
        window = _window(qtbot, sales, settings, inline_runner)
        qtbot.wait(50)
        assert window.requests_box is None and not window.requests_label.isVisible()
        action = window.feature(RequestsFeature).action_requests
        assert not action.isVisible() and not action.isEnabled()
        assert window.feature(RequestsFeature).open_requests() is None
    finally:
        sales.lock()


def _open_register(qtbot, window: MainWindow) -> RequestsDialog:
    window.feature(RequestsFeature).action_requests.trigger()
    dialog = window.findChild(RequestsDialog)
    assert dialog is not None
    return dialog


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_a_request_is_registered_from_the_keyboard(qtbot, ui_vault, settings, request, runner_name) -> None:
    runner = request.getfixturevalue(runner_name)
    window = _window(qtbot, ui_vault, settings, runner)
    dialog = _open_register(qtbot, window)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    new = dialog.new_dialog
    qtbot.waitUntil(lambda: new.isVisible())
    type_text(qtbot, new.requester, "李娜")
    type_text(qtbot, new.details, "想查看保存的信息")
    qtbot.keyClick(new.details, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    row = dialog.model.rows[0]
    assert (row.requester, row.type, row.details) == ("李娜", "know", "想查看保存的信息")
    assert row.reference in dialog.note.text()


def test_a_request_without_a_requester_is_refused_and_what_was_typed_stays(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    window = _window(qtbot, ui_vault, settings, thread_runner)
    dialog = _open_register(qtbot, window)
    new = dialog.open_new()
    type_text(qtbot, new.details, "删除我的信息")
    qtbot.keyClick(new.details, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: new.error.text() != "" and new.isVisible())
    assert "requester" in new.error.text()
    assert new.details.text() == "删除我的信息"
    assert requests.list_requests(ui_vault, ui_vault.actor, status="all") == []


def test_closing_with_reasons_and_writing_the_reply_pdf_off_the_gui_thread(
    qtbot, ui_vault, overdue, settings, thread_runner, tmp_path: Path
) -> None:
    window = _window(qtbot, ui_vault, settings, thread_runner)
    qtbot.waitUntil(lambda: window.requests_box is not None)
    window.requests_box.done(0)
    dialog = _open_register(qtbot, window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.table.selectRow(0)
    assert dialog.close_button.isEnabled() and not dialog.reply_button.isEnabled()
    close = dialog.open_close()
    qtbot.waitUntil(lambda: close.isVisible())
    close.outcome.setCurrentIndex(close.outcome.findData("refused"))
    qtbot.mouseClick(close.reasons["identity"], Qt.MouseButton.LeftButton)
    ok = close.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)  # closed: gone from the open list
    dialog.filter.setCurrentIndex(dialog.filter.findData("all"))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.table.selectRow(0)
    assert dialog.reply_button.isEnabled()
    target = tmp_path / "reply.pdf"
    with qtbot.waitSignal(dialog.reply_written, timeout=20_000):
        dialog.write_reply(str(target))
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "王芳" in text and "无法核实请求人身份" in text
    qtbot.waitUntil(lambda: not window.requests_label.isVisible())  # nothing is overdue any more


@pytest.fixture
def verified_delete(ui_vault) -> requests.Request:
    return requests.add(
        ui_vault,
        ui_vault.actor,
        type="delete",
        requester="欧阳娜娜",
        customer_id=6,
        identity_method="身份证",
        identity_verified=True,
    )


def test_erasing_for_a_delete_request_asks_first_and_runs_off_the_gui_thread(
    qtbot, ui_vault, verified_delete, settings, thread_runner
) -> None:
    from app import customers

    window = _window(qtbot, ui_vault, settings, thread_runner)
    dialog = _open_register(qtbot, window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.table.selectRow(0)
    assert dialog.erase_button.isVisible() and dialog.erase_button.isEnabled()
    assert not dialog.copy_button.isEnabled()  # a copy answers know/portability requests
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    qtbot.waitUntil(lambda: box.isVisible())
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert customers.get(ui_vault, ui_vault.actor, 6).name == "欧阳娜娜"
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    qtbot.waitUntil(lambda: box.isVisible())
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "erased for good" in dialog.note.text(), timeout=20_000)
    kept = requests.get(ui_vault, ui_vault.actor, verified_delete.id)
    assert kept.personal_erased and "erased" in [e.kind for e in kept.events]


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_the_copy_for_a_know_request_is_written_and_recorded(
    qtbot, ui_vault, settings, tmp_path, request, runner_name
) -> None:
    runner = request.getfixturevalue(runner_name)
    req = requests.add(
        ui_vault,
        ui_vault.actor,
        type="know",
        requester="王芳",
        customer_id=1,
        identity_method="来电",
        identity_verified=True,
    )
    window = _window(qtbot, ui_vault, settings, runner)
    dialog = _open_register(qtbot, window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.table.selectRow(0)
    assert dialog.copy_button.isEnabled() and not dialog.erase_button.isEnabled()
    target = tmp_path / "copy.pdf"
    dialog.write_copy(str(target))
    qtbot.waitUntil(lambda: "copy was saved" in dialog.note.text(), timeout=20_000)
    assert "13812345678" in PdfReader(str(target)).pages[0].extract_text()
    assert "copy_made" in [e.kind for e in requests.get(ui_vault, ui_vault.actor, req.id).events]


def test_a_service_user_handles_requests_but_is_not_offered_erasure(
    qtbot, ui_vault, verified_delete, settings, inline_runner
) -> None:
    users.add(ui_vault, ui_vault.actor, "sam", "sam-pass-12345", "service")
    ui_vault.connection().execute("UPDATE users SET must_change_password = 0")
    folder = ui_vault.folder
    ui_vault.lock()
    service = Vault.unlock(folder, "sam", "sam-pass-12345")
    try:
        window = _window(qtbot, service, settings, inline_runner)
        dialog = _open_register(qtbot, window)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
        dialog.table.selectRow(0)
        assert not dialog.erase_button.isVisible()
        dialog.erase_customer(confirmed=True)  # even when called: the core refuses
        assert "may not" in dialog.note.text()
    finally:
        service.lock()
