"""Showing a recovery code once: the code, "save the emergency kit (PDF)…", and "I have stored it".

Used by the set-up wizard's last page and by the owner's "Replace recovery code…" dialog, so
both say the same thing and save the same kit. The kit is written in the task runner (reportlab
takes a moment) and its save dialog opens in the Documents folder, never in whatever folder the
app was started from.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.access import access_for
from app.errors import KnownError
from app.reports.emergency_kit import write_emergency_kit
from ui import style
from ui.enter_key import PrimaryButton
from ui.feature import Feature, FeatureAction, Host, Section
from ui.folders import documents_folder
from ui.messages import describe
from ui.tasks import Task, TaskRunner


class RecoveryCodePanel(QWidget):
    """The code in large type, the kit button and the confirmation; ``stored_changed`` follows
    the check box. ``show_code`` fills it in; ``clear`` wipes the code from every widget."""

    stored_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._code = ""
        self._vault_id = ""
        self._location = ""
        self._business = ""
        self.code_label = QLabel()
        self.code_label.setObjectName("recoveryCode")
        self.code_label.setFont(style.monospace_font(20))
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.code_label.setStyleSheet(f"color: {style.ACCENT}; letter-spacing: 1px;")
        panel = QFrame()
        panel.setObjectName("codePanel")
        panel.setStyleSheet(
            f"#codePanel {{ background: {style.PANEL}; border: 1px solid {style.PANEL_BORDER};"
            " border-radius: 6px; }"
        )
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(16, 18, 16, 18)
        panel_layout.addWidget(self.code_label)

        advice = QLabel(
            self.tr(
                "Write it down, or save the emergency kit and print it. Keep it locked away, apart "
                "from this computer: anyone with this code and a copy of the vault can read every "
                "customer record."
            )
        )
        advice.setWordWrap(True)
        self.kit_button = QPushButton(self.tr("Save emergency kit (PDF)…"))
        self.kit_button.setObjectName("saveKit")
        self.kit_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.kit_message = style.InlineMessage()
        self.stored_check = QCheckBox(self.tr("I have stored the recovery code in a safe place"))
        self.stored_check.setObjectName("codeStored")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACING)
        layout.addWidget(panel)
        layout.addWidget(advice)
        layout.addWidget(self.kit_button)
        layout.addWidget(self.kit_message)
        layout.addStretch(1)
        layout.addWidget(self.stored_check)

        self.kit_button.clicked.connect(self.save_kit)
        self.stored_check.toggled.connect(self.stored_changed)

    def show_code(self, code: str, *, vault_id: str, location: str, business: str) -> None:
        self._code, self._vault_id, self._location, self._business = code, vault_id, location, business
        self.code_label.setText(code)
        self.kit_message.clear()
        self.stored_check.setChecked(False)

    @property
    def stored(self) -> bool:
        return self.stored_check.isChecked()

    def clear(self) -> None:
        self._code = ""
        self.code_label.setText("")

    def save_kit(self) -> None:
        if not self._code:
            return
        start = str(documents_folder() / self.tr("Custos emergency kit.pdf"))
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the emergency kit"), start, self.tr("PDF documents (*.pdf)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        business, vault_id, location, code = self._business, self._vault_id, self._location, self._code
        created = datetime.now().astimezone()

        def write(_task: Task) -> Path:
            write_emergency_kit(
                target,
                business_name=business,
                vault_id=vault_id,
                vault_location=location,
                recovery_code=code,
                created_at=created,
            )
            return target

        self.kit_button.setEnabled(False)
        self.kit_message.show_info(self.tr("Saving the emergency kit…"))
        self._runner.run(write, on_result=self._kit_saved, on_error=self._kit_failed)

    def _kit_saved(self, path: Path) -> None:
        self.kit_button.setEnabled(True)
        self.kit_message.show_success(
            self.tr("Saved to %1. Print it, keep it locked away, then delete the file.").replace(
                "%1", QDir.toNativeSeparators(str(path))
            )
        )

    def _kit_failed(self, error: BaseException) -> None:
        self.kit_button.setEnabled(True)
        self.kit_message.show_error(
            self.tr("The emergency kit was not saved. %1").replace("%1", describe(error))
        )
        if not isinstance(error, KnownError | OSError):
            raise error


class ReplaceRecoveryCodeDialog(QDialog):
    """Owner only (the core checks): make a new recovery code, show it once with its kit, and
    put it in force once the owner has stored it.

    The core replaces the code in two steps: the new code is made pending (the old one keeps
    working), and only "Done" makes it the recovery code, so a crash or a closed window between
    the two never leaves the vault with a code nobody has seen.
    """

    def __init__(self, vault: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replaceRecoveryCodeDialog")
        self.setWindowTitle(self.tr("Replace the recovery code"))
        self._vault = vault
        self._runner = runner
        self.busy = False
        self.replaced = False

        self.heading = style.title_label(self.tr("Replace the recovery code"))
        self.intro = QLabel(
            self.tr(
                "Make a new recovery code if the old one, or its emergency kit, may have been seen "
                "by someone else. The old code keeps working until you have stored the new one and "
                "pressed Done; after that the old code and kit open nothing."
            )
        )
        self.intro.setWordWrap(True)
        self.panel = RecoveryCodePanel(runner)
        self.panel.hide()
        self.message = style.InlineMessage()
        self.message.setObjectName("replaceMessage")

        self.buttons = QDialogButtonBox()
        self.primary = self.buttons.addButton(
            self.tr("Make a new code"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.primary.setObjectName("replacePrimary")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.primary.clicked.connect(self._primary_clicked)
        self.buttons.rejected.connect(self.reject)
        self.panel.stored_changed.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 18)
        layout.setSpacing(style.SPACING)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.primary)
        style.fit_width(self, 620)

    @property
    def showing_code(self) -> bool:
        return self.panel.isVisible()

    def _update_buttons(self, *_args: object) -> None:
        self.primary.setEnabled(not self.busy and (not self.showing_code or self.panel.stored))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        if busy:
            self.enter_key.busy()
            self.message.show_info(text)
        elif self.message.kind == "info":
            self.message.clear()
        self._update_buttons()
        if not busy:
            self.enter_key.idle()

    def _primary_clicked(self) -> None:
        if self.busy:
            return
        if self.showing_code:
            self.confirm()
        else:
            self.make_code()

    def make_code(self) -> None:
        vault, actor = self._vault, self._vault.actor
        self._set_busy(True, self.tr("Making a new recovery code…"))
        self._runner.run(
            lambda _task: vault.start_recovery_code_replacement(actor),
            on_result=self._made,
            on_error=self._failed,
            vault=vault,
        )

    def _made(self, code: str) -> None:
        vault = self._vault
        self.intro.setText(
            self.tr(
                "This is the new recovery code. It is shown only this once: write it down or save "
                "the new emergency kit, then press Done. Until then the old code still works."
            )
        )
        self.panel.show_code(
            code, vault_id=vault.vault_id, location=str(vault.folder), business=vault.business_name
        )
        self.panel.show()
        self.primary.setText(self.tr("Done"))
        self._set_busy(False)
        self.panel.stored_check.setFocus()

    def confirm(self) -> None:
        vault, actor = self._vault, self._vault.actor
        self._set_busy(True, self.tr("Putting the new recovery code in force…"))
        self._runner.run(
            lambda _task: vault.finish_recovery_code_replacement(actor),
            on_result=self._confirmed,
            on_error=self._failed,
            vault=vault,
        )

    def _confirmed(self, _result: object) -> None:
        self._set_busy(False)
        self.replaced = True
        self.panel.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.message.show_error(describe(error))
        if not isinstance(error, KnownError | OSError):
            raise error

    def reject(self) -> None:
        if self.busy:
            return  # the key file is being written; it takes a moment
        if self.showing_code and not self.replaced:
            answer = QMessageBox.question(
                self,
                self.tr("Close without the new code?"),
                self.tr(
                    "The old recovery code and its emergency kit stay in force. The code shown here "
                    "is not confirmed; make a new one when you are ready to store it."
                ),
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                return
        self.panel.clear()
        super().reject()


class RecoveryCodeFeature(Feature):
    """Tools → Replace recovery code…, offered to owners (the core refuses everyone else)."""

    def __init__(self, host: Host, parent: QObject | None = None) -> None:
        super().__init__(host, parent)
        self.action_replace = self.add_action("actionReplaceRecoveryCode", Section.TOOLS_SETUP, self.open)
        self.dialog: ReplaceRecoveryCodeDialog | None = None

    def retranslate(self) -> None:
        self.action_replace.setText(self.tr("Replace &recovery code…"))
        self.action_replace.setToolTip(
            self.tr("Make a new recovery code and emergency kit; the old ones stop working.")
        )

    def _is_owner(self) -> bool:
        vault = self.host.vault
        if vault is None or self.host.is_locked:
            return False
        try:
            return access_for(vault, vault.actor).role.is_owner
        except KnownError:
            return False

    def is_enabled(self, item: FeatureAction) -> bool:
        return self._is_owner()

    def update_actions(self) -> None:
        super().update_actions()
        if not self.host.is_locked:
            self.action_replace.setVisible(self._is_owner())

    def open(self) -> ReplaceRecoveryCodeDialog | None:
        vault = self.host.vault
        if vault is None or self.dialog is not None:
            return None
        dialog = ReplaceRecoveryCodeDialog(vault, self.host.runner, self.host.window())
        dialog.accepted.connect(
            lambda: self.host.show_message(
                self.tr("The new recovery code is in force; the old code and emergency kit open nothing.")
            )
        )
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        self.host.open_dialog(dialog)
        return dialog

    def _closed(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
