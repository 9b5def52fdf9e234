"""Consent in the desktop app: the customer card, the signature pad, recording and withdrawing,
the notice-text editor with its live Art. 17 check and diff, and PDFs written off the GUI thread.

Every check of what was stored goes through the core (app/consent.py), never the widgets.
"""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image
from PySide6.QtCore import QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app import access, consent, customers, users
from app.access import Actor
from app.errors import PermissionDeniedError
from app.reports import consent_form
from app.vault import Vault
from tests.consent_helpers import CONTACT_EN, add_text, child_id
from ui import main_window as main_window_mod
from ui.card_history import HistorySection
from ui.consent_card import ConsentSection
from ui.consent_feature import ConsentFeature
from ui.consent_record import RecordConsentDialog
from ui.customer_card import CardSection
from ui.main_window import CARD_FOLLOW_MS, MainWindow
from ui.notice_editor import NoticeTextsDialog
from ui.signature_pad import SignaturePad

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def english_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def shop(ui_vault: Vault) -> Vault:
    """The UI vault with a marketing + service notice and a sensitive/sharing one."""
    add_text(ui_vault, ui_vault.actor)
    return ui_vault


def make_window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def customer_id(vault: Vault, name: str) -> int:
    return next(c.id for c in customers.CustomerView(vault, vault.actor) if c.name == name)


def select(qtbot, window: MainWindow, name: str) -> None:
    model = window.model
    row = next(
        r for r in range(model.rowCount()) if model.data(model.index(r, model.column_of("name"))) == name
    )
    rect = window.table.visualRect(model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.selected_row() == row


def open_consent(qtbot, window: MainWindow, name: str) -> ConsentSection:
    select(qtbot, window, name)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.card.editor is not None)
    section = window.card.show_section(ConsentSection)
    qtbot.waitUntil(lambda: section.status_table.rowCount() > 0, timeout=5000)
    return section


def record_dialog(qtbot, window: MainWindow) -> RecordConsentDialog:
    """Ctrl+Shift+C from the list: the card at Consent and the record dialog over it."""
    window.table.setFocus()
    qtbot.keyClick(
        window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    section = window.card.section(ConsentSection)
    qtbot.waitUntil(lambda: section.record_dialog is not None and section.record_dialog.isVisible())
    return section.record_dialog


def choose(qtbot, combo, data) -> None:
    """Pick an entry of a combo box from the keyboard, as a person would."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def sign(qtbot, pad: SignaturePad) -> None:
    """A signature drawn with the mouse: press, a few moves, release."""
    points = [QPoint(40, 120), QPoint(90, 60), QPoint(150, 130), QPoint(220, 55), QPoint(320, 110)]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def state(vault: Vault, cid: int, purpose: str) -> str:
    return next(s.state for s in consent.status(vault, vault.actor, cid) if s.purpose == purpose)


# ------------------------------------------------------------------ signature pad


def test_the_pad_draws_with_mouse_pen_and_touch_and_clears(qtbot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    assert pad.is_empty() and pad.to_png() == b""
    sign(qtbot, pad)
    assert pad.stroke_count() == 1

    # A pen: tablet events with pressure, accepted so no mouse stroke doubles them.
    device = QPointingDevice.primaryPointingDevice()
    for kind, x in (
        (QTabletEvent.Type.TabletPress, 60),
        (QTabletEvent.Type.TabletMove, 200),
        (QTabletEvent.Type.TabletRelease, 260),
    ):
        event = QTabletEvent(
            kind,
            device,
            QPointF(x, 90),
            QPointF(pad.mapToGlobal(QPoint(x, 90))),
            0.7,
            0,
            0,
            0,
            0,
            0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(pad, event)
    assert pad.stroke_count() == 2

    # A finger.
    touch = QTest.createTouchDevice()
    QTest.touchEvent(pad, touch).press(0, QPoint(100, 140)).commit()
    QTest.touchEvent(pad, touch).move(0, QPoint(250, 150)).commit()
    QTest.touchEvent(pad, touch).release(0, QPoint(260, 150)).commit()
    assert pad.stroke_count() == 3

    png = pad.to_png()
    assert consent.check_evidence(consent.Evidence("signature", png)) == "image/png"  # the core sees ink
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (pad.width(), pad.height())
    pad.setFocus()
    qtbot.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.is_empty()


# ------------------------------------------------------------------ recording from the card


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_a_signature_drawn_with_the_mouse_records_consent_with_its_evidence(
    qtbot, shop, settings, request, runner_name
) -> None:
    window = make_window(qtbot, shop, settings, request.getfixturevalue(runner_name))
    cid = customer_id(shop, "李娜")
    section = open_consent(qtbot, window, "李娜")
    dialog = record_dialog(qtbot, window)
    assert dialog.version_combo.currentText() == "v1 (current)"
    choose(qtbot, dialog.decisions["marketing"], consent.GIVEN)
    choose(qtbot, dialog.decisions["service"], consent.REFUSED)
    assert dialog.channel() == "signature" and dialog.pad.isVisible()
    sign(qtbot, dialog.pad)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # Enter records
    qtbot.waitUntil(lambda: section.record_dialog is None, timeout=5000)  # closed once recorded

    assert state(shop, cid, "marketing") == consent.GIVEN
    assert state(shop, cid, "service") == consent.REFUSED
    given = next(r for r in consent.history(shop, shop.actor, cid) if r.purpose == "marketing")
    assert given.channel == "signature" and given.evidence is not None and given.evidence.kind == "signature"
    info, data = consent.evidence_data(shop, shop.actor, given.id)
    assert info.mime == "image/png" and data.startswith(b"\x89PNG")
    # The card follows: the status row says Given, the history lists both decisions.
    qtbot.waitUntil(lambda: section.history_table.rowCount() == 2, timeout=5000)
    row = next(i for i, s in enumerate(section.statuses) if s.purpose == "marketing")
    assert section.status_table.item(row, 1).text() == "✔ Given"


def test_an_empty_signature_is_refused_with_a_clear_message_and_nothing_is_saved(
    qtbot, shop, settings, inline_runner
) -> None:
    window = make_window(qtbot, shop, settings, inline_runner)
    cid = customer_id(shop, "李娜")
    open_consent(qtbot, window, "李娜")
    dialog = record_dialog(qtbot, window)
    choose(qtbot, dialog.decisions["marketing"], consent.GIVEN)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_message() == "Nothing was recorded. The signature is empty: ask the customer to sign."
    assert consent.history(shop, shop.actor, cid) == []
    # Signed now, the same dialog records: nothing typed was lost.
    sign(qtbot, dialog.pad)
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.pad.is_empty()
    sign(qtbot, dialog.pad)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert state(shop, cid, "marketing") == consent.GIVEN


def test_an_attachment_over_the_limit_or_not_a_scan_is_refused_and_a_paper_form_needs_one(
    qtbot, shop, settings, inline_runner, tmp_path, monkeypatch
) -> None:
    window = make_window(qtbot, shop, settings, inline_runner)
    cid = customer_id(shop, "李娜")
    open_consent(qtbot, window, "李娜")
    dialog = record_dialog(qtbot, window)
    choose(qtbot, dialog.channel_combo, "paper")
    choose(qtbot, dialog.decisions["service"], consent.GIVEN)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert "needs its scan or photo attached" in dialog.error_message()

    big = tmp_path / "huge.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (consent.MAX_ATTACHMENT_BYTES + 10))
    assert not dialog.attach_file(big)
    assert dialog.error_message().startswith("huge.pdf is 10.0 MB; a scan or photo may be at most 10 MB.")
    text = tmp_path / "form.txt"
    text.write_text("not a scan")
    assert not dialog.attach_file(text)
    assert "is not a PNG or JPEG image or a PDF" in dialog.error_message()

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(
        consent_form.render_form(
            consent.get_text(shop, shop.actor, "marketing"), business_name="店", vault_id=shop.vault_id
        )
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(scan), "")))
    qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    assert "scan.pdf" in dialog.attachment_label.text()
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (rec,) = consent.history(shop, shop.actor, cid)
    assert rec.channel == "paper" and rec.evidence.mime == "application/pdf"


def test_a_minor_needs_a_guardian_before_consent_is_recorded(qtbot, shop, settings, inline_runner) -> None:
    kid = customers.create(shop, shop.actor, {"name": "小明明", "id_number": child_id(8)})
    window = make_window(qtbot, shop, settings, inline_runner)
    open_consent(qtbot, window, "小明明")
    dialog = record_dialog(qtbot, window)
    assert dialog.guardian_box.isVisible() and dialog.minor_note.isVisible()
    choose(qtbot, dialog.channel_combo, "verbal")
    qtbot.keyClicks(dialog.witness, "colleague")
    choose(qtbot, dialog.decisions["service"], consent.GIVEN)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    until = consent.guardian_until(shop, shop.actor, kid.id).isoformat()
    assert dialog.error_message() == (
        f"Nothing was recorded. The customer is under 14 (until {until}): a guardian must decide."
    )
    qtbot.keyClicks(dialog.guardian_name, "Wang Li")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.error_message() == "Nothing was recorded. Relation to the child: required."
    assert consent.history(shop, shop.actor, kid.id) == []
    qtbot.keyClicks(dialog.guardian_relation, "mother")
    qtbot.keyClick(dialog.guardian_relation, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    (rec,) = consent.history(shop, shop.actor, kid.id)
    assert rec.minor and rec.separate and rec.guardian == consent.Guardian("Wang Li", "mother", True)


def test_an_adult_gets_no_guardian_section(qtbot, shop, settings, inline_runner) -> None:
    window = make_window(qtbot, shop, settings, inline_runner)
    open_consent(qtbot, window, "王芳")
    dialog = record_dialog(qtbot, window)
    assert not dialog.guardian_box.isVisible()


# ------------------------------------------------------------------ withdrawing


def test_withdrawal_is_one_action_on_the_card_and_the_core_follows_at_once(
    qtbot, shop, settings, thread_runner
) -> None:
    cid = customer_id(shop, "王芳")
    consent.record(shop, shop.actor, cid, text="marketing", decisions={"marketing": "given"}, channel="phone")
    assert consent.may_include(shop, shop.actor, "marketing", [cid]) == [cid]
    window = make_window(qtbot, shop, settings, thread_runner)
    section = open_consent(qtbot, window, "王芳")
    qtbot.waitUntil(lambda: section.history_table.rowCount() == 1, timeout=5000)
    assert not section.withdraw_button.isEnabled()  # nothing chosen yet
    section.select_purpose("marketing")
    assert section.withdraw_button.isEnabled()
    qtbot.mouseClick(section.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = section.withdraw_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # Enter withdraws
    qtbot.waitUntil(lambda: section.withdraw_dialog is None, timeout=5000)
    assert state(shop, cid, "marketing") == consent.WITHDRAWN
    assert consent.may_include(shop, shop.actor, "marketing", [cid]) == []
    history = consent.history(shop, shop.actor, cid)
    assert [r.status for r in history] == [consent.WITHDRAWN, consent.GIVEN]  # nothing erased
    assert history[0].collected_by == shop.actor.user and history[0].channel == "verbal"
    qtbot.waitUntil(lambda: section.history_table.rowCount() == 2, timeout=5000)
    assert "withdrawn" in section.message.text()


# ------------------------------------------------------------------ roles


def test_a_sales_role_without_record_consent_sees_no_record_button_and_the_core_refuses(
    qtbot, shop, settings, inline_runner
) -> None:
    access.set_permissions(shop, shop.actor, "sales", ["view_consent"])
    users.add(shop, shop.actor, "sally", "sales-pass-1", "sales")
    users.reset_password(shop, shop.actor, "sally", "sales-pass-1", must_change=False)
    cid = customer_id(shop, "李娜")
    sally = Vault.unlock(shop.folder, "sally", "sales-pass-1")
    try:
        window = make_window(qtbot, sally, settings, inline_runner)
        action = window.feature(ConsentFeature).action_record
        assert not action.isVisible()
        assert not window.feature(ConsentFeature).action_texts.isVisible()  # nor the notice editor
        section = open_consent(qtbot, window, "李娜")
        assert not section.record_button.isVisible() and not section.withdraw_button.isVisible()
        assert window.card.section(HistorySection) is None  # no 'view_audit', no History tab
        assert section.open_record() is None
        with pytest.raises(PermissionDeniedError, match="record or withdraw consent"):
            consent.record(
                sally, sally.actor, cid, text="marketing", decisions={"service": "given"}, channel="phone"
            )
        window.close()
    finally:
        sally.lock()


# ------------------------------------------------------------------ printing


def test_the_form_and_the_receipt_are_written_on_the_thread_pool(
    qtbot, shop, settings, thread_runner, tmp_path, monkeypatch
) -> None:
    cid = customer_id(shop, "王芳")
    from tests.consent_helpers import signature_png

    consent.record(
        shop,
        shop.actor,
        cid,
        text="marketing",
        decisions={"marketing": "given"},
        channel="signature",
        evidence=consent.Evidence("signature", signature_png()),
    )
    threads: list[bool] = []
    real_form, real_receipt = consent_form.write_form, consent_form.write_receipt

    def on_worker(real):
        def call(*args, **kwargs):
            threads.append(threading.current_thread() is threading.main_thread())
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(consent_form, "write_form", on_worker(real_form))
    monkeypatch.setattr(consent_form, "write_receipt", on_worker(real_receipt))
    targets = iter([str(tmp_path / name) for name in ("form.pdf", "receipt.pdf", "blank.pdf")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (next(targets), "")))
    window = make_window(qtbot, shop, settings, thread_runner)
    section = open_consent(qtbot, window, "王芳")
    qtbot.waitUntil(lambda: section.history_table.rowCount() == 1, timeout=5000)

    qtbot.mouseClick(section.form_button, Qt.MouseButton.LeftButton)
    dialog = section.print_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.addressed.isChecked()  # a form for this customer unless asked for a blank one
    qtbot.keyClick(dialog.language_combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: (tmp_path / "form.pdf").exists() and not section.printing, timeout=15000)
    assert section.message.text() == f"Form saved to {tmp_path / 'form.pdf'}"
    notice = consent.get_text(shop, shop.actor, "marketing")
    assert consent_form.form_reference(notice, cid) in pdf_text(tmp_path / "form.pdf")

    qtbot.mouseClick(section.receipt_button, Qt.MouseButton.LeftButton)
    assert section.printing and not section.receipt_button.isEnabled()  # busy while it renders
    qtbot.waitUntil(lambda: (tmp_path / "receipt.pdf").exists() and not section.printing, timeout=15000)
    assert threads == [False, False]  # neither PDF was rendered on the GUI thread
    assert "Consent receipt" in pdf_text(tmp_path / "receipt.pdf")

    # Unticked, the form is blank: its reference names the notice version only.
    qtbot.mouseClick(section.form_button, Qt.MouseButton.LeftButton)
    dialog = section.print_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.addressed.setFocus()
    qtbot.keyClick(dialog.addressed, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.addressed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: (tmp_path / "blank.pdf").exists() and not section.printing, timeout=15000)
    text = pdf_text(tmp_path / "blank.pdf")
    assert notice.reference in text and consent_form.form_reference(notice, cid) not in text
    # Reading the signature for the receipt was audited.
    assert any(e.action == "consent.evidence_read" for e in shop.audit().entries(20))


# ------------------------------------------------------------------ the card


def test_the_card_follows_the_selection_unless_pinned_or_holding_edits(
    qtbot, shop, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, shop, settings, inline_runner)
    open_consent(qtbot, window, "李娜")
    window.card.show_section(type(window.card.details))
    select(qtbot, window, "王芳")
    qtbot.waitUntil(lambda: window.card.name_label.text() == "王芳", timeout=CARD_FOLLOW_MS * 8)

    qtbot.mouseClick(window.card.pin_button, Qt.MouseButton.LeftButton)
    select(qtbot, window, "John Smith")
    qtbot.wait(CARD_FOLLOW_MS * 2)
    assert window.card.name_label.text() == "王芳"
    qtbot.mouseClick(window.card.pin_button, Qt.MouseButton.LeftButton)

    editor = window.card.editor
    qtbot.keyClicks(editor.widget("company"), "Acme")
    select(qtbot, window, "Mary Johnson")
    qtbot.wait(CARD_FOLLOW_MS * 2)
    assert window.card.name_label.text() == "王芳" and editor.widget("company").text().endswith("Acme")
    assert "until its changes are saved or undone" in window.statusBar().currentMessage()

    # Opening another customer on purpose asks first; Cancel keeps the edits.
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: answers.pop(0)))
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.card.name_label.text() == "王芳"
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.card.name_label.text() == "Mary Johnson"
    assert customers.get(shop, shop.actor, customer_id(shop, "王芳")).get("company") == "北京华信科技有限公司"


def test_escape_on_the_card_asks_before_undoing_edits_and_enter_never_cancels(
    qtbot, shop, settings, inline_runner, monkeypatch
) -> None:
    asked = []
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]

    def question(*_args, **_kwargs):
        asked.append(1)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window = make_window(qtbot, shop, settings, inline_runner)
    select(qtbot, window, "李娜")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    editor = window.card.editor
    qtbot.waitUntil(lambda: editor.isAncestorOf(window.focusWidget()))
    qtbot.keyClicks(editor.widget("email"), "x@y")
    qtbot.keyClick(editor.widget("email"), Qt.Key.Key_Escape)
    assert asked == [1] and editor.widget("email").text() == "x@y"  # Cancel: still editing
    qtbot.keyClick(editor.widget("email"), Qt.Key.Key_Escape)
    assert asked == [1, 1] and editor.widget("email").text() == "" and not editor.is_dirty()
    assert window.focusWidget() is window.table
    # A bad value and Enter: the message under the field, nothing lost, the card still there.
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.widget("email"), "not-an-address")
    qtbot.keyClick(editor.widget("email"), Qt.Key.Key_Return)
    assert "e-mail" in editor.error_labels["email"].text()
    assert editor.widget("email").text() == "not-an-address" and window.card_dock.isVisible()


def test_locking_wipes_the_card(qtbot, shop, settings, inline_runner) -> None:
    window = make_window(qtbot, shop, settings, inline_runner)
    section = open_consent(qtbot, window, "李娜")
    editor = window.card.editor
    window.lock()
    assert not window.card_dock.isVisible()
    assert window.card.customer is None and window.card.name_label.text() == ""
    assert editor.widget("name").text() == ""  # wiped before it went
    assert section.status_table.rowCount() == 0


def test_the_history_section_lists_this_customers_audit_entries(qtbot, shop, settings, thread_runner) -> None:
    cid = customer_id(shop, "李娜")
    consent.record(shop, shop.actor, cid, text="marketing", decisions={"service": "given"}, channel="phone")
    window = make_window(qtbot, shop, settings, thread_runner)
    select(qtbot, window, "李娜")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    section = window.card.show_section(HistorySection)
    qtbot.waitUntil(lambda: section.model.rowCount() >= 2 and section.model.at_end, timeout=5000)
    actions = [section.model.entry(r).action for r in range(section.model.rowCount())]
    assert "consent.given" in actions and "customer.view" in actions
    assert all(section.model.entry(r).customer_id == cid for r in range(section.model.rowCount()))


# ------------------------------------------------------------------ notice texts


def open_texts(qtbot, window: MainWindow) -> NoticeTextsDialog:
    window.feature(ConsentFeature).action_texts.trigger()
    dialog = window.findChild(NoticeTextsDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_art17_check_lists_what_is_missing_as_you_type_then_clears(
    qtbot, shop, settings, thread_runner
) -> None:
    window = make_window(qtbot, shop, settings, thread_runner)
    dialog = open_texts(qtbot, window)
    qtbot.mouseClick(dialog.new_text_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.key_edit, "billing")
    qtbot.keyClicks(dialog.title_en, "Invoices")
    dialog.purpose_checks["billing"].setFocus()
    qtbot.keyClick(dialog.purpose_checks["billing"], Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(dialog.missing_items()))
    assert dialog.missing_items() == ["The notice needs its text in Chinese or English"]
    assert not dialog.save_button.isEnabled()

    dialog.section_tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.section_edit("en", "purposes"), "Invoices and payment.")
    qtbot.waitUntil(lambda: "English: Missing: How long it is kept" in dialog.missing_items())
    assert "English: Missing: Who we are and how to contact us" in dialog.missing_items()
    assert not any("Purposes" in item for item in dialog.missing_items())  # that one is written
    qtbot.mouseClick(dialog.starter_button, Qt.MouseButton.LeftButton)  # the draft leaves 【…】
    assert dialog.missing_items() == [
        "中文: Who we are and how to contact us still holds text to fill in (【…】)",
        "中文: How to exercise your rights still holds text to fill in (【…】)",
        "English: Who we are and how to contact us still holds text to fill in (【…】)",
        "English: How to exercise your rights still holds text to fill in (【…】)",
    ]
    for lang in ("en", "zh"):
        for key in ("controller", "rights"):
            edit = dialog.section_edit(lang, key)
            edit.selectAll()
            qtbot.keyClicks(edit, f"Wang's hardware, {CONTACT_EN}.")
    qtbot.waitUntil(lambda: dialog.missing_items() == [])
    assert dialog.check_state.text() == "✔ Everything PIPL Art. 17 asks of this notice is there."
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=5000)
    saved = consent.get_text(shop, shop.actor, "billing")
    assert saved.version == 1 and saved.purposes == ("billing",) and saved.title_en == "Invoices"
    assert dialog.current_notice().key == "billing"


def test_a_new_version_keeps_the_old_one_readable_and_the_diff_shows_the_change(
    qtbot, shop, settings, inline_runner
) -> None:
    window = make_window(qtbot, shop, settings, inline_runner)
    dialog = open_texts(qtbot, window)
    dialog.read_language.setCurrentIndex(dialog.read_language.findData("en"))
    old_text = consent.get_text(shop, shop.actor, "marketing", 1).text("en")
    qtbot.mouseClick(dialog.new_version_button, Qt.MouseButton.LeftButton)
    assert dialog.key_edit.text() == "marketing" and not dialog.key_edit.isEnabled()
    dialog.section_tabs.setCurrentIndex(1)
    retention = dialog.section_edit("en", "retention")
    retention.selectAll()
    qtbot.keyClicks(retention, "Two years from your last purchase, then deleted.")
    qtbot.keyClicks(dialog.note_edit, "shorter retention")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0)

    assert [v.version for v in consent.versions(shop, shop.actor, "marketing")] == [1, 2]
    assert consent.get_text(shop, shop.actor, "marketing", 1).text("en") == old_text  # never edited in place
    assert dialog.current_notice().version == 2
    dialog.read_tabs.setCurrentIndex(1)
    lines = dialog.diff_lines()
    assert "+Two years from your last purchase, then deleted." in lines
    assert any(line.startswith("-Three years from your last purchase") for line in lines)
    html = dialog.diff_view.toHtml()
    assert "#e6f4ea" in html and "#fce8e6" in html  # additions green, removals red

    dialog.select_version("marketing", 1)  # the old version is still there to read
    assert "Three years from your last purchase" in dialog.reader.toPlainText()
    assert dialog.info_label.text().startswith("marketing · version 1")


def test_saving_an_unchanged_version_is_refused_with_one_message(
    qtbot, shop, settings, inline_runner
) -> None:
    window = make_window(qtbot, shop, settings, inline_runner)
    dialog = open_texts(qtbot, window)
    qtbot.mouseClick(dialog.new_version_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Nothing was saved. Nothing changed since version 1."
    assert [v.version for v in consent.versions(shop, shop.actor, "marketing")] == [1]


def test_a_manager_without_the_policy_permission_gets_no_notice_editor_and_the_core_refuses(
    qtbot, shop, settings, inline_runner
) -> None:
    users.add(shop, shop.actor, "mia", "manager-pass-1", "manager")
    users.reset_password(shop, shop.actor, "mia", "manager-pass-1", must_change=False)
    mia = Vault.unlock(shop.folder, "mia", "manager-pass-1")
    try:
        window = make_window(qtbot, mia, settings, inline_runner)
        assert not window.feature(ConsentFeature).action_texts.isVisible()
        assert window.feature(ConsentFeature).open_texts() is None
        with pytest.raises(PermissionDeniedError):
            consent.new_version(mia, Actor("mia", "manager"), "marketing", title_en="Changed")
        window.close()
    finally:
        mia.lock()


def test_the_card_follows_a_change_to_chinese(qtbot, shop, settings, inline_runner, qapp) -> None:
    from ui.i18n import Translations

    cid = customer_id(shop, "李娜")
    consent.record(shop, shop.actor, cid, text="marketing", decisions={"marketing": "given"}, channel="phone")
    translations = Translations(qapp)
    window = make_window(qtbot, shop, settings, inline_runner)
    section = open_consent(qtbot, window, "李娜")
    try:
        translations.apply("zh_CN")
        qtbot.waitUntil(lambda: window.card.tabs.tabText(1) == "同意")
        titles = [window.card.tabs.tabText(i) for i in range(window.card.tabs.count())]
        assert titles == ["详情", "同意", "数据去向", "请求", "历史记录"]
        row = next(i for i, s in enumerate(section.statuses) if s.purpose == "marketing")
        assert section.status_table.item(row, 0).text() == "营销推广"
        assert section.status_table.item(row, 1).text() == "✔ 已同意"
        assert section.record_button.text() == "记录…"
    finally:
        translations.apply("en")


def test_quitting_with_unsaved_edits_on_the_card_asks_first(
    qtbot, shop, settings, inline_runner, monkeypatch
) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: answers.pop(0)))
    window = make_window(qtbot, shop, settings, inline_runner)
    select(qtbot, window, "李娜")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.keyClicks(window.card.editor.widget("company"), " Ltd")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible() and window.card.editor.widget("company").text().endswith(" Ltd")  # Cancel
    qtbot.keyClick(window.search_box, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert answers == []


class NotesSection(CardSection):
    """A section as a coming feature would write one: it shows something about the customer."""

    permission = "manage_users"
    name = "notesSection"

    def __init__(self, host, card) -> None:
        super().__init__(host, card)
        self.shown: list[int] = []

    def title(self) -> str:
        return "Notes"

    def show_customer(self, customer) -> None:
        self.shown.append(customer.id)

    def clear(self) -> None:
        self.shown.append(-1)


def test_a_new_section_joins_the_card_for_the_roles_its_permission_allows(
    qtbot, shop, settings, inline_runner, monkeypatch
) -> None:
    monkeypatch.setattr(main_window_mod, "CARD_SECTIONS", (*main_window_mod.CARD_SECTIONS, NotesSection))
    users.add(shop, shop.actor, "sally", "sales-pass-1", "sales")
    users.reset_password(shop, shop.actor, "sally", "sales-pass-1", must_change=False)
    sally = Vault.unlock(shop.folder, "sally", "sales-pass-1")
    try:
        sales_window = make_window(qtbot, sally, settings, inline_runner)
        select(qtbot, sales_window, "李娜")
        qtbot.keyClick(sales_window.table, Qt.Key.Key_Return)
        assert sales_window.card.section(NotesSection) is None  # no 'manage_users', no tab
        sales_window.close()
    finally:
        sally.lock()

    window = make_window(qtbot, shop, settings, inline_runner)
    select(qtbot, window, "李娜")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    notes = window.card.section(NotesSection)
    assert window.card.tabs.tabText(window.card.tabs.count() - 1) == "Notes"
    assert notes.shown == [-1, customer_id(shop, "李娜")]  # cleared, then handed the customer
    window.lock()
    assert notes.shown[-1] == -1  # locking clears it too
