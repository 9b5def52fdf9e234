"""The first-run wizard: create a vault end to end, or open an existing one; nothing half-made."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QFileDialog, QRadioButton, QWizard

import ui.setup_wizard as setup_wizard_mod
from app.vault import VAULT_DB, VAULT_KEYS, Vault
from ui.password_meter import PasswordStrengthMeter
from ui.settings import DEFAULT_VAULT, LAST_USER
from ui.setup_wizard import (
    PAGE_ACCOUNT,
    PAGE_CREATING,
    PAGE_LOCATION,
    PAGE_RECOVERY,
    PAGE_WELCOME,
    SetupWizard,
)
from ui.tasks import InlineTaskRunner, Task

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

RECOVERY_CODE = re.compile(r"[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){5}")
OWNER = "wang"
PASSWORD = "correct-horse-9"
Button = QWizard.WizardButton


@pytest.fixture(autouse=True)
def no_modal_confirmation(monkeypatch) -> list[Path]:
    """Closing the wizard on the recovery page asks in a modal box; tests answer "close"."""
    asked: list[Path] = []

    def close(parent, folder: Path) -> bool:
        asked.append(folder)
        return True

    monkeypatch.setattr(setup_wizard_mod, "confirm_close_without_code", close)
    return asked


class HeldRunner(InlineTaskRunner):
    """Keeps each task until the test releases it: the moment "while the worker runs"."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[tuple] = []

    def run(self, fn, *, on_result=None, on_error=None, on_progress=None, vault=None, parent=None) -> Task:
        self.held.append((fn, on_result, on_error))
        return Task(parent)

    def release(self) -> None:
        fn, on_result, on_error = self.held.pop(0)
        super().run(fn, on_result=on_result, on_error=on_error)


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    # Check boxes and radio buttons stretch across the page: aim at the indicator.
    where = QPoint(8, button.height() // 2) if isinstance(button, QCheckBox | QRadioButton) else QPoint()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)


def make_wizard(qtbot, settings, runner, folder: Path | None = None) -> SetupWizard:
    wizard = SetupWizard(settings, runner, folder=folder)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def to_account_page(qtbot, wizard: SetupWizard, folder: Path) -> None:
    click(qtbot, wizard.button(Button.NextButton))
    assert wizard.currentId() == PAGE_LOCATION
    edit = wizard.location_page.folder_edit
    edit.clear()
    qtbot.keyClicks(edit, str(folder))
    click(qtbot, wizard.button(Button.NextButton))
    assert wizard.currentId() == PAGE_ACCOUNT


def fill_account(qtbot, wizard: SetupWizard, password: str = PASSWORD, confirm: str | None = None) -> None:
    page = wizard.account_page
    page.business_edit.setText("王记五金店")  # typed through an input method in real life
    qtbot.keyClicks(page.owner_edit, OWNER)
    qtbot.keyClicks(page.password_edit, password)
    qtbot.keyClicks(page.confirm_edit, password if confirm is None else confirm)


def create(qtbot, wizard: SetupWizard, folder: Path) -> str:
    to_account_page(qtbot, wizard, folder)
    fill_account(qtbot, wizard)
    click(qtbot, wizard.button(Button.CommitButton))
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY)
    return wizard.recovery_page.code_label.text()


def test_wizard_creates_a_vault_end_to_end(qtbot, settings, inline_runner, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "shop vault"
    wizard = make_wizard(qtbot, settings, inline_runner, folder)
    assert wizard.currentId() == PAGE_WELCOME
    assert wizard.welcome_page.create_radio.isChecked()

    code = create(qtbot, wizard, folder)

    assert RECOVERY_CODE.fullmatch(code)
    assert wizard.button(Button.BackButton).isEnabled() is False  # no way back to "create"
    finish = wizard.button(Button.FinishButton)
    assert not finish.isEnabled()  # not before "I have stored it"

    kit = tmp_path / "kit" / "Custos emergency kit"
    kit.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(kit), "PDF documents (*.pdf)"))
    click(qtbot, wizard.recovery_page.kit_button)
    saved = kit.with_name(kit.name + ".pdf")
    assert saved.read_bytes().startswith(b"%PDF")
    assert wizard.recovery_page.kit_message.kind == "success"
    assert str(saved) in wizard.recovery_page.kit_message.text()

    click(qtbot, wizard.recovery_page.stored_check)
    assert finish.isEnabled()
    click(qtbot, finish)

    assert wizard.result() == QWizard.DialogCode.Accepted
    vault = wizard.vault
    assert vault is not None and not vault.is_locked
    try:
        assert vault.user == OWNER
        assert vault.business_name == "王记五金店"
    finally:
        vault.lock()
    assert (folder / VAULT_DB).is_file() and (folder / VAULT_KEYS).is_file()
    assert settings.get(DEFAULT_VAULT) == str(folder)
    assert settings.get(LAST_USER) == OWNER
    assert wizard.account_page.password_edit.text() == ""  # not kept in a widget
    Vault.unlock_with_recovery_code(folder, code).lock()  # the code shown is the real one
    Vault.unlock(folder, OWNER, PASSWORD).lock()


def test_creation_runs_in_a_worker_thread_while_the_window_stays_live(
    qtbot, settings, thread_runner, tmp_path, monkeypatch
) -> None:
    threads: list[int] = []
    real_create = Vault.create

    def recording_create(*args, **kwargs):
        threads.append(threading.get_ident())
        return real_create(*args, **kwargs)

    monkeypatch.setattr(Vault, "create", recording_create)
    folder = tmp_path / "vault"
    wizard = make_wizard(qtbot, settings, thread_runner, folder)
    to_account_page(qtbot, wizard, folder)
    fill_account(qtbot, wizard)
    click(qtbot, wizard.button(Button.CommitButton))

    assert wizard.currentId() == PAGE_CREATING
    assert wizard.creating_page.busy.isVisible()
    assert wizard.creating_page.busy.maximum() == 0  # an indeterminate busy bar
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY, timeout=20_000)

    assert threads and threads[0] != threading.get_ident()
    assert RECOVERY_CODE.fullmatch(wizard.recovery_page.code_label.text())
    wizard.vault.lock()


def test_cancel_while_creating_removes_the_new_vault(qtbot, settings, tmp_path) -> None:
    runner = HeldRunner()
    folder = tmp_path / "new" / "vault"
    wizard = make_wizard(qtbot, settings, runner, folder)
    to_account_page(qtbot, wizard, folder)
    fill_account(qtbot, wizard)
    click(qtbot, wizard.button(Button.CommitButton))
    qtbot.waitUntil(lambda: len(runner.held) == 1)

    click(qtbot, wizard.button(Button.CancelButton))
    assert wizard.isVisible()  # waits for the worker, which cannot stop inside Argon2
    assert "Cancelling" in wizard.creating_page.status.text()
    assert not wizard.button(Button.CancelButton).isEnabled()

    runner.release()  # the worker finishes creating; the wizard deletes it and closes

    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert wizard.vault is None
    assert not folder.exists()
    assert settings.get(DEFAULT_VAULT) == ""


def test_cancel_on_the_recovery_page_asks_and_keeps_the_vault(
    qtbot, settings, inline_runner, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "vault"
    wizard = make_wizard(qtbot, settings, inline_runner, folder)
    create(qtbot, wizard, folder)
    vault = wizard.vault
    answers: list[Path] = []

    def stay(parent, where):
        answers.append(where)
        return False

    monkeypatch.setattr(setup_wizard_mod, "confirm_close_without_code", stay)
    click(qtbot, wizard.button(Button.CancelButton))
    assert answers == [folder]
    assert wizard.isVisible() and wizard.currentId() == PAGE_RECOVERY

    monkeypatch.setattr(setup_wizard_mod, "confirm_close_without_code", lambda parent, where: True)
    click(qtbot, wizard.button(Button.CancelButton))
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert vault.is_locked
    assert (folder / VAULT_KEYS).is_file()  # the vault is complete and stays
    assert settings.get(DEFAULT_VAULT) == str(folder)  # so the next start offers sign-in
    Vault.unlock(folder, OWNER, PASSWORD).lock()


def test_open_existing_with_a_folder_that_is_no_vault_shows_the_core_message(
    qtbot, settings, inline_runner, tmp_path, monkeypatch
) -> None:
    plain = tmp_path / "Documents"
    plain.mkdir()
    (plain / "letter.txt").write_text("hello", "utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(plain))
    wizard = make_wizard(qtbot, settings, inline_runner)
    page = wizard.welcome_page

    click(qtbot, page.open_radio)
    click(qtbot, page.browse_button)
    assert page.folder_edit.text() == str(plain)
    open_button = wizard.button(Button.FinishButton)
    assert open_button.text() == "Open"
    assert not wizard.button(Button.NextButton).isVisible()
    click(qtbot, open_button)

    assert wizard.isVisible() and wizard.result() != QWizard.DialogCode.Accepted
    assert page.message.isVisible() and page.message.kind == "error"
    assert "This folder is not a Custos vault." in page.message.text()
    assert "has no vault.db or vault.keys" in page.message.text()  # the core's own words
    assert wizard.existing_folder is None

    click(qtbot, page.create_radio)  # back to creating: Next again, message gone
    assert wizard.button(Button.NextButton).isVisible()
    assert not page.message.isVisible()


def test_open_existing_vault_hands_the_folder_to_sign_in(qtbot, settings, inline_runner, tmp_path) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, owner=OWNER, password=PASSWORD)[0].lock()
    wizard = make_wizard(qtbot, settings, inline_runner)
    click(qtbot, wizard.welcome_page.open_radio)
    qtbot.keyClicks(wizard.welcome_page.folder_edit, str(folder))
    click(qtbot, wizard.button(Button.FinishButton))

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.existing_folder == folder
    assert wizard.vault is None  # signing in is the sign-in dialog's job
    assert settings.get(DEFAULT_VAULT) == str(folder)


def test_location_must_be_new_or_empty(qtbot, settings, inline_runner, tmp_path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "file.txt").write_text("x", "utf-8")
    wizard = make_wizard(qtbot, settings, inline_runner, tmp_path / "fresh")
    click(qtbot, wizard.button(Button.NextButton))
    page = wizard.location_page
    assert page.folder_edit.text() == str(tmp_path / "fresh")  # the folder passed in
    assert "A new folder will be created." in page.message.text()
    assert wizard.button(Button.NextButton).isEnabled()

    page.folder_edit.clear()
    qtbot.keyClicks(page.folder_edit, str(busy))
    assert page.message.kind == "error" and "not empty" in page.message.text()
    assert not wizard.button(Button.NextButton).isEnabled()

    empty = tmp_path / "empty"
    empty.mkdir()
    page.folder_edit.clear()
    qtbot.keyClicks(page.folder_edit, str(empty))
    assert "empty folder" in page.message.text()
    assert wizard.button(Button.NextButton).isEnabled()


def test_default_location_is_the_os_data_folder(
    qtbot, settings, inline_runner, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(setup_wizard_mod, "default_vault_folder", lambda: tmp_path / "data" / "vault")
    wizard = make_wizard(qtbot, settings, inline_runner)
    click(qtbot, wizard.button(Button.NextButton))
    assert wizard.location_page.folder_edit.text() == str(tmp_path / "data" / "vault")


def test_too_short_password_blocks_create(qtbot, settings, inline_runner, tmp_path) -> None:
    wizard = make_wizard(qtbot, settings, inline_runner)
    to_account_page(qtbot, wizard, tmp_path / "vault")
    page = wizard.account_page
    qtbot.keyClicks(page.owner_edit, OWNER)
    qtbot.keyClicks(page.password_edit, "short")
    qtbot.keyClicks(page.confirm_edit, "short")

    create_button = wizard.button(Button.CommitButton)
    assert create_button.text() == "Create vault"
    assert not create_button.isEnabled()
    assert page.message.text() == "The password needs at least 8 characters."
    assert page.meter.label.text() == "Too short"


def test_password_mismatch_blocks_create_and_says_so(qtbot, settings, inline_runner, tmp_path) -> None:
    wizard = make_wizard(qtbot, settings, inline_runner)
    to_account_page(qtbot, wizard, tmp_path / "vault")
    page = wizard.account_page
    fill_account(qtbot, wizard, password="long-enough-1", confirm="long-enough-2")

    assert not wizard.button(Button.CommitButton).isEnabled()
    assert page.message.isVisible() and page.message.text() == "The two passwords do not match."

    page.confirm_edit.clear()
    qtbot.keyClicks(page.confirm_edit, "long-eno")  # still typing: no complaint yet
    assert not page.message.isVisible()
    qtbot.keyClicks(page.confirm_edit, "ugh-1")
    assert not page.message.isVisible()
    assert wizard.button(Button.CommitButton).isEnabled()


def test_owner_name_is_required(qtbot, settings, inline_runner, tmp_path) -> None:
    wizard = make_wizard(qtbot, settings, inline_runner)
    to_account_page(qtbot, wizard, tmp_path / "vault")
    page = wizard.account_page
    qtbot.keyClicks(page.password_edit, PASSWORD)
    qtbot.keyClicks(page.confirm_edit, PASSWORD)
    assert not wizard.button(Button.CommitButton).isEnabled()
    qtbot.keyClicks(page.owner_edit, "   ")
    assert not wizard.button(Button.CommitButton).isEnabled()


def test_failed_creation_returns_to_the_owner_page_with_the_reason(
    qtbot, settings, inline_runner, tmp_path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    folder = blocker / "vault"  # cannot be made: its parent is a file
    wizard = make_wizard(qtbot, settings, inline_runner)
    to_account_page(qtbot, wizard, folder)
    fill_account(qtbot, wizard)
    click(qtbot, wizard.button(Button.CommitButton))

    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_ACCOUNT)
    message = wizard.account_page.message
    assert message.kind == "error"
    assert message.text().startswith("The vault could not be created.")
    assert "Cannot create the vault folder" in message.text()
    assert wizard.account_page.password_edit.text() == PASSWORD  # nothing to retype
    assert wizard.vault is None


def test_emergency_kit_write_error_is_shown(qtbot, settings, inline_runner, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "vault"
    wizard = make_wizard(qtbot, settings, inline_runner, folder)
    create(qtbot, wizard, folder)
    missing = tmp_path / "no such folder" / "kit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    click(qtbot, wizard.recovery_page.kit_button)

    message = wizard.recovery_page.kit_message
    assert message.kind == "error"
    assert message.text().startswith("The emergency kit was not saved.")
    assert wizard.recovery_page.kit_button.isEnabled()  # try again elsewhere
    assert not missing.exists()
    wizard.vault.lock()


def test_emergency_kit_dialog_cancelled_writes_nothing(
    qtbot, settings, inline_runner, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "vault"
    wizard = make_wizard(qtbot, settings, inline_runner, folder)
    create(qtbot, wizard, folder)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    click(qtbot, wizard.recovery_page.kit_button)
    assert not wizard.recovery_page.kit_message.isVisible()
    wizard.vault.lock()


@pytest.mark.parametrize(
    ("password", "word"),
    [
        ("short", "Too short"),
        ("Password1234", "Weak"),
        ("password", "Very weak"),
        ("correct-horse-battery-9", "Strong"),
    ],
)
def test_the_meter_shows_zxcvbns_rating_and_advice(qtbot, password: str, word: str) -> None:
    meter = PasswordStrengthMeter()
    qtbot.addWidget(meter)
    meter.set_password(password)
    assert meter.label.text() == word
    if password == "Password1234":
        assert meter.advice.text() == (
            "This is similar to a commonly used password. Add another word or two. Uncommon words are better."
        )


def test_the_meter_counts_the_owner_and_business_names_against_the_password(qtbot, settings, tmp_path):
    wizard = make_wizard(qtbot, settings, InlineTaskRunner(), tmp_path / "v")
    to_account_page(qtbot, wizard, tmp_path / "v")
    page = wizard.account_page
    qtbot.keyClicks(page.password_edit, "xiaowang88!")
    assert page.meter.label.text() == "Strong"
    qtbot.keyClicks(page.owner_edit, "xiaowang")
    assert page.meter.label.text() in ("Very weak", "Weak", "Fair")


@pytest.mark.parametrize("has_documents", [True, False])
def test_emergency_kit_save_dialog_opens_in_documents_not_the_working_folder(
    qtbot, settings, inline_runner, tmp_path, monkeypatch, has_documents: bool
) -> None:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    if has_documents:
        (home / "Documents").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.chdir(tmp_path)  # the working folder, where the kit must not be offered
    folder = tmp_path / "vault"
    wizard = make_wizard(qtbot, settings, inline_runner, folder)
    create(qtbot, wizard, folder)
    offered: list[str] = []

    def save_file_name(_parent, _title, start, _filter):
        offered.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    click(qtbot, wizard.recovery_page.kit_button)
    expected = home / "Documents" if has_documents else home
    assert offered == [str(expected / "Custos emergency kit.pdf")]
    wizard.vault.lock()
