"""Which catalogue fields show as columns of the customer table, chosen per vault and user.

The choice is stored in the settings as field keys (never values) under the vault's id and the
user's name, so two people sharing a PC, or one person with two vaults, each keep their own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.fields import Catalogue, FieldDef
from ui.enter_key import PrimaryButton
from ui.settings import Settings

DEFAULT_COLUMNS = ("name", "phone", "email", "company", "tags")


def visible_fields(
    catalogue: Catalogue,
    settings: Settings,
    vault_id: str,
    user: str,
    allowed: Collection[str] | None = None,
) -> list[FieldDef]:
    """The active fields this user shows as columns, in catalogue order (defaults if none chosen).

    ``allowed`` is the set of field keys the user's role may see (``access.visible_fields``):
    a field outside it is never a column, whatever was chosen before the policy changed.
    """
    active = [f for f in catalogue.active() if allowed is None or f.key in allowed]
    chosen = settings.columns_for(vault_id, user) or list(DEFAULT_COLUMNS)
    fields = [f for f in active if f.key in chosen]
    if not fields:  # every chosen field was retired (or hidden) since: fall back to the defaults
        fields = [f for f in active if f.key in DEFAULT_COLUMNS] or active[: len(DEFAULT_COLUMNS)]
    return fields


class ColumnChooser(QDialog):
    """A checkable list of the active fields; ``chosen_keys()`` after it is accepted."""

    def __init__(
        self,
        fields: Sequence[FieldDef],
        visible: Sequence[str],
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("columnChooser")
        self.setWindowTitle(self.tr("Columns"))
        self._fields = list(fields)

        intro = QLabel(self.tr("Choose the fields shown as columns in the customer list."))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("columnList")
        self.list.setStyleSheet("QListWidget::item { padding: 3px 4px; }")
        for field in self._fields:
            item = QListWidgetItem(field.label(language))
            item.setData(Qt.ItemDataRole.UserRole, field.key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if field.key in visible else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._update_ok)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        defaults = QPushButton(self.tr("Restore defaults"))
        defaults.setObjectName("restoreDefaults")
        defaults.clicked.connect(self.restore_defaults)
        self.buttons.addButton(defaults, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.resize(380, 440)
        self._update_ok()

    def chosen_keys(self) -> list[str]:
        """Checked field keys in catalogue order."""
        return [
            self.list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, key: str, checked: bool) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def restore_defaults(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in DEFAULT_COLUMNS
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _update_ok(self, *_args: object) -> None:
        # A table without columns would look empty, as if the vault had lost its customers.
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen_keys()))
