"""Locking: Ctrl+L or idle time closes the vault and leaves no customer data in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from app.customers import CustomerView
from app.vault import Vault
from ui import settings as settings_mod
from ui.idle import IdleWatcher
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

UI_PASSWORD = "owner-pass-1"  # tests/ui/conftest.py


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a person: Latin keys as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def make_window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def window(qtbot, ui_vault, settings, inline_runner) -> MainWindow:
    return make_window(qtbot, ui_vault, settings, inline_runner)


@pytest.fixture
def secrets(ui_vault: Vault) -> list[str]:
    """Every customer value in the vault, read before anything is locked."""
    values = set()
    for customer in CustomerView(ui_vault, ui_vault.actor):
        values |= {v for v in customer.values.values() if v and len(v) >= 2}
    return sorted(values)


def texts_left(root: QWidget) -> list[str]:
    """Every text a person or a screen reader could get from the window and its children."""
    found: list[str] = []
    for model in root.findChildren(QAbstractItemModel):
        # hasIndex works for list, table and tree models alike (a list model hides columnCount)
        row = 0
        while model.hasIndex(row, 0):
            column = 0
            while model.hasIndex(row, column):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(model.index(row, column), role)
                    if value:
                        found.append(str(value))
                column += 1
            row += 1
    found += [w.text() for w in root.findChildren(QLineEdit)]
    found += [w.placeholderText() for w in root.findChildren(QLineEdit)]
    found += [w.text() for w in root.findChildren(QLabel)]
    found += [w.toolTip() for w in root.findChildren(QWidget) if w.toolTip()]
    found += [w.toPlainText() for w in root.findChildren(QPlainTextEdit)]
    found += [w.itemText(i) for w in root.findChildren(QComboBox) for i in range(w.count())]
    found.append(root.windowTitle())
    return found


def assert_no_customer_data(window: MainWindow, secrets: list[str]) -> None:
    leftovers = [s for s in secrets for text in texts_left(window) if s in text]
    assert leftovers == []


def test_ctrl_l_locks_and_no_customer_value_remains(qtbot, window: MainWindow, ui_vault, secrets) -> None:
    assert any("王芳" in text for text in texts_left(window))  # the scan does see data when it is there
    type_text(qtbot, window.search_box, "王")
    qtbot.waitUntil(lambda: window.model.query == "王")
    window.table.setCurrentIndex(window.model.index(0, 0))
    editor = window.open_selected()
    assert editor is not None and editor.widget("name").text().startswith("王")
    assert window.model.cached_row_count() > 0

    events = []
    window.lock_requested.connect(lambda: events.append("lock_requested"))
    window.locked.connect(lambda: events.append("locked"))
    qtbot.waitUntil(editor.isActiveWindow)
    # Ctrl+L works from any window of the app, here from the open editor
    qtbot.keyClick(editor.widget("phone"), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert events == ["lock_requested", "locked"]
    assert window.is_locked
    assert ui_vault.is_locked
    assert window.model.rowCount() == 0
    assert window.model.cached_pages() == []
    assert window.model.cached_row_count() == 0
    assert window.model.view is None
    assert window.search_box.text() == ""
    assert not window.search_box.isUndoAvailable()  # the query is not kept in the undo history
    assert window.count_label.text() == ""
    assert not editor.isVisible()
    assert window.stack.currentWidget() is window.locked_page
    assert not window.action_new.isEnabled()
    assert window.open_customer(None) is None
    assert_no_customer_data(window, secrets)


def test_unlocked_brings_back_the_same_sort_with_an_empty_search(
    qtbot, window: MainWindow, ui_vault: Vault
) -> None:
    rows = window.model.rowCount()
    window.model.sort(0, Qt.SortOrder.DescendingOrder)
    first = window.model.data(window.model.index(0, 0))
    type_text(qtbot, window.search_box, "smith")
    qtbot.waitUntil(lambda: window.model.query == "smith")
    window.lock()

    again = Vault.unlock(ui_vault.folder, ui_vault.user, UI_PASSWORD)
    try:
        window.unlocked(again)
        assert not window.is_locked
        assert window.stack.currentWidget() is window.content
        assert window.model.rowCount() == rows
        assert window.model.view.descending
        assert window.model.data(window.model.index(0, 0)) == first
        assert window.search_box.text() == ""
        assert window.total_label.text() == f"{rows} customers"
        assert window.action_new.isEnabled()
        assert window.idle_watcher.is_running
    finally:
        window.lock()


def test_lock_closes_dialogs_and_empties_message_boxes(qtbot, window: MainWindow, secrets) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Delete customer", "Delete \u201c王芳\u201d?", parent=window)
    box.open()
    chooser = window.open_column_chooser()
    assert box.isVisible() and chooser.isVisible()
    window.lock()
    assert not box.isVisible()
    assert box.text() == ""
    assert not chooser.isVisible()
    assert_no_customer_data(window, secrets)


def test_lock_waits_for_a_running_search_and_ignores_its_result(
    qtbot, ui_vault, settings, thread_runner, secrets
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    window.search_box.setText("John")
    window.run_search()  # a search is now in flight in the thread pool
    window.lock()
    qtbot.wait(100)  # let any queued result arrive: it must be dropped
    assert window.model.rowCount() == 0
    assert window.model.view is None
    assert_no_customer_data(window, secrets)


def test_idle_time_locks_the_window(qtbot, window: MainWindow, ui_vault: Vault) -> None:
    window.idle_watcher.set_interval_ms(150)
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert window.is_locked
    assert ui_vault.is_locked
    assert window.model.rowCount() == 0
    assert not window.idle_watcher.is_running


def test_activity_postpones_the_idle_lock(qtbot, window: MainWindow) -> None:
    window.idle_watcher.set_interval_ms(400)
    for _ in range(6):  # 600 ms of typing, a key every 100 ms
        qtbot.wait(100)
        qtbot.keyClick(window.search_box, Qt.Key.Key_A)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)


def test_the_idle_time_comes_from_the_settings(qtbot, ui_vault, settings, inline_runner) -> None:
    assert settings.get(settings_mod.IDLE_LOCK_MINUTES) == 10
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    assert window.idle_watcher.interval_ms == 10 * 60_000
    settings.set(settings_mod.IDLE_LOCK_MINUTES, 3)
    window.apply_settings()
    assert window.idle_watcher.interval_ms == 3 * 60_000
    settings.set(settings_mod.IDLE_LOCK_MINUTES, 0)  # never
    window.apply_settings()
    assert not window.idle_watcher._timer.isActive()


def test_the_idle_watcher_only_fires_while_started(qtbot, qapp) -> None:
    watcher = IdleWatcher(1)
    watcher.set_interval_ms(50)
    fired = []
    watcher.idle.connect(lambda: fired.append(True))
    qtbot.wait(120)
    assert fired == []  # not started
    watcher.start()
    qtbot.waitUntil(lambda: fired == [True], timeout=2000)
    watcher.start()
    watcher.stop()
    qtbot.wait(120)
    assert fired == [True]
