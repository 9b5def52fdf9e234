"""File → Export… and Tools → Partners…: exports and the partner register join the main window
as a feature. A customer's "Shared with" is a section of the customer card (ui/card_sections.py).

Export is offered to roles with the 'export' permission; the register to those that may export
or manage partners (it is where an exporter picks a recipient). The core checks each again on
every call.
"""

from __future__ import annotations

from ui.export_wizard import ExportWizard
from ui.feature import Feature, FeatureAction, Host, Section
from ui.partners_dialog import PartnersDialog


class ExportFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_export = self.add_action(
            "actionExport", Section.FILE_DATA, self.open_export, permission="export"
        )
        self.action_partners = self.add_action("actionPartners", Section.TOOLS_RECORDS, self.open_partners)

    def retranslate(self) -> None:
        self.action_export.setText(self.tr("&Export…"))
        self.action_export.setToolTip(self.tr("Export customers to a file, for a purpose, with a record"))
        self.action_partners.setText(self.tr("&Partners…"))
        self.action_partners.setToolTip(self.tr("The partner register: agreements and what each received"))

    def _may_open_partners(self) -> bool:
        return self.host.allows("export") or self.host.allows("manage_partners")

    def is_enabled(self, item: FeatureAction) -> bool:
        if item.action is self.action_partners:
            return self._may_open_partners()
        return True

    def update_actions(self) -> None:
        """The register needs one of two permissions: hidden, like any other action, from a role
        that has neither (the menus keep their shape while locked)."""
        super().update_actions()
        if not self.host.is_locked:
            self.action_partners.setVisible(self._may_open_partners())

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
        if not self._may_open_partners():
            return None
        dialog = PartnersDialog(
            self.host.vault, self.host.runner, self.host.window(), language=self.host.language()
        )
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
