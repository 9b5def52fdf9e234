"""Tools → Retention…: rules added, edited and removed from the keyboard, the grace period, the
review (who is due, why, what will happen; the purge list), and approve-and-apply on the real
thread pool with progress, Cancel that rolls back, and a summary. The core decides who may."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, Qt, QThreadPool
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app import customers, erasure, retention, users
from app.vault import Vault
from ui.main_window import MainWindow
from ui.retention_dialog import RetentionDialog, RetentionFeature
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def english_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


def _ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")


@pytest.fixture
def due(ui_vault: Vault) -> dict[str, int]:
    """王芳 inactive for 800 days (her phone is due under a two-year rule), 李娜 deleted 40 days ago."""
    conn = ui_vault.connection()
    ids = {c.name: c.id for c in customers.CustomerView(ui_vault, ui_vault.actor)}
    retention.add_rule(ui_vault, ui_vault.actor, scope="field", target="phone", months=24, note="电话两年")
    conn.execute("UPDATE customers SET updated_at = ? WHERE id = ?", (_ago(800), ids["王芳"]))
    customers.delete(ui_vault, ui_vault.actor, ids["李娜"])
    conn.execute("UPDATE customers SET deleted_at = ? WHERE id = ?", (_ago(40), ids["李娜"]))
    return ids


def open_window(qtbot, vault, settings, runner) -> RetentionDialog:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    action = window.feature(RetentionFeature).action_retention
    assert action.isVisible() and action.isEnabled()
    action.trigger()
    dialog = window.findChild(RetentionDialog)
    assert dialog is not None
    return dialog


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_rules_are_added_edited_and_removed_from_the_keyboard(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    dialog = open_window(qtbot, ui_vault, settings, thread_runner)
    qtbot.waitUntil(lambda: dialog.grace.value() == erasure.DEFAULT_GRACE_DAYS)
    click(qtbot, dialog.add_button)
    rule = dialog.rule_dialog
    qtbot.waitUntil(lambda: rule.isVisible())
    rule.target.setCurrentIndex(rule.target.findData("marketing"))
    rule.months.selectAll()
    qtbot.keyClicks(rule.months, "24")
    qtbot.keyClicks(rule.note, "marketing: two years")
    qtbot.keyClick(rule.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.rules_table.rowCount() == 1)
    assert dialog.rules_table.item(0, 0).text() == "Purpose: Marketing"
    assert dialog.rules_table.item(0, 1).text() == "24 month(s)"
    (stored,) = retention.rules(ui_vault, ui_vault.actor)
    assert (stored.scope, stored.target, stored.months, stored.action) == (
        "purpose",
        "marketing",
        24,
        "anonymise",
    )
    # Edit: anonymise -> erase, counted from the consent withdrawal.
    dialog.rules_table.selectRow(0)
    click(qtbot, dialog.edit_button)
    rule = dialog.rule_dialog
    qtbot.waitUntil(lambda: rule.isVisible())
    assert rule.months.value() == 24
    rule.basis.setFocus()
    qtbot.keyClick(rule.basis, Qt.Key.Key_Down)
    rule.action.setFocus()
    qtbot.keyClick(rule.action, Qt.Key.Key_Down)
    qtbot.keyClick(rule.note, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: dialog.rules_table.rowCount() == 1 and "erase" in dialog.rules_table.item(0, 3).text()
    )
    (edited,) = retention.rules(ui_vault, ui_vault.actor)
    assert (edited.basis, edited.action, edited.months) == ("consent_withdrawn", "erase", 24)
    dialog.rules_table.selectRow(0)
    click(qtbot, dialog.remove_button)
    qtbot.waitUntil(lambda: dialog.rules_table.rowCount() == 0)
    assert retention.rules(ui_vault, ui_vault.actor) == []


def test_a_bad_rule_is_refused_by_the_core_and_what_was_typed_stays(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    dialog = open_window(qtbot, ui_vault, settings, inline_runner)
    rule = dialog.open_rule(None)
    rule.scope.setCurrentIndex(rule.scope.findData("field"))
    rule.target.setCurrentIndex(rule.target.findData("name"))
    qtbot.keyClicks(rule.note, "names")
    qtbot.keyClick(rule.note, Qt.Key.Key_Return)
    assert rule.isVisible() and "erase the customer instead" in rule.error.text()
    assert rule.note.text() == "names" and retention.rules(ui_vault, ui_vault.actor) == []


def test_the_grace_period_is_saved(qtbot, ui_vault, settings, inline_runner) -> None:
    dialog = open_window(qtbot, ui_vault, settings, inline_runner)
    dialog.grace.selectAll()
    qtbot.keyClicks(dialog.grace, "60")
    click(qtbot, dialog.grace_button)
    assert erasure.grace_days(ui_vault) == 60 and "60 day(s)" in dialog.message.text()


def test_the_review_is_a_dry_run_listing_who_is_due_why_and_what_will_happen(
    qtbot, ui_vault, due, settings, thread_runner
) -> None:
    dialog = open_window(qtbot, ui_vault, settings, thread_runner)
    qtbot.waitUntil(lambda: "no retention review yet" in dialog.review_info.text())
    assert not dialog.apply_button.isEnabled()
    click(qtbot, dialog.review_button)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 2)
    purge, phone = dialog.tree.topLevelItem(0), dialog.tree.topLevelItem(1)
    assert purge.text(0) == "Deleted, and the 30-day grace period has passed — 1 customer(s)"
    assert purge.text(1) == "Erase for good"
    assert purge.child(0).text(0).startswith(f"No. {due['李娜']}  李娜 — deleted ")
    assert purge.child(0).text(0).endswith("by 老板")
    assert phone.text(0) == "Field: Phone: 24 month(s) after last activity — 1 customer(s)"
    assert phone.text(1) == "Clear Phone"
    assert phone.child(0).text(0).startswith(f"No. {due['王芳']}  王芳 — last activity ")
    assert (
        "2 customer(s) due" in dialog.review_info.text()
        and "Nothing has changed yet" in dialog.review_info.text()
    )
    assert dialog.apply_button.isEnabled()
    # A dry run: nobody was changed.
    assert customers.get(ui_vault, ui_vault.actor, due["王芳"]).get("phone") == "13812345678"
    assert (
        ui_vault.connection()
        .execute("SELECT count(*) FROM customers WHERE id = ?", (due["李娜"],))
        .fetchone()[0]
    )


def test_approve_and_apply_runs_on_the_thread_pool_and_reports_what_was_done(
    qtbot, ui_vault, due, settings, thread_runner
) -> None:
    dialog = open_window(qtbot, ui_vault, settings, thread_runner)
    click(qtbot, dialog.review_button)
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled() and dialog.review is not None)
    click(qtbot, dialog.apply_button)
    box = dialog.confirm_box
    qtbot.waitUntil(lambda: box.isVisible())
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))  # asked, and said no
    assert customers.get(ui_vault, ui_vault.actor, due["王芳"]).get("phone")
    click(qtbot, dialog.apply_button)
    box = dialog.confirm_box
    qtbot.waitUntil(lambda: box.isVisible())
    with qtbot.waitSignal(dialog.applied, timeout=20_000):
        click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    assert dialog.result.text() == (
        "Done. Erased: 1. Anonymised: 1. Left alone (no longer due): 0."
        " Held values whose hold ended, deleted: 0."
    )
    assert customers.get(ui_vault, ui_vault.actor, due["王芳"]).get("phone") is None
    assert (
        not ui_vault.connection().execute("SELECT 1 FROM customers WHERE id = ?", (due["李娜"],)).fetchone()
    )
    qtbot.waitUntil(lambda: "Applied" in dialog.review_info.text())
    assert not dialog.apply_button.isEnabled() and not dialog.progress.isVisible()


def test_cancel_while_applying_rolls_everything_back(qtbot, ui_vault, due, settings) -> None:
    """The real pool with one thread, held by another job until Cancel was pressed: the apply
    job then starts, sees the cancel at its first step and rolls back."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    runner = TaskRunner(pool)
    dialog = open_window(qtbot, ui_vault, settings, runner)
    click(qtbot, dialog.review_button)
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled() and dialog.review is not None)
    gate = threading.Event()
    runner.run(lambda _task: gate.wait(20))
    dialog.apply_review(confirmed=True)
    assert dialog.progress.isVisible() and dialog.cancel_button.isVisible()
    assert not dialog.review_button.isEnabled()
    click(qtbot, dialog.cancel_button)
    gate.set()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
    assert dialog.result.text() == "Cancelled: nothing was erased or anonymised."
    assert customers.get(ui_vault, ui_vault.actor, due["王芳"]).get("phone") == "13812345678"
    assert ui_vault.connection().execute("SELECT 1 FROM customers WHERE id = ?", (due["李娜"],)).fetchone()
    assert retention.get_review(ui_vault, ui_vault.actor).applied_at is None
    assert dialog.apply_button.isEnabled()
    pool.waitForDone(20_000)


def test_a_user_without_apply_retention_is_refused_by_the_core(
    qtbot, ui_vault, due, settings, inline_runner
) -> None:
    retention.review(ui_vault, ui_vault.actor)
    users.add(ui_vault, ui_vault.actor, "mia", "mia-pass-1234", "service")
    users.reset_password(ui_vault, ui_vault.actor, "mia", "mia-pass-1234", must_change=False)
    folder = ui_vault.folder
    ui_vault.lock()
    mia = Vault.unlock(folder, "mia", "mia-pass-1234")
    try:
        window = MainWindow(mia, settings, inline_runner, None)
        qtbot.addWidget(window)
        feature = window.feature(RetentionFeature)
        assert not feature.action_retention.isVisible() and feature.open_retention() is None
        # Opened anyway: the rules can be read, everything else is the core's refusal.
        dialog = RetentionDialog(mia, inline_runner)
        qtbot.addWidget(dialog)
        assert dialog.rules_table.rowCount() == 1
        assert "may not review and apply retention rules" in dialog.review_info.text()
        assert dialog.tree.topLevelItemCount() == 0 and not dialog.apply_button.isEnabled()
        click(qtbot, dialog.review_button)
        assert "may not review and apply retention rules" in dialog.message.text()
        rule = dialog.open_rule(None)
        ok = rule.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        click(qtbot, ok)
        assert "may not" in rule.error.text() and len(retention.rules(mia, mia.actor)) == 1
        dialog.grace.setValue(1)
        click(qtbot, dialog.grace_button)
        assert "may not" in dialog.message.text() and erasure.grace_days(mia) == erasure.DEFAULT_GRACE_DAYS
        assert mia.connection().execute("SELECT count(*) FROM retention_reviews").fetchone()[0] == 1
    finally:
        mia.lock()
