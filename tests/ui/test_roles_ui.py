"""The desktop UI follows the signed-in role: columns, editor, sort, reveal, users, policy, first sign-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlcipher3
from PySide6.QtCore import QAbstractItemModel, QLocale, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app import access, customers, users
from app.access import Actor
from app.errors import PermissionDeniedError
from app.vault import VAULT_DB, Vault
from tests.keyfiles import data_key, opens_db
from tests.ui.conftest import SAMPLE_CUSTOMERS
from ui import customer_model
from ui.administration import AdministrationFeature
from ui.customer_model import CustomerTableModel
from ui.editor import CustomerEditor
from ui.main_window import MainWindow
from ui.roles_dialog import RolesDialog
from ui.users_dialog import ERROR_STYLE, INFO_STYLE, UsersDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ADDRESS = "北京市朝阳区建国路88号"
MASKED_ADDRESS = "北京市朝阳区****"
ID_NUMBER = "11010519491231002X"
PASSWORDS = {"sally": "sales-pass-1", "audrey": "audit-pass-1", "mia": "manager-pass-1"}
ROLES = {"sally": "sales", "audrey": "auditor", "mia": "manager"}
ALL_COLUMNS = ["name", "phone", "email", "company", "address", "tags", "notes", "source", "id_number"]
# Values of the sample customers (tests/ui/conftest.py) and of 王芳 below that must never leak.
SECRETS = ["王芳", "王小明", "李娜", "John Smith", "欧阳娜娜", "13812345678", "138 1234 5678", "15011112222"]


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def wang(ui_vault: Vault) -> customers.Customer:
    """A customer with every built-in field filled in."""
    return customers.create(
        ui_vault,
        ui_vault.actor,
        {
            "name": "王芳芳",
            "phone": "13812340000",
            "email": "wff@example.com",
            "company": "北京华信科技有限公司",
            "address": ADDRESS,
            "tags": "vip",
            "notes": "喜欢绿茶",
            "source": "门店登记",
            "id_number": ID_NUMBER,
        },
    )


@pytest.fixture
def staff(ui_vault: Vault) -> dict[str, str]:
    """Sales, auditor and manager accounts whose password is already their own."""
    owner = ui_vault.actor
    for name, role in ROLES.items():
        users.add(ui_vault, owner, name, PASSWORDS[name], role)
        users.reset_password(ui_vault, owner, name, PASSWORDS[name], must_change=False)
    return PASSWORDS


@pytest.fixture
def sign_in(ui_vault: Vault, staff) -> Iterator:
    opened: list[Vault] = []

    def unlock(name: str) -> Vault:
        vault = Vault.unlock(ui_vault.folder, name, PASSWORDS[name])
        opened.append(vault)
        return vault

    yield unlock
    for vault in opened:
        vault.lock()


def make_window(qtbot, vault: Vault, settings, runner) -> MainWindow:
    window = MainWindow(vault, settings, runner, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def answering(monkeypatch, *answers: QMessageBox.StandardButton) -> list[str]:
    """QMessageBox.question gives ``answers`` in turn; returns the texts of the questions asked."""
    asked: list[str] = []
    queue = list(answers)

    def question(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def column_keys(window: MainWindow) -> list[str]:
    return [f.key for f in window.model.fields()]


def column_values(window: MainWindow, key: str) -> list[str]:
    model, column = window.model, window.model.column_of(key)
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def every_text(root: QWidget) -> list[str]:
    """Whatever the window shows or holds as text: line edits, labels and every model's data."""
    texts = [e.text() for e in root.findChildren(QLineEdit)]
    texts += [e.toPlainText() for e in root.findChildren(QPlainTextEdit)]
    texts += [label.text() for label in root.findChildren(QLabel)]
    models = set(root.findChildren(QAbstractItemModel))
    for model in models:
        for row in range(min(model.rowCount(), 200)):
            for column in range(model.columnCount()):
                value = model.data(model.index(row, column))
                if value is not None:
                    texts.append(str(value))
    return texts


# ------------------------------------------------------------------------------ columns and editor


def test_sales_and_owner_see_different_columns_and_editor_fields(
    qtbot, ui_vault, wang, sign_in, settings, inline_runner
) -> None:
    sales_vault = sign_in("sally")
    for user in (ui_vault.user, "sally"):
        settings.set_columns_for(ui_vault.vault_id, user, ALL_COLUMNS)

    owner_window = make_window(qtbot, ui_vault, settings, inline_runner)
    sales_window = make_window(qtbot, sales_vault, settings, inline_runner)

    assert column_keys(owner_window) == ALL_COLUMNS
    assert column_keys(sales_window) == ["name", "phone", "email", "company", "address", "tags", "source"]
    assert ADDRESS in column_values(owner_window, "address")
    sales_addresses = column_values(sales_window, "address")
    assert MASKED_ADDRESS in sales_addresses
    assert ADDRESS not in sales_addresses

    chooser = sales_window.open_column_chooser()
    listed = [chooser.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(chooser.list.count())]
    assert "notes" not in listed and "id_number" not in listed
    chooser.reject()

    owner_editor = owner_window.open_customer(wang.id)
    assert set(owner_editor.widgets) == set(ALL_COLUMNS)
    owner_editor.discard()

    editor = sales_window.open_customer(wang.id)
    assert editor.shown_fields() == ["name", "phone", "email", "company", "address", "tags", "source"]
    assert set(editor.widgets) == {"name", "phone", "email", "company", "tags"}
    masked = editor.shown_widget("address")
    assert isinstance(masked, QLineEdit) and masked.isReadOnly()
    assert masked.text() == MASKED_ADDRESS
    assert editor.shown_widget("source").isReadOnly()
    assert editor.findChild(QPushButton, "reveal_address") is None  # sales may not reveal
    assert editor.findChild(QWidget, "field_notes") is None
    assert editor.findChild(QWidget, "field_id_number") is None
    assert ID_NUMBER not in every_text(editor) and "喜欢绿茶" not in every_text(editor)
    editor.discard()


def test_a_write_the_core_refuses_shows_its_message(
    qtbot, ui_vault, wang, sign_in, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, sign_in("sally"), settings, inline_runner)
    editor = window.open_customer(wang.id)
    # The policy changes while the editor is open: the core refuses, and says why.
    access.set_level(ui_vault, ui_vault.actor, "sales", "company", "read")
    shown: list[str] = []
    monkeypatch.setattr("ui.editor.show_error", lambda _parent, error, _title=None: shown.append(str(error)))
    editor.set_value("company", "新公司")
    editor.save()
    assert shown and "may not change the field" in shown[0]
    assert editor.isVisible()
    editor.discard()


def test_sales_cannot_sort_by_a_masked_column(
    qtbot, ui_vault, wang, sign_in, settings, inline_runner, monkeypatch
) -> None:
    # The core sorts by name, phone, e-mail and company; the owner masks e-mail for sales.
    access.set_level(ui_vault, ui_vault.actor, "sales", "email", "masked")
    settings.set_columns_for(ui_vault.vault_id, "sally", ALL_COLUMNS)
    window = make_window(qtbot, sign_in("sally"), settings, inline_runner)
    header = window.table.horizontalHeader()
    made: list[str] = []
    real_view = customer_model.CustomerView

    def spy(*args, **kwargs):
        made.append(kwargs.get("sort", "name"))
        return real_view(*args, **kwargs)

    monkeypatch.setattr(customer_model, "CustomerView", spy)
    email = window.model.column_of("email")
    assert column_values(window, "email")[0].startswith(("w***@", "x***@", "j***@", "m***@"))
    assert not window.model.is_sortable(email)
    assert not window.model.is_sortable(window.model.column_of("address"))
    before = (window.model.sort_key, header.sortIndicatorSection())
    header.setSortIndicator(email, Qt.SortOrder.DescendingOrder)  # as a click on the header does
    window.model.sort(email, Qt.SortOrder.AscendingOrder)
    assert made == []  # no core call
    assert header.sortIndicatorSection() != email
    assert (window.model.sort_key, header.sortIndicatorSection()) == before
    tooltip = window.model.headerData(email, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "masked" in tooltip
    # A readable column still sorts.
    header.setSortIndicator(window.model.column_of("phone"), Qt.SortOrder.AscendingOrder)
    assert made == ["phone"]


def test_auditor_sees_counts_only_and_no_customer_data(
    qtbot, ui_vault, wang, sign_in, settings, inline_runner, monkeypatch
) -> None:
    made: list[str] = []
    real_view = customer_model.CustomerView

    def spy(*args, **kwargs):
        made.append(kwargs.get("sort", "name"))
        return real_view(*args, **kwargs)

    monkeypatch.setattr(customer_model, "CustomerView", spy)
    auditor_vault = sign_in("audrey")
    window = make_window(qtbot, auditor_vault, settings, inline_runner)

    assert window.counts_only
    assert window.list_stack.currentWidget() is window.counts_page
    assert window.counts_total.text() == "7 customers"
    assert "Your role (Auditor) shows counts only" in window.counts_message.text()
    assert not window.search_box.isEnabled()
    assert not window.action_new.isEnabled() and not window.action_columns.isEnabled()
    assert window.open_column_chooser() is None
    texts = "\n".join(every_text(window))
    for secret in [*SECRETS, "王芳芳", ADDRESS, MASKED_ADDRESS]:
        assert secret not in texts
    assert made == []  # not even a list of ids was made

    # A model made for the auditor anyway sorts by creation, never by name.
    model = CustomerTableModel(auditor_vault, auditor_vault.actor, [], "en")
    model.load("")
    assert made == ["created_at"]
    assert model.view is not None and model.view.sort == "created_at"


# ------------------------------------------------------------------------------ reveal


def test_reveal_as_manager_asks_a_reason_shows_the_value_once_and_is_audited(
    qtbot, ui_vault, wang, sign_in, settings, inline_runner
) -> None:
    access.set_level(ui_vault, ui_vault.actor, "manager", "address", "masked")
    settings.set_columns_for(ui_vault.vault_id, "mia", ALL_COLUMNS)
    window = make_window(qtbot, sign_in("mia"), settings, inline_runner)
    editor: CustomerEditor = window.open_customer(wang.id)
    assert editor.shown_widget("address").text() == MASKED_ADDRESS
    button = editor.findChild(QPushButton, "reveal_address")
    assert button is not None and button.isVisible()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = editor.reveal_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # a reason is required
    dialog.accept()
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "Delivery for order 1042")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert editor.shown_widget("address").text() == ADDRESS
    assert "address" in editor.revealed and not button.isEnabled()
    assert "address" not in editor.widgets  # shown, still not editable
    assert ADDRESS not in column_values(window, "address")  # the model keeps the masked form
    entry = next(e for e in ui_vault.audit().entries(limit=50) if e.action == "customer.reveal")
    assert entry.actor == "mia" and entry.object == f"customer:{wang.id}"
    assert entry.details == {"field": "address", "reason": "Delivery for order 1042"}

    window.lock()
    assert ADDRESS not in "\n".join(every_text(window))


# ------------------------------------------------------------------------------ users


def test_users_dialog_adds_a_sales_user_who_can_then_sign_in(
    qtbot, ui_vault, settings, inline_runner
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    assert window.feature(AdministrationFeature).action_users.isEnabled()
    dialog: UsersDialog = window.feature(AdministrationFeature).open_users()
    add = dialog.add_user()
    qtbot.keyClicks(add.name, "sally")
    add.role.setCurrentIndex(add.role.findData("sales"))
    qtbot.keyClicks(add.passwords.password, "sales-pass-1")
    qtbot.keyClicks(add.passwords.confirm, "sales-pass-2")
    add.submit()
    assert add.isVisible() and "not the same" in add.error.text()
    add.passwords.confirm.setText("sales-pass-1")
    add.submit()

    sally = next(u for u in dialog.users() if u.name == "sally")
    assert (sally.role, sally.status, sally.must_change_password) == ("sales", "active", True)
    assert "sally was added as Sales" in dialog.message.text()
    row = [u.name for u in dialog.users()].index("sally")
    assert dialog.table.item(row, 1).text() == "Sales"
    assert dialog.table.item(row, 3).text() == "Must change at next sign-in"
    signed_in = Vault.unlock(ui_vault.folder, "sally", "sales-pass-1")
    try:
        assert signed_in.actor == Actor("sally", "sales") and signed_in.must_change_password
    finally:
        signed_in.lock()


def test_users_dialog_shows_the_refusal_to_remove_the_last_owner(
    qtbot, ui_vault, staff, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog = window.feature(AdministrationFeature).open_users()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.select(ui_vault.user)
    assert dialog.remove_user()
    assert dialog.message.isVisible()
    assert "is the last owner" in dialog.message.text()
    assert ui_vault.user in [u.name for u in dialog.users()]

    dialog.select("audrey")
    dialog.toggle_status()
    assert next(u for u in dialog.users() if u.name == "audrey").status == "disabled"
    assert dialog.status_button.text() == "Enable"
    dialog.set_role("sally", "manager")
    assert next(u for u in dialog.users() if u.name == "sally").role == "manager"


def test_a_manager_cannot_raise_their_own_role(qtbot, sign_in, settings, inline_runner) -> None:
    window = make_window(qtbot, sign_in("mia"), settings, inline_runner)
    admin = window.feature(AdministrationFeature)
    assert admin.action_users.isEnabled() and not admin.action_roles.isEnabled()
    assert admin.open_roles() is None
    dialog = admin.open_users()
    dialog.set_role("mia", "owner")
    assert "cannot" in dialog.message.text()
    assert next(u for u in dialog.users() if u.name == "mia").role == "manager"


def test_removing_a_user_and_accepting_the_prompt_rotates_the_data_key(
    qtbot, ui_vault, staff, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog = window.feature(AdministrationFeature).open_users()
    assert dialog.rotate_button.isEnabled()
    old_key = data_key(ui_vault.folder, "sally", staff["sally"])
    assert opens_db(ui_vault.folder, old_key)
    before = customers.search(ui_vault, ui_vault.actor, "王芳").ids
    yes = QMessageBox.StandardButton.Yes
    asked = answering(monkeypatch, yes, yes)

    dialog.select("sally")
    assert dialog.remove_user()

    assert len(asked) == 2
    assert asked[1].startswith("sally was removed. Rotate the data key now?")
    assert "(recommended after removing a user)" in asked[1]
    assert "sally" not in [u.name for u in dialog.users()]
    with pytest.raises(sqlcipher3.DatabaseError):
        conn = sqlcipher3.connect(str(ui_vault.folder / VAULT_DB))
        try:
            conn.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    assert dialog.message.isVisible() and dialog.message.styleSheet() == INFO_STYLE
    assert "The data key was rotated" in dialog.message.text()
    assert dialog.add_button.isEnabled() and dialog.rotate_button.isEnabled()
    # The open vault carries on under the new key, and the rotation is in the audit log.
    assert customers.search(ui_vault, ui_vault.actor, "王芳").ids == before
    assert ui_vault.audit().verify().ok
    actions = [e.action for e in ui_vault.audit().entries(limit=5)]
    assert actions[0] == "vault.key_rotated" and "user.remove" in actions
    assert opens_db(ui_vault.folder, data_key(ui_vault.folder, "audrey", staff["audrey"]))
    dialog.set_role("audrey", "service")  # the dialog itself still works
    assert next(u for u in dialog.users() if u.name == "audrey").role == "service"


def test_declining_the_rotate_prompt_keeps_the_key_and_the_button_rotates_later(
    qtbot, ui_vault, staff, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog = window.feature(AdministrationFeature).open_users()
    old_key = data_key(ui_vault.folder, "sally", staff["sally"])
    asked = answering(monkeypatch, QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)
    dialog.select("sally")
    assert dialog.remove_user()
    assert len(asked) == 2 and dialog.message.text() == "sally was removed."
    assert opens_db(ui_vault.folder, old_key)

    answering(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.rotate_button, Qt.MouseButton.LeftButton)
    assert not opens_db(ui_vault.folder, old_key)
    assert "The data key was rotated" in dialog.message.text()


def test_rotation_runs_off_the_gui_thread_with_the_dialog_busy(
    qtbot, ui_vault, staff, thread_runner, monkeypatch
) -> None:
    dialog = UsersDialog(ui_vault, thread_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    old_key = data_key(ui_vault.folder, "sally", staff["sally"])
    answering(monkeypatch, QMessageBox.StandardButton.Yes)
    assert dialog.ask_to_rotate()
    assert not dialog.rotate_button.isEnabled() and not dialog.add_button.isEnabled()
    assert "Rotating the data key" in dialog.message.text()
    qtbot.waitUntil(lambda: "The data key was rotated" in dialog.message.text(), timeout=10_000)
    assert dialog.rotate_button.isEnabled() and dialog.add_button.isEnabled()
    assert not opens_db(ui_vault.folder, old_key)
    assert "sally" in [u.name for u in dialog.users()]


def test_a_sales_user_cannot_rotate_the_data_key(
    qtbot, ui_vault, sign_in, inline_runner, monkeypatch
) -> None:
    sales = sign_in("sally")
    key = data_key(ui_vault.folder, "sally", PASSWORDS["sally"])
    dialog = UsersDialog(sales, inline_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.rotate_button.isEnabled()
    answering(monkeypatch, QMessageBox.StandardButton.Yes)
    assert dialog.ask_to_rotate()  # asked anyway (e.g. by a shortcut): the core refuses
    assert dialog.message.isVisible() and dialog.message.styleSheet() == ERROR_STYLE
    assert dialog.message.text() == "sally (sales) may not manage users."
    assert not dialog.rotate_button.isEnabled()
    assert opens_db(ui_vault.folder, key)
    assert "vault.key_rotated" not in [e.action for e in ui_vault.audit().entries(limit=5)]


# ------------------------------------------------------------------------------ role editor


def test_role_editor_changes_a_level_and_restores_the_defaults(
    qtbot, ui_vault, wang, sign_in, settings, inline_runner
) -> None:
    sales = sign_in("sally")
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog: RolesDialog = window.feature(AdministrationFeature).open_roles()
    assert dialog.level("sales", "notes") == "hidden"
    assert not dialog.level_combo("owner", "notes").isEnabled()  # the owner's column is fixed
    assert dialog.level_combo("sales", "notes").itemText(0) == "Hidden"
    assert not dialog.save_button.isEnabled()

    dialog.set_level("sales", "notes", "read")
    dialog.permission_box("sales", "reveal").setChecked(True)
    assert dialog.save_button.isEnabled()
    dialog.save()
    assert "Saved" in dialog.message.text()
    seen = customers.get(sales, sales.actor, wang.id)
    assert seen.get("notes") == "喜欢绿茶"
    assert access.access_for(sales, sales.actor).allows("reveal")

    dialog.restore_defaults()
    assert dialog.level("sales", "notes") == "hidden"
    dialog.save()
    assert "notes" not in customers.get(sales, sales.actor, wang.id).values
    assert access.describe_role(ui_vault, ui_vault.actor, "sales")["fields"][6]["override"] is False
    assert not access.access_for(sales, sales.actor).allows("reveal")  # back to sales' starting set

    add = dialog.open_add_role()
    qtbot.keyClicks(add.name, "billing")
    add.base.setCurrentIndex(add.base.findData("service"))
    add.submit()
    assert dialog.level("billing", "address") == "write"
    assert "billing" in {r.name for r in access.list_roles(ui_vault, ui_vault.actor)}


def notes_level(vault: Vault, role: str) -> str:
    fields = access.describe_role(vault, vault.actor, role)["fields"]
    return next(f["level"] for f in fields if f["key"] == "notes")


def test_closing_the_role_editor_without_changes_asks_nothing(
    qtbot, ui_vault, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog = window.feature(AdministrationFeature).open_roles()
    asked = answering(monkeypatch)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and asked == []


def test_closing_the_role_editor_with_changes_and_cancel_stays(
    qtbot, ui_vault, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog = window.feature(AdministrationFeature).open_roles()
    dialog.set_level("sales", "notes", "read")
    cancel = QMessageBox.StandardButton.Cancel
    asked = answering(monkeypatch, cancel, cancel, cancel)

    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.close()  # the window's own close button

    assert asked == ["The changed levels and permissions are not saved yet. Discard the changes?"] * 3
    assert dialog.isVisible() and dialog.has_changes()
    assert dialog.level("sales", "notes") == "read"
    assert notes_level(ui_vault, "sales") == "hidden"


def test_closing_the_role_editor_and_discarding_drops_the_changes(
    qtbot, ui_vault, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog = window.feature(AdministrationFeature).open_roles()
    dialog.set_level("sales", "notes", "read")
    dialog.permission_box("sales", "reveal").setChecked(True)
    asked = answering(monkeypatch, QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and not dialog.isVisible()
    assert notes_level(ui_vault, "sales") == "hidden"
    assert "reveal" not in access.describe_role(ui_vault, ui_vault.actor, "sales")["permissions"]


def test_closing_the_role_editor_and_saving_saves_then_closes(
    qtbot, ui_vault, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog = window.feature(AdministrationFeature).open_roles()
    dialog.set_level("sales", "notes", "read")
    asked = answering(monkeypatch, QMessageBox.StandardButton.Save)
    assert dialog.close()
    assert len(asked) == 1 and not dialog.isVisible()
    assert notes_level(ui_vault, "sales") == "read"


def test_saving_on_close_stays_open_when_the_core_refuses(
    qtbot, ui_vault, settings, inline_runner, monkeypatch
) -> None:
    window = make_window(qtbot, ui_vault, settings, inline_runner)
    dialog = window.feature(AdministrationFeature).open_roles()
    dialog.set_level("sales", "notes", "read")

    def refuse(*_args, **_kwargs):
        raise PermissionDeniedError("no policy changes today")

    monkeypatch.setattr(access, "set_level", refuse)
    answering(monkeypatch, QMessageBox.StandardButton.Save)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.has_changes()
    assert dialog.message.text() == "no policy changes today"


def test_sales_cannot_open_the_role_editor_or_users(qtbot, sign_in, settings, inline_runner) -> None:
    window = make_window(qtbot, sign_in("sally"), settings, inline_runner)
    admin = window.feature(AdministrationFeature)
    assert not admin.action_users.isVisible() and not admin.action_users.isEnabled()
    assert admin.open_users() is None and admin.open_roles() is None
    assert not window.action_delete.isEnabled()
    with pytest.raises(PermissionDeniedError):
        access.set_level(window.vault, window.vault.actor, "sales", "notes", "write")


# ------------------------------------------------------------------------------ first sign-in


@pytest.fixture
def newcomer(ui_vault: Vault) -> Iterator[Vault]:
    users.add(ui_vault, ui_vault.actor, "nina", "initial-pass-1", "sales")
    vault = Vault.unlock(ui_vault.folder, "nina", "initial-pass-1")
    yield vault
    vault.lock()


def test_first_sign_in_shows_the_role_banner_and_asks_for_a_new_password(
    qtbot, ui_vault, newcomer, settings, inline_runner
) -> None:
    window = make_window(qtbot, newcomer, settings, inline_runner)
    qtbot.waitUntil(lambda: window.password_dialog is not None and window.password_dialog.isVisible())
    dialog = window.password_dialog
    qtbot.keyClicks(dialog.old_password, "initial-pass-1")
    qtbot.keyClicks(dialog.new_password, "nina-own-pass")
    qtbot.keyClicks(dialog.confirm_password, "nina-own-pass")
    dialog.submit()
    assert not dialog.isVisible() and window.password_dialog is None
    assert not newcomer.must_change_password and not window.is_locked
    Vault.unlock(ui_vault.folder, "nina", "nina-own-pass").lock()
    assert window.role_banner.isVisible()
    assert window.role_banner_text.text() == (
        "As Sales you see: Name, Phone, Email, Company, Tags, Source of collection (read only); "
        "masked: Address; hidden: Notes, Resident ID number."
    )

    qtbot.mouseClick(window.role_banner_dismiss, Qt.MouseButton.LeftButton)
    assert not window.role_banner.isVisible()


def test_no_customer_shows_before_the_forced_password_change(
    qtbot, ui_vault, newcomer, settings, inline_runner
) -> None:
    names = [c["name"] for c in SAMPLE_CUSTOMERS] + [c["phone"] for c in SAMPLE_CUSTOMERS if "phone" in c]
    window = make_window(qtbot, newcomer, settings, inline_runner)
    qtbot.waitUntil(lambda: window.password_dialog is not None and window.password_dialog.isVisible())
    assert window.model.rowCount() == 0
    assert not window.table.isVisible() and window.findChild(QWidget, "lockedPage").isVisible()
    shown = every_text(window)
    assert not [name for name in names if any(name in text for text in shown)]
    assert not window.action_new.isEnabled()

    dialog = window.password_dialog
    qtbot.keyClicks(dialog.old_password, "initial-pass-1")
    qtbot.keyClicks(dialog.new_password, "nina-own-pass")
    qtbot.keyClicks(dialog.confirm_password, "nina-own-pass")
    qtbot.keyClick(dialog.confirm_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == len(SAMPLE_CUSTOMERS))
    assert window.table.isVisible()


def test_a_wrong_current_password_is_explained_and_cancel_locks(
    qtbot, newcomer, settings, inline_runner
) -> None:
    window = make_window(qtbot, newcomer, settings, inline_runner)
    qtbot.waitUntil(lambda: window.password_dialog is not None and window.password_dialog.isVisible())
    dialog = window.password_dialog
    dialog.old_password.setText("not-my-pass")
    dialog.new_password.setText("nina-own-pass")
    dialog.confirm_password.setText("nina-own-pass")
    dialog.submit()
    assert dialog.isVisible() and "Wrong password" in dialog.error.text()
    with qtbot.waitSignal(window.locked):
        dialog.reject()
    assert window.is_locked
    assert not window.role_banner.isVisible()


def test_adding_a_user_runs_off_the_gui_thread(qtbot, ui_vault, thread_runner) -> None:
    dialog = UsersDialog(ui_vault, thread_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    add = dialog.add_user()
    add.name.setText("sam")
    add.role.setCurrentIndex(add.role.findData("service"))
    add.passwords.password.setText("service-pass-1")
    add.passwords.confirm.setText("service-pass-1")
    add.submit()
    qtbot.waitUntil(lambda: "sam" in [u.name for u in dialog.users()], timeout=10_000)
    assert dialog.add_button.isEnabled()
    assert "sam was added" in dialog.message.text()
