"""Tools → Users…: who can unlock the vault, with which role; add, disable, reset, change role.

Every change goes through app.users, which checks the signed-in user's rights (a role may
only hand out or act on roles it covers; the last owner stays) and audits it. Adding a user
and resetting a password derive an Argon2 key, so every change runs in the task runner.
The core's refusals are shown in a message bar at the top of the dialog, in its words.

After a user is removed the dialog offers to rotate the data key (``Vault.rotate_data_key``):
vault.db is re-encrypted and the sensitive-field key turned over, so an old copy of the file
or of the removed user's key slot opens nothing. "Rotate data key…" does the same at any time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import access, users
from app.users import User
from ui.access_names import role_label, status_label
from ui.dates import format_moment
from ui.enter_key import PrimaryButton
from ui.messages import describe
from ui.password_dialog import PasswordsForm, error_label

ERROR_STYLE = "QLabel { color: #b3261e; background: #fdecea; padding: 8px 12px; border-radius: 4px; }"
INFO_STYLE = "QLabel { color: #1e4620; background: #edf7ed; padding: 8px 12px; border-radius: 4px; }"


def _role_combo(roles: list[access.Role], current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("role")
    for role in roles:
        combo.addItem(role_label(role.name), role.name)
    if current:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class AddUserDialog(QDialog):
    """Name, role and an initial password (typed twice); the new user changes it at first sign-in."""

    def __init__(self, roles: list[access.Role], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addUserDialog")
        self.setWindowTitle(self.tr("Add a user"))
        self.name = QLineEdit()
        self.name.setObjectName("userName")
        self.role = _role_combo(roles, "sales")
        self.passwords = PasswordsForm(self)
        self.error = error_label("addUserError")
        hint = QLabel(
            self.tr("Tell them the initial password in person. They choose their own at their first sign-in.")
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Role:"), self.role)
        form.addRow(self.tr("Initial password:"), self.passwords.password)
        form.addRow(self.tr("Password again:"), self.passwords.confirm)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add user"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.resize(440, 0)

    def submit(self) -> None:
        problem = "" if self.name.text().strip() else self.tr("Enter the user's name.")
        problem = problem or self.passwords.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        if not problem:
            self.accept()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.passwords.clear()
        super().done(result)


class ResetPasswordDialog(QDialog):
    """A new password for another user, typed twice; they must change it at their next sign-in."""

    def __init__(self, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("Reset password"))
        self.passwords = PasswordsForm(self)
        self.error = error_label("resetError")
        intro = QLabel(
            self.tr(
                "A new password for %1. They will be asked to choose their own at the next sign-in."
            ).replace("%1", user)
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.addRow(self.tr("New password:"), self.passwords.password)
        form.addRow(self.tr("Password again:"), self.passwords.confirm)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Reset password"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.resize(440, 0)

    def submit(self) -> None:
        problem = self.passwords.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        if not problem:
            self.accept()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.passwords.clear()
        super().done(result)


class ChangeRoleDialog(QDialog):
    def __init__(self, user: User, roles: list[access.Role], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeRoleDialog")
        self.setWindowTitle(self.tr("Change role"))
        self.role = _role_combo(roles, user.role)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.addRow(self.tr("User:"), QLabel(user.name))
        form.addRow(self.tr("Role:"), self.role)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.enter_key = PrimaryButton(self, buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.resize(360, 0)

    def chosen_role(self) -> str:
        return str(self.role.currentData())


class UsersDialog(QDialog):
    """The list of users with their role, status and whether they must change their password.

    Emits ``users_changed`` after any change, so the main window can re-read the signed-in
    user's own role (which a change here may touch).
    """

    users_changed = Signal()
    COLUMNS = 5

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle(self.tr("Users"))
        self._vault = vault
        self._runner = runner
        self._actor = vault.actor
        self._users: list[User] = []
        self._busy = False
        self._may_manage = False  # the 'manage users' permission, read with the list
        self.sub_dialog: QDialog | None = None  # the add / reset / role dialog while open

        intro = QLabel(
            self.tr(
                "Everyone who can unlock this vault. A role decides which customer fields a person "
                "sees; change what a role sees in Tools → Roles and access."
            )
        )
        intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Status"), self.tr("Password"), self.tr("Added")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.change_role())

        self.add_button = QPushButton(self.tr("Add user…"))
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(self.add_user)
        self.role_button = QPushButton(self.tr("Change role…"))
        self.role_button.setObjectName("changeRole")
        self.role_button.clicked.connect(self.change_role)
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_password)
        self.status_button = QPushButton(self.tr("Disable"))
        self.status_button.setObjectName("toggleStatus")
        self.status_button.clicked.connect(self.toggle_status)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setObjectName("removeUser")
        self.remove_button.clicked.connect(self.remove_user)
        self.rotate_button = QPushButton(self.tr("Rotate data key…"))
        self.rotate_button.setObjectName("rotateDataKey")
        self.rotate_button.setToolTip(
            self.tr(
                "Re-encrypt the vault under a new key, so old copies of the file and of removed users' key slots open nothing."  # noqa: E501 - one literal, so lupdate extracts it
            )
        )
        self.rotate_button.clicked.connect(lambda: self.ask_to_rotate())
        side = QVBoxLayout()
        side.setSpacing(6)
        for button in (
            self.add_button,
            self.role_button,
            self.reset_button,
            self.status_button,
            self.remove_button,
        ):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.rotate_button)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(self.table, 1)
        middle.addLayout(side)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)
        self.enter_key = PrimaryButton(self, buttons.button(QDialogButtonBox.StandardButton.Close))
        self.resize(820, 440)
        self.reload()

    # ------------------------------------------------------------------ the list

    def reload(self) -> None:
        try:
            self._users = users.list_users(self._vault, self._actor)
            self._roles = access.list_roles(self._vault, self._actor)
            self._may_manage = access.access_for(self._vault, self._actor).allows("manage_users")
        except Exception as error:  # a refusal or a locked vault: shown, not raised
            self.show_message(describe(error), error=True)
            return
        selected = self.selected_user()
        self.table.setRowCount(len(self._users))
        for row, user in enumerate(self._users):
            if user.must_change_password:
                password = self.tr("Must change at next sign-in")
            else:
                password = self.tr("Set by the user")
            cells = [
                user.name,
                role_label(user.role),
                status_label(user.status),
                password,
                format_moment(user.created_at),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.name)
                if user.status != "active":
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
        for column in range(self.COLUMNS - 1):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 28)  # room to breathe
        if selected is not None:
            self.select(selected.name)
        self._update_buttons()

    def users(self) -> list[User]:
        return list(self._users)

    def select(self, name: str) -> None:
        for row, user in enumerate(self._users):
            if user.name.casefold() == name.casefold():
                self.table.selectRow(row)
                return

    def selected_user(self) -> User | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not 0 <= rows[0].row() < len(self._users):
            return None
        return self._users[rows[0].row()]

    def _update_buttons(self) -> None:
        user = self.selected_user()
        for button in (self.role_button, self.reset_button, self.status_button, self.remove_button):
            button.setEnabled(user is not None and not self._busy)
        self.add_button.setEnabled(not self._busy)
        self.rotate_button.setEnabled(self._may_manage and not self._busy)
        is_me = user is not None and user.name.casefold() == (self._actor.user or "").casefold()
        if user is not None and user.status != "active":
            self.status_button.setText(self.tr("Enable"))
        else:
            self.status_button.setText(self.tr("Disable"))
        # One's own password is changed with the old one (File menu), not reset.
        self.reset_button.setEnabled(self.reset_button.isEnabled() and not is_me)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ changes

    def _run(
        self,
        fn: Callable[[], object],
        done_text: str,
        *,
        busy_text: str = "",
        then: Callable[[], object] | None = None,
    ) -> None:
        """Run one core call in the runner; then reload and say what happened (or why not).

        ``busy_text`` is shown while it runs; ``then`` is called after it succeeded.
        """
        self._busy = True
        self._update_buttons()
        if busy_text:
            self.show_message(busy_text)
        vault = self._vault

        def finished(_result: object) -> None:
            self._busy = False
            self.reload()
            self.show_message(done_text)
            self.users_changed.emit()
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.reload()
            self.show_message(describe(error), error=True)

        self._runner.run(lambda _task: fn(), on_result=finished, on_error=failed, vault=vault)

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self._roles, self)
        dialog.accepted.connect(lambda: self._add(dialog))
        dialog.finished.connect(self._sub_finished)
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def _sub_finished(self, _result: int) -> None:
        dialog, self.sub_dialog = self.sub_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _add(self, dialog: AddUserDialog) -> None:
        vault, actor = self._vault, self._actor
        name, role = dialog.name.text().strip(), str(dialog.role.currentData())
        password = dialog.passwords.password.text()
        dialog.passwords.clear()
        self._run(
            lambda: users.add(vault, actor, name, password, role),
            self.tr("%1 was added as %2. They must choose their own password at their first sign-in.")
            .replace("%1", name)
            .replace("%2", role_label(role)),
        )

    def reset_password(self) -> ResetPasswordDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = ResetPasswordDialog(user.name, self)
        dialog.accepted.connect(lambda: self._reset(user.name, dialog))
        dialog.finished.connect(self._sub_finished)
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def _reset(self, name: str, dialog: ResetPasswordDialog) -> None:
        vault, actor = self._vault, self._actor
        password = dialog.passwords.password.text()
        dialog.passwords.clear()
        self._run(
            lambda: users.reset_password(vault, actor, name, password),
            self.tr("The password of %1 was reset.").replace("%1", name),
        )

    def change_role(self) -> ChangeRoleDialog | None:
        user = self.selected_user()
        if user is None or self._busy:
            return None
        dialog = ChangeRoleDialog(user, self._roles, self)
        dialog.accepted.connect(lambda: self.set_role(user.name, dialog.chosen_role()))
        dialog.finished.connect(self._sub_finished)
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def set_role(self, name: str, role: str) -> None:
        vault, actor = self._vault, self._actor
        self._run(
            lambda: users.set_role(vault, actor, name, role),
            self.tr("%1 now has the role %2.").replace("%1", name).replace("%2", role_label(role)),
        )

    def toggle_status(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        vault, actor = self._vault, self._actor
        if user.status == "active":
            self._run(
                lambda: users.disable(vault, actor, user.name),
                self.tr("%1 is disabled and can no longer sign in.").replace("%1", user.name),
            )
        else:
            self._run(
                lambda: users.enable(vault, actor, user.name),
                self.tr("%1 can sign in again.").replace("%1", user.name),
            )

    def remove_user(self) -> bool:
        """Remove the selected user after a confirmation; the core refuses the last owner."""
        user = self.selected_user()
        if user is None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Remove user"),
            self.tr(
                "Remove %1? They can no longer sign in, and their key slot is deleted. "
                "Their changes stay in the audit log."
            ).replace("%1", user.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        vault, actor = self._vault, self._actor
        self._run(
            lambda: users.remove(vault, actor, user.name),
            self.tr("%1 was removed.").replace("%1", user.name),
            then=lambda: self.ask_to_rotate(user.name),
        )
        return True

    def ask_to_rotate(self, removed: str = "") -> bool:
        """Ask, then rotate the data key; ``removed`` names the user just removed, if any.

        True when the rotation was started (its outcome shows in the message bar).
        """
        if self._busy:
            return False
        if removed:
            text = self.tr(
                "%1 was removed. Rotate the data key now? Old copies of vault.db and of their key slot will then open nothing (recommended after removing a user)."  # noqa: E501 - one literal, so lupdate extracts it
            ).replace("%1", removed)
        else:
            text = self.tr(
                "Rotate the data key now? The vault is re-encrypted under a new key, so old copies of vault.db and of removed users' key slots open nothing. On a large vault this can take a few seconds."  # noqa: E501 - one literal, so lupdate extracts it
            )
        answer = QMessageBox.question(
            self,
            self.tr("Rotate data key"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.rotate_data_key()
        return True

    def rotate_data_key(self) -> None:
        """Re-encrypt the vault under a new data key, in the runner; the core checks the rights."""
        vault, actor = self._vault, self._actor
        self._run(
            lambda: vault.rotate_data_key(actor),
            self.tr(
                "The data key was rotated: old copies of vault.db and of removed users' key slots now open nothing."  # noqa: E501 - one literal, so lupdate extracts it
            ),
            busy_text=self.tr("Rotating the data key… On a large vault this can take a few seconds."),
        )

    def done(self, result: int) -> None:
        if self.sub_dialog is not None:
            self.sub_dialog.done(QDialog.DialogCode.Rejected)
        super().done(result)
