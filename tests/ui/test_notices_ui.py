"""After sign-in the main window tells an owner what happened since their last sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app import notices, users
from app.vault import Vault
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def english_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def second_owner_session(tmp_path: Path) -> Vault:
    """Two owners; the first one's password was reset with the recovery code."""
    folder = tmp_path / "vault"
    vault, code = Vault.create(folder, owner="老板", password="owner-pass-1")
    users.add(vault, vault.actor, "二老板", "second-pass-1", "owner")
    vault.connection().execute("UPDATE users SET must_change_password = 0")
    vault.lock()
    recovered = Vault.unlock_with_recovery_code(folder, code)
    users.reset_password(recovered, recovered.actor, "老板", "taken-over-1", must_change=False)
    recovered.lock()
    session = Vault.unlock(folder, "二老板", "second-pass-1")
    yield session
    session.lock()


def test_an_owner_is_told_at_sign_in_that_the_recovery_code_reset_a_password(
    qtbot, second_owner_session: Vault, settings, thread_runner
) -> None:
    window = MainWindow(second_owner_session, settings, thread_runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.notices_box is not None and window.notices_box.isVisible())
    box = window.notices_box
    assert "recovery code was used to reset the password of 老板" in box.text()
    ok = box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.notices_box is None)
    assert notices.pending(second_owner_session) == []  # seen: not shown again


def test_a_notice_closed_by_locking_is_shown_again_next_time(
    qtbot, second_owner_session: Vault, settings, inline_runner
) -> None:
    window = MainWindow(second_owner_session, settings, inline_runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.notices_box is not None and window.notices_box.isVisible())
    assert isinstance(window.notices_box, QMessageBox)
    folder = second_owner_session.folder
    window.lock()
    again = Vault.unlock(folder, "二老板", "second-pass-1")
    try:
        assert len(notices.pending(again)) == 1
    finally:
        again.lock()


def test_an_alert_raised_while_an_owner_works_is_shown_by_the_timer_off_the_gui_thread(
    qtbot, ui_vault: Vault, settings, thread_runner
) -> None:
    from app import alerts, customers
    from app.access import Actor

    ids = customers.create_many(
        ui_vault, ui_vault.actor, [{"name": "王芳"}, {"name": "李娜"}, {"name": "张伟"}]
    )
    alerts.set_rule(ui_vault, ui_vault.actor, alerts.READS, "2")
    window = MainWindow(ui_vault, settings, thread_runner, None)
    qtbot.addWidget(window)
    window.show()
    assert window.alerts_timer.isActive()
    for customer_id in ids:  # another user, on another PC, reads three customers
        customers.view(ui_vault, Actor("sally", "sales"), customer_id)
    window.alerts_timer.timeout.emit()
    qtbot.waitUntil(lambda: window.notices_box is not None and window.notices_box.isVisible())
    text = window.notices_box.text()
    assert "sally opened 3 different customers" in text and "王芳" not in text
    ok = window.notices_box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.notices_box is None)
    assert alerts.list_alerts(ui_vault, ui_vault.actor)[0].open  # seen, not acknowledged
    window.lock()
    assert not window.alerts_timer.isActive()
