"""How stored values read in the table and the editor's read-only rows."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from app.fields import FieldDef
from ui.customer_model import display_value

NUMBER = FieldDef("amount", "金额", "Amount", "number", False, False, False, "internal", ())


def test_a_twenty_digit_number_is_shown_digit_for_digit() -> None:
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert display_value(NUMBER, "12345678901234567890", english) == "12,345,678,901,234,567,890"
    assert display_value(NUMBER, "-1234.000000000000000000001", english) == "-1,234.000000000000000000001"
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert display_value(NUMBER, "1234567.5", german) == "1.234.567,5"
