"""Application settings, each declared once with its type, default and label.

Stored with QSettings (organisation "Custos"). Settings never hold customer data: only
preferences, the default vault folder and per-user column choices (field keys, not values).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings


def _tr(text: str) -> str:
    return QCoreApplication.translate("Settings", text)


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str  # untranslated source text; shown through _tr()

    def display_label(self) -> str:
        return _tr(self.label)


LANGUAGE = Setting(
    "ui/language", str, "system", QT_TRANSLATE_NOOP("Settings", "Language")
)  # "system", "zh_CN" or "en"
IDLE_LOCK_MINUTES = Setting(
    "security/idle_lock_minutes", int, 10, QT_TRANSLATE_NOOP("Settings", "Lock after idle minutes")
)
DEFAULT_VAULT = Setting(
    "vault/default_folder", str, "", QT_TRANSLATE_NOOP("Settings", "Default vault folder")
)
TABLE_DENSITY = Setting(
    "ui/table_density", str, "comfortable", QT_TRANSLATE_NOOP("Settings", "Table density")
)  # or "compact"
LAST_USER = Setting("vault/last_user", str, "", QT_TRANSLATE_NOOP("Settings", "Last signed-in user"))


class Settings:
    """Typed access to QSettings. Pass one instance to the windows that need it."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings("Custos", "Custos")

    def get(self, setting: Setting) -> Any:
        value = self._q.value(setting.key, setting.default)
        try:
            return setting.type(value)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting, value: Any) -> None:
        self._q.setValue(setting.key, setting.type(value))
        self._q.sync()

    def columns_for(self, vault_id: str, user: str) -> list[str] | None:
        """Visible column keys this user chose for this vault, or None for the default."""
        value = self._q.value(f"columns/{vault_id}/{user}")
        if not value:
            return None
        return [key for key in str(value).split(",") if key]

    def set_columns_for(self, vault_id: str, user: str, keys: list[str]) -> None:
        self._q.setValue(f"columns/{vault_id}/{user}", ",".join(keys))
        self._q.sync()

    def sync(self) -> None:
        self._q.sync()
