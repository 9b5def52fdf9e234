"""File → Export…, Tools → Partners… and Customers → Shared with…: exports and the partner
register join the main window as a feature.

Export is offered to roles with the 'export' permission; the register to those that may export
or manage partners (it is where an exporter picks a recipient); "Shared with" to those that may
read the record of exports (app/exporting/record.py). The core checks each again on every call.
"""

from __future__ import annotations

from app.exporting.record import READ_PERMISSIONS
from ui.export_wizard import ExportWizard
from ui.feature import Feature, FeatureAction, Host, Section
from ui.partners_dialog import PartnersDialog, SharedWithDialog


class ExportFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_export = self.add_action(
            "actionExport", Section.FILE_DATA, self.open_export, permission="export"
        )
        self.action_partners = self.add_action("actionPartners", Section.TOOLS_RECORDS, self.open_partners)
        self.action_shared = self.add_action("actionSharedWith", Section.CUSTOMER, self.open_shared_with)

    def retranslate(self) -> None:
        self.action_export.setText(self.tr("&Export…"))
        self.action_export.setToolTip(self.tr("Export customers to a file, for a purpose, with a record"))
        self.action_partners.setText(self.tr("&Partners…"))
        self.action_partners.setToolTip(self.tr("The partner register: agreements and what each received"))
        self.action_shared.setText(self.tr("&Shared with…"))
        self.action_shared.setToolTip(self.tr("Every export and partner that included this customer"))

    def _may_open_partners(self) -> bool:
        return self.host.allows("export") or self.host.allows("manage_partners")

    def _may_read_sharing(self) -> bool:
        return any(self.host.allows(p) for p in READ_PERMISSIONS)

    def is_enabled(self, item: FeatureAction) -> bool:
        if item.action is self.action_partners:
            return self._may_open_partners()
        if item.action is self.action_shared:
            return self._may_read_sharing()
        return True

    def update_actions(self) -> None:
        """These two need one of several permissions: hidden, like any other, from a role that
        has none of them (the menus keep their shape while locked)."""
        super().update_actions()
        if not self.host.is_locked:
            self.action_partners.setVisible(self._may_open_partners())
            self.action_shared.setVisible(self._may_read_sharing())

    def open_export(self) -> ExportWizard | None:
        if not self.host.allows("export"):
            return None
        wizard = ExportWizard(
            self.host.vault,
            self.host.runner,
            self.host.window(),
            language=self.host.language(),
            search_text=self.host.search_text(),
            selected_ids=self.host.selected_customer_ids(),
        )
        wizard.finished.connect(wizard.deleteLater)
        self.host.open_dialog(wizard)
        return wizard

    def open_partners(self) -> PartnersDialog | None:
        if not (self.host.allows("export") or self.host.allows("manage_partners")):
            return None
        dialog = PartnersDialog(
            self.host.vault, self.host.runner, self.host.window(), language=self.host.language()
        )
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def open_shared_with(self) -> SharedWithDialog | None:
        customer_id = self.host.selected_customer_id()
        if customer_id is None or not any(self.host.allows(p) for p in READ_PERMISSIONS):
            return None
        dialog = SharedWithDialog(
            self.host.vault, self.host.runner, customer_id, self.host.window(), language=self.host.language()
        )
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
