"""Tools → Field catalogue, Users, Roles and access: setting up the vault for a business.

Each action needs its permission (``edit_fields``, ``manage_users``, ``edit_policy``); the
dialogs go through the core, which checks it again. A change to fields, users or roles can
change what the signed-in role sees, so the window re-reads its access afterwards.
"""

from __future__ import annotations

from ui.feature import Feature, Host, Section
from ui.fields_dialog import FieldCatalogueDialog
from ui.roles_dialog import RolesDialog
from ui.users_dialog import UsersDialog


class AdministrationFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_fields = self.add_action(
            "actionFields", Section.TOOLS_SETUP, self.open_field_catalogue, permission="edit_fields"
        )
        self.action_users = self.add_action(
            "actionUsers", Section.TOOLS_SETUP, self.open_users, permission="manage_users"
        )
        self.action_roles = self.add_action(
            "actionRoles", Section.TOOLS_SETUP, self.open_roles, permission="edit_policy"
        )

    def retranslate(self) -> None:
        self.action_fields.setText(self.tr("&Field catalogue…"))
        self.action_users.setText(self.tr("&Users…"))
        self.action_roles.setText(self.tr("&Roles and access…"))

    def open_field_catalogue(self) -> FieldCatalogueDialog | None:
        if not self.host.allows("edit_fields"):
            return None
        dialog = FieldCatalogueDialog(self.host.vault, self.host.window())
        dialog.catalogue_changed.connect(self._access_changed)
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def open_users(self) -> UsersDialog | None:
        if not self.host.allows("manage_users"):
            return None
        dialog = UsersDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.users_changed.connect(self._access_changed)
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def open_roles(self) -> RolesDialog | None:
        if not self.host.allows("edit_policy"):
            return None
        dialog = RolesDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.policy_changed.connect(self._access_changed)
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def _access_changed(self) -> None:
        # A new or reclassified field, or a changed role, gets each role's level at once.
        if not self.host.is_locked:
            self.host.refresh_access()
