"""The signed-in user's own sign-in on this PC: automatic sign-in on or off.

Turning it on proves the password again (the core derives the slot key from it and keeps it in
the OS keyring); turning it off forgets the key. Where no safe keyring exists the action is
disabled and its tooltip says why, as in the sign-in dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit

from app.errors import KnownError
from app.vault import autosignin
from ui.feature import Feature, FeatureAction, Host, Section
from ui.messages import describe, translate_core


class AccountFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_automatic = self.add_action("actionAutomaticSignin", Section.FILE_SESSION, self.toggle)
        self.action_automatic.setCheckable(True)
        self.password_prompt: QInputDialog | None = None

    def retranslate(self) -> None:
        self.action_automatic.setText(self.tr("Sign in &automatically on this PC"))
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        keyring = autosignin.status()
        self.action_automatic.setToolTip(
            self.tr("Custos keeps a key in this PC's secure keyring and does not ask for your password here.")
            if keyring.available
            else self.tr("Not available: %1").replace("%1", translate_core(keyring.reason))
        )

    def is_enabled(self, item: FeatureAction) -> bool:
        vault = self.host.vault
        return vault is not None and vault.user is not None and autosignin.status().available

    def update_actions(self) -> None:
        super().update_actions()
        vault = self.host.vault
        on = False
        if vault is not None and not self.host.is_locked:
            try:
                on = vault.automatic_signin_enabled
            except KnownError:
                on = False
        self.action_automatic.setChecked(on)
        self._update_tooltip()

    def toggle(self) -> None:
        vault = self.host.vault
        if vault is None or self.host.is_locked:
            return
        if self.action_automatic.isChecked():  # the click checked it: turn it on
            self.action_automatic.setChecked(False)  # until the password proved it
            self.ask_password()
        else:
            self.host.runner.run(
                lambda _task: vault.disable_automatic_signin(),
                on_result=lambda _r: self._done(self.tr("Automatic sign-in is off on this PC.")),
                on_error=self._failed,
                vault=vault,
            )

    def ask_password(self) -> QInputDialog:
        prompt = QInputDialog(self.host.window())
        prompt.setObjectName("automaticSigninPrompt")
        prompt.setWindowTitle(self.tr("Sign in automatically on this PC"))
        prompt.setLabelText(self.tr("Enter your password to turn automatic sign-in on for this PC:"))
        prompt.setTextEchoMode(QLineEdit.EchoMode.Password)
        prompt.accepted.connect(lambda: self._enable(prompt.textValue()))  # before finished wipes it
        prompt.finished.connect(self._prompt_closed)
        self.password_prompt = prompt
        self.host.open_dialog(prompt)
        return prompt

    def _prompt_closed(self, _result: int) -> None:
        prompt, self.password_prompt = self.password_prompt, None
        if prompt is not None:
            prompt.setTextValue("")
            prompt.deleteLater()

    def _enable(self, password: str) -> None:
        vault = self.host.vault
        if vault is None or not password:
            return
        self.host.runner.run(
            lambda _task: vault.enable_automatic_signin(password),
            on_result=lambda _r: self._done(self.tr("Custos will sign you in automatically on this PC.")),
            on_error=self._failed,
            vault=vault,
        )

    def _done(self, text: str) -> None:
        self.host.show_message(text)
        self.update_actions()

    def _failed(self, error: BaseException) -> None:
        self.update_actions()
        if not isinstance(error, KnownError):
            raise error
        self.host.show_message(describe(error))
