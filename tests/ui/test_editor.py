"""The customer editor: a form built from the catalogue, validated by the core, inline errors."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from app import customers, field_admin
from app.customers import CustomerView
from app.vault import Vault
from ui.dates import format_moment
from ui.editor import CustomerEditor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a person: Latin keys as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def custom_vault(ui_vault: Vault) -> Vault:
    """The UI vault with one custom field of each type."""
    actor = ui_vault.actor
    field_admin.add_custom_field(
        ui_vault,
        actor,
        key="birthday",
        label_zh="生日",
        label_en="Birthday",
        type="date",
        purposes=["service"],
    )
    field_admin.add_custom_field(
        ui_vault,
        actor,
        key="spend",
        label_zh="年消费",
        label_en="Yearly spend",
        type="number",
        sensitivity="internal",
        rules={"min": 0, "max": 1_000_000},
    )
    field_admin.add_custom_field(
        ui_vault,
        actor,
        key="level",
        label_zh="会员等级",
        label_en="Membership",
        type="choice",
        sensitivity="internal",
        rules={"choices": ["银卡", "金卡", "钻石"]},
    )
    field_admin.add_custom_field(
        ui_vault, actor, key="wechat", label_zh="微信号", label_en="WeChat ID", type="text"
    )
    return ui_vault


def customer_named(vault: Vault, name: str) -> customers.Customer:
    return next(c for c in CustomerView(vault, vault.actor) if c.name == name)


def open_editor(qtbot, vault: Vault, customer_id: int | None, runner) -> CustomerEditor:
    editor = CustomerEditor(vault, customer_id, runner, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_every_active_field_has_a_widget_of_its_type(qtbot, custom_vault, inline_runner) -> None:
    editor = open_editor(qtbot, custom_vault, None, inline_runner)
    expected = {
        "name": QLineEdit,
        "phone": QLineEdit,
        "email": QLineEdit,
        "company": QLineEdit,
        "address": QLineEdit,
        "tags": QLineEdit,
        "notes": QPlainTextEdit,
        "source": QLineEdit,
        "id_number": QLineEdit,
        "birthday": QLineEdit,
        "spend": QLineEdit,
        "level": QComboBox,
        "wechat": QLineEdit,
    }
    assert list(editor.widgets) == list(expected)
    for key, kind in expected.items():
        assert isinstance(editor.widget(key), kind), key
    level = editor.widget("level")
    assert [level.itemText(i) for i in range(level.count())] == ["", "银卡", "金卡", "钻石"]
    assert level.currentIndex() == 0  # an empty choice is allowed
    assert editor.widget("birthday").placeholderText() == "YYYY-MM-DD"
    assert editor.findChild(QLabel, "label_name").text() == "Name *"
    assert editor.findChild(QLabel, "label_birthday").text() == "Birthday"
    assert editor.findChild(QLabel, "requiredNote") is not None
    assert editor.findChild(QWidget, "history") is None  # a new customer has no history yet


def test_labels_follow_the_chinese_ui_language(qtbot, custom_vault, inline_runner) -> None:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    try:
        editor = open_editor(qtbot, custom_vault, None, inline_runner)
    finally:
        QLocale.setDefault(previous)
    assert editor.findChild(QLabel, "label_name").text() == "姓名 *"
    assert editor.findChild(QLabel, "label_level").text() == "会员等级"


def test_a_new_customer_with_custom_values_is_stored(qtbot, custom_vault, inline_runner) -> None:
    editor = open_editor(qtbot, custom_vault, None, inline_runner)
    saved = []
    editor.saved.connect(saved.append)
    type_text(qtbot, editor.widget("name"), "周杰")
    qtbot.keyClicks(editor.widget("phone"), "139-1234-5601")
    type_text(qtbot, editor.widget("tags"), "vip, 老客户")
    qtbot.keyClicks(editor.widget("spend"), "12,500")
    editor.widget("level").setCurrentIndex(2)
    type_text(qtbot, editor.widget("notes"), "周末")
    # the birthday stays empty: an empty date is fine
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert not editor.isVisible()
    assert len(saved) == 1
    stored = customer_named(custom_vault, "周杰")
    assert saved[0].id == stored.id
    assert stored.get("phone") == "13912345601"
    assert stored.get("tags") == "vip,老客户"
    assert stored.get("spend") == "12500"
    assert stored.get("level") == "金卡"
    assert stored.get("notes") == "周末"
    assert stored.get("birthday") is None


def test_every_bad_field_is_shown_at_once_and_nothing_is_saved(qtbot, custom_vault, inline_runner) -> None:
    editor = open_editor(qtbot, custom_vault, None, inline_runner)
    qtbot.keyClicks(editor.widget("email"), "not-an-email")
    qtbot.keyClicks(editor.widget("birthday"), "2024-02-30")
    qtbot.keyClicks(editor.widget("spend"), "2000000")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert editor.isVisible()
    errors = editor.shown_errors()
    assert set(errors) == {"name", "email", "birthday", "spend"}
    assert errors["name"] == "Required"
    assert errors["email"] == "Not a valid e-mail address (name@example.com)"
    assert errors["birthday"] == "Not a real date"
    assert errors["spend"].startswith("Must be at most")
    assert editor.summary.isVisible()
    assert editor.widget("email").text() == "not-an-email"
    assert customers.count(custom_vault, custom_vault.actor) == 6

    # fixing the fields clears the messages
    type_text(qtbot, editor.widget("name"), "修好")
    editor.set_value("email", "ok@example.com")
    editor.set_value("birthday", "2024年2月28日")
    editor.set_value("spend", "200")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert customer_named(custom_vault, "修好").get("birthday") == "2024-02-28"


def test_validation_messages_are_translated_for_display(qtbot, ui_vault, inline_runner, monkeypatch) -> None:
    import ui.editor

    monkeypatch.setattr(ui.editor, "translate_core", lambda message: f"[zh] {message}")
    editor = open_editor(qtbot, ui_vault, None, inline_runner)
    qtbot.keyClicks(editor.widget("phone"), "12345")
    editor.save()
    assert editor.shown_errors()["phone"].startswith("[zh] not a valid phone number")


def test_editing_changes_only_what_was_changed_and_shows_history(qtbot, ui_vault, inline_runner) -> None:
    before = customer_named(ui_vault, "王小明")
    editor = open_editor(qtbot, ui_vault, before.id, inline_runner)
    assert editor.widget("address").text() == "上海市徐汇区中山路1号"
    assert editor.findChild(QLabel, "createdInfo").text() == (
        f"{format_moment(before.created_at)} by {before.created_by}"
    )
    assert editor.findChild(QLabel, "updatedInfo").text().endswith(f"by {before.updated_by}")
    local = datetime.fromisoformat(before.created_at).astimezone()
    assert format_moment(before.created_at) == local.strftime("%Y-%m-%d %H:%M")

    editor.set_value("company", "徐汇贸易")
    audit_before = ui_vault.connection().execute("SELECT count(*) FROM audit").fetchone()[0]
    editor.save()
    after = customer_named(ui_vault, "王小明")
    assert after.get("company") == "徐汇贸易"
    assert after.get("address") == before.get("address")
    details = (
        ui_vault.connection().execute("SELECT details FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0]
    )
    assert '"company"' in details and '"address"' not in details
    assert ui_vault.connection().execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before + 1


def test_saving_without_changes_just_closes(qtbot, ui_vault, inline_runner) -> None:
    customer = customer_named(ui_vault, "李娜")
    editor = open_editor(qtbot, ui_vault, customer.id, inline_runner)
    editor.save()
    assert not editor.isVisible()
    assert customer_named(ui_vault, "李娜").updated_at == customer.updated_at


def test_retired_fields_show_read_only_only_when_the_customer_has_a_value(
    qtbot, custom_vault, inline_runner
) -> None:
    actor = custom_vault.actor
    with_value = customers.create(custom_vault, actor, {"name": "有微信", "wechat": "wx_123"})
    without = customers.create(custom_vault, actor, {"name": "无微信"})
    field_admin.retire_field(custom_vault, actor, "wechat")

    editor = open_editor(qtbot, custom_vault, with_value.id, inline_runner)
    assert "wechat" not in editor.widgets
    shown = editor.findChild(QLineEdit, "retired_wechat")
    assert shown is not None and shown.isReadOnly() and shown.text() == "wx_123"
    editor.set_value("notes", "still saves")
    editor.save()  # the retired value is not sent back, so the core accepts the save
    assert not editor.isVisible()
    assert customer_named(custom_vault, "有微信").get("wechat") == "wx_123"

    other = open_editor(qtbot, custom_vault, without.id, inline_runner)
    assert other.findChild(QLineEdit, "retired_wechat") is None
    fresh = open_editor(qtbot, custom_vault, None, inline_runner)
    assert fresh.findChild(QLineEdit, "retired_wechat") is None


def test_unsaved_changes_guard_on_cancel(qtbot, ui_vault, inline_runner, monkeypatch) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    customer = customer_named(ui_vault, "李娜")
    editor = open_editor(qtbot, ui_vault, customer.id, inline_runner)
    editor.set_value("notes", "改了")
    cancel = editor.buttons.button(editor.buttons.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert asked[0][0] == "Discard changes?"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert customer_named(ui_vault, "李娜").get("notes") is None


def test_saving_with_the_threaded_runner(qtbot, ui_vault, thread_runner) -> None:
    editor = open_editor(qtbot, ui_vault, None, thread_runner)
    type_text(qtbot, editor.widget("name"), "线程")
    with qtbot.waitSignal(editor.saved, timeout=5000) as blocker:
        editor.save()
    assert blocker.args[0].name == "线程"
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert customer_named(ui_vault, "线程").created_by == ui_vault.user


def test_discard_wipes_every_value(qtbot, ui_vault, inline_runner) -> None:
    customer = customer_named(ui_vault, "王芳")
    editor = open_editor(qtbot, ui_vault, customer.id, inline_runner)
    editor.set_value("notes", "secret note")
    editor.discard()
    assert not editor.isVisible()
    texts = [w.text() for w in editor.findChildren(QLineEdit)] + [
        w.text() for w in editor.findChildren(QLabel)
    ]
    texts += [w.toPlainText() for w in editor.findChildren(QPlainTextEdit)]
    assert not any("王芳" in t or "13812345678" in t or "secret note" in t for t in texts)
