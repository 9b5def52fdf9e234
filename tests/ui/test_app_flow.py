"""From start to the main window and back: set-up or sign-in, demo, lock and sign in again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDialog,
    QProgressDialog,
    QRadioButton,
    QWizard,
)

import app.cli
import ui.main as main_mod
import ui.setup_wizard as setup_wizard_mod
from app import demo
from app.vault import Vault, default_vault_folder
from ui import launch
from ui.i18n import Translations
from ui.main import Launcher, choose_folder, parse_args
from ui.settings import DEFAULT_VAULT, LANGUAGE, TABLE_DENSITY
from ui.setup_wizard import PAGE_RECOVERY, SetupWizard
from ui.signin import SignInDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

OWNER = "owner"
PASSWORD = "owner-pass-1"
Button = QWizard.WizardButton


@pytest.fixture(autouse=True)
def no_modal_confirmation(monkeypatch) -> None:
    monkeypatch.setattr(setup_wizard_mod, "confirm_close_without_code", lambda parent, folder: True)


@pytest.fixture
def translations(qapp) -> Translations:
    return Translations(qapp)


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    Vault.create(folder, owner=OWNER, password=PASSWORD, business_name="王记五金店")[0].lock()
    return folder


def make_launcher(
    qtbot, settings, runner, translations, folder: Path, **kwargs
) -> tuple[Launcher, list[int]]:
    launcher = Launcher(settings, runner, translations, folder=folder, **kwargs)
    exits: list[int] = []
    launcher.exit_requested.connect(exits.append)
    return launcher, exits


def adopt(qtbot, widget):
    """Let pytest-qt close the widget after the test."""
    if widget is not None:
        qtbot.addWidget(widget)
    return widget


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    where = QPoint(8, button.height() // 2) if isinstance(button, QCheckBox | QRadioButton) else QPoint()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)


def sign_in(qtbot, dialog: SignInDialog, password: str = PASSWORD) -> None:
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.password_edit, password)
    click(qtbot, dialog.sign_in_button)


def main_window_class():
    return pytest.importorskip("ui.main_window").MainWindow


# ------------------------------------------------------------------------------ arguments


def test_options_choose_the_folder(settings, tmp_path) -> None:
    assert choose_folder(parse_args([]), settings) == default_vault_folder()
    settings.set(DEFAULT_VAULT, str(tmp_path / "remembered"))
    assert choose_folder(parse_args([]), settings) == tmp_path / "remembered"
    assert choose_folder(parse_args(["--vault", str(tmp_path / "x")]), settings) == tmp_path / "x"
    args = parse_args(["--demo"])
    assert args.demo and choose_folder(args, settings) == default_vault_folder().parent / "demo-vault"
    args = parse_args(["--demo", "--vault", "demo-vault"])
    assert choose_folder(args, settings) == Path("demo-vault").absolute()


def test_custos_opens_the_app_unless_given_a_subcommand(monkeypatch) -> None:
    opened: list[list[str]] = []
    scripted: list[list[str]] = []
    monkeypatch.setattr(main_mod, "run", lambda args: opened.append(list(args)) or 0)
    monkeypatch.setattr(app.cli, "main", lambda args: scripted.append(list(args)) or 0)

    for args in ([], ["--vault", "v"], ["--vault=v"], ["--demo"], ["--demo", "--vault", "v"]):
        assert launch.main(args) == 0
    for args in (["init", "--vault", "v"], ["demo", "--vault", "v"], ["--help"]):
        assert launch.main(args) == 0

    assert opened == [[], ["--vault", "v"], ["--vault=v"], ["--demo"], ["--demo", "--vault", "v"]]
    assert scripted == [["init", "--vault", "v"], ["demo", "--vault", "v"], ["--help"]]


# ------------------------------------------------------------------------------ before the main window


def test_no_vault_starts_the_wizard_and_cancel_quits(qtbot, settings, inline_runner, translations, tmp_path):
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, tmp_path / "new")
    launcher.start()
    wizard = adopt(qtbot, launcher.wizard)
    assert isinstance(wizard, SetupWizard) and wizard.isVisible()
    assert launcher.signin is None

    click(qtbot, wizard.button(Button.CancelButton))
    assert exits == [0]
    assert not (tmp_path / "new").exists()


def test_a_vault_starts_sign_in_and_cancel_quits(qtbot, settings, inline_runner, translations, existing):
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, existing)
    launcher.start()
    dialog = adopt(qtbot, launcher.signin)
    assert launcher.wizard is None
    assert dialog.isVisible() and dialog.folder == existing
    click(qtbot, dialog.cancel_button)
    assert exits == [0]


def test_wizard_open_existing_goes_on_to_sign_in(
    qtbot, settings, inline_runner, translations, tmp_path, existing
):
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, tmp_path / "none")
    launcher.start()
    wizard = adopt(qtbot, launcher.wizard)
    qtbot.waitExposed(wizard)
    click(qtbot, wizard.welcome_page.open_radio)
    qtbot.keyClicks(wizard.welcome_page.folder_edit, str(existing))
    click(qtbot, wizard.button(Button.FinishButton))

    dialog = adopt(qtbot, launcher.signin)
    assert dialog is not None and dialog.isVisible()
    assert dialog.folder == existing
    assert exits == []


def test_demo_builds_the_vault_then_asks_for_the_password(
    qtbot, settings, inline_runner, translations, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(main_mod, "DEMO_CUSTOMERS", 40)
    folder = tmp_path / "demo-vault"
    progress_seen: list[QProgressDialog] = []
    real_progress = Launcher._demo_progress

    def seeing_progress(self, done, total, text):
        progress_seen.append(self.progress)
        real_progress(self, done, total, text)

    monkeypatch.setattr(Launcher, "_demo_progress", seeing_progress)
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, folder, demo=True)
    launcher.start()

    dialog = adopt(qtbot, launcher.signin)
    assert progress_seen and progress_seen[-1] is not None  # a progress dialog while it worked
    assert launcher.progress is None  # and gone afterwards
    assert dialog.isVisible()
    assert dialog.user_combo.currentText() == demo.DEMO_OWNER
    assert dialog.password_edit.text() == ""  # never filled in
    out = capsys.readouterr().out
    assert demo.DEMO_PASSWORD in out and repr(demo.DEMO_OWNER) in out
    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    try:
        from app import customers

        assert customers.count(vault, vault.actor) == 40
    finally:
        vault.lock()
    assert exits == []


def test_demo_that_cannot_open_the_folder_says_why_and_quits(
    qtbot, settings, inline_runner, translations, existing, monkeypatch
):
    monkeypatch.setattr(main_mod, "DEMO_CUSTOMERS", 10)
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, existing, demo=True)
    launcher.start()  # a real vault with another password: the demo must not get in
    box = adopt(qtbot, launcher.error_box)
    assert box is not None and box.isVisible()  # open(), not exec()
    assert "The demo vault could not be prepared." in box.text()
    assert launcher.signin is None
    box.accept()
    assert exits == [1]


# ------------------------------------------------------------------------------ with the main window


def test_set_up_opens_the_main_window(qtbot, settings, inline_runner, translations, tmp_path):
    main_window = main_window_class()
    folder = tmp_path / "vault"
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, folder)
    launcher.start()
    wizard = adopt(qtbot, launcher.wizard)
    qtbot.waitExposed(wizard)
    click(qtbot, wizard.button(Button.NextButton))
    click(qtbot, wizard.button(Button.NextButton))
    page = wizard.account_page
    qtbot.keyClicks(page.owner_edit, OWNER)
    qtbot.keyClicks(page.password_edit, PASSWORD)
    qtbot.keyClicks(page.confirm_edit, PASSWORD)
    click(qtbot, wizard.button(Button.CommitButton))
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY)
    click(qtbot, wizard.recovery_page.stored_check)
    click(qtbot, wizard.button(Button.FinishButton))

    window = adopt(qtbot, launcher.window)
    assert isinstance(window, main_window) and window.isVisible()
    assert window.vault is wizard.vault and not window.is_locked
    assert exits == []
    launcher.shutdown()


def test_after_a_lock_sign_in_comes_back_and_unlocks_the_window(
    qtbot, settings, inline_runner, translations, existing, memory_keyring
):
    main_window_class()
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, existing)
    launcher.start()
    first = adopt(qtbot, launcher.signin)
    click(qtbot, first.automatic_check)  # even with automatic sign-in on …
    sign_in(qtbot, first)
    window = adopt(qtbot, launcher.window)
    old_vault = window.vault
    assert window.isVisible() and not window.is_locked

    window.lock()

    assert old_vault.is_locked and window.is_locked
    dialog = adopt(qtbot, launcher.signin)
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    assert dialog.parent() is window  # covers the window's locked page
    qtbot.wait(50)
    assert dialog.vault is None  # … a lock is never undone by the keyring
    assert not dialog.switch_button.isVisible()
    assert dialog.user_combo.currentText() == OWNER

    sign_in(qtbot, dialog)

    assert not window.is_locked
    assert window.vault is dialog.vault and window.vault is not old_vault
    assert launcher.vault is dialog.vault
    assert window.isVisible() and exits == []
    launcher.shutdown()
    assert window.vault.is_locked


def test_cancelling_sign_in_after_a_lock_quits(qtbot, settings, inline_runner, translations, existing):
    main_window_class()
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, existing)
    launcher.start()
    sign_in(qtbot, adopt(qtbot, launcher.signin))
    window = adopt(qtbot, launcher.window)
    window.lock()
    dialog = adopt(qtbot, launcher.signin)
    click(qtbot, dialog.cancel_button)
    assert exits == [0]
    assert window.is_locked


def test_closing_the_main_window_quits_and_locks(qtbot, settings, inline_runner, translations, existing):
    main_window_class()
    launcher, exits = make_launcher(qtbot, settings, inline_runner, translations, existing)
    launcher.start()
    sign_in(qtbot, adopt(qtbot, launcher.signin))
    window = adopt(qtbot, launcher.window)
    vault = window.vault
    window.close()
    qtbot.waitUntil(lambda: exits == [0])
    launcher.shutdown()
    assert vault.is_locked


def test_settings_from_the_main_window_apply_at_once(
    qtbot, settings, inline_runner, translations, existing, monkeypatch
):
    main_window_class()
    applied: list[str] = []
    monkeypatch.setattr(translations, "apply", lambda preference: applied.append(preference) or "en")
    launcher, _exits = make_launcher(qtbot, settings, inline_runner, translations, existing)
    launcher.start()
    sign_in(qtbot, adopt(qtbot, launcher.signin))
    window = adopt(qtbot, launcher.window)
    refreshed: list[bool] = []
    monkeypatch.setattr(window, "apply_settings", lambda: refreshed.append(True))

    window.settings_requested.emit()
    dialog = adopt(qtbot, launcher.settings_dialog)
    assert dialog is not None and dialog.isVisible() and dialog.parent() is window
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.density_combo.setCurrentIndex(dialog.density_combo.findData("compact"))
    dialog.accept()

    assert applied == ["en"]
    assert refreshed == [True]
    assert settings.get(LANGUAGE) == "en" and settings.get(TABLE_DENSITY) == "compact"
    launcher.shutdown()


# ------------------------------------------------------------------------------ run()


def test_run_shows_the_wizard_for_a_new_folder_and_returns_when_cancelled(
    qtbot, settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(main_mod, "Settings", lambda: settings)
    folder = tmp_path / "fresh"
    seen: list[QDialog] = []

    def cancel_the_wizard() -> None:
        wizards = [w for w in QApplication.topLevelWidgets() if isinstance(w, SetupWizard) and w.isVisible()]
        if not wizards:
            QTimer.singleShot(20, cancel_the_wizard)
            return
        seen.append(wizards[0])
        wizards[0].reject()

    QTimer.singleShot(20, cancel_the_wizard)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: QApplication.exit(99))
    watchdog.start(15_000)
    try:
        code = main_mod.run(["--vault", str(folder)])
    finally:
        watchdog.stop()
    for widget in seen:
        adopt(qtbot, widget)

    assert code == 0
    assert seen and seen[0].location_page is not None
    assert QApplication.applicationName() == "Custos"
    assert QApplication.organizationName() == "Custos"
    assert not folder.exists()
