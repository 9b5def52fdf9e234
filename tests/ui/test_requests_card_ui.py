"""The customer card's Requests section, the restriction banner, legal holds, the deadline
settings and the audit-text warnings, driven through the keyboard and mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox

from app import access, customers, deadlines, holds, requests, restrictions, users
from app.vault import Vault
from tests.ui.test_requests_ui import type_text
from ui.customer_card import DetailsSection
from ui.editor import RevealDialog
from ui.main_window import MainWindow
from ui.requests_card import RequestsSection
from ui.requests_dialog import RequestsDialog, RequestsFeature

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def english_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


def make_window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def customer_id(vault: Vault, name: str) -> int:
    return next(c.id for c in customers.CustomerView(vault, vault.actor) if c.name == name)


def open_requests_tab(qtbot, window: MainWindow, cid: int) -> RequestsSection:
    window.open_card(cid)
    qtbot.waitUntil(lambda: window.card.customer_id == cid)
    section = window.card.show_section(RequestsSection)
    assert section is not None
    return section


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def _verified(vault, type_: str, cid: int) -> requests.Request:
    return requests.add(
        vault,
        vault.actor,
        type=type_,
        requester="王芳",
        customer_id=cid,
        identity_method="身份证原件",
        identity_verified=True,
    )


def _user(vault, name: str, role: str) -> None:
    users.add(vault, vault.actor, name, f"{name}-pass-1234", role)
    users.reset_password(vault, vault.actor, name, f"{name}-pass-1234", must_change=False)


# ------------------------------------------------------------------------------- the section


def test_the_requests_section_is_on_the_card_only_for_roles_that_handle_requests(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    _user(ui_vault, "sam", "service")
    _user(ui_vault, "sally", "sales")
    folder = ui_vault.folder
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    window.open_card(customer_id(ui_vault, "王芳"))
    assert window.card.section(RequestsSection) is not None
    owner_section = window.card.section(RequestsSection)
    assert owner_section.add_hold_button.isVisibleTo(owner_section)  # the owner may erase
    window.lock()
    ui_vault.lock()
    for name, has_section, may_hold in (("sam", True, False), ("sally", False, False)):
        vault = Vault.unlock(folder, name, f"{name}-pass-1234")
        try:
            other = make_window(qtbot, vault, settings, inline_runner)
            other.open_card(1)
            section = other.card.section(RequestsSection)
            assert (section is not None) == has_section, name
            if section is not None:
                assert section.add_hold_button.isVisibleTo(section) == may_hold
            other.lock()
        finally:
            vault.lock()


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_a_new_request_is_registered_for_the_customer_from_the_card(
    qtbot, ui_vault, settings, request, runner_name
) -> None:
    window = make_window(qtbot, ui_vault, settings, request.getfixturevalue(runner_name))
    cid = customer_id(ui_vault, "李娜")
    section = open_requests_tab(qtbot, window, cid)
    click(qtbot, section.new_button)
    new = section.new_dialog
    qtbot.waitUntil(lambda: new.isVisible())
    assert new.customer.text() == str(cid)
    type_text(qtbot, new.requester, "李娜")
    qtbot.keyClick(new.requester, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1)
    (made,) = requests.list_requests(ui_vault, ui_vault.actor, customer_id=cid)
    assert made.requester == "李娜" and section.table.item(0, 0).text() == made.reference
    assert made.reference in section.message.text()


def test_a_correction_from_a_correct_request_is_saved_through_the_card_and_recorded_on_the_request(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    cid = customer_id(ui_vault, "王芳")
    fix = _verified(ui_vault, "correct", cid)
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    section = open_requests_tab(qtbot, window, cid)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1)
    section.table.selectRow(0)
    assert section.correct_button.isVisible() and section.correct_button.isEnabled()
    click(qtbot, section.correct_button)
    details = window.card.section(DetailsSection)
    assert window.card.tabs.currentWidget() is details
    editor = details.editor
    assert editor.correction == fix.id and editor.correction_note.isVisible()
    assert fix.reference in editor.correction_note.text()
    phone = editor.widget("phone")
    phone.selectAll()
    qtbot.keyClicks(phone, "13911112222")
    qtbot.keyClick(phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: customers.get(ui_vault, ui_vault.actor, cid).get("phone") == "13911112222")
    stored = requests.get(ui_vault, ui_vault.actor, fix.id)
    corrected = [e for e in stored.events if e.kind == "corrected"]
    assert [e.details["fields"] for e in corrected] == [["phone"]]
    entry = next(e for e in ui_vault.audit().entries() if e.action == "request.correct")
    assert entry.details == {"customer": cid, "fields": ["phone"]}
    # The next save is an ordinary edit again.
    qtbot.waitUntil(lambda: window.card.editor is not None and window.card.editor.correction is None)
    # The request's actions show the correction, in the requests window opened from the card.
    section = window.card.show_section(RequestsSection)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1)
    section.table.selectRow(0)
    dialog = section.open_in_window()
    qtbot.waitUntil(lambda: "Corrected on the card: phone" in dialog.actions_view.toPlainText())
    assert dialog.selected().id == fix.id


def test_a_correct_request_without_a_verified_identity_cannot_be_corrected_on_the_card(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    cid = customer_id(ui_vault, "王芳")
    requests.add(ui_vault, ui_vault.actor, type="correct", requester="王芳", customer_id=cid)
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    section = open_requests_tab(qtbot, window, cid)
    section.table.selectRow(0)
    assert section.correct_button.isVisible() and not section.correct_button.isEnabled()


def test_restricting_from_the_card_shows_the_banner_and_lifting_needs_a_reason(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    cid = customer_id(ui_vault, "王芳")
    _verified(ui_vault, "restrict", cid)
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    section = open_requests_tab(qtbot, window, cid)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1)
    assert not window.card.restriction_banner.isVisible()
    section.table.selectRow(0)
    click(qtbot, section.restrict_button)
    qtbot.waitUntil(lambda: window.card.restriction_banner.isVisible())
    assert "Processing restricted at the customer's request" in window.card.restriction_banner.text()
    qtbot.waitUntil(lambda: section.lift_button.isVisible())
    assert restrictions.in_force(ui_vault.connection()) == {cid}
    click(qtbot, section.lift_button)
    lift = section.lift_dialog
    qtbot.waitUntil(lambda: lift.isVisible())
    assert "audit log" in lift.findChild(type(lift.error), "auditTextWarning").text()
    qtbot.keyClick(lift.reason, Qt.Key.Key_Return)  # no reason: refused, the dialog stays
    qtbot.waitUntil(lambda: lift.error.text() != "" and lift.isVisible())
    assert restrictions.in_force(ui_vault.connection()) == {cid}
    type_text(qtbot, lift.reason, "客户来电撤回限制")
    qtbot.keyClick(lift.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.card.restriction_banner.isVisible())
    assert restrictions.in_force(ui_vault.connection()) == set()
    (lifted,) = restrictions.for_customer(ui_vault, ui_vault.actor, cid)
    assert lifted.lift_reason == "客户来电撤回限制"


def test_a_sales_user_sees_the_restriction_banner_without_a_requests_tab(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    cid = customer_id(ui_vault, "李娜")
    requests.restrict(ui_vault, ui_vault.actor, _verified(ui_vault, "restrict", cid).id)
    _user(ui_vault, "sally", "sales")
    folder = ui_vault.folder
    ui_vault.lock()
    sally = Vault.unlock(folder, "sally", "sally-pass-1234")
    try:
        window = make_window(qtbot, sally, settings, inline_runner)
        window.open_card(cid)
        assert window.card.section(RequestsSection) is None
        assert window.card.restriction_banner.isVisible()
        window.open_card(customer_id(sally, "王芳"))
        assert not window.card.restriction_banner.isVisible()
        window.lock()
        assert window.card.restriction_banner.text() == ""
    finally:
        sally.lock()


def test_a_legal_hold_is_placed_listed_and_released_from_the_card(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    cid = customer_id(ui_vault, "王芳")
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    section = open_requests_tab(qtbot, window, cid)
    click(qtbot, section.add_hold_button)
    dialog = section.hold_dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert dialog.warning.isVisible() and "erased" in dialog.warning.text()
    type_text(qtbot, dialog.reason, "发票记录：会计档案管理办法")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no field ticked: refused, nothing lost
    qtbot.waitUntil(lambda: dialog.error.text() != "" and dialog.isVisible())
    assert dialog.reason.text() == "发票记录：会计档案管理办法"
    dialog.check("phone")
    dialog.until.selectAll()
    qtbot.keyClicks(dialog.until, "2031-12-31")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section.holds_table.rowCount() == 1)
    (hold,) = holds.for_customer(ui_vault, ui_vault.actor, cid)
    assert hold.fields == ("phone",) and hold.until == "2031-12-31" and hold.reason.startswith("发票")
    assert section.holds_table.item(0, 3).text() == "In force"
    section.holds_table.selectRow(0)
    click(qtbot, section.release_button)
    qtbot.waitUntil(lambda: section.holds_table.item(0, 3).text() == "Released")
    assert holds.get(ui_vault, ui_vault.actor, hold.id).released_at is not None


# ------------------------------------------------------------------------------- warnings, deadlines


def test_the_reveal_dialog_warns_that_its_reason_outlives_erasure(qtbot) -> None:
    dialog = RevealDialog("Phone")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning.isVisible()
    assert "Don't type the customer's personal data here" in dialog.warning.text()
    assert "after the customer is erased" in dialog.warning.text()


def test_deadline_settings_are_changed_from_the_requests_window(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    window.feature(RequestsFeature).action_requests.trigger()
    dialog = window.findChild(RequestsDialog)
    assert dialog.deadlines_button.isVisible()
    click(qtbot, dialog.deadlines_button)
    settings_dialog = dialog.deadlines_dialog
    qtbot.waitUntil(lambda: settings_dialog.isVisible())
    regime = settings_dialog.regime
    regime.setFocus()
    qtbot.keyClick(regime, Qt.Key.Key_Down)
    assert regime.currentData() == deadlines.GDPR
    soon = settings_dialog.spins["due_soon_days"]
    soon.selectAll()
    qtbot.keyClicks(soon, "7")
    qtbot.keyClick(soon, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not settings_dialog.isVisible())
    stored = deadlines.load(ui_vault.connection())
    assert (stored.regime, stored.due_soon_days) == (deadlines.GDPR, 7)
    assert "saved" in dialog.note.text()


def test_a_manager_without_edit_policy_is_refused_by_the_core_and_keeps_what_was_typed(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    _user(ui_vault, "mia", "manager")
    folder = ui_vault.folder
    ui_vault.lock()
    mia = Vault.unlock(folder, "mia", "mia-pass-1234")
    try:
        assert not access.access_for(mia, mia.actor).allows("edit_policy")
        dialog = RequestsDialog(mia, inline_runner)
        qtbot.addWidget(dialog)
        assert not dialog.deadlines_button.isVisibleTo(dialog)
        settings_dialog = dialog.open_deadlines()
        settings_dialog.spins["prc_working_days"].setValue(10)
        click(qtbot, settings_dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        assert "may not" in settings_dialog.error.text() and settings_dialog.isVisible()
        assert settings_dialog.spins["prc_working_days"].value() == 10
        assert deadlines.load(mia.connection()).prc_working_days == 15
    finally:
        mia.lock()


def test_restrict_from_the_requests_window_runs_on_the_thread_pool(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    cid = customer_id(ui_vault, "王芳")
    req = _verified(ui_vault, "restrict", cid)
    dialog = RequestsDialog(ui_vault, thread_runner, select_request=req.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.selected() is not None)
    assert dialog.restrict_button.isVisible() and dialog.restrict_button.isEnabled()
    click(qtbot, dialog.restrict_button)
    qtbot.waitUntil(lambda: "restricted" in dialog.note.text())
    qtbot.waitUntil(lambda: "Processing restricted" in dialog.actions_view.toPlainText())
    assert restrictions.in_force(ui_vault.connection()) == {cid}
