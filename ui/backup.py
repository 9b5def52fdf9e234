"""Backups in the desktop app: Back up now, Restore from backup, Test restore, Backup settings, the
status bar's "Last backup: 2 hours ago, verified", and the schedule (on close, once a day).

Every backup, verification, restore and drill runs in the task runner with a progress bar and
Cancel; the core (app/backup.py, app/restore.py, app/backup_schedule.py) decides who may do what
and writes nothing half-way.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import backup, backup_log, backup_schedule, restore
from app.errors import DamagedVaultError, KnownError, NewerVaultError, WrongPasswordError
from ui import style
from ui.enter_key import PrimaryButton
from ui.feature import Feature, Host, Section
from ui.messages import describe as describe_error
from ui.tasks import Task, TaskRunner

CHECK_EVERY_MS = 60 * 1000  # the once-a-day schedule is looked at every minute (one small query)


def describe(error: BaseException) -> str:
    """The core's own sentence for a backup's password, version or damage (it says which password
    opens the backup, or what is wrong with the file); the usual description otherwise."""
    if isinstance(error, (WrongPasswordError, NewerVaultError, DamagedVaultError)):
        return str(error)
    return describe_error(error)


def _local(moment: datetime | str) -> str:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def ago(delta: timedelta) -> str:
    """ "2 hours ago" in the UI's language."""
    minutes = int(delta.total_seconds() // 60)
    hours, days = minutes // 60, minutes // 1440
    if minutes < 1:
        return QCoreApplication.translate("Backup", "just now")
    if minutes < 60:
        if minutes == 1:
            return QCoreApplication.translate("Backup", "1 minute ago")
        return QCoreApplication.translate("Backup", "%1 minutes ago").replace("%1", str(minutes))
    if hours < 48:
        if hours == 1:
            return QCoreApplication.translate("Backup", "1 hour ago")
        return QCoreApplication.translate("Backup", "%1 hours ago").replace("%1", str(hours))
    return QCoreApplication.translate("Backup", "%1 days ago").replace("%1", str(days))


def status_text(status: backup_log.Status) -> tuple[str, bool]:
    """The status bar's line and whether it is a warning."""
    if status.failing and status.last_attempt is not None:
        text = QCoreApplication.translate("Backup", "Last backup failed %1: %2")
        when = ago(status.now - status.last_attempt.at)
        return text.replace("%1", when).replace("%2", str(status.last_attempt.details.get("error", ""))), True
    if status.last_backup is None or status.age is None:
        return QCoreApplication.translate("Backup", "No backup yet"), True
    text = QCoreApplication.translate("Backup", "Last backup: %1, verified").replace("%1", ago(status.age))
    if status.stale:
        limit = QCoreApplication.translate("Backup", "older than %1 days")
        text += " — " + limit.replace("%1", str(status.warn_after.days))
    return text, status.stale


def _same_disk_text() -> str:
    return QCoreApplication.translate(
        "Backup",
        "This folder is on the same disk as the vault: a disk failure, theft or ransomware would take the "
        "backups with it. Choose a USB drive, another disk or a network folder.",
    )


class _Work(QWidget):
    """A progress bar with its text and a Cancel button, for work on the task runner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setObjectName("progress")
        self.cancel = QPushButton()
        self.cancel.setObjectName("cancelWork")
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)
        self.task: Task | None = None
        self.cancel.clicked.connect(self._cancel)
        self.hide()

    def retranslate(self) -> None:
        self.cancel.setText(self.tr("Cancel"))

    def start(self, task: Task) -> None:
        self.task = task
        self.bar.setRange(0, 0)
        self.show()

    def progress(self, done: int, total: int, text: str) -> None:
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * done / total))
        self.bar.setFormat(f"{text} %p%")  # the core's text, already in the user's language

    def stop(self) -> None:
        self.task = None
        self.hide()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()


def _describe_manifest(manifest: backup.Manifest) -> list[tuple[str, str]]:
    return [
        (QCoreApplication.translate("Backup", "Made"), _local(manifest.created_at)),
        (QCoreApplication.translate("Backup", "Made by"), manifest.created_by),
        (QCoreApplication.translate("Backup", "Customers"), str(manifest.customers)),
        (QCoreApplication.translate("Backup", "Users"), str(manifest.counts.get("users", ""))),
        (
            QCoreApplication.translate("Backup", "Audit entries"),
            str(manifest.counts.get("audit_entries", "")),
        ),
        (
            QCoreApplication.translate("Backup", "Version"),
            f"Custos {manifest.app_version} · {manifest.schema_version}",
        ),
    ]


def _folder_row(parent: QWidget, edit: QLineEdit, title: str) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    browse = QPushButton(QCoreApplication.translate("Backup", "Browse…"), row)
    browse.setObjectName("browse")
    layout.addWidget(edit, 1)
    layout.addWidget(browse)

    def pick() -> None:
        chosen = QFileDialog.getExistingDirectory(parent, title, edit.text())
        if chosen:
            edit.setText(chosen)

    browse.clicked.connect(pick)
    return row


# ------------------------------------------------------------------------------ Back up now


class BackupDialog(QDialog):
    """Choose a folder (warned when it shares the vault's disk), back up, see it verified."""

    def __init__(self, vault: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.vault = vault
        self.runner = runner
        self.created: backup.CreatedBackup | None = None
        self.setWindowTitle(self.tr("Back up now"))
        layout = QVBoxLayout(self)
        layout.addWidget(style.title_label(self.tr("Back up the vault")))
        layout.addWidget(
            style.note_label(
                self.tr(
                    "The backup is one encrypted file: it opens only with a password a user has at the time "
                    "of the backup, or that time's recovery code. Others can keep working meanwhile."
                )
            )
        )
        form = QFormLayout()
        self.folder = QLineEdit(str(backup_schedule.target_folder(vault)))
        self.folder.setObjectName("folder")
        form.addRow(self.tr("Folder:"), _folder_row(self, self.folder, self.tr("Backup folder")))
        layout.addLayout(form)
        self.warning = style.note_label()
        self.warning.setObjectName("sameDiskWarning")
        self.warning.setStyleSheet(f"color: {style.ERROR};")
        layout.addWidget(self.warning)
        self.work = _Work(self)
        self.work.retranslate()
        layout.addWidget(self.work)
        self.message = style.InlineMessage()
        self.message.setObjectName("message")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.start = self.buttons.addButton(self.tr("Back up"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start.setObjectName("backUp")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        layout.addWidget(self.buttons)
        self.start.clicked.connect(self.run)
        self.close_button.clicked.connect(self.reject)
        self.folder.textChanged.connect(self._folder_changed)
        PrimaryButton(self, self.start)
        self._folder_changed()
        self.resize(560, self.sizeHint().height())

    def _folder_changed(self) -> None:
        text = self.folder.text().strip()
        same = bool(text) and backup_schedule.same_disk(self.vault.folder, Path(text))
        self.warning.setText(_same_disk_text() if same else "")
        self.warning.setVisible(same)

    def run(self) -> None:
        folder = Path(self.folder.text().strip()).expanduser()
        self.message.clear()
        self.start.setEnabled(False)
        vault, actor = self.vault, self.vault.actor

        def work(task: Task) -> backup.CreatedBackup:
            return backup_schedule.backup_to(
                vault, actor, folder, progress=task.progress, should_cancel=lambda: task.cancelled
            )

        task = self.runner.run(
            work,
            on_result=self._done,
            on_error=self._failed,
            on_progress=self.work.progress,
            vault=vault,
            parent=self,
        )
        if not self.start.isEnabled():  # still running (the inline runner has finished already)
            self.work.start(task)

    def _done(self, created: backup.CreatedBackup) -> None:
        self.work.stop()
        self.start.setEnabled(True)
        self.created = created
        m = created.manifest
        self.message.show_success(
            self.tr("Backup verified: %1 — %2 customers, every page and the audit log checked.")
            .replace("%1", created.path.name)
            .replace("%2", str(m.customers))
        )

    def _failed(self, error: BaseException) -> None:
        self.work.stop()
        self.start.setEnabled(True)
        self.message.show_error(describe(error))


# ------------------------------------------------------------------------------ Restore


class RestoreDialog(QDialog):
    """Choose a backup → it is checked → what it holds beside the current vault → sign in to the
    backup with that time's password or recovery code → restore to a new folder or in place."""

    CHOOSE, SIGN_IN, WHERE, DONE = range(4)

    def __init__(
        self,
        vault: Any,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        start: str = "",
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.vault = vault  # None from the sign-in dialog: the vault in ``folder`` could not be opened
        self.folder = Path(vault.folder) if vault is not None else folder
        self.runner = runner
        self.found: backup.BackupFile | None = None
        self.result_: restore.Restored | None = None
        self.setWindowTitle(self.tr("Restore from backup"))
        layout = QVBoxLayout(self)
        layout.addWidget(style.title_label(self.tr("Restore from a backup")))
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

        # 1. choose and check
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(
            style.note_label(
                self.tr("Choose a backup file (.custos-backup). It is checked before anything else.")
            )
        )
        self.file = QLineEdit(start)
        self.file.setObjectName("backupFile")
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        browse = QPushButton(self.tr("Browse…"))
        browse.setObjectName("browseFile")
        browse.clicked.connect(self._browse)
        row_layout.addWidget(self.file, 1)
        row_layout.addWidget(browse)
        box.addWidget(row)
        self.compare = QGridLayout()
        box.addLayout(self.compare)
        self.checked = style.note_label()
        self.checked.setObjectName("checkedNote")
        box.addWidget(self.checked)
        box.addStretch(1)
        self.pages.addWidget(page)

        # 2. sign in to the backup
        page = QWidget()
        box = QVBoxLayout(page)
        self.sign_in_note = style.note_label()
        self.sign_in_note.setObjectName("signInNote")
        self.sign_in_note.setStyleSheet("")
        box.addWidget(self.sign_in_note)
        self.with_password = QRadioButton(self.tr("A user's password at the time of the backup"))
        self.with_password.setObjectName("withPassword")
        self.with_password.setChecked(True)
        self.with_code = QRadioButton(self.tr("The recovery code of that time (emergency kit)"))
        self.with_code.setObjectName("withCode")
        form = QFormLayout()
        self.user = QComboBox()
        self.user.setObjectName("backupUser")
        self.password = QLineEdit()
        self.password.setObjectName("backupPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        self.code.setObjectName("backupCode")
        box.addWidget(self.with_password)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Password then:"), self.password)
        box.addLayout(form)
        box.addWidget(self.with_code)
        box.addWidget(self.code)
        box.addStretch(1)
        self.with_code.toggled.connect(self._mode_changed)
        self.pages.addWidget(page)

        # 3. where to
        page = QWidget()
        box = QVBoxLayout(page)
        self.verified = style.note_label()
        self.verified.setObjectName("verifiedNote")
        box.addWidget(self.verified)
        self.to_new = QRadioButton(self.tr("Restore into a new folder (the current vault stays as it is)"))
        self.to_new.setObjectName("toNewFolder")
        self.to_new.setChecked(True)
        self.new_folder = QLineEdit()
        self.new_folder.setObjectName("newFolder")
        self.to_replace = QRadioButton(
            self.tr("Replace the current vault (it is kept beside it as a dated copy)")
        )
        self.to_replace.setObjectName("replaceVault")
        box.addWidget(self.to_new)
        box.addWidget(_folder_row(self, self.new_folder, self.tr("Folder for the restored vault")))
        box.addWidget(self.to_replace)
        box.addStretch(1)
        self.pages.addWidget(page)

        # 4. done
        page = QWidget()
        box = QVBoxLayout(page)
        self.done_text = QLabel()
        self.done_text.setObjectName("doneText")
        self.done_text.setWordWrap(True)
        box.addWidget(self.done_text)
        box.addStretch(1)
        self.pages.addWidget(page)

        self.work = _Work(self)
        self.work.retranslate()
        layout.addWidget(self.work)
        self.message = style.InlineMessage()
        self.message.setObjectName("message")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.back = buttons.addButton(self.tr("Back"), QDialogButtonBox.ButtonRole.ActionRole)
        self.back.setObjectName("back")
        self.next = buttons.addButton(self.tr("Next"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.next.setObjectName("next")
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        layout.addWidget(buttons)
        self.back.clicked.connect(lambda: self._show(self.pages.currentIndex() - 1))
        self.next.clicked.connect(self.advance)
        self.close_button.clicked.connect(self.reject)
        PrimaryButton(self, self.next)
        self.file.textChanged.connect(self._file_changed)
        self._show(self.CHOOSE)
        self.resize(640, 460)

    # -------------------------------------------------------------- navigation

    def _show(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.message.clear()
        self.back.setVisible(index in (self.SIGN_IN, self.WHERE))
        self.next.setVisible(index != self.DONE)
        labels = {
            self.CHOOSE: self.tr("Check"),
            self.SIGN_IN: self.tr("Sign in and verify"),
            self.WHERE: self.tr("Restore"),
        }
        self.next.setText(labels.get(index, ""))
        self.next.setEnabled(index != self.CHOOSE or bool(self.file.text().strip()))
        focus = {self.CHOOSE: self.file, self.SIGN_IN: self.password, self.WHERE: self.new_folder}.get(index)
        if index == self.SIGN_IN and self.with_code.isChecked():
            focus = self.code
        if focus is not None:
            focus.setFocus()

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup"), self.file.text(), self.tr("Custos backups (*.custos-backup)")
        )
        if chosen:
            self.file.setText(chosen)

    def _file_changed(self) -> None:
        self.found = None
        if self.pages.currentIndex() == self.CHOOSE:
            self.next.setEnabled(bool(self.file.text().strip()))

    def _mode_changed(self) -> None:
        code = self.with_code.isChecked()
        self.code.setEnabled(code)
        self.user.setEnabled(not code)
        self.password.setEnabled(not code)
        (self.code if code else self.password).setFocus()

    def advance(self) -> None:
        index = self.pages.currentIndex()
        if index == self.CHOOSE:
            self._check()
        elif index == self.SIGN_IN:
            self._sign_in()
        elif index == self.WHERE:
            self._restore()

    def _busy(self, busy: bool) -> None:
        for button in (self.next, self.back):
            button.setEnabled(not busy)
        self.pages.setEnabled(not busy)

    def _run(self, work, on_result) -> None:
        self.message.clear()
        self._busy(True)

        def failed(error: BaseException) -> None:
            self.work.stop()
            self._busy(False)
            self.message.show_error(describe(error))

        def succeeded(result: Any) -> None:
            self.work.stop()
            self._busy(False)
            on_result(result)

        task = self.runner.run(
            work,
            on_result=succeeded,
            on_error=failed,
            on_progress=self.work.progress,
            vault=self.vault,
            parent=self,
        )
        if not self.next.isEnabled():
            self.work.start(task)

    # -------------------------------------------------------------- 1. choose and check

    def _check(self) -> None:
        path = Path(self.file.text().strip()).expanduser()
        vault = self.vault
        current = restore.describe_current(self.folder) if vault is None and self.folder else {}

        def work(task: Task) -> tuple[backup.BackupFile, str]:
            found = backup.open_backup(path)
            found.refuse_if_newer()
            if vault is not None and found.vault_id == vault.vault_id:
                try:
                    unlocked = backup.session_unlock(vault, found)
                except KnownError:
                    return found, "later"
                backup.verify(found, unlocked, progress=task.progress, should_cancel=lambda: task.cancelled)
                return found, "verified"
            found.key_file()
            if vault is None and current.get("vault_id") in (None, found.vault_id):
                return found, "later"
            return found, "other"

        self._run(work, self._checked)

    def _checked(self, result: tuple[backup.BackupFile, str]) -> None:
        found, how = result
        self.found = found
        while self.compare.count():
            item = self.compare.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.compare.addWidget(QLabel(""), 0, 0)
        heading = QLabel(self.tr("This backup"))
        heading.setFont(style.scaled_font(heading, 1.0, bold=True))
        self.compare.addWidget(heading, 0, 1)
        current = self._current_facts()
        if current:
            other = QLabel(self.tr("Current vault"))
            other.setFont(style.scaled_font(other, 1.0, bold=True))
            self.compare.addWidget(other, 0, 2)
        for row, (label, value) in enumerate(_describe_manifest(found.manifest), start=1):
            self.compare.addWidget(QLabel(label), row, 0)
            cell = QLabel(value)
            cell.setObjectName(f"backup_{row}")
            self.compare.addWidget(cell, row, 1)
            if current:
                self.compare.addWidget(QLabel(current.get(row - 1, "")), row, 2)
        notes = {
            "verified": self.tr("Verified: every page, the signature, the key slots and the audit log."),
            "later": self.tr("The file is whole; its full check runs after you sign in to it."),
            "other": self.tr("This is a backup of another vault: restore it into a new folder."),
        }
        self.checked.setText(notes[how])
        if self.vault is not None:
            self.to_replace.setEnabled(found.vault_id == self.vault.vault_id)
        else:  # the core decides whether a vault nobody can sign in to may be replaced
            self.to_replace.setEnabled(how == "later" and self.folder is not None)
        if not self.to_replace.isEnabled():
            self.to_new.setChecked(True)
        self.user.clear()
        self.user.addItems(found.key_file().users())
        if self.vault is not None and self.vault.user in found.key_file().users():
            self.user.setCurrentText(self.vault.user)
        made = _local(found.manifest.created_at)
        self.sign_in_note.setText(
            self.tr(
                "Sign in to the backup as the vault was on %1. Use the password the user had THEN — "
                "if it was changed since, today's password will not work — or the recovery code "
                "printed on the emergency kit of that time."
            ).replace("%1", made)
        )
        self.next.setText(self.tr("Next"))
        self.next.clicked.disconnect()
        self.next.clicked.connect(self._to_sign_in)

    def _to_sign_in(self) -> None:
        self.next.clicked.disconnect()
        self.next.clicked.connect(self.advance)
        self._show(self.SIGN_IN)

    def _current_facts(self) -> dict[int, str]:
        vault = self.vault
        if vault is None or vault.is_locked:
            return {}
        try:
            conn = vault.connection()
            found = backup.counts(conn)
            latest = backup_log.status(vault)
        except KnownError:
            return {}
        return {
            0: _local(datetime.now(UTC)),
            1: vault.user or "",
            2: str(found["customers"]),
            3: str(found["users"]),
            4: str(found["audit_entries"]),
            5: f"Custos {backup.app_version()} · {backup.database.SCHEMA_VERSION}" if latest else "",
        }

    # -------------------------------------------------------------- 2. sign in

    def credentials(self) -> backup.Credentials:
        if self.with_code.isChecked():
            return backup.Credentials(recovery_code=self.code.text())
        return backup.Credentials(self.user.currentText(), self.password.text())

    def _sign_in(self) -> None:
        found, credentials = self.found, self.credentials()
        assert found is not None

        def work(task: Task) -> backup.VerifyReport:
            unlocked = backup.sign_in(found, credentials)
            restore._may_restore(found, unlocked)
            return backup.verify(
                found, unlocked, progress=task.progress, should_cancel=lambda: task.cancelled
            )

        self._run(work, self._signed_in)

    def _signed_in(self, report: backup.VerifyReport) -> None:
        self.verified.setText(
            self.tr("Signed in with %1. Verified: %2 pages, %3 audit entries, %4 customers.")
            .replace("%1", report.opened_with)
            .replace("%2", str(report.pages))
            .replace("%3", str(report.audit_entries))
            .replace("%4", str(report.manifest.customers))
        )
        if not self.new_folder.text() and self.found is not None:
            base = self.folder if self.folder is not None else self.found.path.parent / "vault"
            self.new_folder.setText(
                str(Path(base).parent / f"{Path(base).name}-restored-{datetime.now():%Y%m%d}")
            )
        self._show(self.WHERE)

    # -------------------------------------------------------------- 3. restore

    def _restore(self) -> None:
        found, credentials = self.found, self.credentials()
        assert found is not None
        if self.to_replace.isChecked():
            if not self._confirm_replace():
                return
            current, folder = self.vault, self.folder

            def work(task: Task) -> restore.Restored:
                return restore.replace(
                    found.path,
                    folder,
                    credentials,
                    current=current,
                    progress=task.progress,
                    should_cancel=lambda: task.cancelled,
                )
        else:
            target = Path(self.new_folder.text().strip()).expanduser()

            def work(task: Task) -> restore.Restored:
                return restore.restore_into(
                    found.path,
                    target,
                    credentials,
                    progress=task.progress,
                    should_cancel=lambda: task.cancelled,
                )

        self._run(work, self._restored)

    def _confirm_replace(self) -> bool:
        assert self.found is not None
        answer = QMessageBox.question(
            self,
            self.tr("Replace the vault?"),
            self.tr(
                "The current vault is closed and replaced by the backup of %1. It is kept as a "
                "dated copy beside it. Everything done since the backup is only in that copy."
            ).replace("%1", _local(self.found.manifest.created_at)),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _restored(self, result: restore.Restored) -> None:
        self.result_ = result
        text = (
            self.tr("Restored to %1: %2 customers.")
            .replace("%1", str(result.folder))
            .replace("%2", str(result.counts.get("customers", 0)))
        )
        if result.previous is not None:
            text += " " + self.tr(
                "The vault it replaced is kept at %1. Sign in again: the restored vault has the users "
                "and passwords of the backup's time."
            ).replace("%1", str(result.previous))
        self.done_text.setText(text)
        self._show(self.DONE)


# ------------------------------------------------------------------------------ settings


class BackupSettingsDialog(QDialog):
    """Where and when backups go and how many are kept, with a preview of what pruning deletes."""

    def __init__(self, vault: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupSettingsDialog")
        self.vault = vault
        self.runner = runner
        settings = backup_schedule.load_settings(vault)
        self.setWindowTitle(self.tr("Backup settings"))
        layout = QVBoxLayout(self)
        layout.addWidget(style.title_label(self.tr("Backup schedule")))
        form = QFormLayout()
        self.folder = QLineEdit(str(backup_schedule.target_folder(vault, settings)))
        self.folder.setObjectName("folder")
        form.addRow(self.tr("Folder:"), _folder_row(self, self.folder, self.tr("Backup folder")))
        self.warning = style.note_label()
        self.warning.setObjectName("sameDiskWarning")
        self.warning.setStyleSheet(f"color: {style.ERROR};")
        form.addRow("", self.warning)
        self.on_close = QCheckBox(self.tr("When Custos closes"))
        self.on_close.setObjectName("onClose")
        self.on_close.setChecked(settings.on_close)
        self.daily = QCheckBox(self.tr("Once a day while Custos is open"))
        self.daily.setObjectName("daily")
        self.daily.setChecked(settings.daily)
        form.addRow(self.tr("Back up:"), self.on_close)
        form.addRow("", self.daily)
        self.spins: dict[str, QSpinBox] = {}
        for name, label, low in (
            ("keep_last", self.tr("Keep the newest:"), 1),
            ("keep_daily", self.tr("Daily generations:"), 0),
            ("keep_weekly", self.tr("Weekly generations:"), 0),
            ("keep_monthly", self.tr("Monthly generations:"), 0),
            ("warn_after_days", self.tr("Warn when older than (days):"), 1),
        ):
            spin = QSpinBox()
            spin.setObjectName(name)
            spin.setRange(low, 365 if name == "warn_after_days" else 1000)
            spin.setValue(getattr(settings, name))
            self.spins[name] = spin
            form.addRow(label, spin)
        layout.addLayout(form)
        self.preview_button = QPushButton(self.tr("Preview pruning"))
        self.preview_button.setObjectName("previewPruning")
        layout.addWidget(self.preview_button)
        self.preview = QListWidget()
        self.preview.setObjectName("pruneList")
        self.preview.setMaximumHeight(120)
        layout.addWidget(self.preview)
        self.message = style.InlineMessage()
        self.message.setObjectName("message")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.save_button.setObjectName("save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.folder.textChanged.connect(self._folder_changed)
        self.preview_button.clicked.connect(self.show_preview)
        PrimaryButton(self, self.save_button)
        self._folder_changed()

    def _folder_changed(self) -> None:
        text = self.folder.text().strip()
        same = bool(text) and backup_schedule.same_disk(self.vault.folder, Path(text))
        self.warning.setText(_same_disk_text() if same else "")
        self.warning.setVisible(same)

    def chosen(self) -> backup_schedule.Settings:
        folder = self.folder.text().strip()
        if folder and Path(folder).expanduser() == backup_schedule.default_folder(self.vault.folder):
            folder = ""
        return backup_schedule.Settings(
            folder=folder,
            on_close=self.on_close.isChecked(),
            daily=self.daily.isChecked(),
            **{name: spin.value() for name, spin in self.spins.items()},
        )

    def show_preview(self) -> None:
        settings, folder, vault_id = (
            self.chosen(),
            Path(self.folder.text().strip()).expanduser(),
            self.vault.vault_id,
        )

        def work(_task: Task) -> backup_schedule.Plan:
            return backup_schedule.plan(backup.list_backups(folder, vault_id), settings)

        self.runner.run(
            work,
            on_result=self._previewed,
            on_error=lambda e: self.message.show_error(describe(e)),
            vault=self.vault,
            parent=self,
        )

    def _previewed(self, plan: backup_schedule.Plan) -> None:
        self.preview.clear()
        for item in plan.remove:
            self.preview.addItem(self.tr("Would delete %1").replace("%1", item.path.name))
        self.message.show_info(
            self.tr("Pruning would delete %1 and keep %2 backup(s).")
            .replace("%1", str(len(plan.remove)))
            .replace("%2", str(len(plan.keep)))
        )

    def save(self) -> None:
        try:
            backup_schedule.save_settings(self.vault, self.vault.actor, self.chosen())
        except KnownError as exc:
            self.message.show_error(describe(exc))
            return
        self.accept()


# ------------------------------------------------------------------------------ the feature


class BackupFeature(Feature):
    """File → Back up now…, Restore from backup…, Test restore, Backup settings…; the status bar's
    backup line; backups on close and once a day."""

    def __init__(self, host: Host, parent: Any = None) -> None:
        super().__init__(host, parent)
        self.backup_action = self.add_action(
            "backupNow", Section.FILE_DATA, self.open_backup, permission="backup"
        )
        self.restore_action = self.add_action(
            "restoreBackup", Section.FILE_DATA, self.open_restore, permission="restore"
        )
        self.drill_action = self.add_action(
            "testRestore", Section.FILE_DATA, self.run_drill, permission="backup"
        )
        self.settings_action = self.add_action(
            "backupSettings", Section.FILE_DATA, self.open_settings, permission="manage_backups"
        )
        self.status_label = QLabel()
        self.status_label.setObjectName("backupStatus")
        host.add_status_widget(self.status_label)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.tick)
        self._vault_seen: Any = None
        self._scheduled: Task | None = None
        self.drill_result: restore.Drill | None = None
        self._backed_up_on_close = False

    def retranslate(self) -> None:
        self.backup_action.setText(self.tr("&Back up now…"))
        self.restore_action.setText(self.tr("&Restore from backup…"))
        self.drill_action.setText(self.tr("&Test restore"))
        self.drill_action.setToolTip(
            self.tr("Restore the newest backup into a temporary folder, check it, remove it")
        )
        self.settings_action.setText(self.tr("Backup &settings…"))
        self.refresh_status()

    def update_actions(self) -> None:
        super().update_actions()
        vault = None if self.host.is_locked else self.host.vault
        if vault is not self._vault_seen:
            self._vault_seen = vault
            self.refresh_status()
            if vault is None:
                self.timer.stop()
            else:
                self.timer.start()  # the first look a minute after sign-in, not during it

    def refresh_status(self) -> None:
        vault = None if self.host.is_locked else self.host.vault
        if vault is None or not self.host.allows("backup"):
            self.status_label.clear()
            self.status_label.hide()
            return
        try:
            status = backup_log.status(vault)
        except KnownError:
            return
        text, warn = status_text(status)
        if status.last_drill is not None and status.last_drill.ok:
            text += " · " + self.tr("test restore %1").replace("%1", ago(status.now - status.last_drill.at))
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {style.ERROR};" if warn else "")
        self.status_label.show()

    # -------------------------------------------------------------- the schedule

    def tick(self) -> None:
        """Once a day while open: a backup when none succeeded in the last 24 hours."""
        vault = None if self.host.is_locked else self.host.vault
        if vault is None or self._scheduled is not None or not self.host.allows("backup"):
            return
        try:
            due = backup_schedule.due(vault)
        except KnownError:
            return
        if due:
            self.run_scheduled()

    def run_scheduled(self, then: Any = None) -> Task:
        vault = self.host.vault
        actor = vault.actor

        def work(task: Task) -> Any:
            return backup_schedule.scheduled_backup(vault, actor, should_cancel=lambda: task.cancelled)

        def finished(*_args: Any) -> None:
            self._scheduled = None
            if not self.host.is_locked:
                self.refresh_status()
            if then is not None:
                then()

        self._scheduled = self.host.runner.run(
            work, on_result=finished, on_error=finished, vault=vault, parent=self
        )
        return self._scheduled

    def about_to_close(self, close_again: Any) -> bool:
        """The window is closing: True to let it close now; False when a backup on close was
        started, and ``close_again`` is called once it has finished."""
        vault = None if self.host.is_locked else self.host.vault
        if vault is None or not self.host.allows("backup"):
            return True
        if self._scheduled is not None:
            self._scheduled.finished.connect(close_again)
            return False
        try:
            wanted = backup_schedule.load_settings(vault).on_close
        except KnownError:
            return True
        if not wanted:
            return True
        if self._backed_up_on_close:
            return True  # the backup on close has run (or failed, and says so in the log)
        self.host.show_message(self.tr("Backing up before closing…"))
        self.status_label.setText(self.tr("Backing up before closing…"))

        def then() -> None:
            self._backed_up_on_close = True
            close_again()

        self.run_scheduled(then=then)
        return False

    # -------------------------------------------------------------- dialogs

    def open_backup(self) -> BackupDialog | None:
        if self.host.vault is None:
            return None
        dialog = BackupDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.finished.connect(lambda _r: self.refresh_status())
        self.host.open_dialog(dialog)
        return dialog

    def open_restore(self, start: str = "") -> RestoreDialog | None:
        if self.host.vault is None:
            return None
        dialog = RestoreDialog(self.host.vault, self.host.runner, self.host.window(), start=start)
        dialog.finished.connect(lambda _r: self._after_restore(dialog))
        self.host.open_dialog(dialog)
        return dialog

    def _after_restore(self, dialog: RestoreDialog) -> None:
        if dialog.result_ is not None and dialog.result_.previous is not None:
            self.host.lock()  # the vault in the window was replaced: sign in to the restored one
        else:
            self.refresh_status()

    def open_settings(self) -> BackupSettingsDialog | None:
        if self.host.vault is None:
            return None
        dialog = BackupSettingsDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.finished.connect(lambda _r: self.refresh_status())
        self.host.open_dialog(dialog)
        return dialog

    def run_drill(self) -> Task | None:
        vault = self.host.vault
        if vault is None:
            return None
        actor = vault.actor
        self.status_label.setText(self.tr("Test restore running…"))

        def work(task: Task) -> restore.Drill:
            return restore.drill(vault, actor, progress=task.progress, should_cancel=lambda: task.cancelled)

        def done(result: restore.Drill) -> None:
            self.drill_result = result
            self.refresh_status()
            self._tell(
                QMessageBox.Icon.Information,
                self.tr("Test restore"),
                self.tr(
                    "Test restore passed: %1 was restored into a temporary folder, opened and checked; "
                    "%2 customers as expected. The copy was removed."
                )
                .replace("%1", result.file.name)
                .replace("%2", str(result.found.get("customers", 0))),
            )

        def failed(error: BaseException) -> None:
            self.refresh_status()
            self._tell(QMessageBox.Icon.Warning, self.tr("Test restore failed"), describe(error))

        return self.host.runner.run(work, on_result=done, on_error=failed, vault=vault, parent=self)

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        """A window-modal message that does not block the event loop (the drill's result)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.host.window())
        box.setObjectName("drillResult")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
