"""The import wizard and the list of imports, driven through the keyboard and mouse with the
real thread-pool runner: opening the file, the dry run, the import and undo run off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from app import customers, importing, users
from app.vault import Vault
from tests.import_files import ROWS_ZH, write_csv
from tests.ui.conftest import SAMPLE_CUSTOMERS
from ui.import_wizard import (
    PAGE_CHECK,
    PAGE_FILE,
    PAGE_IMPORT,
    PAGE_MAPPING,
    PAGE_OPTIONS,
    PAGE_PREVIEW,
    PAGE_SUMMARY,
    ImportsDialog,
    ImportWizard,
)
from ui.importing import ImportFeature
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
WAIT = 20000


@pytest.fixture
def wizard(qtbot, ui_vault, thread_runner) -> ImportWizard:
    wizard = ImportWizard(ui_vault, thread_runner)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def new_people() -> list[list[str]]:
    """The sample file's people with phones and e-mails no sample customer has."""
    return [[r[0], f"1370000000{i}", f"new{i}@example.cn", *r[3:]] for i, r in enumerate(ROWS_ZH)]


def type_text(qtbot, widget, text: str) -> None:
    """Keys for ASCII, an input method's commit for Chinese (as a Chinese IME delivers it)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def choose_with_keys(qtbot, box, data: str) -> None:
    """Arrow keys on a closed combo box until ``data`` is chosen, as a person would."""
    box.setFocus()
    steps = box.findData(data) - box.currentIndex()
    for _ in range(abs(steps)):
        qtbot.keyClick(box, Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    assert box.currentData() == data


def next_page(qtbot, wizard: ImportWizard, expected: int) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled, timeout=WAIT)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == expected, timeout=WAIT)


def choose_file(qtbot, wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.path_edit.setFocus()
    qtbot.keyClicks(wizard.file_page.path_edit, str(path))
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=WAIT)


def preview_column(wizard: ImportWizard, column: int = 1) -> list[str]:
    table = wizard.preview_page.table
    return [table.item(r, column).text() for r in range(table.rowCount()) if table.item(r, column)]


def test_a_gbk_file_goes_from_preview_to_committed_customers(qtbot, wizard, ui_vault, tmp_path) -> None:
    # New people (the sample vault has 王芳 138 1234 5678 already), a bad row, and 王芳 again.
    rows = new_people()
    rows += [["坏号码", "12345", "", "", "", ""], ["王芳", "13812345678", "wangfang@example.cn", "", "", ""]]
    path = write_csv(tmp_path / "customers.csv", rows=rows, encoding="gbk")
    before = customers.count(ui_vault, ui_vault.actor)
    choose_file(qtbot, wizard, path)
    assert "GB18030" in wizard.file_page.message.text()
    next_page(qtbot, wizard, PAGE_PREVIEW)
    assert preview_column(wizard)[:2] == ["王芳", "李白"]  # the characters come out right
    assert "GB18030" in wizard.preview_page.detected.text()

    # A wrong encoding shows at once as wrong characters; the right one brings them back.
    box = wizard.preview_page.encoding_box
    choose_with_keys(qtbot, box, "big5")
    qtbot.waitUntil(lambda: wizard.source.encoding == "big5", timeout=WAIT)
    qtbot.waitUntil(lambda: "王芳" not in preview_column(wizard), timeout=WAIT)
    choose_with_keys(qtbot, box, "gb18030")
    qtbot.waitUntil(lambda: wizard.source.encoding == "gb18030", timeout=WAIT)
    qtbot.waitUntil(lambda: preview_column(wizard)[:1] == ["王芳"], timeout=WAIT)

    next_page(qtbot, wizard, PAGE_MAPPING)
    combos = wizard.mapping_page.combos
    assert [c.currentData() for c in combos] == ["name", "phone", "email", "company", "address", "notes"]
    combos[4].setFocus()
    qtbot.keyClick(combos[4], Qt.Key.Key_Home)  # the address column: "Do not import"
    assert "address" not in wizard.mapping_page.current_mapping().targets

    next_page(qtbot, wizard, PAGE_CHECK)
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=WAIT)
    counts = wizard.check_page.counts.text()
    assert "6 rows" in counts and "4 new" in counts and "1 invalid" in counts and "1 duplicates" in counts
    table = wizard.check_page.table
    assert table.item(0, 0).text() == "6" and table.item(0, 1).text() == "Invalid"
    assert "Phone" in table.item(0, 2).text() and table.item(0, 3).text() == "坏号码"  # as read, to find
    assert customers.count(ui_vault, ui_vault.actor) == before  # the check imported nothing

    next_page(qtbot, wizard, PAGE_OPTIONS)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # the source is required
    fill = wizard.options_page.radios["fill"]
    qtbot.mouseClick(
        fill, Qt.MouseButton.LeftButton, pos=fill.rect().topLeft() + QPoint(8, fill.height() // 2)
    )
    assert fill.isChecked()
    type_text(qtbot, wizard.options_page.source_box.lineEdit(), "旧系统导出")
    next_page(qtbot, wizard, PAGE_IMPORT)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SUMMARY, timeout=WAIT)
    assert "4 customers added, 1 updated" in wizard.summary_page.summary.text()
    assert customers.count(ui_vault, ui_vault.actor) == before + 4
    (record,) = importing.list_imports(ui_vault, ui_vault.actor)
    assert record.source == "旧系统导出" and record.on_duplicate == "fill"
    assert record.mapping["fields"].get("address") is None


def test_invalid_rows_are_saved_from_the_check_page(qtbot, wizard, ui_vault, tmp_path, monkeypatch) -> None:
    path = write_csv(tmp_path / "c.csv", rows=[ROWS_ZH[0], ["坏号码", "12345", "", "", "", ""]])
    target = tmp_path / "invalid.csv"
    monkeypatch.setattr(
        "ui.import_wizard.QFileDialog.getSaveFileName", lambda *args, **kwargs: (str(target), "")
    )
    choose_file(qtbot, wizard, path)
    next_page(qtbot, wizard, PAGE_PREVIEW)
    next_page(qtbot, wizard, PAGE_MAPPING)
    next_page(qtbot, wizard, PAGE_CHECK)
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=WAIT)
    qtbot.mouseClick(wizard.check_page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.check_page.message.kind == "success", timeout=WAIT)
    assert "坏号码" in target.read_text("utf-8-sig")


def test_cancel_during_the_import_leaves_the_customers_as_they_were(
    qtbot, wizard, ui_vault, tmp_path
) -> None:
    rows = [[f"客户{i}", f"138{i:08d}", "", "", "", ""] for i in range(30000)]
    path = write_csv(tmp_path / "big.csv", rows=rows, encoding="gbk")
    before = customers.count(ui_vault, ui_vault.actor)
    choose_file(qtbot, wizard, path)
    next_page(qtbot, wizard, PAGE_PREVIEW)
    next_page(qtbot, wizard, PAGE_MAPPING)
    next_page(qtbot, wizard, PAGE_CHECK)
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=120000)
    next_page(qtbot, wizard, PAGE_OPTIONS)
    type_text(qtbot, wizard.options_page.source_box.lineEdit(), "展会名单")
    next_page(qtbot, wizard, PAGE_IMPORT)
    page = wizard.import_page
    qtbot.waitUntil(lambda: "rows/s" in page.rate_label.text(), timeout=WAIT)  # under way
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.kind == "error", timeout=60000)
    assert "nothing was imported" in page.message.text()
    assert customers.count(ui_vault, ui_vault.actor) == before
    assert importing.list_imports(ui_vault, ui_vault.actor) == []


def test_a_file_that_cannot_be_read_says_why_on_the_first_page(qtbot, wizard, tmp_path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    choose_file_text = str(path)
    qtbot.keyClicks(wizard.file_page.path_edit, choose_file_text)
    qtbot.waitUntil(lambda: wizard.file_page.message.kind == "error", timeout=WAIT)
    assert "book.xlsx" in wizard.file_page.message.text()
    assert wizard.currentId() == PAGE_FILE
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def accept_confirmation(qtbot) -> None:
    def click() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        button = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    from PySide6.QtCore import QTimer

    def poll() -> None:
        if any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()):
            click()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)


def test_an_import_is_undone_from_the_list_of_imports(qtbot, ui_vault, thread_runner, tmp_path) -> None:
    before = customers.count(ui_vault, ui_vault.actor)
    source = importing.open_source(write_csv(tmp_path / "c.csv", rows=new_people()))
    mapping, _saved = importing.mapping_for(ui_vault, ui_vault.actor, source.headers)
    result = importing.run(ui_vault, ui_vault.actor, source, mapping, source_text="旧表格")
    assert customers.count(ui_vault, ui_vault.actor) == before + 4
    dialog = ImportsDialog(ui_vault, thread_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=WAIT)
    assert dialog.list.topLevelItem(0).text(3) == "c.csv"
    qtbot.waitUntil(dialog.undo_button.isEnabled, timeout=WAIT)
    with qtbot.waitSignal(dialog.undone, timeout=WAIT):
        accept_confirmation(qtbot)
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert customers.count(ui_vault, ui_vault.actor) == before
    qtbot.waitUntil(lambda: dialog.list.topLevelItem(0).text(7) != "", timeout=WAIT)
    assert not dialog.undo_button.isEnabled()
    assert importing.get_import(ui_vault, ui_vault.actor, result.import_id).undone_at


def test_import_is_offered_to_owners_and_not_to_roles_without_the_permission(
    qtbot, ui_vault, settings, thread_runner
) -> None:
    window = MainWindow(ui_vault, settings, thread_runner, None)
    qtbot.addWidget(window)
    feature = window.feature(ImportFeature)
    assert feature.action_import.isVisible() and feature.action_imports.isVisible()
    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-1", "sales")
    sales_vault = Vault.unlock(ui_vault.folder, "sally", "sales-pass-1")
    try:
        window = MainWindow(sales_vault, settings, thread_runner, None)
        qtbot.addWidget(window)
        feature = window.feature(ImportFeature)
        assert not feature.action_import.isVisible() and not feature.action_imports.isVisible()
        assert feature.open_wizard() is None
    finally:
        thread_runner.wait_all()
        sales_vault.lock()


def test_going_back_during_the_check_and_forward_again_shows_only_the_new_check(
    qtbot, wizard, ui_vault, tmp_path
) -> None:
    rows = [[f"客户{i}", f"138{i:08d}", "", "", "", ""] for i in range(20000)]
    path = write_csv(tmp_path / "big.csv", rows=rows, encoding="gbk")
    choose_file(qtbot, wizard, path)
    next_page(qtbot, wizard, PAGE_PREVIEW)
    next_page(qtbot, wizard, PAGE_MAPPING)
    next_page(qtbot, wizard, PAGE_CHECK)
    qtbot.waitUntil(lambda: "Checking… " in wizard.check_page.counts.text(), timeout=WAIT)  # under way
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_MAPPING
    next_page(qtbot, wizard, PAGE_CHECK)
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=120000)
    assert wizard.check_page.counts.text().startswith(QLocale().toString(20000) + " rows")
    assert wizard.check_page.message.kind == ""  # the first check's cancellation is not shown
    assert customers.count(ui_vault, ui_vault.actor) == len(SAMPLE_CUSTOMERS)
