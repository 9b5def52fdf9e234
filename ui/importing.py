"""File → Import customers… and File → Imports…: the import wizard joins the main window.

Offered to roles with the 'import customers' permission (owners and managers by default) and
on the empty list of a new vault, where importing is the usual first step; the core checks
the permission again on every call. After an import or an undo the customer list is read again.
"""

from __future__ import annotations

from ui.feature import Feature, Host, Section
from ui.import_wizard import ImportsDialog, ImportWizard


class ImportFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_import = self.add_action(
            "actionImport",
            Section.FILE_DATA,
            self.open_wizard,
            permission="import_customers",
            first_step=True,
        )
        self.action_imports = self.add_action(
            "actionImports", Section.FILE_DATA, self.open_imports, permission="import_customers"
        )

    def retranslate(self) -> None:
        self.action_import.setText(self.tr("&Import customers…"))
        self.action_import.setToolTip(self.tr("Import customers from a CSV, Excel or vCard file"))
        self.action_imports.setText(self.tr("Im&ports…"))
        self.action_imports.setToolTip(self.tr("See past imports and undo one"))

    def open_wizard(self) -> ImportWizard | None:
        if not self.host.allows("import_customers"):
            return None
        wizard = ImportWizard(self.host.vault, self.host.runner, self.host.window())
        wizard.imported.connect(lambda _id: self.host.reload_customers())
        wizard.undone.connect(lambda _id: self.host.reload_customers())
        wizard.finished.connect(wizard.deleteLater)
        self.host.open_dialog(wizard)
        return wizard

    def open_imports(self) -> ImportsDialog | None:
        if not self.host.allows("import_customers"):
            return None
        dialog = ImportsDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.undone.connect(lambda _id: self.host.reload_customers())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
