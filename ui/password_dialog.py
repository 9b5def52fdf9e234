"""Changing one's own password: old, new, new again; the core proves the old one first.

At a new user's first sign-in the password is one someone else set (``Vault.must_change_password``),
so the main window asks for a new one before work starts (``forced=True``); cancelling then
locks the window. The change runs in the task runner: it derives two Argon2 keys.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.passwords import MIN_PASSWORD_LENGTH
from ui.enter_key import PrimaryButton
from ui.messages import describe
from ui.password_meter import PasswordStrengthMeter

ERROR_COLOR = "#b3261e"


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(240)
    return edit


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.hide()
    return label


class PasswordsForm(QWidget):
    """A new password typed twice, checked for length and sameness before the core sees it.

    Used by the users dialog (initial and reset passwords) and by ChangePasswordDialog.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.password = password_edit("password")
        self.password.setPlaceholderText(
            self.tr("At least %1 characters").replace("%1", str(MIN_PASSWORD_LENGTH))
        )
        self.confirm = password_edit("confirmPassword")

    def problem(self) -> str:
        if len(self.password.text()) < MIN_PASSWORD_LENGTH:
            return self.tr("A password needs at least %1 characters.").replace("%1", str(MIN_PASSWORD_LENGTH))
        if self.password.text() != self.confirm.text():
            return self.tr("The two passwords are not the same.")
        return ""

    def clear(self) -> None:
        self.password.setText("")
        self.confirm.setText("")


class ChangePasswordDialog(QDialog):
    """The signed-in user's own password. Accepted once the core saved the new one."""

    def __init__(
        self, vault: Any, runner: Any, parent: QWidget | None = None, *, forced: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change your password"))
        self.setModal(True)
        self._vault = vault
        self._runner = runner
        self._busy = False

        intro = QLabel(
            self.tr(
                "Your password was set by someone else. Choose a new one that only you know "
                "before you start. Cancel locks Custos."
            )
            if forced
            else self.tr("Enter your current password, then the new one twice.")
        )
        intro.setObjectName("passwordIntro")
        intro.setWordWrap(True)
        self.old_password = password_edit("oldPassword")
        self.passwords = PasswordsForm(self)
        self.new_password, self.confirm_password = self.passwords.password, self.passwords.confirm
        self.meter = PasswordStrengthMeter()
        self.meter.set_context(vault.user or "", vault.business_name)
        self.new_password.textChanged.connect(self.meter.set_password)
        self.error = error_label("passwordError")

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("Current password:"), self.old_password)
        form.addRow(self.tr("New password:"), self.new_password)
        form.addRow("", self.meter)
        form.addRow(self.tr("New password again:"), self.confirm_password)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Change password"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.ok_button)
        self.resize(460, 0)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def submit(self) -> None:
        if self._busy:
            return
        old, new = self.old_password.text(), self.new_password.text()
        if not old:
            self.show_error(self.tr("Enter your current password."))
            return
        problem = self.passwords.problem()
        if problem:
            self.show_error(problem)
            return
        if new == old:
            self.show_error(self.tr("Choose a password different from the current one."))
            return
        self.show_error("")
        self._busy = True
        self.enter_key.busy()
        self.ok_button.setEnabled(False)
        vault = self._vault
        self._runner.run(
            lambda _task: vault.change_password(old, new),
            on_result=self._done,
            on_error=self._failed,
            vault=vault,
        )

    def _clear(self) -> None:
        self.old_password.setText("")
        self.passwords.clear()

    def _done(self, _result: object) -> None:
        self._busy = False
        self._clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.show_error(describe(error))
        self.enter_key.idle(self.old_password)

    def done(self, result: int) -> None:
        self._clear()
        super().done(result)
