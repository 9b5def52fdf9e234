"""The card's Consent section: where the customer stands per purpose, the history, and the actions.

At a glance: one row per purpose with its state (given, refused, withdrawn, expired, not asked),
since when, until when, and the notice version it cites — with a note when a newer version is
out. Below, every decision ever recorded, newest first. Record… opens the record dialog;
Withdraw… withdraws the selected purpose in one step; Print form… and Print receipt… write
PDFs (app/reports/consent_form.py) on the task runner, never on the GUI thread.

Everything shown comes from app/consent.py under the signed-in role ('view_consent' to see;
'record_consent' for Record and Withdraw, which a role without it does not get — and the core
refuses anyway).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import consent
from app.customers import Customer
from app.errors import KnownError
from app.reports import consent_form
from ui.consent_record import RecordConsentDialog, WithdrawDialog, channel_label
from ui.customer_card import CardSection, CustomerCard
from ui.customer_model import label_language
from ui.dates import format_day, format_moment
from ui.enter_key import PrimaryButton
from ui.folders import documents_folder
from ui.list_model import list_table_look
from ui.messages import describe

STATE_COLOURS = {
    consent.GIVEN: "#1e7b34",
    consent.REFUSED: "#5f6368",
    consent.WITHDRAWN: "#b3261e",
    consent.EXPIRED: "#b06000",
    consent.NONE: "#9aa0a6",
}


def local_day(stamp: str) -> str:
    """The local calendar day of a stored UTC moment, written the UI's way."""
    moment = QDateTime.fromString(stamp, Qt.DateFormat.ISODate)
    return format_day(moment.toLocalTime().date()) if moment.isValid() else stamp[:10]


class ConsentSection(CardSection):
    permission = "view_consent"
    name = "consentSection"
    offline = True  # consent is collected at the customer's site, with the receipt printed there

    def __init__(self, host: Any, card: CustomerCard) -> None:
        super().__init__(host, card)
        self._language = label_language()
        self._generation = 0  # a read for an earlier customer is dropped
        self.statuses: list[consent.PurposeStatus] = []
        self.records: list[consent.ConsentRecord] = []
        self.record_dialog: RecordConsentDialog | None = None
        self.withdraw_dialog: WithdrawDialog | None = None
        self.print_dialog: PrintFormDialog | None = None
        self.printing = False

        self.status_table = QTableWidget(0, 5)
        self.status_table.setObjectName("consentStatus")
        self.history_table = QTableWidget(0, 6)
        self.history_table.setObjectName("consentHistory")
        for table in (self.status_table, self.history_table):
            list_table_look(table)
            table.setWordWrap(False)
            table.horizontalHeader().setDefaultAlignment(
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            )
        self.status_table.horizontalHeader().setStretchLastSection(False)
        self.status_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.status_table.itemSelectionChanged.connect(self._update_buttons)
        self.history_table.itemSelectionChanged.connect(self._update_buttons)

        self.may_record = host.allows("record_consent")
        self.record_button = QPushButton()
        self.record_button.setObjectName("recordConsentButton")
        self.record_button.clicked.connect(self.open_record)
        self.withdraw_button = QPushButton()
        self.withdraw_button.setObjectName("withdrawConsentButton")
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.form_button = QPushButton()
        self.form_button.setObjectName("printFormButton")
        self.form_button.clicked.connect(self.print_form)
        self.receipt_button = QPushButton()
        self.receipt_button.setObjectName("printReceiptButton")
        self.receipt_button.clicked.connect(self.print_receipt)
        # Shown only to a role that may record; the core checks 'record_consent' again.
        self.record_button.setVisible(self.may_record)
        self.withdraw_button.setVisible(self.may_record)
        buttons = QHBoxLayout()
        for button in (self.record_button, self.withdraw_button, self.form_button, self.receipt_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.message = QLabel()
        self.message.setObjectName("consentMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_heading = QLabel()
        self.history_heading = QLabel()
        for heading in (self.status_heading, self.history_heading):
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.status_heading)
        layout.addWidget(self.status_table, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.history_heading)
        layout.addWidget(self.history_table, 2)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self._language = label_language()
        self._fill_status()  # purpose and channel names follow the language too
        self._fill_history()
        self.status_heading.setText(self.tr("Consent per purpose"))
        self.history_heading.setText(self.tr("History of decisions"))
        self.record_button.setText(self.tr("Record…"))
        self.record_button.setToolTip(self.tr("Record the customer's consent or refusal (Ctrl+Shift+C)"))
        self.withdraw_button.setText(self.tr("Withdraw…"))
        self.withdraw_button.setToolTip(self.tr("Withdraw the consent selected above"))
        self.form_button.setText(self.tr("Print form…"))
        self.form_button.setToolTip(self.tr("A consent form for this customer, as PDF, to print and sign"))
        self.receipt_button.setText(self.tr("Print receipt…"))
        self.receipt_button.setToolTip(
            self.tr("The customer's receipt for the decision selected below, as PDF")
        )
        self.status_table.setHorizontalHeaderLabels(
            [self.tr("Purpose"), self.tr("Status"), self.tr("Since"), self.tr("Until"), self.tr("Notice")]
        )
        self.history_table.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("Purpose"),
                self.tr("Decision"),
                self.tr("How"),
                self.tr("By"),
                self.tr("Notice"),
            ]
        )

    def title(self) -> str:
        return self.tr("Consent")

    # ------------------------------------------------------------------ reading

    def show_customer(self, customer: Customer) -> None:
        self._generation += 1
        generation, vault, actor, cid = self._generation, self.host.vault, self.host.vault.actor, customer.id

        def read(_task: Any) -> tuple[int, list, list]:
            return generation, consent.status(vault, actor, cid), consent.history(vault, actor, cid)

        self.host.runner.run(read, on_result=self._read, on_error=self._read_failed, vault=vault, parent=self)

    def _read(self, result: tuple[int, list, list]) -> None:
        generation, statuses, records = result
        if generation != self._generation or self.card.customer is None:
            return
        self.statuses, self.records = statuses, records
        self._fill_status()
        self._fill_history()
        self._update_buttons()

    def _read_failed(self, error: BaseException) -> None:
        self.message.setText(describe(error))

    def clear(self) -> None:
        self._generation += 1
        self.statuses, self.records = [], []
        self.status_table.setRowCount(0)
        self.history_table.setRowCount(0)
        self.message.clear()
        self._update_buttons()

    def state_label(self, state: str) -> str:
        return {
            consent.GIVEN: self.tr("✔ Given"),
            consent.REFUSED: self.tr("✘ Refused"),
            consent.WITHDRAWN: self.tr("Withdrawn"),
            consent.EXPIRED: self.tr("Expired"),
            consent.NONE: self.tr("Not asked"),
        }[state]

    def decision_label(self, status: str) -> str:
        return {
            consent.GIVEN: self.tr("Given"),
            consent.REFUSED: self.tr("Refused"),
            consent.WITHDRAWN: self.tr("Withdrawn"),
        }.get(status, status)

    def _fill_status(self) -> None:
        table = self.status_table
        table.setRowCount(len(self.statuses))
        bold = QFont(table.font())
        bold.setBold(True)
        for row, status in enumerate(self.statuses):
            rec = status.record
            notice = ""
            if rec is not None:
                notice = f"{rec.text_key} v{rec.text_version}"
                if status.newer_text:
                    notice += "  " + self.tr("(v%1 is out: ask again)").replace("%1", str(status.newer_text))
            until = ""
            if rec is not None and status.state in (consent.GIVEN, consent.EXPIRED):
                until = format_day(rec.expires_on) if rec.expires_on else self.tr("No end date")
            cells = [
                consent.purpose_label(status.purpose, self._language, status.partner),
                self.state_label(status.state),
                local_day(rec.collected_at) if rec is not None else "",
                until,
                notice,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setForeground(QBrush(QColor(STATE_COLOURS[status.state])))
                    item.setFont(bold)
                    item.setData(Qt.ItemDataRole.UserRole, status.state)
                table.setItem(row, column, item)

    def _fill_history(self) -> None:
        table = self.history_table
        table.setRowCount(len(self.records))
        for row, rec in enumerate(self.records):
            how = channel_label(rec.channel, self._language)
            if rec.evidence is not None and rec.channel not in ("signature", "paper"):
                how += " · " + (self.tr("signature") if rec.evidence.kind == "signature" else self.tr("scan"))
            if rec.guardian is not None:
                how += " · " + self.tr("guardian %1 (%2)").replace("%1", rec.guardian.name).replace(
                    "%2", rec.guardian.relation
                )
            cells = [
                format_moment(rec.collected_at),
                consent.purpose_label(rec.purpose, self._language, rec.partner),
                self.decision_label(rec.status),
                how,
                rec.collected_by,
                f"{rec.text_key} v{rec.text_version}",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setForeground(QBrush(QColor(STATE_COLOURS[rec.status])))
                table.setItem(row, column, item)

    # ------------------------------------------------------------------ state

    def selected_status(self) -> consent.PurposeStatus | None:
        rows = self.status_table.selectionModel().selectedRows()
        return self.statuses[rows[0].row()] if rows and rows[0].row() < len(self.statuses) else None

    def selected_record(self) -> consent.ConsentRecord | None:
        """The decision chosen in the history, else the newest one given or refused."""
        rows = self.history_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.records):
            return self.records[rows[0].row()]
        return next((r for r in self.records if r.status != consent.WITHDRAWN), None)

    def select_purpose(self, purpose: str, partner: str = "") -> None:
        for row, status in enumerate(self.statuses):
            if status.purpose == purpose and status.partner == partner:
                self.status_table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        shown = self.card.customer is not None
        status = self.selected_status()
        self.record_button.setEnabled(shown and self.may_record)
        self.withdraw_button.setEnabled(
            shown
            and self.may_record
            and status is not None
            and status.state in (consent.GIVEN, consent.EXPIRED)
        )
        self.form_button.setEnabled(shown and not self.printing)
        self.receipt_button.setEnabled(shown and not self.printing and self.selected_record() is not None)

    def focus_first(self) -> None:
        self.status_table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ recording and withdrawing

    def open_record(self) -> RecordConsentDialog | None:
        customer = self.card.customer
        if customer is None or not self.may_record or self.record_dialog is not None:
            return None
        try:
            dialog = RecordConsentDialog(
                self.host.vault, self.host.runner, customer.id, customer.name, self.host.window()
            )
        except KnownError as error:
            self.message.setText(describe(error))
            return None
        dialog.recorded.connect(self._recorded)
        dialog.finished.connect(lambda _r: self._record_closed(dialog))
        self.record_dialog = dialog
        self.host.open_dialog(dialog)
        return dialog

    def _record_closed(self, dialog: RecordConsentDialog) -> None:
        self.record_dialog = None
        dialog.deleteLater()

    def _recorded(self, records: list) -> None:
        self.message.setText(
            self.tr("Recorded %1 decision(s). Print receipt… gives the customer their copy.").replace(
                "%1", str(len(records))
            )
        )
        self._after_change()

    def withdraw_selected(self) -> WithdrawDialog | None:
        customer, status = self.card.customer, self.selected_status()
        if customer is None or status is None or not self.may_record or self.withdraw_dialog is not None:
            return None
        dialog = WithdrawDialog(
            self.host.vault, self.host.runner, customer.id, status.purpose, status.partner, self.host.window()
        )
        dialog.withdrawn.connect(self._withdrawn)
        dialog.finished.connect(lambda _r: self._withdraw_closed(dialog))
        self.withdraw_dialog = dialog
        self.host.open_dialog(dialog)
        return dialog

    def _withdraw_closed(self, dialog: WithdrawDialog) -> None:
        self.withdraw_dialog = None
        dialog.deleteLater()

    def _withdrawn(self, record: consent.ConsentRecord) -> None:
        self.message.setText(
            self.tr("Consent for %1 withdrawn.").replace(
                "%1", consent.purpose_label(record.purpose, self._language, record.partner)
            )
        )
        self._after_change()

    def _after_change(self) -> None:
        if self.card.customer is not None:
            self.show_customer(self.card.customer)
        self.changed.emit()
        self.card.consent_changed.emit()

    # ------------------------------------------------------------------ printing

    def print_form(self) -> PrintFormDialog | None:
        customer = self.card.customer
        if customer is None or self.printing or self.print_dialog is not None:
            return None
        texts = consent.list_texts(self.host.vault, self.host.vault.actor)
        if not texts:
            self.message.setText(self.tr("There is no notice text to print yet."))
            return None
        dialog = PrintFormDialog(texts, self.host.window())
        dialog.accepted.connect(
            lambda: self._form_chosen(
                dialog.chosen_text(), dialog.chosen_language(), dialog.addressed.isChecked()
            )
        )
        dialog.finished.connect(lambda _r: self._print_dialog_closed(dialog))
        self.print_dialog = dialog
        self.host.open_dialog(dialog)
        return dialog

    def _print_dialog_closed(self, dialog: PrintFormDialog) -> None:
        self.print_dialog = None
        dialog.deleteLater()

    def _form_chosen(self, notice: consent.TextVersion, language: str, addressed: bool) -> None:
        customer = self.card.customer
        if customer is None:
            return
        suffix = f"-{customer.id}" if addressed else ""
        suggested = str(documents_folder() / f"consent-form-{notice.key}-v{notice.version}{suffix}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the consent form"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return
        vault, who = self.host.vault, (customer.id, customer.name) if addressed else None

        def render(_task: Any) -> str:
            consent_form.write_form(
                Path(path),
                notice,
                language=language,
                business_name=vault.business_name,
                vault_id=vault.vault_id,
                customer=who,
            )
            return path

        self._start_printing(render, self.tr("Form saved to %1"))

    def print_receipt(self) -> None:
        customer, chosen = self.card.customer, self.selected_record()
        if customer is None or chosen is None or self.printing:
            return
        suggested = str(documents_folder() / f"consent-receipt-{customer.id}-{chosen.id}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the consent receipt"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return
        vault, actor, who, record_id = (
            self.host.vault,
            self.host.vault.actor,
            (customer.id, customer.name),
            chosen.id,
        )

        def render(_task: Any) -> str:
            together = consent.collected_together(vault, actor, record_id)
            first = together[0]
            signature = None
            if first.evidence is not None and first.evidence.kind == "signature":
                signature = consent.evidence_data(vault, actor, first.id)[1]
            consent_form.write_receipt(
                Path(path),
                consent.text_of(vault, actor, first),
                together,
                customer=who,
                business_name=vault.business_name,
                vault_id=vault.vault_id,
                signature_png=signature,
            )
            return path

        self._start_printing(render, self.tr("Receipt saved to %1"))

    def _start_printing(self, render: Any, done_text: str) -> None:
        self.printing = True
        self._update_buttons()
        self.message.setText(self.tr("Writing the PDF…"))

        def done(path: str) -> None:
            self.printing = False
            self._update_buttons()
            self.message.setText(done_text.replace("%1", path))
            self.host.show_message(done_text.replace("%1", path))

        def failed(error: BaseException) -> None:
            self.printing = False
            self._update_buttons()
            self.message.setText(self.tr("The PDF was not written: %1").replace("%1", describe(error)))

        self.host.runner.run(render, on_result=done, on_error=failed, vault=self.host.vault, parent=self)


class PrintFormDialog(QDialog):
    """Which notice (its current version), which language(s), and whether the form names the
    customer (its reference and QR code then tie a signed copy to them) or is blank."""

    def __init__(self, texts: list[consent.TextVersion], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printFormDialog")
        self.setWindowTitle(self.tr("Print a consent form"))
        language = label_language()
        self.text_combo = QComboBox()
        self.text_combo.setObjectName("formText")
        for notice in texts:
            self.text_combo.addItem(f"{notice.title(language)}  ({notice.key} v{notice.version})", notice)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("formLanguage")
        self.language_combo.addItem(self.tr("Chinese and English"), "both")
        self.language_combo.addItem(self.tr("Chinese"), "zh")
        self.language_combo.addItem(self.tr("English"), "en")
        self.addressed = QCheckBox(self.tr("Print the customer's name and number on it"))
        self.addressed.setObjectName("formAddressed")
        self.addressed.setToolTip(
            self.tr("Unticked: a blank form, tied by its reference to the notice version only")
        )
        self.addressed.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Notice:"), self.text_combo)
        form.addRow(self.tr("Language:"), self.language_combo)
        form.addRow("", self.addressed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("printOk")
        self.ok_button.setText(self.tr("Save as PDF…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.ok_button)
        self.resize(480, 0)

    def chosen_text(self) -> consent.TextVersion:
        return self.text_combo.currentData()

    def chosen_language(self) -> str:
        return self.language_combo.currentData()
