"""Tools → Written policy…: the owner's texts, preview, publishing, versions and who acknowledged.

Three tabs. **Your texts**: per section of the policy the business's own words in Chinese and
English; edits are kept per section while moving between sections and saved together (closing
with unsaved edits asks). **Versions**: every published version, a PDF of any of them (or of
the draft) written off the GUI thread, a preview of the draft in the PDF viewer, and publishing
a new version after a confirmation that says what it means for everyone. **Acknowledgements**:
per user the latest version acknowledged and when, those who have not acknowledged the current
one in red.

Everything goes through app/policy.py on the task runner; the core decides: only an owner
edits, previews the draft or publishes (the controls are offered to owners only, the core
refuses anyone else anyway), and the acknowledgement list needs 'view the audit log'.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import policy, policy_document
from app.access import access_for
from app.files import write_atomic
from app.reports import policy as policy_report
from ui.access_names import join_names, role_label, status_label
from ui.feature import Feature, Host, Section
from ui.folders import documents_folder
from ui.list_model import list_table_look
from ui.messages import describe

NOT_ACKNOWLEDGED = QColor("#b3261e")


def _day(stamp: str | None) -> str:
    return (stamp or "").replace("T", " ")[:16]


class PublishDialog(QDialog):
    """Confirm publishing version N, with a note for the versions list."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishPolicyDialog")
        self.setWindowTitle(self.tr("Publish the written policy"))
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "Publish version %1? Its text is frozen as it is now. Every user, including other owners,"
                " must read and acknowledge it at their next sign-in before they see customers."
            ).replace("%1", str(number))
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        label = QLabel(self.tr("&What changed (optional):"))
        self.note = QLineEdit()
        self.note.setObjectName("publishNote")
        self.note.setMaxLength(policy.MAX_NOTE)
        label.setBuddy(self.note)
        layout.addWidget(label)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.publish_button = buttons.addButton(self.tr("Publish"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.publish_button.setObjectName("confirmPublish")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())


class PolicyDialog(QDialog):
    """The written policy for owners (and, read-only, for those who may view the audit log)."""

    changed = Signal()
    pdf_written = Signal(str)
    preview_opened = Signal(str)

    def __init__(self, vault: Any, runner: Any, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyDialog")
        self.setWindowTitle(self.tr("Written policy"))
        self._vault, self._runner, self._actor = vault, runner, vault.actor
        self._language = "zh" if language == "zh" else "en"
        self.is_owner = self._actor.role == "owner"
        self.sees_acknowledgements = access_for(vault, self._actor).allows("view_audit")
        self._saved: dict[str, dict[str, str]] = {}
        self._edits: dict[str, dict[str, str]] = {}
        self._section: str | None = None
        self._versions: list[policy.Version] = []
        self._busy = False
        self.publish_dialog: PublishDialog | None = None
        self.unsaved_box: QMessageBox | None = None
        self.resize(900, 620)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("policyTabs")
        layout.addWidget(self.tabs, 1)
        self._build_texts_tab()
        self._build_versions_tab()
        self._build_acks_tab()
        self.note = QLabel()
        self.note.setObjectName("policyNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    # ------------------------------------------------------------------ building

    def _build_texts_tab(self) -> None:
        page = QWidget()
        layout = QHBoxLayout(page)
        self.sections = QListWidget()
        self.sections.setObjectName("policySections")
        for key in policy.SECTIONS:
            self.sections.addItem(policy_document.section_title(key, self._language))
        self.sections.setMaximumWidth(220)
        self.sections.currentRowChanged.connect(self._section_chosen)
        layout.addWidget(self.sections)
        right = QVBoxLayout()
        self.texts_intro = QLabel(
            self.tr(
                "The policy is generated from the vault's configuration. Add the business's own rules for"
                " each section here; they appear after the generated part in the next published version."
            )
            if self.is_owner
            else self.tr("Only an owner edits and publishes the written policy.")
        )
        self.texts_intro.setWordWrap(True)
        right.addWidget(self.texts_intro)
        zh_label = QLabel(self.tr("&Chinese:"))
        self.text_zh = QPlainTextEdit()
        self.text_zh.setObjectName("policyTextZh")
        zh_label.setBuddy(self.text_zh)
        en_label = QLabel(self.tr("&English:"))
        self.text_en = QPlainTextEdit()
        self.text_en.setObjectName("policyTextEn")
        en_label.setBuddy(self.text_en)
        for label, edit in ((zh_label, self.text_zh), (en_label, self.text_en)):
            edit.setTabChangesFocus(True)
            edit.setReadOnly(not self.is_owner)
            edit.textChanged.connect(self._text_edited)
            right.addWidget(label)
            right.addWidget(edit, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(self.tr("&Save texts"))
        self.save_button.setObjectName("policySaveTexts")
        self.save_button.clicked.connect(lambda: self.save_texts())
        self.save_button.setVisible(self.is_owner)
        row.addWidget(self.save_button)
        right.addLayout(row)
        layout.addLayout(right, 1)
        self.tabs.addTab(page, self.tr("Your texts"))

    def _build_versions_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.current_label = QLabel()
        self.current_label.setObjectName("policyCurrent")
        self.current_label.setWordWrap(True)
        layout.addWidget(self.current_label)
        self.versions = QTableWidget(0, 5)
        self.versions.setObjectName("policyVersions")
        self.versions.setHorizontalHeaderLabels(
            [self.tr("Version"), self.tr("Published"), self.tr("By"), self.tr("SHA-256"), self.tr("Note")]
        )
        list_table_look(self.versions)
        self.versions.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.versions, 1)
        row = QHBoxLayout()
        label = QLabel(self.tr("PDF &language:"))
        self.pdf_language = QComboBox()
        self.pdf_language.setObjectName("pdfLanguage")
        self.pdf_language.addItem("中文", "zh")
        self.pdf_language.addItem("English", "en")
        self.pdf_language.setCurrentIndex(0 if self._language == "zh" else 1)
        label.setBuddy(self.pdf_language)
        row.addWidget(label)
        row.addWidget(self.pdf_language)
        row.addStretch(1)
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.pdf_button.setObjectName("policySavePdf")
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        row.addWidget(self.pdf_button)
        self.preview_button = QPushButton(self.tr("Pre&view draft"))
        self.preview_button.setObjectName("policyPreview")
        self.preview_button.clicked.connect(self.preview)
        self.preview_button.setVisible(self.is_owner)
        row.addWidget(self.preview_button)
        self.publish_button = QPushButton(self.tr("P&ublish new version…"))
        self.publish_button.setObjectName("policyPublish")
        self.publish_button.clicked.connect(self.confirm_publish)
        self.publish_button.setVisible(self.is_owner)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        self.tabs.addTab(page, self.tr("Versions"))

    def _build_acks_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.ack_summary = QLabel()
        self.ack_summary.setObjectName("policyAckSummary")
        self.ack_summary.setWordWrap(True)
        layout.addWidget(self.ack_summary)
        self.acks = QTableWidget(0, 5)
        self.acks.setObjectName("policyAcks")
        self.acks.setHorizontalHeaderLabels(
            [
                self.tr("User"),
                self.tr("Role"),
                self.tr("Latest acknowledged"),
                self.tr("When"),
                self.tr("Current"),
            ]
        )
        list_table_look(self.acks)
        layout.addWidget(self.acks, 1)
        index = self.tabs.addTab(page, self.tr("Acknowledgements"))
        self.tabs.setTabEnabled(index, self.sees_acknowledgements)

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        vault, actor, with_acks = self._vault, self._actor, self.sees_acknowledgements

        def load(_task: Any) -> tuple:
            acks = policy.acknowledgements(vault, actor) if with_acks else []
            return policy.own_texts(vault, actor), policy.versions(vault, actor), acks

        self._set_busy(True)
        self._runner.run(load, on_result=self._loaded, on_error=self._failed, vault=vault, parent=self)

    def _loaded(self, result: tuple) -> None:
        texts, versions, acks = result
        self._set_busy(False)
        self._saved = texts
        self._versions = versions
        self._fill_versions(versions)
        self._fill_acks(acks, versions[-1] if versions else None)
        if self._section is None:
            self.sections.setCurrentRow(0)
        else:
            self._show_section(self._section)
        self._update_buttons()

    def _fill_versions(self, versions: list[policy.Version]) -> None:
        self.versions.setRowCount(len(versions))
        for row, version in enumerate(reversed(versions)):
            cells = [
                str(version.number),
                _day(version.published_at),
                version.published_by,
                version.short_hash,
                version.note,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, version.number)
                if column == 3:
                    item.setToolTip(version.sha256)
                self.versions.setItem(row, column, item)
        if versions:
            current = versions[-1]
            self.current_label.setText(
                self.tr("In force: version %1, published by %2 on %3.")
                .replace("%1", str(current.number))
                .replace("%2", current.published_by)
                .replace("%3", _day(current.published_at)[:10])
            )
        else:
            self.current_label.setText(
                self.tr("No version has been published yet: nobody is asked to acknowledge anything.")
            )

    def _fill_acks(self, acks: list[policy.Acknowledgement], current: policy.Version | None) -> None:
        if not self.sees_acknowledgements:
            return
        self.acks.setRowCount(len(acks))
        for row, ack in enumerate(acks):
            if current is None:
                state = self.tr("nothing to acknowledge")
            elif ack.current:
                state = self.tr("yes")
            elif ack.status != "active":
                state = self.tr("no (account %1)").replace("%1", status_label(ack.status))
            else:
                state = self.tr("NO")
            cells = [
                ack.user,
                role_label(ack.role),
                str(ack.version) if ack.version else "—",
                _day(ack.at) or "—",
                state,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if current is not None and not ack.current and ack.status == "active":
                    item.setForeground(NOT_ACKNOWLEDGED)
                self.acks.setItem(row, column, item)
        active = [a for a in acks if a.status == "active"]
        missing = [a for a in active if not a.current]
        if current is None:
            self.ack_summary.setText(self.tr("No version has been published yet."))
        elif missing:
            self.ack_summary.setText(
                self.tr("%1 of %2 users have not acknowledged version %3: %4.")
                .replace("%1", str(len(missing)))
                .replace("%2", str(len(active)))
                .replace("%3", str(current.number))
                .replace("%4", join_names(a.user for a in missing))
            )
        else:
            self.ack_summary.setText(
                self.tr("Every user has acknowledged version %1.").replace("%1", str(current.number))
            )

    # ------------------------------------------------------------------ the owner's texts

    def _section_chosen(self, row: int) -> None:
        if 0 <= row < len(policy.SECTIONS):
            self._show_section(policy.SECTIONS[row])

    def _current_texts(self, section: str) -> dict[str, str]:
        return self._edits.get(section) or self._saved.get(section) or {"zh": "", "en": ""}

    def _show_section(self, section: str) -> None:
        self._section = None  # no edit is recorded while the editors are filled
        texts = self._current_texts(section)
        self.text_zh.setPlainText(texts["zh"])
        self.text_en.setPlainText(texts["en"])
        self._section = section

    def _text_edited(self) -> None:
        if self._section is None or not self.is_owner:
            return
        edited = {"zh": self.text_zh.toPlainText(), "en": self.text_en.toPlainText()}
        if edited == self._saved.get(self._section, {"zh": "", "en": ""}):
            self._edits.pop(self._section, None)
        else:
            self._edits[self._section] = edited
        self._update_buttons()

    def has_unsaved_texts(self) -> bool:
        return bool(self._edits)

    def save_texts(self, then: Any = None) -> None:
        edits = dict(self._edits)
        if not edits:
            if then is not None:
                then()
            return
        vault, actor = self._vault, self._actor

        def work(_task: Any) -> None:
            for section, texts in edits.items():
                policy.set_own_text(vault, actor, section, zh=texts["zh"], en=texts["en"])

        def saved(_result: Any) -> None:
            for section, texts in edits.items():
                if self._edits.get(section) == texts:
                    del self._edits[section]
            self.note.setText(self.tr("Saved. The texts take effect when a new version is published."))
            self.reload()
            if then is not None:
                then()

        self._set_busy(True)
        self._runner.run(work, on_result=saved, on_error=self._failed, vault=vault, parent=self)

    # ------------------------------------------------------------------ versions, PDF, publishing

    def selected_version(self) -> int | None:
        items = self.versions.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def save_pdf(self, path: str | None = None) -> None:
        """The selected version (else the current one, else the draft) as PDF, off the GUI thread."""
        number = self.selected_version()
        language = self.pdf_language.currentData()
        if path is None:
            folder = documents_folder()
            name = f"policy-v{number}-{language}.pdf" if number else f"policy-{language}.pdf"
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save the written policy"), str(folder / name), "PDF (*.pdf)"
            )
            if not path:
                return
        vault, actor = self._vault, self._actor

        def work(_task: Any) -> str:
            policy_report.write(vault, actor, Path(path), language, number)
            return path

        def written(where: str) -> None:
            self._set_busy(False)
            self.note.setText(self.tr("The policy was saved to %1.").replace("%1", where))
            self.pdf_written.emit(where)

        self._set_busy(True)
        self._runner.run(work, on_result=written, on_error=self._failed, vault=vault, parent=self)

    def preview(self) -> None:
        """The draft with the texts as saved, rendered off the GUI thread and opened in the PDF viewer."""
        if self.has_unsaved_texts():
            self.save_texts(then=self.preview)
            return
        vault, actor, language = self._vault, self._actor, self.pdf_language.currentData()

        def work(_task: Any) -> str:
            data = policy_report.render_document(policy.draft(vault, actor), language)
            target = Path(tempfile.mkdtemp(prefix="custos-policy-")) / f"policy-draft-{language}.pdf"
            write_atomic(target, data)
            return str(target)

        def rendered(where: str) -> None:
            self._set_busy(False)
            self.note.setText(self.tr("The draft opens in your PDF viewer (%1).").replace("%1", where))
            QDesktopServices.openUrl(QUrl.fromLocalFile(where))
            self.preview_opened.emit(where)

        self._set_busy(True)
        self._runner.run(work, on_result=rendered, on_error=self._failed, vault=vault, parent=self)

    def confirm_publish(self) -> PublishDialog | None:
        if self.has_unsaved_texts():
            self.save_texts(then=self.confirm_publish)
            return None
        number = (self._versions[-1].number if self._versions else 0) + 1
        dialog = PublishDialog(number, self)
        dialog.accepted.connect(lambda: self.publish(dialog.note.text()))
        dialog.finished.connect(dialog.deleteLater)
        self.publish_dialog = dialog
        dialog.open()
        return dialog

    def publish(self, note: str) -> None:
        vault, actor = self._vault, self._actor

        def work(_task: Any) -> policy.Version:
            return policy.publish(vault, actor, note)

        def published(version: policy.Version) -> None:
            self.note.setText(
                self.tr("Version %1 is published (SHA-256 %2).")
                .replace("%1", str(version.number))
                .replace("%2", version.short_hash)
            )
            self.changed.emit()
            self.reload()

        self._set_busy(True)
        self._runner.run(work, on_result=published, on_error=self._failed, vault=vault, parent=self)

    # ------------------------------------------------------------------ state

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.note.setText(describe(error))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self._busy
        self.save_button.setEnabled(idle and self.is_owner and self.has_unsaved_texts())
        self.pdf_button.setEnabled(idle and (bool(self._versions) or self.is_owner))
        self.preview_button.setEnabled(idle and self.is_owner)
        self.publish_button.setEnabled(idle and self.is_owner)

    def reject(self) -> None:
        """Closing with unsaved texts asks whether to save them, so nothing typed is lost silently."""
        if not self.has_unsaved_texts() or not self.isVisible():
            super().reject()
            return
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Written policy"),
            self.tr("Save the changes to your texts?"),
            buttons.Save | buttons.Discard | buttons.Cancel,
            self,
        )
        box.setObjectName("unsavedPolicyTexts")

        def answered(_code: int) -> None:
            self.unsaved_box = None
            choice = box.standardButton(box.clickedButton())
            if choice == buttons.Save:
                self.save_texts(then=lambda: QDialog.reject(self))
            elif choice == buttons.Discard:
                self._edits.clear()
                QDialog.reject(self)

        box.finished.connect(answered)
        self.unsaved_box = box
        box.open()


class PolicyFeature(Feature):
    """Tools → Written policy…, for owners and those who may view the audit log."""

    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_policy = self.add_action(
            "actionWrittenPolicy", Section.TOOLS_SETUP, self.open_policy, permission="view_audit"
        )

    def retranslate(self) -> None:
        self.action_policy.setText(self.tr("&Written policy…"))
        self.action_policy.setToolTip(
            self.tr("The customer information policy: your texts, versions, publishing and acknowledgements")
        )

    def open_policy(self) -> PolicyDialog | None:
        if not self.host.allows("view_audit"):
            return None
        dialog = PolicyDialog(self.host.vault, self.host.runner, self.host.language(), self.host.window())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
