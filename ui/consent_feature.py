"""Consent joins the main window: Record consent… for the selected customer, and Tools → Notice texts….

Record consent… (Ctrl+Shift+C) opens the customer card at its Consent section and the record
dialog over it, for roles with 'record_consent'. Notice texts… is offered to roles that may
edit the policy ('edit_policy'); the core refuses anyone else a new text or version anyway.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from ui.consent_card import ConsentSection
from ui.consent_record import RecordConsentDialog
from ui.feature import Feature, Host, Section
from ui.notice_editor import NoticeTextsDialog


class ConsentFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_record = self.add_action(
            "actionRecordConsent",
            Section.CUSTOMER,
            self.record_for_selected,
            permission="record_consent",
            shortcuts=[QKeySequence("Ctrl+Shift+C")],
            offline=True,  # consent is collected at the customer's site, signature and all
        )
        self.action_texts = self.add_action(
            "actionNoticeTexts", Section.TOOLS_SETUP, self.open_texts, permission="edit_policy"
        )

    def retranslate(self) -> None:
        self.action_record.setText(self.tr("&Record consent…"))
        self.action_record.setToolTip(
            self.tr("Record the selected customer's consent on their card (Ctrl+Shift+C)")
        )
        self.action_texts.setText(self.tr("&Notice texts…"))
        self.action_texts.setToolTip(self.tr("Write and version the consent notices customers are shown"))

    def record_for_selected(self) -> RecordConsentDialog | None:
        customer_id = self.host.selected_customer_id()
        if customer_id is None or not self.host.allows("record_consent"):
            return None
        self.host.open_card(customer_id, ConsentSection)
        section = self.host.card.section(ConsentSection)
        if section is None or self.host.card.customer_id != customer_id:
            return None
        return section.open_record()

    def open_texts(self) -> NoticeTextsDialog | None:
        if not self.host.allows("edit_policy"):
            return None
        dialog = NoticeTextsDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
