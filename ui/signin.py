"""Signing in to a vault: user and password, automatic sign-in, and the recovery code.

Unwrapping a key slot costs an Argon2id derivation (~0.3 s), so every unlock runs in the
task runner while the form is disabled and a busy bar moves. Errors (wrong password, too many
attempts, a damaged or newer vault, an unknown user) appear inline in red under the form, the
password field is cleared and focused, and nothing is ever shown as a traceback.

When the dialog opens it first tries "sign in automatically on this PC" (the slot key kept in
the OS keyring) for the preselected user; if that fails for any reason the form simply stays.
After an idle lock the caller passes ``automatic=False``: a lock that opened itself again
would protect nothing.

The same dialog opens a field pack (app/fieldpack.py: one ``*.custospack`` file a field user
carries on a laptop) with that user's own password: the user is the one the pack was made for,
and neither automatic sign-in nor the recovery code applies to a pack. "Open a field pack…"
chooses one. An expired pack is not offered a password at all (see ``ExpiredPackDialog``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDir, QLocale, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import fieldpack, users
from app.errors import KeyringUnavailableError, KnownError, WrongPasswordError
from app.passwords import MIN_PASSWORD_LENGTH
from app.vault import Vault, autosignin, vault_users
from ui import style
from ui.dates import format_day
from ui.enter_key import PrimaryButton
from ui.messages import describe, translate_core
from ui.password_meter import PasswordStrengthMeter
from ui.settings import DEFAULT_VAULT, LAST_USER, Settings
from ui.tasks import Task, TaskRunner


def _is_bug(error: BaseException) -> bool:
    return not isinstance(error, KnownError | OSError)


def _native(path: Path) -> str:
    return QDir.toNativeSeparators(str(path))


def _busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setFixedHeight(4)
    bar.hide()
    return bar


def expired_text(header: fieldpack.PackHeader) -> str:
    """What an expired pack says instead of opening: where it must go now."""
    return (
        QCoreApplication.translate("SignInDialog", "This field pack for %1 expired on %2.")
        .replace("%1", header.user)
        .replace("%2", format_day(header.expires_at))
        + " "
        + QCoreApplication.translate(
            "SignInDialog",
            "It no longer opens on this laptop: bring it back to the office, where it is merged "
            "into the vault (Tools → Field packs… → Merge a pack…). Nothing in it is lost.",
        )
    )


def _link_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(
        f"QPushButton {{ color: {style.ACCENT}; border: none; padding: 2px 0; text-align: left; }}"
        "QPushButton:hover { text-decoration: underline; }"
        f"QPushButton:disabled {{ color: {style.MUTED}; }}"
    )
    return button


SLOW_SIGNIN_MS = 4000  # Argon2id alone takes well under a second: longer means more is going on


class SignInDialog(QDialog):
    """Unlocks the vault at ``folder``; on success ``vault`` is the unlocked vault.

    ``user`` preselects a user name (else the last one who signed in); ``automatic`` tries
    the keyring first; ``can_switch`` offers "Open another vault…".
    """

    def __init__(
        self,
        folder: Path,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        user: str | None = None,
        automatic: bool = True,
        can_switch: bool = True,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runner = runner
        self.folder = Path(folder)
        self.vault: Vault | None = None
        self.busy = False
        self._abandoned = False
        self._switched = False
        self._automatic_pending = automatic
        self._keyring = autosignin.status()
        self.recovery_dialog: RecoveryDialog | None = None
        self.notice: QMessageBox | None = None
        # A sign-in that takes long is almost always a one-off: the first sign-in after an
        # update upgrades the vault (16 s at a million customers), or one after a crash
        # finishes what was left. Say so, rather than let the busy bar look stuck.
        self.slow_timer = QTimer(self)
        self.slow_timer.setSingleShot(True)
        self.slow_timer.setInterval(SLOW_SIGNIN_MS)
        self.slow_timer.timeout.connect(self._still_busy)

        self.setWindowTitle(self.tr("Sign in – Custos"))

        title = style.title_label(self.tr("Sign in"))
        self.folder_label = style.ElidedLabel()
        self.folder_label.setFont(style.scaled_font(self.folder_label, 0.92))
        self.folder_label.setStyleSheet(f"color: {style.MUTED};")
        self.switch_button = _link_button(self.tr("Open another vault…"))
        self.switch_button.setVisible(can_switch)
        self.pack_button = _link_button(self.tr("Open a field pack…"))
        self.pack_button.setObjectName("openFieldPack")
        self.pack_button.setVisible(can_switch)
        self.pack_header: fieldpack.PackHeader | None = None

        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)
        self.user_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.automatic_check = QCheckBox(self.tr("Sign in automatically on this PC"))
        self.automatic_note = style.note_label()
        self.automatic_note.hide()

        self.busy_bar = _busy_bar()
        self.message = style.InlineMessage()
        self.message.setObjectName("signInMessage")
        self.forgot_button = _link_button(self.tr("Forgot password?"))
        # A vault too damaged to sign in to is restored from here (app/restore.py decides whether
        # it may be replaced without signing in to it).
        self.restore_button = _link_button(self.tr("Restore from a backup…"))
        self.restore_button.setObjectName("restoreFromBackup")
        self.restore_dialog: Any = None

        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        form = style.FormGrid()
        form.setVerticalSpacing(10)
        form.add_row(self.tr("User:"), self.user_combo)
        form.add_row(self.tr("Password:"), self.password_edit)
        form.add_row("", self.automatic_check)
        form.add_row("", self.automatic_note)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.switch_button)
        folder_row.addWidget(self.pack_button)

        bottom = QHBoxLayout()
        bottom.addWidget(self.forgot_button)
        bottom.addWidget(self.restore_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 18)
        layout.setSpacing(style.SPACING)
        self.title = title
        layout.addWidget(title)
        layout.addLayout(folder_row)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.message)
        layout.addSpacing(4)
        layout.addLayout(bottom)

        self.sign_in_button.clicked.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        self.forgot_button.clicked.connect(self.open_recovery)
        self.restore_button.clicked.connect(self.open_restore)
        self.switch_button.clicked.connect(self.choose_other_vault)
        self.pack_button.clicked.connect(self.choose_pack)

        self._show_keyring_state()
        self._load_folder(self.folder, user if user is not None else settings.get(LAST_USER))
        self.enter_key = PrimaryButton(self, self.sign_in_button)
        style.fit_width(self, 500)

    # ------------------------------------------------------------------ set-up

    @property
    def is_pack(self) -> bool:
        """Whether the dialog signs in to a field pack rather than a vault folder."""
        return self.pack_header is not None

    def _show_keyring_state(self) -> None:
        if self.is_pack:
            # A pack opens with a password only: a key left in this laptop's keyring would open
            # it for anyone who has the laptop, which is what the pack's password protects against.
            self.automatic_check.setChecked(False)
            self.automatic_check.setEnabled(False)
            self.automatic_check.setToolTip("")
            self.automatic_note.setText(self.tr("A field pack always asks for the password."))
            self.automatic_note.show()
            return
        if self._keyring.available:
            self.automatic_check.setEnabled(True)
            self.automatic_check.setToolTip(
                self.tr(
                    "Custos keeps a key in this PC's secure keyring and will not ask for your "
                    "password here again."
                )
            )
            self.automatic_note.hide()
        else:
            reason = translate_core(self._keyring.reason)
            self.automatic_check.setChecked(False)
            self.automatic_check.setEnabled(False)
            self.automatic_check.setToolTip(reason)
            self.automatic_note.setText(self.tr("Not available: %1").replace("%1", reason))
            self.automatic_note.show()

    def _load_folder(self, folder: Path, preferred: str) -> None:
        self.message.clear()
        self.pack_header = None
        pack = fieldpack.is_pack(folder)
        if pack:
            try:
                self.pack_header = fieldpack.read_header(folder)
            except KnownError as error:
                self.message.show_error(describe(error))
            header = self.pack_header
            self.title.setText(self.tr("Sign in to a field pack"))
            self.setWindowTitle(self.tr("Field pack – Custos"))
            text = self.tr("Field pack: %1").replace("%1", _native(folder))
            if header is not None:
                text += "  ·  " + self.tr("expires %1").replace("%1", format_day(header.expires_at))
            self.folder_label.set_full_text(text)
            users = [header.user] if header is not None else []
            preferred = header.user if header is not None else preferred
            if header is not None and header.expired():
                self.message.show_error(expired_text(header))
        else:
            self.title.setText(self.tr("Sign in"))
            self.setWindowTitle(self.tr("Sign in – Custos"))
            self.folder_label.set_full_text(self.tr("Vault: %1").replace("%1", _native(folder)))
            try:
                users = vault_users(folder)
            except KnownError as error:
                users = []
                self.message.show_error(describe(error))
        self.forgot_button.setVisible(not pack)  # the recovery code belongs to the office vault
        self.restore_button.setVisible(not pack)
        self._show_keyring_state()
        self.user_combo.clear()
        self.user_combo.addItems(users)
        match = next((u for u in users if u.casefold() == (preferred or "").casefold()), None)
        if match is not None:
            self.user_combo.setCurrentText(match)
        elif preferred:
            self.user_combo.setEditText(preferred)
        elif len(users) == 1:
            self.user_combo.setCurrentIndex(0)
        else:
            self.user_combo.setEditText("")
        (self.password_edit if self.user_combo.currentText() else self.user_combo).setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._automatic_pending:
            self._automatic_pending = False
            (self.password_edit if self.user_combo.currentText() else self.user_combo).setFocus()
            QTimer.singleShot(0, self._try_automatic)

    # ------------------------------------------------------------------ automatic sign-in

    def _try_automatic(self) -> None:
        user = self.user_combo.currentText().strip()
        if self.busy or self.vault is not None or not user or not self._keyring.available or self.is_pack:
            return
        if self.message.kind == "error":
            return  # the folder itself has a problem; keep saying so
        folder = self.folder

        def unlock(_task: Task) -> Vault:
            vault = Vault.unlock_automatically(folder, user)
            vault.close_thread_connection()
            return vault

        self._set_busy(True, self.tr("Signing in automatically…"))
        self._runner.run(unlock, on_result=self._finish_if_wanted, on_error=self._automatic_failed)

    def _automatic_failed(self, error: BaseException) -> None:
        self._set_busy(False)  # quietly back to the form: the password works as always
        if _is_bug(error):
            raise error

    # ------------------------------------------------------------------ password sign-in

    def sign_in(self) -> None:
        if self.busy:
            return
        if self.pack_header is not None and self.pack_header.expired():
            self.message.show_error(expired_text(self.pack_header))
            return  # no password is asked: nothing in an expired pack is shown here
        user = self.user_combo.currentText().strip()
        password = self.password_edit.text()
        if not user:
            self.message.show_error(self.tr("Enter your user name."))
            self.user_combo.setFocus()
            return
        if not password:
            self.message.show_error(self.tr("Enter your password."))
            self.password_edit.setFocus()
            return
        remember = self.automatic_check.isEnabled() and self.automatic_check.isChecked()
        folder = self.folder
        pack = fieldpack.is_pack(folder)

        def unlock(_task: Task) -> tuple[Vault, KeyringUnavailableError | None]:
            if pack:
                opened = fieldpack.open_pack(folder, user, password)
                opened.close_thread_connection()
                return opened, None
            vault = Vault.unlock(folder, user, password)
            problem = None
            if remember:
                try:
                    vault.enable_automatic_signin(password)
                except KeyringUnavailableError as error:
                    problem = error
            vault.close_thread_connection()
            return vault, problem

        self._set_busy(True, self.tr("Signing in…"))
        self._runner.run(unlock, on_result=self._password_accepted, on_error=self._password_refused)

    def _password_accepted(self, result: tuple[Vault, KeyringUnavailableError | None]) -> None:
        vault, problem = result
        if self._abandoned:
            vault.lock()
            return
        self._set_busy(False)
        self.password_edit.clear()
        if problem is None:
            self._finish(vault)
            return
        # Signed in all the same; say why the next start will still ask for the password.
        self.vault = vault
        self.notice = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Automatic sign-in"),
            self.tr("You are signed in, but automatic sign-in could not be turned on.")
            + "\n\n"
            + describe(problem),
            QMessageBox.StandardButton.Ok,
            self,
        )
        self.notice.setObjectName("automaticSigninNotice")
        self.notice.finished.connect(lambda _code: self._finish(vault))
        self.notice.open()

    def _password_refused(self, error: BaseException) -> None:
        self._set_busy(False)
        if self._abandoned:
            return
        self.message.show_error(describe(error))
        self.password_edit.clear()
        self.password_edit.setFocus()
        if _is_bug(error):
            raise error

    # ------------------------------------------------------------------ recovery

    def open_recovery(self) -> None:
        if self.busy:
            return
        dialog = RecoveryDialog(self.folder, self._runner, self, user=self.user_combo.currentText().strip())
        dialog.accepted.connect(lambda: self._finish_if_wanted(dialog.vault))
        self.recovery_dialog = dialog
        dialog.open()

    def open_restore(self) -> Any:
        """The restore wizard for this folder, without a signed-in vault."""
        from ui.backup import RestoreDialog

        if self.busy:
            return None
        dialog = RestoreDialog(None, self._runner, self, folder=self.folder)
        dialog.finished.connect(lambda _result: self._load_folder(self.folder, self.user_combo.currentText()))
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ another vault

    def choose_pack(self) -> None:
        """A field pack file instead of a vault folder (on the laptop it was carried to)."""
        start = self.folder.parent if self.folder else Path.home()
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a field pack"),
            str(start),
            self.tr("Field packs (*%1)").replace("%1", fieldpack.EXTENSION),
        )
        if chosen:
            self.open_path(Path(chosen))

    def open_path(self, path: Path) -> None:
        """Switch the dialog to ``path`` (a pack file); a file that is not one is refused here."""
        if not fieldpack.is_pack(path):
            self.message.show_error(self.tr("%1 is not a Custos field pack.").replace("%1", _native(path)))
            return
        self.folder = path
        self._load_folder(path, "")

    def choose_other_vault(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Open another vault"), str(self.folder.parent if self.folder else Path.home())
        )
        if not chosen:
            return
        folder = Path(chosen)
        try:
            vault_users(folder)
        except KnownError as error:
            self.message.show_error(describe(error))
            return
        self.folder = folder
        self._switched = True
        self._load_folder(folder, self.user_combo.currentText().strip())

    # ------------------------------------------------------------------ finishing

    def _finish_if_wanted(self, vault: Vault | None) -> None:
        if vault is None:
            return
        if self._abandoned:
            vault.lock()
            return
        self._set_busy(False)
        self._finish(vault)

    def _finish(self, vault: Vault) -> None:
        self.vault = vault
        self._settings.set(LAST_USER, vault.user or "")
        if self._switched and not fieldpack.is_field_mode(vault):
            self._settings.set(DEFAULT_VAULT, str(vault.folder))
        self.message.clear()
        self.accept()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        if busy:
            self.enter_key.busy()
        for widget in (
            self.user_combo,
            self.password_edit,
            self.forgot_button,
            self.restore_button,
            self.switch_button,
            self.pack_button,
            self.sign_in_button,
        ):
            widget.setEnabled(not busy)
        self.automatic_check.setEnabled(not busy and self._keyring.available and not self.is_pack)
        if not busy:
            self.enter_key.idle()
        self.sign_in_button.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
        self.busy_bar.setVisible(busy)
        if busy:
            self.message.show_info(text)
            self.slow_timer.start()
        else:
            self.slow_timer.stop()
            if self.message.kind == "info":
                self.message.clear()

    def _still_busy(self) -> None:
        if self.busy:
            self.message.show_info(
                self.tr(
                    "Still signing in… The first sign-in after an update brings the vault up to date"
                    " (once); with many customers this can take a minute. Please wait."
                )
            )

    def reject(self) -> None:
        if self.busy:
            self._abandoned = True  # a vault unlocked after this is locked straight away
        super().reject()


class RecoveryDialog(QDialog):
    """Reset one user's password with the recovery code, then sign in as that user."""

    def __init__(
        self, folder: Path, runner: TaskRunner, parent: QWidget | None = None, *, user: str = ""
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self._runner = runner
        self.vault: Vault | None = None
        self.busy = False
        self._abandoned = False

        self.setWindowTitle(self.tr("Reset a password – Custos"))
        title = style.title_label(self.tr("Reset a password"))
        intro = style.note_label(
            self.tr(
                "Enter the recovery code from the emergency kit, choose whose password to reset and "
                "set a new one. Other users' passwords stay as they are."
            )
        )
        self.code_edit = QLineEdit()
        self.code_edit.setFont(style.monospace_font(max(11.0, self.font().pointSizeF() + 1)))
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.user_combo = QComboBox()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = PasswordStrengthMeter()
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.busy_bar = _busy_bar()
        self.message = style.InlineMessage()
        self.message.setObjectName("recoveryMessage")

        self.buttons = QDialogButtonBox()
        self.reset_button = self.buttons.addButton(
            self.tr("Reset and sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        form = style.FormGrid()
        form.setVerticalSpacing(10)
        form.add_row(self.tr("Recovery code:"), self.code_edit)
        form.add_row(self.tr("User:"), self.user_combo)
        form.add_row(self.tr("New password:"), self.password_edit)
        form.add_row("", self.meter)
        form.add_row(self.tr("Repeat password:"), self.confirm_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 18)
        layout.setSpacing(style.SPACING)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.message)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.reset_button)

        self.reset_button.clicked.connect(self.reset)
        self.buttons.rejected.connect(self.reject)
        self.password_edit.textChanged.connect(self.meter.set_password)
        self.user_combo.currentTextChanged.connect(self.meter.set_context)

        try:
            users = vault_users(self.folder)
        except KnownError as error:
            users = []
            self.message.show_error(describe(error))
        self.user_combo.addItems(users)
        match = next((u for u in users if u.casefold() == user.casefold()), None)
        if match is not None:
            self.user_combo.setCurrentText(match)
        self.meter.set_context(self.user_combo.currentText())
        self.code_edit.setFocus()
        style.fit_width(self, 540)

    def reset(self) -> None:
        if self.busy:
            return
        code = self.code_edit.text().strip()
        user = self.user_combo.currentText()
        password, confirm = self.password_edit.text(), self.confirm_edit.text()
        problem = ""
        if not code:
            problem, focus = self.tr("Enter the recovery code from the emergency kit."), self.code_edit
        elif not user:
            problem, focus = self.tr("Choose whose password to reset."), self.user_combo
        elif len(password) < MIN_PASSWORD_LENGTH:
            problem = self.tr("The new password needs at least %1 characters.").replace(
                "%1", QLocale().toString(MIN_PASSWORD_LENGTH)
            )
            focus = self.password_edit
        elif password != confirm:
            problem, focus = self.tr("The two passwords do not match."), self.confirm_edit
        if problem:
            self.message.show_error(problem)
            focus.setFocus()
            return
        folder = self.folder

        def work(_task: Task) -> Vault:
            recovered = Vault.unlock_with_recovery_code(folder, code)
            try:
                users.reset_password(recovered, recovered.actor, user, password, must_change=False)
            finally:
                recovered.lock()
            vault = Vault.unlock(folder, user, password)
            vault.close_thread_connection()
            return vault

        self._set_busy(True)
        self._runner.run(work, on_result=self._done, on_error=self._failed)

    def _done(self, vault: Vault) -> None:
        if self._abandoned:
            vault.lock()
            return
        self._set_busy(False)
        self.vault = vault
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if self._abandoned:
            return
        if isinstance(error, WrongPasswordError):
            text = self.tr(
                "That recovery code is not right for this vault. Check it against the emergency kit."
            )
            self.code_edit.selectAll()
            self.code_edit.setFocus()
        else:
            text = describe(error)
        self.message.show_error(text)
        if _is_bug(error):
            raise error

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            self.enter_key.busy()
        for widget in (
            self.code_edit,
            self.user_combo,
            self.password_edit,
            self.confirm_edit,
            self.reset_button,
        ):
            widget.setEnabled(not busy)
        if not busy:
            self.enter_key.idle()
        self.busy_bar.setVisible(busy)
        if busy:
            self.message.show_info(self.tr("Resetting the password…"))
        elif self.message.kind == "info":
            self.message.clear()

    def reject(self) -> None:
        if self.busy:
            self._abandoned = True
        super().reject()
