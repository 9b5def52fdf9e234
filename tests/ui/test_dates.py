"""Dates as people read them (ui/dates.py): local time, unambiguous, in the UI language.

Driven through the real main window: a date column, the editor's history, the status bar's
"Saved" time, in English and in Chinese.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QLabel

from app import customers, field_admin
from app.vault import Vault
from ui.dates import format_day, format_moment
from ui.i18n import Translations
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def test_a_moment_is_shown_in_local_time_with_the_year_first() -> None:
    stored = "2026-12-02T12:04:09+00:00"
    local = datetime.fromisoformat(stored).astimezone()
    assert format_moment(stored, ENGLISH) == local.strftime("%Y-%m-%d %H:%M")
    assert format_moment(stored, CHINESE) == f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    assert format_moment("2026-12-02T12:04:09.123+00:00", ENGLISH) == local.strftime("%Y-%m-%d %H:%M")
    assert format_moment(datetime(2026, 12, 2, 12, 4, tzinfo=UTC), ENGLISH) == local.strftime(
        "%Y-%m-%d %H:%M"
    )
    assert format_moment("not a time", ENGLISH) == "not a time"


def test_a_day_is_never_ambiguous() -> None:
    assert format_day("2026-02-12", ENGLISH) == "2026-02-12"  # never 2/12/26
    assert format_day(QDate(2026, 2, 12), CHINESE) == "2026年2月12日"
    assert format_day(date(1988, 6, 1), ENGLISH) == "1988-06-01"
    assert format_day("12/2/26", ENGLISH) == "12/2/26"  # not a stored date: shown as it is


@pytest.fixture
def dated_vault(ui_vault: Vault) -> Vault:
    field_admin.add_custom_field(
        ui_vault,
        ui_vault.actor,
        key="birthday",
        label_zh="生日",
        label_en="Birthday",
        type="date",
        purposes=["service"],
    )
    customers.create(ui_vault, ui_vault.actor, {"name": "Aaron Birth", "birthday": "1988-06-01"})
    return ui_vault


@pytest.fixture
def translations(qapp):
    translations = Translations(qapp)
    yield translations
    translations.apply("en")


@pytest.mark.parametrize(
    ("language", "day", "moment", "saved"),
    [
        ("en", "1988-06-01", r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", r"Saved \d{2}:\d{2}"),
        (
            "zh_CN",
            "1988年6月1日",
            r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}",
            r"已于 \d{2}:\d{2} 保存",
        ),
    ],
)
def test_the_window_shows_dates_the_same_way_everywhere(
    qtbot, dated_vault: Vault, settings, inline_runner, translations, language, day, moment, saved
) -> None:
    translations.apply(language)
    settings.set_columns_for(dated_vault.vault_id, "老板", ["name", "birthday"])
    window = MainWindow(dated_vault, settings, inline_runner, translations)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "Aaron Birth")
    assert model.data(model.index(row, model.column_of("birthday"))) == day

    rect = window.table.visualRect(model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.card.editor is not None)
    editor = window.card.editor
    created = editor.findChild(QLabel, "createdInfo").text()
    stored = next(
        c for c in customers.CustomerView(dated_vault, dated_vault.actor) if c.name == "Aaron Birth"
    )
    assert created.startswith(format_moment(stored.created_at))
    assert re.match(moment, created)
    assert not re.search(r"[AP]M|上午|下午", created)  # a 24-hour clock

    qtbot.keyClicks(editor.widget("company"), "Acme")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.is_dirty()
    assert re.fullmatch(saved, window.saved_label.text())
    assert not re.search(r"[AP]M|上午|下午", window.saved_label.text())
