"""Tools → Merge duplicates…: the merge tool joins the main window as a feature.

Offered to roles with the 'merge customers' permission (owners and managers by default);
the core checks it again on every listing and merge. After a merge the customer list is
read again, since one record left it.
"""

from __future__ import annotations

from ui.feature import Feature, Host, Section
from ui.merge_dialog import MergeDialog


class DuplicatesFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_merge = self.add_action(
            "actionMergeDuplicates", Section.TOOLS_RECORDS, self.open_merge, permission="merge_customers"
        )

    def retranslate(self) -> None:
        self.action_merge.setText(self.tr("&Merge duplicates…"))
        self.action_merge.setToolTip(self.tr("Find customers recorded twice and merge them"))

    def open_merge(self) -> MergeDialog | None:
        if not self.host.allows("merge_customers"):
            return None
        dialog = MergeDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.merged.connect(lambda _kept_id: self.host.reload_customers())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
