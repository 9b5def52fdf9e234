"""The field catalogue dialog: add, rename, reclassify, reorder and retire fields."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from app.fields import Catalogue
from app.vault import Vault
from ui.editor import CustomerEditor
from ui.fields_dialog import AddFieldDialog, FieldCatalogueDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def dialog(qtbot, ui_vault: Vault) -> FieldCatalogueDialog:
    dialog = FieldCatalogueDialog(ui_vault)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def catalogue(vault: Vault) -> Catalogue:
    return Catalogue.load(vault.connection())


def open_add_dialog(qtbot, dialog: FieldCatalogueDialog) -> AddFieldDialog:
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None and add.isVisible()
    return add


def test_fields_are_listed_in_display_order(dialog: FieldCatalogueDialog, ui_vault: Vault) -> None:
    assert dialog.keys() == [f.key for f in catalogue(ui_vault)]
    dialog.select("phone")
    assert dialog.key_label.text() == "phone"
    assert dialog.type_label.text() == "Phone number"
    assert isinstance(dialog.type_label, QLabel)  # a built-in field's type is not editable
    assert "Built-in" in dialog.kind_label.text()
    assert not dialog.retire_button.isEnabled()
    assert dialog.label_en.text() == "Phone"
    assert dialog.label_zh.text() == "电话"


def test_a_custom_field_added_here_appears_in_the_editor(
    qtbot, dialog: FieldCatalogueDialog, ui_vault: Vault, inline_runner
) -> None:
    changed = []
    dialog.catalogue_changed.connect(lambda: changed.append(True))
    add = open_add_dialog(qtbot, dialog)
    qtbot.keyClicks(add.label_en, "Birthday")
    assert add.key.text() == "birthday"  # suggested from the English label
    add.label_zh.setText("生日")
    add.type.setCurrentIndex(add.type.findData("date"))
    add.classification.sensitivity.setCurrentIndex(add.classification.sensitivity.findData("personal"))
    qtbot.mouseClick(add.classification.purposes["service"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(add.buttons.button(add.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    assert not add.isVisible()
    assert changed == [True]
    field = catalogue(ui_vault).get("birthday")
    assert (field.type, field.label_zh, field.label_en) == ("date", "生日", "Birthday")
    assert field.purposes == ("service",)
    assert dialog.keys()[-1] == "birthday"
    assert dialog.selected().key == "birthday"

    editor = CustomerEditor(ui_vault, None, inline_runner, None)
    qtbot.addWidget(editor)
    assert "birthday" in editor.widgets
    assert editor.findChild(QLabel, "label_birthday").text() == "Birthday"


def test_a_choice_field_needs_its_choices(qtbot, dialog: FieldCatalogueDialog, ui_vault: Vault) -> None:
    add = open_add_dialog(qtbot, dialog)
    add.label_en.setText("Level")
    add.label_zh.setText("等级")
    add.key.setText("level")
    add.type.setCurrentIndex(add.type.findData("choice"))
    assert add.choices.isVisible()
    assert not add.minimum.isVisible()
    add.submit()
    assert add.isVisible()
    assert add.errors["choices"].isVisible()
    assert "level" not in catalogue(ui_vault)

    add.choices.setPlainText("银卡\n金卡\n\n金卡\n钻石")
    add.submit()
    assert not add.isVisible()
    assert catalogue(ui_vault).get("level").rules == {"choices": ["银卡", "金卡", "钻石"]}


def test_a_number_field_keeps_its_range_and_bad_keys_are_explained(
    qtbot, dialog: FieldCatalogueDialog, ui_vault: Vault
) -> None:
    add = open_add_dialog(qtbot, dialog)
    add.label_en.setText("Spend")
    add.label_zh.setText("消费")
    add.key.setText("phone")  # taken by a built-in field
    add.type.setCurrentIndex(add.type.findData("number"))
    add.minimum.setText("0")
    add.maximum.setText("5000.5")
    add.submit()
    assert add.isVisible()
    assert "already exists" in add.errors["key"].text()
    add.key.setText("spend")
    add.submit()
    assert not add.isVisible()
    assert catalogue(ui_vault).get("spend").rules == {"min": 0, "max": 5000.5}


def test_labels_and_classification_of_a_builtin_field_can_change(
    dialog: FieldCatalogueDialog, ui_vault: Vault
) -> None:
    dialog.select("company")
    dialog.label_en.setText("Employer")
    dialog.label_zh.setText("单位")
    dialog.classification.sensitivity.setCurrentIndex(dialog.classification.sensitivity.findData("personal"))
    dialog.classification.purposes["delivery"].setChecked(True)
    dialog.apply_changes()
    field = catalogue(ui_vault).get("company")
    assert (field.label_en, field.label_zh, field.sensitivity) == ("Employer", "单位", "personal")
    assert "delivery" in field.purposes
    assert field.type == "text"
    assert dialog.list.currentItem().text() == "Employer"

    dialog.label_en.setText("  ")
    dialog.apply_changes()
    assert dialog.detail_error.isVisible()
    assert catalogue(ui_vault).get("company").label_en == "Employer"


def test_fields_move_up_and_down(qtbot, dialog: FieldCatalogueDialog, ui_vault: Vault) -> None:
    before = dialog.keys()
    dialog.select("email")
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    expected = list(before)
    i = expected.index("email")
    expected[i - 1], expected[i] = expected[i], expected[i - 1]
    assert dialog.keys() == expected
    assert [f.key for f in catalogue(ui_vault)] == expected
    assert dialog.selected().key == "email"
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    assert [f.key for f in catalogue(ui_vault)] == before
    dialog.select(before[0])
    assert not dialog.up_button.isEnabled()


def test_retiring_a_custom_field_asks_first(
    qtbot, dialog: FieldCatalogueDialog, ui_vault: Vault, inline_runner, monkeypatch
) -> None:
    add = open_add_dialog(qtbot, dialog)
    qtbot.keyClicks(add.label_en, "WeChat ID")
    add.label_zh.setText("微信号")
    add.submit()
    assert dialog.selected().key == "wechat_id"
    assert dialog.retire_button.isEnabled()

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert "WeChat ID" in asked[0]
    assert not catalogue(ui_vault).get("wechat_id").retired
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert catalogue(ui_vault).get("wechat_id").retired
    assert "(retired)" in dialog.list.currentItem().text()
    assert not dialog.retire_button.isEnabled()

    editor = CustomerEditor(ui_vault, None, inline_runner, None)
    qtbot.addWidget(editor)
    assert "wechat_id" not in editor.widgets


def test_the_key_accepts_only_simple_identifiers(qtbot, dialog: FieldCatalogueDialog) -> None:
    add = open_add_dialog(qtbot, dialog)
    add.key.setFocus()
    qtbot.keyClicks(add.key, "Bad Key!")
    assert add.key.text() == "adey"  # capitals, spaces and punctuation are refused as typed


@pytest.mark.parametrize("type_", ["choice", "number", "text"])
def test_no_row_of_add_custom_field_overlaps_another(qtbot, dialog: FieldCatalogueDialog, type_: str) -> None:
    add = open_add_dialog(qtbot, dialog)
    add.type.setCurrentIndex(add.type.findData(type_))
    qtbot.wait(20)  # the layout settles on the next event loop pass
    shown = [
        w
        for w in (add.label_en, add.label_zh, add.key, add.type, add.choices, add.minimum, add.required)
        if w.isVisible()
    ]
    boxes = sorted((w.mapTo(add, w.rect().topLeft()).y(), w.height(), w.objectName()) for w in shown)
    for (top, height, name), (next_top, _h, next_name) in itertools.pairwise(boxes):
        assert top + height <= next_top, f"{name} overlaps {next_name}"
    assert add.choices.isVisible() == (type_ == "choice")
    assert add.required.geometry().bottom() < add.height()
