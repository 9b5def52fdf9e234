"""How stored values read in the table and the editor's read-only rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from app import i18n
from app.fields import FieldDef, clean_number
from ui.customer_model import display_value
from ui.editor import CustomerEditor
from ui.i18n import Translations

NUMBER = FieldDef("amount", "金额", "Amount", "number", False, False, False, "internal", ())


def test_a_twenty_digit_number_is_shown_digit_for_digit() -> None:
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert display_value(NUMBER, "12345678901234567890", english) == "12,345,678,901,234,567,890"
    assert display_value(NUMBER, "-1234.000000000000000000001", english) == "-1,234.000000000000000000001"
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert display_value(NUMBER, "1234567.5", german) == "1.234.567,5"


def test_phone_numbers_read_one_way_by_region() -> None:
    """Home-region numbers in national format, every other one international — never the
    stored +447000000058 beside a formatted 152 7820 2942."""
    china = FieldDef("phone", "电话", "Phone", "phone", True, False, True, "personal", ())
    us_home = FieldDef("phone", "电话", "Phone", "phone", True, False, True, "personal", (), {"region": "US"})
    assert display_value(china, "15278202942") == "152 7820 2942"
    assert display_value(china, "+447000000058") == "+44 70 0000 0058"
    assert display_value(china, "010-58815678") == "010 5881 5678"
    assert display_value(china, "138****5678") == "138****5678"  # masked: as it is
    assert display_value(us_home, "+14155550132") == "(415) 555-0132"
    assert display_value(us_home, "15278202942") == "+86 152 7820 2942"


def test_the_core_speaks_the_language_the_window_does(qapp) -> None:
    translations = Translations(qapp)
    try:
        translations.apply("zh_CN")
        assert i18n.current_language() == "zh_CN"
        with pytest.raises(ValueError, match="不是有效的数字"):
            clean_number("twelve")
    finally:
        translations.apply("en")
    assert i18n.current_language() == "en"


def test_the_editor_caps_typing_near_the_cores_limit_for_every_field_type(
    qtbot, ui_vault, inline_runner
) -> None:
    editor = CustomerEditor(ui_vault, None, inline_runner, None)
    qtbot.addWidget(editor)
    # e-mail and tags had no limit in their rules; the core's limits per type apply to both
    assert editor.widget("email").maxLength() == 254 + 50
    assert editor.widget("tags").maxLength() == 1000 + 50
    assert editor.widget("name").maxLength() == 100 + 50
