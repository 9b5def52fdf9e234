"""The main window's menus: how features join them (ui/feature.py), Help, Quit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app import users
from app.vault import Vault
from ui import main_window as main_window_mod
from ui.feature import Feature, Section
from ui.help import GettingStartedDialog, HelpFeature, ShortcutsDialog
from ui.icons import icon
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_window(qtbot, vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture(autouse=True)
def english_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def window(qtbot, ui_vault, settings, inline_runner) -> MainWindow:
    return make_window(qtbot, ui_vault, settings, inline_runner)


def menu_texts(menu: QMenu) -> list[str]:
    return ["---" if a.isSeparator() else a.text() for a in menu.actions()]


class ExampleFeature(Feature):
    """A feature as a coming one would be: a tool for managers, a customer action, an export."""

    def __init__(self, host, parent=None) -> None:
        super().__init__(host, parent)
        self.opened: list[int | None] = []
        self.exported = 0
        self.action_history = self.add_action(
            "actionExampleHistory",
            Section.CUSTOMER,
            lambda: self.opened.append(self.host.selected_customer_id()),
        )
        self.action_tool = self.add_action(
            "actionExampleTool", Section.TOOLS_RECORDS, lambda: None, permission="manage_users"
        )
        self.action_export = self.add_action("actionExampleExport", Section.FILE_DATA, self.export)

    def export(self) -> None:
        self.exported += 1

    def retranslate(self) -> None:
        self.action_history.setText("Customer history…")
        self.action_tool.setText("Example tool…")
        self.action_export.setText("Export…")


@pytest.fixture
def with_example_feature(monkeypatch):
    monkeypatch.setattr(main_window_mod, "FEATURES", (*main_window_mod.FEATURES, ExampleFeature))


def test_menus_group_actions_by_section_with_a_line_between_groups(window: MainWindow) -> None:
    assert menu_texts(window.menu_file) == [
        "Lock",
        "Change &password…",
        "Sign in &automatically on this PC",
        "---",
        "&Import customers…",
        "Im&ports…",
        "&Back up now…",
        "&Restore from backup…",
        "&Test restore",
        "Backup &settings…",
        "&Export…",
        "---",
        "&Settings…",
        "&Quit",
    ]
    assert menu_texts(window.menu_tools) == [
        "&Field catalogue…",
        "&Users…",
        "&Roles and access…",
        "Replace &recovery code…",
        "&Notice texts…",
        "&Written policy…",
        "---",
        "&Audit log…",
        "&Merge duplicates…",
        "&Partners…",
        "Customers' &requests…",
        "Re&tention…",
        "&Alerts and incidents…",
        "&Field packs…",
        "Compl&iance report…",
        "&Verify a report…",
    ]
    assert menu_texts(window.menu_help) == ["&Getting started", "&Keyboard shortcuts", "---", "&About Custos"]


def test_a_new_feature_joins_the_menus_without_editing_the_window(
    qtbot, with_example_feature, window: MainWindow
) -> None:
    example = window.feature(ExampleFeature)
    assert menu_texts(window.menu_file) == [
        "Lock",
        "Change &password…",
        "Sign in &automatically on this PC",
        "---",
        "&Import customers…",
        "Im&ports…",
        "&Back up now…",
        "&Restore from backup…",
        "&Test restore",
        "Backup &settings…",
        "&Export…",
        "Export…",
        "---",
        "&Settings…",
        "&Quit",
    ]
    assert menu_texts(window.menu_tools)[-11:] == [
        "---",
        "&Audit log…",
        "&Merge duplicates…",
        "&Partners…",
        "Customers' &requests…",
        "Re&tention…",
        "&Alerts and incidents…",
        "&Field packs…",
        "Compl&iance report…",
        "&Verify a report…",
        "Example tool…",
    ]
    assert "Customer history…" in menu_texts(window.menu_customers)
    assert example.action_tool.isEnabled() and example.action_tool.isVisible()  # the owner

    # A customer action waits for a selected customer, then acts on that one.
    assert not example.action_history.isEnabled()
    model = window.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "李娜")
    rect = window.table.visualRect(model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert example.action_history.isEnabled()
    example.action_history.trigger()
    assert example.opened == [model.customer_id(row)]

    window.lock()
    assert not example.action_export.isEnabled() and example.action_export.isVisible()
    assert window.feature(HelpFeature).action_about.isEnabled()  # help needs no vault


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_the_table_context_menu_offers_the_customer_actions(
    qtbot, with_example_feature, window: MainWindow
) -> None:
    model = window.model
    rect = window.table.visualRect(model.index(2, 0))
    window.table.customContextMenuRequested.emit(rect.center())  # what a right-click sends
    qtbot.waitUntil(lambda: any(m.isVisible() for m in window.findChildren(QMenu)))
    menu = next(m for m in window.findChildren(QMenu) if m.isVisible())
    assert menu_texts(menu) == [
        "&Open",
        "&Delete",
        "---",
        "&History…",
        "&Record consent…",
        "Prepare field pack for selected…",
        "Customer history…",
    ]
    assert window.selected_row() == 2  # the right-clicked row is the one acted on
    menu.close()


def test_a_feature_action_is_hidden_from_a_role_without_its_permission(
    qtbot, with_example_feature, ui_vault: Vault, settings, inline_runner
) -> None:
    users.add(ui_vault, ui_vault.actor, "sally", "sales-pass-1", "sales")
    users.reset_password(ui_vault, ui_vault.actor, "sally", "sales-pass-1", must_change=False)
    sally = Vault.unlock(ui_vault.folder, "sally", "sales-pass-1")
    try:
        window = make_window(qtbot, sally, settings, inline_runner)
        example = window.feature(ExampleFeature)
        assert not example.action_tool.isVisible() and not example.action_tool.isEnabled()
        assert example.action_export.isEnabled()  # no permission asked: every role
    finally:
        window.lock()


def test_f1_opens_getting_started(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.search_box, Qt.Key.Key_F1)
    dialog = window.findChild(GettingStartedDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Getting started"
    assert "Add your customers" in dialog.step_labels[0].text()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Close is the default button
    assert not dialog.isVisible()


def test_the_shortcuts_dialog_lists_the_real_keys_of_every_menu(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.search_box, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    shown = dialog.shortcuts()
    assert shown["New customer"] == "Ctrl+N"
    assert shown["Lock"] == "Ctrl+L"
    assert shown["Quit"] == "Ctrl+Q"
    assert shown["Find"] == "Ctrl+F"
    assert shown["Customer card"] == "Ctrl+I"
    assert shown["Record consent"] == "Ctrl+Shift+C"
    assert shown["Getting started"] == "F1"
    assert shown["Clear the search"] == "Esc"
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_about_names_the_version_and_shows_the_app_icon(qtbot, window: MainWindow) -> None:
    box = window.feature(HelpFeature).show_about()
    assert box.isVisible() and "Custos" in box.text()
    assert not box.iconPixmap().isNull()
    box.accept()


def test_ctrl_q_quits(qtbot, window: MainWindow) -> None:
    quit_action = window.findChild(QAction, "actionQuit")
    assert quit_action in window.menu_file.actions()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_window_shows_the_custos_icon(window: MainWindow) -> None:
    icon = window.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(32, 32).isNull()


def test_every_toolbar_button_shows_an_icon_beside_its_text(window: MainWindow) -> None:
    actions = [a for a in window.toolbar.actions() if not a.isSeparator() and a.text()]
    assert [a.objectName() for a in actions] == [
        "actionNew",
        "actionOpen",
        "actionDelete",
        "actionColumns",
        "actionLock",
    ]
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    for action in actions:
        button = window.toolbar.widgetForAction(action)
        image = button.icon().pixmap(20, 20).toImage()
        assert not image.isNull(), action.objectName()
        drawn = {image.pixelColor(x, y).alpha() > 0 for x in range(20) for y in range(20)}
        assert drawn == {True, False}, action.objectName()  # some strokes, not a blank square


def test_a_missing_icon_file_is_an_error_not_a_blank_button() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-icon"):
        icon("no-such-icon")
