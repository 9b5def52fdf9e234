"""The export wizard, the partner register and "Shared with", driven like a person would, on the
real thread pool."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWizard

from app import exporting, partners
from app.exporting import protection
from ui.export_feature import ExportFeature
from ui.export_wizard import ExportWizard
from ui.main_window import MainWindow
from ui.partners_dialog import PartnerEditor, PartnersDialog, SharedWithSection

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PARTNER = "顺丰安装"


def make_window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def type_text(qtbot, widget, text: str) -> None:
    """Type like a person: Latin keys as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def click(qtbot, widget) -> None:
    """A click where a person clicks: on a radio button or check box, its box at the left."""
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def next_page(qtbot, wizard: QWizard) -> None:
    button = wizard.button(QWizard.WizardButton.CommitButton)
    if not button.isVisible():
        button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    click(qtbot, button)


def choose(qtbot, combo, data) -> None:
    """Pick an item from the keyboard: focus the box, then arrow keys until it shows ``data``."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def register(vault, **changes) -> partners.Partner:
    values = {
        "name": PARTNER,
        "contact": "张经理 400-800-1234",
        "purposes": ["delivery"],
        "fields": ["id", "name", "phone"],
        "starts_on": date.today() - timedelta(days=1),
        "expires_on": date.today() + timedelta(days=365),
        "security_measures": "传输加密",
        "end_of_agreement": "delete",
    }
    values.update(changes)
    return partners.add(vault, vault.actor, values)


def test_export_wizard_writes_an_encrypted_file_off_the_gui_thread_and_shows_the_passphrase_once(
    qtbot, ui_vault, settings, thread_runner, tmp_path
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    type_text(qtbot, window.search_box, "王")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    action(window, "actionExport").trigger()
    wizard = window.findChild(ExportWizard)
    assert wizard is not None
    assert wizard.customers_page.search_radio.isChecked()  # the current search is the default
    next_page(qtbot, wizard)
    page = wizard.fields_page
    choose(qtbot, page.preset_combo, "purpose:delivery")
    click(qtbot, page.preset_button)
    assert page.combos["id"].currentData() == "pseudonymised"
    assert page.combos["email"].currentData() == "omitted"
    choose(qtbot, page.combos["phone"], "masked")
    next_page(qtbot, wizard)
    purpose = wizard.purpose_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # a purpose is required
    choose(qtbot, purpose.purpose_combo, "delivery")
    choose(qtbot, purpose.basis_combo, "contract")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # the reason is required
    qtbot.keyClicks(purpose.basis_note, "delivering the orders they placed")
    next_page(qtbot, wizard)
    fmt = wizard.format_page
    qtbot.waitUntil(lambda: fmt.plan is not None, timeout=15000)
    assert "2 customer(s) will be in the file." in fmt.counts.text()
    out = tmp_path / "wang.csv.zip"
    fmt.path_edit.clear()
    qtbot.keyClicks(fmt.path_edit, str(out))
    next_page(qtbot, wizard)  # Export: the commit page
    summary = wizard.summary_page
    qtbot.waitUntil(lambda: wizard.currentPage() is summary, timeout=30000)
    passphrase = summary.passphrase.text()
    assert summary.passphrase_box.isVisible() and len(passphrase) == 35
    assert "2 customer(s) written to" in summary.details.text()
    name, content = protection.read_entry(out, passphrase)
    assert name == "customers.csv"
    rows = list(csv.reader(content.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Customer ID", "Name", "Phone"]
    assert {r[1] for r in rows[1:]} == {"王芳", "王小明"} and rows[1][2].count("*") == 4
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)
    assert summary.passphrase.text() == ""  # not kept in a closed window
    (record,) = exporting.log(ui_vault, ui_vault.actor)
    assert record.legal_basis == "contract" and record.rows == 2 and record.selection["kind"] == "search"


def test_plain_file_needs_the_warning_ticked_and_consent_left_out_counts_are_shown(
    qtbot, ui_vault, settings, thread_runner, tmp_path
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "actionExport").trigger()
    wizard = window.findChild(ExportWizard)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    choose(qtbot, wizard.purpose_page.purpose_combo, "marketing")
    next_page(qtbot, wizard)
    fmt = wizard.format_page
    qtbot.waitUntil(lambda: fmt.plan is not None, timeout=15000)
    assert "6 customer(s) with no consent recorded for Marketing" in fmt.counts.text()
    click(qtbot, fmt.plain_radio)
    assert "NOT be encrypted" in fmt.warning.text() and "Name" in fmt.warning.text()
    fmt.path_edit.clear()
    qtbot.keyClicks(fmt.path_edit, str(tmp_path / "m.csv"))
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    click(qtbot, fmt.confirm_plain)
    next_page(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=30000)
    assert not wizard.summary_page.passphrase_box.isVisible()
    assert "6 customer(s) with no consent recorded for Marketing" in wizard.summary_page.left_out.text()
    assert (tmp_path / "m.csv").read_text("utf-8-sig").splitlines()[1:] == []


def test_cancel_during_the_export_leaves_no_file(qtbot, ui_vault, settings, thread_runner, tmp_path) -> None:
    from app import customers

    customers.create_many(ui_vault, ui_vault.actor, [{"name": f"客户{i}"} for i in range(30000)])
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "actionExport").trigger()
    wizard = window.findChild(ExportWizard)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    choose(qtbot, wizard.purpose_page.purpose_combo, "sales")
    choose(qtbot, wizard.purpose_page.basis_combo, "contract")
    qtbot.keyClicks(wizard.purpose_page.basis_note, "the sales contracts")
    next_page(qtbot, wizard)
    fmt = wizard.format_page
    choose(qtbot, fmt.format_combo, "xlsx")
    qtbot.waitUntil(lambda: fmt.plan is not None, timeout=30000)
    fmt.path_edit.clear()
    out = tmp_path / "out"
    out.mkdir()
    qtbot.keyClicks(fmt.path_edit, str(out / "all.xlsx.zip"))
    next_page(qtbot, wizard)
    progress = wizard.progress_page
    qtbot.waitUntil(lambda: progress.bar.value() > 0, timeout=30000)
    click(qtbot, progress.cancel_button)
    qtbot.waitUntil(lambda: progress.failed, timeout=30000)
    assert "cancelled" in progress.message.text()
    assert list(out.iterdir()) == []
    assert exporting.log(ui_vault, ui_vault.actor) == []
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)


def test_partner_register_add_attach_end_and_confirm_deletion(
    qtbot, ui_vault, settings, thread_runner, tmp_path
):
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    action(window, "actionPartners").trigger()
    dialog = window.findChild(PartnersDialog)
    assert dialog is not None and "No partner" in dialog.details.text()
    click(qtbot, dialog.add_button)
    editor = dialog.findChild(PartnerEditor)
    type_text(qtbot, editor.name_edit, PARTNER)
    type_text(qtbot, editor.contact_edit, "张经理 400-800-1234")
    click(qtbot, editor.purpose_boxes["delivery"])
    for key in ("id", "name", "phone"):
        click(qtbot, editor.field_boxes[key])
    click(qtbot, editor.buttons.button(editor.buttons.StandardButton.Save))
    assert "Security measures" in editor.message.text()  # the form names what is missing
    type_text(qtbot, editor.security_edit, "传输加密，最小权限")
    click(qtbot, editor.buttons.button(editor.buttons.StandardButton.Save))
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    assert dialog.table.item(0, 0).text() == PARTNER and dialog.table.item(0, 1).text() == "Active"
    scan = tmp_path / "协议.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    dialog.attach(str(scan))
    assert "协议.pdf" in dialog.details.text()
    dialog.end_agreement(note="合作结束")
    assert dialog.table.item(0, 1).text() == "Ended" and dialog.table.item(0, 4).text() == "To be confirmed"
    assert "Obtain the partner's confirmation" in dialog.reminders.text()
    assert dialog.confirm_button.isEnabled()
    dialog.confirm_deletion(note="")
    assert "Say how" in dialog.message.text()
    dialog.confirm_deletion(note="2026-12-01 书面确认已删除")
    assert dialog.table.item(0, 4).text() == "Confirmed" and not dialog.reminders.isVisible()


def test_the_cards_shared_with_section_lists_the_exports_and_partners_that_included_the_customer(
    qtbot, ui_vault, settings, thread_runner, tmp_path
) -> None:
    register(ui_vault)
    request = exporting.ExportRequest(
        exporting.Selection("ids", ids=(1,)), (("id", "pseudonymised"), ("name", "full")), "delivery", "csv",
        partner=PARTNER, legal_basis="contract", basis_note="delivery under the agreement",
        protection="plain", plain_acknowledged=True,
    )  # fmt: skip
    exporting.run(ui_vault, ui_vault.actor, request, tmp_path / "p.csv")
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=10000)
    row = next(r for r in range(window.model.rowCount()) if window.model.customer_id(r) == 1)
    rect = window.table.visualRect(window.model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(window.table, Qt.Key.Key_Return)  # opens the card
    qtbot.waitUntil(lambda: window.card.customer is not None, timeout=10000)
    section = window.card.show_section(SharedWithSection)
    assert (
        section is not None and window.card.tabs.tabText(window.card.tabs.indexOf(section)) == "Shared with"
    )
    qtbot.waitUntil(lambda: section.widget.loaded is not None, timeout=10000)
    table = section.widget.table
    assert (
        table.rowCount() == 1 and table.item(0, 1).text() == PARTNER and table.item(0, 2).text() == "Delivery"
    )
    assert table.item(0, 3).text() == "Customer ID (pseudonymised), Name"
    assert "shared with 1 partner(s)" in section.widget.summary.text()
    other = next(r for r in range(window.model.rowCount()) if window.model.customer_id(r) != 1)
    window.card.show_customer(window.model.customer_id(other))
    qtbot.waitUntil(lambda: section.widget.loaded == [], timeout=10000)
    assert "has not been exported" in section.widget.summary.text() and table.rowCount() == 0
    action(window, "actionPartners").trigger()
    register_dialog = window.findChild(PartnersDialog)
    assert register_dialog.shared.rowCount() == 1  # what the partner received, by field label
    assert register_dialog.shared.item(0, 3).text() == "Customer ID (pseudonymised), Name"
    register_dialog.reject()
    window.lock()
    assert table.rowCount() == 0 and section.widget.customer_id is None  # nothing left on a locked card


def test_a_role_without_export_sees_no_export_no_register_and_no_shared_with(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    from app import users
    from app.vault import Vault

    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-1", "sales")
    users.reset_password(ui_vault, ui_vault.actor, "sally", "sales-pass-1", must_change=False)
    sally = Vault.unlock(ui_vault.folder, "sally", "sales-pass-1")
    window = make_window(qtbot, sally, settings, thread_runner)
    try:
        for name in ("actionExport", "actionPartners"):
            assert not action(window, name).isVisible() and not action(window, name).isEnabled(), name
        assert window.card.section(SharedWithSection) is None  # no reason to read where data went
        window.feature_export = window.feature(ExportFeature)
        assert window.feature_export.open_export() is None and window.feature_export.open_partners() is None
    finally:
        window.lock()


def test_an_exporter_who_may_not_manage_partners_reads_the_register_without_its_buttons(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    from app import access, users
    from app.vault import Vault

    register(ui_vault)
    access.set_permissions(ui_vault, ui_vault.actor, "sales", ["export", "view_consent"])
    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-1", "sales")
    users.reset_password(ui_vault, ui_vault.actor, "sally", "sales-pass-1", must_change=False)
    sally = Vault.unlock(ui_vault.folder, "sally", "sales-pass-1")
    window = make_window(qtbot, sally, settings, thread_runner)
    try:
        assert action(window, "actionExport").isEnabled() and action(window, "actionPartners").isEnabled()
        action(window, "actionPartners").trigger()
        dialog = window.findChild(PartnersDialog)
        assert dialog.table.item(0, 0).text() == PARTNER
        for button in (dialog.add_button, dialog.edit_button, dialog.end_button, dialog.confirm_button):
            assert not button.isVisible()
        with pytest.raises(partners.PermissionDeniedError):
            partners.end(sally, sally.actor, PARTNER)  # and the core refuses it anyway
        dialog.reject()
        action(window, "actionExport").trigger()
        wizard = window.findChild(ExportWizard)
        combo = wizard.customers_page.consent_combo
        assert combo.findData(f"sharing:{PARTNER}") >= 0  # customers who consented to sharing with it
        assert combo.itemText(combo.findData(f"sharing:{PARTNER}")) == f"sharing with {PARTNER}"
        wizard.reject()
    finally:
        window.lock()
