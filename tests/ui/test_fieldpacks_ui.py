"""Field packs in the desktop app: a pack opened in field mode (banner, offline work only, consent
with a signature and its receipt), an expired pack that shows nobody, and the office's Field packs
window — prepare, the packs still out, declare lost, merge after a dry run's summary, and the
review queue — driven through the keyboard and mouse with the real thread pool where work runs
off the GUI thread. What was stored is checked through the core (app/fieldpack.py, customers)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from app import consent, customers, fieldpack, users
from app.errors import PermissionDeniedError
from app.vault import Vault
from tests.consent_helpers import add_text
from ui import fieldpacks as fieldpacks_mod
from ui.backup import BackupFeature
from ui.consent_card import ConsentSection
from ui.consent_feature import ConsentFeature
from ui.export_feature import ExportFeature
from ui.fieldpacks import FieldPacksDialog, FieldPacksFeature, PrepareDialog
from ui.main import Launcher
from ui.main_window import MainWindow
from ui.signin import SignInDialog
from ui.tasks import InlineTaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")

FIELD_USER = "小李"
FIELD_PASSWORD = "field-pass-12"


@pytest.fixture(autouse=True)
def english_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def office(ui_vault: Vault) -> Vault:
    """The UI vault with a consent notice and a field user who visits customers."""
    add_text(ui_vault, ui_vault.actor)
    users.add(ui_vault, ui_vault.actor, FIELD_USER, FIELD_PASSWORD, "field")
    users.reset_password(ui_vault, ui_vault.actor, FIELD_USER, FIELD_PASSWORD, must_change=False)
    return ui_vault


def customer_id(vault: Vault, name: str) -> int:
    return next(c.id for c in customers.CustomerView(vault, vault.actor) if c.name == name)


def prepare(office: Vault, tmp_path: Path, names: tuple[str, ...] = ("王芳", "李娜"), **kw) -> Path:
    out = tmp_path / "小李.custospack"
    ids = [customer_id(office, n) for n in names]
    fieldpack.prepare(office, office.actor, FIELD_USER, out, ids=ids, **kw)
    return out


def make_window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def row_of(window: MainWindow, name: str) -> int:
    model = window.model
    column = model.column_of("name")
    return next(r for r in range(model.rowCount()) if model.data(model.index(r, column)) == name)


def select(qtbot, window: MainWindow, name: str) -> None:
    rect = window.table.visualRect(window.model.index(row_of(window, name), 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def ok_button(box: QMessageBox):
    return box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


# ---------------------------------------------------------------------- field mode


def test_a_pack_opens_in_field_mode_with_the_banner_and_only_offline_work(
    qtbot, office, settings, thread_runner, tmp_path
) -> None:
    path = prepare(office, tmp_path)
    pack = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        window = make_window(qtbot, pack, settings, thread_runner)
        assert window.field_mode
        assert window.field_banner.isVisible()
        title = window.field_banner_title.text()
        assert title.startswith(f"Field pack for {FIELD_USER} — offline — expires ")
        assert window.windowTitle() == f"Field pack for {FIELD_USER} — Custos"
        assert window.folder_label.text() == f"Field pack: {path}"
        # Office work is not offered at all; what a pack does offline is.
        hidden = [
            window.feature(BackupFeature).actions[0].action,
            window.feature(ExportFeature).action_export,
            window.feature(FieldPacksFeature).action_packs,
            window.action_delete,
            window.action_password,
        ]
        assert not any(a.isVisible() or a.isEnabled() for a in hidden)
        assert window.action_new.isEnabled()
        assert window.feature(ConsentFeature).action_record.isVisible()
        tools = [a for a in window.menu_tools.actions() if not a.isSeparator() and a.isVisible()]
        assert tools == []  # fields, users, roles, audit, partners, requests, packs: office only
        # Search works offline, as in the office: type, and only the match stays.
        qtbot.waitUntil(lambda: window.model.rowCount() == 2)
        qtbot.keyClicks(window.search_box, "wang")
        qtbot.waitUntil(lambda: window.model.rowCount() == 1)
        assert window.model.customer(0).name == "王芳"
        # The card shows Details and Consent; sharing and history belong to the office.
        qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.card.editor is not None)
        assert [window.card.tabs.tabText(i) for i in range(window.card.tabs.count())] == [
            "Details",
            "Consent",
        ]
        window.lock()
        assert not window.field_banner.isVisible() and window.windowTitle() == "Custos"
    finally:
        pack.lock()


def test_the_banner_is_what_a_screenshot_of_field_mode_shows_first(
    qtbot, office, settings, inline_runner, tmp_path
) -> None:
    path = prepare(office, tmp_path)
    pack = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        window = make_window(qtbot, pack, settings, inline_runner)
        qtbot.waitUntil(lambda: window.model.rowCount() == 2)
        shot = window.grab().toImage()
        banner = window.field_banner
        top_left = banner.mapTo(window, banner.rect().topLeft())
        # Inside the border, left of the text: the banner's amber, above the search box and list.
        assert shot.pixelColor(top_left.x() + 4, top_left.y() + banner.height() // 2).name() == "#fff4e0"
        assert top_left.y() < window.search_box.mapTo(window, window.search_box.rect().topLeft()).y()
        text = window.field_banner_title.grab().toImage()
        assert any(  # the title is drawn in the banner's dark brown, not left blank
            text.pixelColor(x, y).name() != "#fff4e0"
            for x in range(0, text.width(), 3)
            for y in range(0, text.height(), 3)
        )
    finally:
        pack.lock()


def test_a_pack_saved_meanwhile_by_another_window_is_not_overwritten_and_the_window_says_so(
    qtbot, office, settings, inline_runner, tmp_path
) -> None:
    path = prepare(office, tmp_path)
    here = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    other = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    customers.update(other, other.actor, customer_id(other, "李娜"), {"phone": "15000001111"})
    other.lock()  # the other window saved first
    window = make_window(qtbot, here, settings, inline_runner)
    customers.update(here, here.actor, customer_id(here, "王芳"), {"phone": "13800002222"})
    window.close()  # quitting writes the pack back: refused, so the window stays and says why
    assert window.isVisible() and window.is_locked
    assert window.locked_error.isVisible()
    assert "changed by another window or command" in window.locked_error.text()
    again = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:  # the other window's change is kept; this one's was not written over it
        assert customers.get(again, again.actor, customer_id(again, "李娜")).get("phone") == "15000001111"
        assert customers.get(again, again.actor, customer_id(again, "王芳")).get("phone") == "13812345678"
    finally:
        again.lock()
    window.close()  # locked now: it closes
    assert not window.isVisible()


def test_the_office_vault_shows_no_field_banner(qtbot, office, settings, inline_runner) -> None:
    window = make_window(qtbot, office, settings, inline_runner)
    assert not window.field_mode and not window.field_banner.isVisible()
    assert window.feature(FieldPacksFeature).action_packs.isVisible()


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_customers_added_and_consent_signed_in_the_field_are_in_the_pack_with_a_receipt(
    qtbot, office, settings, tmp_path, monkeypatch, request, runner_name
) -> None:
    from tests.ui.test_consent_ui import choose, pdf_text, sign

    runner = request.getfixturevalue(runner_name)
    path = prepare(office, tmp_path)
    pack = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    window = make_window(qtbot, pack, settings, runner)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    # Ctrl+N adds a customer in the field.
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editors[-1]
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClicks(editor.widget("name"), "Zhao Liu")
    qtbot.keyClicks(editor.widget("phone"), "13612345678")
    qtbot.keyClick(editor.widget("phone"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
    window.activateWindow()  # offscreen, closing the modal editor activates no window by itself
    qtbot.waitUntil(window.isActiveWindow)
    # Consent with a signature drawn on the pad, then the customer's receipt as a PDF.
    select(qtbot, window, "Zhao Liu")
    window.table.setFocus()
    qtbot.keyClick(
        window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    section = window.card.section(ConsentSection)
    qtbot.waitUntil(lambda: section.record_dialog is not None and section.record_dialog.isVisible())
    dialog = section.record_dialog
    choose(qtbot, dialog.decisions["marketing"], consent.GIVEN)
    sign(qtbot, dialog.pad)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section.record_dialog is None, timeout=5000)
    qtbot.waitUntil(lambda: section.history_table.rowCount() == 1, timeout=5000)
    section.history_table.selectRow(0)
    receipt = tmp_path / "receipt.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(receipt), "")))
    qtbot.mouseClick(section.receipt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receipt.exists() and not section.printing, timeout=15000)
    assert "Consent receipt" in pdf_text(receipt)
    added = customer_id(pack, "Zhao Liu")
    assert (
        next(s.state for s in consent.status(pack, pack.actor, added) if s.purpose == "marketing") == "given"
    )
    window.lock()  # writes the pack file back

    # Back in the office, the dry run sees the new customer and the consent record.
    report = fieldpack.merge(office, office.actor, path, dry_run=True)
    assert len(report.new) == 1 and report.consents_added == 1


def test_the_sign_in_dialog_opens_a_pack_with_the_field_users_own_password(
    qtbot, office, settings, thread_runner, tmp_path
) -> None:
    path = prepare(office, tmp_path)
    dialog = SignInDialog(path, settings, thread_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.is_pack and dialog.title.text() == "Sign in to a field pack"
    assert dialog.user_combo.currentText() == FIELD_USER
    assert not dialog.automatic_check.isEnabled() and not dialog.forgot_button.isVisible()
    qtbot.keyClicks(dialog.password_edit, "wrong-password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.message.text() != "", timeout=10000)
    assert dialog.vault is None and dialog.password_edit.text() == ""
    qtbot.keyClicks(dialog.password_edit, FIELD_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.vault is not None, timeout=10000)
    try:
        assert fieldpack.is_field_mode(dialog.vault)
    finally:
        dialog.vault.lock()


def test_custos_vault_pack_signs_in_to_field_mode_and_locking_asks_for_the_pack_again(
    qtbot, office, settings, thread_runner, tmp_path
) -> None:
    path = prepare(office, tmp_path)
    launcher = Launcher(settings, thread_runner, None, folder=path)
    launcher.start()
    dialog = launcher.signin
    assert dialog is not None and dialog.is_pack and dialog.user_combo.currentText() == FIELD_USER
    qtbot.waitUntil(lambda: not dialog.busy)
    qtbot.keyClicks(dialog.password_edit, FIELD_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=10000)
    window = launcher.window
    qtbot.addWidget(window)
    try:
        assert window.field_mode and window.field_banner.isVisible()
        qtbot.waitUntil(lambda: window.model.rowCount() == 2)
        window.lock()  # writes the pack back, then signs in to the pack again, not a folder
        relock = launcher.signin
        assert relock is not None and relock.is_pack and relock.folder == path
        qtbot.keyClicks(relock.password_edit, FIELD_PASSWORD)
        qtbot.keyClick(relock.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: launcher.signin is None and not window.is_locked, timeout=10000)
        assert window.field_mode and window.field_banner.isVisible()
    finally:
        launcher.shutdown()
        window.close()


def test_a_feature_added_later_is_office_only_unless_it_says_it_works_offline(
    qtbot, office, settings, inline_runner, tmp_path, monkeypatch
) -> None:
    from tests.ui.test_main_window_menus import ExampleFeature
    from ui import main_window as main_window_mod

    monkeypatch.setattr(main_window_mod, "FEATURES", (*main_window_mod.FEATURES, ExampleFeature))
    path = prepare(office, tmp_path)
    pack = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        window = make_window(qtbot, pack, settings, inline_runner)
        example = window.feature(ExampleFeature)
        assert not example.action_export.isVisible() and not example.action_export.isEnabled()
        select(qtbot, window, "李娜")
        assert not example.action_history.isEnabled()  # even with a customer selected
    finally:
        pack.lock()


class _Later(datetime):
    """The clock a month on: every pack prepared today has expired."""

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz or UTC) + timedelta(days=31)


def test_an_expired_pack_only_says_to_bring_it_back_and_shows_no_customer(
    qtbot, office, settings, tmp_path, monkeypatch
) -> None:
    path = prepare(office, tmp_path)
    monkeypatch.setattr(fieldpack, "datetime", _Later)
    launcher = Launcher(settings, InlineTaskRunner(), None, folder=path)
    exits: list[int] = []
    launcher.exit_requested.connect(exits.append)
    launcher.start()
    box = launcher.error_box
    assert box is not None and box.objectName() == "packExpired" and box.isVisible()
    assert "expired on" in box.text() and "bring it back to the office" in box.text()
    assert launcher.signin is None and launcher.window is None  # no password asked, nobody shown
    qtbot.mouseClick(ok_button(box), Qt.MouseButton.LeftButton)
    assert exits == [0]
    # Chosen from the sign-in dialog instead, it is refused before any password is typed.
    dialog = SignInDialog(office.folder, settings, InlineTaskRunner())
    qtbot.addWidget(dialog)
    dialog.open_path(path)
    assert "bring it back to the office" in dialog.message.text()
    qtbot.keyClicks(dialog.password_edit, FIELD_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.vault is None and "expired on" in dialog.message.text()


# ---------------------------------------------------------------------- the office window


def open_packs(qtbot, window: MainWindow) -> FieldPacksDialog:
    window.feature(FieldPacksFeature).action_packs.trigger()
    dialog = window.findChild(FieldPacksDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.loading)
    return dialog


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_a_pack_is_prepared_from_the_keyboard_off_the_gui_thread_and_listed(
    qtbot, office, settings, tmp_path, monkeypatch, request, runner_name
) -> None:
    threads: list[bool] = []
    real = fieldpack.prepare

    def watched(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(fieldpack, "prepare", watched)
    window = make_window(qtbot, office, settings, request.getfixturevalue(runner_name))
    dialog = open_packs(qtbot, window)
    assert dialog.model.rowCount() == 0 and dialog.empty.text() == "No field pack is out."
    qtbot.mouseClick(dialog.prepare_button, Qt.MouseButton.LeftButton)
    prep = dialog.prepare_dialog
    qtbot.waitUntil(prep.isVisible)
    prep.user.setCurrentText(FIELD_USER)
    qtbot.keyClicks(prep.tag, "vip")  # typing a tag chooses "With the tag"
    assert prep.tag_radio.isChecked()
    out = tmp_path / "pack.custospack"
    prep.out.clear()
    qtbot.keyClicks(prep.out, str(out))
    qtbot.keyClick(prep.out, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: prep.result_pack is not None, timeout=15000)
    assert out.exists() and fieldpack.is_pack(out)
    assert threads == [runner_name == "inline_runner"]
    assert "holds 1 customers" in prep.message.text()
    assert prep.bar.maximum() == 1 and prep.bar.value() == 1  # the progress reached every customer
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert [dialog.model.data(dialog.model.index(0, c)) for c in (0, 4, 5)] == [FIELD_USER, "1", "Out"]
    [listed] = fieldpack.outstanding(office, office.actor)
    assert listed.user == FIELD_USER and listed.customers == 1


def test_cancel_stops_a_prepare_running_on_the_thread_pool_and_leaves_no_pack(
    qtbot, office, settings, thread_runner, tmp_path, monkeypatch
) -> None:
    pressed = threading.Event()
    real = fieldpack.prepare

    def after_cancel(*args, **kwargs):
        pressed.wait(10)  # the copy is under way when the person presses Cancel
        return real(*args, **kwargs)

    monkeypatch.setattr(fieldpack, "prepare", after_cancel)
    window = make_window(qtbot, office, settings, thread_runner)
    prep = open_packs(qtbot, window).open_prepare()
    prep.user.setCurrentText(FIELD_USER)
    out = tmp_path / "cancelled.custospack"
    prep.out.setText(str(out))
    qtbot.keyClick(prep.out, Qt.Key.Key_Return)
    assert prep.busy and prep.bar.isVisible() and not prep.prepare_button.isEnabled()
    qtbot.keyClick(prep, Qt.Key.Key_Escape)  # Escape is Cancel: it stops the work, not the dialog
    assert prep.isVisible() and prep.message.text() == "Cancelling…"
    pressed.set()
    qtbot.waitUntil(lambda: not prep.busy, timeout=15000)
    assert prep.message.text() == "Cancelled: no pack was written."
    assert not out.exists() and list(tmp_path.glob("*.part")) == []
    assert fieldpack.outstanding(office, office.actor, all_packs=True) == []
    qtbot.keyClick(prep, Qt.Key.Key_Escape)  # now it closes
    qtbot.waitUntil(lambda: not prep.isVisible())


def test_preparing_asks_for_what_is_missing_and_keeps_what_was_typed(
    qtbot, office, settings, inline_runner, tmp_path
) -> None:
    window = make_window(qtbot, office, settings, inline_runner)
    dialog = open_packs(qtbot, window)
    prep = dialog.open_prepare()
    prep.user.setCurrentText(FIELD_USER)
    qtbot.mouseClick(prep.tag_radio, Qt.MouseButton.LeftButton)
    qtbot.keyClick(prep.days, Qt.Key.Key_Return)
    assert prep.message.text() == "Type the tag whose customers go into the pack."
    assert prep.isVisible() and prep.user.currentText() == FIELD_USER
    # A file that exists already is the core's refusal, shown as one message; nothing is written.
    taken = tmp_path / "taken.custospack"
    taken.write_bytes(b"keep me")
    qtbot.mouseClick(prep.none_radio, Qt.MouseButton.LeftButton)
    prep.out.setText(str(taken))
    qtbot.keyClick(prep.out, Qt.Key.Key_Return)
    assert "already exists" in prep.message.text()
    assert taken.read_bytes() == b"keep me" and fieldpack.outstanding(office, office.actor) == []


def test_prepare_for_the_selected_customer_takes_them_from_the_list(
    qtbot, office, settings, inline_runner, tmp_path
) -> None:
    window = make_window(qtbot, office, settings, inline_runner)
    action = window.feature(FieldPacksFeature).action_prepare_selected
    assert not action.isEnabled()  # nobody selected yet
    select(qtbot, window, "李娜")
    assert action.isEnabled()
    action.trigger()
    prep = window.findChild(PrepareDialog)
    assert prep is not None and prep.selection_radio.isChecked()
    assert prep.selection_radio.text() == "The customer selected in the list"
    prep.user.setCurrentText(FIELD_USER)
    prep.out.setText(str(tmp_path / "one.custospack"))
    qtbot.mouseClick(prep.prepare_button, Qt.MouseButton.LeftButton)
    assert prep.result_pack is not None and prep.result_pack.customers == 1
    pack = fieldpack.open_pack(tmp_path / "one.custospack", FIELD_USER, FIELD_PASSWORD)
    try:
        assert [c.name for c in customers.CustomerView(pack, pack.actor)] == ["李娜"]
    finally:
        pack.lock()


def test_declaring_a_pack_lost_asks_first_and_opens_an_incident(
    qtbot, office, settings, thread_runner, tmp_path
) -> None:
    prepare(office, tmp_path)
    window = make_window(qtbot, office, settings, thread_runner)
    dialog = open_packs(qtbot, window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.lost_button.isEnabled()
    qtbot.mouseClick(dialog.lost_button, Qt.MouseButton.LeftButton)
    box = dialog.lost_box
    assert f"Declare the field pack of {FIELD_USER}" in box.text() and "2 customers" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()  # changing one's mind changes nothing
    assert fieldpack.outstanding(office, office.actor)[0].status == "out"
    qtbot.mouseClick(dialog.lost_button, Qt.MouseButton.LeftButton)
    box = dialog.lost_box
    next(b for b in box.buttons() if b.text() == "Declare lost").click()
    qtbot.waitUntil(lambda: "declared lost" in dialog.message.text(), timeout=10000)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    [lost] = fieldpack.outstanding(office, office.actor, all_packs=True)
    assert lost.status == "lost" and lost.incident_id is not None
    assert f"incident {lost.incident_id}" in dialog.message.text()


def field_work(path: Path) -> None:
    """On the laptop: 王芳's phone and e-mail corrected, 李娜's phone corrected, a new customer."""
    pack = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        actor = pack.actor
        wang = customer_id(pack, "王芳")
        li = customer_id(pack, "李娜")
        customers.update(pack, actor, wang, {"phone": "13811112222", "email": "wf@field.cn"})
        customers.update(pack, actor, li, {"phone": "15099998888"})
        customers.create(pack, actor, {"name": "赵六", "phone": "13698765432"})
    finally:
        pack.lock()


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_merge_shows_the_dry_run_first_then_merges_and_the_queue_settles_conflicts(
    qtbot, office, settings, tmp_path, request, runner_name
) -> None:
    path = prepare(office, tmp_path)
    field_work(path)
    wang, li = customer_id(office, "王芳"), customer_id(office, "李娜")
    customers.update(office, office.actor, wang, {"phone": "13833334444"})  # both changed: a conflict
    customers.update(office, office.actor, li, {"phone": "15077776666"})  # both changed: a conflict
    window = make_window(qtbot, office, settings, request.getfixturevalue(runner_name))
    packs = open_packs(qtbot, window)
    merge = packs.open_merge(str(path))
    qtbot.waitUntil(lambda: merge.report is not None and not merge.busy, timeout=15000)
    # The dry run changed nothing; its summary is what merging would do.
    assert customers.get(office, office.actor, wang).get("email") == "wangfang@example.cn"
    assert merge.counts["newCustomers"].text() == "1"
    assert merge.counts["editsTaken"].text() == "1"
    assert merge.counts["conflicts"].text() == "2"
    assert merge.merge_button.isEnabled() and f"The pack of {FIELD_USER}" in merge.state.text()
    qtbot.keyClick(merge, Qt.Key.Key_Return)  # Enter merges
    qtbot.waitUntil(lambda: merge.done_merging, timeout=15000)
    assert merge.heading.text() == "Field pack merged" and merge.review_button.isVisible()
    assert customers.get(office, office.actor, wang).get("email") == "wf@field.cn"
    assert customers.get(office, office.actor, wang).get("phone") == "13833334444"  # office kept meanwhile
    assert any(c.name == "赵六" for c in customers.CustomerView(office, office.actor))

    qtbot.mouseClick(merge.review_button, Qt.MouseButton.LeftButton)
    queue = packs.conflicts_dialog
    qtbot.waitUntil(lambda: queue is not None and queue.model.rowCount() == 2, timeout=10000)
    first = queue.model.row_at(0)
    assert (first.customer, first.field, first.base, first.office, first.field_value) == (
        "王芳",
        "Phone",
        "13812345678",
        "13833334444",
        "13811112222",
    )
    assert queue.base_value.text() == "13812345678" and queue.field_value.text() == "13811112222"
    qtbot.mouseClick(queue.take_field, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=10000)
    assert customers.get(office, office.actor, wang).get("phone") == "13811112222"
    # The second, 李娜's phone: neither value is right; the right one is typed.
    assert queue.model.row_at(0).customer == "李娜" and queue.selected() is queue.model.row_at(0)
    queue.typed.selectAll()
    qtbot.keyClicks(queue.typed, "15055556666")
    qtbot.keyClick(queue.typed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0, timeout=10000)
    assert customers.get(office, office.actor, li).get("phone") == "15055556666"
    assert queue.empty.isVisible() and fieldpack.list_conflicts(office, office.actor) == []

    # Merging the same pack again: the dry run says so and nothing can be merged.
    again = packs.open_merge(str(path))
    qtbot.waitUntil(lambda: again.report is not None and not again.busy, timeout=15000)
    assert "already merged" in again.state.text() and not again.merge_button.isEnabled()


def test_keeping_the_office_value_in_the_queue_leaves_the_vault_as_it_is(
    qtbot, office, settings, thread_runner, tmp_path
) -> None:
    path = prepare(office, tmp_path, names=("王芳",))
    field_work_wang = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    customers.update(
        field_work_wang, field_work_wang.actor, customer_id(field_work_wang, "王芳"), {"phone": "13811112222"}
    )
    field_work_wang.lock()
    wang = customer_id(office, "王芳")
    customers.update(office, office.actor, wang, {"phone": "13833334444"})
    fieldpack.merge(office, office.actor, path)
    window = make_window(qtbot, office, settings, thread_runner)
    queue = open_packs(qtbot, window).open_conflicts()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=10000)
    qtbot.mouseClick(queue.take_office, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0, timeout=10000)
    assert customers.get(office, office.actor, wang).get("phone") == "13833334444"
    [settled] = fieldpack.list_conflicts(office, office.actor, include_resolved=True)
    assert settled.status == "resolved"


def test_a_new_customer_who_may_already_be_here_is_decided_in_the_queue(
    qtbot, office, settings, thread_runner, tmp_path
) -> None:
    path = prepare(office, tmp_path, names=("李娜",))
    pack = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    customers.create(pack, pack.actor, {"name": "王芳芳", "phone": "13812345678"})  # 王芳's phone
    customers.create(pack, pack.actor, {"name": "钱七", "phone": "13500001234"})
    pack.lock()
    window = make_window(qtbot, office, settings, thread_runner)
    packs = open_packs(qtbot, window)
    merge = packs.open_merge(str(path))
    qtbot.waitUntil(lambda: merge.report is not None and not merge.busy, timeout=15000)
    assert merge.counts["newCustomers"].text() == "1" and merge.counts["duplicates"].text() == "1"
    assert merge.counts["duplicates"].isVisible() and not merge.counts["discardedErased"].isVisible()
    qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: merge.done_merging, timeout=15000)
    qtbot.mouseClick(merge.review_button, Qt.MouseButton.LeftButton)
    queue = packs.conflicts_dialog
    qtbot.waitUntil(lambda: queue is not None and queue.model.rowCount() == 1, timeout=10000)
    item = queue.model.row_at(0)
    assert item.is_new_customer and item.customer == "王芳芳"
    assert item.office == f"王芳 (#{customer_id(office, '王芳')})" and "13812345678" in item.field_value
    assert queue.take_field.text() == "Someone else: add as a new customer"
    assert not queue.typed.isEnabled()  # one decision, not a value
    qtbot.mouseClick(queue.take_field, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0, timeout=10000)
    names = [c.name for c in customers.CustomerView(office, office.actor)]
    assert "王芳芳" in names and "钱七" in names and names.count("王芳") == 1


def test_a_pack_from_another_vault_is_refused_with_one_message_and_nothing_merges(
    qtbot, office, settings, thread_runner, tmp_path
) -> None:
    other, _code = Vault.create(
        tmp_path / "other", owner="Other", password="other-pass-1", business_name="别家"
    )
    try:
        users.add(other, other.actor, FIELD_USER, FIELD_PASSWORD, "field")
        customers.create(other, other.actor, {"name": "外人"})
        foreign = tmp_path / "foreign.custospack"
        fieldpack.prepare(other, other.actor, FIELD_USER, foreign)
    finally:
        other.lock()
    window = make_window(qtbot, office, settings, thread_runner)
    merge = open_packs(qtbot, window).open_merge(str(foreign))
    qtbot.waitUntil(lambda: not merge.busy and merge.message.text() != "", timeout=15000)
    assert merge.message.kind == "error" and not merge.merge_button.isEnabled()
    assert not merge.summary.isVisible()
    assert all(c.name != "外人" for c in customers.CustomerView(office, office.actor))


def test_a_field_user_on_the_office_vault_gets_no_field_packs_window_and_the_core_refuses(
    qtbot, office, settings, inline_runner, tmp_path
) -> None:
    folder = office.folder
    office.lock()
    field = Vault.unlock(folder, FIELD_USER, FIELD_PASSWORD)
    try:
        window = make_window(qtbot, field, settings, inline_runner)
        feature = window.feature(FieldPacksFeature)
        assert not feature.action_packs.isVisible() and not feature.action_packs.isEnabled()
        assert not feature.action_prepare_selected.isVisible()
        assert feature.open_packs() is None and window.findChild(FieldPacksDialog) is None
        with pytest.raises(PermissionDeniedError):
            fieldpack.prepare(field, field.actor, FIELD_USER, tmp_path / "mine.custospack")
        assert not (tmp_path / "mine.custospack").exists()
    finally:
        window.lock()


def test_a_manager_who_only_merges_sees_the_list_but_not_prepare(
    qtbot, office, settings, inline_runner, tmp_path
) -> None:
    from app import access

    access.set_permissions(
        office,
        office.actor,
        "manager",
        sorted(access.DEFAULT_PERMISSIONS["manager"] - {fieldpacks_mod.PREPARE}),
    )
    users.add(office, office.actor, "mgr", "manager-pass-1", "manager")
    users.reset_password(office, office.actor, "mgr", "manager-pass-1", must_change=False)
    folder = office.folder
    office.lock()
    manager = Vault.unlock(folder, "mgr", "manager-pass-1")
    try:
        window = make_window(qtbot, manager, settings, inline_runner)
        dialog = open_packs(qtbot, window)
        assert not dialog.prepare_button.isVisible() and not dialog.lost_button.isVisible()
        assert dialog.merge_button.isVisible() and dialog.open_prepare() is None
    finally:
        window.lock()


def test_the_merge_runs_off_the_gui_thread(
    qtbot, office, settings, thread_runner, tmp_path, monkeypatch
) -> None:
    path = prepare(office, tmp_path)
    field_work(path)
    threads: list[bool] = []
    real = fieldpack.merge

    def watched(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(fieldpack, "merge", watched)
    window = make_window(qtbot, office, settings, thread_runner)
    merge = open_packs(qtbot, window).open_merge(str(path))
    qtbot.waitUntil(lambda: merge.report is not None and not merge.busy, timeout=15000)
    qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    assert merge.busy and not merge.close_button.isEnabled()  # busy while the worker merges
    qtbot.waitUntil(lambda: merge.done_merging, timeout=15000)
    assert threads == [False, False]  # the dry run and the merge both ran on the pool
    QApplication.processEvents()
