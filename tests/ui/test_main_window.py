"""The main window: the list, search as you type, add / edit / delete, sorting, columns."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt, QThread
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QHeaderView, QMessageBox, QWidget

from app import access, customers, users
from app import search as search_index
from app.vault import Vault
from ui import settings as settings_mod
from ui.administration import AdministrationFeature
from ui.columns import DEFAULT_COLUMNS, ColumnChooser
from ui.editor import CustomerEditor
from ui.fields_dialog import FieldCatalogueDialog
from ui.i18n import Translations
from ui.main_window import SEARCH_DEBOUNCE_MS, MainWindow

NAMES = ["王芳", "王小明", "李娜", "John Smith", "Mary Johnson", "欧阳娜娜"]  # tests/ui/conftest.py
# The name column's order: pinyin letter by letter, Latin names among them
# (johnsmith, lina, maryjohnson, ouyangnana, wangfang, wangxiaoming).
NAMES_IN_PINYIN_ORDER = ["John Smith", "李娜", "Mary Johnson", "欧阳娜娜", "王芳", "王小明"]
UI_OWNER = "老板"

# The offscreen platform cannot pass a window's size constraints on and says so on every show.
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


def make_window(qtbot, vault, settings, runner, translations=None) -> MainWindow:
    window = MainWindow(vault, settings, runner, translations)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture(autouse=True)
def english_locale():
    """As ui.i18n.Translations.apply("en") leaves it: numbers grouped the US way."""
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def window(qtbot, ui_vault, settings, inline_runner) -> MainWindow:
    return make_window(qtbot, ui_vault, settings, inline_runner)


def active_editor(qtbot, window: MainWindow) -> CustomerEditor:
    """The editor just opened, once it is the active window (as it is for a person)."""
    assert len(window.editors) == 1
    editor = window.editors[0]
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def card_editor(qtbot, window: MainWindow) -> CustomerEditor:
    """The Details of the customer card, once it has the keyboard (as it has for a person)."""
    qtbot.waitUntil(window.card_dock.isVisible)
    editor = window.card.editor
    assert editor is not None and editor.embedded
    qtbot.waitUntil(lambda: editor.isAncestorOf(window.focusWidget()))
    return editor


def table_names(window: MainWindow) -> list[str]:
    model = window.model
    column = model.column_of("name")
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def row_of(window: MainWindow, name: str) -> int:
    return table_names(window).index(name)


def select(qtbot, window: MainWindow, name: str) -> None:
    row = row_of(window, name)
    rect = window.table.visualRect(window.model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.selected_row() == row


def search(qtbot, window: MainWindow, text: str) -> None:
    window.search_box.setFocus()
    window.search_box.selectAll()
    if text:
        type_text(qtbot, window.search_box, text)
    else:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: window.model.query == text.strip() and not window._search_timer.isActive())


def click_header(qtbot, window: MainWindow, column: int) -> None:
    header = window.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_the_window_lists_every_customer_with_a_status_bar(window: MainWindow, ui_vault: Vault) -> None:
    assert window.model.rowCount() == len(NAMES)
    assert sorted(table_names(window)) == sorted(NAMES, key=str.casefold)
    assert [f.key for f in window.model.fields()] == list(DEFAULT_COLUMNS)
    headers = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Name", "Phone", "Email", "Company", "Tags"]
    assert window.total_label.text() == "6 customers"
    assert window.user_label.text() == f"{UI_OWNER} (Owner)"
    assert str(ui_vault.folder) in window.folder_label.text()
    assert window.saved_label.text() == "No changes yet"
    assert window.search_box.placeholderText()
    assert window.search_box.isClearButtonEnabled()
    assert window.count_label.text() == ""
    assert "王记五金店" in window.windowTitle()


def test_rows_have_a_fixed_height_set_by_the_density_setting(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    settings.set(settings_mod.TABLE_DENSITY, "compact")
    compact = make_window(qtbot, ui_vault, settings, inline_runner)
    vertical = compact.table.verticalHeader()
    assert vertical.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    compact_height = vertical.defaultSectionSize()
    assert compact.table.rowHeight(0) == compact_height
    settings.set(settings_mod.TABLE_DENSITY, "comfortable")
    compact.apply_settings()
    assert vertical.defaultSectionSize() > compact_height


def test_typing_filters_as_you_type_with_a_match_count(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "王")
    assert sorted(table_names(window)) == ["王小明", "王芳"]
    assert window.count_label.text() == "2 matches"
    search(qtbot, window, "王芳")
    assert table_names(window) == ["王芳"]
    assert window.count_label.text() == "1 match"
    search(qtbot, window, "smith")
    assert table_names(window) == ["John Smith"]
    search(qtbot, window, "1381234")  # a phone fragment
    assert table_names(window) == ["王芳"]
    search(qtbot, window, "12345678")
    assert sorted(table_names(window)) == ["欧阳娜娜", "王芳"]
    search(qtbot, window, "nobody-here")
    assert window.model.rowCount() == 0
    assert window.count_label.text() == "No matches"


def test_typing_pinyin_finds_chinese_names_and_companies(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "wangfang")
    assert table_names(window) == ["王芳"]
    search(qtbot, window, "wang fang")
    assert table_names(window) == ["王芳"]
    search(qtbot, window, "wf")
    assert table_names(window) == ["王芳"]
    search(qtbot, window, "wang")
    assert table_names(window) == ["王芳", "王小明"]  # in pinyin order
    search(qtbot, window, "oyn")
    assert table_names(window) == ["欧阳娜娜"]
    search(qtbot, window, "yuanhang")  # 李娜's company 深圳远航贸易有限公司
    assert table_names(window) == ["李娜"]


def test_pinyin_typed_into_the_real_window_finds_wang_fang_off_the_gui_thread(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    window.search_box.setFocus()
    type_text(qtbot, window.search_box, "wangfang")
    qtbot.waitUntil(lambda: window.count_label.text() == "1 match", timeout=5000)
    assert table_names(window) == ["王芳"]
    window.search_box.selectAll()
    type_text(qtbot, window.search_box, "wxm")  # initials: nothing else of 王小明 starts so
    qtbot.waitUntil(lambda: table_names(window) == ["王小明"], timeout=5000)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.selected_row() == 0


def test_a_capped_search_says_so(window: MainWindow) -> None:
    capped = SimpleNamespace(query="e", count=10_000, capped=True, sort="relevance", descending=False)
    window.model.view_loaded.emit(capped)  # a vault of 10,000+ matches is too big for a unit test
    assert window.count_label.text() == "10,000+ matches"


def test_clearing_the_search_restores_the_whole_list(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "王")
    assert window.model.rowCount() == 2
    window.search_box.clear()  # what the line edit's clear button does
    qtbot.waitUntil(lambda: window.model.rowCount() == len(NAMES))
    assert window.count_label.text() == ""
    assert window.model.view.sort == "name"


def test_keystrokes_are_debounced_into_one_search(qtbot, window: MainWindow) -> None:
    loaded = []
    window.model.view_loaded.connect(lambda view: loaded.append(view.query))
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "John")
    assert loaded == []  # nothing yet: the timer is still running
    assert window._search_timer.interval() == SEARCH_DEBOUNCE_MS
    qtbot.waitUntil(lambda: loaded == ["John"])
    qtbot.wait(SEARCH_DEBOUNCE_MS + 50)
    assert loaded == ["John"]


def test_enter_in_the_search_box_searches_at_once(qtbot, window: MainWindow) -> None:
    window.search_box.setFocus()
    type_text(qtbot, window.search_box, "李娜")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert table_names(window) == ["李娜"]  # no wait needed
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.table.hasFocus()
    assert window.selected_row() == 0
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    qtbot.waitUntil(lambda: window.model.rowCount() == len(NAMES))


def test_search_runs_off_the_gui_thread_with_the_real_runner(
    qtbot, ui_vault, settings, thread_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, thread_runner)
    searched_on = []
    original = search_index.ranked_ids

    def spy(*args, **kwargs):
        searched_on.append(QThread.currentThread())
        return original(*args, **kwargs)

    monkeypatch.setattr(search_index, "ranked_ids", spy)
    window.search_box.setFocus()
    type_text(qtbot, window.search_box, "王芳")
    qtbot.waitUntil(lambda: window.count_label.text() == "1 match", timeout=5000)
    assert table_names(window) == ["王芳"]
    gui = QApplication.instance().thread()
    assert searched_on and all(thread is not gui for thread in searched_on), "searched on the GUI thread"
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == len(NAMES), timeout=5000)


def test_a_new_customer_is_added_through_the_editor(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = active_editor(qtbot, window)
    assert editor.isVisible()
    assert editor.windowTitle() == "New customer"
    type_text(qtbot, editor.widget("name"), "赵云")
    qtbot.keyClicks(editor.widget("phone"), "137 0000 1234")
    qtbot.keyClicks(editor.widget("email"), "Zhao.Yun@Example.com")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert not editor.isVisible()
    assert window.editors == []
    assert "赵云" in table_names(window)
    assert window.total_label.text() == "7 customers"
    assert window.saved_label.text().startswith("Saved ")
    row = row_of(window, "赵云")
    model = window.model
    assert (
        model.data(model.index(row, model.column_of("phone"))) == "137 0000 1234"
    )  # grouped for reading; stored as 13700001234
    assert model.data(model.index(row, model.column_of("email"))) == "zhao.yun@example.com"

    search(qtbot, window, "赵云")
    assert table_names(window) == ["赵云"]
    search(qtbot, window, "0000123")
    assert table_names(window) == ["赵云"]


def test_a_customer_is_edited_from_the_list(qtbot, window: MainWindow, ui_vault: Vault) -> None:
    select(qtbot, window, "李娜")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    editor = card_editor(qtbot, window)  # the card opens beside the list, keyboard in Details
    assert window.card.name_label.text() == "李娜"
    assert editor.widget("name").text() == "李娜"
    qtbot.keyClicks(editor.widget("email"), "lina@example.cn")
    qtbot.keyClick(editor.widget("email"), Qt.Key.Key_Return)  # Enter saves (the default button)
    assert not editor.is_dirty() and window.card_dock.isVisible()  # saved; the card stays open
    assert window.focusWidget() is window.table  # the list has the keyboard again
    row = row_of(window, "李娜")
    assert window.model.data(window.model.index(row, window.model.column_of("email"))) == "lina@example.cn"
    stored = next(c for c in customers.CustomerView(ui_vault, ui_vault.actor) if c.name == "李娜")
    assert stored.get("email") == "lina@example.cn"
    assert stored.get("company") == "深圳远航贸易有限公司"


def test_double_click_opens_the_customer(qtbot, window: MainWindow) -> None:
    row = row_of(window, "John Smith")
    rect = window.table.visualRect(window.model.index(row, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editors == []  # no modal editor: the card
    assert card_editor(qtbot, window).widget("name").text() == "John Smith"


def test_a_bad_phone_number_is_shown_inline_and_the_editor_stays_open(qtbot, window: MainWindow) -> None:
    editor = window.new_customer()
    type_text(qtbot, editor.widget("name"), "坏号码")
    qtbot.keyClicks(editor.widget("phone"), "12345")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.error_labels["phone"].isVisible()
    assert "Not a valid phone number" in editor.error_labels["phone"].text()
    assert not editor.error_labels["name"].isVisible()
    assert editor.widget("phone").text() == "12345"  # what was typed is kept
    assert window.model.rowCount() == len(NAMES)


def test_closing_an_editor_with_changes_asks_first(qtbot, window: MainWindow, monkeypatch) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    editor = window.new_customer()
    type_text(qtbot, editor.widget("name"), "未保存")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked == ["Discard changes?"]
    assert editor.isVisible()  # "Cancel": keep editing
    editor.close()
    assert asked == ["Discard changes?", "Discard changes?"]
    assert not editor.isVisible()
    assert window.model.rowCount() == len(NAMES)

    clean = window.new_customer()
    qtbot.keyClick(clean, Qt.Key.Key_Escape)
    assert not clean.isVisible()
    assert len(asked) == 2  # nothing typed: nothing to ask


def test_delete_asks_naming_the_customer_then_deletes(qtbot, window: MainWindow, monkeypatch) -> None:
    texts = []
    answer = [QMessageBox.StandardButton.No]

    def question(parent, title, text, *args, **kwargs):
        texts.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    select(qtbot, window, "John Smith")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert "John Smith" in texts[0]
    assert "John Smith" in table_names(window)  # "No" keeps it

    answer[0] = QMessageBox.StandardButton.Yes
    select(qtbot, window, "John Smith")
    window.action_delete.trigger()
    assert len(texts) == 2
    assert "John Smith" not in table_names(window)
    assert window.model.rowCount() == len(NAMES) - 1
    assert window.total_label.text() == "5 customers"
    search(qtbot, window, "smith")
    assert window.model.rowCount() == 0


def test_delete_in_the_search_box_edits_text_not_customers(qtbot, window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: pytest.fail("asked")))
    select(qtbot, window, "李娜")
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "ab")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Home)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Delete)
    assert window.search_box.text() == "b"


def test_clicking_the_name_header_sorts_in_the_core(qtbot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0
    assert table_names(window) == NAMES_IN_PINYIN_ORDER
    click_header(qtbot, window, 0)
    assert window.model.view.descending
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert table_names(window) == NAMES_IN_PINYIN_ORDER[::-1]
    click_header(qtbot, window, 0)
    assert table_names(window) == NAMES_IN_PINYIN_ORDER

    click_header(qtbot, window, window.model.column_of("phone"))
    phones = [c.get("phone") or "" for c in window.model.view]
    assert phones == sorted(phones)
    assert header.sortIndicatorSection() == window.model.column_of("phone")

    view = window.model.view
    click_header(qtbot, window, window.model.column_of("tags"))  # the core cannot sort tags
    assert window.model.view is view
    assert header.sortIndicatorSection() == window.model.column_of("phone")


def test_a_search_is_in_relevance_order_until_a_header_is_clicked(qtbot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    search(qtbot, window, "王")
    assert window.model.view.sort == "relevance"
    assert header.sortIndicatorSection() == -1
    click_header(qtbot, window, 0)
    assert window.model.view.sort == "name"
    assert window.model.view.query == "王"
    assert table_names(window) == ["王芳", "王小明"]  # wangfang before wangxiaoming


def test_the_column_choice_is_kept_per_vault_and_user(
    qtbot, window: MainWindow, ui_vault: Vault, settings, inline_runner
) -> None:
    chooser = window.open_column_chooser()
    assert isinstance(chooser, ColumnChooser)
    assert chooser.chosen_keys() == list(DEFAULT_COLUMNS)
    chooser.set_checked("tags", False)
    chooser.set_checked("address", True)
    qtbot.mouseClick(chooser.buttons.button(chooser.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    expected = ["name", "phone", "email", "company", "address"]
    assert [f.key for f in window.model.fields()] == expected
    assert settings.columns_for(ui_vault.vault_id, UI_OWNER) == expected
    assert settings.columns_for(ui_vault.vault_id, "someone else") is None

    again = make_window(qtbot, ui_vault, settings, inline_runner)
    assert [f.key for f in again.model.fields()] == expected
    assert "上海市徐汇区中山路1号" in [
        again.model.data(again.model.index(r, 4)) for r in range(again.model.rowCount())
    ]


def test_the_column_chooser_needs_at_least_one_column(qtbot, window: MainWindow) -> None:
    chooser = window.open_column_chooser()
    for key in DEFAULT_COLUMNS:
        chooser.set_checked(key, False)
    assert not chooser.buttons.button(chooser.buttons.StandardButton.Ok).isEnabled()
    qtbot.mouseClick(
        chooser.findChild(type(chooser.buttons.buttons()[0]), "restoreDefaults"), Qt.MouseButton.LeftButton
    )
    assert chooser.chosen_keys() == list(DEFAULT_COLUMNS)


def test_ctrl_f_focuses_the_search_box(qtbot, window: MainWindow) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()


def test_settings_and_catalogue_actions(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.settings_requested, timeout=1000):
        window.action_settings.trigger()
    assert window.feature(AdministrationFeature).action_fields.isEnabled()  # the owner
    window.feature(AdministrationFeature).action_fields.trigger()
    dialog = window.findChild(FieldCatalogueDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.label_en.setText("Full name")
    dialog.apply_changes()
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Full name"


def test_open_and_delete_need_a_selected_customer(qtbot, window: MainWindow) -> None:
    assert not window.action_open.isEnabled()
    assert not window.action_delete.isEnabled()
    select(qtbot, window, "李娜")
    assert window.action_open.isEnabled()
    assert window.action_delete.isEnabled()
    editor = window.open_selected()
    assert isinstance(editor, CustomerEditor) and editor is window.card.editor


def test_headers_and_texts_follow_the_chinese_language(
    qtbot, ui_vault, settings, inline_runner, qapp
) -> None:
    translations = Translations(qapp)
    translations.language = "zh_CN"
    window = make_window(qtbot, ui_vault, settings, inline_runner, translations)
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "姓名"


def drag_column_edge(qtbot, window: MainWindow, column: int, by: int) -> None:
    """Drag the right edge of a column header, as a person widens a column."""
    header = window.table.horizontalHeader()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    for step in range(1, 5):
        qtbot.mouseMove(header.viewport(), QPoint(edge + by * step // 4, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + by, y))


def add_custom_field_through_the_catalogue(qtbot, window: MainWindow, label: str, key: str) -> None:
    window.feature(AdministrationFeature).action_fields.trigger()
    dialog = window.findChild(FieldCatalogueDialog)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    qtbot.keyClicks(add.label_en, label)
    add.label_zh.setText("常去门店")
    assert add.key.text() == key
    qtbot.mouseClick(add.classification.purposes["service"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(add.buttons.button(add.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not add.isVisible()
    dialog.reject()


def assert_columns_fit_their_text(window: MainWindow) -> None:
    """Every column but the stretched last one is as wide as its header and first rows' text."""
    model, header = window.model, window.table.horizontalHeader()
    fm, header_fm = window.table.fontMetrics(), header.fontMetrics()
    for column in range(model.columnCount() - 1):
        texts = [model.data(model.index(row, column)) or "" for row in range(model.rowCount())]
        needed = max(
            header_fm.horizontalAdvance(model.headerData(column, Qt.Orientation.Horizontal)),
            *(fm.horizontalAdvance(text) for text in texts),
        )
        assert header.sectionSize(column) > needed, model.headerData(column, Qt.Orientation.Horizontal)


def test_adding_a_custom_field_keeps_the_column_widths(qtbot, window: MainWindow) -> None:
    assert_columns_fit_their_text(window)
    email = window.model.column_of("email")
    drag_column_edge(qtbot, window, email, 120)
    widths = window.table.column_widths()
    assert widths["email"] >= 280

    add_custom_field_through_the_catalogue(qtbot, window, "Preferred store", "preferred_store")
    assert window.table.column_widths() == widths  # nothing shrank, the widened column included
    assert_columns_fit_their_text(window)

    # Shown as a column: the new one is fitted, the others keep their widths.
    chooser = window.open_column_chooser()
    chooser.set_checked("preferred_store", True)
    qtbot.mouseClick(chooser.buttons.button(chooser.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    after = window.table.column_widths()
    assert {key: after[key] for key in widths if key != "tags"} == {
        key: widths[key] for key in widths if key != "tags"
    }
    assert_columns_fit_their_text(window)


@pytest.fixture
def empty_vault(tmp_path) -> Vault:
    vault, _code = Vault.create(
        tmp_path / "empty", owner=UI_OWNER, password="owner-pass-1", business_name="新店"
    )
    yield vault
    vault.lock()


def test_a_new_vault_shows_what_to_do_first_instead_of_an_empty_table(
    qtbot, empty_vault: Vault, settings, inline_runner
) -> None:
    window = make_window(qtbot, empty_vault, settings, inline_runner)
    assert window.list_stack.currentWidget() is window.empty_state
    assert window.empty_state.title.text() == "No customers yet"
    assert window.empty_state.button_texts()[0] == "Add the first customer"

    qtbot.mouseClick(window.empty_state.buttons[0], Qt.MouseButton.LeftButton)
    editor = active_editor(qtbot, window)
    assert editor.windowTitle() == "New customer"
    type_text(qtbot, editor.widget("name"), "第一位")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert window.list_stack.currentWidget() is window.table
    assert table_names(window) == ["第一位"]


def test_a_search_without_matches_says_so_and_offers_a_way_back(qtbot, window: MainWindow) -> None:
    assert window.list_stack.currentWidget() is window.table
    search(qtbot, window, "zzzq")
    assert window.list_stack.currentWidget() is window.empty_state
    assert window.empty_state.title.text() == "No customer matches \u201czzzq\u201d"
    assert window.empty_state.button_texts() == ["Clear the search", "New customer"]
    qtbot.mouseClick(window.empty_state.buttons[0], Qt.MouseButton.LeftButton)
    assert window.search_box.text() == ""
    assert window.search_box.hasFocus()
    assert window.list_stack.currentWidget() is window.table
    assert window.model.rowCount() == len(NAMES)


def test_the_empty_list_of_a_role_that_cannot_add_does_not_offer_to_add(
    qtbot, empty_vault: Vault, settings, inline_runner
) -> None:
    for field in ("name", "phone", "email", "address", "company", "notes", "tags", "source"):
        access.set_level(empty_vault, empty_vault.actor, "service", field, "read")
    users.add(empty_vault, empty_vault.actor, "sam", "service-pass-1", "service")
    users.reset_password(empty_vault, empty_vault.actor, "sam", "service-pass-1", must_change=False)
    sam = Vault.unlock(empty_vault.folder, "sam", "service-pass-1")
    try:
        window = make_window(qtbot, sam, settings, inline_runner)
        assert window.list_stack.currentWidget() is window.empty_state
        assert window.empty_state.buttons == []
        assert "Your role does not add customers" in window.empty_state.message.text()
    finally:
        window.lock()


def test_clicking_a_cell_selects_and_shows_the_whole_row(qtbot, window: MainWindow) -> None:
    row = row_of(window, "李娜")
    email = window.model.column_of("email")
    rect = window.table.visualRect(window.model.index(row, email))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    selected = window.table.selectionModel().selectedIndexes()
    assert {index.row() for index in selected} == {row}
    assert len(selected) == window.model.columnCount()
    # Drawn alike: no frame or shade sets the clicked cell apart from the rest of its row.
    image = window.table.viewport().grab().toImage()
    ratio = image.devicePixelRatio()

    def edge_colours(column: int) -> list[str]:
        cell = window.table.visualRect(window.model.index(row, column))
        points = [
            (cell.left() + 1, cell.top() + 1),
            (cell.left() + 1, cell.center().y()),
            (cell.right() - 1, cell.top()),
        ]
        return [image.pixelColor(int(x * ratio), int(y * ratio)).name() for x, y in points]

    assert edge_colours(email) == edge_colours(window.model.column_of("phone"))


def selected_name(window: MainWindow) -> str | None:
    row = window.selected_row()
    return window.model.data(window.model.index(row, window.model.column_of("name"))) if row >= 0 else None


def test_the_edited_customer_stays_selected_after_saving_even_when_it_moves(
    qtbot, window: MainWindow
) -> None:
    select(qtbot, window, "李娜")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    editor = card_editor(qtbot, window)
    qtbot.keyClicks(editor.widget("email"), "lina@example.cn")
    qtbot.keyClick(editor.widget("email"), Qt.Key.Key_Return)
    assert not editor.is_dirty()
    assert selected_name(window) == "李娜"

    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    editor = card_editor(qtbot, window)
    editor.widget("name").selectAll()
    qtbot.keyClicks(editor.widget("name"), "Aaron Li")  # now first in name order
    qtbot.keyClick(editor.widget("email"), Qt.Key.Key_Return)
    assert selected_name(window) == "Aaron Li"
    assert window.selected_row() == 0
    assert window.focusWidget() is window.table  # Enter opens it again, Del deletes it


@pytest.mark.parametrize("runner_name", ["inline_runner", "thread_runner"])
def test_a_new_customer_hidden_by_the_search_is_shown_and_selected(
    qtbot, ui_vault, settings, request, runner_name
) -> None:
    window = make_window(qtbot, ui_vault, settings, request.getfixturevalue(runner_name))
    window.search_box.setFocus()
    type_text(qtbot, window.search_box, "王")
    qtbot.waitUntil(lambda: window.count_label.text() == "2 matches", timeout=5000)
    qtbot.keyClick(window.search_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = active_editor(qtbot, window)
    type_text(qtbot, editor.widget("name"), "赵云")
    qtbot.keyClick(editor.widget("name"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editors == [], timeout=5000)  # saved in the runner
    qtbot.waitUntil(lambda: selected_name(window) == "赵云", timeout=5000)
    assert window.search_box.text() == ""
    assert window.count_label.text() == ""
    assert window.model.rowCount() == len(NAMES) + 1
    assert "\u201c王\u201d" in window.statusBar().currentMessage()
    qtbot.wait(SEARCH_DEBOUNCE_MS + 50)
    assert selected_name(window) == "赵云"  # no late search undoes it


def test_a_new_customer_the_search_matches_is_selected_in_the_results(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "王")
    window.action_new.trigger()
    editor = active_editor(qtbot, window)
    type_text(qtbot, editor.widget("name"), "王五")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert window.search_box.text() == "王"
    assert selected_name(window) == "王五"
    assert window.statusBar().currentMessage() == ""


def test_a_validation_message_goes_as_soon_as_the_field_is_fixed(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = active_editor(qtbot, window)
    type_text(qtbot, editor.widget("name"), "改号码")
    qtbot.keyClicks(editor.widget("phone"), "12345")
    qtbot.keyClicks(editor.widget("email"), "someone@")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert set(editor.shown_errors()) == {"phone", "email"}
    assert editor.summary.isVisible()

    phone = editor.widget("phone")
    phone.setFocus()
    qtbot.keyClick(phone, Qt.Key.Key_End)
    qtbot.keyClicks(phone, "6")  # 123456: still not a number, so the message stays
    assert editor.error_labels["phone"].isVisible()
    phone.selectAll()
    qtbot.keyClicks(phone, "137 0000 9999")  # no duplicate of a sample customer
    assert not editor.error_labels["phone"].isVisible()
    assert set(editor.shown_errors()) == {"email"}
    assert editor.summary.isVisible()  # the e-mail is still wrong

    qtbot.keyClicks(editor.widget("email"), "example.com")
    assert editor.shown_errors() == {}
    assert not editor.summary.isVisible()
    qtbot.keyClick(editor.widget("email"), Qt.Key.Key_Return)
    assert not editor.isVisible()
    assert selected_name(window) == "改号码"
