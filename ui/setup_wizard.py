"""First run: create a new vault, or point Custos at one that already exists.

Pages: welcome (create or open) → location → business and owner → creating → recovery code.
Creating runs ``Vault.create`` (Argon2id, a few seconds with real parameters) in the task
runner, so the window keeps painting. The business-and-owner page is a commit page: once the
vault exists there is no way back, only forward to the recovery code, which is shown once.

Cancelling never leaves a half-made vault: during creation the cancel waits for the worker
and then deletes what it wrote; on the recovery page the vault is complete, so cancelling
asks first (the code will not be shown again) and keeps the vault.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QLocale, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.errors import KnownError
from app.passwords import MIN_PASSWORD_LENGTH
from app.vault import Vault, default_vault_folder, is_vault, vault_users
from app.vault.vault import discard_new_vault
from ui import style
from ui.enter_key import PrimaryButton
from ui.messages import describe
from ui.password_meter import PasswordStrengthMeter
from ui.recovery_code import RecoveryCodePanel
from ui.settings import DEFAULT_VAULT, LAST_USER, Settings
from ui.tasks import Task, TaskRunner

PAGE_WELCOME, PAGE_LOCATION, PAGE_ACCOUNT, PAGE_CREATING, PAGE_RECOVERY = range(5)


def _native(path: Path) -> str:
    return QDir.toNativeSeparators(str(path))


def _is_bug(error: BaseException) -> bool:
    return not isinstance(error, KnownError | OSError)


# ----------------------------------------------------------------------------- pages


class _Page(QWizardPage):
    """A page that draws its own heading: QWizard's header is small and cramped, and this
    one matches the sign-in and settings dialogs."""

    def __init__(self, setup: SetupWizard) -> None:
        super().__init__()
        self._setup = setup
        self.heading = style.title_label("")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(10, 6, 10, 0)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.intro)
        self.body.addSpacing(style.SPACING + 6)

    def set_heading(self, title: str) -> None:
        self.heading.setText(title)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)


class WelcomePage(_Page):
    def __init__(self, setup: SetupWizard) -> None:
        super().__init__(setup)
        self.set_heading(self.tr("Welcome to Custos"))
        self.set_intro(
            self.tr(
                "Custos keeps your customer records in an encrypted vault on this computer. "
                "How would you like to start?"
            )
        )
        self.create_radio = QRadioButton(self.tr("Create a new vault"))
        self.create_radio.setChecked(True)
        create_note = style.note_label(
            self.tr("Start from scratch: choose where the vault is kept and set the owner's password.")
        )
        self.open_radio = QRadioButton(self.tr("Open an existing vault…"))
        open_note = style.note_label(
            self.tr(
                "Use a vault that already exists, for example one copied from another computer "
                "or restored from a backup."
            )
        )
        choice = QButtonGroup(self)
        choice.addButton(self.create_radio)
        choice.addButton(self.open_radio)

        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(self.tr("The vault's folder"))
        self.folder_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton(self.tr("Browse…"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.message = style.InlineMessage()

        layout = self.body
        layout.setSpacing(4)
        layout.addWidget(self.create_radio)
        layout.addLayout(_indented(create_note))
        layout.addSpacing(style.SPACING * 2)
        layout.addWidget(self.open_radio)
        layout.addLayout(_indented(open_note))
        layout.addSpacing(6)
        layout.addLayout(_indented(folder_row))
        layout.addSpacing(6)
        layout.addLayout(_indented(self.message))
        layout.addStretch(1)

        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Open"))
        self.open_radio.toggled.connect(self._choice_changed)
        self.folder_edit.textChanged.connect(self._folder_edited)
        self.browse_button.clicked.connect(self._browse)
        self._choice_changed()

    @property
    def opening(self) -> bool:
        return self.open_radio.isChecked()

    def _choice_changed(self) -> None:
        self.folder_edit.setEnabled(self.opening)
        self.browse_button.setEnabled(self.opening)
        self.message.clear()
        if self.opening:
            self.folder_edit.setFocus()
        # QWizard re-reads nextId() only on page switches; this makes it swap Next for Open.
        self.setFinalPage(self.opening)
        self.completeChanged.emit()

    def _folder_edited(self) -> None:
        self.message.clear()
        self.completeChanged.emit()

    def _browse(self) -> None:
        start = self.folder_edit.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the vault's folder"), start)
        if chosen:
            self.folder_edit.setText(QDir.toNativeSeparators(chosen))

    def nextId(self) -> int:
        return -1 if self.opening else PAGE_LOCATION

    def isComplete(self) -> bool:
        return bool(self.folder_edit.text().strip()) if self.opening else True

    def validatePage(self) -> bool:
        if not self.opening:
            return True
        folder = Path(self.folder_edit.text().strip()).expanduser().absolute()
        try:
            # Says why in the core's words: no such folder, a file, not a vault (is_vault), or
            # a vault missing one of its two files.
            vault_users(folder)
        except KnownError as error:
            self.message.show_error(describe(error))
            return False
        self._setup.chose_existing(folder)
        return True


class LocationPage(_Page):
    def __init__(self, setup: SetupWizard) -> None:
        super().__init__(setup)
        self.set_heading(self.tr("Where to keep the vault"))
        self.set_intro(
            self.tr(
                "The vault is a folder holding the encrypted customer database and its keys. "
                "Choose a new folder, or an empty one."
            )
        )
        self.folder_edit = QLineEdit()
        self.browse_button = QPushButton(self.tr("Browse…"))
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        self.message = style.InlineMessage()
        tip = style.note_label(
            self.tr(
                "Include this folder in your regular backups. A copy of it is of no use to anyone "
                "without a password or the recovery code."
            )
        )

        form = style.FormGrid()
        form.add_row(self.tr("Vault folder:"), row)
        form.add_row("", self.message)
        layout = self.body
        layout.addLayout(form)
        layout.addSpacing(style.SPACING)
        layout.addWidget(tip)
        layout.addStretch(1)

        self.folder_edit.textChanged.connect(self._check)
        self.browse_button.clicked.connect(self._browse)
        self._ok = False

    def initializePage(self) -> None:
        if not self.folder_edit.text():
            self.folder_edit.setText(_native(self._setup.initial_folder))
        self._check()

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser().absolute()

    def _browse(self) -> None:
        start = self.folder_edit.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder for the vault"), start)
        if chosen:
            self.folder_edit.setText(QDir.toNativeSeparators(chosen))

    def _check(self) -> None:
        text = self.folder_edit.text().strip()
        self._ok = False
        if not text:
            self.message.clear()
        else:
            folder = self.folder()
            if not folder.exists():
                self._ok = True
                self.message.show_info(self.tr("A new folder will be created."))
            elif not folder.is_dir():
                self.message.show_error(self.tr("This is a file, not a folder. Choose a folder."))
            elif is_vault(folder):
                self.message.show_error(
                    self.tr(
                        "This folder already holds a Custos vault. Go back and choose “Open an "
                        "existing vault…”, or choose another folder."
                    )
                )
            elif _has_entries(folder):
                self.message.show_error(
                    self.tr(
                        "This folder is not empty. Choose an empty folder, or type the name of a new one."
                    )
                )
            else:
                self._ok = True
                self.message.show_info(self.tr("The vault will be created in this empty folder."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._ok

    def validatePage(self) -> bool:
        self._check()  # the folder may have changed on disk since it was typed
        return self._ok


class AccountPage(_Page):
    def __init__(self, setup: SetupWizard) -> None:
        super().__init__(setup)
        self.set_heading(self.tr("Your business and the owner"))
        self.set_intro(
            self.tr(
                "The owner manages users, rules and every record. Without the owner's password, or "
                "the recovery code, nobody can read the vault."
            )
        )
        self.business_edit = QLineEdit()
        self.business_edit.setPlaceholderText(self.tr("Printed on reports; may be left empty"))
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText(self.tr("The name you will sign in with"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = PasswordStrengthMeter()
        self.show_check = QCheckBox(self.tr("Show passwords"))
        self.message = style.InlineMessage()
        hint = style.note_label(
            self.tr("At least %1 characters. A few unrelated words make a strong password.").replace(
                "%1", QLocale().toString(MIN_PASSWORD_LENGTH)
            )
        )

        form = style.FormGrid()
        form.setVerticalSpacing(10)
        form.add_row(self.tr("Business name:"), self.business_edit)
        form.add_row(self.tr("Owner's name:"), self.owner_edit)
        form.add_gap(12)
        form.add_row(self.tr("Password:"), self.password_edit)
        form.add_row("", self.meter)
        form.add_row("", hint)
        form.add_gap(4)
        form.add_row(self.tr("Repeat password:"), self.confirm_edit)
        form.add_row("", self.show_check)
        layout = self.body
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create vault"))
        for edit in (self.business_edit, self.owner_edit, self.password_edit, self.confirm_edit):
            edit.textChanged.connect(self._update)
        self.show_check.toggled.connect(self._show_passwords)

    def initializePage(self) -> None:
        self.business_edit.setFocus()

    def _show_passwords(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password_edit.setEchoMode(mode)
        self.confirm_edit.setEchoMode(mode)

    def _update(self) -> None:
        password, confirm = self.password_edit.text(), self.confirm_edit.text()
        self.meter.set_context(self.owner_edit.text().strip(), self.business_edit.text().strip())
        self.meter.set_password(password)
        if password and len(password) < MIN_PASSWORD_LENGTH:
            self.message.show_error(
                self.tr("The password needs at least %1 characters.").replace(
                    "%1", QLocale().toString(MIN_PASSWORD_LENGTH)
                )
            )
        elif (
            confirm
            and confirm != password
            and (len(confirm) >= len(password) or not password.startswith(confirm))
        ):
            self.message.show_error(self.tr("The two passwords do not match."))
        else:
            self.message.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        password = self.password_edit.text()
        return (
            bool(self.owner_edit.text().strip())
            and len(password) >= MIN_PASSWORD_LENGTH
            and password == self.confirm_edit.text()
        )

    def forget_passwords(self) -> None:
        self.password_edit.clear()
        self.confirm_edit.clear()


class CreatingPage(_Page):
    def __init__(self, setup: SetupWizard) -> None:
        super().__init__(setup)
        self.set_heading(self.tr("Creating the vault"))
        self.set_intro(
            self.tr(
                "Custos is deriving the encryption keys and preparing the database. This takes a few seconds."
            )
        )
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: Argon2 reports no progress
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(8)
        self.status = style.note_label(self.tr("Working…"))
        layout = self.body
        layout.addSpacing(40)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addStretch(1)
        # Committing again: after the vault exists, Back must not lead to creating another one.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Next"))

    def initializePage(self) -> None:
        self.status.setText(self.tr("Working…"))
        # After the page is on screen: starting inside initializePage would let an inline
        # runner move the wizard on while it is still switching pages.
        QTimer.singleShot(0, self._setup.start_creation)

    def show_cancelling(self) -> None:
        self.status.setText(self.tr("Cancelling… the vault being created will be removed."))

    def isComplete(self) -> bool:
        return self._setup.vault is not None


class RecoveryPage(_Page):
    def __init__(self, setup: SetupWizard) -> None:
        super().__init__(setup)
        self.set_heading(self.tr("Your recovery code"))
        self.set_intro(
            self.tr(
                "If every password is forgotten, this code is the only way back into the vault. "
                "It is shown only this once."
            )
        )
        self.panel = RecoveryCodePanel(setup.runner)
        self.code_label = self.panel.code_label
        self.kit_button = self.panel.kit_button
        self.kit_message = self.panel.kit_message
        self.stored_check = self.panel.stored_check
        self.body.addWidget(self.panel, 1)
        self.panel.stored_changed.connect(self.completeChanged)

    def initializePage(self) -> None:
        vault = self._setup.vault
        self.panel.show_code(
            self._setup.recovery_code,
            vault_id=vault.vault_id if vault else "",
            location=str(vault.folder) if vault else "",
            business=self._setup.account_page.business_edit.text().strip(),
        )
        self.stored_check.setFocus()

    def isComplete(self) -> bool:
        return self.panel.stored


def _indented(item: QWidget | QHBoxLayout) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(26, 0, 0, 0)
    if isinstance(item, QWidget):
        row.addWidget(item)
    else:
        row.addLayout(item)
    return row


def _has_entries(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError:
        return True  # unreadable: not a folder we can safely use


def confirm_close_without_code(parent: QWidget, folder: Path) -> bool:
    """Ask before leaving the recovery page: the vault stays, the code is gone for good."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("SetupWizard", "Close set-up?"))
    box.setText(QCoreApplication.translate("SetupWizard", "The recovery code will not be shown again."))
    box.setInformativeText(
        QCoreApplication.translate(
            "SetupWizard",
            "Your vault has been created at %1 and you can sign in to it with your password. "
            "Without the recovery code, a forgotten password cannot be reset and the data cannot "
            "be recovered.",
        ).replace("%1", _native(folder))
    )
    leave = box.addButton(
        QCoreApplication.translate("SetupWizard", "Close without the code"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    stay = box.addButton(
        QCoreApplication.translate("SetupWizard", "Back to the code"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(stay)
    box.exec()
    return box.clickedButton() is leave


# ----------------------------------------------------------------------------- the wizard


class SetupWizard(QWizard):
    """Creates a vault (``vault`` is then the unlocked vault) or picks an existing one
    (``existing_folder``; the caller signs in). Either way the folder becomes the default."""

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self.runner = runner
        self.initial_folder = Path(folder) if folder else default_vault_folder()
        self.vault: Vault | None = None
        self.recovery_code = ""
        self.existing_folder: Path | None = None
        self.creating = False
        self._cancel_requested = False
        self._folder_existed = False

        self.setWindowTitle(self.tr("Set up Custos"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(660, 520)
        self.welcome_page = WelcomePage(self)
        self.location_page = LocationPage(self)
        self.account_page = AccountPage(self)
        self.creating_page = CreatingPage(self)
        self.recovery_page = RecoveryPage(self)
        self.setPage(PAGE_WELCOME, self.welcome_page)
        self.setPage(PAGE_LOCATION, self.location_page)
        self.setPage(PAGE_ACCOUNT, self.account_page)
        self.setPage(PAGE_CREATING, self.creating_page)
        self.setPage(PAGE_RECOVERY, self.recovery_page)
        self.setStartId(PAGE_WELCOME)
        # QWizard makes Next, Commit or Finish the default on each page; no other button,
        # Browse… or "Save emergency kit…" included, may take Enter over by having focus.
        self.enter_key = PrimaryButton(self, None)

    # ------------------------------------------------------------------ open an existing vault

    def chose_existing(self, folder: Path) -> None:
        self.existing_folder = folder
        self._settings.set(DEFAULT_VAULT, str(folder))

    # ------------------------------------------------------------------ creating

    def start_creation(self) -> None:
        if self.creating or self.vault is not None or self.currentId() != PAGE_CREATING:
            return
        folder = self.location_page.folder()
        owner = self.account_page.owner_edit.text().strip()
        password = self.account_page.password_edit.text()
        business = self.account_page.business_edit.text().strip()
        self._folder_existed = folder.exists()
        self.creating = True
        self._cancel_requested = False

        def create(_task: Task) -> tuple[Vault, str]:
            vault, code = Vault.create(folder, owner=owner, password=password, business_name=business)
            vault.close_thread_connection()
            return vault, code

        self.runner.run(create, on_result=self._created, on_error=self._creation_failed)

    def _created(self, result: tuple[Vault, str]) -> None:
        vault, code = result
        self.creating = False
        if self._cancel_requested:
            discard_new_vault(vault, remove_folder=not self._folder_existed)
            super().reject()
            return
        self.vault, self.recovery_code = vault, code
        self.account_page.forget_passwords()
        # Remembered now, not at Finish: from here on the vault exists whatever happens next.
        self._settings.set(DEFAULT_VAULT, str(vault.folder))
        self._settings.set(LAST_USER, vault.user or "")
        self.creating_page.completeChanged.emit()
        self.next()

    def _creation_failed(self, error: BaseException) -> None:
        self.creating = False
        if self._cancel_requested:
            super().reject()
            return
        self.back()  # to the owner page, the commit page; its values are still there
        self.account_page.message.show_error(
            self.tr("The vault could not be created. %1").replace("%1", describe(error))
        )
        if _is_bug(error):
            raise error

    # ------------------------------------------------------------------ leaving

    def reject(self) -> None:
        if self.creating:
            # The worker cannot be interrupted inside Argon2; when it returns, what it
            # created is deleted (see _created) and the wizard closes.
            self._cancel_requested = True
            self.creating_page.show_cancelling()
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            return
        if self.vault is not None and self.result() != QWizard.DialogCode.Accepted:
            if not confirm_close_without_code(self, self.vault.folder):
                return
            self.vault.lock()
            self.vault = None
        super().reject()
