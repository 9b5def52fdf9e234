"""Translated names of roles, field levels and permissions (the core's names are keys).

The core names roles, levels and permissions with lower-case keys (``sales``, ``masked``,
``manage_users``). These dicts list their display names with QT_TRANSLATE_NOOP so lupdate
collects them; ``role_label`` and friends translate at the moment of display, so a language
switch takes effect on the next repaint. A custom role is shown by its own name.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Access"

ROLE_NAMES = {
    "owner": QT_TRANSLATE_NOOP("Access", "Owner"),
    "manager": QT_TRANSLATE_NOOP("Access", "Manager"),
    "sales": QT_TRANSLATE_NOOP("Access", "Sales"),
    "service": QT_TRANSLATE_NOOP("Access", "Customer service"),
    "field": QT_TRANSLATE_NOOP("Access", "Field staff"),
    "auditor": QT_TRANSLATE_NOOP("Access", "Auditor"),
}

LEVEL_NAMES = {
    "hidden": QT_TRANSLATE_NOOP("Access", "Hidden"),
    "masked": QT_TRANSLATE_NOOP("Access", "Masked"),
    "read": QT_TRANSLATE_NOOP("Access", "Read only"),
    "write": QT_TRANSLATE_NOOP("Access", "Read and edit"),
}

PERMISSION_NAMES = {
    "manage_users": QT_TRANSLATE_NOOP("Access", "Manage users"),
    "edit_policy": QT_TRANSLATE_NOOP("Access", "Edit roles and access"),
    "edit_fields": QT_TRANSLATE_NOOP("Access", "Edit the field catalogue"),
    "export": QT_TRANSLATE_NOOP("Access", "Export customer data"),
    "manage_partners": QT_TRANSLATE_NOOP("Access", "Manage the partner register"),
    "backup": QT_TRANSLATE_NOOP("Access", "Make backups"),
    "restore": QT_TRANSLATE_NOOP("Access", "Restore backups"),
    "manage_backups": QT_TRANSLATE_NOOP("Access", "Manage backup schedule and pruning"),
    "view_audit": QT_TRANSLATE_NOOP("Access", "View the audit log"),
    "check_vault": QT_TRANSLATE_NOOP("Access", "Check the vault's integrity"),
    "handle_requests": QT_TRANSLATE_NOOP("Access", "Handle customers' requests"),
    "delete_customers": QT_TRANSLATE_NOOP("Access", "Delete customers"),
    "erase_customers": QT_TRANSLATE_NOOP("Access", "Erase customers for good"),
    "apply_retention": QT_TRANSLATE_NOOP("Access", "Review and apply retention rules"),
    "merge_customers": QT_TRANSLATE_NOOP("Access", "Merge duplicate customers"),
    "reveal": QT_TRANSLATE_NOOP("Access", "Reveal masked values"),
}

STATUS_NAMES = {
    "active": QT_TRANSLATE_NOOP("Access", "Active"),
    "disabled": QT_TRANSLATE_NOOP("Access", "Disabled"),
}


def _translate(names: dict[str, str], key: str) -> str:
    source = names.get(key)
    return QCoreApplication.translate(CONTEXT, source) if source else key


def role_label(role: str) -> str:
    """A built-in role's translated name; a custom role's own name."""
    return _translate(ROLE_NAMES, role.lower())


def level_label(level: str) -> str:
    return _translate(LEVEL_NAMES, level)


def permission_label(permission: str) -> str:
    return _translate(PERMISSION_NAMES, permission)


def status_label(status: str) -> str:
    return _translate(STATUS_NAMES, status)


def join_names(names: Iterable[str]) -> str:
    """A list of names in a sentence: "Name, Phone, Email" (、 in Chinese)."""
    return QCoreApplication.translate("Access", ", ").join(names)
