"""Tools → Alerts and incidents…: the status bar's count of new alerts, acknowledging and the rules
(an owner's alone), the incident register with its audit-log prefill, and the notice letters
written off the GUI thread; what a manager and the auditor can and cannot do there."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from app import alerts, customers, incidents, users
from app.access import Actor
from app.vault import Vault
from tests.ui.conftest import SAMPLE_CUSTOMERS
from tests.ui.test_requests_ui import type_text
from ui.alerts_dialog import AlertsDialog, AlertsFeature, RulesDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def english_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def staff(ui_vault: Vault) -> Vault:
    owner = ui_vault.actor
    users.add(ui_vault, owner, "sally", "sally-pass-123", "sales")
    users.add(ui_vault, owner, "mia", "manager-pass-12", "manager")
    users.add(ui_vault, owner, "audrey", "audit-pass-123", "auditor")
    ui_vault.connection().execute("UPDATE users SET must_change_password = 0")
    alerts.evaluate(ui_vault)
    return ui_vault


@pytest.fixture
def raised(staff: Vault) -> alerts.Alert:
    """sally opened every customer in one hour, over a limit of 2."""
    alerts.set_rule(staff, staff.actor, alerts.READS, "2")
    sally = Actor("sally", "sales")
    for customer_id in range(1, len(SAMPLE_CUSTOMERS) + 1):
        customers.view(staff, sally, customer_id)
    alerts.evaluate(staff)
    (alert,) = alerts.list_alerts(staff, staff.actor)
    return alert


def _window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    return window


def _close_notices(qtbot, window: MainWindow) -> None:
    """Close the sign-in notices (they hold the window modal) as a person would, with OK."""
    qtbot.waitUntil(lambda: window.notices_box is not None and window.notices_box.isVisible())
    ok = window.notices_box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.notices_box is None)


def _open(window: MainWindow) -> AlertsDialog:
    window.feature(AlertsFeature).action_alerts.trigger()
    dialog = window.findChild(AlertsDialog)
    assert dialog is not None
    return dialog


def _as(vault: Vault, user: str, password: str) -> Vault:
    folder = vault.folder
    vault.lock()
    return Vault.unlock(folder, user, password)


def _visible_text(dialog: AlertsDialog) -> str:
    parts = [label.text() for label in dialog.findChildren(QLabel)]
    for model in (dialog.alerts_model, dialog.incidents_model):
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                parts.append(str(model.data(model.index(row, column))))
    return "\n".join(parts)


# ------------------------------------------------------------------ alerts


def test_an_owner_sees_new_alerts_in_the_status_bar_and_the_indicator_opens_the_window(
    qtbot, staff, raised, settings, thread_runner
) -> None:
    window = _window(qtbot, staff, settings, thread_runner)
    _close_notices(qtbot, window)
    feature = window.feature(AlertsFeature)
    qtbot.waitUntil(lambda: feature.indicator.isVisible())
    assert feature.indicator.text() == "⚠ New alerts: 1"
    qtbot.mouseClick(feature.indicator, Qt.MouseButton.LeftButton)
    dialog = window.findChild(AlertsDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.alerts_model.rowCount() == 1)
    assert dialog.tabs.currentWidget() is dialog.alerts_tab
    model = dialog.alerts_model
    row = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    assert row[1] == "New" and row[3] == "Customers opened in an hour" and row[4] == "sally"
    assert row[5:7] == [str(len(SAMPLE_CUSTOMERS)), "2"] and row[7].startswith("sally opened 6")
    assert "sally opened 6 different customers" in dialog.alert_detail.text()


def test_an_owner_acknowledges_an_alert_with_a_note_from_the_keyboard(
    qtbot, staff, raised, settings, thread_runner
) -> None:
    window = _window(qtbot, staff, settings, thread_runner)
    _close_notices(qtbot, window)
    dialog = _open(window)
    qtbot.waitUntil(lambda: dialog.alerts_model.rowCount() == 1 and dialog.ack_button.isEnabled())
    qtbot.mouseClick(dialog.ack_button, Qt.MouseButton.LeftButton)
    ack = dialog.ack_dialog
    qtbot.waitUntil(lambda: ack.isVisible())
    type_text(qtbot, ack.note, "月底回访名单")
    qtbot.keyClick(ack.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.alerts_model.rowCount() == 0)  # gone from the new ones
    kept = alerts.get(staff, staff.actor, raised.id)
    assert (kept.acknowledged_by, kept.note) == (staff.actor.user, "月底回访名单")
    feature = window.feature(AlertsFeature)
    qtbot.waitUntil(lambda: not feature.indicator.isVisible())
    dialog.alert_filter.setCurrentIndex(1)  # all alerts: it is kept
    qtbot.waitUntil(lambda: dialog.alerts_model.rowCount() == 1)
    assert "月底回访名单" in dialog.alert_detail.text()


def test_a_bad_rule_value_is_named_beside_its_rule_and_nothing_is_saved(
    qtbot, staff, settings, thread_runner
) -> None:
    window = _window(qtbot, staff, settings, thread_runner)
    dialog = _open(window)
    qtbot.mouseClick(dialog.rules_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rules_dialog is not None and dialog.rules_dialog.isVisible())
    rules = dialog.rules_dialog
    qtbot.mouseClick(rules.switches[alerts.REVEALS], Qt.MouseButton.LeftButton)  # off
    rules.edits[alerts.USUAL].selectAll()
    type_text(qtbot, rules.edits[alerts.USUAL], "3")
    rules.edits[alerts.WORKING_HOURS].selectAll()
    type_text(qtbot, rules.edits[alerts.WORKING_HOURS], "9 to 5")
    save = rules.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    error = rules.errors[alerts.WORKING_HOURS]
    qtbot.waitUntil(lambda: rules.isVisible() and error.isVisible())
    assert "08-19" in error.text() and "9 to 5" in error.text()
    before = alerts.rules(staff, staff.actor)
    assert (before[alerts.REVEALS], before[alerts.USUAL]) == ("10", "5")  # nothing saved
    rules.edits[alerts.WORKING_HOURS].selectAll()
    type_text(qtbot, rules.edits[alerts.WORKING_HOURS], "09-18")
    qtbot.keyClick(rules.edits[alerts.WORKING_HOURS], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "saved" in dialog.note.text())
    after = alerts.rules(staff, staff.actor)
    assert (after[alerts.REVEALS], after[alerts.USUAL], after[alerts.WORKING_HOURS]) == ("off", "3", "09-18")


def test_a_manager_sees_alerts_but_cannot_acknowledge_or_change_rules_through_the_window(
    qtbot, staff, raised, settings, inline_runner
) -> None:
    manager = _as(staff, "mia", "manager-pass-12")
    try:
        window = _window(qtbot, manager, settings, inline_runner)
        dialog = _open(window)
        assert dialog.alerts_model.rowCount() == 1
        assert not dialog.ack_button.isEnabled() and not dialog.rules_button.isEnabled()
        assert dialog.owner_note.isVisible()
        dialog.alerts_table.selectRow(0)
        assert dialog.open_acknowledge() is None
        dialog.acknowledge(raised.id, "nothing to see")  # had a button been offered: the core says no
        assert "Only an owner" in dialog.note.text()
        assert alerts.get(manager, manager.actor, raised.id).open
        rules = RulesDialog(alerts.rules(manager, manager.actor), dialog)
        rules.switches[alerts.READS].setChecked(False)
        dialog.save_rules(rules)
        assert "Only an owner" in rules.error.text()
        assert alerts.rules(manager, manager.actor)[alerts.READS] == "2"
    finally:
        manager.lock()


# ------------------------------------------------------------------ incidents


def _pick(edit, moment: datetime) -> None:
    edit.setDateTime(QDateTime(moment))


def test_an_incident_is_recorded_with_customers_and_fields_found_in_the_audit_log(
    qtbot, staff, raised, settings, thread_runner
) -> None:
    window = _window(qtbot, staff, settings, thread_runner)
    _close_notices(qtbot, window)
    dialog = _open(window)
    dialog.tabs.setCurrentWidget(dialog.incidents_tab)
    qtbot.mouseClick(dialog.new_incident_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is not None and dialog.editor.isVisible())
    editor = dialog.editor
    assert editor.find_group.isVisible()
    editor.person.setCurrentIndex(editor.person.findText("sally"))
    _pick(editor.find_from, datetime.now() - timedelta(hours=2))
    _pick(editor.find_to, datetime.now() + timedelta(minutes=5))
    qtbot.mouseClick(editor.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.customer_ids != [])
    assert editor.customers_label.text() == f"{len(SAMPLE_CUSTOMERS)} customer(s)"
    assert "name" in editor.chosen_fields() and "phone" in editor.chosen_fields()
    assert editor.title.text() == "Access by sally"
    type_text(qtbot, editor.what, "销售员离职前批量查看客户")
    qtbot.mouseClick(editor.notify_customers, Qt.MouseButton.LeftButton)
    type_text(qtbot, editor.customers_reason, "可能造成骚扰")
    type_text(qtbot, editor.regulator_reason, "影响人数少")
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.incidents_model.rowCount() == 1)
    (incident,) = incidents.list_incidents(staff, staff.actor)
    assert (incident.title, incident.customers, incident.notify_customers) == ("Access by sally", 6, True)
    assert incidents.customer_ids(staff, staff.actor, incident.id) == list(range(1, 7))
    assert "sally" in incident.found_by and "name" in incident.fields


def test_an_incident_without_its_art57_reasons_is_refused_and_what_was_typed_stays(
    qtbot, staff, settings, thread_runner
) -> None:
    window = _window(qtbot, staff, settings, thread_runner)
    dialog = _open(window)
    dialog.open_new_incident()
    qtbot.waitUntil(lambda: dialog.editor is not None and dialog.editor.isVisible())
    editor = dialog.editor
    type_text(qtbot, editor.title, "Laptop lost")
    type_text(qtbot, editor.what, "On the train")
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.error.text() != "" and editor.isVisible())
    assert "required" in editor.error.text()
    assert (editor.title.text(), editor.what.toPlainText()) == ("Laptop lost", "On the train")
    assert incidents.list_incidents(staff, staff.actor) == []


def test_an_incident_is_moved_on_and_its_decision_changed(qtbot, staff, settings, thread_runner) -> None:
    recorded = _incident(staff)
    window = _window(qtbot, staff, settings, thread_runner)
    dialog = _open(window)
    dialog.tabs.setCurrentWidget(dialog.incidents_tab)
    qtbot.waitUntil(
        lambda: dialog.incidents_model.rowCount() == 1 and dialog.edit_incident_button.isEnabled()
    )
    qtbot.mouseClick(dialog.edit_incident_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    qtbot.waitUntil(lambda: editor.isVisible())
    assert not editor.title.isEnabled()  # what happened stays as recorded
    editor.status.setCurrentIndex(editor.status.findData("contained"))
    qtbot.mouseClick(editor.notify_regulator, Qt.MouseButton.LeftButton)
    editor.regulator_reason.selectAll()
    type_text(qtbot, editor.regulator_reason, "ID numbers involved")
    qtbot.keyClick(editor.contact, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "updated" in dialog.note.text())
    now = incidents.get(staff, staff.actor, recorded.id)
    assert (now.status, now.notify_regulator, now.notify_regulator_reason) == (
        "contained",
        True,
        "ID numbers involved",
    )


def _incident(vault: Vault, ids: list[int] | None = None) -> incidents.Incident:
    draft = incidents.Draft(
        title="外勤笔记本丢失",
        what_happened="外勤人员的笔记本电脑在地铁上丢失。",
        discovered_at=datetime.now(),
        severity="high",
        notify_customers=True,
        notify_customers_reason="含电话号码",
        notify_regulator=False,
        notify_regulator_reason="数据已加密",
        fields=["name", "phone"],
        customer_ids=ids if ids is not None else [1, 2, 3],
        actions="已远程锁定",
        advice="警惕冒充我店的电话",
        contact="王经理 010-12345678",
    )
    return incidents.add(vault, vault.actor, draft)


def test_notice_letters_are_written_off_the_gui_thread(
    qtbot, staff, settings, thread_runner, tmp_path: Path
) -> None:
    _incident(staff)
    window = _window(qtbot, staff, settings, thread_runner)
    dialog = _open(window)
    dialog.tabs.setCurrentWidget(dialog.incidents_tab)
    qtbot.waitUntil(lambda: dialog.incidents_model.rowCount() == 1 and dialog.letters_button.isEnabled())
    dialog.letter_language.setCurrentIndex(dialog.letter_language.findData("zh"))
    target = tmp_path / "letters.pdf"
    with qtbot.waitSignal(dialog.letters_written, timeout=30_000):
        dialog.write_letters(str(target))
        assert not dialog.letters_button.isEnabled() and dialog.cancel_button.isVisible()
    pages = PdfReader(str(target)).pages
    assert len(pages) == 3 and "王芳" in pages[0].extract_text()
    assert "3 letter(s) were saved" in dialog.note.text() and dialog.letters_button.isEnabled()


def test_cancelling_the_notice_letters_leaves_no_file(
    qtbot, staff, settings, inline_runner, tmp_path: Path
) -> None:
    _incident(staff)
    window = _window(qtbot, staff, settings, inline_runner)
    dialog = _open(window)
    dialog.incidents_table.selectRow(0)
    target = tmp_path / "letters.pdf"
    original = dialog._runner.run

    def run_and_press_cancel(fn, **kwargs):
        # Cancel is pressed as soon as the first progress arrives (the inline runner delivers it
        # at once, so the press lands while the work is still running).
        given = kwargs.get("on_progress")

        def progressed(done, total, text):
            given(done, total, text)
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

        if given is not None:
            kwargs["on_progress"] = progressed
        return original(fn, **kwargs)

    dialog._runner.run = run_and_press_cancel
    dialog.write_letters(str(target))
    assert not target.exists()
    assert "cancelled" in dialog.note.text() and "nothing was written" in dialog.note.text()
    assert not dialog.progress.isVisible() and dialog.letters_button.isEnabled()


def test_a_letter_that_cannot_be_written_says_why(
    qtbot, staff, settings, thread_runner, tmp_path: Path
) -> None:
    _incident(staff, ids=[])
    window = _window(qtbot, staff, settings, thread_runner)
    dialog = _open(window)
    qtbot.waitUntil(lambda: dialog.incidents_model.rowCount() == 1)
    assert not dialog.letters_button.isEnabled()  # nobody to write to
    dialog.write_letters(str(tmp_path / "x.pdf"))
    qtbot.waitUntil(lambda: "names no affected customers" in dialog.note.text())
    assert not (tmp_path / "x.pdf").exists()


def test_the_auditor_reads_both_registers_as_counts_and_fields_only(
    qtbot, staff, raised, settings, inline_runner
) -> None:
    _incident(staff)
    auditor = _as(staff, "audrey", "audit-pass-123")
    try:
        window = _window(qtbot, auditor, settings, inline_runner)
        dialog = _open(window)
        assert dialog.tabs.count() == 2
        assert dialog.alerts_model.rowCount() == 1 and dialog.incidents_model.rowCount() == 1
        assert not dialog.new_incident_button.isVisible() and not dialog.letters_button.isVisible()
        assert dialog.open_incident() is None
        dialog.tabs.setCurrentWidget(dialog.incidents_tab)
        dialog.incidents_table.selectRow(0)
        shown = _visible_text(dialog)
        assert "外勤笔记本丢失" in shown and "3" in shown
        for person in SAMPLE_CUSTOMERS:
            for value in person.values():
                assert value not in shown
    finally:
        auditor.lock()


def test_a_sales_user_has_neither_the_window_nor_the_indicator(
    qtbot, staff, raised, settings, inline_runner
) -> None:
    sales = _as(staff, "sally", "sally-pass-123")
    try:
        window = _window(qtbot, sales, settings, inline_runner)
        feature = window.feature(AlertsFeature)
        assert not feature.action_alerts.isVisible() and not feature.action_alerts.isEnabled()
        assert feature.open_alerts() is None and not feature.indicator.isVisible()
    finally:
        sales.lock()


def test_the_alert_count_timer_ticking_after_the_vault_was_locked_elsewhere_shows_no_count(
    qtbot, staff, raised, settings, inline_runner
) -> None:
    """A window whose vault was locked by another path (a test, a restore) must not raise from
    its 60-second timer: the tick finds nothing to count and hides the indicator."""
    window = _window(qtbot, staff, settings, inline_runner)
    _close_notices(qtbot, window)
    feature = window.feature(AlertsFeature)
    qtbot.waitUntil(lambda: feature.indicator.isVisible())
    staff.lock()
    feature.refresh_count()
    assert feature.open_alerts_count == 0 and not feature.indicator.isVisible()
