"""File → Export…: the export wizard.

Customers → fields (each full, masked, pseudonymised or left out, with minimum-necessary
presets) → purpose and recipient (and the legal basis) → format and protection (a plain file
only after its warning, which names what it holds, is confirmed) → the export itself, with
progress and Cancel, off the GUI thread → a summary with the passphrase, shown once, and who
was left out and why.

The wizard decides nothing: it offers what ``app.exporting`` says the role may do (the fields
the role sees, the treatments each allows), and ``exporting.run`` checks everything again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import access, exporting, partners
from app import fields as fields_mod
from app.errors import KnownError
from app.exporting import request as rq
from ui import style
from ui.enter_key import PrimaryButton
from ui.folders import documents_folder
from ui.messages import describe
from ui.tasks import Task, TaskRunner

PAGE_CUSTOMERS, PAGE_FIELDS, PAGE_PURPOSE, PAGE_FORMAT, PAGE_PROGRESS, PAGE_SUMMARY = range(6)
CONTEXT = "ExportWizard"

PURPOSE_NAMES = {
    "sales": QT_TRANSLATE_NOOP("ExportWizard", "Sales contact"),
    "service": QT_TRANSLATE_NOOP("ExportWizard", "Service"),
    "marketing": QT_TRANSLATE_NOOP("ExportWizard", "Marketing"),
    "billing": QT_TRANSLATE_NOOP("ExportWizard", "Billing"),
    "delivery": QT_TRANSLATE_NOOP("ExportWizard", "Delivery"),
    "compliance": QT_TRANSLATE_NOOP("ExportWizard", "Legal obligations"),
}
TREATMENT_NAMES = {
    rq.FULL: QT_TRANSLATE_NOOP("ExportWizard", "Full"),
    rq.MASKED: QT_TRANSLATE_NOOP("ExportWizard", "Masked"),
    rq.PSEUDONYMISED: QT_TRANSLATE_NOOP("ExportWizard", "Pseudonymised"),
    rq.OMITTED: QT_TRANSLATE_NOOP("ExportWizard", "Left out"),
}
BASIS_NAMES = {
    rq.CONSENT: QT_TRANSLATE_NOOP("ExportWizard", "Consent of each customer"),
    "contract": QT_TRANSLATE_NOOP("ExportWizard", "Necessary to perform a contract with the customer"),
    "legal_obligation": QT_TRANSLATE_NOOP("ExportWizard", "Necessary to fulfil a legal duty or obligation"),
    "vital_interests": QT_TRANSLATE_NOOP(
        "ExportWizard", "Necessary to protect life, health or property in an emergency"
    ),
}
FORMAT_NAMES = {
    "csv": QT_TRANSLATE_NOOP("ExportWizard", "CSV spreadsheet (Excel, WPS)"),
    "xlsx": QT_TRANSLATE_NOOP("ExportWizard", "Excel workbook (XLSX)"),
    "json": QT_TRANSLATE_NOOP("ExportWizard", "JSON (for other software)"),
    "pdf": QT_TRANSLATE_NOOP("ExportWizard", "PDF table (to read or print)"),
    "vcf": QT_TRANSLATE_NOOP("ExportWizard", "vCard contacts (phones, Outlook)"),
}
ENCODING_NAMES = {
    "utf-8-sig": QT_TRANSLATE_NOOP("ExportWizard", "UTF-8 (current Excel, WPS, Numbers)"),
    "gbk": QT_TRANSLATE_NOOP("ExportWizard", "GBK (older Excel and WPS in Chinese)"),
    "gb18030": QT_TRANSLATE_NOOP("ExportWizard", "GB18030 (GBK with every Chinese character)"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def purpose_name(purpose: str) -> str:
    return tr(PURPOSE_NAMES[purpose]) if purpose in PURPOSE_NAMES else purpose


def left_out_text(reason: str, count: int, purpose: str) -> str:
    """One line of "who was left out and why", in the user's language."""
    if reason == "no_consent":
        text = QCoreApplication.translate(
            "ExportWizard", "%n customer(s) with no consent recorded for %1", "", count
        )
    elif reason == "refused":
        text = QCoreApplication.translate(
            "ExportWizard", "%n customer(s) who refused consent for %1", "", count
        )
    elif reason == "withdrawn":
        text = QCoreApplication.translate(
            "ExportWizard", "%n customer(s) who withdrew consent for %1", "", count
        )
    elif reason == "restricted":
        text = QCoreApplication.translate(
            "ExportWizard", "%n customer(s) who asked to restrict the processing of their data", "", count
        )
    else:
        text = QCoreApplication.translate(
            "ExportWizard", "%n customer(s) whose consent for %1 has expired", "", count
        )
    return text.replace("%1", purpose)


def fields_text(view: access.Access, fields: list[tuple[str, str]], language: str) -> str:
    """ "Name, Phone (masked)" as a person reads the columns of an export, in their language."""
    zh = language.startswith("zh")
    parts = []
    for key, treatment in fields:
        label = rq.heading(view, key, "zh_CN" if zh else "en")
        if treatment != rq.FULL:
            name = tr(TREATMENT_NAMES[treatment])
            label += f"（{name}）" if zh else f" ({name.lower()})"
        parts.append(label)
    return ("、" if zh else ", ").join(parts)


def _consent_label(purpose_text: str) -> str:
    purpose, _sep, partner = purpose_text.partition(":")
    if partner:
        return QCoreApplication.translate("ExportWizard", "sharing with %1").replace("%1", partner)
    return purpose_name(purpose)


class _Page(QWizardPage):
    """A page with its own heading, like the set-up wizard's."""

    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__()
        self.export = wizard
        self.heading = style.title_label("")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(10, 6, 10, 0)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.intro)
        self.body.addSpacing(style.SPACING)


# ------------------------------------------------------------------------------- 1. customers


class CustomersPage(_Page):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Which customers?"))
        self.intro.setText(self.tr("Choose whose records go into the file."))
        self.all_radio = QRadioButton(self.tr("Every customer"))
        self.all_radio.setObjectName("exportAll")
        self.search_radio = QRadioButton()
        self.search_radio.setObjectName("exportSearch")
        self.selected_radio = QRadioButton()
        self.selected_radio.setObjectName("exportSelected")
        self.tag_radio = QRadioButton(self.tr("Customers with the tag:"))
        self.tag_radio.setObjectName("exportTag")
        self.tag_edit = QLineEdit()
        self.tag_edit.setObjectName("exportTagEdit")
        self.tag_edit.setPlaceholderText(self.tr("e.g. vip"))
        self.consent_radio = QRadioButton(self.tr("Customers with current consent for:"))
        self.consent_radio.setObjectName("exportConsent")
        self.consent_combo = QComboBox()
        self.consent_combo.setObjectName("exportConsentCombo")
        for purpose in fields_mod.PURPOSES:
            self.consent_combo.addItem(purpose_name(purpose), purpose)
        for partner in wizard.partners:  # the separate consent to sharing with each partner
            self.consent_combo.addItem(_consent_label(partner.consent_purpose), partner.consent_purpose)
        group = QButtonGroup(self)
        for button in (
            self.all_radio,
            self.search_radio,
            self.selected_radio,
            self.tag_radio,
            self.consent_radio,
        ):
            group.addButton(button)
            button.toggled.connect(self.completeChanged)
        self.tag_edit.textChanged.connect(self.completeChanged)
        self.tag_edit.textEdited.connect(lambda _text: self.tag_radio.setChecked(True))
        self.consent_combo.activated.connect(lambda _index: self.consent_radio.setChecked(True))

        search_text = wizard.search_text
        self.search_radio.setText(
            self.tr("The customers the current search finds: “%1”").replace("%1", search_text)
        )
        self.search_radio.setVisible(bool(search_text))
        count = len(wizard.selected_ids)
        self.selected_radio.setText(self.tr("The selected customer(s): %n", "", count))
        self.selected_radio.setVisible(count > 0)
        self.consent_radio.setVisible(wizard.access.allows("view_consent"))
        self.consent_combo.setVisible(wizard.access.allows("view_consent"))
        can_tag = wizard.access.can_read("tags")
        self.tag_radio.setVisible(can_tag)
        self.tag_edit.setVisible(can_tag)
        (self.search_radio if search_text else self.all_radio).setChecked(True)

        layout = self.body
        layout.addWidget(self.all_radio)
        layout.addWidget(self.search_radio)
        layout.addWidget(self.selected_radio)
        tag_row = QHBoxLayout()
        tag_row.addWidget(self.tag_radio)
        tag_row.addWidget(self.tag_edit, 1)
        layout.addLayout(tag_row)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_radio)
        consent_row.addWidget(self.consent_combo, 1)
        layout.addLayout(consent_row)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return not self.tag_radio.isChecked() or bool(self.tag_edit.text().strip())

    def selection(self) -> rq.Selection:
        if self.search_radio.isChecked():
            return rq.Selection("search", query=self.export.search_text)
        if self.selected_radio.isChecked():
            return rq.Selection("ids", ids=tuple(self.export.selected_ids))
        if self.tag_radio.isChecked():
            return rq.Selection("tag", tag=self.tag_edit.text().strip())
        if self.consent_radio.isChecked():
            return rq.Selection("consent", consent=self.consent_combo.currentData())
        return rq.Selection("all")


# ------------------------------------------------------------------------------- 2. fields


class FieldsPage(_Page):
    """One row per field the role sees, with the treatments the role may give it."""

    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Which fields, and how?"))
        self.intro.setText(
            self.tr(
                "Export only what the purpose needs. Masked keeps a recognisable part (138****5678);"
                " pseudonymised replaces a value with a code that is the same for equal values within"
                " this file only."
            )
        )
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("exportPreset")
        self.preset_button = QPushButton(self.tr("Apply preset"))
        self.preset_button.setObjectName("exportApplyPreset")
        self.preset_button.clicked.connect(self.apply_preset)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Minimum necessary for:")))
        row.addWidget(self.preset_combo, 1)
        row.addWidget(self.preset_button)
        self.body.addLayout(row)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("exportFields")
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("In the file")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.body.addWidget(self.table, 1)
        self.message = style.InlineMessage()
        self.body.addWidget(self.message)
        self.combos: dict[str, QComboBox] = {}
        view = wizard.access
        language = wizard.language
        for key, _level in rq.exportable(view):
            row_index = self.table.rowCount()
            self.table.insertRow(row_index)
            label = rq.heading(view, key, language)
            if not view.can_read(key) and key != rq.ID_FIELD:
                label += " " + self.tr("(you see it masked)")
            item = QTableWidgetItem(label)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row_index, 0, item)
            combo = QComboBox()
            combo.setObjectName(f"treatment_{key}")
            for treatment in rq.allowed_treatments(view, key):
                combo.addItem(tr(TREATMENT_NAMES[treatment]), treatment)
            combo.setCurrentIndex(combo.findData(rq.default_treatment(view, key)))
            combo.currentIndexChanged.connect(self.completeChanged)
            self.table.setCellWidget(row_index, 1, combo)
            self.combos[key] = combo
        self.table.resizeRowsToContents()
        for purpose in fields_mod.PURPOSES:
            self.preset_combo.addItem(purpose_name(purpose), f"purpose:{purpose}")
        for partner in wizard.partners:
            self.preset_combo.addItem(
                self.tr("Partner %1 (its agreement)").replace("%1", partner.name), f"partner:{partner.name}"
            )

    def apply_preset(self) -> None:
        kind, _sep, value = self.preset_combo.currentData().partition(":")
        view = self.export.access
        if kind == "purpose":
            preset = rq.purpose_preset(view, value)
        else:
            preset = rq.partner_preset(view, self.export.partner(value).fields)
        self.set_columns(preset)

    def set_columns(self, columns: list[tuple[str, str]]) -> None:
        for key, treatment in columns:
            combo = self.combos.get(key)
            if combo is not None and combo.findData(treatment) >= 0:
                combo.setCurrentIndex(combo.findData(treatment))

    def columns(self) -> list[tuple[str, str]]:
        return [(key, combo.currentData()) for key, combo in self.combos.items()]

    def isComplete(self) -> bool:
        return any(t != rq.OMITTED for _k, t in self.columns())


# ------------------------------------------------------------------------------- 3. purpose and recipient


class PurposePage(_Page):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Why, and for whom?"))
        self.intro.setText(
            self.tr(
                "Every export has a purpose and a recipient; both are recorded. Only customers whose"
                " current consent covers the purpose are included, or, for a partner, those who gave"
                " their separate consent to sharing with it, unless another legal basis applies."
            )
        )
        form = QFormLayout()
        self.purpose_combo = QComboBox()
        self.purpose_combo.setObjectName("exportPurpose")
        self.purpose_combo.addItem(self.tr("Choose a purpose…"), "")
        for purpose in fields_mod.PURPOSES:
            self.purpose_combo.addItem(purpose_name(purpose), purpose)
        self.recipient_combo = QComboBox()
        self.recipient_combo.setObjectName("exportRecipient")
        self.recipient_combo.addItem(self.tr("Internal use"), "")
        for partner in wizard.partners:
            if partner.state() == "active":
                self.recipient_combo.addItem(partner.name, partner.name)
        self.basis_combo = QComboBox()
        self.basis_combo.setObjectName("exportBasis")
        for basis, name in BASIS_NAMES.items():
            self.basis_combo.addItem(tr(name), basis)
        self.basis_note = QPlainTextEdit()
        self.basis_note.setObjectName("exportBasisNote")
        self.basis_note.setPlaceholderText(self.tr("Why this legal basis applies (recorded with the export)"))
        self.basis_note.setMaximumHeight(70)
        form.addRow(self.tr("Purpose:"), self.purpose_combo)
        form.addRow(self.tr("Recipient:"), self.recipient_combo)
        form.addRow(self.tr("Legal basis:"), self.basis_combo)
        form.addRow("", self.basis_note)
        self.body.addLayout(form)
        self.explain = style.note_label()
        self.body.addWidget(self.explain)
        self.message = style.InlineMessage()
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        for combo in (self.purpose_combo, self.recipient_combo, self.basis_combo):
            combo.currentIndexChanged.connect(self._changed)
        self.basis_note.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        consent = self.basis_combo.currentData() == rq.CONSENT
        self.basis_note.setVisible(not consent)
        purpose, partner = self.purpose_combo.currentData(), self.recipient_combo.currentData()
        if not purpose:
            self.explain.setText("")
        elif consent and partner:
            self.explain.setText(
                self.tr("Only customers who gave separate consent to sharing with %1 are included.").replace(
                    "%1", partner
                )
            )
        elif consent:
            self.explain.setText(
                self.tr("Only customers with current consent for %1 are included.").replace(
                    "%1", purpose_name(purpose)
                )
            )
        else:
            self.explain.setText(
                self.tr("Everyone chosen is included; the legal basis and your reason are recorded.")
            )
        self.message.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if not self.purpose_combo.currentData():
            return False
        if self.basis_combo.currentData() != rq.CONSENT:
            return len(self.basis_note.toPlainText().strip()) >= rq.MIN_BASIS_NOTE
        return True

    def validatePage(self) -> bool:
        """The partner's agreement and the fields are checked by the core before going on."""
        try:
            exporting.prepare(self.export.vault, self.export.actor, self.export.request(), count=False)
        except KnownError as exc:
            self.message.show_error(describe(exc))
            return False
        return True


# ------------------------------------------------------------------------------- 4. format and protection


class FormatPage(_Page):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Format and protection"))
        self.intro.setText(
            self.tr("The file is written where you choose; nothing else is kept outside the vault.")
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Export"))
        form = QFormLayout()
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for fmt, name in FORMAT_NAMES.items():
            self.format_combo.addItem(tr(name), fmt)
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("exportEncoding")
        for encoding, name in ENCODING_NAMES.items():
            self.encoding_combo.addItem(tr(name), encoding)
        self.encoding_label = QLabel(self.tr("Encoding:"))
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow(self.encoding_label, self.encoding_combo)
        form.addRow(self.tr("Save as:"), path_row)
        self.body.addLayout(form)
        self.encrypt_radio = QRadioButton(
            self.tr("Encrypted archive (AES-256 ZIP, opens with 7-Zip or WinZip)")
        )
        self.encrypt_radio.setObjectName("exportEncrypt")
        self.plain_radio = QRadioButton(self.tr("Plain file, not encrypted"))
        self.plain_radio.setObjectName("exportPlain")
        group = QButtonGroup(self)
        group.addButton(self.encrypt_radio)
        group.addButton(self.plain_radio)
        self.encrypt_radio.setChecked(True)
        self.encrypt_note = style.note_label(
            self.tr(
                "A passphrase is made for this file and shown once, after the export. Send it separately."
            )
        )
        self.body.addWidget(self.encrypt_radio)
        self.body.addWidget(self.encrypt_note)
        self.body.addWidget(self.plain_radio)
        self.warning = QLabel()
        self.warning.setObjectName("exportPlainWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {style.ERROR};")
        self.confirm_plain = QCheckBox(self.tr("I understand; write the plain file"))
        self.confirm_plain.setObjectName("exportConfirmPlain")
        self.body.addWidget(self.warning)
        self.body.addWidget(self.confirm_plain)
        self.counts = style.note_label()
        self.counts.setObjectName("exportCounts")
        self.body.addWidget(self.counts)
        self.message = style.InlineMessage()
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.plan: exporting.Plan | None = None
        self._counting: Task | None = None
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.plain_radio.toggled.connect(self._protection_changed)
        self.confirm_plain.toggled.connect(self.completeChanged)
        self.path_edit.textChanged.connect(self.completeChanged)
        self._protection_changed()

    def initializePage(self) -> None:
        self._format_changed()
        self.plan = None
        self.counts.setText(self.tr("Counting the customers…"))
        self.message.clear()
        request = self.export.request(count_only=True)
        vault, actor = self.export.vault, self.export.actor
        self._counting = self.export.runner.run(
            lambda _task: exporting.prepare(vault, actor, request),
            on_result=self._counted,
            on_error=self._count_failed,
            vault=vault,
            parent=self,
        )

    def _counted(self, plan: exporting.Plan) -> None:
        self.plan = plan
        lines = [self.tr("%n customer(s) will be in the file.", "", plan.included)]
        purpose = _consent_label(plan.consent_purpose or "")
        lines += [left_out_text(reason, count, purpose) for reason, count in plan.left_out.items() if count]
        if len(lines) > 1:
            lines[1] = self.tr("Left out:") + " " + lines[1]
        self.counts.setText("\n".join(lines))
        self._protection_changed()

    def _count_failed(self, error: BaseException) -> None:
        self.counts.setText("")
        self.message.show_error(describe(error))
        if not isinstance(error, KnownError):
            raise error

    def _format_changed(self) -> None:
        is_csv = self.format_combo.currentData() == "csv"
        self.encoding_combo.setVisible(is_csv)
        self.encoding_label.setVisible(is_csv)
        path = self.path_edit.text().strip()
        if not path:
            path = str(documents_folder() / f"customers-{date.today():%Y%m%d}")
        self.path_edit.setText(self._with_suffix(path))

    def _with_suffix(self, path: str) -> str:
        stem = Path(path)
        for suffix in (".zip", *rq.FORMAT_SUFFIX.values()):
            if stem.name.endswith(suffix):
                stem = stem.with_name(stem.name[: -len(suffix)])
        name = stem.name + rq.FORMAT_SUFFIX[self.format_combo.currentData()]
        if self.encrypt_radio.isChecked():
            name += ".zip"
        return str(stem.with_name(name))

    def _protection_changed(self) -> None:
        plain = self.plain_radio.isChecked()
        self.warning.setVisible(plain)
        self.confirm_plain.setVisible(plain)
        if plain and self.plan is not None:
            self.warning.setText(self.plan.plain_warning())
        elif plain:
            self.warning.setText(self.tr("Counting what the file would hold…"))
        if not plain:
            self.confirm_plain.setChecked(False)
        if self.path_edit.text():
            self.path_edit.setText(self._with_suffix(self.path_edit.text()))
        self.completeChanged.emit()

    def browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the export as"), self.path_edit.text()
        )
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:
        if not self.path_edit.text().strip() or self.plan is None:
            return False
        return not self.plain_radio.isChecked() or self.confirm_plain.isChecked()


# ------------------------------------------------------------------------------- 5. progress


class ProgressPage(_Page):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Exporting…"))
        # Nothing goes back from here: the summary's Back would export again.
        self.setCommitPage(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("exportProgress")
        self.status = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel export"))
        self.cancel_button.setObjectName("exportCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.message = style.InlineMessage()
        self.body.addWidget(self.bar)
        self.body.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        self.body.addLayout(row)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.task: Task | None = None
        self.result: exporting.ExportResult | None = None
        self.failed = False

    def initializePage(self) -> None:
        self.result, self.failed = None, False
        self.message.clear()
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        request = self.export.request()
        path = Path(self.export.format_page.path_edit.text().strip()).expanduser()
        vault, actor = self.export.vault, self.export.actor

        def work(task: Task) -> exporting.ExportResult:
            return exporting.run(
                vault,
                actor,
                request,
                path,
                progress=lambda done, total: task.progress(done, total),
                cancelled=lambda: task.cancelled,
            )

        self.task = self.export.runner.run(
            work,
            on_result=self._done,
            on_error=self._failed,
            on_progress=self._progress,
            vault=vault,
            parent=self,
        )

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(
            self.tr("%1 of %2 customers written").replace("%1", f"{done:,}").replace("%2", f"{total:,}")
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    def _done(self, result: exporting.ExportResult) -> None:
        self.result = result
        self.task = None
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()
        # After initializePage has returned (an inline runner reports at once, from inside it).
        QTimer.singleShot(0, self.export.next)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.failed = True
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if isinstance(error, exporting.ExportCancelled):
            self.message.show_info(self.tr("The export was cancelled; no file was written."))
        else:
            self.message.show_error(
                self.tr("The export failed; no file was written. %1").replace("%1", describe(error))
            )
        self.export.button(QWizard.WizardButton.CancelButton).setText(self.tr("Close"))
        if not isinstance(error, KnownError):
            raise error

    @property
    def running(self) -> bool:
        return self.task is not None

    def isComplete(self) -> bool:
        return self.result is not None


# ------------------------------------------------------------------------------- 6. summary


class SummaryPage(_Page):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Exported"))
        self.details = QLabel()
        self.details.setObjectName("exportSummary")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.details)
        self.passphrase_box = QWidget()
        box = QVBoxLayout(self.passphrase_box)
        box.setContentsMargins(0, 8, 0, 0)
        box.addWidget(QLabel(self.tr("Passphrase — shown only now, stored nowhere:")))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("exportPassphrase")
        self.passphrase.setReadOnly(True)
        self.passphrase.setFont(style.monospace_font(13))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.passphrase.text()))
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.copy_button)
        box.addLayout(row)
        box.addWidget(
            style.note_label(
                self.tr(
                    "Give it to the recipient another way (by phone, or in person), never with the file."
                    " Without it the file cannot be opened, and Custos cannot show it again."
                )
            )
        )
        self.body.addWidget(self.passphrase_box)
        self.left_out = style.note_label()
        self.left_out.setObjectName("exportLeftOut")
        self.body.addWidget(self.left_out)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        result = self.export.progress_page.result
        if result is None:
            return
        plan = result.plan
        self.details.setText(
            "\n".join(
                [
                    self.tr("%n customer(s) written to %1", "", result.rows).replace("%1", str(result.path)),
                    self.tr("Purpose: %1 · Recipient: %2")
                    .replace("%1", purpose_name(plan.request.purpose))
                    .replace("%2", plan.partner.name if plan.partner else self.tr("internal use")),
                    self.tr("Recorded as export %1; SHA-256 %2")
                    .replace("%1", str(result.export_id))
                    .replace("%2", result.sha256),
                ]
            )
        )
        self.passphrase.setText(result.passphrase or "")
        self.passphrase_box.setVisible(bool(result.passphrase))
        purpose = _consent_label(plan.consent_purpose or "")
        lines = [left_out_text(reason, count, purpose) for reason, count in result.left_out.items() if count]
        self.left_out.setText(
            (self.tr("Left out:") + "\n" + "\n".join(lines))
            if lines
            else self.tr("Nobody chosen was left out.")
        )

    def cleanupPage(self) -> None:
        self.passphrase.clear()


# ------------------------------------------------------------------------------- the wizard


class ExportWizard(QWizard):
    def __init__(
        self,
        vault: Any,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        language: str = "en",
        search_text: str = "",
        selected_ids: list[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.runner = runner
        self.actor = vault.actor
        self.access = access.access_for(vault, self.actor)
        self.language = "zh_CN" if language.startswith("zh") else "en"
        self.search_text = search_text.strip()
        self.selected_ids = list(selected_ids or [])
        self.partners = partners.list_partners(vault, self.actor)
        self.setWindowTitle(self.tr("Export customers"))
        self.setObjectName("exportWizard")
        self.setMinimumSize(720, 560)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.customers_page = CustomersPage(self)
        self.fields_page = FieldsPage(self)
        self.purpose_page = PurposePage(self)
        self.format_page = FormatPage(self)
        self.progress_page = ProgressPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in (
            (PAGE_CUSTOMERS, self.customers_page),
            (PAGE_FIELDS, self.fields_page),
            (PAGE_PURPOSE, self.purpose_page),
            (PAGE_FORMAT, self.format_page),
            (PAGE_PROGRESS, self.progress_page),
            (PAGE_SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_CUSTOMERS)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Done"))
        self.enter_key = PrimaryButton(self, None)

    def partner(self, name: str) -> partners.Partner:
        return next(p for p in self.partners if p.name == name)

    def request(self, *, count_only: bool = False) -> rq.ExportRequest:
        fmt = self.format_page.format_combo.currentData()
        plain = self.format_page.plain_radio.isChecked()
        return rq.ExportRequest(
            self.customers_page.selection(),
            tuple(self.fields_page.columns()),
            self.purpose_page.purpose_combo.currentData() or "",
            fmt,
            partner=self.purpose_page.recipient_combo.currentData() or "",
            legal_basis=self.purpose_page.basis_combo.currentData(),
            basis_note=self.purpose_page.basis_note.toPlainText().strip(),
            encoding=self.format_page.encoding_combo.currentData(),
            protection=rq.PLAIN if plain else rq.ENCRYPTED,
            plain_acknowledged=plain and self.format_page.confirm_plain.isChecked() and not count_only,
            language=self.language,
        )

    def reject(self) -> None:
        if self.progress_page.running:
            self.progress_page.cancel()  # the page reports when the worker has removed the file
            return
        super().reject()

    def done(self, result: int) -> None:
        self.summary_page.passphrase.clear()  # shown once: not left in a closed window
        super().done(result)
